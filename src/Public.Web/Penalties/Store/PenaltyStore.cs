using System.Data.Common;
using System.Text;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Data;

namespace Public.Web.Penalties.Store;

/// <summary>One stored version of a decision, with where it came from and why it exists.</summary>
internal sealed record PenaltyVersionRow(
    long PenaltyId,
    int Version,
    string RecordedAt,
    string FirstRecordedAt,
    long BatchId,
    string Source,
    int? SourceLine,
    string? Reason,
    DateOnly? CorrectionDate,
    PenaltyDecision Decision);

/// <summary>
/// All SQL of the penalties feature. A decision is identified by its decision number (文号) as published; its
/// content lives in append-only versions (triggers refuse UPDATE and DELETE), and queries read the latest version.
/// Amounts are integer fen, dates ISO text (so that text order is date order). The same SQL runs on SQLite and
/// PostgreSQL (<see cref="Database.Connect"/>); the two differences are said by <see cref="StoreDialect"/>.
/// </summary>
internal sealed class PenaltyStore(Database database)
{
    public const string SchemaSql = """
        CREATE TABLE IF NOT EXISTS penalty (
            id                INTEGER PRIMARY KEY,
            decision_number   TEXT NOT NULL UNIQUE,
            first_recorded_at TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS penalty_version (
            penalty_id      INTEGER NOT NULL REFERENCES penalty(id),
            version         INTEGER NOT NULL,
            recorded_at     TEXT NOT NULL,
            batch_id        INTEGER NOT NULL REFERENCES import_batch(id),
            source          TEXT NOT NULL,
            source_line     INTEGER,
            reason          TEXT,
            correction_date TEXT,
            authority TEXT NOT NULL, party_name TEXT NOT NULL, party_credit_code TEXT, district TEXT, industry TEXT,
            violation_category TEXT NOT NULL, violation_summary TEXT NOT NULL, legal_basis_law TEXT NOT NULL, legal_basis_article TEXT,
            fine_fen INTEGER, daily_days INTEGER, daily_amount_fen INTEGER, daily_total_fen INTEGER,
            production_order TEXT, seal_up INTEGER NOT NULL, confiscation_fen INTEGER, confiscated_items TEXT, warning INTEGER NOT NULL,
            decision_date TEXT NOT NULL, service_date TEXT, publication_date TEXT,
            rectification_requirement TEXT, rectification_status TEXT, payment_status TEXT, appeal_status TEXT,
            source_url TEXT, source_sha256 TEXT,
            PRIMARY KEY (penalty_id, version)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS penalty_version_party ON penalty_version(party_credit_code);
        CREATE INDEX IF NOT EXISTS penalty_version_date ON penalty_version(decision_date);
        -- Published records are never changed or removed: a correction is a new version.
        CREATE TRIGGER IF NOT EXISTS penalty_no_update BEFORE UPDATE ON penalty BEGIN SELECT RAISE(ABORT, 'penalty is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS penalty_no_delete BEFORE DELETE ON penalty BEGIN SELECT RAISE(ABORT, 'penalty is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS penalty_version_no_update BEFORE UPDATE ON penalty_version BEGIN SELECT RAISE(ABORT, 'penalty_version is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS penalty_version_no_delete BEFORE DELETE ON penalty_version BEGIN SELECT RAISE(ABORT, 'penalty_version is append-only'); END;
        """;

    public Database Database => database;

    private const string ContentColumns =
        "v.authority, v.party_name, v.party_credit_code, v.district, v.industry, v.violation_category, v.violation_summary, " +
        "v.legal_basis_law, v.legal_basis_article, v.fine_fen, v.daily_days, v.daily_amount_fen, v.daily_total_fen, v.production_order, " +
        "v.seal_up, v.confiscation_fen, v.confiscated_items, v.warning, v.decision_date, v.service_date, v.publication_date, " +
        "v.rectification_requirement, v.rectification_status, v.payment_status, v.appeal_status, v.source_url, v.source_sha256";

