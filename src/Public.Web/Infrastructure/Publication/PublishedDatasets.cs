using Public.Web.Infrastructure.Data;

namespace Public.Web.Infrastructure.Publication;

/// <summary>
/// One versioned table whose rows are published records: how a row version becomes its exact published bytes and its
/// log id. The bytes are a JSON object built by SQLite's <c>json_object</c> over a fixed list of columns (in this order;
/// never read from the table's current shape, so a column added later does not change the bytes of old versions), and
/// the same SQL produces them at import and when <see cref="StoreTamperCheck"/> recomputes them from the live tables.
/// On PostgreSQL the same bytes come from <see cref="StoreDialect.JsonObject"/> (<see cref="SelectListFor"/>), so a
/// record's hash does not depend on the engine.
/// </summary>
/// <param name="Name">The dataset name in the log (leaf <c>dataset</c> line, URL segment of <c>/log/records</c>).</param>
/// <param name="Table">The append-only version table (alias <c>t</c>).</param>
/// <param name="RecordKey">The columns of <see cref="Table"/> that name one record (without <c>version</c>).</param>
/// <param name="Join">Joins that bring the parent table (alias <c>p</c>) whose natural key is the record's id, or "".</param>
/// <param name="IdParts">SQL expressions whose values, escaped by <see cref="RecordIds"/> and joined with '.', are the log id.</param>
/// <param name="Columns">The published columns: <c>t.x</c> or <c>p.x</c> (the JSON key is <c>x</c>); <c>json:t.x</c> embeds JSON text as JSON.</param>
/// <param name="PostgresIdParts"><see cref="IdParts"/> in PostgreSQL's SQL where an expression differs (null: the same).</param>
internal sealed record PublishedDataset(string Name, string Table, IReadOnlyList<string> RecordKey, string Join, IReadOnlyList<string> IdParts, IReadOnlyList<string> Columns,
    IReadOnlyList<string>? PostgresIdParts = null)
{
    /// <summary>The SELECT list: the id parts, the version, the bytes (as text).</summary>
    public string SelectList { get; } = SelectListOf(IdParts, Columns, StoreDialect.Sqlite);

    /// <summary><see cref="SelectList"/> in the SQL of <paramref name="dialect"/> (the same bytes on both engines).</summary>
    /// <remarks>
    /// On PostgreSQL only for the datasets in <see cref="PublishedDatasets.SameBytesOnPostgres"/>: the others have columns
    /// whose text the two engines may write differently (floating point, embedded JSON), and a record hash that depends on
    /// the engine would break the log, so they are refused until a test proves their bytes equal.
    /// </remarks>
    public string SelectListFor(StoreDialect dialect) =>
        !dialect.IsPostgres ? SelectList
        : PublishedDatasets.SameBytesOnPostgres.Contains(Name) ? SelectListOf(IdPartsFor(dialect), Columns, dialect)
        : throw new StoreNotPortedException(
            $"数据集 {Name} 的发布字节尚未证明在 PostgreSQL 上与 SQLite 相同 / the published bytes of dataset {Name} are not yet proven equal on PostgreSQL and SQLite; see content/docs/postgres.md");

    /// <summary><see cref="IdParts"/> in the SQL of <paramref name="dialect"/>.</summary>
    public IReadOnlyList<string> IdPartsFor(StoreDialect dialect) => dialect.IsPostgres ? PostgresIdParts ?? IdParts : IdParts;

    /// <summary>The current version of each record (the one no later version of the same record replaces), in the SQL of <paramref name="dialect"/>.</summary>
    public string CurrentSqlFor(StoreDialect dialect) =>
        $"SELECT {SelectListFor(dialect)} FROM {Table} t {Join} WHERE NOT EXISTS (SELECT 1 FROM {Table} n WHERE " +
        string.Join(" AND ", RecordKey.Select(k => $"n.{k} = t.{k}")) + " AND n.version > t.version)";

    private static string SelectListOf(IReadOnlyList<string> idParts, IReadOnlyList<string> columns, StoreDialect dialect) =>
        string.Join(", ", idParts) + ", t.version, " + dialect.JsonObject(columns.Select(c =>
        {
            var embed = c.StartsWith("json:", StringComparison.Ordinal);
            var column = embed ? c[5..] : c;
            return (column[(column.IndexOf('.', StringComparison.Ordinal) + 1)..], column, embed);
        }).ToList());
}

/// <summary>Every published dataset of the store, in the order a batch's leaves are written.</summary>
internal static class PublishedDatasets
{
    private static readonly string[] Provenance = ["t.recorded_at", "t.batch_id", "t.source", "t.source_line", "t.reason"];

    public static readonly PublishedDataset StationHours = new("station-hours", "station_hour", ["station", "hour_end"], "",
        // The hour as CNEMC labels it: the end of the averaging hour, China time (UTC+8).
        ["t.station", StoreDialect.Sqlite.ChinaHourText("t.hour_end")],
        ["t.station", "t.hour_end", "t.version", .. Provenance,
            "t.aqi", "t.pm25", "t.pm25_24h", "t.pm10", "t.pm10_24h", "t.so2", "t.so2_24h", "t.no2", "t.no2_24h",
            "t.o3", "t.o3_24h", "t.o3_8h", "t.o3_8h_24h", "t.co", "t.co_24h"],
        ["t.station", StoreDialect.Postgres.ChinaHourText("t.hour_end")]);

    public static readonly PublishedDataset WarningEvents = new("warning-events", "warning_event", ["warning_id", "seq"], "",
        ["t.warning_id", "t.seq"],
        ["t.warning_id", "t.seq", "t.version", .. Provenance, "t.kind", "t.time", "t.until", "t.level", "t.area", "t.authority",
            "t.document_number", "t.basis", "t.measures", "t.document_url", "t.document_sha256"]);

