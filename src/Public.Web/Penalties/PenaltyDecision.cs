using System.Globalization;

namespace Public.Web.Penalties;

/// <summary>
/// The published content of one administrative penalty decision (行政处罚决定), as one version. Amounts are
/// integer fen (0.01 CNY) so that they stay exact; a null amount means the measure was not imposed.
/// </summary>
internal sealed record PenaltyDecision(
    string DecisionNumber,
    string Authority,
    string PartyName,
    string? PartyCreditCode,
    string? District,
    string? Industry,
    string ViolationCategory,
    string ViolationSummary,
    string LegalBasisLaw,
    string? LegalBasisArticle,
    long? FineFen,
    int? DailyPenaltyDays,
    long? DailyPenaltyAmountFen,
    long? DailyPenaltyTotalFen,
    string? ProductionOrder,
    bool SealUp,
    long? ConfiscationFen,
    string? ConfiscatedItems,
    bool Warning,
    DateOnly DecisionDate,
    DateOnly? ServiceDate,
    DateOnly? PublicationDate,
    string? RectificationRequirement,
    string? RectificationStatus,
    string? PaymentStatus,
    string? AppealStatus,
    string? SourceUrl,
    string? SourceSha256)
{
    /// <summary>All fines of the decision: the one-off fine plus the daily continuous penalty (which is a fine, 环境保护法 第五十九条).</summary>
    public long FineTotalFen => (FineFen ?? 0) + (DailyPenaltyTotalFen ?? 0);

    public IReadOnlyList<string> Types
    {
        get
        {
            var types = new List<string>();
            if (FineTotalFen > 0)
            {
                types.Add(PenaltyTypes.Fine);
            }

            if ((DailyPenaltyTotalFen ?? 0) > 0)
            {
                types.Add(PenaltyTypes.Daily);
            }

            if (ProductionOrder == PenaltyVocabulary.ProductionStop)
            {
                types.Add(PenaltyTypes.StopProduction);
            }

            if (ProductionOrder == PenaltyVocabulary.ProductionLimit)
            {
                types.Add(PenaltyTypes.LimitProduction);
            }

            if (SealUp)
            {
                types.Add(PenaltyTypes.SealUp);
            }

            if ((ConfiscationFen ?? 0) > 0 || ConfiscatedItems is not null)
            {
                types.Add(PenaltyTypes.Confiscation);
            }

            if (Warning)
            {
                types.Add(PenaltyTypes.Warning);
            }

            return types;
        }
    }

    /// <summary>Field-by-field differences from an earlier version, named as in the import format and the API.</summary>
    public IReadOnlyList<(string Field, string? From, string? To)> Differences(PenaltyDecision before)
    {
        var changes = new List<(string, string?, string?)>();
        foreach (var (name, read) in Fields)
        {
            var (a, b) = (read(before), read(this));
            if (!string.Equals(a, b, StringComparison.Ordinal))
            {
                changes.Add((name, a, b));
            }
        }

        return changes;
    }

    /// <summary>Each field as its import-format text (amounts in CNY with two decimals), for diffs.</summary>
    private static readonly (string Name, Func<PenaltyDecision, string?> Read)[] Fields =
    [
        ("authority", d => d.Authority), ("partyName", d => d.PartyName), ("partyCreditCode", d => d.PartyCreditCode),
        ("district", d => d.District), ("industry", d => d.Industry), ("violationCategory", d => d.ViolationCategory),
        ("violationSummary", d => d.ViolationSummary), ("legalBasisLaw", d => d.LegalBasisLaw), ("legalBasisArticle", d => d.LegalBasisArticle),
        ("fineAmount", d => Money.Format(d.FineFen)), ("dailyPenaltyDays", d => d.DailyPenaltyDays?.ToString(CultureInfo.InvariantCulture)),
        ("dailyPenaltyAmount", d => Money.Format(d.DailyPenaltyAmountFen)), ("dailyPenaltyTotal", d => Money.Format(d.DailyPenaltyTotalFen)),
        ("productionOrder", d => d.ProductionOrder), ("sealUp", d => d.SealUp ? "true" : "false"),
        ("confiscationAmount", d => Money.Format(d.ConfiscationFen)), ("confiscatedItems", d => d.ConfiscatedItems),
        ("warning", d => d.Warning ? "true" : "false"), ("decisionDate", d => Dates.Format(d.DecisionDate)),
        ("serviceDate", d => Dates.Format(d.ServiceDate)), ("publicationDate", d => Dates.Format(d.PublicationDate)),
        ("rectificationRequirement", d => d.RectificationRequirement), ("rectificationStatus", d => d.RectificationStatus),
        ("paymentStatus", d => d.PaymentStatus), ("appealStatus", d => d.AppealStatus),
        ("sourceUrl", d => d.SourceUrl), ("sourceSha256", d => d.SourceSha256),
    ];
}

