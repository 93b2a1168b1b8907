using System.Globalization;

namespace Public.Web.Disclosures;

/// <summary>
/// The eight content categories of an annual disclosure report, in the order of 企业环境信息依法披露管理办法
/// (生态环境部令第24号) 第十二条. Codes are stable English words; names are the article's wording.
/// </summary>
internal static class DisclosureCategories
{
    public sealed record Category(int Number, string Code, string Name, string NameEn);

    public static readonly IReadOnlyList<Category> All =
    [
        new(1, "basic", "企业基本信息", "Basic information of the enterprise"),
        new(2, "management", "企业环境管理信息（排污许可、环境保护税、环境污染责任保险、环保信用评价等）", "Environmental management: permits, environmental protection tax, pollution liability insurance, environmental credit rating"),
        new(3, "pollution", "污染物产生、治理与排放信息（含自行监测）", "Generation, treatment and discharge of pollutants, self-monitoring included"),
        new(4, "carbon", "碳排放信息", "Carbon emissions"),
        new(5, "emergency", "生态环境应急信息（突发环境事件应急预案、重污染天气应急响应）", "Environmental emergencies: contingency plan, heavy-pollution weather response"),
        new(6, "violations", "生态环境违法信息", "Environmental violations"),
        new(7, "temporary", "本年度临时环境信息依法披露情况", "Temporary disclosures made during the year"),
        new(8, "other", "法律法规规定的其他环境信息", "Other environmental information required by law"),
    ];

    /// <summary>A category by code, number (1–8) or its Chinese name (the part before any bracket).</summary>
    public static Category? Find(string text)
    {
        var t = text.Trim();
        return All.FirstOrDefault(c => string.Equals(c.Code, t, StringComparison.OrdinalIgnoreCase)
            || c.Number.ToString(CultureInfo.InvariantCulture) == t
            || c.Name == t
            || c.Name.Split('（')[0] == t);
    }

    /// <summary>Codes in the article's order, joined by ';' (the stored form, so equal sets compare equal).</summary>
    public static string Join(IEnumerable<Category> categories) =>
        string.Join(';', categories.DistinctBy(c => c.Number).OrderBy(c => c.Number).Select(c => c.Code));

    public static IReadOnlyList<Category> Split(string stored) =>
        stored.Length == 0 ? [] : stored.Split(';').Select(c => All.First(a => a.Code == c)).ToList();
}

internal static class DisclosureKinds
{
    public const string Annual = "annual";
    public const string Temporary = "temporary";
}

internal static class StatementSubjects
{
    public const string Exceedance = "exceedance";
    public const string Penalty = "penalty";
}

/// <summary>
/// One published environmental disclosure report (环境信息依法披露报告) as one version: an annual report (年度报告) for
/// <see cref="Year"/>, or a temporary report (临时报告) triggered by a legal document such as a penalty decision,
/// received/served on <see cref="TriggerReceivedDate"/>. <see cref="Categories"/> are the stored category codes
/// (<see cref="DisclosureCategories.Join"/>); <see cref="ClaimsNoExceedance"/> is what the report says (null = it says
/// nothing either way), <see cref="ReportedExceedanceHours"/> the exceedance hours it reports.
/// </summary>
internal sealed record Disclosure(
    string Id,
    string CreditCode,
    string Kind,
    int? Year,
    DateOnly FiledDate,
    string Categories,
    bool? ClaimsNoExceedance,
    int? ReportedExceedanceHours,
    string? TriggerDecisionNumber,
    DateOnly? TriggerReceivedDate,
    string? Title,
    string Url,
    string? Sha256);

/// <summary>
/// An enterprise's published explanation (right of reply): of an exceedance (<see cref="OutletCode"/>, optionally one
/// <see cref="Pollutant"/>, hours <see cref="PeriodFrom"/>–<see cref="PeriodTo"/> as DataTime, local time) or of a
/// penalty (<see cref="DecisionNumber"/>).
/// </summary>
internal sealed record Statement(
    string Id,
    string CreditCode,
    string Subject,
    string? OutletCode,
    string? Pollutant,
    DateTime? PeriodFrom,
    DateTime? PeriodTo,
    string? DecisionNumber,
    DateOnly Date,
    string Text,
    string? Url,
    string? Sha256);

/// <summary>A stored version of a record, with where it came from and why it exists.</summary>
internal sealed record StoredVersion<T>(long RowId, int Version, string RecordedAt, string FirstRecordedAt, long BatchId, string Source, int? SourceLine, string? Reason, T Record);
