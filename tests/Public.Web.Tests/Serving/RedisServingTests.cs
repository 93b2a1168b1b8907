using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Serving;

/// <summary>Tests that start their own redis-server: run one at a time, apart from the rest (they kill and freeze servers).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RedisTestGroup
{
    public const string Name = "Redis";
}

internal static class RedisApps
{
    public const string Day = "date,hour,type,1767A,1768A\n20190301,1,PM2.5,35,40\n20190301,1,AQI,50,56\n";

    public static PublicWebApp Start(RedisServer? redis, string? databasePath = null, string? connectionString = null, Dictionary<string, string>? extra = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:Redis"] = connectionString ?? redis!.ConnectionString,
            // The machine is shared and busy: a Redis call slower than the production 250 ms would fall back to the
            // store and blur what these tests look at. The tests of timeouts set it back.
            ["Serving:RedisTimeoutMilliseconds"] = "2000",
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        return new PublicWebApp(databasePath: databasePath, settings: settings);
    }

    public static async Task<HttpResponseMessage> GetAsync(this PublicWebApp app, string url) =>
        await app.Client.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);

    public static async Task<string> RedisStateAsync(this PublicWebApp app) =>
        (await app.Client.GetJsonAsync("/readyz")).GetProperty("redis").Str("state");

    /// <summary>Polls until <paramref name="condition"/> holds; returns how long that took, or fails after <paramref name="limit"/>.</summary>
    public static async Task<TimeSpan> EventuallyAsync(Func<Task<bool>> condition, TimeSpan limit, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(waited.Elapsed < limit, $"{what}: not within {limit.TotalSeconds} s");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        return waited.Elapsed;
    }
}

[Collection(RedisTestGroup.Name)]
public sealed class CacheRedisTests
{
    private const string Url = "/api/v1/stations/1767A/hourly?from=2019-03-01&to=2019-03-01";

