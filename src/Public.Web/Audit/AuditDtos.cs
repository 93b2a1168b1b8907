using Public.Web.Contract;
using Public.Web.Disclosures;

namespace Public.Web.Audit;

/// <summary>Which rules a year is judged by and whether they were law at the time (see <see cref="AuditMethod"/>).</summary>
[Resource("AuditBasis", "审计依据", "The rules a point is judged by and whether they were law at the time.")]
public sealed record AuditBasisDto(
    [property: Field("依据", "Regime: order24 or order31-benchmark.", Values = [AuditMethod.Order24, AuditMethod.Benchmark])] string Regime,
    [property: Field("是否当时的法定期限", "Whether the deadline was statutory at the time (false: a benchmark).")] bool Statutory,
    [property: Field("说明", "Explanation.")] string Text,
    [property: Field("英文说明", "Explanation in English.")] string TextEn);

[Resource("AuditAnnualReport", "年度报告是否按时", "The annual report check.")]
public sealed record AnnualReportCheckDto(
    [property: Field("状态", "Status: on-time, late, missing or not-yet-due.", Values = [AuditService.Statuses.OnTime, AuditService.Statuses.Late, AuditService.Statuses.Missing, AuditService.Statuses.NotYetDue])] string Status,
    [property: Field("到期日", "Due date (15 March of the next year).")] DateOnly DueDate,
    [property: Field("披露日期", "Date filed.")] DateOnly? FiledDate,
    [property: Field("逾期天数（自然日）", "Calendar days late.")] int? DaysLate,
    [property: Field("报告编号", "Report id.")] string? ReportId,
    [property: Field("报告标题", "Title of the report counted.")] string? Title,
    [property: Field("原文链接", "Link.")] string? Url,
    [property: Field("原文 SHA-256", "SHA-256 of the document.")] string? Sha256,
    [property: Field("报告版本号", "Version of the report counted (1 = first publication).")] int? Version,
    [property: Field("是否声明无超标", "Whether it states no exceedance.")] bool? ClaimsNoExceedance,
    [property: Field("报告所列超标小时数", "Exceedance hours the report states; null when it states none.")] int? ReportedExceedanceHours,
    [property: Field("依据", "Legal basis.")] AuditBasisDto Basis);

[Resource("AuditCategories", "内容类别是否齐全", "The categories check.")]
public sealed record CategoriesCheckDto(
    [property: Field("状态", "Status: complete, incomplete or no-report.", Values = [AuditService.Statuses.Complete, AuditService.Statuses.Incomplete, AuditService.Statuses.NoReport])] string Status,
    [property: Field("覆盖", "Covered.")] IReadOnlyList<CategoryDto> Covered,
    [property: Field("缺少", "Missing.")] IReadOnlyList<CategoryDto> Missing);

/// <summary>One penalty of the year and its temporary report: due 5 working days after the decision was received (served).</summary>
[Resource("AuditTemporaryReport", "处罚后的临时报告", "One penalty of the year and its temporary report.")]
public sealed record TemporaryReportCheckDto(
    [property: Field("文号", "Decision number.")] string DecisionNumber,
    [property: Field("处罚编号", "Penalty id (REST /penalties/{id}).")] long PenaltyId,
    [property: Field("处罚链接", "REST link of the penalty decision.", Example = "/api/v1/penalties/1")] string PenaltyUrl,
    [property: Field("决定日期", "Decision date.")] DateOnly DecisionDate,
    [property: Field("送达日期", "Service date.")] DateOnly? ServiceDate,
    [property: Field("收到日期", "Received date used.")] DateOnly ReceivedDate,
    [property: Field("收到日期来源", "serviceDate, or decisionDate when no service date is published.", Values = ["serviceDate", "decisionDate"])] string ReceivedDateFrom,
    [property: Field("到期日", "5th working day after receipt.")] DateOnly? DueDate,
    [property: Field("状态", "Status: on-time, late, missing, not-yet-due, or not-judged when the working-day calendar does not cover the dates.", Values = [AuditService.Statuses.OnTime, AuditService.Statuses.Late, AuditService.Statuses.Missing, AuditService.Statuses.NotYetDue, AuditService.Statuses.NotJudged])] string Status,
    [property: Field("披露日期", "Date filed.")] DateOnly? FiledDate,
    [property: Field("逾期工作日", "Working days late.")] int? WorkingDaysLate,
    [property: Field("逾期天数", "Calendar days late.")] int? DaysLate,
    [property: Field("报告编号", "Report id.")] string? ReportId,
    [property: Field("原文链接", "Link.")] string? Url,
    [property: Field("原文 SHA-256", "SHA-256 of the temporary report's document.")] string? Sha256,
    [property: Field("依据", "Legal basis.")] AuditBasisDto Basis,
    [property: Field("企业说明", "The enterprise's statements on this penalty.")] IReadOnlyList<StatementDto> Statements);

