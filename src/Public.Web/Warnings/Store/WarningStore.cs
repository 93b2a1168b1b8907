using System.Data.Common;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Public.Standards.Warnings;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Data;

namespace Public.Web.Warnings.Store;

/// <summary>A stored version of a warning event: the event and where this version came from.</summary>
internal sealed record StoredWarningEvent(WarningEvent Event, int Version, string RecordedAt, long BatchId, string Source, int? SourceLine, string? Reason);

/// <summary>A stored version of a reduction-list entry.</summary>
internal sealed record StoredReductionEntry(ReductionEntry Entry, int Version, string RecordedAt, long BatchId, string Source, int? SourceLine, string? Reason);

/// <summary>
/// All SQL of the warnings feature. Append-only like the published station-hours: an event of a warning
/// (warning id + seq) and an entry of a reduction list (list + level + enterprise code) are never updated
/// or deleted; a correction is a new version with its reason and time, and queries read the latest version.
/// The same SQL on SQLite and PostgreSQL (content/docs/postgres.md); basis and measures are stored as the JSON text
/// written here (on PostgreSQL with a generated jsonb beside it) and published as that text.
/// </summary>
internal sealed class WarningStore(Database database)
{
    public const string SchemaSql = """
        -- Heavy-pollution warning events, one row per version. time/until: Unix seconds (UTC).
        -- area: 'city' or district names joined by ';'. basis, measures: JSON.
        CREATE TABLE IF NOT EXISTS warning_event (
            warning_id      TEXT NOT NULL,
            seq             INTEGER NOT NULL,
            version         INTEGER NOT NULL,
            recorded_at     TEXT NOT NULL,
            batch_id        INTEGER NOT NULL,
            source          TEXT NOT NULL,
            source_line     INTEGER,
            reason          TEXT,
            kind            TEXT NOT NULL,
            time            INTEGER NOT NULL,
            until           INTEGER,
            level           TEXT,
            area            TEXT NOT NULL,
            authority       TEXT NOT NULL,
            document_number TEXT,
            basis           TEXT NOT NULL,
            measures        TEXT NOT NULL,
            document_url    TEXT,
            document_sha256 TEXT,
            PRIMARY KEY (warning_id, seq, version)
        ) WITHOUT ROWID;
        -- Emergency emission-reduction lists (应急减排清单), one row per version of an entry.
        CREATE TABLE IF NOT EXISTS reduction_entry (
            list_id     TEXT NOT NULL,
            level       TEXT NOT NULL,
            uscc        TEXT NOT NULL,
            version     INTEGER NOT NULL,
            recorded_at TEXT NOT NULL,
            batch_id    INTEGER NOT NULL,
            source      TEXT NOT NULL,
            source_line INTEGER,
            reason      TEXT,
            list_title  TEXT,
            valid_from  TEXT,
            valid_to    TEXT,
            enterprise  TEXT NOT NULL,
            measure     TEXT NOT NULL,
            PRIMARY KEY (list_id, level, uscc, version)
        ) WITHOUT ROWID;
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public Database Database => database;

    // ---- events ---------------------------------------------------------------------------------------

    private const string EventColumns =
        "e.warning_id, e.seq, e.version, e.recorded_at, e.batch_id, e.source, e.source_line, e.reason, e.kind, e.time, e.until, " +
        "e.level, e.area, e.authority, e.document_number, e.basis, e.measures, e.document_url, e.document_sha256";

    private const string CurrentEventFilter =
        "e.version = (SELECT MAX(m.version) FROM warning_event m WHERE m.warning_id = e.warning_id AND m.seq = e.seq)";

    /// <summary>The latest version of every event of every warning, by warning and seq.</summary>
    public List<StoredWarningEvent> CurrentEvents(DbConnection? connection = null, DbTransaction? transaction = null) =>
        QueryEvents($"SELECT {EventColumns} FROM warning_event e WHERE {CurrentEventFilter} ORDER BY e.warning_id, e.seq", [], connection, transaction);

    /// <summary>
    /// What changes whenever an event is recorded: the rows and the latest batch. Rows are only ever added (a correction
    /// is a new version), so equal signatures mean equal contents; a cheap statement, where reading the current events
    /// needs a correlated subquery per row.
    /// </summary>
    public static (long Rows, long LatestBatch) Signature(DbConnection connection)
    {
        using var command = connection.Command(null, "SELECT count(*), coalesce(max(batch_id), 0) FROM warning_event", []);
        using var r = command.ExecuteReader();
        r.Read();
        return (r.GetInt64(0), r.GetInt64(1));
    }

    /// <summary>Every version of a warning's events, superseded ones included.</summary>
    public List<StoredWarningEvent> EventVersions(string warningId) =>
        QueryEvents($"SELECT {EventColumns} FROM warning_event e WHERE e.warning_id = @id ORDER BY e.seq, e.version", [("@id", warningId)], null, null);

    /// <summary>Every version of the events of several warnings in one statement (the ids go in as one parameter).</summary>
    public List<StoredWarningEvent> EventVersions(IReadOnlyCollection<string> warningIds)
    {
        var (sql, value) = database.Dialect.InTexts("e.warning_id", "@ids", warningIds);
        return QueryEvents($"SELECT {EventColumns} FROM warning_event e WHERE {sql} ORDER BY e.warning_id, e.seq, e.version", [("@ids", value)], null, null);
    }

    public static void WriteEvent(DbConnection connection, DbTransaction transaction, StoredWarningEvent row)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO warning_event (warning_id, seq, version, recorded_at, batch_id, source, source_line, reason, kind, time, until,
                level, area, authority, document_number, basis, measures, document_url, document_sha256)
            VALUES (@id, @seq, @v, @rec, @b, @src, @line, @reason, @kind, @time, @until, @level, @area, @auth, @doc, @basis, @measures, @url, @sha)
            """;
        var c = Columns(row.Event);
        command.Add("@id", row.Event.WarningId);
        command.Add("@seq", row.Event.Seq);
        command.Add("@v", row.Version);
        command.Add("@rec", row.RecordedAt);
        command.Add("@b", row.BatchId);
        command.Add("@src", row.Source);
        command.Add("@line", (object?)row.SourceLine ?? DBNull.Value);
        command.Add("@reason", (object?)row.Reason ?? DBNull.Value);
        command.Add("@kind", c["event"]);
        command.Add("@time", row.Event.Time.ToUnixTimeSeconds());
        command.Add("@until", row.Event.Until is { } u ? u.ToUnixTimeSeconds() : DBNull.Value);
        command.Add("@level", (object?)c["level"] ?? DBNull.Value);
        command.Add("@area", c["area"]);
        command.Add("@auth", c["authority"]);
        command.Add("@doc", (object?)c["documentNumber"] ?? DBNull.Value);
        command.Add("@basis", c["basis"]);
        command.Add("@measures", c["measures"]);
        command.Add("@url", (object?)c["documentUrl"] ?? DBNull.Value);
        command.Add("@sha", (object?)c["documentSha256"] ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// The stored form of an event's content, field by field (English field names of the import format):
    /// two versions are the same when all of these are; the names of those that differ make the reason.
    /// </summary>
    public static Dictionary<string, string?> Columns(WarningEvent e) => new(StringComparer.Ordinal)
    {
        ["event"] = WarningEventKinds.Code(e.Kind),
        ["time"] = e.Time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        ["until"] = e.Until?.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        ["level"] = e.Level is { } l ? WarningLevels.Code(l) : null,
        ["area"] = e.Area.Code,
        ["authority"] = e.Authority,
        ["documentNumber"] = e.DocumentNumber,
        ["basis"] = JsonSerializer.Serialize(e.Basis, Json),
        ["measures"] = JsonSerializer.Serialize(e.Measures, Json),
        ["documentUrl"] = e.Document?.Url,
        ["documentSha256"] = e.Document?.Sha256,
    };

    private List<StoredWarningEvent> QueryEvents(string sql, (string Name, object? Value)[] parameters, DbConnection? connection, DbTransaction? transaction)
    {
        var own = connection is null;
        connection ??= database.Connect();
        try
        {
            using var command = connection.Command(transaction, sql, parameters);

            var result = new List<StoredWarningEvent>();
            using var r = command.ExecuteReader();
            while (r.Read())
            {
                var kind = WarningEventKinds.TryParse(r.GetString(8), out var k) ? k : throw Corrupt("event kind", r.GetString(8));
                WarningLevel? level = r.IsDBNull(11) ? null : LevelOf(r.GetString(11));
                var area = WarningArea.TryParse(r.GetString(12), out var a, out _) ? a : throw Corrupt("area", r.GetString(12));
                var e = new WarningEvent(
                    r.GetString(0), r.Int(1), kind, ChinaTime.FromUnix(r.GetInt64(9)), r.IsDBNull(10) ? null : ChinaTime.FromUnix(r.GetInt64(10)),
                    level, area, r.GetString(13), Text(r, 14),
                    JsonSerializer.Deserialize<WarningBasis>(r.GetString(15), Json) ?? WarningBasis.Empty,
                    JsonSerializer.Deserialize<WarningMeasures>(r.GetString(16), Json) ?? WarningMeasures.None,
                    Text(r, 17) is { } url && Text(r, 18) is { } sha ? new SourceDocument(url, sha) : null);
                result.Add(new StoredWarningEvent(e, r.Int(2), r.GetString(3), r.GetInt64(4), r.GetString(5),
                    r.IntOrNull(6), Text(r, 7)));
            }

            return result;
        }
        finally
        {
            if (own)
            {
                connection.Dispose();
            }
        }
    }

    // ---- reduction lists ------------------------------------------------------------------------------

    private const string EntryColumns =
        "r.list_id, r.level, r.uscc, r.version, r.recorded_at, r.batch_id, r.source, r.source_line, r.reason, r.list_title, r.valid_from, r.valid_to, r.enterprise, r.measure";

    /// <summary>The latest version of every entry of every list.</summary>
    public List<StoredReductionEntry> CurrentReductionEntries(DbConnection? connection = null, DbTransaction? transaction = null)
    {
        var own = connection is null;
        connection ??= database.Connect();
        try
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"""
                SELECT {EntryColumns} FROM reduction_entry r
                WHERE r.version = (SELECT MAX(m.version) FROM reduction_entry m WHERE m.list_id = r.list_id AND m.level = r.level AND m.uscc = r.uscc)
                ORDER BY r.list_id, r.level, r.enterprise, r.uscc
                """;
            var result = new List<StoredReductionEntry>();
            using var r = command.ExecuteReader();
            while (r.Read())
            {
                var level = LevelOf(r.GetString(1));
                var entry = new ReductionEntry(r.GetString(0), Text(r, 9), Date(r, 10), Date(r, 11), level, r.GetString(12), r.GetString(2), r.GetString(13));
                result.Add(new StoredReductionEntry(entry, r.Int(3), r.GetString(4), r.GetInt64(5), r.GetString(6), r.IntOrNull(7), Text(r, 8)));
            }

            return result;
        }
        finally
        {
            if (own)
            {
                connection.Dispose();
            }
        }
    }