    private const string RowColumns =
        "p.id, p.decision_number, p.first_recorded_at, v.version, v.recorded_at, v.batch_id, v.source, v.source_line, v.reason, v.correction_date, " + ContentColumns;

    private const string CurrentVersion = "v.version = (SELECT MAX(m.version) FROM penalty_version m WHERE m.penalty_id = v.penalty_id)";

    /// <summary>The fines of a version in fen (one-off fine + daily continuous penalty), for amount filters and totals.</summary>
    private const string FineTotal = "(COALESCE(v.fine_fen, 0) + COALESCE(v.daily_total_fen, 0))";

    // ---- writing (inside the importer's transaction) ------------------------------------------------

    /// <summary>Every version of the decision with this number, oldest first (empty when it is new).</summary>
    public static List<PenaltyVersionRow> VersionsOf(string decisionNumber, DbConnection connection, DbTransaction transaction) =>
        Read(connection, transaction, $"SELECT {RowColumns} FROM penalty p JOIN penalty_version v ON v.penalty_id = p.id WHERE p.decision_number = @n ORDER BY v.version",
            [("@n", decisionNumber)]);

    public static long InsertDecision(DbConnection connection, DbTransaction transaction, string decisionNumber, string recordedAt) =>
        connection.Long(transaction, "INSERT INTO penalty(decision_number, first_recorded_at) VALUES (@n, @t) RETURNING id", ("@n", decisionNumber), ("@t", recordedAt));

    public static void InsertVersion(DbConnection connection, DbTransaction transaction, PenaltyVersionRow row)
    {
        var d = row.Decision;
        using var command = connection.Command(transaction, """
            INSERT INTO penalty_version (penalty_id, version, recorded_at, batch_id, source, source_line, reason, correction_date,
                authority, party_name, party_credit_code, district, industry, violation_category, violation_summary, legal_basis_law, legal_basis_article,
                fine_fen, daily_days, daily_amount_fen, daily_total_fen, production_order, seal_up, confiscation_fen, confiscated_items, warning,
                decision_date, service_date, publication_date, rectification_requirement, rectification_status, payment_status, appeal_status,
                source_url, source_sha256)
            VALUES (@id, @version, @recorded, @batch, @source, @line, @reason, @correction,
                @authority, @party, @code, @district, @industry, @category, @summary, @law, @article,
                @fine, @days, @daily, @dailyTotal, @production, @seal, @confiscation, @items, @warning,
                @decision, @service, @publication, @requirement, @rectification, @payment, @appeal, @url, @sha)
            """);
        object?[] values =
        [
            row.PenaltyId, (long)row.Version, row.RecordedAt, row.BatchId, row.Source, (long?)row.SourceLine, row.Reason, Dates.Format(row.CorrectionDate),
            d.Authority, d.PartyName, d.PartyCreditCode, d.District, d.Industry, d.ViolationCategory, d.ViolationSummary, d.LegalBasisLaw, d.LegalBasisArticle,
            d.FineFen, (long?)d.DailyPenaltyDays, d.DailyPenaltyAmountFen, d.DailyPenaltyTotalFen, d.ProductionOrder, d.SealUp ? 1L : 0L, d.ConfiscationFen, d.ConfiscatedItems, d.Warning ? 1L : 0L,
            Dates.Format(d.DecisionDate), Dates.Format(d.ServiceDate), Dates.Format(d.PublicationDate), d.RectificationRequirement, d.RectificationStatus,
            d.PaymentStatus, d.AppealStatus, d.SourceUrl, d.SourceSha256,
        ];
        string[] names =
        [
            "@id", "@version", "@recorded", "@batch", "@source", "@line", "@reason", "@correction",
            "@authority", "@party", "@code", "@district", "@industry", "@category", "@summary", "@law", "@article",
            "@fine", "@days", "@daily", "@dailyTotal", "@production", "@seal", "@confiscation", "@items", "@warning",
            "@decision", "@service", "@publication", "@requirement", "@rectification", "@payment", "@appeal", "@url", "@sha",
        ];
        for (var i = 0; i < names.Length; i++)
        {
            command.Add(names[i], values[i]);
        }

        command.ExecuteNonQuery();
    }

