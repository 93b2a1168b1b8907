using GraphQL;
using GraphQL.Types;
using Public.Web.Disclosures;
using Public.Web.GraphQL;

namespace Public.Web.Audit.GraphQL;

/// <summary>DataTime as sent (local time) as the DateTime scalar with the China offset.</summary>
internal static class LocalHour
{
    public static DateTimeOffset? Of(DateTime? time) => time is { } t ? new DateTimeOffset(t, TimeSpan.FromHours(8)) : null;
}

internal sealed class DisclosureCategoryGraphType : ObjectGraphType<CategoryDto>
{
    public DisclosureCategoryGraphType()
    {
        Name = "DisclosureCategory";
        Description = "年度报告内容类别（企业环境信息依法披露管理办法 第十二条）/ A content category of the annual report (Order 24, Art. 12).";
        Field<NonNullGraphType<IntGraphType>>("number").Description("序号 1–8 / Number 1–8.").Resolve(c => c.Source.Number);
        Field<NonNullGraphType<StringGraphType>>("code").Description("代码 / Code: basic, management, pollution, carbon, emergency, violations, temporary, other.").Resolve(c => c.Source.Code);
        Field<NonNullGraphType<StringGraphType>>("name").Description("名称 / Name.").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>>("nameEn").Description("英文名称 / English name.").Resolve(c => c.Source.NameEn);
    }
}

internal sealed class DisclosureGraphType : ObjectGraphType<DisclosureDto>
{
    public DisclosureGraphType()
    {
        Name = "Disclosure";
        Description = "环境信息依法披露报告 / A disclosure report (annual or temporary) as published, with its due date (REST /api/v1/enterprises/{creditCode}/disclosures).";
        Field<NonNullGraphType<StringGraphType>>("id").Description("编号 / The report's id as published.").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("creditCode").Description("统一社会信用代码 / The enterprise.").Resolve(c => c.Source.CreditCode);
        Field<NonNullGraphType<StringGraphType>>("kind").Description("类型 / Kind: annual (年度报告) or temporary (临时报告).").Resolve(c => c.Source.Kind);
        Field<IntGraphType>("year").Description("年度 / Year covered (annual reports).").Resolve(c => c.Source.Year);
        Field<NonNullGraphType<LocalDateGraphType>>("filedDate").Description("披露日期 / Date filed.").Resolve(c => c.Source.FiledDate);
        Field<LocalDateGraphType>("dueDate").Description("到期日 / Due: 15 March of the next year (annual); the 5th working day after receipt (temporary); null when the calendar does not cover it.").Resolve(c => c.Source.DueDate);
        Field<ListGraphType<NonNullGraphType<DisclosureCategoryGraphType>>>("categories").Description("覆盖的类别 / Categories covered (annual).").Resolve(c => c.Source.Categories);
        Field<ListGraphType<NonNullGraphType<DisclosureCategoryGraphType>>>("missingCategories").Description("未覆盖的类别 / Categories not covered (annual).").Resolve(c => c.Source.MissingCategories);
        Field<BooleanGraphType>("claimsNoExceedance").Description("报告是否声明无超标 / Whether the report states no exceedance (null: it says nothing either way).").Resolve(c => c.Source.ClaimsNoExceedance);
        Field<IntGraphType>("reportedExceedanceHours").Description("报告所列超标小时数 / Exceedance hours the report states.").Resolve(c => c.Source.ReportedExceedanceHours);
        Field<StringGraphType>("triggerDecisionNumber").Description("触发文书文号 / Number of the document that triggered a temporary report.").Resolve(c => c.Source.Trigger?.DecisionNumber);
        Field<LocalDateGraphType>("triggerReceivedDate").Description("收到日期 / Date the triggering document was received (served).").Resolve(c => c.Source.Trigger?.ReceivedDate);
        Field<StringGraphType>("title").Description("标题 / Title.").Resolve(c => c.Source.Title);
        Field<NonNullGraphType<StringGraphType>>("url").Description("原文链接 / Link to the document.").Resolve(c => c.Source.Url);
        Field<StringGraphType>("sha256").Description("原文 SHA-256 / SHA-256 of the document.").Resolve(c => c.Source.Sha256);
        Field<NonNullGraphType<IntGraphType>>("version").Description("版本号 / Version (1 = first publication).").Resolve(c => c.Source.Version);
        Field<StringGraphType>("correctionReason").Description("更正原因 / Why this version corrects the previous one.").Resolve(c => c.Source.CorrectionReason);
    }
}

