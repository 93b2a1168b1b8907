using System.Data.Common;
using System.Globalization;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Data;

namespace Public.Web.Disclosures;

/// <summary>
/// All SQL of disclosures and enterprise statements. Each record is identified by the id its publisher gave it;
/// its content lives in append-only versions (triggers refuse UPDATE and DELETE, as for penalties), and queries read
/// the latest version. Dates are ISO text, statement hours "yyyy-MM-ddTHH:mm" local time. The same SQL on SQLite and
/// PostgreSQL (content/docs/postgres.md).
/// </summary>
internal sealed class DisclosureStore(Database database)
{
    public const string SchemaSql = """
        CREATE TABLE IF NOT EXISTS disclosure (
            id                INTEGER PRIMARY KEY,
            record_id         TEXT NOT NULL UNIQUE,
            first_recorded_at TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS disclosure_version (
            disclosure_id INTEGER NOT NULL REFERENCES disclosure(id),
            version       INTEGER NOT NULL,
            recorded_at   TEXT NOT NULL,
            batch_id      INTEGER NOT NULL REFERENCES import_batch(id),
            source        TEXT NOT NULL,
            source_line   INTEGER,
            reason        TEXT,
            credit_code TEXT NOT NULL, kind TEXT NOT NULL, year INTEGER, filed_date TEXT NOT NULL, categories TEXT NOT NULL,
            claims_no_exceedance INTEGER, reported_exceedance_hours INTEGER, trigger_decision_number TEXT, trigger_received_date TEXT,
            title TEXT, url TEXT NOT NULL, sha256 TEXT,
            PRIMARY KEY (disclosure_id, version)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS disclosure_version_code ON disclosure_version(credit_code);
        CREATE TABLE IF NOT EXISTS enterprise_statement (
            id                INTEGER PRIMARY KEY,
            record_id         TEXT NOT NULL UNIQUE,
            first_recorded_at TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS enterprise_statement_version (
            statement_id INTEGER NOT NULL REFERENCES enterprise_statement(id),
            version      INTEGER NOT NULL,
            recorded_at  TEXT NOT NULL,
            batch_id     INTEGER NOT NULL REFERENCES import_batch(id),
            source       TEXT NOT NULL,
            source_line  INTEGER,
            reason       TEXT,
            credit_code TEXT NOT NULL, subject TEXT NOT NULL, outlet_code TEXT, pollutant TEXT, period_from TEXT, period_to TEXT,
            decision_number TEXT, statement_date TEXT NOT NULL, text TEXT NOT NULL, url TEXT, sha256 TEXT,
            PRIMARY KEY (statement_id, version)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS enterprise_statement_version_code ON enterprise_statement_version(credit_code);
        -- Published records are never changed or removed: a correction is a new version.
        CREATE TRIGGER IF NOT EXISTS disclosure_no_update BEFORE UPDATE ON disclosure BEGIN SELECT RAISE(ABORT, 'disclosure is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS disclosure_no_delete BEFORE DELETE ON disclosure BEGIN SELECT RAISE(ABORT, 'disclosure is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS disclosure_version_no_update BEFORE UPDATE ON disclosure_version BEGIN SELECT RAISE(ABORT, 'disclosure_version is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS disclosure_version_no_delete BEFORE DELETE ON disclosure_version BEGIN SELECT RAISE(ABORT, 'disclosure_version is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS enterprise_statement_no_update BEFORE UPDATE ON enterprise_statement BEGIN SELECT RAISE(ABORT, 'enterprise_statement is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS enterprise_statement_no_delete BEFORE DELETE ON enterprise_statement BEGIN SELECT RAISE(ABORT, 'enterprise_statement is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS enterprise_statement_version_no_update BEFORE UPDATE ON enterprise_statement_version BEGIN SELECT RAISE(ABORT, 'enterprise_statement_version is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS enterprise_statement_version_no_delete BEFORE DELETE ON enterprise_statement_version BEGIN SELECT RAISE(ABORT, 'enterprise_statement_version is append-only'); END;
        """;

    public const string HourFormat = "yyyy-MM-dd'T'HH:mm";

    public Database Database => database;

    private const string DisclosureColumns =
        "p.id, p.record_id, p.first_recorded_at, v.version, v.recorded_at, v.batch_id, v.source, v.source_line, v.reason, " +
        "v.credit_code, v.kind, v.year, v.filed_date, v.categories, v.claims_no_exceedance, v.reported_exceedance_hours, " +
        "v.trigger_decision_number, v.trigger_received_date, v.title, v.url, v.sha256";

