using System.Data.Common;
using System.Globalization;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Data;

namespace Public.Web.Plan;

/// <summary>What a progress report says; two versions with equal content are the same report.</summary>
internal sealed record PlanReportContent(
    decimal? Value, bool? Done, DateOnly? CompletedOn, string? DepartmentId, string? Note,
    string SourceTitle, string SourceIssuer, string? SourceNumber, DateOnly SourceDate, string? SourceUrl, string? SourceSha256);

/// <summary>One stored version of a report. A report is identified by target, period and reporting body.</summary>
internal sealed record PlanReportRow(
    long Id, string TargetId, string Period, string ReportingBody, int Version, string RecordedAt, string FirstRecordedAt,
    long BatchId, string Source, int? SourceLine, string? Reason, bool Demo, PlanReportContent Content);

/// <summary>
/// All SQL of the plan tracker: progress reports in append-only versions (triggers refuse UPDATE and DELETE, a change
/// is a new version with its reason). Values are kept as the decimal text written, so 4.50 stays exact.
/// The same SQL on SQLite and PostgreSQL (content/docs/postgres.md).
/// </summary>
internal sealed class PlanStore(Database database)
{
    public const string SchemaSql = """
        CREATE TABLE IF NOT EXISTS plan_report (
            id                INTEGER PRIMARY KEY,
            target_id         TEXT NOT NULL,
            period            TEXT NOT NULL,
            reporting_body    TEXT NOT NULL,
            first_recorded_at TEXT NOT NULL,
            UNIQUE (target_id, period, reporting_body)
        );
        CREATE TABLE IF NOT EXISTS plan_report_version (
            report_id      INTEGER NOT NULL REFERENCES plan_report(id),
            version        INTEGER NOT NULL,
            recorded_at    TEXT NOT NULL,
            batch_id       INTEGER NOT NULL REFERENCES import_batch(id),
            source         TEXT NOT NULL,
            source_line    INTEGER,
            reason         TEXT,
            demo           INTEGER NOT NULL,
            value TEXT, done INTEGER, completed_on TEXT, department_id TEXT, note TEXT,
            source_title TEXT NOT NULL, source_issuer TEXT NOT NULL, source_number TEXT, source_date TEXT NOT NULL, source_url TEXT, source_sha256 TEXT,
            PRIMARY KEY (report_id, version)
        ) WITHOUT ROWID;
        -- Published records are never changed or removed: a correction is a new version.
        CREATE TRIGGER IF NOT EXISTS plan_report_no_update BEFORE UPDATE ON plan_report BEGIN SELECT RAISE(ABORT, 'plan_report is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS plan_report_no_delete BEFORE DELETE ON plan_report BEGIN SELECT RAISE(ABORT, 'plan_report is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS plan_report_version_no_update BEFORE UPDATE ON plan_report_version BEGIN SELECT RAISE(ABORT, 'plan_report_version is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS plan_report_version_no_delete BEFORE DELETE ON plan_report_version BEGIN SELECT RAISE(ABORT, 'plan_report_version is append-only'); END;
        """;

    public Database Database => database;

    private const string Columns =
        "r.id, r.target_id, r.period, r.reporting_body, v.version, v.recorded_at, r.first_recorded_at, v.batch_id, v.source, v.source_line, v.reason, v.demo, " +
        "v.value, v.done, v.completed_on, v.department_id, v.note, v.source_title, v.source_issuer, v.source_number, v.source_date, v.source_url, v.source_sha256";

    private const string From = "plan_report r JOIN plan_report_version v ON v.report_id = r.id";

    private const string Current = "v.version = (SELECT MAX(m.version) FROM plan_report_version m WHERE m.report_id = v.report_id)";

    // ---- writing (inside the importer's or seeder's transaction) ------------------------------------------

    public static List<PlanReportRow> VersionsOf(string targetId, string period, string body, DbConnection connection, DbTransaction transaction) =>
        Read(connection, transaction, $"SELECT {Columns} FROM {From} WHERE r.target_id = @t AND r.period = @p AND r.reporting_body = @b ORDER BY v.version",
            [("@t", targetId), ("@p", period), ("@b", body)]);