internal sealed class EnterpriseStatementGraphType : ObjectGraphType<StatementDto>
{
    public EnterpriseStatementGraphType()
    {
        Name = "EnterpriseStatement";
        Description = "企业公开说明（回应权）/ An enterprise's published explanation of an exceedance or a penalty (REST /api/v1/enterprises/{creditCode}/statements).";
        Field<NonNullGraphType<StringGraphType>>("id").Description("编号 / Id as published.").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("creditCode").Description("统一社会信用代码 / The enterprise.").Resolve(c => c.Source.CreditCode);
        Field<NonNullGraphType<StringGraphType>>("subject").Description("对象 / Subject: exceedance (超标) or penalty (处罚).").Resolve(c => c.Source.Subject);
        Field<StringGraphType>("outletCode").Description("排放口 / Outlet (exceedance).").Resolve(c => c.Source.OutletCode);
        Field<StringGraphType>("pollutant").Description("HJ 212 因子代码 / Pollutant code; null = all of the outlet.").Resolve(c => c.Source.Pollutant);
        Field<OffsetDateTimeGraphType>("periodFrom").Description("起始小时（数采仪 DataTime，当地时间）/ First hour (DataTime, local time).").Resolve(c => LocalHour.Of(c.Source.PeriodFrom));
        Field<OffsetDateTimeGraphType>("periodTo").Description("结束小时 / Last hour, inclusive.").Resolve(c => LocalHour.Of(c.Source.PeriodTo));
        Field<StringGraphType>("decisionNumber").Description("处罚决定书文号 / Penalty decision number (penalty).").Resolve(c => c.Source.DecisionNumber);
        Field<NonNullGraphType<LocalDateGraphType>>("date").Description("发布日期 / Date published.").Resolve(c => c.Source.Date);
        Field<NonNullGraphType<StringGraphType>>("text").Description("说明原文 / The text as published.").Resolve(c => c.Source.Text);
        Field<StringGraphType>("url").Description("原文链接 / Link.").Resolve(c => c.Source.Url);
        Field<NonNullGraphType<IntGraphType>>("version").Description("版本号 / Version.").Resolve(c => c.Source.Version);
    }
}

internal sealed class AuditBasisGraphType : ObjectGraphType<AuditBasisDto>
{
    public AuditBasisGraphType()
    {
        Name = "AuditBasis";
        Description = "审计依据 / The rules a point is judged by and whether they were law at the time.";
        Field<NonNullGraphType<StringGraphType>>("regime").Description("依据 / Regime: order24 or order31-benchmark.").Resolve(c => c.Source.Regime);
        Field<NonNullGraphType<BooleanGraphType>>("statutory").Description("是否当时的法定期限 / Whether the deadline was statutory at the time (false: a benchmark).").Resolve(c => c.Source.Statutory);
        Field<NonNullGraphType<StringGraphType>>("text").Description("说明 / Explanation.").Resolve(c => c.Source.Text);
        Field<NonNullGraphType<StringGraphType>>("textEn").Description("英文说明 / Explanation in English.").Resolve(c => c.Source.TextEn);
    }
}