    private const string StatementColumns =
        "p.id, p.record_id, p.first_recorded_at, v.version, v.recorded_at, v.batch_id, v.source, v.source_line, v.reason, " +
        "v.credit_code, v.subject, v.outlet_code, v.pollutant, v.period_from, v.period_to, v.decision_number, v.statement_date, v.text, v.url, v.sha256";

    private const string DisclosureFrom = "FROM disclosure p JOIN disclosure_version v ON v.disclosure_id = p.id";
    private const string StatementFrom = "FROM enterprise_statement p JOIN enterprise_statement_version v ON v.statement_id = p.id";
    private const string CurrentDisclosure = "v.version = (SELECT MAX(m.version) FROM disclosure_version m WHERE m.disclosure_id = v.disclosure_id)";
    private const string CurrentStatement = "v.version = (SELECT MAX(m.version) FROM enterprise_statement_version m WHERE m.statement_id = v.statement_id)";

    // ---- writing (inside the importer's transaction) ------------------------------------------------

    public static List<StoredVersion<Disclosure>> DisclosureVersions(string recordId, DbConnection connection, DbTransaction transaction) =>
        ReadDisclosures(connection, transaction, $"SELECT {DisclosureColumns} {DisclosureFrom} WHERE p.record_id = @id ORDER BY v.version", [("@id", recordId)]);

    public static List<StoredVersion<Statement>> StatementVersions(string recordId, DbConnection connection, DbTransaction transaction) =>
        ReadStatements(connection, transaction, $"SELECT {StatementColumns} {StatementFrom} WHERE p.record_id = @id ORDER BY v.version", [("@id", recordId)]);

    public static long InsertRecord(DbConnection connection, DbTransaction transaction, bool statement, string recordId, string recordedAt) =>
        connection.Long(transaction, $"INSERT INTO {(statement ? "enterprise_statement" : "disclosure")}(record_id, first_recorded_at) VALUES (@n, @t) RETURNING id",
            ("@n", recordId), ("@t", recordedAt));

    public static void InsertVersion(DbConnection connection, DbTransaction transaction, StoredVersion<Disclosure> row)
    {
        var d = row.Record;
        Insert(connection, transaction, """
            INSERT INTO disclosure_version (disclosure_id, version, recorded_at, batch_id, source, source_line, reason,
                credit_code, kind, year, filed_date, categories, claims_no_exceedance, reported_exceedance_hours,
                trigger_decision_number, trigger_received_date, title, url, sha256)
            VALUES (@id, @version, @recorded, @batch, @source, @line, @reason, @code, @kind, @year, @filed, @categories, @claims, @hours,
                @trigger, @received, @title, @url, @sha)
            """,
            [
                ("@id", row.RowId), ("@version", row.Version), ("@recorded", row.RecordedAt), ("@batch", row.BatchId), ("@source", row.Source),
                ("@line", row.SourceLine), ("@reason", row.Reason), ("@code", d.CreditCode), ("@kind", d.Kind), ("@year", d.Year),
                ("@filed", Day(d.FiledDate)), ("@categories", d.Categories), ("@claims", d.ClaimsNoExceedance is { } c ? (c ? 1L : 0L) : null),
                ("@hours", d.ReportedExceedanceHours), ("@trigger", d.TriggerDecisionNumber), ("@received", d.TriggerReceivedDate is { } r ? Day(r) : null),
                ("@title", d.Title), ("@url", d.Url), ("@sha", d.Sha256),
            ]);
    }

    public static void InsertVersion(DbConnection connection, DbTransaction transaction, StoredVersion<Statement> row)
    {
        var s = row.Record;
        Insert(connection, transaction, """
            INSERT INTO enterprise_statement_version (statement_id, version, recorded_at, batch_id, source, source_line, reason,
                credit_code, subject, outlet_code, pollutant, period_from, period_to, decision_number, statement_date, text, url, sha256)
            VALUES (@id, @version, @recorded, @batch, @source, @line, @reason, @code, @subject, @outlet, @pollutant, @from, @to,
                @decision, @date, @text, @url, @sha)
            """,
            [
                ("@id", row.RowId), ("@version", row.Version), ("@recorded", row.RecordedAt), ("@batch", row.BatchId), ("@source", row.Source),
                ("@line", row.SourceLine), ("@reason", row.Reason), ("@code", s.CreditCode), ("@subject", s.Subject), ("@outlet", s.OutletCode),
                ("@pollutant", s.Pollutant), ("@from", Hour(s.PeriodFrom)), ("@to", Hour(s.PeriodTo)), ("@decision", s.DecisionNumber),
                ("@date", Day(s.Date)), ("@text", s.Text), ("@url", s.Url), ("@sha", s.Sha256),
            ]);
    }

