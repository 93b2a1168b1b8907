using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Public.Web.Tests.Postgres;

namespace Public.Web.Tests.Hosting;

/// <summary>
/// Which engine the apps of this test process store their data in: the environment variable <c>TEST_STORE</c>
/// (<c>sqlite</c>, the default, or <c>postgres</c>). On PostgreSQL, one real server serves the whole test process
/// (started on first use, stopped when the process exits) and every app gets a fresh database of its own on it, so
/// each test still owns its data. An app opening an existing SQLite file, or given its own <c>Store:Provider</c>, keeps it.
/// </summary>
public static class TestStore
{
    public const string Variable = "TEST_STORE";

    public static string Engine { get; } = Select();

    public static bool IsPostgres => Engine == StoreEngines.Postgres;

    private static readonly Lazy<PostgresServer> Server = new(StartServer, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The one PostgreSQL server of the test process (the apps' databases and the engine tests' stores), started on first use.</summary>
    internal static PostgresServer PostgresServer => Server.Value;

    private static readonly StoreTemplates Sqlite = new SqliteStoreTemplates();

    private static readonly StoreTemplates Postgres = new PostgresStoreTemplates(() => Server.Value);

    /// <summary>The fresh stores and template copies of <paramref name="engine"/> (<see cref="Engine"/> when null).</summary>
    internal static StoreTemplates For(string? engine = null) => (engine ?? Engine) switch
    {
        StoreEngines.Sqlite => Sqlite,
        StoreEngines.Postgres => Postgres,
        var other => throw new ArgumentException($"unknown engine '{other}': use {StoreEngines.Sqlite} or {StoreEngines.Postgres}", nameof(engine)),
    };

    /// <summary>Opens a plain connection to the store an app was given (not through the store under test): its PostgreSQL database when it has one, else its SQLite file.</summary>
    internal static DbConnection Open(string? postgres, string sqlitePath, bool readOnly = false)
    {
        // Unpooled: a test's look leaves no idle connection behind (hundreds of test databases share one server's max_connections).
        DbConnection connection = postgres is not null
            ? new NpgsqlConnection(new NpgsqlConnectionStringBuilder(postgres) { Pooling = false }.ConnectionString)
            : new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = sqlitePath, Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWrite, Pooling = false,
            }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>Reads one number with plain SQL from the store an app was given (not through the store under test).</summary>
    internal static long Scalar(string? postgres, string sqlitePath, string sql)
    {
        using var connection = Open(postgres, sqlitePath, readOnly: true);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The trait of the test classes that run on both engines through the app (<see cref="PublicWebApp"/>): the REST,
    /// GraphQL, importer and query tests. tests/run.sh runs them a second time with <c>TEST_STORE=postgres</c>
    /// (<c>--filter Engines=both</c>); the store tests written as <see cref="StoreEngines"/> theories run both engines in
    /// every run and do not carry it, nor do browser tests and tests about SQLite itself.
    /// </summary>
    public const string EnginesTrait = "Engines";

    /// <inheritdoc cref="EnginesTrait"/>
    public const string BothEngines = "both";

    private static PostgresServer StartServer()
    {
        var server = new PostgresServer();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        return server;
    }

    private static string Select()
    {
        var text = (Environment.GetEnvironmentVariable(Variable) ?? "").Trim().ToLowerInvariant();
        return text switch
        {
            "" or StoreEngines.Sqlite => StoreEngines.Sqlite,
            StoreEngines.Postgres => StoreEngines.Postgres,
            _ => throw new InvalidOperationException($"{Variable}='{text}': use sqlite (the default) or postgres"),
        };
    }
}
