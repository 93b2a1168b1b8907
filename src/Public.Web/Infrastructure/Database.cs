using Microsoft.Data.Sqlite;

namespace Public.Web.Infrastructure;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. Each feature owns its tables and SQL; this class only
/// opens connections and runs the features' schema scripts on first use.
/// </summary>
public sealed class Database
{
    private readonly string _connectionString;

    public Database(string path)
    {
        FullPath = System.IO.Path.GetFullPath(path);
        var dir = System.IO.Path.GetDirectoryName(FullPath);
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            // Readers never block the importer and vice versa (WAL); a writer waits instead of failing.
            DefaultTimeout = 30,
            Pooling = true,
        }.ToString();

        using var connection = Open();
        Execute(connection, "PRAGMA journal_mode=WAL;");
        Execute(connection, Schema.Sql);
    }

    public string FullPath { get; }

    /// <summary>
    /// When set, receives the text of every SQL statement that SQLite itself starts on connections opened from
    /// then on (the connection set-up pragmas included). Tests count store queries with it; null costs nothing.
    /// </summary>
    internal Action<string>? StatementObserver { get; set; }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        if (StatementObserver is not null)
        {
            // SQLite's own trace hook, so nothing that runs can escape the count. The callback reads the current
            // observer, so a pooled connection traced once goes quiet when the observer is removed.
            SQLitePCL.raw.sqlite3_trace(connection.Handle, static (state, sql) => ((Database)state).StatementObserver?.Invoke(sql), this);
        }

        // NORMAL is durable in WAL mode except for the last transactions on power loss; imports are re-runnable.
        Execute(connection, "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
        return connection;
    }

    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Reads one value from the key/value table that records facts about the database itself.</summary>
    public string? GetMeta(string key)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM store_meta WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        return command.ExecuteScalar() as string;
    }

    public void SetMeta(string key, string value, SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO store_meta(key, value) VALUES ($key, $value) ON CONFLICT(key) DO UPDATE SET value = excluded.value";
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$value", value);
        command.ExecuteNonQuery();
    }
}
