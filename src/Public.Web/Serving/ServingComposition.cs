using System.IO.Compression;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;
using Prometheus;
using Public.Web.Contract;
using Public.Web.Infrastructure;

namespace Public.Web.Serving;

[Resource("Readiness", "就绪状态", "Whether the server can serve: the store (required) and Redis (optional) (GET /readyz).")]
public sealed record ReadinessDto(
    [property: Field("状态", "ready when the store answers, else not ready.", Values = ["ready", "not ready"])] string Status,
    [property: Field("数据库", "The store.")] StoreReadinessDto Store,
    [property: Field("Redis", "The Redis cache (never fatal).")] RedisReadinessDto Redis,
    [property: Field("定时导入", "Each configured source of scheduled ingestion: last success, last failure with its reason, data lag (never fatal); empty when none is configured.")] IReadOnlyList<Ingest.IngestSourceStateDto>? Ingest = null);

[Resource("StoreReadiness", "数据库状态", "Whether the store answers, and the data version it serves.")]
public sealed record StoreReadinessDto(
    [property: Field("可访问", "Whether the store answers.")] bool Reachable,
    [property: Field("数据版本", "Number of the data version served; null when unreachable.")] long? DataVersion,
    [property: Field("数据版本时间", "When that version was committed; null when unreachable.")] DateTimeOffset? DataVersionAt,
    [property: Field("错误", "Why the store does not answer; null when it does.")] string? Error,
    [property: Field("只读副本", "The PostgreSQL read replicas (ConnectionStrings:PostgresRead) and how reads went to them since start (never fatal: the primary answers when they cannot); null when none is configured.")] ReplicaReadinessDto? Replicas = null);

[Resource("ReplicaReadiness", "只读副本状态", "The read replicas: whether reads go to them now, and counts since the server started.")]
public sealed record ReplicaReadinessDto(
    [property: Field("可用", "False while reads are kept off the replicas after a failure (Store:ReplicaRetrySeconds), else true.")] bool Available,
    [property: Field("副本读取", "Reads answered by a replica since start.")] long Reads,
    [property: Field("落后改用主库", "Reads sent to the primary because no replica had replayed the data version they need within Store:ReplicaWaitMilliseconds.")] long Lagging,
    [property: Field("故障", "Replica connections or reads that failed (the read went, or was re-run, on the primary).")] long Failures,
    [property: Field("最近故障", "The last replica failure's message; null while none happened.")] string? LastFailure,
    [property: Field("最近故障时间", "When the last replica failure happened (UTC); null while none happened.")] DateTimeOffset? LastFailureAt);

[Resource("RedisReadiness", "Redis 状态", "State of the Redis connection.")]
public sealed record RedisReadinessDto(
    [property: Field("状态", "Connection state.", Values = ["connected", "disconnected", "degraded", "not configured"])] string State,
    [property: Field("地址", "The endpoint connected to; null when not configured.")] string? Endpoint);

/// <summary>
/// The production serving path as three calls for <see cref="Composition"/>: services, the edge of the pipeline
/// (security headers, metrics, rate limits, compression) and the data cache after routing. Every feature's
/// routes get all of it by path (see <see cref="ServingOptions.CachedPaths"/>) without any code of their own.
/// </summary>
internal static class ServingComposition
{
    public static void AddServing(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<ServingOptions>(builder.Configuration.GetSection("Serving"));
        services.Configure<RateLimitingOptions>(builder.Configuration.GetSection("RateLimiting"));
        services.AddSingleton<RedisConnection>();
        services.AddSingleton<DataVersionMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<DataVersionMonitor>());
        services.AddSingleton<ResponseCache>();
        services.AddSingleton<FreshnessPolicy>();
        services.AddSingleton<ServingMetrics>();
        services.AddSingleton<ClientRateLimiter>();