[Resource("AuditExceedanceHour", "超标小时", "An exceedance hour (values in mg/m³; unreviewed enterprise data).")]
public sealed record ExceedanceHourDto(
    [property: Field("数采仪 DataTime（当地时间）", "DataTime as sent (local time).", Example = "2019-01-01T01:00:00")] DateTime DataTime,
    [property: Field("实测", "Measured, mg/m³.", Unit = "mg/m³")] decimal Measured,
    [property: Field("氧含量", "Oxygen content of the same hour, %.", Unit = "%")] decimal? Oxygen,
    [property: Field("折算", "Corrected to the reference O2, mg/m³.", Unit = "mg/m³")] decimal? Corrected,
    [property: Field("限值", "Limit in force, mg/m³.", Unit = "mg/m³")] decimal? Limit,
    [property: Field("超标倍数", "corrected ÷ limit.")] decimal? Multiple);

[Resource("AuditPollutant", "排放口某因子的数据率与超标", "Data rate and exceedances of one pollutant at an outlet.")]
public sealed record PollutantCheckDto(
    [property: Field("因子代码", "HJ 212 pollutant code.")] string Pollutant,
    [property: Field("应有小时", "Hours of the year.")] int ExpectedHours,
    [property: Field("有效小时（标记 N）", "Hours flagged N.")] int ValidHours,
    [property: Field("有效数据率 0–1", "Effective data rate.")] decimal Rate,
    [property: Field("超标小时", "Exceedance hours.")] int ExceedanceHours,
    [property: Field("最大超标倍数", "Maximum multiple.")] decimal? MaxMultiple,
    [property: Field("最早的 10 个超标小时", "The first 10 exceedance hours.")] IReadOnlyList<ExceedanceHourDto> FirstExceedances,
    [property: Field("完整序列", "REST link of the full hourly series.")] string? SeriesUrl,
    [property: Field("企业说明", "Statements explaining these exceedances.")] IReadOnlyList<StatementDto> Statements);

[Resource("AuditOutlet", "自动监测排放口", "An automatically monitored outlet in the audit.")]
public sealed record OutletCheckDto(
    [property: Field("排放口编号", "Outlet code.")] string OutletCode,
    [property: Field("名称", "Name.")] string Name,
    [property: Field("数采仪 MN", "HJ 212 device ID of the outlet's data logger.")] string? Mn,
    [property: Field("应有小时", "Hours of the year (8,760 or 8,784).")] int ExpectedHours,
    [property: Field("数据率（各因子最低）", "Rate, the lowest of its pollutants.")] decimal Rate,
    [property: Field("超标小时", "Hours with any pollutant exceeding.")] int ExceedanceHours,
    [property: Field("因子", "Pollutants.")] IReadOnlyList<PollutantCheckDto> Pollutants);

[Resource("AuditSelfMonitoring", "自行监测（企业自行监测数据，未经生态环境部门审核）", "Self-monitoring (unreviewed enterprise data).")]
public sealed record SelfMonitoringCheckDto(
    [property: Field("数据说明", "Label.")] string Label,
    [property: Field("自动监测排放口数", "Automatically monitored outlets with a data logger (MN).")] int AutomaticOutlets,
    [property: Field("有效因子小时", "Valid hours (flagged N) summed over every outlet pollutant.")] int ValidPollutantHours,
    [property: Field("应有因子小时", "Expected hours summed over every outlet pollutant.")] int ExpectedPollutantHours,
    [property: Field("总体有效数据率", "Overall effective data rate; null without automatic outlets.")] decimal? Rate,
    [property: Field("超标小时", "Outlet hours with any exceedance.")] int ExceedanceHours,
    [property: Field("超标因子小时", "Exceedance hours counted per pollutant (an hour with two pollutants exceeding counts twice).")] int ExceedancePollutantHours,
    [property: Field("最大超标倍数", "Maximum multiple.")] decimal? MaxMultiple,
    [property: Field("排放口", "Outlets.")] IReadOnlyList<OutletCheckDto> Outlets);

[Resource("AuditConsistencyFlag", "不一致", "A consistency flag with its evidence links.")]
public sealed record ConsistencyFlagDto(
    [property: Field("代码", "Code: claimsNoExceedanceButData, understatesExceedances or penaltyWithoutTemporaryReport.", Values = ["claimsNoExceedanceButData", "understatesExceedances", "penaltyWithoutTemporaryReport"])] string Code,
    [property: Field("说明", "Message.")] string Message,
    [property: Field("英文说明", "Message in English.")] string MessageEn,
    [property: Field("证据链接", "Evidence links.")] IReadOnlyList<string> Evidence);

[Resource("AuditDeduction", "扣分", "A deduction from 100.")]
public sealed record DeductionDto(
    [property: Field("规则", "Rule (see auditMethod).", Values = ["annual", "categories", "temporary", "dataRate", "exceedances", "consistency"])] string Rule,
    [property: Field("扣分", "Points.")] int Points,
    [property: Field("原因", "Reason.")] string Reason);

