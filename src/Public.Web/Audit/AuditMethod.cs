using Public.Web.Contract;

namespace Public.Web.Audit;

[Resource("MethodPoint", "审计要点", "One point of the audit: what it checks, by which rule, on which source.")]
public sealed record MethodPointDto(
    [property: Field("要点代码", "Point code.", Values = ["annual", "categories", "temporary", "dataRate", "exceedances", "consistency"])] string Id,
    [property: Field("标题", "Title in Chinese.")] string Title,
    [property: Field("标题（英文）", "Title in English.")] string TitleEn,
    [property: Field("规则", "The rule in Chinese.")] string Rule,
    [property: Field("规则（英文）", "The rule in English.")] string RuleEn,
    [property: Field("依据", "The legal or technical source of the rule.")] string Source);

[Resource("ScoreRule", "扣分规则", "Points deducted from 100 for one condition.")]
public sealed record ScoreRuleDto(
    [property: Field("要点代码", "The point the rule belongs to.", Values = ["annual", "categories", "temporary", "dataRate", "consistency"])] string Rule,
    [property: Field("扣分", "Points deducted.")] int Points,
    [property: Field("条件", "The condition in Chinese.")] string Condition,
    [property: Field("条件（英文）", "The condition in English.")] string ConditionEn);

[Resource("Grade", "等级", "A grade and the least score that earns it.")]
public sealed record GradeDto(
    [property: Field("等级", "Grade.", Values = ["A", "B", "C", "D"])] string Grade,
    [property: Field("最低分", "Least score of the grade.")] int MinScore);

[Resource("Regime", "法定依据", "The rules in force for a period and whether their deadlines were statutory then.")]
public sealed record RegimeDto(
    [property: Field("依据代码", "Regime code.", Values = [AuditMethod.Order24, AuditMethod.Benchmark])] string Regime,
    [property: Field("适用期", "The reports and decisions it covers (Chinese).")] string Period,
    [property: Field("是否法定期限", "Whether the deadlines were statutory then (false: a benchmark).")] bool Statutory,
    [property: Field("说明", "Explanation in Chinese.")] string Text,
    [property: Field("说明（英文）", "Explanation in English.")] string TextEn);

/// <summary>The audit method as data (served at /api/v1/audit/method and rendered on /audit/method): what each point checks, how it is scored, and on which legal basis.</summary>
[Resource("AuditMethod", "审计方法", "The audit method as data: what each point checks, how it is scored, on which legal basis (REST /api/v1/audit/method).")]
public sealed record AuditMethodDto(
    [property: Field("方法版本", "Version of the method.", Example = "1")] string Version,
    [property: Field("概要", "Summary in Chinese.")] string Summary,
    [property: Field("概要（英文）", "Summary in English.")] string SummaryEn,
    [property: Field("法定依据", "The rules in force per period.")] IReadOnlyList<RegimeDto> LegalBasis,
    [property: Field("审计要点", "The points checked.")] IReadOnlyList<MethodPointDto> Points,
    [property: Field("扣分规则", "Points deducted from 100 (the score never goes below 0).")] IReadOnlyList<ScoreRuleDto> Scoring,
    [property: Field("等级", "Grades by least score.")] IReadOnlyList<GradeDto> Grades,
    [property: Field("数据性质", "What the self-monitoring data are (unreviewed enterprise data).")] string Label);

internal static class AuditMethod
{
    /// <summary>企业环境信息依法披露管理办法 (生态环境部令第24号) took effect on this date.</summary>
    public static readonly DateOnly Order24Effective = new(2022, 2, 8);

    /// <summary>Annual reports covering this year and later fall under Order 24 (the first due on 15 March 2022, after it took effect).</summary>
    public const int FirstStatutoryAnnualYear = 2021;

    public const string Order24 = "order24";
    public const string Benchmark = "order31-benchmark";

    public static readonly AuditBasisDto Order24Basis = new(Order24, true,
        "《企业环境信息依法披露管理办法》（生态环境部令第24号，2022年2月8日起施行）：年度报告于每年3月15日前披露上一年度信息；收到行政处罚等法律文书后5个工作日内披露临时报告。",
        "Measures for the Administration of Legal Disclosure of Enterprise Environmental Information (MEE Order 24, in force from 2022-02-08): annual report by 15 March for the previous year; temporary report within 5 working days of receiving a penalty decision or other legal document.");

