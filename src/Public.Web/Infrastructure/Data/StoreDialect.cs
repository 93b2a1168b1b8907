using System.Data.Common;
using System.Globalization;
using System.Text;
using Npgsql;

namespace Public.Web.Infrastructure.Data;

/// <summary>
/// The few real differences between the store's two engines, said once. Everything else is SQL both engines accept
/// (<c>@name</c> parameters, <c>ON CONFLICT … DO NOTHING/DO UPDATE</c>, <c>RETURNING</c>, <c>NULLS LAST</c>,
/// <c>CAST(… AS BIGINT)</c>, <c>-&gt;&gt;</c>) and times computed in C# and passed as parameters. The checklist for porting a
/// store is in content/docs/postgres.md.
/// </summary>
public sealed class StoreDialect
{
    public static readonly StoreDialect Sqlite = new(false);
    public static readonly StoreDialect Postgres = new(true);

    private StoreDialect(bool postgres) => IsPostgres = postgres;

    public bool IsPostgres { get; }

    public string Name => IsPostgres ? "postgres" : "sqlite";

    /// <summary>The dialect of an open connection (any connection the <see cref="Database"/> hands out).</summary>
    public static StoreDialect Of(DbConnection connection) => connection is NpgsqlConnection ? Postgres : Sqlite;

    /// <summary>
    /// The LIKE that ignores ASCII case only: SQLite's LIKE does exactly that; PostgreSQL's LIKE is case-sensitive and
    /// its ILIKE under the store's "C" collation folds ASCII letters only, so both answer the same.
    /// </summary>
    public string LikeIgnoringAsciiCase => IsPostgres ? "ILIKE" : "LIKE";

    /// <summary>
    /// A table source over the elements of a JSON array given as text in parameter <paramref name="parameter"/>, with
    /// one column <c>value</c> (SQLite's <c>json_each</c>, PostgreSQL's <c>json_array_elements</c>); read an element's
    /// parts with <c>value -&gt;&gt; N</c>, which both engines understand.
    /// </summary>
    public string JsonArrayElements(string parameter) =>
        IsPostgres ? $"json_array_elements(CAST({parameter} AS json))" : $"json_each({parameter})";

    /// <summary>
    /// The China-time (UTC+8) hour of Unix seconds <paramref name="unixSeconds"/> as text <c>yyyy-MM-ddTHH</c> (how CNEMC
    /// labels an hour; its month is <c>substr(…, 6, 2)</c> on both engines): SQLite's <c>strftime</c>, PostgreSQL's
    /// <c>to_char</c> of the UTC timestamp shifted by eight hours, the same text.
    /// </summary>
    public string ChinaHourText(string unixSeconds) =>
        IsPostgres
            ? $"to_char(to_timestamp({unixSeconds} + 28800) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24')"
            : $"strftime('%Y-%m-%dT%H', {unixSeconds} + 28800, 'unixepoch')";

    /// <summary>
    /// An inner join that keeps the left table the outer loop: SQLite's planner never reorders a CROSS JOIN (and
    /// accepts ON with it); PostgreSQL's CROSS JOIN takes no ON, and its planner chooses the order from statistics.
    /// </summary>
    public string JoinInThisOrder => IsPostgres ? "JOIN" : "CROSS JOIN";

    /// <summary>
    /// "<paramref name="column"/> is one of <paramref name="ids"/>" with its parameter value: a bigint[] on PostgreSQL,
    /// a JSON array read by json_each on SQLite (which has no arrays). One parameter however many ids.
    /// </summary>
    public (string Sql, object Value) InIds(string column, string parameter, IReadOnlyCollection<long> ids) =>
        IsPostgres
            ? ($"{column} = ANY({parameter})", ids.ToArray())
            : ($"{column} IN (SELECT value FROM json_each({parameter}))", "[" + string.Join(',', ids.Select(i => i.ToString(CultureInfo.InvariantCulture))) + "]");

    /// <summary>
    /// "<paramref name="column"/> is one of <paramref name="texts"/>" with its parameter value: a text[] on PostgreSQL, a
    /// JSON array read by json_each on SQLite. One parameter however many.
    /// </summary>
    public (string Sql, object Value) InTexts(string column, string parameter, IReadOnlyCollection<string> texts) =>
        IsPostgres
            ? ($"{column} = ANY({parameter})", texts.ToArray())
            : ($"{column} IN (SELECT value FROM json_each({parameter}))", System.Text.Json.JsonSerializer.Serialize(texts));

