using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Data;
using Public.Web.Serving;
using Public.Web.Tests.Postgres;

namespace Public.Web.Tests.Serving;

/// <summary>
/// The data-version monitor on each engine, without Redis: a version committed through another handle on the same store
/// (another machine's import) is what the monitor reports after its next poll, with its time and the store's identity,
/// and a version this process writes is visible the moment it commits. On PostgreSQL the commit's notification brings it
/// within a second however long the poll interval, and a rolled-back transaction notifies nobody.
/// </summary>
public sealed class DataVersionEngineTests(EngineServer engines) : IClassFixture<EngineServer>
{
    private static DataVersionMonitor Monitor(Database database, int pollMilliseconds = 60_000)
    {
        var options = Options.Create(new ServingOptions { VersionPollMilliseconds = pollMilliseconds });
        // No ConnectionStrings:Redis: polling the store is the only way news arrives.
        var redis = new RedisConnection(new ConfigurationBuilder().Build(), options, NullLogger<RedisConnection>.Instance);
        return new DataVersionMonitor(database, redis, options, NullLogger<DataVersionMonitor>.Instance);
    }

    private static long Bump(Database database)
    {
        using var connection = database.Connect();
        using var transaction = connection.BeginTransaction();
        var version = database.BumpDataVersion(connection, transaction);
        transaction.Commit();
        return version;
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task AVersionCommittedByAnotherMachineReachesThePollingMonitor(string engine)
    {
        var replica = engines.Create(engine);
        var importer = engines.Reopen(replica);
        var monitor = Monitor(replica, pollMilliseconds: 50);
        var start = monitor.Current;
        Assert.Equal(0, start.Number);
        Assert.Null(start.At);
        Assert.Equal(32, start.StoreId.Length);
        var seen = new List<long>();
        monitor.Changed += v => { lock (seen) { seen.Add(v.Number); } };

        using var stop = new CancellationTokenSource();
        await monitor.StartAsync(stop.Token);
        try
        {
            var before = DateTimeOffset.UtcNow.AddSeconds(-1);
            Assert.Equal(1, Bump(importer));
            Assert.Equal(2, Bump(importer));
            // The replica's process wrote nothing: only its poll can learn of the import.
            Assert.Equal(0, replica.HighestLocalBump);
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (monitor.Current.Number < 2 && waited.Elapsed < TimeSpan.FromSeconds(5))
            {
                await Task.Delay(20, TestContext.Current.CancellationToken);
            }

            var now = monitor.Current;
            Assert.Equal(2, now.Number);
            Assert.Equal(start.StoreId, now.StoreId);
            Assert.InRange(now.At!.Value, before, DateTimeOffset.UtcNow.AddSeconds(1));
            Assert.Equal(importer.ReadDataVersion(), now);
            lock (seen)
            {
                Assert.Equal(2, seen.Last());
            }
        }
        finally
        {
            await stop.CancelAsync();
            await monitor.StopAsync(CancellationToken.None);
        }
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void ALocalCommitIsVisibleAtOnce(string engine)
    {
        var database = engines.Create(engine);
        // Polls never run here (no StartAsync): what the monitor knows comes from the local bump alone.
        var monitor = Monitor(database);
        Assert.Equal(0, monitor.Current.Number);
        Assert.Equal(1, Bump(database));
        Assert.Equal(1, monitor.Current.Number);
        Assert.Equal(database.ReadDataVersion(), monitor.Current);
    }

    private static void SkipUnlessPostgres()
    {
        if (!StoreEngines.IsSelected(StoreEngines.Postgres))
        {
            Assert.Skip($"PostgreSQL only ({StoreEngines.Variable} selects {string.Join(", ", StoreEngines.Selected)})");
        }
    }

    [Fact]
    public async Task OnPostgresAnotherMachinesCommitReachesTheMonitorWithinASecondThroughItsNotification()
    {
        SkipUnlessPostgres();
        var replica = engines.Create(StoreEngines.Postgres);
        var importer = engines.Reopen(replica);
        // A poll once a minute: only the notification can bring the commit within the second.
        var monitor = Monitor(replica, pollMilliseconds: 60_000);
        var changed = new TaskCompletionSource<(DataVersion Version, TimeSpan After)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = new System.Diagnostics.Stopwatch();
        monitor.Changed += v => changed.TrySetResult((v, clock.Elapsed));

        using var stop = new CancellationTokenSource();
        await monitor.StartAsync(stop.Token);
        try
        {
            await WaitAsync(() => monitor.Listening, "the monitor's LISTEN connection");
            clock.Start();
            Assert.Equal(1, Bump(importer));
            var (version, after) = await changed.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

            Assert.Equal(1, version.Number);
            Assert.Equal(importer.ReadDataVersion(), version);
            Assert.True(after < TimeSpan.FromSeconds(1), $"the commit reached the monitor after {after.TotalMilliseconds:F0} ms");
            TestContext.Current.TestOutputHelper?.WriteLine($"commit to monitor: {after.TotalMilliseconds:F0} ms");
            Assert.Equal(0, replica.HighestLocalBump);
        }
        finally
        {
            await stop.CancelAsync();
            await monitor.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task OnPostgresTheMonitorListensAgainAfterItsConnectionIsKilledAndHearsTheNextCommit()
    {
        SkipUnlessPostgres();
        var replica = engines.Create(StoreEngines.Postgres);
        var importer = engines.Reopen(replica);
        var monitor = Monitor(replica, pollMilliseconds: 60_000);
        var changed = new TaskCompletionSource<(DataVersion Version, TimeSpan After)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = new System.Diagnostics.Stopwatch();
        monitor.Changed += v => changed.TrySetResult((v, clock.Elapsed));

        using var stop = new CancellationTokenSource();
        await monitor.StartAsync(stop.Token);
        try
        {
            await WaitAsync(() => monitor.Listening, "the monitor's LISTEN connection");
            // What a restarted primary or a cut connection does to it: the server ends the listening session.
            using (var admin = importer.Connect())
            {
                var killed = admin.Long(null, """
                    SELECT COUNT(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                                          WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'LISTEN%') AS t
                    """);
                Assert.Equal(1, killed);
            }

            await WaitAsync(() => !monitor.Listening, "the monitor noticing its connection is gone");
            await WaitAsync(() => monitor.Listening, "the monitor listening again");
            clock.Start();
            Assert.Equal(1, Bump(importer));
            var (version, after) = await changed.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
            Assert.Equal(1, version.Number);
            Assert.True(after < TimeSpan.FromSeconds(1), $"the commit reached the monitor after {after.TotalMilliseconds:F0} ms");
        }
        finally
        {
            await stop.CancelAsync();
            await monitor.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task OnPostgresARolledBackBumpNotifiesNobodyAndTheNextCommitDoes()
    {
        SkipUnlessPostgres();
        var replica = engines.Create(StoreEngines.Postgres);
        var importer = engines.Reopen(replica);
        // A listener of its own, as any other machine's monitor would be.
        await using var listener = await replica.PostgresPrimary!.OpenConnectionAsync(TestContext.Current.CancellationToken);
        var heard = new List<string>();
        listener.Notification += (_, n) => heard.Add(n.Channel + " " + n.Payload);
        await using (var listen = listener.CreateCommand())
        {
            listen.CommandText = "LISTEN " + Database.DataVersionChannel;
            await listen.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        using (var connection = importer.Connect())
        using (var transaction = connection.BeginTransaction())
        {
            Assert.Equal(1, importer.BumpDataVersion(connection, transaction));
            transaction.Rollback();
        }

        Assert.False(await listener.WaitAsync(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken), "a notification arrived: " + string.Join("; ", heard));
        Assert.Empty(heard);
        Assert.Equal(0, importer.ReadDataVersion().Number);

        Assert.Equal(1, Bump(importer));
        Assert.True(await listener.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken), "no notification after the commit");
        Assert.Equal([Database.DataVersionChannel + " 1"], heard);
    }

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), $"{what}: not within 20 s");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