internal sealed class AuditAnnualReportGraphType : ObjectGraphType<AnnualReportCheckDto>
{
    public AuditAnnualReportGraphType()
    {
        Name = "AuditAnnualReport";
        Description = "年度报告是否按时 / The annual report check.";
        Field<NonNullGraphType<StringGraphType>>("status").Description("状态 / Status: on-time, late, missing or not-yet-due.").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<LocalDateGraphType>>("dueDate").Description("到期日 / Due date (15 March of the next year).").Resolve(c => c.Source.DueDate);
        Field<LocalDateGraphType>("filedDate").Description("披露日期 / Date filed.").Resolve(c => c.Source.FiledDate);
        Field<IntGraphType>("daysLate").Description("逾期天数（自然日）/ Calendar days late.").Resolve(c => c.Source.DaysLate);
        Field<StringGraphType>("reportId").Description("报告编号 / Report id.").Resolve(c => c.Source.ReportId);
        Field<StringGraphType>("url").Description("原文链接 / Link.").Resolve(c => c.Source.Url);
        Field<StringGraphType>("sha256").Description("原文 SHA-256 / SHA-256 of the document.").Resolve(c => c.Source.Sha256);
        Field<BooleanGraphType>("claimsNoExceedance").Description("是否声明无超标 / Whether it states no exceedance.").Resolve(c => c.Source.ClaimsNoExceedance);
        Field<NonNullGraphType<AuditBasisGraphType>>("basis").Description("依据 / Legal basis.").Resolve(c => c.Source.Basis);
    }
}

internal sealed class AuditCategoriesGraphType : ObjectGraphType<CategoriesCheckDto>
{
    public AuditCategoriesGraphType()
    {
        Name = "AuditCategories";
        Description = "内容类别是否齐全 / The categories check.";
        Field<NonNullGraphType<StringGraphType>>("status").Description("状态 / Status: complete, incomplete or no-report.").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DisclosureCategoryGraphType>>>>("covered").Description("覆盖 / Covered.").Resolve(c => c.Source.Covered);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DisclosureCategoryGraphType>>>>("missing").Description("缺少 / Missing.").Resolve(c => c.Source.Missing);
    }
}

internal sealed class AuditTemporaryReportGraphType : ObjectGraphType<TemporaryReportCheckDto>
{
    public AuditTemporaryReportGraphType()
    {
        Name = "AuditTemporaryReport";
        Description = "处罚后的临时报告 / One penalty of the year and its temporary report.";
        Field<NonNullGraphType<StringGraphType>>("decisionNumber").Description("文号 / Decision number.").Resolve(c => c.Source.DecisionNumber);
        Field<NonNullGraphType<IntGraphType>>("penaltyId").Description("处罚编号 / Penalty id (REST /penalties/{id}).").Resolve(c => checked((int)c.Source.PenaltyId));
        Field<NonNullGraphType<LocalDateGraphType>>("decisionDate").Description("决定日期 / Decision date.").Resolve(c => c.Source.DecisionDate);
        Field<LocalDateGraphType>("serviceDate").Description("送达日期 / Service date.").Resolve(c => c.Source.ServiceDate);
        Field<NonNullGraphType<LocalDateGraphType>>("receivedDate").Description("收到日期 / Received date used.").Resolve(c => c.Source.ReceivedDate);
        Field<NonNullGraphType<StringGraphType>>("receivedDateFrom").Description("收到日期来源 / serviceDate, or decisionDate when no service date is published.").Resolve(c => c.Source.ReceivedDateFrom);
        Field<LocalDateGraphType>("dueDate").Description("到期日 / 5th working day after receipt.").Resolve(c => c.Source.DueDate);
        Field<NonNullGraphType<StringGraphType>>("status").Description("状态 / Status: on-time, late, missing, not-yet-due, or not-judged when the working-day calendar does not cover the dates.").Resolve(c => c.Source.Status);
        Field<LocalDateGraphType>("filedDate").Description("披露日期 / Date filed.").Resolve(c => c.Source.FiledDate);
        Field<IntGraphType>("workingDaysLate").Description("逾期工作日 / Working days late.").Resolve(c => c.Source.WorkingDaysLate);
        Field<IntGraphType>("daysLate").Description("逾期天数 / Calendar days late.").Resolve(c => c.Source.DaysLate);
        Field<StringGraphType>("reportId").Description("报告编号 / Report id.").Resolve(c => c.Source.ReportId);
        Field<StringGraphType>("url").Description("原文链接 / Link.").Resolve(c => c.Source.Url);
        Field<NonNullGraphType<AuditBasisGraphType>>("basis").Description("依据 / Legal basis.").Resolve(c => c.Source.Basis);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EnterpriseStatementGraphType>>>>("statements").Description("企业说明 / The enterprise's statements on this penalty.").Resolve(c => c.Source.Statements);
    }
}