    public static readonly AuditBasisDto BenchmarkBasis = new(Benchmark, false,
        "当时施行的是《企业事业单位环境信息公开办法》（环境保护部令第31号，2015年1月1日起施行）：名录公布后90日内公开，信息生成或变更后30日内公开，没有3月15日年度报告或5个工作日临时报告的规定。本审计对该期间以第24号令的期限作为基准进行比较，结果不表示当时违反法定期限。",
        "The rule then in force was the Measures for Environmental Information Disclosure by Enterprises and Public Institutions (MEP Order 31, from 2015-01-01): disclosure within 90 days of the key-polluter list and within 30 days of information arising or changing; it set no 15 March annual report and no 5-working-day temporary report. For this period the audit applies Order 24's deadlines as a benchmark; a 'late' or 'missing' result does not mean a statutory deadline was missed.");

    public static AuditBasisDto AnnualBasis(int year) => year >= FirstStatutoryAnnualYear ? Order24Basis : BenchmarkBasis;

    public static AuditBasisDto TemporaryBasis(DateOnly received) => received >= Order24Effective ? Order24Basis : BenchmarkBasis;

    // Scoring (points deducted from 100; the score never goes below 0).
    public const int AnnualMissing = 30;
    public const int AnnualLateShort = 10;
    public const int AnnualLateLong = 20;
    public const int AnnualLateLongAfterDays = 30;
    public const int PerMissingCategory = 3;
    public const int TemporaryLate = 5;
    public const int TemporaryMissing = 10;
    public const int TemporaryCap = 30;
    public const decimal DataRateGood = 0.90m;
    public const decimal DataRatePoor = 0.75m;
    public const int DataRateBelowGood = 10;
    public const int DataRateBelowPoor = 20;
    public const int ClaimsNoExceedanceButData = 20;
    public const int UnderstatesExceedances = 10;
    public const int FirstExceedancesShown = 10;

    public static string Grade(int score) => score >= 90 ? "A" : score >= 75 ? "B" : score >= 60 ? "C" : "D";

