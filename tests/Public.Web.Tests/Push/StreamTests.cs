using System.Globalization;
using System.Net;
using Public.Tests.SharedData;
using Public.Web.Tests.Hosting;
using Public.Web.Tests.Serving;

namespace Public.Web.Tests.Push;

/// <summary><c>GET /api/v1/stream</c> on real Kestrel, fed by real imports of the real 2019 file.</summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class StreamTests
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(30);

    private static string Iso(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static string Day(DateTimeOffset hourEnd) => DateOnly.FromDateTime(hourEnd.AddSeconds(-1).DateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task AClientConnectedBeforeTheRealImportReceivesTheDataEventWithTheFilesHourRange()
    {
        var path = SharedDataLocator.RequireJinzhouHourly();
        var (first, last, stationHours) = RealSlices.Range(path);
        using var app = new PublicWebApp(kestrel: true);
        await using var client = await SseClient.ConnectAsync(app.Client.BaseAddress!);

        var summary = app.Import(path);
        var e = await client.NextAsync("data", TimeSpan.FromSeconds(60));

        Assert.Equal(summary.BatchId + ".0", e.Id);
        var datasets = e.Json.GetProperty("datasets").EnumerateArray().ToDictionary(d => d.GetProperty("dataset").GetString()!);
        var hourly = datasets["station-hourly"];
        // The file runs from the hour labelled 2019-01-01 00:00 to the one labelled 2019-06-30 23:00 (+08:00).
        Assert.Equal("2019-01-01T00:00:00+08:00", Iso(first));
        Assert.Equal(Iso(first), hourly.GetProperty("from").GetString());
        Assert.Equal(Iso(last), hourly.GetProperty("to").GetString());
        Assert.Equal(stationHours, hourly.GetProperty("records").GetInt32());
        // The hour labelled 2019-01-01 00:00 closes 2018-12-31 (CNEMC labels the end of the hour).
        Assert.Equal("2018-12-31", datasets["city-daily"].GetProperty("from").GetString());
        Assert.Equal(Day(last), datasets["city-daily"].GetProperty("to").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, datasets["city-daily"].GetProperty("records").ValueKind);
        Assert.Equal("/data/station-hourly", hourly.GetProperty("href").GetString());
        Assert.Equal(summary.BatchId, e.Json.GetProperty("batch").GetInt64());
        Assert.Equal("cnemc", e.Json.GetProperty("source").GetString());
    }

    [Fact]
    public async Task TheStreamIsServedAsEventsNotCachedNorCompressedAndSendsHeartbeats()
    {
        using var app = new PublicWebApp(kestrel: true, settings: new Dictionary<string, string> { ["Push:HeartbeatSeconds"] = "1" });
        await using var client = await SseClient.ConnectAsync(app.Client.BaseAddress!);

        Assert.Equal("text/event-stream", client.Response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(client.Response.Content.Headers.ContentEncoding);
        Assert.False(client.Response.Headers.Contains("X-Cache"));
        Assert.Contains("no-store", client.Response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var before = client.Comments;
        await PushWait.UntilAsync(() => client.Comments >= before + 2, TimeSpan.FromSeconds(10), "two heartbeats");
    }

    [Fact]
    public async Task AReconnectWithLastEventIdReceivesWhatItMissedAndNothingItHad()
    {
        using var app = new PublicWebApp(kestrel: true);
        string seen;
        await using (var client = await SseClient.ConnectAsync(app.Client.BaseAddress!))
        {
            app.Import(RealSlices.Day(app, "20190301"));
            seen = (await client.NextAsync("data", Soon)).Id!;
        }

        // While no client is connected: two more days land.
        var second = RealSlices.Day(app, "20190302");
        var third = RealSlices.Day(app, "20190303");
        var b2 = app.Import(second).BatchId;
        var b3 = app.Import(third).BatchId;

        await using var again = await SseClient.ConnectAsync(app.Client.BaseAddress!, lastEventId: seen);
        var e2 = await again.NextAsync("data", Soon);
        var e3 = await again.NextAsync("data", Soon);

        Assert.Equal($"{b2}.0", e2.Id);
        Assert.Equal($"{b3}.0", e3.Id);
        var (first2, last2, _) = RealSlices.Range(second);
        var hourly = e2.Json.GetProperty("datasets").EnumerateArray().Single(d => d.GetProperty("dataset").GetString() == "station-hourly");
        Assert.Equal(Iso(first2), hourly.GetProperty("from").GetString());
        Assert.Equal(Iso(last2), hourly.GetProperty("to").GetString());
        Assert.Empty(await again.DrainAsync(TimeSpan.FromMilliseconds(500)));

        // A client without Last-Event-ID gets only what happens from now on.
        await using var fresh = await SseClient.ConnectAsync(app.Client.BaseAddress!);
        Assert.Empty(await fresh.DrainAsync(TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task AnIdenticalReimportChangesNothingAndSendsNoEvent()
    {
        using var app = new PublicWebApp(kestrel: true);
        var day = RealSlices.Day(app, "20190301");
        var first = app.Import(day);
        // The hub reads committed batches on its own thread: connect only once it has described the first import, so the
        // first import's event is history for this client (otherwise it arrives live and says nothing about the re-import).
        var hub = app.Services.GetRequiredServiceOf<Public.Web.Push.PushHub>();
        await PushWait.UntilAsync(() => hub.Watermark >= first.BatchId, Soon, "the hub describing the first import");
        await using var client = await SseClient.ConnectAsync(app.Client.BaseAddress!);

        var again = app.Import(day);

        Assert.Equal(0, again.NewRecords + again.NewVersions);
        Assert.Empty(await client.DrainAsync(TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task ABadLastEventIdOrEventTypeIsA400NamingIt()
    {
        using var app = new PublicWebApp();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/stream");
        request.Headers.Add("Last-Event-ID", "yesterday");
        using var bad = await app.Client.SendAsync(request, TestContext.Current.CancellationToken);
        using var type = await app.Client.GetAsync(new Uri("/api/v1/stream?types=data,weather", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("\"parameter\":\"Last-Event-ID\"", await bad.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, type.StatusCode);
        Assert.Contains("weather", await type.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PenaltyDecisionsArriveAsPenaltyEventsAfterTheirDataEvent()
    {
        using var app = new PublicWebApp(kestrel: true);
        await using var client = await SseClient.ConnectAsync(app.Client.BaseAddress!, "/api/v1/stream?types=penalty");
        var csv = Penalties.PenaltyRows.Csv(
            Penalties.PenaltyRows.Valid("测试罚〔2019〕201号", ("decisionDate", "2019-03-12")),
            Penalties.PenaltyRows.Valid("测试罚〔2019〕202号", ("decisionDate", "2019-05-20"), ("serviceDate", ""), ("publicationDate", "")));

        var summary = app.Services.GetRequiredServiceOf<Public.Web.Penalties.Import.PenaltyImporter>().Import([app.WriteText("penalties.csv", csv)]);
        Assert.True(summary.Clean, string.Join("\n", summary.Problems));
        var a = await client.NextAsync("penalty", Soon);
        var b = await client.NextAsync("penalty", Soon);

        Assert.Equal(["测试罚〔2019〕201号", "测试罚〔2019〕202号"], new[] { a, b }.Select(e => e.Json.GetProperty("decisionNumber").GetString()).Order(StringComparer.Ordinal));
        Assert.All(new[] { a, b }, e => Assert.Equal("published", e.Json.GetProperty("change").GetString()));
        Assert.EndsWith(".1", a.Id, StringComparison.Ordinal);
    }
}

[Collection(RedisTestGroup.Name)]
public sealed class StreamAcrossReplicasTests
{
    [Fact]
    public async Task AnImportThroughOneReplicaReachesAStreamOnTheOtherThroughRedisAndResumesThere()
    {
        using var redis = new RedisServer();
        using var a = RedisApps.Start(redis);
        // b never polls the store here: only the Redis message can tell it that the data changed.
        using var b = new PublicWebApp(kestrel: true, databasePath: a.DatabasePath, settings: new Dictionary<string, string>
        {
            ["ConnectionStrings:Redis"] = redis.ConnectionString,
            ["Serving:RedisTimeoutMilliseconds"] = "2000",
            ["Serving:VersionPollMilliseconds"] = "600000",
        });
        await RedisApps.EventuallyAsync(async () => await b.RedisStateAsync() == "connected" && await a.RedisStateAsync() == "connected",
            TimeSpan.FromSeconds(10), "both replicas connect");
        await Task.Delay(500, TestContext.Current.CancellationToken); // b has subscribed (its first tick)
        await using var client = await SseClient.ConnectAsync(b.Client.BaseAddress!);

        var first = a.Import(RealSlices.Day(a, "20190301"));
        var e = await client.NextAsync("data", TimeSpan.FromSeconds(5));
        Assert.Equal($"{first.BatchId}.0", e.Id);

        // The same ids on every replica: a client that saw the event on b resumes on a (another process would do the same).
        var second = a.Import(RealSlices.Day(a, "20190302"));
        using var c = new PublicWebApp(kestrel: true, databasePath: a.DatabasePath);
        await using var resumed = await SseClient.ConnectAsync(c.Client.BaseAddress!, lastEventId: e.Id);
        Assert.Equal($"{second.BatchId}.0", (await resumed.NextAsync("data", TimeSpan.FromSeconds(10))).Id);
    }
}

internal static class ServiceProviderExtensions
{
    public static T GetRequiredServiceOf<T>(this IServiceProvider services)
        where T : notnull => (T)(services.GetService(typeof(T)) ?? throw new InvalidOperationException(typeof(T).Name + " is not registered"));
}