/// <summary>The audit of one enterprise for one year, each point with its evidence.</summary>
[Resource("Audit", "企业年度信息披露审计", "One enterprise's disclosure audit for a year, each point with its evidence (REST /api/v1/audit/{creditCode}/{year}).")]
public sealed record AuditDto(
    [property: Field("统一社会信用代码", "Credit code.")] string CreditCode,
    [property: Field("名称", "Name.")] string Name,
    [property: Field("区县", "District.")] string District,
    [property: Field("行业", "Industry.")] string Industry,
    [property: Field("年度", "Year audited.")] int Year,
    [property: Field("审计日期", "Date the audit was computed for.")] DateOnly AsOf,
    [property: Field("得分 0–100", "Score.")] int Score,
    [property: Field("等级 A–D", "Grade.", Values = ["A", "B", "C", "D"])] string Grade,
    [property: Field("状态", "late, missing, inconsistent, incomplete, low-data-rate or ok.", Values = [AuditService.Statuses.Late, AuditService.Statuses.Missing, AuditService.Statuses.Inconsistent, AuditService.Statuses.Incomplete, AuditService.Statuses.LowDataRate, AuditService.Statuses.Ok])] IReadOnlyList<string> Statuses,
    [property: Field("年度报告", "Annual report.")] AnnualReportCheckDto AnnualReport,
    [property: Field("内容类别", "Categories.")] CategoriesCheckDto Categories,
    [property: Field("临时报告", "Temporary reports per penalty.")] IReadOnlyList<TemporaryReportCheckDto> TemporaryReports,
    [property: Field("自行监测", "Self-monitoring.")] SelfMonitoringCheckDto SelfMonitoring,
    [property: Field("一致性", "Consistency flags.")] IReadOnlyList<ConsistencyFlagDto> Consistency,
    [property: Field("扣分", "Deductions.")] IReadOnlyList<DeductionDto> Deductions,
    [property: Field("企业说明", "The enterprise's statements relevant to the year.")] IReadOnlyList<StatementDto> Statements,
    [property: Field("链接", "REST links of the evidence: this audit, disclosures, statements, penalties, method.")] AuditLinksDto Links);

[Resource("AuditLinks", "审计相关链接", "REST links of the evidence behind the audit: its detail, the disclosures, statements and penalties of the enterprise, and the method.")]
public sealed record AuditLinksDto(
    [property: Field("本审计", "REST link of this audit.", Example = "/api/v1/audit/91210711PDY400013M/2019")] string Detail,
    [property: Field("披露报告", "REST link of the enterprise's disclosure reports.")] string Disclosures,
    [property: Field("企业说明", "REST link of the enterprise's statements.")] string Statements,
    [property: Field("行政处罚", "REST link of the penalties whose party is the enterprise.")] string Penalties,
    [property: Field("审计方法", "REST link of the audit method.")] string Method);

/// <summary>One row of the ranking (flat, as in the CSV).</summary>
[Resource("AuditRankingRow", "排名行", "One row of the audit ranking (REST /api/v1/audit).")]
public sealed record AuditRankingRowDto(
    [property: Field("名次（同分同名次）", "Rank (ties share).")] int Rank,
    [property: Field("统一社会信用代码", "Credit code.")] string CreditCode,
    [property: Field("名称", "Name.")] string Name,
    [property: Field("区县", "District.")] string District,
    [property: Field("行业", "Industry.")] string Industry,
    [property: Field("年度", "Year audited.")] int Year,
    [property: Field("得分", "Score.")] int Score,
    [property: Field("等级", "Grade.", Values = ["A", "B", "C", "D"])] string Grade,
    [property: Field("年度报告状态", "Annual report status.", Values = [AuditService.Statuses.OnTime, AuditService.Statuses.Late, AuditService.Statuses.Missing, AuditService.Statuses.NotYetDue])] string AnnualReport,
    [property: Field("逾期天数", "Days late.")] int? AnnualDaysLate,
    [property: Field("缺少的类别数", "Content categories missing from the annual report.")] int MissingCategories,
    [property: Field("行政处罚数", "Penalty decisions of the year.")] int Penalties,
    [property: Field("按时临时报告", "Temporary reports filed on time.")] int TemporaryOnTime,
    [property: Field("逾期临时报告", "Late temporary reports.")] int TemporaryLate,
    [property: Field("缺失临时报告", "Missing temporary reports.")] int TemporaryMissing,
    [property: Field("有效数据率", "Data rate.")] decimal? DataRate,
    [property: Field("超标小时", "Exceedance hours.")] int ExceedanceHours,
    [property: Field("最大超标倍数", "Maximum exceedance multiple (corrected ÷ limit); null without exceedance.")] decimal? MaxMultiple,
    [property: Field("是否不一致", "Any consistency flag.")] bool Inconsistent,
    [property: Field("状态", "Statuses.", Values = [AuditService.Statuses.Late, AuditService.Statuses.Missing, AuditService.Statuses.Inconsistent, AuditService.Statuses.Incomplete, AuditService.Statuses.LowDataRate, AuditService.Statuses.Ok])] IReadOnlyList<string> Statuses,
    [property: Field("审计详情链接", "REST link of the enterprise's audit for the year.")] string DetailUrl);