    // ---- reading ----------------------------------------------------------------------------------

    public bool HasAny()
    {
        using var connection = database.Connect();
        return connection.Long(null, "SELECT CASE WHEN EXISTS (SELECT 1 FROM penalty) THEN 1 ELSE 0 END") == 1;
    }

    /// <summary>Latest versions matching the filter, newest decision first; <paramref name="found"/> counts all matches.</summary>
    public List<PenaltyVersionRow> Current(PenaltyFilter filter, int offset, int limit, out int found)
    {
        var (where, parameters) = Where(filter, database.Dialect);
        using var connection = database.Connect();
        found = checked((int)connection.Long(null, $"SELECT COUNT(*) FROM penalty p JOIN penalty_version v ON v.penalty_id = p.id WHERE {where}", [.. parameters]));

        return Read(connection, null,
            $"SELECT {RowColumns} FROM penalty p JOIN penalty_version v ON v.penalty_id = p.id WHERE {where} ORDER BY v.decision_date DESC, p.id DESC LIMIT @limit OFFSET @offset",
            [.. parameters, ("@limit", limit), ("@offset", offset)]);
    }

    /// <summary>Every version of one decision, oldest first; empty for an unknown id.</summary>
    public List<PenaltyVersionRow> Versions(long id)
    {
        using var connection = database.Connect();
        return Read(connection, null, $"SELECT {RowColumns} FROM penalty p JOIN penalty_version v ON v.penalty_id = p.id WHERE p.id = @id ORDER BY v.version",
            [("@id", id)]);
    }

    /// <summary>Every version of several decisions in one statement (the ids go in as one parameter), by id then version.</summary>
    public List<PenaltyVersionRow> Versions(IReadOnlyCollection<long> ids)
    {
        var (inIds, value) = database.Dialect.InIds("p.id", "@ids", ids);
        using var connection = database.Connect();
        return Read(connection, null, $"SELECT {RowColumns} FROM penalty p JOIN penalty_version v ON v.penalty_id = p.id WHERE {inIds} ORDER BY p.id, v.version",
            [("@ids", value)]);
    }

    /// <summary>Count, fines and confiscations of the latest versions matching the filter, per group (null key = not stated).</summary>
    public List<(string? Key, int Count, long FineFen, long ConfiscationFen)> Stats(PenaltyFilter filter, PenaltyStatsBy by)
    {
        var key = by switch
        {
            PenaltyStatsBy.Year => "substr(v.decision_date, 1, 4)",
            PenaltyStatsBy.District => "v.district",
            PenaltyStatsBy.Industry => "v.industry",
            _ => "v.violation_category",
        };
        var (where, parameters) = Where(filter, database.Dialect);
        using var connection = database.Connect();
        // CAST: PostgreSQL sums bigints as numeric.
        using var command = connection.Command(null, $"""
            SELECT {key} AS k, COUNT(*), CAST(SUM({FineTotal}) AS BIGINT), CAST(SUM(COALESCE(v.confiscation_fen, 0)) AS BIGINT)
            FROM penalty p JOIN penalty_version v ON v.penalty_id = p.id WHERE {where}
            GROUP BY k ORDER BY k NULLS LAST
            """, [.. parameters]);
        var result = new List<(string?, int, long, long)>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result.Add((reader.StringOrNull(0), reader.Int(1), reader.GetInt64(2), reader.GetInt64(3)));
        }