internal sealed class AuditExceedanceHourGraphType : ObjectGraphType<ExceedanceHourDto>
{
    public AuditExceedanceHourGraphType()
    {
        Name = "AuditExceedanceHour";
        Description = "超标小时 / An exceedance hour (values in mg/m³; unreviewed enterprise data).";
        Field<NonNullGraphType<OffsetDateTimeGraphType>>("dataTime").Description("数采仪 DataTime（当地时间）/ DataTime as sent (local time).").Resolve(c => LocalHour.Of(c.Source.DataTime)!.Value);
        Field<NonNullGraphType<DecimalGraphType>>("measured").Description("实测 / Measured, mg/m³.").Resolve(c => c.Source.Measured);
        Field<DecimalGraphType>("oxygen").Description("氧含量 / Oxygen content of the same hour, %.").Resolve(c => c.Source.Oxygen);
        Field<DecimalGraphType>("corrected").Description("折算 / Corrected to the reference O2, mg/m³.").Resolve(c => c.Source.Corrected);
        Field<DecimalGraphType>("limit").Description("限值 / Limit in force, mg/m³.").Resolve(c => c.Source.Limit);
        Field<DecimalGraphType>("multiple").Description("超标倍数 / corrected ÷ limit.").Resolve(c => c.Source.Multiple);
    }
}

internal sealed class AuditPollutantGraphType : ObjectGraphType<PollutantCheckDto>
{
    public AuditPollutantGraphType()
    {
        Name = "AuditPollutant";
        Description = "排放口某因子的数据率与超标 / Data rate and exceedances of one pollutant at an outlet.";
        Field<NonNullGraphType<StringGraphType>>("pollutant").Description("因子代码 / HJ 212 pollutant code.").Resolve(c => c.Source.Pollutant);
        Field<NonNullGraphType<IntGraphType>>("expectedHours").Description("应有小时 / Hours of the year.").Resolve(c => c.Source.ExpectedHours);
        Field<NonNullGraphType<IntGraphType>>("validHours").Description("有效小时（标记 N）/ Hours flagged N.").Resolve(c => c.Source.ValidHours);
        Field<NonNullGraphType<DecimalGraphType>>("rate").Description("有效数据率 0–1 / Effective data rate.").Resolve(c => c.Source.Rate);
        Field<NonNullGraphType<IntGraphType>>("exceedanceHours").Description("超标小时 / Exceedance hours.").Resolve(c => c.Source.ExceedanceHours);
        Field<DecimalGraphType>("maxMultiple").Description("最大超标倍数 / Maximum multiple.").Resolve(c => c.Source.MaxMultiple);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AuditExceedanceHourGraphType>>>>("firstExceedances").Description("最早的 10 个超标小时 / The first 10 exceedance hours.").Resolve(c => c.Source.FirstExceedances);
        Field<StringGraphType>("seriesUrl").Description("完整序列 / REST link of the full hourly series.").Resolve(c => c.Source.SeriesUrl);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EnterpriseStatementGraphType>>>>("statements").Description("企业说明 / Statements explaining these exceedances.").Resolve(c => c.Source.Statements);
    }
}

internal sealed class AuditOutletGraphType : ObjectGraphType<OutletCheckDto>
{
    public AuditOutletGraphType()
    {
        Name = "AuditOutlet";
        Description = "自动监测排放口 / An automatically monitored outlet in the audit.";
        Field<NonNullGraphType<StringGraphType>>("outletCode").Description("排放口编号 / Outlet code.").Resolve(c => c.Source.OutletCode);
        Field<NonNullGraphType<StringGraphType>>("name").Description("名称 / Name.").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<DecimalGraphType>>("rate").Description("数据率（各因子最低）/ Rate, the lowest of its pollutants.").Resolve(c => c.Source.Rate);
        Field<NonNullGraphType<IntGraphType>>("exceedanceHours").Description("超标小时 / Hours with any pollutant exceeding.").Resolve(c => c.Source.ExceedanceHours);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AuditPollutantGraphType>>>>("pollutants").Description("因子 / Pollutants.").Resolve(c => c.Source.Pollutants);
    }
}