    public static long InsertReport(DbConnection connection, DbTransaction transaction, string targetId, string period, string body, string recordedAt) =>
        connection.Long(transaction, "INSERT INTO plan_report(target_id, period, reporting_body, first_recorded_at) VALUES (@t, @p, @b, @at) RETURNING id",
            ("@t", targetId), ("@p", period), ("@b", body), ("@at", recordedAt));

    public static void InsertVersion(DbConnection connection, DbTransaction transaction, PlanReportRow row)
    {
        var c = row.Content;
        connection.Execute(transaction, """
            INSERT INTO plan_report_version (report_id, version, recorded_at, batch_id, source, source_line, reason, demo,
                value, done, completed_on, department_id, note, source_title, source_issuer, source_number, source_date, source_url, source_sha256)
            VALUES (@id, @version, @recorded, @batch, @source, @line, @reason, @demo,
                @value, @done, @completed, @department, @note, @title, @issuer, @number, @date, @url, @sha)
            """,
            ("@id", row.Id), ("@version", row.Version), ("@recorded", row.RecordedAt), ("@batch", row.BatchId), ("@source", row.Source),
            ("@line", row.SourceLine), ("@reason", row.Reason), ("@demo", row.Demo ? 1L : 0L),
            ("@value", c.Value?.ToString(CultureInfo.InvariantCulture)), ("@done", c.Done is { } d ? (d ? 1L : 0L) : null), ("@completed", Format(c.CompletedOn)),
            ("@department", c.DepartmentId), ("@note", c.Note), ("@title", c.SourceTitle), ("@issuer", c.SourceIssuer), ("@number", c.SourceNumber),
            ("@date", Format(c.SourceDate)), ("@url", c.SourceUrl), ("@sha", c.SourceSha256));
    }

    // ---- reading ------------------------------------------------------------------------------------------

    public bool HasAny()
    {
        using var connection = database.Connect();
        return connection.Long(null, "SELECT COUNT(*) FROM (SELECT 1 FROM plan_report LIMIT 1) AS any_report") == 1;
    }

    /// <summary>The latest version of every report (the tracker is small: ~70 targets × a few reports each).</summary>
    public List<PlanReportRow> CurrentReports()
    {
        using var connection = database.Connect();
        return Read(connection, null, $"SELECT {Columns} FROM {From} WHERE {Current} ORDER BY r.id", []);
    }

    /// <summary>Every version of the reports on one target, by report then version.</summary>
    public List<PlanReportRow> VersionsOfTarget(string targetId)
    {
        using var connection = database.Connect();
        return Read(connection, null, $"SELECT {Columns} FROM {From} WHERE r.target_id = @t ORDER BY r.id, v.version", [("@t", targetId)]);
    }

    /// <summary>Every stored version (for tests and audits), by report then version.</summary>
    public List<PlanReportRow> AllVersions()
    {
        using var connection = database.Connect();
        return Read(connection, null, $"SELECT {Columns} FROM {From} ORDER BY r.id, v.version", []);
    }

    private static string? Format(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly? ParseDate(string? text) => text is null ? null : DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static List<PlanReportRow> Read(DbConnection connection, DbTransaction? transaction, string sql, (string, object?)[] parameters)
    {
        using var command = connection.Command(transaction, sql, parameters);
        var rows = new List<PlanReportRow>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            string? S(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            var content = new PlanReportContent(
                S(12) is { } value ? decimal.Parse(value, NumberStyles.Number, CultureInfo.InvariantCulture) : null,
                reader.IsDBNull(13) ? null : reader.GetInt64(13) == 1, ParseDate(S(14)), S(15), S(16),
                reader.GetString(17), reader.GetString(18), S(19), ParseDate(reader.GetString(20))!.Value, S(21), S(22));
            rows.Add(new PlanReportRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.Int(4),
                reader.GetString(5), reader.GetString(6), reader.GetInt64(7), reader.GetString(8), reader.IntOrNull(9),
                S(10), reader.GetInt64(11) == 1, content));
        }

        return rows;
    }
}