    public static readonly PublishedDataset ReductionEntries = new("reduction-entries", "reduction_entry", ["list_id", "level", "uscc"], "",
        ["t.list_id", "t.level", "t.uscc"],
        ["t.list_id", "t.level", "t.uscc", "t.version", .. Provenance, "t.list_title", "t.valid_from", "t.valid_to", "t.enterprise", "t.measure"]);

    public static readonly PublishedDataset Penalties = new("penalties", "penalty_version", ["penalty_id"], "JOIN penalty p ON p.id = t.penalty_id",
        ["p.decision_number"],
        ["p.decision_number", "t.version", .. Provenance, "t.correction_date", "t.authority", "t.party_name", "t.party_credit_code",
            "t.district", "t.industry", "t.violation_category", "t.violation_summary", "t.legal_basis_law", "t.legal_basis_article",
            "t.fine_fen", "t.daily_days", "t.daily_amount_fen", "t.daily_total_fen", "t.production_order", "t.seal_up",
            "t.confiscation_fen", "t.confiscated_items", "t.warning", "t.decision_date", "t.service_date", "t.publication_date",
            "t.rectification_requirement", "t.rectification_status", "t.payment_status", "t.appeal_status", "t.source_url", "t.source_sha256"]);

    public static readonly PublishedDataset Enterprises = new("enterprises", "enterprise_version", ["credit_code"], "",
        ["t.credit_code"],
        ["t.credit_code", "t.version", .. Provenance, "json:t.content_json"]);

    public static readonly PublishedDataset CemsHours = new("cems-hours", "cems_hour_version", ["mn", "data_time"], "",
        ["t.mn", "t.data_time"],
        ["t.mn", "t.data_time", "t.version", "t.vals", "t.recorded_at", "t.source", "t.source_line", "t.reason"]);

    public static readonly PublishedDataset ManualResults = new("manual-results", "manual_result_version",
        ["credit_code", "outlet_code", "pollutant", "sampling_date", "report_number"], "",
        ["t.credit_code", "t.outlet_code", "t.pollutant", "t.sampling_date", "t.report_number"],
        ["t.credit_code", "t.outlet_code", "t.pollutant", "t.sampling_date", "t.report_number", "t.version", .. Provenance,
            "t.value", "t.unit", "t.oxygen", "t.limit_value", "t.lab", "t.link"]);

    public static readonly PublishedDataset Disclosures = new("disclosures", "disclosure_version", ["disclosure_id"], "JOIN disclosure p ON p.id = t.disclosure_id",
        ["p.record_id"],
        ["p.record_id", "t.version", .. Provenance, "t.credit_code", "t.kind", "t.year", "t.filed_date", "t.categories",
            "t.claims_no_exceedance", "t.reported_exceedance_hours", "t.trigger_decision_number", "t.trigger_received_date",
            "t.title", "t.url", "t.sha256"]);

    public static readonly PublishedDataset Statements = new("statements", "enterprise_statement_version", ["statement_id"],
        "JOIN enterprise_statement p ON p.id = t.statement_id",
        ["p.record_id"],
        ["p.record_id", "t.version", .. Provenance, "t.credit_code", "t.subject", "t.outlet_code", "t.pollutant", "t.period_from",
            "t.period_to", "t.decision_number", "t.statement_date", "t.text", "t.url", "t.sha256"]);

    public static readonly PublishedDataset PlanReports = new("plan-reports", "plan_report_version", ["report_id"], "JOIN plan_report p ON p.id = t.report_id",
        ["p.target_id", "p.period", "p.reporting_body"],
        ["p.target_id", "p.period", "p.reporting_body", "t.version", .. Provenance, "t.demo", "t.value", "t.done", "t.completed_on",
            "t.department_id", "t.note", "t.source_title", "t.source_issuer", "t.source_number", "t.source_date", "t.source_url", "t.source_sha256"]);

    /// <summary>
    /// The datasets whose published bytes a test proves equal on SQLite and PostgreSQL, imports through the ported
    /// importer on both engines giving the same leaves, record bytes and root: penalties
    /// (<c>PenaltyEngineTests</c>), warning events and reduction-list entries (<c>WarningEngineTests</c>), plan progress
    /// reports (<c>PlanEngineTests</c>), disclosures and enterprise statements (<c>DisclosureEngineTests</c>), enterprises
    /// (<c>EnterpriseEngineTests</c>), CEMS hours (<c>CemsEngineTests</c>), manual results (<c>ManualEngineTests</c>) and station
    /// hours (<c>AirQualityEngineTests</c>: a month of the real CNEMC file and a correction; the id's hour label by
    /// <see cref="StoreDialect.ChinaHourText"/>). The value
    /// texts themselves (REAL, embedded JSON) are proven equal by <c>PgRecordBytesTests</c>; a dataset joins here when
    /// its feature is ported and such a test covers it.
    /// </summary>
    public static readonly IReadOnlySet<string> SameBytesOnPostgres = new HashSet<string>(StringComparer.Ordinal)
    {
        "penalties", "warning-events", "reduction-entries", "plan-reports", "disclosures", "statements",
        "enterprises", "cems-hours", "manual-results", "station-hours",
    };

    public static readonly IReadOnlyList<PublishedDataset> All =
        [StationHours, WarningEvents, ReductionEntries, Penalties, Enterprises, CemsHours, ManualResults, Disclosures, Statements, PlanReports];

    public static PublishedDataset? Find(string name) => All.FirstOrDefault(d => d.Name == name);
}