    public static AuditMethodDto Describe() => new(
        "1",
        "按企业和年度审计企业环境信息披露：年度报告是否按时、内容类别是否齐全、每个行政处罚是否按时发布临时报告、自动监测有效数据率、超标小时数与最大超标倍数，以及披露内容与监测数据是否一致。每一项都附证据（报告编号、链接、日期、处罚决定书文号、超标小时及数值、完整序列的接口链接）。分数只衡量披露和数据质量，不衡量排放本身；超标情况单独列出。",
        "Per enterprise and year: is the annual report on time, are its content categories complete, was each penalty followed by a temporary report on time, the effective data rate of automatic monitoring, exceedance hours and the maximum multiple, and whether what was disclosed agrees with the monitoring data. Each point carries its evidence (report id, link, dates; decision number and dates; exceedance hours with values and the API link of the full series). The score measures disclosure and data quality, not emissions; exceedances are shown beside it.",
        [
            new("order31-benchmark", "覆盖 2020 年及以前的年度报告；2022-02-08 以前收到的处罚决定", false, BenchmarkBasis.Text, BenchmarkBasis.TextEn),
            new("order24", "覆盖 2021 年及以后的年度报告（2022-03-15 起到期）；2022-02-08 起收到的处罚决定", true, Order24Basis.Text, Order24Basis.TextEn),
        ],
        [
            new("annual", "年度报告是否按时", "Annual report on time",
                "到期日 = 次年3月15日（不因节假日顺延）。取该年度最早披露的年度报告的披露日期：≤ 到期日为按时；> 到期日为逾期，逾期天数 = 披露日期 − 到期日（自然日）；无报告且已过到期日为缺失；未到期且无报告为未到期。",
                "Due = 15 March of the next year (not moved for holidays). The earliest filed annual report for the year counts: filed ≤ due is on time; filed > due is late, days late = filed − due (calendar days); none and past due is missing; none and not yet due is not yet due.",
                "企业环境信息依法披露管理办法（年度报告于每年3月15日前）；2021 年以前为基准"),
            new("categories", "内容类别是否齐全", "Content categories complete",
                "年度报告应包含第十二条的 8 类：企业基本信息；企业环境管理信息；污染物产生、治理与排放信息；碳排放信息；生态环境应急信息；生态环境违法信息；本年度临时环境信息依法披露情况；其他。列出报告未覆盖的类别。",
                "The annual report should cover Article 12's eight categories: basic information; environmental management; pollutants (generation, treatment, discharge, self-monitoring); carbon emissions; emergencies; violations; the year's temporary disclosures; other. The categories the report does not cover are listed.",
                "企业环境信息依法披露管理办法 第十二条"),
            new("temporary", "处罚后是否按时发布临时报告", "Temporary report after each penalty",
                "该企业（按统一社会信用代码）决定日期在该年度内的每个行政处罚决定：收到日期 = 送达日期，未公布送达日期时用决定日期（并注明）；到期日 = 收到日期后第 5 个工作日（收到当日不计，按国务院办公厅节假日安排计算调休）。取触发文号与该决定书文号相同、最早披露的临时报告：≤ 到期日为按时，否则逾期（逾期工作日数与自然日数）；无报告且已过到期日为缺失；工作日历未收录的日期不作判断（not-judged，不扣分）。",
                "Each penalty decision dated in the year whose party is the enterprise (by credit code): received = the service date, or the decision date when no service date is published (said so); due = the 5th working day after receipt (the day of receipt not counted; State Council holiday notices with their adjusted working days). The earliest temporary report whose trigger is that decision number counts: filed ≤ due is on time, otherwise late (working days and calendar days late); none and past due is missing; dates the working-day calendar does not cover are not judged (not-judged, no deduction).",
                "企业环境信息依法披露管理办法（收到法律文书后5个工作日内）；国务院办公厅节假日安排通知（content/calendar）"),
            new("dataRate", "自动监测有效数据率", "Effective data rate of automatic monitoring",
                "每个有数采仪（MN）的自动监测排放口、每个监测因子：有效小时 = 该年 HJ 212 标记为 N 的小时值个数；应有小时 = 该年小时数（8760 或 8784）；有效数据率 = 有效小时 ÷ 应有小时。排放口的数据率取其各因子中最低者；总体 = 全部排放口因子的有效小时之和 ÷ 应有小时之和。",
                "For each automatically monitored outlet with a data logger (MN) and each pollutant: valid hours = hourly values of the year flagged N (HJ 212); expected hours = the hours of the year (8,760 or 8,784); rate = valid ÷ expected. An outlet's rate is its lowest pollutant's; overall = valid hours of all outlet pollutants ÷ their expected hours.",
                "HJ 212-2017 数据标记；HJ 75-2017"),
            new("exceedances", "超标小时与最大超标倍数", "Exceedance hours and maximum multiple",
                "与小时数据接口相同的计算：标记为 N 且有同一小时氧含量的小时值，按基准氧含量折算 C = C′ × (21 − O2基准)/(21 − O2实测)，与当天执行的限值（特别排放限值自其执行日起）比较，大于限值为超标；超标倍数 = 折算浓度 ÷ 限值。超标小时 = 任一因子超标的排放口小时数；列出每个因子最早的 10 个超标小时及完整序列的接口链接。",
                "The same computation as the hourly API: values flagged N with an O2 reading of the same hour, corrected to the reference O2, C = C′ × (21 − O2ref)/(21 − O2meas), compared with the limit in force that day (special limits from their date); above the limit is an exceedance; multiple = corrected ÷ limit. Exceedance hours = outlet hours with any pollutant exceeding; the first 10 exceedance hours of each pollutant are listed with the API link of the full series.",
                "GB 13223-2011；GB 13271-2014；HJ 212-2017"),
            new("consistency", "披露与数据是否一致", "Disclosure consistent with the data",
                "（1）年度报告声明“无超标”而小时数据有超标；（2）年度报告所报超标小时少于数据中的超标小时；（3）行政处罚已过临时报告到期日而没有临时报告。",
                "(1) The annual report states no exceedance while the hourly data show exceedances; (2) it reports fewer exceedance hours than the data show; (3) a penalty past its temporary-report due date without a temporary report.",
                "本站规则 / our rule"),
        ],
        [
            new("annual", AnnualMissing, "年度报告缺失", "annual report missing"),
            new("annual", AnnualLateShort, $"年度报告逾期 1–{AnnualLateLongAfterDays} 天", $"annual report 1–{AnnualLateLongAfterDays} days late"),
            new("annual", AnnualLateLong, $"年度报告逾期超过 {AnnualLateLongAfterDays} 天", $"annual report more than {AnnualLateLongAfterDays} days late"),
            new("categories", PerMissingCategory, "年度报告每缺一类内容", "per category missing from the annual report"),
            new("temporary", TemporaryLate, $"每个逾期的临时报告（临时报告合计最多扣 {TemporaryCap} 分）", $"per late temporary report (temporary reports at most {TemporaryCap} in all)"),
            new("temporary", TemporaryMissing, "每个缺失的临时报告", "per missing temporary report"),
            new("dataRate", DataRateBelowGood, "总体有效数据率低于 90%", "overall effective data rate below 90 %"),
            new("dataRate", DataRateBelowPoor, "总体有效数据率低于 75%（替代上一条）", "overall effective data rate below 75 % (instead of the above)"),
            new("consistency", ClaimsNoExceedanceButData, "声明无超标而数据有超标", "claims no exceedance while the data show exceedances"),
            new("consistency", UnderstatesExceedances, "所报超标小时少于数据", "reports fewer exceedance hours than the data show"),
        ],
        [new("A", 90), new("B", 75), new("C", 60), new("D", 0)],
        Public.Web.SelfMonitoring.SelfMonitoringApi.Label);
}
