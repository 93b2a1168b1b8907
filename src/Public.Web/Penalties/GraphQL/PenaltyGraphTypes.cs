using GraphQL.Types;
using Public.Web.GraphQL;

namespace Public.Web.Penalties.GraphQL;

/// <summary>A penalty decision, its latest version (REST PenaltyDto); its version history is batched across decisions.</summary>
internal sealed class PenaltyGraphType : ObjectGraphType<PenaltyDto>
{
    public PenaltyGraphType()
    {
        Name = "Penalty";
        Description = "行政处罚决定 / An administrative penalty decision as currently published (its latest version). Amounts in CNY, exact to the fen. Same fields as REST /api/v1/penalties.";
        // SQLite row ids, assigned 1, 2, 3… per decision: Int (32 bits) is far above any count of decisions.
        Field<NonNullGraphType<IntGraphType>>("id").Description("编号 / Id of the decision in this system (REST /penalties/{id}).").Resolve(c => checked((int)c.Source.Id));
        Field<NonNullGraphType<StringGraphType>>("decisionNumber").Description("文号 / Decision number as published, the identity of the decision.").Resolve(c => c.Source.DecisionNumber);
        Field<NonNullGraphType<StringGraphType>>("authority").Description("处罚机关 / Issuing authority.").Resolve(c => c.Source.Authority);
        Field<NonNullGraphType<PenaltyPartyGraphType>>("party").Description("当事人 / The party penalised.").Resolve(c => c.Source.Party);
        Field<StringGraphType>("district").Description("区县 / District as published.").Resolve(c => c.Source.District);
        Field<StringGraphType>("industry").Description("行业 / Industry as published.").Resolve(c => c.Source.Industry);
        Field<NonNullGraphType<PenaltyViolationGraphType>>("violation").Description("违法行为 / The kind of violation and the facts.").Resolve(c => c.Source.Violation);
        Field<NonNullGraphType<PenaltyLegalBasisGraphType>>("legalBasis").Description("处罚依据 / The law and article applied.").Resolve(c => c.Source.LegalBasis);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("types")
            .Description("处罚种类 / The decision's penalty types as REST codes (fine, daily, stop-production, limit-production, seal-up, confiscation, warning).").Resolve(c => c.Source.Types);
        Field<DecimalGraphType>("fineAmount").Description("罚款（元）/ One-off fine in CNY; null when none.").Resolve(c => c.Source.FineAmount);
        Field<PenaltyDailyGraphType>("dailyPenalty").Description("按日连续处罚 / Daily continuous penalty; null when none.").Resolve(c => c.Source.DailyPenalty);
        Field<NonNullGraphType<DecimalGraphType>>("fineTotal").Description("罚款合计（元）/ One-off fine + daily continuous penalty, CNY: what minAmount/maxAmount compare.").Resolve(c => c.Source.FineTotal);
        Field<StringGraphType>("productionOrder").Description("停产限产 / stop (责令停产整治) or limit (责令限制生产); null when none.").Resolve(c => c.Source.ProductionOrder);
        Field<NonNullGraphType<BooleanGraphType>>("sealUp").Description("查封、扣押 / Whether facilities were sealed up or seized.").Resolve(c => c.Source.SealUp);
        Field<DecimalGraphType>("confiscationAmount").Description("没收违法所得（元）/ Confiscated illegal gains, CNY (not a fine).").Resolve(c => c.Source.ConfiscationAmount);
        Field<StringGraphType>("confiscatedItems").Description("没收物品 / Items confiscated.").Resolve(c => c.Source.ConfiscatedItems);
        Field<NonNullGraphType<BooleanGraphType>>("warning").Description("警告 / Whether a warning was given.").Resolve(c => c.Source.Warning);
        Field<NonNullGraphType<StringGraphType>>("currency").Description("币种 / Currency of the amounts: CNY (人民币元).").Resolve(c => c.Source.Currency);
        Field<NonNullGraphType<LocalDateGraphType>>("decisionDate").Description("决定日期 / Date of the decision.").Resolve(c => c.Source.DecisionDate);
        Field<LocalDateGraphType>("serviceDate").Description("送达日期 / Date it was served.").Resolve(c => c.Source.ServiceDate);
        Field<LocalDateGraphType>("publicationDate").Description("公开日期 / Date it was published.").Resolve(c => c.Source.PublicationDate);
        Field<NonNullGraphType<PenaltyRectificationGraphType>>("rectification").Description("整改 / Rectification ordered and its status.").Resolve(c => c.Source.Rectification);
        Field<StringGraphType>("paymentStatus").Description("缴款状态 / not-applicable, unpaid, paid or enforcement (申请强制执行).").Resolve(c => c.Source.PaymentStatus);
        Field<StringGraphType>("appealStatus").Description("复议诉讼 / none, reconsideration-… or litigation-… (pending, upheld, changed, revoked).").Resolve(c => c.Source.AppealStatus);
        Field<NonNullGraphType<PenaltySourceDocumentGraphType>>("sourceDocument").Description("原文 / The published document: link and SHA-256.").Resolve(c => c.Source.SourceDocument);
        Field<NonNullGraphType<IntGraphType>>("version").Description("版本号 / Version of this content (1 = first publication).").Resolve(c => c.Source.Version);
        Field<NonNullGraphType<OffsetDateTimeGraphType>>("firstPublishedAt").Description("首次公开时间 / When this system first published the decision.").Resolve(c => c.Source.FirstPublishedAt);
        Field<NonNullGraphType<OffsetDateTimeGraphType>>("recordedAt").Description("记录时间 / When this version was stored.").Resolve(c => c.Source.RecordedAt);
        Field<StringGraphType>("correctionReason").Description("更正原因 / Why this version corrects the previous one.").Resolve(c => c.Source.CorrectionReason);
        Field<LocalDateGraphType>("correctionDate").Description("更正日期 / Date of the correction.").Resolve(c => c.Source.CorrectionDate);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PenaltyVersionGraphType>>>>("versions")
            .Description("版本历史 / Every version, oldest first, with what changed (REST /penalties/{id} versions). Batched: one store read for all decisions asked.")
            .Resolve(c => PenaltyLoaders.Versions(c, c.Source.Id));
    }
}