internal sealed class AuditSelfMonitoringGraphType : ObjectGraphType<SelfMonitoringCheckDto>
{
    public AuditSelfMonitoringGraphType()
    {
        Name = "AuditSelfMonitoring";
        Description = "自行监测（企业自行监测数据，未经生态环境部门审核）/ Self-monitoring (unreviewed enterprise data).";
        Field<NonNullGraphType<StringGraphType>>("label").Description("数据说明 / Label.").Resolve(c => c.Source.Label);
        Field<DecimalGraphType>("rate").Description("总体有效数据率 / Overall effective data rate; null without automatic outlets.").Resolve(c => c.Source.Rate);
        Field<NonNullGraphType<IntGraphType>>("exceedanceHours").Description("超标小时 / Outlet hours with any exceedance.").Resolve(c => c.Source.ExceedanceHours);
        Field<DecimalGraphType>("maxMultiple").Description("最大超标倍数 / Maximum multiple.").Resolve(c => c.Source.MaxMultiple);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AuditOutletGraphType>>>>("outlets").Description("排放口 / Outlets.").Resolve(c => c.Source.Outlets);
    }
}

internal sealed class AuditFlagGraphType : ObjectGraphType<ConsistencyFlagDto>
{
    public AuditFlagGraphType()
    {
        Name = "AuditConsistencyFlag";
        Description = "不一致 / A consistency flag with its evidence links.";
        Field<NonNullGraphType<StringGraphType>>("code").Description("代码 / Code: claimsNoExceedanceButData, understatesExceedances or penaltyWithoutTemporaryReport.").Resolve(c => c.Source.Code);
        Field<NonNullGraphType<StringGraphType>>("message").Description("说明 / Message.").Resolve(c => c.Source.Message);
        Field<NonNullGraphType<StringGraphType>>("messageEn").Description("英文说明 / Message in English.").Resolve(c => c.Source.MessageEn);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("evidence").Description("证据链接 / Evidence links.").Resolve(c => c.Source.Evidence);
    }
}

internal sealed class AuditDeductionGraphType : ObjectGraphType<DeductionDto>
{
    public AuditDeductionGraphType()
    {
        Name = "AuditDeduction";
        Description = "扣分 / A deduction from 100.";
        Field<NonNullGraphType<StringGraphType>>("rule").Description("规则 / Rule (see auditMethod).").Resolve(c => c.Source.Rule);
        Field<NonNullGraphType<IntGraphType>>("points").Description("扣分 / Points.").Resolve(c => c.Source.Points);
        Field<NonNullGraphType<StringGraphType>>("reason").Description("原因 / Reason.").Resolve(c => c.Source.Reason);
    }
}

