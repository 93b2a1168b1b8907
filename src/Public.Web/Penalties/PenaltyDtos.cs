using Public.Web.Contract;
using Public.Web.Transparency;

namespace Public.Web.Penalties;

[Resource("PenaltyParty", "当事人", "The party of a decision.")]
public sealed record PartyDto(
    [property: Field("名称", "Name as published.")] string Name,
    [property: Field("统一社会信用代码", "Unified social credit code (GB 32100-2015); null for a party without one.")] string? CreditCode);

[Resource("PenaltyViolation", "违法行为", "The violation of a decision.")]
public sealed record ViolationDto(
    [property: Field("违法类型", "Violation category (the violation filter).")] string Category,
    [property: Field("违法事实", "The facts as published.")] string Summary);

[Resource("PenaltyLegalBasis", "处罚依据", "The law and article a decision applies.")]
public sealed record LegalBasisDto(
    [property: Field("法律", "The law, e.g. 《中华人民共和国大气污染防治法》.", Example = "《中华人民共和国大气污染防治法》")] string Law,
    [property: Field("条款", "The article, e.g. 第九十九条第（二）项.", Example = "第九十九条第（二）项")] string? Article);

/// <summary>按日连续处罚: days × daily amount = total (checked on import).</summary>
[Resource("DailyPenalty", "按日连续处罚", "Daily continuous penalty: days × daily amount = total (checked on import).")]
public sealed record DailyPenaltyDto(
    [property: Field("天数", "Days penalised.")] int Days,
    [property: Field("每日罚款（元）", "Amount per day, CNY.", Unit = "元")] decimal DailyAmount,
    [property: Field("合计（元）", "Total, CNY.", Unit = "元")] decimal Total);

[Resource("PenaltyRectification", "整改", "Rectification ordered by a decision.")]
public sealed record RectificationDto(
    [property: Field("整改要求", "What the party must do.")] string? Requirement,
    [property: Field("整改状态", "not-required, pending, completed or overdue.", Values = ["not-required", "pending", "completed", "overdue"])] string? Status);

[Resource("PenaltySourceDocument", "处罚决定书原文", "The published decision document: link and the SHA-256 of its bytes.")]
public sealed record SourceDocumentDto(
    [property: Field("链接", "Link to the document.")] string? Url,
    [property: Field("SHA-256 摘要", "SHA-256 of the document's bytes, lower-case hex.")] string? Sha256);

/// <summary>
/// One penalty decision as currently published (its latest version). Amounts are CNY; <see cref="FineTotal"/> is the
/// one-off fine plus the daily continuous penalty, the amount that the amount filters compare.
/// </summary>
[Resource("Penalty", "行政处罚决定", "An administrative penalty decision as currently published (its latest version). Amounts in CNY, exact to the fen. Same fields as REST /api/v1/penalties.")]
public sealed record PenaltyDto(
    [property: Field("编号", "Id of the decision in this system (REST /penalties/{id}).")] long Id,
    [property: Field("文号", "Decision number as published, the identity of the decision.")] string DecisionNumber,
    [property: Field("处罚机关", "Issuing authority.")] string Authority,
    [property: Field("当事人", "The party penalised.")] PartyDto Party,
    [property: Field("区县", "District as published.")] string? District,
    [property: Field("行业", "Industry as published.")] string? Industry,
    [property: Field("违法行为", "The kind of violation and the facts.")] ViolationDto Violation,
    [property: Field("处罚依据", "The law and article applied.")] LegalBasisDto LegalBasis,
    [property: Field("处罚种类", "The decision's penalty types as REST codes (fine, daily, stop-production, limit-production, seal-up, confiscation, warning).", Values = [PenaltyTypes.Fine, PenaltyTypes.Daily, PenaltyTypes.StopProduction, PenaltyTypes.LimitProduction, PenaltyTypes.SealUp, PenaltyTypes.Confiscation, PenaltyTypes.Warning])] IReadOnlyList<string> Types,
    [property: Field("罚款（元）", "One-off fine in CNY; null when none.", Unit = "元")] decimal? FineAmount,
    [property: Field("按日连续处罚", "Daily continuous penalty; null when none.")] DailyPenaltyDto? DailyPenalty,
    [property: Field("罚款合计（元）", "One-off fine + daily continuous penalty, CNY: what minAmount/maxAmount compare.", Unit = "元")] decimal FineTotal,
    [property: Field("停产限产", "stop (责令停产整治) or limit (责令限制生产); null when none.", Values = ["stop", "limit"])] string? ProductionOrder,
    [property: Field("查封、扣押", "Whether facilities were sealed up or seized.")] bool SealUp,
    [property: Field("没收违法所得（元）", "Confiscated illegal gains, CNY (not a fine).", Unit = "元")] decimal? ConfiscationAmount,
    [property: Field("没收物品", "Items confiscated.")] string? ConfiscatedItems,
    [property: Field("警告", "Whether a warning was given.")] bool Warning,
    [property: Field("币种", "Currency of the amounts: CNY (人民币元).", Values = ["CNY"])] string Currency,
    [property: Field("决定日期", "Date of the decision.")] DateOnly DecisionDate,
    [property: Field("送达日期", "Date it was served.")] DateOnly? ServiceDate,
    [property: Field("公开日期", "Date it was published.")] DateOnly? PublicationDate,
    [property: Field("整改", "Rectification ordered and its status.")] RectificationDto Rectification,
    [property: Field("缴款状态", "not-applicable, unpaid, paid or enforcement (申请强制执行).", Values = ["not-applicable", "unpaid", "paid", "enforcement"])] string? PaymentStatus,
    [property: Field("复议诉讼", "none, reconsideration-… or litigation-… (pending, upheld, changed, revoked).", Values = ["none", "reconsideration-pending", "reconsideration-upheld", "reconsideration-changed", "reconsideration-revoked", "litigation-pending", "litigation-upheld", "litigation-changed", "litigation-revoked"])] string? AppealStatus,
    [property: Field("原文", "The published document: link and SHA-256.")] SourceDocumentDto SourceDocument,
    [property: Field("版本号", "Version of this content (1 = first publication).")] int Version,
    [property: Field("首次公开时间", "When this system first published the decision.")] DateTimeOffset FirstPublishedAt,
    [property: Field("记录时间", "When this version was stored.")] DateTimeOffset RecordedAt,
    [property: Field("更正原因", "Why this version corrects the previous one.")] string? CorrectionReason,
    [property: Field("更正日期", "Date of the correction.")] DateOnly? CorrectionDate)
{
    [Field(LogRefField.Zh, LogRefField.En)]
    public LogRefDto? Log { get; init; }
}

