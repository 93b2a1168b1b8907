using System.Data.Common;
using System.Globalization;
using Public.Web.Contract;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Data;
using Public.Web.Infrastructure.Publication;
using Public.Web.Transparency;

namespace Public.Web.SelfMonitoring;

/// <summary>
/// One manual monitoring result (手工监测) of an outlet: the sample's pollutant and date, the value with its unit,
/// the O2 measured with it (for flue gas), the limit the report states, the laboratory, its report number and a link.
/// Identified by enterprise, outlet, pollutant, sampling date and report number.
/// </summary>
public sealed record ManualResult(
    string CreditCode,
    string OutletCode,
    string Pollutant,
    DateOnly SamplingDate,
    decimal Value,
    string Unit,
    decimal? Oxygen,
    decimal? Limit,
    string Lab,
    string ReportNumber,
    string? Link);

/// <summary>A stored version of a manual result: when recorded, from where, why, and whether a later version replaced it.</summary>
public sealed record ManualResultVersion(ManualResult Result, int Version, string RecordedAt, long? BatchId, string Source, int? SourceLine, string? Reason, bool Superseded);

/// <summary>
/// All SQL of the manual monitoring results. Append-only (triggers refuse UPDATE and DELETE): a result imported again
/// with a different value, unit, O2, limit, lab or link is a new version with the changed fields as reason; an
/// identical one adds nothing. Reads take the current version. The same SQL on SQLite and PostgreSQL (content/docs/postgres.md).
/// </summary>
internal sealed class ManualResultStore(Database database)
{
    public const string SchemaSql = """
        CREATE TABLE IF NOT EXISTS manual_result_version (
            credit_code   TEXT NOT NULL,
            outlet_code   TEXT NOT NULL,
            pollutant     TEXT NOT NULL,
            sampling_date TEXT NOT NULL,
            report_number TEXT NOT NULL,
            version       INTEGER NOT NULL,
            value         TEXT NOT NULL,
            unit          TEXT NOT NULL,
            oxygen        TEXT,
            limit_value   TEXT,
            lab           TEXT NOT NULL,
            link          TEXT,
            recorded_at   TEXT NOT NULL,
            batch_id      INTEGER REFERENCES import_batch(id),
            source        TEXT NOT NULL,
            source_line   INTEGER,
            reason        TEXT,
            PRIMARY KEY (credit_code, outlet_code, pollutant, sampling_date, report_number, version)
        ) WITHOUT ROWID;
        CREATE TRIGGER IF NOT EXISTS manual_result_version_no_update BEFORE UPDATE ON manual_result_version BEGIN SELECT RAISE(ABORT, 'manual_result_version is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS manual_result_version_no_delete BEFORE DELETE ON manual_result_version BEGIN SELECT RAISE(ABORT, 'manual_result_version is append-only'); END;
        """;

    private const string Columns = "credit_code, outlet_code, pollutant, sampling_date, report_number, value, unit, oxygen, limit_value, lab, link";

    public Database Database => database;

    /// <summary>Records a result inside the caller's transaction; returns 1 (new), 2 (new version) or 0 (identical).</summary>
    public static int Apply(DbConnection connection, DbTransaction transaction, ManualResult r, string source, int? line, long? batchId, string recordedAt)
    {
        ManualResult? current = null;
        var version = 1;
        using (var command = connection.Command(transaction, $"""
            SELECT {Columns}, version FROM manual_result_version
            WHERE credit_code = @c AND outlet_code = @o AND pollutant = @p AND sampling_date = @d AND report_number = @n
            ORDER BY version DESC LIMIT 1
            """, Key(r)))
        using (var reader = command.ExecuteReader())
        {
            if (reader.Read())
            {
                current = Read(reader);
                version = reader.Int(11) + 1;
            }
        }

        string? reason = null;
        if (current is not null)
        {
            var changes = Changes(current, r);
            if (changes.Count == 0)
            {
                return 0;
            }

            reason = "changed: " + string.Join("; ", changes);
        }

        connection.Execute(transaction, $"""
            INSERT INTO manual_result_version({Columns}, version, recorded_at, batch_id, source, source_line, reason)
            VALUES (@c, @o, @p, @d, @n, @v, @u, @o2, @l, @lab, @link, @version, @t, @b, @s, @line, @r)
            """,
            [.. Key(r), ("@v", r.Value.ToString(CultureInfo.InvariantCulture)), ("@u", r.Unit), ("@o2", r.Oxygen?.ToString(CultureInfo.InvariantCulture)),
                ("@l", r.Limit?.ToString(CultureInfo.InvariantCulture)), ("@lab", r.Lab), ("@link", r.Link), ("@version", version), ("@t", recordedAt),
                ("@b", batchId), ("@s", source), ("@line", line), ("@r", reason)]);
        return current is null ? 1 : 2;
    }

