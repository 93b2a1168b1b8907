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
        // A random identity of this store, so that caches shared by several stores (one Redis) never mix them up.
        Execute(connection, $"INSERT OR IGNORE INTO store_meta(key, value) VALUES ('{StoreIdKey}', lower(hex(randomblob(16))));");
    }

    public const string DataVersionKey = "data_version";
    public const string DataVersionAtKey = "data_version_at";
    public const string StoreIdKey = "store_id";

    private long _highestLocalBump;

    public string FullPath { get; }

    /// <summary>
    /// The highest data version that a transaction of this process has written, committed or not yet: a reader
    /// that has seen less re-reads the store, so that an import is visible to this process the moment it commits.
    /// </summary>
    public long HighestLocalBump => Interlocked.Read(ref _highestLocalBump);

    /// <summary>Raised inside <see cref="BumpDataVersion"/>, before the commit, with the version being written.</summary>
    public event Action<long>? DataVersionBumped;

    /// <summary>
    /// Counts one change of the published data: every import or seed calls this inside its own transaction,
    /// right before <c>Commit</c>, so the data version moves if and only if the data do. Caches key on this
    /// version, so a cached answer can never outlive the data it came from. Returns the new version.
    /// </summary>
    public long BumpDataVersion(SqliteConnection connection, SqliteTransaction transaction)
    {
        Execute(connection, $"""
            INSERT INTO store_meta(key, value) VALUES ('{DataVersionAtKey}', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
                ON CONFLICT(key) DO UPDATE SET value = excluded.value;
            """, transaction);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            INSERT INTO store_meta(key, value) VALUES ('{DataVersionKey}', '1')
                ON CONFLICT(key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)
                RETURNING CAST(value AS INTEGER);
            """;
        var version = Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        long seen;
        while ((seen = Interlocked.Read(ref _highestLocalBump)) < version && Interlocked.CompareExchange(ref _highestLocalBump, version, seen) != seen)
        {
        }

        DataVersionBumped?.Invoke(version);
        return version;
    }

    /// <summary>Forgets a local bump that never became visible (its transaction rolled back).</summary>
    public void ForgetLocalBumpsAbove(long visibleVersion)
    {
        long seen;
        while ((seen = Interlocked.Read(ref _highestLocalBump)) > visibleVersion && Interlocked.CompareExchange(ref _highestLocalBump, visibleVersion, seen) != seen)
        {
        }
    }

    /// <summary>The committed data version, its time and the store's identity, read in one statement.</summary>
    public DataVersion ReadDataVersion()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT key, value FROM store_meta WHERE key IN ('{DataVersionKey}', '{DataVersionAtKey}', '{StoreIdKey}')";
        using var reader = command.ExecuteReader();
        long number = 0;
        DateTimeOffset? at = null;
        var storeId = "";
        while (reader.Read())
        {
            var value = reader.GetString(1);
            switch (reader.GetString(0))
            {
                case DataVersionKey:
                    number = long.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case DataVersionAtKey:
                    at = DateTimeOffset.Parse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);
                    break;
                default:
                    storeId = value;
                    break;
            }
        }

        return new DataVersion(storeId, number, at);
    }

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

/// <summary>Which store, which change of its data (0 before the first import or seed), and when that change was committed.</summary>
public sealed record DataVersion(string StoreId, long Number, DateTimeOffset? At);