        // Compression of what the data cache does not answer itself (pages, Swagger UI, errors). Enabled for
        // HTTPS too: the answers are public data, with no secret or cookie for a BREACH-style attack to find.
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = [.. ResponseCompressionDefaults.MimeTypes, "text/csv", "application/problem+json", "image/svg+xml"];
        });
        // These are compressed per request, not once per data version: favour speed.
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);

        var serving = builder.Configuration.GetSection("Serving").Get<ServingOptions>() ?? new ServingOptions();
        services.AddRequestTimeouts(o => o.DefaultPolicy = new RequestTimeoutPolicy
        {
            Timeout = TimeSpan.FromSeconds(serving.RequestTimeoutSeconds),
            TimeoutStatusCode = StatusCodes.Status504GatewayTimeout,
        });
        builder.WebHost.ConfigureKestrel(o =>
        {
            // No version banner for scanners.
            o.AddServerHeader = false;
            o.Limits.MaxRequestBodySize = serving.MaxRequestBodyBytes;
            o.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            o.Limits.MaxRequestLineSize = 8 * 1024;
            o.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
        });
    }

    /// <summary>Before the exception handler: headers on every answer, metrics of every answer (500s included), limits before any work.</summary>
    public static void UseServingEdge(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseHttpMetrics(o => o.SetMetricFactory(Metrics.WithCustomRegistry(app.Services.GetRequiredService<ServingMetrics>().Registry)));
    }

    /// <summary>After the exception handler, before routing.</summary>
    public static void UseServingLimits(this WebApplication app)
    {
        app.UseMiddleware<RateLimitMiddleware>();
        app.UseResponseCompression();
    }

    /// <summary>After routing (endpoint metadata is known), before the endpoints.</summary>
    public static void UseServingCache(this WebApplication app)
    {
        app.UseRequestTimeouts();
        // Outside the data cache, so that a read re-run on the primary is what the cache keeps.
        app.UseMiddleware<ReplicaReadsMiddleware>();
        app.UseMiddleware<DataCacheMiddleware>();
    }

    public static void MapServingEndpoints(this WebApplication app)
    {
        app.MapGet("/healthz", () => Results.Text("ok")).WithName("Health").WithTags("Operations").ExcludeFromDescription();
        app.MapGet("/readyz", Ready).WithName("Ready").WithTags("Operations").ExcludeFromDescription();
        app.MapMetrics("/metrics", app.Services.GetRequiredService<ServingMetrics>().Registry);
    }

    /// <summary>The store must answer; Redis is reported but never makes the replica unready (it answers from the store without it).</summary>
    private static IResult Ready(Database database, RedisConnection redis, Ingest.IngestStatus ingest)
    {
        StoreReadinessDto store;
        try
        {
            var version = database.ReadDataVersion();
            store = new StoreReadinessDto(true, version.Number, version.At, null, Replicas(database));
        }
        catch (Exception e) when (e is System.Data.Common.DbException or IOException or InvalidOperationException or TimeoutException)
        {
            store = new StoreReadinessDto(false, null, null, e.Message, Replicas(database));
        }

        var body = new ReadinessDto(store.Reachable ? "ready" : "not ready", store, new RedisReadinessDto(redis.State, redis.Endpoint),
            store.Reachable ? ingest.Sources() : []);
        return Results.Json(body, statusCode: store.Reachable ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private static ReplicaReadinessDto? Replicas(Database database) => database.Replicas is { } replicas
        ? new ReplicaReadinessDto(replicas.Available, replicas.Reads, replicas.Lagging, replicas.Failures, replicas.LastFailure, replicas.LastFailureAt)
        : null;

    /// <summary>
    /// For processes that write without serving (the import verb): tells the replicas at once, when Redis is
    /// configured, instead of leaving them to find the new version by polling.
    /// </summary>
    public static void AnnounceDataVersion(IServiceProvider services)
    {
        var redis = services.GetRequiredService<RedisConnection>();
        if (!redis.Configured)
        {
            return;
        }

        var timeout = TimeSpan.FromMilliseconds(services.GetRequiredService<IOptions<ServingOptions>>().Value.RedisTimeoutMilliseconds * 8);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!redis.IsConnected && waited.Elapsed < timeout)
        {
            Thread.Sleep(25);
        }

        DataVersionMonitor.Announce(redis, services.GetRequiredService<Database>().ReadDataVersion(), wait: true);
    }
}