internal sealed class AuditGraphType : ObjectGraphType<AuditDto>
{
    public AuditGraphType()
    {
        Name = "Audit";
        Description = "企业年度信息披露审计 / One enterprise's disclosure audit for a year, each point with its evidence (REST /api/v1/audit/{creditCode}/{year}).";
        Field<NonNullGraphType<StringGraphType>>("creditCode").Description("统一社会信用代码 / Credit code.").Resolve(c => c.Source.CreditCode);
        Field<NonNullGraphType<StringGraphType>>("name").Description("名称 / Name.").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>>("district").Description("区县 / District.").Resolve(c => c.Source.District);
        Field<NonNullGraphType<StringGraphType>>("industry").Description("行业 / Industry.").Resolve(c => c.Source.Industry);
        Field<NonNullGraphType<IntGraphType>>("year").Description("年度 / Year audited.").Resolve(c => c.Source.Year);
        Field<NonNullGraphType<LocalDateGraphType>>("asOf").Description("审计日期 / Date the audit was computed for.").Resolve(c => c.Source.AsOf);
        Field<NonNullGraphType<IntGraphType>>("score").Description("得分 0–100 / Score.").Resolve(c => c.Source.Score);
        Field<NonNullGraphType<StringGraphType>>("grade").Description("等级 A–D / Grade.").Resolve(c => c.Source.Grade);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("statuses").Description("状态 / late, missing, inconsistent, incomplete, low-data-rate or ok.").Resolve(c => c.Source.Statuses);
        Field<NonNullGraphType<AuditAnnualReportGraphType>>("annualReport").Description("年度报告 / Annual report.").Resolve(c => c.Source.AnnualReport);
        Field<NonNullGraphType<AuditCategoriesGraphType>>("categories").Description("内容类别 / Categories.").Resolve(c => c.Source.Categories);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AuditTemporaryReportGraphType>>>>("temporaryReports").Description("临时报告 / Temporary reports per penalty.").Resolve(c => c.Source.TemporaryReports);
        Field<NonNullGraphType<AuditSelfMonitoringGraphType>>("selfMonitoring").Description("自行监测 / Self-monitoring.").Resolve(c => c.Source.SelfMonitoring);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AuditFlagGraphType>>>>("consistency").Description("一致性 / Consistency flags.").Resolve(c => c.Source.Consistency);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AuditDeductionGraphType>>>>("deductions").Description("扣分 / Deductions.").Resolve(c => c.Source.Deductions);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EnterpriseStatementGraphType>>>>("statements").Description("企业说明 / The enterprise's statements relevant to the year.").Resolve(c => c.Source.Statements);
    }
}

internal sealed class AuditRankingRowGraphType : ObjectGraphType<AuditRankingRowDto>
{
    public AuditRankingRowGraphType()
    {
        Name = "AuditRankingRow";
        Description = "排名行 / One row of the audit ranking (REST /api/v1/audit).";
        Field<NonNullGraphType<IntGraphType>>("rank").Description("名次（同分同名次）/ Rank (ties share).").Resolve(c => c.Source.Rank);
        Field<NonNullGraphType<StringGraphType>>("creditCode").Description("统一社会信用代码 / Credit code.").Resolve(c => c.Source.CreditCode);
        Field<NonNullGraphType<StringGraphType>>("name").Description("名称 / Name.").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>>("district").Description("区县 / District.").Resolve(c => c.Source.District);
        Field<NonNullGraphType<StringGraphType>>("industry").Description("行业 / Industry.").Resolve(c => c.Source.Industry);
        Field<NonNullGraphType<IntGraphType>>("score").Description("得分 / Score.").Resolve(c => c.Source.Score);
        Field<NonNullGraphType<StringGraphType>>("grade").Description("等级 / Grade.").Resolve(c => c.Source.Grade);
        Field<NonNullGraphType<StringGraphType>>("annualReport").Description("年度报告状态 / Annual report status.").Resolve(c => c.Source.AnnualReport);
        Field<IntGraphType>("annualDaysLate").Description("逾期天数 / Days late.").Resolve(c => c.Source.AnnualDaysLate);
        Field<NonNullGraphType<IntGraphType>>("temporaryLate").Description("逾期临时报告 / Late temporary reports.").Resolve(c => c.Source.TemporaryLate);
        Field<NonNullGraphType<IntGraphType>>("temporaryMissing").Description("缺失临时报告 / Missing temporary reports.").Resolve(c => c.Source.TemporaryMissing);
        Field<DecimalGraphType>("dataRate").Description("有效数据率 / Data rate.").Resolve(c => c.Source.DataRate);
        Field<NonNullGraphType<IntGraphType>>("exceedanceHours").Description("超标小时 / Exceedance hours.").Resolve(c => c.Source.ExceedanceHours);
        Field<NonNullGraphType<BooleanGraphType>>("inconsistent").Description("是否不一致 / Any consistency flag.").Resolve(c => c.Source.Inconsistent);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("statuses").Description("状态 / Statuses.").Resolve(c => c.Source.Statuses);
    }
}