    [Fact]
    public async Task AnAnswerComputedByOneReplicaIsAHitFromRedisOnTheOther()
    {
        using var redis = new RedisServer();
        using var a = RedisApps.Start(redis);
        a.Import(a.WriteText("day.csv", RedisApps.Day));
        using var b = RedisApps.Start(redis, a.DatabasePath);
        await RedisApps.EventuallyAsync(async () => await a.RedisStateAsync() == "connected" && await b.RedisStateAsync() == "connected",
            TimeSpan.FromSeconds(10), "both replicas connect");

        using var first = await a.GetAsync(Url);
        Assert.Equal("miss", HttpCachingTests.Header(first, "X-Cache"));
        // The write to Redis is fire-and-forget: wait until it has landed.
        await RedisApps.EventuallyAsync(() => Task.FromResult(redis.DbSize() > 0), TimeSpan.FromSeconds(5), "answer stored in Redis");
        using var second = await b.GetAsync(Url);

        Assert.Equal("hit", HttpCachingTests.Header(second, "X-Cache"));
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        var metrics = await b.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Contains("jinzhou_cache_requests_total{result=\"hit\",tier=\"redis\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("jinzhou_redis_connected 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnImportThroughOneReplicaReachesTheOtherThroughPubSubWithinASecond()
    {
        using var redis = new RedisServer();
        using var a = RedisApps.Start(redis);
        a.Import(a.WriteText("day.csv", RedisApps.Day));
        // b never polls the store by itself here: only the Redis message can tell it.
        using var b = RedisApps.Start(redis, a.DatabasePath, extra: new() { ["Serving:VersionPollMilliseconds"] = "600000" });
        await RedisApps.EventuallyAsync(async () => await b.RedisStateAsync() == "connected", TimeSpan.FromSeconds(10), "b connects");
        await Task.Delay(300, TestContext.Current.CancellationToken); // b has subscribed (its first tick)
        using var before = await b.GetAsync(Url);
        using var cached = await b.GetAsync(Url);
        Assert.Equal("hit", HttpCachingTests.Header(cached, "X-Cache"));

        a.Import(a.WriteText("fix.csv", "date,hour,type,1767A\n20190301,1,PM2.5,36\n"));
        var took = await RedisApps.EventuallyAsync(async () =>
        {
            using var now = await b.GetAsync(Url);
            return now.Headers.ETag?.Tag != before.Headers.ETag?.Tag;
        }, TimeSpan.FromSeconds(1), "b serves the import");

        using var after = await b.GetAsync(Url);
        var body = await after.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(body.Contains("\"value\":36", StringComparison.Ordinal), body + string.Join(";", after.Headers.Select(h => h.Key + "=" + string.Join(",", h.Value))));
        Assert.True(took < TimeSpan.FromSeconds(1), $"took {took.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task AnImportByTheCliProcessReachesARunningReplicaThroughPubSubWithinASecond()
    {
        using var redis = new RedisServer();
        // The replica never polls the store here: only the import process's message can tell it.
        using var app = RedisApps.Start(redis, extra: new() { ["Serving:VersionPollMilliseconds"] = "600000" });
        await RedisApps.EventuallyAsync(async () => await app.RedisStateAsync() == "connected", TimeSpan.FromSeconds(10), "app connects");
        await Task.Delay(300, TestContext.Current.CancellationToken);
        using var before = await app.GetAsync(Url);
        Assert.Equal(0, JsonFound(await before.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)));

        var file = app.WriteText("cli.csv", RedisApps.Day);
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Public.Web.dll"), "import", "cnemc", file, "--db", app.DatabasePath })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ConnectionStrings__Redis"] = redis.ConnectionString;
        using (var process = Process.Start(start)!)
        {
            var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.True(process.ExitCode == 0, await output + await errors);
        }

        await RedisApps.EventuallyAsync(async () =>
        {
            using var now = await app.GetAsync(Url);
            return JsonFound(await now.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)) == 1;
        }, TimeSpan.FromSeconds(1), "the replica serves the CLI's import");
    }

    private static int JsonFound(string body) =>
        System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("meta").GetProperty("found").GetInt32();

    [Fact]
    public async Task RedisKilledDuringALoadOfRequestsGivesNoServerErrorAndIsUsedAgainWhenBack()
    {
        using var redis = new RedisServer();
        using var app = RedisApps.Start(redis, extra: new() { ["RateLimiting:PermitPerMinute"] = "100000", ["Serving:RedisTimeoutMilliseconds"] = "250" });
        app.Import(app.WriteText("day.csv", RedisApps.Day));
        await RedisApps.EventuallyAsync(async () => await app.RedisStateAsync() == "connected", TimeSpan.FromSeconds(10), "app connects");

        var statuses = new ConcurrentBag<HttpStatusCode>();
        var slowest = TimeSpan.Zero;
        var load = Stopwatch.StartNew();
        async Task ClientAsync(int client)
        {
            var n = 0;
            while (load.Elapsed < TimeSpan.FromSeconds(4))
            {
                // Hits, and misses that must go to Redis first (a different day each time). The limit varies the key too,
                // within the series maximum of 10,000: an idle machine sends more than 10,000 requests per client.
                var url = n++ % 2 == 0 ? Url : $"/api/v1/city/daily?from=2019-02-{1 + (n % 28):00}&to=2019-03-{1 + (client % 5):00}&limit={1 + (n % 9999)}";
                var one = Stopwatch.StartNew();
                using var response = await app.GetAsync(url);
                statuses.Add(response.StatusCode);
                lock (statuses)
                {
                    slowest = one.Elapsed > slowest ? one.Elapsed : slowest;
                }
            }
        }

        var clients = Enumerable.Range(0, 4).Select(ClientAsync).ToList();
        await Task.Delay(1_500, TestContext.Current.CancellationToken);
        redis.Kill();
        await Task.WhenAll(clients);

        Assert.True(statuses.Count > 100, $"only {statuses.Count} requests");
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.True(slowest < TimeSpan.FromSeconds(2), $"slowest request took {slowest.TotalMilliseconds} ms");
        using var ready = await app.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("disconnected", await app.RedisStateAsync());

        redis.Start();
        await RedisApps.EventuallyAsync(async () => await app.RedisStateAsync() == "connected", TimeSpan.FromSeconds(15), "app reconnects by itself");
        using var fresh = await app.GetAsync("/api/v1/city/daily?from=2019-03-01&to=2019-03-01&limit=7");
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        await RedisApps.EventuallyAsync(() => Task.FromResult(redis.DbSize() > 0), TimeSpan.FromSeconds(5), "answers stored in Redis again");
    }

    [Fact]
    public async Task RedisDownAtStartDelaysNothingAndIsPickedUpWhenItComes()
    {
        var port = RedisServer.FreePort();
        using var app = RedisApps.Start(null, connectionString: $"127.0.0.1:{port}", extra: new() { ["Serving:RedisTimeoutMilliseconds"] = "250" });
        app.Import(app.WriteText("day.csv", RedisApps.Day));

        var watch = Stopwatch.StartNew();
        using var response = await app.GetAsync(Url);
        using var ready = await app.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed.TotalMilliseconds} ms");
        Assert.Equal("disconnected", await app.RedisStateAsync());

        using var redis = new RedisServer(port);
        await RedisApps.EventuallyAsync(async () => await app.RedisStateAsync() == "connected", TimeSpan.FromSeconds(20), "app connects once Redis is up");
    }

