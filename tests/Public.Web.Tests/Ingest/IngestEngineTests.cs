using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Public.Web.Infrastructure;
using Public.Web.Ingest;
using Public.Web.Tests.Penalties;
using Public.Web.Tests.Postgres;

namespace Public.Web.Tests.Ingest;

/// <summary>
/// Scheduled ingestion's store on each engine: a run of a penalties drop folder records its files (the imported one
/// with its batch and SHA-256, the rejected one with its reason) and writes nothing of the rejected file; a lease held by
/// one replica is refused to another until it expires, and two replicas racing for the same files never both win one.
/// </summary>
public sealed class IngestEngineTests(EngineServer engines) : IClassFixture<EngineServer>
{
    private const string A = "测试罚〔2019〕41号";
    private const string B = "测试罚〔2019〕42号";
    private static readonly DateTimeOffset Start = new(2019, 7, 1, 9, 30, 0, TimeSpan.FromHours(8));

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task ARunRecordsItsFilesTheRejectedOneWithItsReasonAndWritesNothingOfIt(string engine)
    {
        var clock = new Clock(Start);
        var s = new PortedServices(engines.Create(engine), clock);
        var store = new IngestStore(s.Database, clock);
        var folder = Directory.CreateTempSubdirectory("ingest-engine-").FullName;
        var good = Path.Combine(folder, "1-two.csv");
        var bad = Path.Combine(folder, "2-bad.csv");
        File.WriteAllText(good, PenaltyRows.Csv(PenaltyRows.Valid(A), PenaltyRows.Valid(B, ("partyCreditCode", PenaltyRows.PartyB))));
        // A valid decision and one whose decision date does not exist: the file is rejected whole.
        File.WriteAllText(bad, PenaltyRows.Csv(PenaltyRows.Valid("测试罚〔2019〕43号"), PenaltyRows.Valid("测试罚〔2019〕44号", ("decisionDate", "2019-02-30"))));
        var feed = new FeedOptions(IngestFeed.Penalties, folder, null, TimeSpan.FromMinutes(10), null, TimeSpan.FromSeconds(5), 0, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        var services = new ServiceCollection().AddSingleton(s.PenaltyImporter).BuildServiceProvider();
        using var fetcher = new FileFetcher(clock);
        var service = new IngestService(services, store, [feed], fetcher, clock, NullLogger<IngestService>.Instance);

        await service.RunOnceAsync(feed, TestContext.Current.CancellationToken);

        var run = Assert.Single(store.Runs(null, 0, 10, out var total));
        Assert.Equal(1, total);
        Assert.Equal(("penalties", folder, service.Owner, "failed"), (run.Run.Feed, run.Run.Source, run.Run.Owner, run.Run.Status));
        Assert.Equal((2, 0, 1, 0, 1, 0), (run.Run.Checked, run.Run.NotModified, run.Run.Imported, run.Run.Unchanged, run.Run.Rejected, run.Run.Failed));
        // The files in the order the run met them (by name), each with the SHA-256 of its bytes.
        Assert.Equal([("1-two.csv", good, "imported", Sha(good)), ("2-bad.csv", bad, "rejected", Sha(bad))],
            run.Files.Select(f => (f.Name, f.Location, f.Outcome, f.Sha256)));
        var batch = Scalar(s.Database, "SELECT MAX(id) FROM import_batch");
        Assert.Equal(batch, run.Files[0].BatchId);
        Assert.Null(run.Files[1].BatchId);
        Assert.Contains("2-bad.csv:3 [decisionDate]", run.Files[1].Reason, StringComparison.Ordinal);
        // The batch is tagged with the run and the file it came from, in its own transaction.
        Assert.Equal((run.Run.Id, "penalties", good), store.BatchTags([batch])[batch]);

        // Nothing of the rejected file: one batch, the two decisions of the good one, their two leaves and the batch leaf.
        Assert.Equal((1L, 2L, 2L, 3L), (s.Count("import_batch"), s.Count("penalty"), s.Count("penalty_version"), s.Count("log_leaves")));
        Assert.Equal([B, A], s.Penalties.List(new Public.Web.Penalties.PenaltyFilter(), 1, 10, out _).Select(p => p.DecisionNumber));
        Assert.Equal(0, Scalar(s.Database, "SELECT COUNT(*) FROM ingest_lease"));

        var state = store.State("penalties");
        Assert.Equal("2-bad.csv: " + run.Files[1].Reason, state.LastFailure);
        Assert.Equal(run.Files[1].At, state.LastFailureAt);
        Assert.Equal(run.Files[0].At, state.LastImportAt);
        Assert.Null(state.LastSuccessAt);

        // The same bytes are not judged again: the next run finds both unchanged and writes nothing.
        clock.Now += TimeSpan.FromMinutes(10);
        await service.RunOnceAsync(feed, TestContext.Current.CancellationToken);
        var runs = store.Runs("penalties", 0, 10, out total);
        Assert.Equal(2, total);
        Assert.Equal(("ok", 2, 2, 0), (runs[0].Run.Status, runs[0].Run.Checked, runs[0].Run.Unchanged, runs[0].Run.Imported));
        Assert.Empty(runs[0].Files);
        Assert.Equal(runs[1].Run.Id, run.Run.Id);
        Assert.Equal((1L, 3L), (s.Count("import_batch"), s.Count("log_leaves")));
        Assert.Equal(runs[0].Run.FinishedAt, store.State("penalties").LastSuccessAt);
        Assert.Empty(store.Runs("warnings", 0, 10, out total));
        Assert.Equal(0, total);
        Directory.Delete(folder, recursive: true);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void ALeaseHeldByOneReplicaIsRefusedToAnotherUntilItExpires(string engine)
    {
        var clock = new Clock(Start);
        var database = engines.Create(engine);
        // Two replicas: each its own handle on the one store.
        var a = new IngestStore(database, clock);
        var b = new IngestStore(engines.Reopen(database), clock);
        var lease = TimeSpan.FromMinutes(10);

        Assert.True(a.TryAcquireLease("cnemc:china_sites_20190101.csv", "A", lease));
        Assert.False(b.TryAcquireLease("cnemc:china_sites_20190101.csv", "B", lease));
        Assert.Equal(("A", Start.AddMinutes(10).ToUnixTimeMilliseconds()), Lease(database, "cnemc:china_sites_20190101.csv"));
        // Another file is free; the holder may renew its own lease (from now).
        Assert.True(b.TryAcquireLease("cnemc:china_sites_20190102.csv", "B", lease));
        clock.Now = Start.AddMinutes(5);
        Assert.True(a.TryAcquireLease("cnemc:china_sites_20190101.csv", "A", lease));
        Assert.Equal(("A", Start.AddMinutes(15).ToUnixTimeMilliseconds()), Lease(database, "cnemc:china_sites_20190101.csv"));
        // Releasing someone else's lease does nothing.
        b.ReleaseLease("cnemc:china_sites_20190101.csv", "B");

        clock.Now = Start.AddMinutes(15).AddMilliseconds(-1);
        Assert.False(b.TryAcquireLease("cnemc:china_sites_20190101.csv", "B", lease));
        clock.Now = Start.AddMinutes(15);
        Assert.True(b.TryAcquireLease("cnemc:china_sites_20190101.csv", "B", lease));
        Assert.False(a.TryAcquireLease("cnemc:china_sites_20190101.csv", "A", lease));
        Assert.Equal(("B", Start.AddMinutes(25).ToUnixTimeMilliseconds()), Lease(database, "cnemc:china_sites_20190101.csv"));

        b.ReleaseLease("cnemc:china_sites_20190101.csv", "B");
        Assert.True(a.TryAcquireLease("cnemc:china_sites_20190101.csv", "A", lease));
        Assert.Equal("A", Lease(database, "cnemc:china_sites_20190101.csv").Owner);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task TwoReplicasRacingForTheSameFilesNeverBothHoldOne(string engine)
    {
        var clock = new Clock(Start);
        var database = engines.Create(engine);
        var replicas = new[] { new IngestStore(database, clock), new IngestStore(engines.Reopen(database), clock) };
        var keys = Enumerable.Range(0, 40).Select(i => $"penalties:file-{i:00}.csv").ToList();

        var won = await Task.WhenAll(replicas.Select((store, r) => Task.Run(() =>
            keys.Where(k => store.TryAcquireLease(k, r == 0 ? "A" : "B", TimeSpan.FromMinutes(10))).ToHashSet(), TestContext.Current.CancellationToken)));

        // Every file has exactly one holder, and the stored owner is the one that was told it won.
        Assert.Empty(won[0].Intersect(won[1]));
        Assert.Equal(keys.Count, won[0].Count + won[1].Count);
        Assert.All(keys, k => Assert.Equal(won[0].Contains(k) ? "A" : "B", Lease(database, k).Owner));
    }

    private static string Sha(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private static long Scalar(Database database, string sql)
    {
        using var connection = database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The stored lease row, read with plain SQL.</summary>
    private static (string Owner, long ExpiresAt) Lease(Database database, string key)
    {
        using var connection = database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT owner, expires_at FROM ingest_lease WHERE key = '{key}'";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read(), $"no lease row for {key}");
        return (reader.GetString(0), reader.GetInt64(1));
    }

    /// <summary>A clock the test moves.</summary>
    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();
    }
}