internal sealed class AuditStatusGraphType : EnumerationGraphType
{
    public AuditStatusGraphType()
    {
        Name = "AuditStatus";
        Description = "审计状态 / An audit status (the REST status filter); outputs keep the REST strings.";
        Add("LATE", AuditService.Statuses.Late, "逾期 / A report was late.");
        Add("MISSING", AuditService.Statuses.Missing, "缺失 / A report is missing.");
        Add("INCONSISTENT", AuditService.Statuses.Inconsistent, "不一致 / A consistency flag.");
        Add("INCOMPLETE", AuditService.Statuses.Incomplete, "内容不全 / Categories missing.");
        Add("LOW_DATA_RATE", AuditService.Statuses.LowDataRate, "数据率低于 90% / Data rate below 90 %.");
        Add("OK", AuditService.Statuses.Ok, "无问题 / Nothing found.");
    }
}

internal sealed class AuditQueryFields : IQueryFieldsContributor
{
    public void AddFields(ObjectGraphType query)
    {
        query.Field<AuditGraphType>("audit")
            .Description("企业年度信息披露审计 / One enterprise's audit for a year (REST /api/v1/audit/{creditCode}/{year}).")
            .Argument<NonNullGraphType<StringGraphType>>("creditCode", "统一社会信用代码 / Credit code.")
            .Argument<NonNullGraphType<IntGraphType>>("year", "年度 / Year, e.g. 2019.")
            .Resolve(c => c.Service<AuditService>().Get(c.GetArgument<string>("creditCode"),
                AuditService.ParseYear(c.GetArgument<int>("year").ToString(System.Globalization.CultureInfo.InvariantCulture))));
        query.Connection<AuditRankingRowGraphType, object?>("auditRanking", "信息披露审计排名 / The ranking of a year (REST /api/v1/audit), best score first.")
            .Argument<NonNullGraphType<IntGraphType>>("year", "年度 / Year.")
            .Argument<StringGraphType>("district", "区县 / District, exact name.")
            .Argument<StringGraphType>("industry", "行业 / Industry, exact name.")
            .Argument<ListGraphType<NonNullGraphType<AuditStatusGraphType>>>("status", "状态 / Rows with any of these statuses.")
            .Resolve(c =>
            {
                var year = AuditService.ParseYear(c.GetArgument<int>("year").ToString(System.Globalization.CultureInfo.InvariantCulture));
                var statuses = c.GetArgument<List<string>?>("status");
                return c.Page(AuditApi.Rows(c.Service<AuditService>(), year, c.GetArgument<string?>("district"), c.GetArgument<string?>("industry"),
                    statuses is { Count: > 0 } ? statuses.ToHashSet(StringComparer.Ordinal) : null));
            });
        query.Connection<DisclosureGraphType, object?>("disclosures", "企业的披露报告 / An enterprise's disclosure reports (REST /api/v1/enterprises/{creditCode}/disclosures).")
            .Argument<NonNullGraphType<StringGraphType>>("creditCode", "统一社会信用代码 / Credit code.")
            .Resolve(c =>
            {
                var enterprise = Enterprises.EnterprisesApi.Find(c.GetArgument<string>("creditCode"), c.Service<Enterprises.EnterpriseStore>());
                return c.Page(c.Service<DisclosureQueries>().Disclosures(enterprise.CreditCode,
                    DisclosuresApi.PenaltyIds(c.Service<Penalties.Store.PenaltyStore>(), enterprise.CreditCode)));
            });
        query.Connection<EnterpriseStatementGraphType, object?>("statements", "企业公开说明 / An enterprise's statements (REST /api/v1/enterprises/{creditCode}/statements).")
            .Argument<NonNullGraphType<StringGraphType>>("creditCode", "统一社会信用代码 / Credit code.")
            .Resolve(c =>
            {
                var enterprise = Enterprises.EnterprisesApi.Find(c.GetArgument<string>("creditCode"), c.Service<Enterprises.EnterpriseStore>());
                return c.Page(c.Service<DisclosureQueries>().Statements(enterprise.CreditCode));
            });
    }
}