    [Fact]
    public async Task AFrozenRedisHoldsNoRequestLongerThanItsTimeout()
    {
        using var redis = new RedisServer();
        using var app = RedisApps.Start(redis, extra: new() { ["Serving:RedisTimeoutMilliseconds"] = "250" });
        app.Import(app.WriteText("day.csv", RedisApps.Day));
        await RedisApps.EventuallyAsync(async () => await app.RedisStateAsync() == "connected", TimeSpan.FromSeconds(10), "app connects");

        redis.Pause();
        try
        {
            for (var i = 1; i <= 5; i++)
            {
                var watch = Stopwatch.StartNew();
                using var response = await app.GetAsync($"/api/v1/city/daily?from=2019-03-01&to=2019-03-0{i}");
                Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1.5), $"request {i} took {watch.Elapsed.TotalMilliseconds} ms");
            }
        }
        finally
        {
            redis.Resume();
        }
    }
}

[Collection(RedisTestGroup.Name)]
public sealed class RateLimitRedisTests
{
    [Fact]
    public async Task TwoReplicasShareOneLimitThroughRedis()
    {
        using var redis = new RedisServer();
        var limit = new Dictionary<string, string> { ["RateLimiting:PermitPerMinute"] = "5" };
        using var a = RedisApps.Start(redis, extra: limit);
        using var b = RedisApps.Start(redis, extra: limit);
        await RedisApps.EventuallyAsync(async () => await a.RedisStateAsync() == "connected" && await b.RedisStateAsync() == "connected",
            TimeSpan.FromSeconds(10), "both replicas connect");

        var remaining = new List<string?>();
        foreach (var app in new[] { a, b, a, b, a })
        {
            using var ok = await app.GetAsync("/api/v1/stations");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            remaining.Add(HttpCachingTests.Header(ok, "RateLimit-Remaining"));
        }

        using var refused = await b.GetAsync("/api/v1/stations");

        Assert.Equal(["4", "3", "2", "1", "0"], remaining);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
    }
}

[Collection(RedisTestGroup.Name)]
public sealed class ChunkedRateLimitRedisTests
{
    [Fact]
    public async Task ReplicasTakingPermitsInChunksStillAllowExactlyTheLimitBetweenThem()
    {
        using var redis = new RedisServer();
        // 100 a minute: each replica takes 2 permits per trip to Redis.
        var limit = new Dictionary<string, string> { ["RateLimiting:PermitPerMinute"] = "100" };
        using var a = RedisApps.Start(redis, extra: limit);
        using var b = RedisApps.Start(redis, extra: limit);
        await RedisApps.EventuallyAsync(async () => await a.RedisStateAsync() == "connected" && await b.RedisStateAsync() == "connected",
            TimeSpan.FromSeconds(10), "both replicas connect");

        for (var i = 0; i < 100; i++)
        {
            using var ok = await (i % 2 == 0 ? a : b).GetAsync("/api/v1/reference/pollutants");
            Assert.True(ok.StatusCode == HttpStatusCode.OK, $"request {i + 1} gave {(int)ok.StatusCode}");
        }

        using var refusedA = await a.GetAsync("/api/v1/reference/pollutants");
        using var refusedB = await b.GetAsync("/api/v1/reference/pollutants");

        Assert.Equal(HttpStatusCode.TooManyRequests, refusedA.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, refusedB.StatusCode);
    }
}

/// <summary>Without Redis, replicas of one store find an import by reading the store's data version.</summary>
public sealed class ReplicasWithoutRedisTests
{
    [Fact]
    public async Task AnImportThroughOneReplicaReachesTheOtherByPollingWithinASecond()
    {
        using var a = new PublicWebApp();
        a.Import(a.WriteText("day.csv", RedisApps.Day));
        using var b = new PublicWebApp(databasePath: a.DatabasePath);
        const string url = "/api/v1/stations/1767A/hourly?from=2019-03-01&to=2019-03-01";
        using var before = await b.GetAsync(url);

        a.Import(a.WriteText("fix.csv", "date,hour,type,1767A\n20190301,1,PM2.5,36\n"));
        await RedisApps.EventuallyAsync(async () =>
        {
            using var now = await b.GetAsync(url);
            return now.Headers.ETag?.Tag != before.Headers.ETag?.Tag;
        }, TimeSpan.FromSeconds(1), "b serves the import");
    }
}