        return result;
    }

    /// <summary>The decisions we published last (by the time of their first version), latest versions, newest first.</summary>
    public List<PenaltyVersionRow> NewestPublished(int count)
    {
        using var connection = database.Connect();
        return Read(connection, null,
            $"SELECT {RowColumns} FROM penalty p JOIN penalty_version v ON v.penalty_id = p.id WHERE {CurrentVersion} ORDER BY p.first_recorded_at DESC, p.id DESC LIMIT @n",
            [("@n", count)]);
    }

    private static (string Sql, List<(string, object?)> Parameters) Where(PenaltyFilter f, StoreDialect dialect)
    {
        var sql = new StringBuilder(CurrentVersion);
        var parameters = new List<(string, object?)>();
        void Add(string condition, string name, object value)
        {
            sql.Append(" AND ").Append(condition);
            parameters.Add((name, value));
        }

        if (f.From is { } from)
        {
            Add("v.decision_date >= @from", "@from", Dates.Format(from));
        }

        if (f.To is { } to)
        {
            Add("v.decision_date <= @to", "@to", Dates.Format(to));
        }

        if (f.District is { Length: > 0 } district)
        {
            Add("v.district = @district", "@district", district);
        }

        if (f.Industry is { Length: > 0 } industry)
        {
            Add("v.industry = @industry", "@industry", industry);
        }

        if (f.Violation is { Length: > 0 } violation)
        {
            Add("v.violation_category = @violation", "@violation", violation);
        }

        if (f.MinAmount is { } min)
        {
            Add($"{FineTotal} >= @min", "@min", Money.ToFen(min));
        }

        if (f.MaxAmount is { } max)
        {
            Add($"{FineTotal} <= @max", "@max", Money.ToFen(max));
        }

        if (f.PartyCreditCode is { Length: > 0 } code)
        {
            Add("v.party_credit_code = @code", "@code", code);
        }

        if (f.PartyNameContains is { Length: > 0 } name)
        {
            var escaped = name.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
            Add($@"v.party_name {dialect.LikeIgnoringAsciiCase} @name ESCAPE '\'", "@name", "%" + escaped + "%");
        }

        if (f.Types is { Count: > 0 } types)
        {
            var conditions = types.Order(StringComparer.Ordinal).Select(t => t switch
            {
                PenaltyTypes.Fine => $"{FineTotal} > 0",
                PenaltyTypes.Daily => "COALESCE(v.daily_total_fen, 0) > 0",
                PenaltyTypes.StopProduction => "v.production_order = 'stop'",
                PenaltyTypes.LimitProduction => "v.production_order = 'limit'",
                PenaltyTypes.SealUp => "v.seal_up = 1",
                PenaltyTypes.Confiscation => "(COALESCE(v.confiscation_fen, 0) > 0 OR v.confiscated_items IS NOT NULL)",
                PenaltyTypes.Warning => "v.warning = 1",
                _ => throw new ArgumentException($"unknown penalty type '{t}'", nameof(f)),
            });
            sql.Append(" AND (").AppendJoin(" OR ", conditions).Append(')');
        }

        return (sql.ToString(), parameters);
    }

    private static List<PenaltyVersionRow> Read(DbConnection connection, DbTransaction? transaction, string sql, (string, object?)[] parameters)
    {
        using var command = connection.Command(transaction, sql, parameters);
        var rows = new List<PenaltyVersionRow>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            string? S(int i) => reader.StringOrNull(i);
            long? L(int i) => reader.LongOrNull(i);
            const int c = 10;
            var decision = new PenaltyDecision(
                reader.GetString(1), reader.GetString(c), reader.GetString(c + 1), S(c + 2), S(c + 3), S(c + 4), reader.GetString(c + 5), reader.GetString(c + 6),
                reader.GetString(c + 7), S(c + 8), L(c + 9), reader.IntOrNull(c + 10), L(c + 11), L(c + 12), S(c + 13),
                reader.GetInt64(c + 14) == 1, L(c + 15), S(c + 16), reader.GetInt64(c + 17) == 1, Dates.Parse(reader.GetString(c + 18)),
                Dates.ParseOrNull(S(c + 19)), Dates.ParseOrNull(S(c + 20)), S(c + 21), S(c + 22), S(c + 23), S(c + 24), S(c + 25), S(c + 26));
            rows.Add(new PenaltyVersionRow(reader.GetInt64(0), reader.Int(3), reader.GetString(4), reader.GetString(2), reader.GetInt64(5),
                reader.GetString(6), reader.IntOrNull(7), S(8), Dates.ParseOrNull(S(9)), decision));
        }

        return rows;
    }
}