    public static void WriteReductionEntry(DbConnection connection, DbTransaction transaction, StoredReductionEntry row)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO reduction_entry (list_id, level, uscc, version, recorded_at, batch_id, source, source_line, reason,
                list_title, valid_from, valid_to, enterprise, measure)
            VALUES (@list, @level, @uscc, @v, @rec, @b, @src, @line, @reason, @title, @from, @to, @ent, @measure)
            """;
        var e = row.Entry;
        command.Add("@list", e.ListId);
        command.Add("@level", WarningLevels.Code(e.Level));
        command.Add("@uscc", e.Uscc);
        command.Add("@v", row.Version);
        command.Add("@rec", row.RecordedAt);
        command.Add("@b", row.BatchId);
        command.Add("@src", row.Source);
        command.Add("@line", (object?)row.SourceLine ?? DBNull.Value);
        command.Add("@reason", (object?)row.Reason ?? DBNull.Value);
        command.Add("@title", (object?)e.ListTitle ?? DBNull.Value);
        command.Add("@from", e.ValidFrom is { } f ? DateText(f) : DBNull.Value);
        command.Add("@to", e.ValidTo is { } t ? DateText(t) : DBNull.Value);
        command.Add("@ent", e.Enterprise);
        command.Add("@measure", e.Measure);
        command.ExecuteNonQuery();
    }

    /// <summary>The stored form of an entry's content, field by field (names of the import format).</summary>
    public static Dictionary<string, string?> Columns(ReductionEntry e) => new(StringComparer.Ordinal)
    {
        ["list_title"] = e.ListTitle,
        ["valid_from"] = e.ValidFrom is { } f ? DateText(f) : null,
        ["valid_to"] = e.ValidTo is { } t ? DateText(t) : null,
        ["enterprise"] = e.Enterprise,
        ["measure"] = e.Measure,
    };

    private static WarningLevel LevelOf(string code) => WarningLevels.TryParse(code, out var l) ? l : throw Corrupt("level", code);

    private static InvalidDataException Corrupt(string what, string value) => new($"the store holds an unknown {what} '{value}'");

    private static string? Text(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static DateOnly? Date(DbDataReader r, int i) =>
        r.IsDBNull(i) ? null : DateOnly.ParseExact(r.GetString(i), "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string DateText(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
