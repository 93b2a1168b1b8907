using Public.Web.Contract;
using Public.Web.Transparency;

namespace Public.Web.Disclosures;

[Resource("DisclosureCategory", "年度报告内容类别（企业环境信息依法披露管理办法 第十二条）", "A content category of the annual report (Order 24, Art. 12).")]
public sealed record CategoryDto(
    [property: Field("序号 1–8", "Number 1–8.")] int Number,
    [property: Field("代码", "Code: basic, management, pollution, carbon, emergency, violations, temporary, other.", Values = ["basic", "management", "pollution", "carbon", "emergency", "violations", "temporary", "other"])] string Code,
    [property: Field("名称", "Name.")] string Name,
    [property: Field("英文名称", "English name.")] string NameEn);

[Resource("DisclosureTrigger", "触发文书", "The legal document that triggered a temporary report.")]
public sealed record DisclosureTriggerDto(
    [property: Field("触发文书文号", "Number of the document that triggered a temporary report.")] string DecisionNumber,
    [property: Field("收到日期", "Date the triggering document was received (served).")] DateOnly ReceivedDate,
    [property: Field("处罚编号", "The penalty decision with that number in this system; null when none.")] long? PenaltyId);

/// <summary>
/// A disclosure report as published, with its due date computed by the audit rule (annual: 15 March of the next year;
/// temporary: 5 working days after the triggering document was received, per the working-day calendar).
/// </summary>
[Resource("Disclosure", "环境信息依法披露报告", "A disclosure report (annual or temporary) as published, with its due date (REST /api/v1/enterprises/{creditCode}/disclosures).")]
public sealed record DisclosureDto(
    [property: Field("编号", "The report's id as published.")] string Id,
    [property: Field("统一社会信用代码", "The enterprise.")] string CreditCode,
    [property: Field("类型", "Kind: annual (年度报告) or temporary (临时报告).", Values = ["annual", "temporary"])] string Kind,
    [property: Field("类型（中文）", "Kind in Chinese: 年度报告 or 临时报告.", Values = ["年度报告", "临时报告"])] string KindZh,
    [property: Field("年度", "Year covered (annual reports).")] int? Year,
    [property: Field("披露日期", "Date filed.")] DateOnly FiledDate,
    [property: Field("到期日", "Due: 15 March of the next year (annual); the 5th working day after receipt (temporary); null when the calendar does not cover it.")] DateOnly? DueDate,
    [property: Field("覆盖的类别", "Categories covered (annual).")] IReadOnlyList<CategoryDto>? Categories,
    [property: Field("未覆盖的类别", "Categories not covered (annual).")] IReadOnlyList<CategoryDto>? MissingCategories,
    [property: Field("报告是否声明无超标", "Whether the report states no exceedance (null: it says nothing either way).")] bool? ClaimsNoExceedance,
    [property: Field("报告所列超标小时数", "Exceedance hours the report states.")] int? ReportedExceedanceHours,
    [property: Field("触发文书", "The document that triggered a temporary report; null for an annual report.")] DisclosureTriggerDto? Trigger,
    [property: Field("标题", "Title.")] string? Title,
    [property: Field("原文链接", "Link to the document.")] string Url,
    [property: Field("原文 SHA-256", "SHA-256 of the document.")] string? Sha256,
    [property: Field("版本号", "Version (1 = first publication).")] int Version,
    [property: Field("记录时间", "When this version was stored.")] DateTimeOffset RecordedAt,
    [property: Field("更正原因", "Why this version corrects the previous one.")] string? CorrectionReason)
{
    [Field(LogRefField.Zh, LogRefField.En)]
    public LogRefDto? Log { get; init; }
}

/// <summary>An enterprise's published explanation (right of reply) of an exceedance or a penalty.</summary>
[Resource("EnterpriseStatement", "企业公开说明（回应权）", "An enterprise's published explanation of an exceedance or a penalty (REST /api/v1/enterprises/{creditCode}/statements).")]
public sealed record StatementDto(
    [property: Field("编号", "Id as published.")] string Id,
    [property: Field("统一社会信用代码", "The enterprise.")] string CreditCode,
    [property: Field("对象", "Subject: exceedance (超标) or penalty (处罚).", Values = ["exceedance", "penalty"])] string Subject,
    [property: Field("排放口", "Outlet (exceedance).")] string? OutletCode,
    [property: Field("HJ 212 因子代码", "Pollutant code; null = all of the outlet.")] string? Pollutant,
    [property: Field("起始小时（数采仪 DataTime，当地时间）", "First hour (DataTime, local time).")] DateTime? PeriodFrom,
    [property: Field("结束小时", "Last hour, inclusive.")] DateTime? PeriodTo,
    [property: Field("处罚决定书文号", "Penalty decision number (penalty).")] string? DecisionNumber,
    [property: Field("发布日期", "Date published.", Example = "2019-01-01")] DateOnly Date,
    [property: Field("说明原文", "The text as published.")] string Text,
    [property: Field("原文链接", "Link.")] string? Url,
    [property: Field("原文 SHA-256", "SHA-256 of the statement's document, lower-case hex.")] string? Sha256,
    [property: Field("版本号", "Version.")] int Version,
    [property: Field("记录时间", "When this version was stored.")] DateTimeOffset RecordedAt,
    [property: Field("更正原因", "Why this version corrects the previous one.")] string? CorrectionReason)
{
    [Field(LogRefField.Zh, LogRefField.En)]
    public LogRefDto? Log { get; init; }
}