    private static void Insert(DbConnection connection, DbTransaction transaction, string sql, (string, object?)[] values) =>
        connection.Execute(transaction, sql, values);

    // ---- reading ----------------------------------------------------------------------------------

    /// <summary>Latest versions of the disclosures of one enterprise (or of all when null), by filed date.</summary>
    public List<StoredVersion<Disclosure>> CurrentDisclosures(string? creditCode)
    {
        using var connection = database.Connect();
        return creditCode is null
            ? ReadDisclosures(connection, null, $"SELECT {DisclosureColumns} {DisclosureFrom} WHERE {CurrentDisclosure} ORDER BY v.filed_date, p.record_id", [])
            : ReadDisclosures(connection, null, $"SELECT {DisclosureColumns} {DisclosureFrom} WHERE {CurrentDisclosure} AND v.credit_code = @c ORDER BY v.filed_date, p.record_id", [("@c", creditCode)]);
    }

    /// <summary>Every version of every disclosure of one enterprise, by record then version.</summary>
    public List<StoredVersion<Disclosure>> DisclosureHistory(string creditCode)
    {
        using var connection = database.Connect();
        return ReadDisclosures(connection, null,
            $"SELECT {DisclosureColumns} {DisclosureFrom} WHERE p.id IN (SELECT disclosure_id FROM disclosure_version WHERE credit_code = @c) ORDER BY p.record_id, v.version",
            [("@c", creditCode)]);
    }

    /// <summary>Latest versions of the statements of one enterprise (or of all when null), by date.</summary>
    public List<StoredVersion<Statement>> CurrentStatements(string? creditCode)
    {
        using var connection = database.Connect();
        return creditCode is null
            ? ReadStatements(connection, null, $"SELECT {StatementColumns} {StatementFrom} WHERE {CurrentStatement} ORDER BY v.statement_date, p.record_id", [])
            : ReadStatements(connection, null, $"SELECT {StatementColumns} {StatementFrom} WHERE {CurrentStatement} AND v.credit_code = @c ORDER BY v.statement_date, p.record_id", [("@c", creditCode)]);
    }

    public bool HasAny()
    {
        using var connection = database.Connect();
        return connection.Long(null, "SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM disclosure LIMIT 1) AS d) + (SELECT COUNT(*) FROM (SELECT 1 FROM enterprise_statement LIMIT 1) AS s)") > 0;
    }

    public static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? Hour(DateTime? time) => time?.ToString(HourFormat, CultureInfo.InvariantCulture);

    private static DateOnly ParseDay(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateTime? ParseHour(string? text) => text is null ? null : DateTime.ParseExact(text, HourFormat, CultureInfo.InvariantCulture);

    private static List<StoredVersion<Disclosure>> ReadDisclosures(DbConnection connection, DbTransaction? transaction, string sql, (string, object?)[] parameters)
    {
        using var command = connection.Command(transaction, sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<StoredVersion<Disclosure>>();
        while (reader.Read())
        {
            string? S(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            int? I(int i) => reader.IntOrNull(i);
            var d = new Disclosure(reader.GetString(1), reader.GetString(9), reader.GetString(10), I(11), ParseDay(reader.GetString(12)), reader.GetString(13),
                I(14) is { } c ? c == 1 : null, I(15), S(16), S(17) is { } r ? ParseDay(r) : null, S(18), reader.GetString(19), S(20));
            rows.Add(new StoredVersion<Disclosure>(reader.GetInt64(0), reader.Int(3), reader.GetString(4), reader.GetString(2), reader.GetInt64(5),
                reader.GetString(6), I(7), S(8), d));
        }

        return rows;
    }

    private static List<StoredVersion<Statement>> ReadStatements(DbConnection connection, DbTransaction? transaction, string sql, (string, object?)[] parameters)
    {
        using var command = connection.Command(transaction, sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<StoredVersion<Statement>>();
        while (reader.Read())
        {
            string? S(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            var s = new Statement(reader.GetString(1), reader.GetString(9), reader.GetString(10), S(11), S(12), ParseHour(S(13)), ParseHour(S(14)), S(15),
                ParseDay(reader.GetString(16)), reader.GetString(17), S(18), S(19));
            rows.Add(new StoredVersion<Statement>(reader.GetInt64(0), reader.Int(3), reader.GetString(4), reader.GetString(2), reader.GetInt64(5),
                reader.GetString(6), reader.IntOrNull(7), S(8), s));
        }

        return rows;
    }
}
