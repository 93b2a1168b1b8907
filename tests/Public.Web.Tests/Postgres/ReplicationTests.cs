using System.Diagnostics;
using Npgsql;
using Public.Tests.SharedData;
using Public.Web.Cli;
using Public.Web.Infrastructure.Postgres;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Postgres;

public sealed class ReplicationTests : IClassFixture<PostgresReplicaPair>
{
    private readonly PostgresReplicaPair _pair;

    public ReplicationTests(PostgresReplicaPair pair) => _pair = pair;

    [Fact]
    public void RowsWrittenOnThePrimaryAreReadableOnTheStandbyWithinOneSecond()
    {
        // A database and the schema made on the primary reach the standby as WAL, like every later write.
        var primary = _pair.Primary.CreateDatabase();
        using (var dataSource = NpgsqlDataSource.Create(primary))
        {
            PgMigrations.Apply(dataSource, TestContext.Current.CancellationToken);
        }

        var database = new NpgsqlConnectionStringBuilder(primary).Database!;
        using var standby = Connect(_pair.Standby.ConnectionStringFor(database), TimeSpan.FromSeconds(10));
        // Set-up, not yet the measure: wait until the standby has replayed the primary's WAL up to the schema.
        using (var writerLsn = new NpgsqlConnection(primary))
        {
            writerLsn.Open();
            using var lsn = new NpgsqlCommand("SELECT pg_current_wal_lsn()::text", writerLsn);
            var schemaLsn = (string)lsn.ExecuteScalar()!;
            var setup = Stopwatch.StartNew();
            using var replayed = new NpgsqlCommand("SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn", standby);
            replayed.Parameters.Add(new NpgsqlParameter { Value = schemaLsn });
            while (replayed.ExecuteScalar() is not true)
            {
                Assert.True(setup.Elapsed < TimeSpan.FromSeconds(10), "the standby did not replay the schema within 10 s");
                Thread.Sleep(10);
            }
        }

        using (var recovery = new NpgsqlCommand("SELECT pg_is_in_recovery()", standby))
        {
            Assert.Equal(true, recovery.ExecuteScalar());
        }

        using var writer = new NpgsqlConnection(primary);
        writer.Open();
        for (var round = 1; round <= 3; round++)
        {
            var key = "replication_probe_" + round;
            using (var insert = new NpgsqlCommand("INSERT INTO store_meta(key, value) VALUES ($1, $2)", writer))
            {
                insert.Parameters.Add(new NpgsqlParameter { Value = key });
                insert.Parameters.Add(new NpgsqlParameter { Value = round.ToString(System.Globalization.CultureInfo.InvariantCulture) });
                insert.ExecuteNonQuery();
            }

            // Committed on the primary: from now on the standby has one second to show it.
            var waited = Stopwatch.StartNew();
            string? seen = null;
            while (waited.Elapsed < TimeSpan.FromSeconds(5))
            {
                using var read = new NpgsqlCommand("SELECT value FROM store_meta WHERE key = $1", standby);
                read.Parameters.Add(new NpgsqlParameter { Value = key });
                if ((seen = read.ExecuteScalar() as string) is not null)
                {
                    break;
                }

                Thread.Sleep(10);
            }

            Assert.Equal(round.ToString(System.Globalization.CultureInfo.InvariantCulture), seen);
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(1), $"round {round}: visible on the standby after {waited.ElapsedMilliseconds} ms");
        }

        // The standby is read-only.
        using var write = new NpgsqlCommand("INSERT INTO store_meta(key, value) VALUES ('on_standby', 'x')", standby);
        var e = Assert.Throws<PostgresException>(() => write.ExecuteNonQuery());
        Assert.Equal(PostgresErrorCodes.ReadOnlySqlTransaction, e.SqlState);
    }

    [Fact]
    public async Task AStoreCopiedToThePrimaryVerifiesOnTheStandby()
    {
        // The real 2019 H1 Jinzhou file through the real importer, with its log and a signed checkpoint (a SQLite store
        // whatever TEST_STORE says: it is migrate-store's source).
        using var app = new PublicWebApp(settings: new Dictionary<string, string> { ["Store:Provider"] = "sqlite" });
        app.Import(SharedDataLocator.RequireJinzhouHourly());
        (await app.Client.GetAsync(new Uri("/log/checkpoint", UriKind.Relative), TestContext.Current.CancellationToken)).Dispose();

        var primary = _pair.Primary.CreateDatabase();
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.True(MigrateStoreCommand.Run(["--from", "sqlite:" + app.DatabasePath, "--to", "postgres:" + primary], output, error) == 0, output + error.ToString());

        string lsn;
        using (var writer = new NpgsqlConnection(primary))
        {
            writer.Open();
            using var current = new NpgsqlCommand("SELECT pg_current_wal_lsn()::text", writer);
            lsn = (string)current.ExecuteScalar()!;
        }

        var database = new NpgsqlConnectionStringBuilder(primary).Database!;
        using (var standby = Connect(_pair.Standby.ConnectionStringFor(database), TimeSpan.FromSeconds(10)))
        using (var replayed = new NpgsqlCommand("SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn", standby))
        {
            replayed.Parameters.Add(new NpgsqlParameter { Value = lsn });
            var waited = Stopwatch.StartNew();
            while (replayed.ExecuteScalar() is not true)
            {
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "the standby did not replay the copy within 30 s");
                Thread.Sleep(20);
            }
        }

        // The whole check (every row, every hash, the root SQLite signed) reads the standby alone.
        using var replica = NpgsqlDataSource.Create(_pair.Standby.ConnectionStringFor(database));
        var report = StoreVerification.Run(app.DatabasePath, replica, TestContext.Current.CancellationToken);
        Assert.True(report.Verified, string.Join("\n", report.Findings));
        Assert.Contains(report.Tables, t => t.Table == "station_hour" && t.PostgresRows > 17_000);
        Assert.NotEmpty(report.Roots);
        Assert.All(report.Roots, r => Assert.True(r.Equal, $"root at {r.TreeSize}"));
    }

    /// <summary>Connects, waiting for the database to exist on the standby (it arrives with the WAL).</summary>
    private static NpgsqlConnection Connect(string connectionString, TimeSpan patience)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var connection = new NpgsqlConnection(connectionString);
            try
            {
                connection.Open();
                return connection;
            }
            catch (PostgresException) when (waited.Elapsed < patience)
            {
                connection.Dispose();
                Thread.Sleep(20);
            }
        }
    }
}