internal sealed class PenaltyPartyGraphType : ObjectGraphType<PartyDto>
{
    public PenaltyPartyGraphType()
    {
        Name = "PenaltyParty";
        Description = "当事人 / The party of a decision.";
        Field<NonNullGraphType<StringGraphType>>("name").Description("名称 / Name as published.").Resolve(c => c.Source.Name);
        Field<StringGraphType>("creditCode").Description("统一社会信用代码 / Unified social credit code (GB 32100-2015); null for a party without one.").Resolve(c => c.Source.CreditCode);
    }
}

internal sealed class PenaltyViolationGraphType : ObjectGraphType<ViolationDto>
{
    public PenaltyViolationGraphType()
    {
        Name = "PenaltyViolation";
        Description = "违法行为 / The violation of a decision.";
        Field<NonNullGraphType<StringGraphType>>("category").Description("违法类型 / Violation category (the violation filter).").Resolve(c => c.Source.Category);
        Field<NonNullGraphType<StringGraphType>>("summary").Description("违法事实 / The facts as published.").Resolve(c => c.Source.Summary);
    }
}

internal sealed class PenaltyLegalBasisGraphType : ObjectGraphType<LegalBasisDto>
{
    public PenaltyLegalBasisGraphType()
    {
        Name = "PenaltyLegalBasis";
        Description = "处罚依据 / The law and article a decision applies.";
        Field<NonNullGraphType<StringGraphType>>("law").Description("法律 / The law, e.g. 《中华人民共和国大气污染防治法》.").Resolve(c => c.Source.Law);
        Field<StringGraphType>("article").Description("条款 / The article, e.g. 第九十九条第（二）项.").Resolve(c => c.Source.Article);
    }
}

internal sealed class PenaltyDailyGraphType : ObjectGraphType<DailyPenaltyDto>
{
    public PenaltyDailyGraphType()
    {
        Name = "DailyPenalty";
        Description = "按日连续处罚 / Daily continuous penalty: days × daily amount = total (checked on import).";
        Field<NonNullGraphType<IntGraphType>>("days").Description("天数 / Days penalised.").Resolve(c => c.Source.Days);
        Field<NonNullGraphType<DecimalGraphType>>("dailyAmount").Description("每日罚款（元）/ Amount per day, CNY.").Resolve(c => c.Source.DailyAmount);
        Field<NonNullGraphType<DecimalGraphType>>("total").Description("合计（元）/ Total, CNY.").Resolve(c => c.Source.Total);
    }
}

internal sealed class PenaltyRectificationGraphType : ObjectGraphType<RectificationDto>
{
    public PenaltyRectificationGraphType()
    {
        Name = "PenaltyRectification";
        Description = "整改 / Rectification ordered by a decision.";
        Field<StringGraphType>("requirement").Description("整改要求 / What the party must do.").Resolve(c => c.Source.Requirement);
        Field<StringGraphType>("status").Description("整改状态 / not-required, pending, completed or overdue.").Resolve(c => c.Source.Status);
    }
}

