using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Public.Web.Api;
using Public.Web.Contract;
using Public.Web.Serving;

namespace Public.Web.Push;

/// <summary>
/// <c>GET /api/v1/stream</c> (server-sent events, public) and <c>GET /api/v1/webhooks/deliveries</c> (the delivery
/// log, operator only), with the services behind them.
/// </summary>
internal static class PushApi
{
    public const string StreamPath = "/api/v1/stream";
    public const string DeliveriesPath = "/api/v1/webhooks/deliveries";

    public static void AddPush(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<PushOptions>(builder.Configuration.GetSection("Push"));
        services.AddOptions<WebhookOptions>().Bind(builder.Configuration.GetSection("Webhooks")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>();
        services.Configure<WebSubOptions>(builder.Configuration.GetSection("WebSub"));
        services.AddSingleton<StoreChanges>();
        services.AddSingleton<PushHub>();
        services.AddHostedService(sp => sp.GetRequiredService<PushHub>());
        services.AddSingleton<DeliveryStore>();
        services.AddSingleton<DeliveryWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<DeliveryWorker>());
    }

    public static void MapPushApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(StreamPath, StreamAsync).WithName("Stream").WithTags(OpenApiTags.Feeds)
            .WithSummary("数据变更事件流（SSE）Server-sent events when the published data change: data, warning, penalty, plan-progress")
            .WithDescription("text/event-stream；每个事件带 id，断线重连时以 Last-Event-ID 续传。Each event has an id; reconnect with Last-Event-ID to get what was missed. " +
                             "Query `types` (comma-separated) selects event types.")
            .Answers("text/event-stream", "服务器发送事件 / Server-sent events")
            // A stream is neither a cacheable answer nor bounded by the request timeout.
            .NotCachedAsData()
            .DisableRequestTimeout();
        routes.MapGet(DeliveriesPath, Deliveries).WithName("WebhookDeliveries").NotCachedAsData()
            // Operator only (a bearer key): not part of the public contract.
            .ExcludeFromDescription();
    }

    private static async Task StreamAsync(HttpContext context, PushHub hub, IOptions<PushOptions> options, IHostApplicationLifetime lifetime)
    {
        var request = context.Request;
        var response = context.Response;
        var types = request.Query["types"].ToString();
        HashSet<string>? wanted = null;
        if (types.Length > 0)
        {
            wanted = [.. types.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
            if (wanted.FirstOrDefault(t => !PushEventTypes.All.Contains(t, StringComparer.Ordinal)) is { } unknown)
            {
                await Problems.BadParameter(new BadParameterException("types", $"unknown event type '{unknown}'; types is a comma-separated list of {string.Join(", ", PushEventTypes.All)}"))
                    .ExecuteAsync(context);
                return;
            }
        }

        // EventSource sends the header on reconnects; a query parameter serves clients that cannot set headers.
        var lastText = request.Headers["Last-Event-ID"].ToString() is { Length: > 0 } header ? header : request.Query["lastEventId"].ToString();
        (long, int)? last = null;
        if (lastText.Length > 0)
        {
            if (!PushEvent.TryParseId(lastText, out var parsed))
            {
                await Problems.BadParameter(new BadParameterException("Last-Event-ID", $"'{lastText}' is not an event id of this stream (batch.n, e.g. 17.0)"))
                    .ExecuteAsync(context);
                return;
            }

            last = parsed;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        await hub.Ready.WaitAsync(stop.Token);
        var (missed, gap, live, subscription) = hub.Subscribe(last);
        using (subscription)
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "text/event-stream; charset=utf-8";
            response.Headers.CacheControl = "no-cache, no-store";
            // nginx and similar proxies: pass events through as they come.
            response.Headers["X-Accel-Buffering"] = "no";
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            var heartbeat = TimeSpan.FromSeconds(Math.Max(1, options.Value.HeartbeatSeconds));
            try
            {
                await WriteAsync(response, $"retry: 5000\n: 锦州蓝天公开数据 event stream; heartbeat every {heartbeat.TotalSeconds:F0} s\n\n", stop.Token);
                if (gap)
                {
                    await WriteAsync(response, "event: reset\ndata: {\"reason\":\"Last-Event-ID is older than the backlog kept; reload the data you show\"}\n\n", stop.Token);
                }

                foreach (var e in missed)
                {
                    await WriteEventAsync(response, e, wanted, stop.Token);
                }

                while (!stop.IsCancellationRequested)
                {
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                    wait.CancelAfter(heartbeat);
                    try
                    {
                        if (!await live.WaitToReadAsync(wait.Token))
                        {
                            // The hub closed a client that could not keep up: it reconnects with Last-Event-ID.
                            return;
                        }

                        while (live.TryRead(out var e))
                        {
                            await WriteEventAsync(response, e, wanted, stop.Token);
                        }
                    }
                    catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                    {
                        await WriteAsync(response, ": heartbeat " + DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture) + "\n\n", stop.Token);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The client went away, or the server is stopping.
            }
            catch (IOException)
            {
            }
        }
    }

    private static Task WriteEventAsync(HttpResponse response, PushEvent e, HashSet<string>? wanted, CancellationToken token) =>
        wanted is null || wanted.Contains(e.Type)
            ? WriteAsync(response, "id: " + e.Id + "\nevent: " + e.Type + "\ndata: " + e.Json + "\n\n", token)
            : Task.CompletedTask;

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken token)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), token);
        await response.Body.FlushAsync(token);
    }

    private static IResult Deliveries(HttpContext context, DeliveryStore store, MetaFactory meta, IOptions<WebhookOptions> options, string? status, string? page, string? limit)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (options.Value.OperatorKey is not { Length: > 0 } key)
        {
            // Off unless the operator configured a key: the route does not exist.
            return Problems.NotFound(new NotFoundException("path", "the delivery log is off (no Webhooks:OperatorKey configured)"));
        }

        var auth = context.Request.Headers.Authorization.ToString();
        var given = auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? auth["Bearer ".Length..].Trim() : "";
        if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(key))))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"webhook deliveries\"";
            return TypedResults.Problem(title: "需要运维密钥 / Operator key required",
                detail: "send the operator key (Webhooks:OperatorKey) as Authorization: Bearer <key>", statusCode: StatusCodes.Status401Unauthorized);
        }

        return Problems.Guard(() =>
        {
            if (status is not (null or DeliveryStore.Pending or DeliveryStore.Delivered or DeliveryStore.Failed))
            {
                throw new BadParameterException("status", $"'{status}' is not pending, delivered or failed");
            }

            var (p, l) = QueryParameters.Paging(page, limit);
            var (rows, found) = store.List(status, (p - 1) * l, l);
            return Results.Ok(new ListResponse<DeliveryDto>(meta.Create(p, l, found), rows));
        });
    }
}
