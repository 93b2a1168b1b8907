using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Npgsql;
using Public.Web.Infrastructure.Data;
using Public.Web.Infrastructure.Postgres;

namespace Public.Web.Infrastructure;

/// <summary>
/// The store: by default one SQLite file in WAL mode (the embedded engine), or a PostgreSQL database. Each feature owns
/// its tables and SQL; this class opens connections (<see cref="Connect"/>: ADO.NET base types for the configured
/// engine, with its <see cref="Dialect"/>), creates or migrates the schema on first use and keeps the data version.
/// Stores not yet ported to PostgreSQL still call <see cref="Open"/>, which is SQLite only. On PostgreSQL with read
/// replicas, <see cref="Connect"/> is also where reads are routed (<see cref="ReadReplicas"/>): the one place that decides.
/// </summary>
public sealed class Database : IDisposable
{
    private readonly string _connectionString = "";
    private readonly NpgsqlDataSource? _postgres;
    private readonly ReadReplicas? _replicas;
    private readonly bool _ownsDataSources;

    /// <summary>A PostgreSQL store on <paramref name="primary"/>: applies the migrations (<see cref="PgMigrations"/>) and names the store.</summary>
    private Database(NpgsqlDataSource primary, NpgsqlDataSource? replicas, ReplicaOptions? replicaOptions, bool ownsDataSources)
    {
        _postgres = primary;
        _replicas = replicas is null ? null : new ReadReplicas(replicas, replicaOptions ?? new ReplicaOptions());
        _ownsDataSources = ownsDataSources;
        var settings = new NpgsqlConnectionStringBuilder(primary.ConnectionString);
        FullPath = string.Create(CultureInfo.InvariantCulture, $"postgres://{settings.Host}:{settings.Port}/{settings.Database}");
        PgMigrations.Apply(primary);
        using var connection = ConnectPrimary();
        Schema.Upgrade(connection);
        NameStore(connection);
    }

    /// <summary>
    /// The store on PostgreSQL: <paramref name="primary"/> takes every write and every read outside a
    /// <see cref="ReadOnlyIntent"/>; <paramref name="replicas"/>, when given, answer the reads inside one. The caller keeps
    /// the data sources (tests share them) unless <paramref name="ownsDataSources"/>; the app's own are disposed with it
    /// (<see cref="FromSettings"/>).
    /// </summary>
    internal static Database OnPostgres(NpgsqlDataSource primary, NpgsqlDataSource? replicas = null, ReplicaOptions? replicaOptions = null,
        bool ownsDataSources = false) =>
        new(primary, replicas, replicaOptions, ownsDataSources);