[Resource("PenaltyChange", "字段变更", "One field changed by a version, with its import-format text before and after (amounts with two decimals).")]
public sealed record ChangeDto(
    [property: Field("字段", "Field name of the import format, e.g. fineAmount.", Example = "fineAmount")] string Field,
    [property: Field("原值", "Value before.")] string? From,
    [property: Field("新值", "Value after.")] string? To);

/// <summary>One version of a decision: when we recorded it, from which file and line, why, and what changed.</summary>
[Resource("PenaltyVersion", "处罚决定版本", "One version of a decision: when it was recorded, from where, why, and what changed.")]
public sealed record PenaltyVersionDto(
    [property: Field("版本号", "1 = first publication.")] int Version,
    [property: Field("当前版本", "Whether this is the version in force.")] bool Current,
    [property: Field("记录时间", "When it was stored.")] DateTimeOffset RecordedAt,
    [property: Field("来源文件", "Source file.")] string Source,
    [property: Field("来源行号", "Line in the source file.")] int? SourceLine,
    [property: Field("更正原因", "Reason given for a correction.")] string? Reason,
    [property: Field("更正日期", "Date of the correction.")] DateOnly? CorrectionDate,
    [property: Field("变更", "Fields that differ from the previous version.")] IReadOnlyList<ChangeDto> Changes,
    [property: Field("内容", "The decision as this version published it.")] PenaltyDto Record);

[Resource("PenaltyDetail", "处罚决定详情", "A penalty decision (its latest version) with every version (REST /api/v1/penalties/{id}).")]
public sealed record PenaltyDetailDto(
    [property: Field("处罚决定", "The decision as currently published.")] PenaltyDto Penalty,
    [property: Field("版本历史", "Every version, oldest first, with what changed.")] IReadOnlyList<PenaltyVersionDto> Versions);

/// <summary>One group of the statistics; a null key means the field was not stated.</summary>
[Resource("PenaltyStatsGroup", "处罚统计", "Count, total fines and total confiscations of one group (REST /penalties/stats).")]
public sealed record PenaltyStatsDto(
    [property: Field("分组方式", "year, district, industry or violation.", Values = ["year", "district", "industry", "violation"])] string By,
    [property: Field("分组值", "The group; null when the field was not stated.")] string? Key,
    [property: Field("决定数", "Decisions in the group.")] int Count,
    [property: Field("罚款合计（元）", "Sum of fineTotal, CNY.", Unit = "元")] decimal FineTotal,
    [property: Field("没收合计（元）", "Sum of confiscations, CNY.", Unit = "元")] decimal ConfiscationTotal,
    [property: Field("币种", "CNY (人民币元).")] string Currency);

[Resource("PenaltyTypeInfo", "处罚种类", "A penalty type with its names (REST /penalties/types).")]
public sealed record PenaltyTypeDto(
    [property: Field("代码", "REST code, e.g. stop-production.", Example = "stop-production", Values = [PenaltyTypes.Fine, PenaltyTypes.Daily, PenaltyTypes.StopProduction, PenaltyTypes.LimitProduction, PenaltyTypes.SealUp, PenaltyTypes.Confiscation, PenaltyTypes.Warning])] string Code,
    [property: Field("名称", "Chinese name.")] string Name,
    [property: Field("英文名称", "English name.")] string NameEn);
