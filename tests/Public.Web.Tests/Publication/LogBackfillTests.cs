using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Publication;
using Public.Web.Penalties.Import;
using Public.Web.Tests.Hosting;
using Public.Web.Tests.Penalties;

namespace Public.Web.Tests.Publication;

/// <summary>
/// A store from before the log (its records imported, its log tables empty, as an earlier release left it): on start
/// the server logs every record version in one back-fill batch, each record's versions in order with the previous
/// version's hash, and the store check is clean; a second start publishes nothing more.
/// </summary>
public sealed class LogBackfillTests : IDisposable
{
    private const string First = """
        date,hour,type,1767A,1768A
        20190301,1,AQI,57,60
        20190301,1,PM2.5,40,43
        20190301,2,PM2.5,41,44
        """;

    // The same hours again with one value corrected: 1767A at 01:00 gets a version 2.
    private const string Corrected = """
        date,hour,type,1767A,1768A
        20190301,1,AQI,57,60
        20190301,1,PM2.5,39,43
        20190301,2,PM2.5,41,44
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("log-backfill-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void AStoreWithoutLeavesGetsEveryRecordVersionLoggedOnStartOnce()
    {
        var database = Path.Combine(_folder, "old.db");
        using (var app = new PublicWebApp(databasePath: database))
        {
            Assert.True(app.Import(app.WriteText("china_sites_20190301.csv", First)).Clean);
            Assert.True(app.Import(app.WriteText("china_sites_20190301_corrected.csv", Corrected)).Clean);
            Assert.True(app.Services.GetRequiredService<PenaltyImporter>().Import([app.WriteText("p.csv", PenaltyRows.Csv(PenaltyRows.Valid("测试罚〔2019〕31号")))]).Clean);
        }

        SqliteConnection.ClearAllPools();
        // A store of an earlier release never ran the back-fill.
        Assert.Equal(1, LogFacts.Scalar(database, $"SELECT COUNT(*) FROM store_meta WHERE key = '{LogBackfill.DoneMetaKey}'"));
        Edit(database, $"DELETE FROM store_meta WHERE key = '{LogBackfill.DoneMetaKey}'");
        var versions = LogFacts.Scalar(database, "SELECT (SELECT COUNT(*) FROM station_hour) + (SELECT COUNT(*) FROM penalty_version)");
        // Four station-hours, one of them corrected (a second version), and a penalty decision.
        Assert.Equal(6, versions);
        Assert.Equal(2, LogFacts.Scalar(database, "SELECT MAX(version) FROM station_hour"));
        ForgetTheLog(database);
        Assert.Equal(
            [TamperKind.NotLogged, TamperKind.NotLogged, TamperKind.NotLogged, TamperKind.NotLogged, TamperKind.NotLogged],
            StoreTamperCheck.Run(new Database(database)).Select(f => f.Kind));
        SqliteConnection.ClearAllPools();

        using (var app = new PublicWebApp(databasePath: database))
        {
            // One back-fill batch of every version (the leaves' envelopes, hashes and previous-version chain checked by LogFacts).
            var records = LogFacts.AssertOneBatch(database, 0, LogBackfill.Kind);
            Assert.Equal(6, records.Count);
            var hour = records.Where(r => r.Id == "1767A.2019-03-01T01").ToList();
            Assert.Equal([1L, 2L], hour.Select(r => r.Version!.Value));
            Assert.Contains($"\nprevious {hour[0].Sha256}\n", hour[1].Envelope, StringComparison.Ordinal);
            Assert.Empty(StoreTamperCheck.Run(app.Services.GetRequiredService<Database>()));
        }

        // Started again: nothing more is logged. A row slipped in behind the pipeline's back is not laundered into the
        // log by a later start (the back-fill ran once): the store check names it.
        SqliteConnection.ClearAllPools();
        Edit(database, "INSERT INTO station_hour (station, hour_end, version, recorded_at, batch_id, source, pm25) VALUES ('1769A', 1551373200, 1, '2026-01-01T00:00:00Z', 1, 'edited', 1)");
        using (var again = new PublicWebApp(databasePath: database))
        {
            Assert.Equal(7, LogFacts.Leaves(database).Count);
            Assert.Equal(7, LogFacts.CheckpointSize(database));
            var finding = Assert.Single(StoreTamperCheck.Run(again.Services.GetRequiredService<Database>()));
            Assert.Equal((TamperKind.NotLogged, "station-hours", "1769A.2019-03-01T01"), (finding.Kind, finding.Dataset, finding.Id));
        }
    }

    [Fact]
    public async Task AnImportFromTheCommandLineIntoAStoreWithoutLeavesBackFillsItFirstSoTheChainHolds()
    {
        var database = Path.Combine(_folder, "old-cli.db");
        using (var app = new PublicWebApp(databasePath: database))
        {
            Assert.True(app.Import(app.WriteText("china_sites_20190301.csv", First)).Clean);
        }

        SqliteConnection.ClearAllPools();
        Edit(database, $"DELETE FROM store_meta WHERE key = '{LogBackfill.DoneMetaKey}'");
        ForgetTheLog(database);
        var corrected = Path.Combine(_folder, "china_sites_20190301_corrected.csv");
        File.WriteAllText(corrected, Corrected);

        // The import runs before any server start: the back-fill still comes first, then the import's batch.
        var (exit, stdout, stderr) = await Public.Web.Tests.Hosting.AppProcess.RunAsync(_folder, "import", "cnemc", corrected, "--db", database);
        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        SqliteConnection.ClearAllPools();
        // The back-fill batch first: the four station-hours of the first import, then its batch leaf.
        var leaves = LogFacts.Leaves(database);
        Assert.Equal(["record", "record", "record", "record", "batch"], leaves.Take(5).Select(l => l.Kind));
        Assert.Contains($"\nsource {LogBackfill.Kind}\n", leaves[4].Envelope, StringComparison.Ordinal);
        var import = LogFacts.AssertOneBatch(database, 5, "cnemc");
        var version2 = Assert.Single(import);
        Assert.Equal(("1767A.2019-03-01T01", 2L), (version2.Id, version2.Version!.Value));
        // Its previous version is the back-filled version 1, not "none" (AssertOneBatch checks the envelope's chain).
        Assert.DoesNotContain("\nprevious none\n", version2.Envelope, StringComparison.Ordinal);
        Assert.Empty(StoreTamperCheck.Run(new Database(database)));
    }

    private static void Edit(string database, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Empties the log's tables (their append-only triggers dropped first), as a store of an earlier release has them.</summary>
    private static void ForgetTheLog(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            DROP TRIGGER log_leaves_no_delete; DROP TRIGGER log_records_no_delete; DROP TRIGGER log_nodes_no_delete;
            DROP TRIGGER log_checkpoints_no_delete; DROP TRIGGER log_head_no_delete;
            DELETE FROM log_leaves; DELETE FROM log_records; DELETE FROM log_nodes; DELETE FROM log_checkpoints; DELETE FROM log_head;
            """;
        command.ExecuteNonQuery();
    }
}