    /// <summary>The store the settings name (<see cref="StoreProvider"/>): the SQLite file at <paramref name="sqlitePath"/>, or PostgreSQL.</summary>
    internal static Database FromSettings(StoreProvider settings, string sqlitePath)
    {
        if (!settings.IsPostgres)
        {
            return new Database(sqlitePath);
        }

        var primary = NpgsqlDataSource.Create(settings.Postgres!);
        var replicas = settings.PostgresRead is { } read ? NpgsqlDataSource.Create(read) : null;
        try
        {
            return new Database(primary, replicas, settings.Replicas, ownsDataSources: true);
        }
        catch
        {
            primary.Dispose();
            replicas?.Dispose();
            throw;
        }
    }

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
        Schema.Upgrade(connection);
        NameStore(connection);
    }

    /// <summary>Which engine this store runs on, and the few SQL differences between them.</summary>
    public StoreDialect Dialect => _postgres is null ? StoreDialect.Sqlite : StoreDialect.Postgres;

    // A random identity of this store, so that caches shared by several stores (one Redis) never mix them up.
    private static void NameStore(DbConnection connection) =>
        connection.Execute(null, "INSERT INTO store_meta(key, value) VALUES (@key, @value) ON CONFLICT(key) DO NOTHING",
            ("@key", StoreIdKey), ("@value", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))));

    public const string DataVersionKey = "data_version";
    public const string DataVersionAtKey = "data_version_at";
    public const string StoreIdKey = "store_id";

    /// <summary>
    /// On PostgreSQL, the channel on which <see cref="BumpDataVersion"/> notifies the new version (its number as the payload)
    /// and <c>DataVersionMonitor</c> listens. PostgreSQL delivers a notification when its transaction commits and drops it
    /// when it rolls back; channels are per database, so two stores on one server never hear each other.
    /// </summary>
    public const string DataVersionChannel = "data_version";

    private long _highestLocalBump;

    /// <summary>The SQLite file's full path; on PostgreSQL, <c>postgres://host:port/database</c> (no credentials), for messages.</summary>
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
    /// version, so a cached answer can never outlive the data it came from. Returns the new version. On PostgreSQL it
    /// also notifies <see cref="DataVersionChannel"/> in the same transaction: delivered at commit, never for a rollback.
    /// </summary>
    public long BumpDataVersion(DbConnection connection, DbTransaction transaction)
    {
        // The time as SQLite's strftime('%Y-%m-%dT%H:%M:%fZ', 'now') wrote it (milliseconds, UTC), computed here for both engines.
        SetMeta(DataVersionAtKey, DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture), connection, transaction);
        var version = connection.Long(transaction, """
            INSERT INTO store_meta(key, value) VALUES (@key, '1')
                ON CONFLICT(key) DO UPDATE SET value = CAST(CAST(store_meta.value AS BIGINT) + 1 AS TEXT)
                RETURNING CAST(value AS BIGINT)
            """, ("@key", DataVersionKey));
        if (_postgres is not null)
        {
            connection.Execute(transaction, "SELECT pg_notify(@channel, @version)", ("@channel", DataVersionChannel), ("@version", version.ToString(CultureInfo.InvariantCulture)));
        }

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
        // Always the primary: this is how a replica of the app learns that there is a newer version to wait for.
        using var connection = ConnectPrimary();
        using var command = connection.Command(null, $"SELECT key, value FROM store_meta WHERE key IN ('{DataVersionKey}', '{DataVersionAtKey}', '{StoreIdKey}')");
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
    /// When set, receives the text of every SQL statement the store runs from then on. On SQLite: what SQLite itself
    /// starts on connections opened from then on (its trace hook; the connection set-up pragmas included). On PostgreSQL:
    /// every command and batch Npgsql sends to this store's database on its server (Npgsql's own tracing, the
    /// <c>Npgsql</c> activity source, so nothing the app runs through Npgsql escapes; a batch is one text). Tests count
    /// store queries with it; null costs nothing.
    /// </summary>
    internal Action<string>? StatementObserver
    {
        get => _statementObserver;
        set
        {
            _statementObserver = value;
            if (_postgres is not null)
            {
                ObservePostgres(value is not null);
            }
        }
    }

    private Action<string>? _statementObserver;
    private System.Diagnostics.ActivityListener? _postgresListener;

    // One listener while observed. The activity source is process-wide (other stores' commands too), so an activity
    // counts only when its database and server port are this store's (primary's).
    private void ObservePostgres(bool on)
    {
        lock (_observerGate)
        {
            _postgresListener?.Dispose();
            _postgresListener = null;
            if (!on)
            {
                return;
            }

            var target = new NpgsqlConnectionStringBuilder(_postgres!.ConnectionString);
            var database = target.Database ?? target.Username;
            var port = target.Port.ToString(CultureInfo.InvariantCulture);
            var listener = new System.Diagnostics.ActivityListener
            {
                ShouldListenTo = source => source.Name == "Npgsql",
                Sample = static (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) =>
                    System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
                // Stopped, not started: Npgsql tags the server (address, port) once the command has its connection.
                ActivityStopped = activity =>
                {
                    if (activity.GetTagItem("db.query.text") is string sql
                        && Equals(activity.GetTagItem("db.namespace") as string, database)
                        && Convert.ToString(activity.GetTagItem("server.port"), CultureInfo.InvariantCulture) == port)
                    {
                        _statementObserver?.Invoke(sql);
                    }
                },
            };
            System.Diagnostics.ActivitySource.AddActivityListener(listener);
            _postgresListener = listener;
        }
    }

    private readonly Lock _observerGate = new();

    /// <summary>The PostgreSQL primary's data source (null on SQLite), for what needs a connection of its own: the monitor's LISTEN.</summary>
    internal NpgsqlDataSource? PostgresPrimary => _postgres;

    /// <summary>
    /// An open connection to the store, on whichever engine it runs: what ported stores use. On PostgreSQL inside a
    /// <see cref="ReadOnlyIntent"/>, a read replica that has replayed the version the intent needs, when one is
    /// configured and answers; otherwise (and always for writers) the primary.
    /// </summary>
    public DbConnection Connect()
    {
        if (_replicas is not null && ReadOnlyIntent.Current is { PrimaryOnly: false } intent && _replicas.TryConnect(intent.AtLeast) is { } replica)
        {
            intent.UsedReplica = true;
            return replica;
        }

        return ConnectPrimary();
    }

    /// <summary>The primary (on SQLite, the one file), even inside a read-only intent.</summary>
    public DbConnection ConnectPrimary() => _postgres is { } postgres ? postgres.OpenConnection() : Open();

    /// <summary>Whether reads may be answered by read replicas (PostgreSQL with <c>ConnectionStrings:PostgresRead</c>).</summary>
    public bool HasReplicas => _replicas is not null;

    /// <summary>The replicas' counters (reads, reads sent to the primary because of lag, failures); null without replicas.</summary>
    internal ReadReplicas? Replicas => _replicas;

    /// <summary>
    /// A read of <paramref name="intent"/> failed on a replica with <paramref name="e"/>: true when it should run again on
    /// the primary (the replica is then left alone for a while); false when the failure is not the replica's.
    /// </summary>
    public bool ReplicaFailed(ReadOnlyIntent intent, Exception e)
    {
        if (_replicas is null || !intent.UsedReplica || intent.PrimaryOnly || !ReadReplicas.IsReplicaFailure(e))
        {
            return false;
        }

        _replicas.Failed(e);
        intent.PrimaryOnly = true;
        return true;
    }

    public void Dispose()
    {
        _postgresListener?.Dispose();
        if (_ownsDataSources)
        {
            _postgres?.Dispose();
            _replicas?.Dispose();
        }
    }

    /// <summary>
    /// An open SQLite connection, for the stores not yet ported to the engine-neutral <see cref="Connect"/> and for the
    /// SQLite-only hot paths that need the native handle. On PostgreSQL it refuses, naming what is not ported.
    /// </summary>
    public SqliteConnection Open()
    {
        if (_postgres is not null)
        {
            throw new StoreNotPortedException(
                "此功能的存储尚未移植到 PostgreSQL（仍使用 Database.Open()） / this feature's store is not yet ported to PostgreSQL (it still calls Database.Open()); see content/docs/postgres.md");
        }

        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        if (StatementObserver is not null)
        {
            // SQLite's own trace hook, so nothing that runs can escape the count. The callback reads the current
            // observer, so a pooled connection traced once goes quiet when the observer is removed.
            SQLitePCL.raw.sqlite3_trace(connection.Handle, static (state, sql) => ((Database)state).StatementObserver?.Invoke(sql), this);
        }

        // NORMAL is durable in WAL mode except for the last transactions on power loss; imports are re-runnable. Set once
        // per SQLite connection: a pooled one keeps them (nothing here changes them back), and preparing and running the
        // two statements on every Open was 5 % of the CPU of the server's export after a new day.
        if (!Configured.TryGetValue(connection.Handle!, out _))
        {
            Execute(connection, "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
            Configured.AddOrUpdate(connection.Handle!, Configured);
        }

        return connection;
    }

    /// <summary>The SQLite connections (native handles, pooled across opens) whose set-up pragmas have run.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> Configured = new();

    public static void Execute(DbConnection connection, string sql, DbTransaction? transaction = null) => connection.Execute(transaction, sql);

    /// <summary>Reads one value from the key/value table that records facts about the database itself.</summary>
    public string? GetMeta(string key)
    {
        using var connection = Connect();
        using var command = connection.Command(null, "SELECT value FROM store_meta WHERE key = @key", ("@key", key));
        return command.ExecuteScalar() as string;
    }

    public void SetMeta(string key, string value, DbConnection connection, DbTransaction? transaction = null) =>
        connection.Execute(transaction, "INSERT INTO store_meta(key, value) VALUES (@key, @value) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            ("@key", key), ("@value", value));
}

/// <summary>A store that runs on SQLite only was asked for on PostgreSQL: the message says so, in Chinese and English.</summary>
public sealed class StoreNotPortedException(string message) : Exception(message);

/// <summary>Which store, which change of its data (0 before the first import or seed), and when that change was committed.</summary>
public sealed record DataVersion(string StoreId, long Number, DateTimeOffset? At);
