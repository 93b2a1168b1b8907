using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Data;
using Public.Web.Push;
using Public.Web.Serving;
using Public.Web.Tests.Hosting;
using Public.Web.Tests.Penalties;
using Public.Web.Tests.Postgres;
using Public.Web.Tests.Warnings;

namespace Public.Web.Tests.Push;

/// <summary>
/// Push on each engine, through the real hub, worker, delivery queue and a real HTTP receiver: imports of air quality,
/// penalties and warnings give the events their files say, each becomes one signed delivery (the one the receiver
/// refuses first is kept and retried), and SQLite and PostgreSQL give the same events and deliveries. The queue's promises
/// to replicas sharing one store: a (target, event) is queued once and leased once however the replicas race.
/// </summary>
public sealed class PushEngineTests(EngineServer engines) : IClassFixture<EngineServer>
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw4HtsPBzNbqw=";
    private const string A = "测试罚〔2019〕31号";
    private const string B = "测试罚〔2019〕32号";
    private const string WarningHeader = "warning_id,seq,event,time,until,level,area,authority,document_url,document_sha256,correction_reason";
    private const string Authority = "锦州市重污染天气应急指挥部办公室";
    private static readonly string[] Targets = ["https://a.example/hook", "https://b.example/hook"];
    private static readonly DateTimeOffset Now = new(2020, 6, 1, 9, 30, 0, TimeSpan.FromHours(8));

    /// <summary>What one run gives: the batch of each import, the events the hub published, the queue, and what the receiver got.</summary>
    private sealed record Run(long[] Batches, IReadOnlyList<PushEvent> Events, IReadOnlyList<DeliveryDto> Deliveries, IReadOnlyList<Received> Received);

    /// <summary>
    /// Starts the data-version monitor (no Redis, a one-minute poll), the hub and the webhook worker over a fresh store,
    /// then imports: (1) two days of hourly PM2.5 at 1767A, (2) penalties A and B, (3) warning W1 issued, (4) W1 corrected,
    /// (5) penalty A corrected, (6) that correction again (nothing new).
    /// </summary>
    private async Task<Run> ImportWithPushRunningAsync(string engine, Receiver receiver)
    {
        var s = new PortedServices(engines.Create(engine), new FixedTime(Now));
        var serving = Options.Create(new ServingOptions { VersionPollMilliseconds = 60_000 });
        var noRedis = new RedisConnection(new ConfigurationBuilder().Build(), serving, NullLogger<RedisConnection>.Instance);
        var monitor = new DataVersionMonitor(s.Database, noRedis, serving, NullLogger<DataVersionMonitor>.Instance);
        var changes = new StoreChanges(s.Database);
        var hub = new PushHub(changes, monitor, Options.Create(new PushOptions()), NullLogger<PushHub>.Instance);
        var published = new List<PushEvent>();
        hub.Published += events => { lock (published) { published.AddRange(events); } };
        var webhooks = new WebhookOptions
        {
            Subscribers = [new WebhookSubscriber { Url = receiver.Url, Secret = Secret }],
            BackoffBase = TimeSpan.FromMilliseconds(100),
            PollMilliseconds = 50,
            TimeoutSeconds = 10,
        };
        var queue = new DeliveryStore(s.Database);
        // The worker's own clock runs (its retries wait on it); the importers' clock is fixed, so both engines record the same times.
        using var worker = new DeliveryWorker(hub, queue, changes, Options.Create(webhooks), Options.Create(new WebSubOptions()),
            new ConfigurationBuilder().Build(), TimeProvider.System, NullLogger<DeliveryWorker>.Instance);
        using var stop = new CancellationTokenSource();
        await monitor.StartAsync(stop.Token);
        await hub.StartAsync(stop.Token);
        await worker.StartAsync(stop.Token);
        try
        {
            await hub.Ready.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            // The worker has set its watermark (a first start sends no history): what is imported from now on is sent.
            await PushWait.UntilAsync(() => s.Count("push_state") == 1, TimeSpan.FromSeconds(30), "the worker's watermark");

            var batches = new List<long>();
            void Imported(bool clean)
            {
                Assert.True(clean);
                batches.Add(LastBatch(s.Database));
            }

            Imported(s.AirImporter.Import([engines.WriteText("air.csv", WarningsApp.CityDaysCsv(new DateOnly(2019, 1, 1), [35, 75]))], new()).Clean);
            Imported(s.PenaltyImporter.Import([engines.WriteText("two.csv", PenaltyRows.Csv(PenaltyRows.Valid(A),
                PenaltyRows.Valid(B, ("partyCreditCode", PenaltyRows.PartyB), ("decisionDate", "2019-06-01"), ("serviceDate", "2019-06-03"), ("publicationDate", "2019-06-10"))))]).Clean);
            Imported(s.WarningImporter.Import([engines.WriteText("w.csv", $"{WarningHeader}\nW1,1,issue,2019-12-01T20:00+08:00,,yellow,city,{Authority},,,\n")]).Clean);
            Imported(s.WarningImporter.Import([engines.WriteText("w2.csv", $"{WarningHeader}\nW1,1,issue,2019-12-01T20:00+08:00,,orange,city,{Authority},,,原通知级别录入错误\n")]).Clean);
            var correction = engines.WriteText("correction.csv", PenaltyRows.Csv(PenaltyRows.Valid(A,
                ("fineAmount", "150000"), ("appealStatus", "reconsideration-changed"), ("correctionReason", "行政复议决定变更罚款数额"), ("correctionDate", "2019-05-10"))));
            Imported(s.PenaltyImporter.Import([correction]).Clean);
            var again = s.PenaltyImporter.Import([correction]);
            Assert.Equal(1, again.Unchanged);

            // Ten events (counted by hand below), each one delivery; the first request the receiver answers 500.
            await PushWait.UntilAsync(() => queue.List(DeliveryStore.Delivered, 0, 100).Found == 10, TimeSpan.FromSeconds(60), "ten deliveries delivered");
            await PushWait.UntilAsync(() => Volatile.Read(ref receiver.Answered) == 11, TimeSpan.FromSeconds(10), "eleven requests answered");
            // The hub has read past the re-import by now (it reads in order), so nothing more is coming.
            hub.ReadNew();
            lock (published)
            {
                return new Run([.. batches], [.. published], queue.List(null, 0, 100).Page, [.. receiver.Requests.OrderBy(r => r.Number)]);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await worker.StopAsync(CancellationToken.None);
            await hub.StopAsync(CancellationToken.None);
            await monitor.StopAsync(CancellationToken.None);
        }
    }

    private static long LastBatch(Database database)
    {
        using var connection = database.Connect();
        return connection.Long(null, "SELECT COALESCE(MAX(id), 0) FROM import_batch");
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task TheImportsGiveTheirFilesEventsAndEachIsDeliveredOnceTheRefusedOneAfterARetry(string engine)
    {
        using var receiver = new Receiver(n => (n == 1 ? 500 : 204, TimeSpan.Zero));
        var run = await ImportWithPushRunningAsync(engine, receiver);
        var b = run.Batches;
        Assert.Equal(b.Length, b.Distinct().Count());

        // Event ids are {batch}.{n}; each batch opens with its data event, then one event per changed version.
        Assert.Equal(
            [$"{b[0]}.0", $"{b[1]}.0", $"{b[1]}.1", $"{b[1]}.2", $"{b[2]}.0", $"{b[2]}.1", $"{b[3]}.0", $"{b[3]}.1", $"{b[4]}.0", $"{b[4]}.1"],
            run.Events.Select(e => e.Id));
        Assert.Equal(["data", "data", "penalty", "penalty", "data", "warning", "data", "warning", "data", "penalty"], run.Events.Select(e => e.Type));
        var json = run.Events.Select(e => JsonDocument.Parse(e.Json).RootElement).ToList();

        // (1) 48 station-hours, labelled by the end of the hour: 2019-01-01 01:00 … 2019-01-03 00:00 (+08:00), days 1 and 2.
        var air = json[0];
        Assert.Equal(b[0], air.GetProperty("batch").GetInt64());
        Assert.Equal(Now, air.GetProperty("recordedAt").GetDateTimeOffset());
        var datasets = air.GetProperty("datasets").EnumerateArray().ToList();
        Assert.Equal(["station-hourly", "city-hourly", "station-daily", "city-daily", "assessments", "stations"], datasets.Select(d => d.GetProperty("dataset").GetString()));
        Assert.Equal((48, "2019-01-01T01:00:00+08:00", "2019-01-03T00:00:00+08:00"),
            (datasets[0].GetProperty("records").GetInt32(), datasets[0].GetProperty("from").GetString(), datasets[0].GetProperty("to").GetString()));
        Assert.Equal(("2019-01-01", "2019-01-02"), (datasets[2].GetProperty("from").GetString(), datasets[2].GetProperty("to").GetString()));

        // (2) Two decisions, in the order of their dates.
        Assert.Equal(("penalties", 2, "2019-03-12", "2019-06-01"), Dataset(json[1]));
        Assert.Equal((A, 1, "published", "2019-03-12"), Penalty(json[2]));
        Assert.Equal((B, 1, "published", "2019-06-01"), Penalty(json[3]));

        // (3) and (4) W1 issued, then its corrected version.
        Assert.Equal(("warnings", 1, "2019-12-01T20:00:00+08:00", "2019-12-01T20:00:00+08:00"), Dataset(json[4]));
        Assert.Equal(("W1", 1, "issued", "yellow"), Warning(json[5]));
        Assert.Equal(new DateTimeOffset(2019, 12, 1, 20, 0, 0, TimeSpan.FromHours(8)), json[5].GetProperty("time").GetDateTimeOffset());
        Assert.Equal(("W1", 2, "changed", "orange"), Warning(json[7]));

        // (5) A's correction; (6) the same correction again changed nothing and has no event.
        Assert.Equal(("penalties", 1, "2019-03-12", "2019-03-12"), Dataset(json[8]));
        Assert.Equal((A, 2, "corrected", "2019-03-12"), Penalty(json[9]));

        // One delivery per event, in event order, all delivered; exactly one took two attempts (refused, then accepted).
        var queued = run.Deliveries.OrderBy(d => d.Id).ToList();
        Assert.Equal(run.Events.Select(e => e.Id), queued.Select(d => d.EventId));
        Assert.All(queued, d => Assert.Equal((DeliveryWorker.WebhookKind, receiver.Url, DeliveryStore.Delivered), (d.Kind, d.Target, d.Status)));
        var retried = Assert.Single(queued, d => d.Attempts == 2);
        Assert.Equal([500, 204], retried.AttemptLog.Select(a => a.Status));
        Assert.Equal("HTTP 500 Internal Server Error", retried.AttemptLog[0].Error);
        Assert.All(queued.Where(d => d != retried), d => Assert.Equal([204], d.AttemptLog.Select(a => a.Status)));

        // What the receiver got: every event's payload as the data of a Standard Webhooks body, the refused one twice.
        Assert.Equal(11, run.Received.Count);
        Assert.Equal($"evt_{retried.EventId}", run.Received[0].Headers["webhook-id"]);
        var bodies = run.Received.GroupBy(r => r.Headers["webhook-id"]).ToDictionary(g => g.Key, g => g.Select(r => r.Body).Distinct().Single());
        foreach (var e in run.Events)
        {
            var body = JsonDocument.Parse(bodies["evt_" + e.Id]).RootElement;
            Assert.Equal(e.Type, body.GetProperty("type").GetString());
            Assert.Equal(e.Json, body.GetProperty("data").GetRawText());
        }
    }

    [Fact]
    public async Task SqliteAndPostgresGiveTheSameEventsAndTheSameDeliveries()
    {
        if (!StoreEngines.IsSelected(StoreEngines.Postgres) || !StoreEngines.IsSelected(StoreEngines.Sqlite))
        {
            Assert.Skip($"needs both engines ({StoreEngines.Variable} selects {string.Join(", ", StoreEngines.Selected)})");
        }

        using var first = new Receiver(n => (n == 1 ? 500 : 204, TimeSpan.Zero));
        var sqlite = await ImportWithPushRunningAsync(StoreEngines.Sqlite, first);
        using var second = new Receiver(n => (n == 1 ? 500 : 204, TimeSpan.Zero));
        var postgres = await ImportWithPushRunningAsync(StoreEngines.Postgres, second);

        Assert.Equal(sqlite.Batches, postgres.Batches);
        Assert.Equal(sqlite.Events, postgres.Events);
        Assert.Equal(Queue(sqlite), Queue(postgres));
        Assert.Equal(Data(sqlite), Data(postgres));

        static List<(string, string, string, string)> Queue(Run run) =>
            [.. run.Deliveries.OrderBy(d => d.Id).Select(d => (d.Kind, d.EventId, d.EventType, d.Status))];

        // The signed bodies differ by their timestamp only: compare what they carry.
        static List<(string, string)> Data(Run run) =>
            [.. run.Received.Select(r => (r.Headers["webhook-id"], JsonDocument.Parse(r.Body).RootElement.GetProperty("data").GetRawText())).Distinct().Order()];
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task TwoReplicasOnOneStoreQueueEachTargetAndEventOnceAndLeaseEachDeliveryOnce(string engine)
    {
        var first = engines.Create(engine);
        var stores = new[] { new DeliveryStore(first), new DeliveryStore(engines.Reopen(first)) };
        // Two subscribers × 100 events, in the order every replica builds them (events in order, subscribers as configured).
        var rows = (from e in Enumerable.Range(1, 100)
                    from target in Targets
                    select (target, DeliveryWorker.WebhookKind, $"{e}.0", PushEventTypes.Data, $"{{\"n\":{e}}}")).ToList();

        using var start = new Barrier(2);
        var added = await Task.WhenAll(stores.Select(store => Task.Run(() =>
        {
            start.SignalAndWait(TestContext.Current.CancellationToken);
            return store.Enqueue(rows, 7, 1_000);
        }, TestContext.Current.CancellationToken)));

        Assert.Equal(200, added.Sum());
        var (all, found) = stores[0].List(null, 0, 1_000);
        Assert.Equal(200, found);
        Assert.Equal(rows.Select(r => (r.target, r.Item3)).Order(), all.Select(d => (d.Target, d.EventId)).Order());
        Assert.All(all, d => Assert.Equal((DeliveryStore.Pending, 0), (d.Status, d.Attempts)));
        Assert.Equal(7, stores[1].Watermark(0));
        // The watermark only moves up, whichever replica writes last.
        stores[1].Enqueue([], 5, 1_000);
        Assert.Equal(7, stores[0].Watermark(0));

        // Both replicas take due deliveries as fast as they can, ten at a time: every delivery is leased exactly once.
        var leased = await Task.WhenAll(stores.Select(store => Task.Run(() =>
        {
            var mine = new List<long>();
            for (var round = 0; round < 100; round++)
            {
                var batch = store.Claim(10, 2_000, 60_000);
                if (batch.Count == 0 && round > 2)
                {
                    break;
                }

                mine.AddRange(batch.Select(d => d.Id));
            }

            return mine;
        }, TestContext.Current.CancellationToken)));
        var ids = leased.SelectMany(l => l).ToList();
        Assert.Equal(200, ids.Count);
        Assert.Equal(all.Select(d => d.Id).Order(), ids.Order());
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void AFailedAttemptIsKeptAndTheDeliveryIsTakenAgainWhenItsRetryIsDue(string engine)
    {
        var store = new DeliveryStore(engines.Create(engine));
        Assert.Equal(1, store.Enqueue([("https://a.example/hook", DeliveryWorker.WebhookKind, "3.0", PushEventTypes.Data, "{}")], 3, 1_000));

        var taken = Assert.Single(store.Claim(10, 1_000, 5_000));
        Assert.Equal((0, "3.0", 1_000L), (taken.Attempts, taken.EventId, taken.CreatedAtMs));
        // Leased: another worker does not take it meanwhile.
        Assert.Empty(store.Claim(10, 1_001, 5_001));
        store.Record(taken, 1_010, 500, "HTTP 500 Internal Server Error", 12, DeliveryStore.Pending, 3_000);

        var pending = Assert.Single(store.List(DeliveryStore.Pending, 0, 10).Page);
        Assert.Equal((1, 500, "HTTP 500 Internal Server Error"), (pending.Attempts, pending.LastStatus, pending.LastError));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(3_000), pending.NextAttemptAt);
        var attempt = Assert.Single(pending.AttemptLog);
        Assert.Equal((1, DateTimeOffset.FromUnixTimeMilliseconds(1_010), (int?)500, 12L), (attempt.Attempt, attempt.At, attempt.Status, attempt.DurationMilliseconds));

        // Not before its retry is due; then once, with the attempt counted.
        Assert.Empty(store.Claim(10, 2_999, 10_000));
        var again = Assert.Single(store.Claim(10, 3_000, 10_000));
        Assert.Equal(1, again.Attempts);
        store.Record(again, 3_005, 204, null, 8, DeliveryStore.Delivered, null);

        Assert.Equal(0, store.List(DeliveryStore.Pending, 0, 10).Found);
        var delivered = Assert.Single(store.List(DeliveryStore.Delivered, 0, 10).Page);
        Assert.Equal((2, (int?)204, (string?)null, (DateTimeOffset?)null), (delivered.Attempts, delivered.LastStatus, delivered.LastError, delivered.NextAttemptAt));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(3_005), delivered.DeliveredAt);
        Assert.Equal([(1, (int?)500, "HTTP 500 Internal Server Error"), (2, 204, null)], delivered.AttemptLog.Select(a => (a.Attempt, a.Status, a.Error)));
        Assert.Empty(store.Claim(10, 100_000, 200_000));
    }

    private static (string, int, string, string) Dataset(JsonElement data)
    {
        var d = Assert.Single(data.GetProperty("datasets").EnumerateArray());
        return (d.GetProperty("dataset").GetString()!, d.GetProperty("records").GetInt32(), d.GetProperty("from").GetString()!, d.GetProperty("to").GetString()!);
    }

    private static (string, int, string, string) Penalty(JsonElement e) =>
        (e.GetProperty("decisionNumber").GetString()!, e.GetProperty("version").GetInt32(), e.GetProperty("change").GetString()!, e.GetProperty("decisionDate").GetString()!);

    private static (string, int, string, string) Warning(JsonElement e) =>
        (e.GetProperty("warningId").GetString()!, e.GetProperty("version").GetInt32(), e.GetProperty("change").GetString()!, e.GetProperty("level").GetString()!);
}