/// <summary>The penalty types of the filters and the API (行政处罚种类), with their Chinese names.</summary>
public static class PenaltyTypes
{
    public const string Fine = "fine";
    public const string Daily = "daily";
    public const string StopProduction = "stop-production";
    public const string LimitProduction = "limit-production";
    public const string SealUp = "seal-up";
    public const string Confiscation = "confiscation";
    public const string Warning = "warning";

    public static readonly IReadOnlyList<(string Code, string NameZh, string NameEn)> All =
    [
        (Fine, "罚款（含按日连续处罚）", "fine (daily continuous penalties included)"),
        (Daily, "按日连续处罚", "daily continuous penalty"),
        (StopProduction, "责令停产整治", "order to stop production"),
        (LimitProduction, "责令限制生产", "order to limit production"),
        (SealUp, "查封、扣押", "seal-up or seizure"),
        (Confiscation, "没收违法所得、非法财物", "confiscation"),
        (Warning, "警告", "warning"),
    ];

    public static bool IsKnown(string code) => All.Any(t => t.Code == code);
}

/// <summary>The controlled values of the status fields; blank in an import means "not stated".</summary>
public static class PenaltyVocabulary
{
    public const string ProductionStop = "stop";
    public const string ProductionLimit = "limit";

    public static readonly IReadOnlyList<string> ProductionOrders = [ProductionStop, ProductionLimit];

    /// <summary>整改 rectification.</summary>
    public static readonly IReadOnlyList<string> RectificationStatuses = ["not-required", "pending", "completed", "overdue"];

    /// <summary>罚没款缴纳 payment; "enforcement" = 申请法院强制执行.</summary>
    public static readonly IReadOnlyList<string> PaymentStatuses = ["not-applicable", "unpaid", "paid", "enforcement"];

    /// <summary>行政复议 (reconsideration) / 行政诉讼 (litigation) and their outcome.</summary>
    public static readonly IReadOnlyList<string> AppealStatuses =
    [
        "none", "reconsideration-pending", "reconsideration-upheld", "reconsideration-changed", "reconsideration-revoked",
        "litigation-pending", "litigation-upheld", "litigation-changed", "litigation-revoked",
    ];
}

/// <summary>CNY amounts as integer fen: parsed from and written as plain decimals with at most two places.</summary>
internal static class Money
{
    /// <summary>More than any penalty could be (10^11 CNY); keeps fen far inside a long.</summary>
    public const long MaxFen = 10_000_000_000_000;

    public static decimal ToCny(long fen) => fen / 100m;

    public static decimal? ToCny(long? fen) => fen is { } f ? ToCny(f) : null;

    public static string? Format(long? fen) => fen is { } f ? ToCny(f).ToString("0.00", CultureInfo.InvariantCulture) : null;

    public static long ToFen(decimal cny) => (long)(cny * 100m);
}

internal static class Dates
{
    public static string? Format(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly Parse(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly? ParseOrNull(string? text) => text is null ? null : Parse(text);
}