internal sealed class PenaltySourceDocumentGraphType : ObjectGraphType<SourceDocumentDto>
{
    public PenaltySourceDocumentGraphType()
    {
        Name = "PenaltySourceDocument";
        Description = "处罚决定书原文 / The published decision document: link and the SHA-256 of its bytes.";
        Field<StringGraphType>("url").Description("链接 / Link to the document.").Resolve(c => c.Source.Url);
        Field<StringGraphType>("sha256").Description("SHA-256 摘要 / SHA-256 of the document's bytes, lower-case hex.").Resolve(c => c.Source.Sha256);
    }
}

internal sealed class PenaltyVersionGraphType : ObjectGraphType<PenaltyVersionDto>
{
    public PenaltyVersionGraphType()
    {
        Name = "PenaltyVersion";
        Description = "处罚决定版本 / One version of a decision: when it was recorded, from where, why, and what changed.";
        Field<NonNullGraphType<IntGraphType>>("version").Description("版本号 / 1 = first publication.").Resolve(c => c.Source.Version);
        Field<NonNullGraphType<BooleanGraphType>>("current").Description("当前版本 / Whether this is the version in force.").Resolve(c => c.Source.Current);
        Field<NonNullGraphType<OffsetDateTimeGraphType>>("recordedAt").Description("记录时间 / When it was stored.").Resolve(c => c.Source.RecordedAt);
        Field<NonNullGraphType<StringGraphType>>("source").Description("来源文件 / Source file.").Resolve(c => c.Source.Source);
        Field<IntGraphType>("sourceLine").Description("来源行号 / Line in the source file.").Resolve(c => c.Source.SourceLine);
        Field<StringGraphType>("reason").Description("更正原因 / Reason given for a correction.").Resolve(c => c.Source.Reason);
        Field<LocalDateGraphType>("correctionDate").Description("更正日期 / Date of the correction.").Resolve(c => c.Source.CorrectionDate);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PenaltyChangeGraphType>>>>("changes").Description("变更 / Fields that differ from the previous version.").Resolve(c => c.Source.Changes);
        Field<NonNullGraphType<PenaltyGraphType>>("record").Description("内容 / The decision as this version published it.").Resolve(c => c.Source.Record);
    }
}

internal sealed class PenaltyChangeGraphType : ObjectGraphType<ChangeDto>
{
    public PenaltyChangeGraphType()
    {
        Name = "PenaltyChange";
        Description = "字段变更 / One field changed by a version, with its import-format text before and after (amounts with two decimals).";
        Field<NonNullGraphType<StringGraphType>>("field").Description("字段 / Field name of the import format, e.g. fineAmount.").Resolve(c => c.Source.Field);
        Field<StringGraphType>("from").Description("原值 / Value before.").Resolve(c => c.Source.From);
        Field<StringGraphType>("to").Description("新值 / Value after.").Resolve(c => c.Source.To);
    }
}

internal sealed class PenaltyStatsGroupGraphType : ObjectGraphType<PenaltyStatsDto>
{
    public PenaltyStatsGroupGraphType()
    {
        Name = "PenaltyStatsGroup";
        Description = "处罚统计 / Count, total fines and total confiscations of one group (REST /penalties/stats).";
        Field<NonNullGraphType<StringGraphType>>("by").Description("分组方式 / year, district, industry or violation.").Resolve(c => c.Source.By);
        Field<StringGraphType>("key").Description("分组值 / The group; null when the field was not stated.").Resolve(c => c.Source.Key);
        Field<NonNullGraphType<IntGraphType>>("count").Description("决定数 / Decisions in the group.").Resolve(c => c.Source.Count);
        Field<NonNullGraphType<DecimalGraphType>>("fineTotal").Description("罚款合计（元）/ Sum of fineTotal, CNY.").Resolve(c => c.Source.FineTotal);
        Field<NonNullGraphType<DecimalGraphType>>("confiscationTotal").Description("没收合计（元）/ Sum of confiscations, CNY.").Resolve(c => c.Source.ConfiscationTotal);
        Field<NonNullGraphType<StringGraphType>>("currency").Description("币种 / CNY (人民币元).").Resolve(c => c.Source.Currency);
    }
}

internal sealed class PenaltyTypeInfoGraphType : ObjectGraphType<PenaltyTypeDto>
{
    public PenaltyTypeInfoGraphType()
    {
        Name = "PenaltyTypeInfo";
        Description = "处罚种类 / A penalty type with its names (REST /penalties/types).";
        Field<NonNullGraphType<StringGraphType>>("code").Description("代码 / REST code, e.g. stop-production.").Resolve(c => c.Source.Code);
        Field<NonNullGraphType<PenaltyTypeGraphType>>("value").Description("种类 / The type as an enum value.").Resolve(c => c.Source.Code);
        Field<NonNullGraphType<StringGraphType>>("name").Description("名称 / Chinese name.").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>>("nameEn").Description("英文名称 / English name.").Resolve(c => c.Source.NameEn);
    }
}
