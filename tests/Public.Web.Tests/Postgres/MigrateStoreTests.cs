using Microsoft.Data.Sqlite;
using Npgsql;
using Public.Web.Cli;
using Public.Web.Infrastructure;
using Public.Web.Tests.Hosting;
using Public.Web.Transparency;

namespace Public.Web.Tests.Postgres;

/// <summary>
/// The demo store (demo data up to 1 March 2019, its log and signed checkpoints), a PostgreSQL server, and one copy of
/// the store into a database of that server (made by the first test that asks), shared by the tests below: the tests
/// that only read the copy, or run the command again on it without changing it, share it; the test that tampers with
/// its target gets a file-level copy of that database (CREATE DATABASE … TEMPLATE), and the command-line test migrates
/// into a database of its own.
/// </summary>
public sealed class DemoStoreAndServer : IAsyncLifetime
{
    private readonly Lazy<(string Target, int Exit, string Out, string Err)> _migrated;

    public DemoStoreAndServer() => _migrated = new(() =>
    {
        var target = Server.CreateDatabase();
        var (exit, output, error) = MigrateStoreTests.Migrate("--from", "sqlite:" + SqlitePath, "--to", "postgres:" + target);
        return (target, exit, output, error);
    });

    public PublicWebApp App { get; } = new(demo: true, time: PublicWebApp.EarlyDemoClock, seededOnce: true,
        engine: StoreEngines.Sqlite); // whatever TEST_STORE says: migrate-store copies SQLite into PostgreSQL

    public PostgresServer Server { get; } = new();

    public string SqlitePath => App.DatabasePath;

    /// <summary>The shared copy: its connection string and what the first migrate-store into it answered (exit code, stdout, stderr).</summary>
    public (string Target, int Exit, string Out, string Err) Migrated => _migrated.Value;

    public async ValueTask InitializeAsync()
    {
        // The first request waits for the seeding and the log's first checkpoint.
        (await App.Client.GetAsync(new Uri("/log/checkpoint", UriKind.Relative))).Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Server.Dispose();
        App.Dispose();
        return ValueTask.CompletedTask;
    }
}

