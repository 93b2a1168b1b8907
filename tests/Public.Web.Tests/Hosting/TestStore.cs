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

    /// <summary>The settings of a fresh store on the selected engine (none on SQLite: the app's <c>Store:Path</c> is it).</summary>
    internal static Dictionary<string, string> FreshStore() => IsPostgres
        ? new() { ["Store:Provider"] = StoreEngines.Postgres, ["ConnectionStrings:Postgres"] = Server.Value.CreateDatabase() }
        : [];

    /// <summary>Reads one number with plain SQL from the store an app was given (not through the store under test).</summary>
    internal static long Scalar(string? postgres, string sqlitePath, string sql)
    {
        if (postgres is not null)
        {
            using var pg = new NpgsqlConnection(postgres);
            pg.Open();
            using var command = new NpgsqlCommand(sql, pg);
            return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = sqlitePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var sqlite = connection.CreateCommand();
        sqlite.CommandText = sql;
        return Convert.ToInt64(sqlite.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

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