    /// <summary>The results of one outlet (every version with <paramref name="allVersions"/>, else the current ones), by sampling date, pollutant and report.</summary>
    public List<ManualResultVersion> ForOutlet(string creditCode, string outletCode, DateOnly? from, DateOnly? to, bool allVersions)
    {
        const string Later = """
            EXISTS (SELECT 1 FROM manual_result_version n WHERE n.credit_code = m.credit_code AND n.outlet_code = m.outlet_code AND n.pollutant = m.pollutant
                    AND n.sampling_date = m.sampling_date AND n.report_number = m.report_number AND n.version > m.version)
            """;
        // Only the bounds given (a parameter that may be NULL has no type PostgreSQL could infer); EXISTS as 0/1 on both engines.
        var parameters = new List<(string, object?)> { ("@c", creditCode), ("@o", outletCode) };
        var bounds = "";
        if (from is { } f)
        {
            bounds += " AND m.sampling_date >= @from";
            parameters.Add(("@from", f.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        }

        if (to is { } t)
        {
            bounds += " AND m.sampling_date <= @to";
            parameters.Add(("@to", t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        }

        using var connection = database.Connect();
        using var command = connection.Command(null, $"""
            SELECT {string.Join(", ", Columns.Split(", ").Select(c => "m." + c))}, m.version, m.recorded_at, m.batch_id, m.source, m.source_line, m.reason,
                CAST(CASE WHEN {Later} THEN 1 ELSE 0 END AS BIGINT)
            FROM manual_result_version m
            WHERE m.credit_code = @c AND m.outlet_code = @o{bounds}
            {(allVersions ? "" : "AND NOT " + Later)}
            ORDER BY m.sampling_date, m.pollutant, m.report_number, m.version
            """, [.. parameters]);
        using var reader = command.ExecuteReader();
        var rows = new List<ManualResultVersion>();
        while (reader.Read())
        {
            rows.Add(new ManualResultVersion(Read(reader), reader.Int(11), reader.GetString(12), reader.LongOrNull(13),
                reader.GetString(14), reader.IntOrNull(15), reader.StringOrNull(16), reader.GetInt64(17) != 0));
        }

        return rows;
    }

    private static (string, object?)[] Key(ManualResult r) =>
        [("@c", r.CreditCode), ("@o", r.OutletCode), ("@p", r.Pollutant), ("@d", r.SamplingDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("@n", r.ReportNumber)];

    private static ManualResult Read(DbDataReader reader)
    {
        static decimal? Number(DbDataReader r, int i) => r.IsDBNull(i) ? null : decimal.Parse(r.GetString(i), CultureInfo.InvariantCulture);
        return new ManualResult(reader.GetString(0), reader.GetString(1), reader.GetString(2),
            DateOnly.ParseExact(reader.GetString(3), "yyyy-MM-dd", CultureInfo.InvariantCulture), Number(reader, 5)!.Value, reader.GetString(6),
            Number(reader, 7), Number(reader, 8), reader.GetString(9), reader.GetString(4), reader.IsDBNull(10) ? null : reader.GetString(10));
    }

    private static List<string> Changes(ManualResult a, ManualResult b)
    {
        var changes = new List<string>();
        static string Text(object? v) => v switch
        {
            null => "blank",
            decimal d => d.ToString(CultureInfo.InvariantCulture),
            _ => v.ToString() ?? "blank",
        };
        void Field(string name, object? x, object? y, bool same)
        {
            if (!same)
            {
                changes.Add($"{name} {Text(x)} → {Text(y)}");
            }
        }

        Field("value", a.Value, b.Value, a.Value == b.Value);
        Field("unit", a.Unit, b.Unit, a.Unit == b.Unit);
        Field("oxygen", a.Oxygen, b.Oxygen, a.Oxygen == b.Oxygen);
        Field("limit", a.Limit, b.Limit, a.Limit == b.Limit);
        Field("lab", a.Lab, b.Lab, a.Lab == b.Lab);
        Field("link", a.Link, b.Link, a.Link == b.Link);
        return changes;
    }
}

/// <summary>
/// A manual result as served: the result, the value corrected to the outlet's reference O2 (when the result gives
/// an O2 and is in mg/m³), and whether it exceeds the stated limit (the corrected value when there is one, else the
/// value; strictly above).
/// </summary>
[Resource("ManualResult", "手工监测结果", "A manual monitoring result as served: the laboratory's value, corrected to the reference O2 when possible, against the stated limit (unreviewed enterprise data).")]
public sealed record ManualResultDto(
    [property: Field("污染物代码", "HJ 212 pollutant code.", Example = "a21026")] string Pollutant,
    [property: Field("采样日期", "Sampling date.")] DateOnly SamplingDate,
    [property: Field("监测值", "Value as reported, in unit.")] decimal Value,
    [property: Field("单位", "Unit of value, e.g. mg/m³.", Example = "mg/m³")] string Unit,
    [property: Field("含氧量", "O2 at sampling, percent; null when not given.", Unit = "%")] decimal? Oxygen,
    [property: Field("基准氧含量", "The outlet's reference O2, percent.", Unit = "%")] decimal? ReferenceOxygen,
    [property: Field("折算浓度", "Value corrected to the reference O2 (when O2 is given and the unit is mg/m³); else null.", Unit = "mg/m³")] decimal? Corrected,
    [property: Field("限值", "The limit stated, in unit.")] decimal? Limit,
    [property: Field("是否超标", "Corrected value (or the value without one) strictly above the limit; null without a limit.")] bool? Exceeded,
    [property: Field("检测机构", "Laboratory.")] string Lab,
    [property: Field("报告编号", "Number of the laboratory report.")] string ReportNumber,
    [property: Field("报告链接", "Link to the report; null when none.")] string? Link,
    [property: Field("版本号", "Version (1 = first publication).")] int Version,
    [property: Field("记录时间", "When this version was stored (UTC, ISO 8601).")] string RecordedAt,
    [property: Field("来源文件", "Source file.")] string Source,
    [property: Field("更正原因", "Why this version exists.")] string? Reason,
    [property: Field("已被取代", "Whether a later version replaced this one.")] bool Superseded)
{
    [Field(LogRefField.Zh, LogRefField.En)]
    public LogRefDto? Log { get; init; }
}

/// <summary>Deterministic demo manual results: every manually monitored demo outlet, once a quarter of 2019, with one exceedance and one missed quarter.</summary>
internal static class DemoManualResults
{
    public const string Lab = "示例环境检测有限公司";

    public static IEnumerable<ManualResult> All()
    {
        int[] months = [2, 5, 8, 11];
        for (var index = 0; index < Enterprises.DemoEnterprises.All.Count; index++)
        {
            var e = Enterprises.DemoEnterprises.All[index];
            foreach (var outlet in e.Outlets.Where(o => o.Monitoring == Enterprises.Outlet.Manual))
            {
                for (var q = 0; q < 4; q++)
                {
                    // Enterprise 10 missed its fourth-quarter sampling.
                    if (index == 10 && q == 3)
                    {
                        continue;
                    }

                    var date = new DateOnly(2019, months[q], 10 + (index % 15));
                    foreach (var p in outlet.Pollutants)
                    {
                        var limit = Standards.Emissions.EmissionLimit.InForce(EmissionSummaryQueries.Limits(outlet, p), date)!.LimitMgPerM3;
                        // Enterprise 4's third-quarter particulate sample exceeds (1.3 × the limit at the reference O2).
                        var share = index == 4 && q == 2 && p.Code == "a34013" ? 1.3m : 0.3m + ((index * 7 + q * 3 + p.Code[^1]) % 40 / 100m);
                        var o2 = outlet.ReferenceOxygen!.Value + 2m;
                        var value = Math.Round(limit * share * (21m - o2) / (21m - outlet.ReferenceOxygen.Value), 1, MidpointRounding.ToEven);
                        yield return new ManualResult(e.CreditCode, outlet.Code, p.Code, date, value, "mg/m³", o2, limit, Lab,
                            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"SLJC-2019-{index + 1:D2}{outlet.Code[^1]}{q + 1}"), null);
                    }
                }
            }
        }
    }
}

/// <summary>Writes <see cref="DemoManualResults"/> once into a demo database.</summary>
internal sealed class DemoManualResultSeeder(Publisher publisher)
{
    private const string DoneKey = "demo_manual_results";

    public void EnsureSeeded()
    {
        var database = publisher.Database;
        if (!publisher.IsDemo || database.GetMeta(DoneKey) == "1")
        {
            return;
        }

        publisher.Publish("demo-manual-monitoring", publisher.Now(), batch =>
        {
            foreach (var r in DemoManualResults.All())
            {
                ManualResultStore.Apply(batch.StoreConnection, batch.StoreTransaction, r, "demo", null, null, batch.StartedAt);
            }

            database.SetMeta(DoneKey, "1", batch.StoreConnection, batch.StoreTransaction);
        });
    }
}