    /// <summary>
    /// The published bytes of a row as a JSON object of (key, SQL expression) pairs, byte for byte the text SQLite's
    /// <c>json_object</c> writes: <c>{"key":value,…}</c>, no spaces, strings escaped as JSON (control characters as
    /// <c>\n</c>… or <c>\u00xx</c>, everything else as is), integers in decimal, NULL as <c>null</c>, a REAL as SQLite's
    /// <c>%!0.17g</c> (<c>25.0</c>, <c>0.1</c>, <c>0.30000000000000004</c>, <c>1.0e+20</c>), an embedded document
    /// (<c>Embed</c>: SQLite's <c>json()</c>) without the whitespace between its tokens. On PostgreSQL each value goes
    /// through migration 3's <c>sqlite_json_value</c> (doubles by <c>sqlite_real_text</c>, SQLite's digits computed the
    /// way SQLite computes them; the rest by <c>to_json</c>, which escapes text and writes integers the same way) and each
    /// document through <c>sqlite_json_minify</c>; <c>PgRecordBytesTests</c> compares them with SQLite value by value.
    /// A dataset is published on PostgreSQL once a test proves its bytes equal
    /// (<see cref="Publication.PublishedDatasets.SameBytesOnPostgres"/>).
    /// </summary>
    public string JsonObject(IReadOnlyList<(string Key, string Expression, bool Embed)> members)
    {
        if (!IsPostgres)
        {
            var sb = new StringBuilder("json_object(");
            for (var i = 0; i < members.Count; i++)
            {
                var (key, expression, embed) = members[i];
                sb.Append(i == 0 ? "" : ", ").Append('\'').Append(key).Append("', ").Append(embed ? $"json({expression})" : expression);
            }

            return sb.Append(')').ToString();
        }

        var pg = new StringBuilder("('{'");
        for (var i = 0; i < members.Count; i++)
        {
            var (key, expression, embed) = members[i];
            pg.Append(" || '").Append(i == 0 ? "" : ",").Append('"').Append(key).Append("\":' || ")
                .Append(embed ? "sqlite_json_minify(" : "sqlite_json_value(").Append(expression).Append(')');
        }

        return pg.Append(" || '}')").ToString();
    }

    /// <summary>The page cache of a publishing SQLite connection, in KiB (<see cref="WriteCache"/>).</summary>
    internal const int WriteCacheKibibytes = 256 * 1024;

    /// <summary>
    /// On SQLite, a page cache of <see cref="WriteCacheKibibytes"/> for one publication on <paramref name="connection"/>,
    /// back to what it was when disposed (a pooled connection does not keep the memory). SQLite's default (2 MiB) is far
    /// smaller than the pages a national day touches (the newest page of each station's hours, of the log's records and
    /// leaves and their indexes, the packed months): with it, pages changed early are written out to the WAL mid-way and
    /// read back and written again later in the same transaction. Durability is unchanged (the same commit, the same
    /// synchronous setting); only memory is traded. Null on PostgreSQL.
    /// </summary>
    public IDisposable? WriteCache(DbConnection connection)
    {
        if (IsPostgres)
        {
            return null;
        }

        var before = connection.Long(null, "PRAGMA cache_size");
        connection.Execute(null, string.Create(CultureInfo.InvariantCulture, $"PRAGMA cache_size = -{WriteCacheKibibytes}"));
        return new Restore(() => connection.Execute(null, string.Create(CultureInfo.InvariantCulture, $"PRAGMA cache_size = {before}")));
    }

    /// <summary>Leaves of one publication from which PostgreSQL's planner statistics are refreshed after its commit (<see cref="AfterPublication"/>).</summary>
    internal const long AnalyzeAfterLeaves = 10_000;

    /// <summary>
    /// Right after a publication of at least <see cref="AnalyzeAfterLeaves"/> log leaves has committed, on PostgreSQL:
    /// <c>ANALYZE</c> of the database (it samples a bounded number of rows per table, so it costs seconds, not a pass over
    /// the data). Without it, the queries after a first bulk import into a fresh database are planned without statistics
    /// until autovacuum gets round to the tables: one station's half-year of log references (4,300 keys) took 52 s and
    /// answered 504 where, with statistics, it uses the index. Hourly imports (a national hour is about 1,700 leaves)
    /// stay under the threshold and leave the statistics to autovacuum. A failure here does not undo or fail the import
    /// that has committed: statistics only speed queries up, and autovacuum refreshes them later. Nothing on SQLite,
    /// whose plans for these queries do not depend on statistics.
    /// </summary>
    public void AfterPublication(DbConnection connection, long leaves)
    {
        if (!IsPostgres || leaves < AnalyzeAfterLeaves)
        {
            return;
        }

        try
        {
            connection.Execute(null, "ANALYZE");
        }
        catch (DbException)
        {
            // See above: the import stands; autovacuum will analyze the tables.
        }
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }

    /// <summary>
    /// Serialises the writers of the store, first thing in a writing transaction: SQLite's BEGIN IMMEDIATE already lets
    /// one writer in at a time; on PostgreSQL a transaction-scoped advisory lock does, so two imports never race for the
    /// log's next index (the log_leaves trigger and the head's compare-and-swap would refuse the loser, but after work).
    /// </summary>
    public void BeginWrite(DbConnection connection, DbTransaction transaction)
    {
        if (IsPostgres)
        {
            connection.Execute(transaction, $"SELECT pg_advisory_xact_lock({WriterLockKey.ToString(CultureInfo.InvariantCulture)})");
        }
    }

    /// <summary>
    /// A read-only transaction whose statements all see one snapshot (a batch committed meanwhile is seen whole or not at
    /// all): SQLite's deferred BEGIN (a reader in WAL mode, taking no write lock; a plain BeginTransaction would be
    /// BEGIN IMMEDIATE and wait behind an import); PostgreSQL's REPEATABLE READ (READ COMMITTED, its default, takes a new
    /// snapshot per statement).
    /// </summary>
    public DbTransaction BeginSnapshot(DbConnection connection) =>
        IsPostgres
            ? connection.BeginTransaction(System.Data.IsolationLevel.RepeatableRead)
            : ((Microsoft.Data.Sqlite.SqliteConnection)connection).BeginTransaction(deferred: true);

    // "bluesky-w" in ASCII, distinct from the migrations' lock.
    private const long WriterLockKey = 0x626c7565736b772d;
}