public sealed class MigrateStoreTests(DemoStoreAndServer demo) : IClassFixture<DemoStoreAndServer>
{
    internal static (int Exit, string Out, string Err) Migrate(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = MigrateStoreCommand.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private static SqliteConnection OpenSqlite(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return connection;
    }

    private static object? Scalar(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar();
    }

    [Fact]
    public void MigrateStoreCopiesTheDemoStoreWithItsLogAndVerifiesIt()
    {
        var (target, exit, output, error) = demo.Migrated;
        TestContext.Current.TestOutputHelper?.WriteLine(output + error);
        Assert.True(exit == 0, output + error);
        Assert.Contains("verified", output, StringComparison.Ordinal);

        // Independently of the command's own report: every table's row count, read with plain SQL on both sides.
        using var sqlite = OpenSqlite(demo.SqlitePath);
        using var postgres = new NpgsqlConnection(target);
        postgres.Open();
        var tables = new List<string>();
        using (var list = sqlite.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var nonEmpty = 0;
        foreach (var table in tables)
        {
            using var count = sqlite.CreateCommand();
            count.CommandText = $"SELECT count(*) FROM \"{table}\"";
            var rows = (long)count.ExecuteScalar()!;
            Assert.True(rows == (long)Scalar(postgres, $"SELECT count(*) FROM \"{table}\"")!, $"{table}: {rows} rows in SQLite");
            nonEmpty += rows > 0 ? 1 : 0;
        }

        // The demo store really is a store: air quality, penalties, enterprises, the log... (not a handful of empty tables).
        Assert.True(nonEmpty >= 15, $"only {nonEmpty} of {tables.Count} demo tables have rows");
        Assert.True((long)Scalar(postgres, "SELECT count(*) FROM station_hour")! > 1000);

        // The log: the tree rebuilt from the copied leaf bytes (RFC 6962, the in-memory tree) has SQLite's signed root.
        using var head = sqlite.CreateCommand();
        head.CommandText = "SELECT tree_size, root FROM log_head";
        using var headReader = head.ExecuteReader();
        Assert.True(headReader.Read(), "the demo store has a signed checkpoint");
        var (size, root) = (headReader.GetInt64(0), (byte[])headReader[1]);
        var tree = new MemoryTree();
        using (var leaves = new NpgsqlCommand("SELECT leaf FROM log_leaves ORDER BY idx", postgres))
        using (var reader = leaves.ExecuteReader())
        {
            while (reader.Read() && tree.Size < size)
            {
                tree.Append(Merkle.LeafHash((byte[])reader[0]));
            }
        }

        Assert.Equal(size, tree.Size);
        Assert.Equal(Convert.ToHexStringLower(root), Convert.ToHexStringLower(tree.Root()));
        Assert.Contains(Convert.ToHexStringLower(root), output, StringComparison.Ordinal);

        // A new row after the copy gets the next id, not one of the copied ones (rolled back: the copy is shared).
        var maxBatch = (long)Scalar(postgres, "SELECT max(id) FROM import_batch")!;
        using var insert = postgres.BeginTransaction();
        Assert.Equal(maxBatch + 1, (long)Scalar(postgres, "INSERT INTO import_batch(kind, started_at, status) VALUES ('test', '2019-03-01T00:00:00Z', 'done') RETURNING id")!);
        insert.Rollback();
    }

    [Fact]
    public void RunAgainOnTheSameStoreItCopiesNothingAndVerifiesAgain()
    {
        var target = demo.Migrated.Target;
        Assert.Equal(0, demo.Migrated.Exit);
        var (exit, output, error) = Migrate("--from=sqlite:" + demo.SqlitePath, "--to=postgres:" + target);
        Assert.True(exit == 0, output + error);
        Assert.Contains("nothing copied, verifying again", output, StringComparison.Ordinal);
        Assert.Contains("verified", output, StringComparison.Ordinal);
    }

    [Fact]
    public void ATamperedCopyIsDetectedAndTheTableAndRowAreNamed()
    {
        // A database of its own holding the verified copy: PostgreSQL's file-level copy of the shared one (the same bytes
        // a second migrate-store would write, without its copy and verification over again).
        Assert.Equal(0, demo.Migrated.Exit);
        var target = CloneOf(demo.Migrated.Target);
        using (var postgres = new NpgsqlConnection(target))
        {
            postgres.Open();
            // The append-only triggers would refuse: a superuser switches them off for this session, as an attacker could.
            Scalar(postgres, "SET session_replication_role = replica");
            var pm25 = Scalar(postgres, "SELECT pm25 FROM station_hour WHERE pm25 IS NOT NULL ORDER BY station, hour_end, version LIMIT 1");
            Scalar(postgres, """
                UPDATE log_records SET bytes = set_byte(bytes, 0, get_byte(bytes, 0) # 1)
                WHERE (dataset, record_id, version) = (SELECT dataset, record_id, version FROM log_records ORDER BY dataset, record_id, version LIMIT 1)
                """);
            Scalar(postgres, """
                UPDATE station_hour SET pm25 = pm25 + 1
                WHERE (station, hour_end, version) = (SELECT station, hour_end, version FROM station_hour WHERE pm25 IS NOT NULL ORDER BY station, hour_end, version LIMIT 1)
                """);
            Assert.NotNull(pm25);
        }

        var (exit, output, error) = Migrate("--from", "sqlite:" + demo.SqlitePath, "--to", "postgres:" + target);
        Assert.Equal(1, exit);
        Assert.Contains("NOT verified", output, StringComparison.Ordinal);
        Assert.Contains("verification failed", error, StringComparison.Ordinal);

        string first;
        using (var sqlite = OpenSqlite(demo.SqlitePath))
        using (var command = sqlite.CreateCommand())
        {
            command.CommandText = "SELECT dataset, record_id, version FROM log_records ORDER BY dataset, record_id, version LIMIT 1";
            using var reader = command.ExecuteReader();
            reader.Read();
            first = $"log_records (dataset='{reader.GetString(0)}', record_id='{reader.GetString(1)}', version={reader.GetInt64(2)})";
        }

        // Named twice: the row differs from SQLite's, and its SHA-256 recomputed from the bytes is not the one stored.
        Assert.Contains(first + ": 列 bytes 不同 / column bytes differs", output, StringComparison.Ordinal);
        Assert.Contains(first + ": 由复制的字节重算的 SHA-256", output, StringComparison.Ordinal);
        Assert.Contains("station_hour (station=", output, StringComparison.Ordinal);
        Assert.Contains("column pm25 differs", output, StringComparison.Ordinal);
    }

    /// <summary>A new database of the test server that is a copy of <paramref name="connectionString"/>'s (no session may be open on it).</summary>
    private string CloneOf(string connectionString)
    {
        var source = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        var name = "t_" + Guid.NewGuid().ToString("N")[..12];
        using (var admin = new NpgsqlConnection(demo.Server.AdminConnectionString))
        {
            admin.Open();
            Scalar(admin, $"CREATE DATABASE {name} TEMPLATE {source} STRATEGY FILE_COPY");
        }

        return demo.Server.ConnectionStringFor(name);
    }

    [Fact]
    public void ATargetHoldingAnotherStoreIsRefused()
    {
        var target = demo.Migrated.Target;
        Assert.Equal(0, demo.Migrated.Exit);
        var folder = Directory.CreateTempSubdirectory("pg-other-").FullName;
        try
        {
            // Another store: its own random store_id.
            var other = Path.Combine(folder, "other.db");
            _ = new Database(other);
            var (exit, output, error) = Migrate("--from", "sqlite:" + other, "--to", "postgres:" + target);
            Assert.Equal(1, exit);
            Assert.Contains("--to: the target database is not empty", error, StringComparison.Ordinal);
            Assert.Contains("log_leaves", error, StringComparison.Ordinal);
            Assert.DoesNotContain("copied and committed", output, StringComparison.Ordinal);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData(new[] { "--to", "postgres:Host=x" }, "--from sqlite:PATH is missing")]
    [InlineData(new[] { "--from", "data/public.db", "--to", "postgres:Host=x" }, "--from must be sqlite:PATH, not 'data/public.db'")]
    [InlineData(new[] { "--from", "sqlite:x.db" }, "--to postgres:CONNECTIONSTRING is missing")]
    [InlineData(new[] { "--from", "sqlite:x.db", "--to", "mysql:Host=x;Password=secret" }, "--to must be postgres:CONNECTIONSTRING (e.g. postgres:Host=db;Database=bluesky;Username=u), not 'mysql:Host=x;Password=***'")]
    [InlineData(new[] { "--from", "sqlite:x.db", "--to", "postgres:Hots=x" }, "--to is not a valid PostgreSQL connection string")]
    [InlineData(new[] { "--from", "sqlite:x.db", "--to", "postgres:Host=x", "--fast" }, "unknown argument '--fast'")]
    public void BadArgumentsAreAUsageErrorNamingTheParameter(string[] args, string message)
    {
        var (exit, _, error) = Migrate(args);
        Assert.Equal(2, exit);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingSourceFileIsNamed()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-store-" + Guid.NewGuid().ToString("N") + ".db");
        var target = demo.Server.CreateDatabase();
        var (exit, _, error) = Migrate("--from", "sqlite:" + missing, "--to", "postgres:" + target);
        Assert.Equal(1, exit);
        Assert.Contains("--from: no SQLite store at " + missing, error, StringComparison.Ordinal);
        Assert.False(File.Exists(missing), "the source is only read, never created");
        // Checked before the target was touched: no migration was applied to it.
        using var postgres = new NpgsqlConnection(target);
        postgres.Open();
        Assert.Equal(true, Scalar(postgres, "SELECT to_regclass('schema_migrations') IS NULL"));
    }

    [Fact]
    public async Task TheCommandLineRunsMigrateStoreAndTheServerStartsOnTheCopyAnsweringAsTheSqliteStoreDoes()
    {
        var folder = Directory.CreateTempSubdirectory("pg-cli-").FullName;
        try
        {
            // The command line's verb on a database of its own holding the shared copy (PostgreSQL's file-level copy): the
            // process parses its arguments, finds the copy complete and verifies it again, every row and record hash. The
            // copying itself is the same MigrateStoreCommand.Run that the first test calls in-process; copying the demo
            // store once more here cost about 40 s of a loaded CI run and checked nothing the first test does not.
            Assert.Equal(0, demo.Migrated.Exit);
            var target = CloneOf(demo.Migrated.Target);
            var copy = await AppProcess.RunAsync(folder, "migrate-store", "--from", "sqlite:" + demo.SqlitePath, "--to", "postgres:" + target);
            Assert.True(copy.Exit == 0, copy.Stdout + copy.Stderr);
            Assert.Contains("nothing copied, verifying again", copy.Stdout, StringComparison.Ordinal);
            Assert.Contains("verified", copy.Stdout, StringComparison.Ordinal);

            // The second documented path: the same binary, Store:Provider=postgres, the copy's primary, the log's key.
            var port = RedisServer.FreePort();
            using var server = ServerProcess.Start(folder, "--Store:Provider=postgres", "--ConnectionStrings:Postgres=" + target, "--Store:Demo=false",
                "--Log:PrivateKeyFile=" + demo.SqlitePath + Public.Web.Transparency.LogKey.GeneratedSuffix, "--urls", $"http://127.0.0.1:{port}");
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var ready = await server.WaitReadyAsync(client);
            // The data version the copy serves is the SQLite store's (read from its file, not through the app).
            using (var sqlite = OpenSqlite(demo.SqlitePath))
            using (var version = sqlite.CreateCommand())
            {
                version.CommandText = "SELECT value FROM store_meta WHERE key = 'data_version'";
                Assert.Equal(long.Parse((string)version.ExecuteScalar()!, System.Globalization.CultureInfo.InvariantCulture),
                    ready.GetProperty("store").GetProperty("dataVersion").GetInt64());
            }

            // The signed checkpoint and a list answer as the SQLite store's app does.
            foreach (var path in new[] { "/log/checkpoint", "/api/v1/penalties?limit=5", "/api/v1/stations" })
            {
                var expected = Normalize(await demo.App.Client.GetStringAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken));
                var actual = Normalize(await client.GetStringAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken));
                Assert.Equal(expected, actual);
            }

            var unknown = await AppProcess.RunAsync(folder, "--Store:Provider=mysql", "--urls", "http://127.0.0.1:0");
            Assert.Equal(1, unknown.Exit);
            Assert.Contains("Store:Provider must be sqlite or postgres, not 'mysql'", unknown.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        // generatedAt is the time of the answer, not of the data.
        static string Normalize(string body) => System.Text.RegularExpressions.Regex.Replace(body, "\"generatedAt\":\"[^\"]*\"", "\"generatedAt\":\"\"");
    }
}
