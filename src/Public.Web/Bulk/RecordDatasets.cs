using Public.Web.AirQuality;
using Public.Web.AirQuality.Store;
using Public.Web.Disclosures;
using Public.Web.Enterprises;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Publication;
using Public.Web.Penalties;
using Public.Web.Penalties.Store;
using Public.Web.Plan;
using Public.Web.SelfMonitoring;
using Public.Web.Warnings;
using static Public.Web.Infrastructure.ChinaTime;

namespace Public.Web.Bulk;

/// <summary>
/// The yearly archives of every dataset beyond the air-quality series. Each year's rows are read through the same query
/// service (or the same row builder) the REST route answers with, so an archive row is the API's row flattened. The year
/// of a row is its local (Asia/Shanghai) calendar year of: the period (assessments), the start (warnings and their
/// events), the first valid date (reduction lists; else the last, else the first entry's recording), the decision date (penalties), the key-polluter list
/// (enterprises and outlets: one file per list year, an enterprise in each year it is listed), the DataTime (CEMS),
/// the sampling date (manual results), the filing date (disclosures), the publication date (statements), the years
/// a target has values for (plan targets) and the reported year (plan reports).
/// </summary>
internal static class RecordDatasets
{
    private const string Annual = "http://publications.europa.eu/resource/authority/frequency/ANNUAL";
    private const string Monthly = "http://publications.europa.eu/resource/authority/frequency/MONTHLY";
    private const string Hourly = "http://publications.europa.eu/resource/authority/frequency/HOURLY";
    private const string Daily = "http://publications.europa.eu/resource/authority/frequency/DAILY";
    private const string Irregular = "http://publications.europa.eu/resource/authority/frequency/IRREG";

    private const string SelfReported = "企业自行监测数据，未经生态环境部门审核。";
    private const string SelfReportedEn = " Enterprise self-monitoring data, not reviewed by the environment authority.";

    public static IReadOnlyList<BulkDataset> All { get; } =
    [
        new BulkDataset("assessments", "城市年度与月度评价", "City annual and monthly assessments",
            "每年一行年度评价、每月一行月度评价：HJ 663 统计量及覆盖率（JSON 列）、优良天数比例、各级别天数、综合指数与行动方案目标。",
            "One row for the year and one per month: the HJ 663 statistics with coverage (a JSON column), good-days ratio, days per level, composite index and the plan's target.",
            "assessments", RecordTables.Assessments, Monthly, AirYears, (sp, year) => RecordTables.Assessments.Rows(Assessments(sp, year)))
        { Signature = AirSignature, Air = true },
        new BulkDataset("warnings", "重污染天气预警", "Heavy-pollution warnings",
            "每次预警一行（按开始时间所在年份）：级别、起止、范围、与实测对比；事件见 warning-events。",
            "One row per warning (by the year it started): levels, start and end, area, the observed comparison; its events are warning-events.",
            "warnings", RecordTables.Warnings, Irregular, sp => Years(Warnings(sp).Select(w => Local(w.Start).Year)),
            (sp, year) => RecordTables.Warnings.Rows(Warnings(sp).Where(w => Local(w.Start).Year == year))),
        new BulkDataset("warning-events", "预警事件", "Warning events",
            "每个预警事件（发布、升级、降级、解除）一行，当前版本，按预警开始年份；warningId 指向 warnings。",
            "One row per event of a warning (issue, upgrade, downgrade, lift), current versions, by the year the warning started; warningId refers to warnings.",
            "warnings", RecordTables.WarningEvents, Irregular, sp => Years(Warnings(sp).Select(w => Local(w.Start).Year)),
            (sp, year) => RecordTables.WarningEvents.Rows(WarningEvents(sp, year))),
        new BulkDataset("reduction-lists", "应急减排清单", "Emission-reduction lists",
            "减排清单的每个条目（企业 × 预警级别）一行，按清单生效年份。",
            "One row per entry of an emission-reduction list (enterprise × warning level), by the year the list takes effect.",
            "warnings", RecordTables.ReductionEntries, Irregular, sp => Years(ReductionListYears(sp).Values),
            (sp, year) => RecordTables.ReductionEntries.Rows(ReductionEntries(sp, year))),
        new BulkDataset("penalties", "环境行政处罚", "Environmental penalties",
            "每个处罚决定一行（当前版本，按决定日期年份）：当事人、违法行为、依据、金额（元）。",
            "One row per penalty decision (current version, by the year of the decision date): party, violation, legal basis, amounts in CNY.",
            "penalties", RecordTables.Penalties, Irregular, sp => Years(Penalties(sp).Select(p => p.DecisionDate.Year)),
            (sp, year) => RecordTables.Penalties.Rows(Penalties(sp).Where(p => p.DecisionDate.Year == year))),
        new BulkDataset("enterprises", "重点排污单位", "Key polluters",
            "每年名录内的每家企业一行（按名录年份；名录内各年份都有一行）；排放口见 outlets。",
            "One row per enterprise on the key-polluter list of the year (an enterprise listed in several years is in each); its outlets are the outlets dataset.",
            "enterprises", RecordTables.Enterprises, Annual, ListYears, (sp, year) => RecordTables.Enterprises.Rows(Listed(sp, year))),
        new BulkDataset("outlets", "排放口", "Outlets",
            "名录年份内企业的每个排放口一行：类型、高度（m）、监测方式、执行标准、基准氧含量（%）、污染物与限值（JSON 列，mg/m³）；creditCode 指向 enterprises。",
            "One row per outlet of the enterprises listed in the year: type, height (m), monitoring, standard, reference O₂ (%), pollutants and limits (a JSON column, mg/m³); creditCode refers to enterprises.",
            "enterprises", RecordTables.Outlets, Annual, ListYears,
            (sp, year) => RecordTables.Outlets.Rows(Listed(sp, year).SelectMany(e => e.Outlets.Select(o => new OutletRow(e, o))))),
        new BulkDataset("cems-hours", "自动监测小时数据", "CEMS hourly data",
            "每个排放口、污染物、小时一行：原始值、HJ 212 标记、O₂、折算值（mg/m³）、限值与是否超标。" + SelfReported,
            "One row per outlet, pollutant and hour: the value as sent, its HJ 212 flag, O₂, the corrected value (mg/m³), the limit and whether it was exceeded." + SelfReportedEn,
            "cems-hourly", RecordTables.CemsHours, Hourly, CemsYears, (sp, year) => RecordTables.CemsHours.Rows(CemsHours(sp, year))) { Air = false },
        new BulkDataset("cems-days", "自动监测日数据", "CEMS daily data",
            "每个排放口、污染物、日一行：有效小时均值、折算均值（mg/m³）、限值与是否超标。" + SelfReported,
            "One row per outlet, pollutant and day: the mean of the valid hours, the corrected mean (mg/m³), the limit and whether the day exceeded it." + SelfReportedEn,
            "cems-daily", RecordTables.CemsDays, Daily, CemsYears, (sp, year) => RecordTables.CemsDays.Rows(CemsDays(sp, year))) { Air = false },
        new BulkDataset("manual-results", "手工监测结果", "Manual monitoring results",
            "每个手工监测结果一行（当前版本，按采样日期年份）：数值与单位、检测机构、报告编号。" + SelfReported,
            "One row per manual (laboratory) result, current version, by the year of sampling: value and unit, laboratory, report number." + SelfReportedEn,
            "manual-monitoring", RecordTables.ManualResults, Irregular, sp => Years(Manual(sp).Select(r => r.Record.SamplingDate.Year)),
            (sp, year) => RecordTables.ManualResults.Rows(Manual(sp).Where(r => r.Record.SamplingDate.Year == year))) { Air = false },
        new BulkDataset("disclosures", "环境信息依法披露报告", "Environmental disclosure reports",
            "每份年度报告或临时报告一行（当前版本，按披露日期年份）：应报日期、涵盖与缺少的类别（JSON 列）、链接。",
            "One row per annual or temporary report (current version, by the year filed): due date, categories covered and missing (JSON columns), the link.",
            "disclosures", RecordTables.Disclosures, Irregular, sp => Years(Disclosures(sp).Select(d => d.FiledDate.Year)),
            (sp, year) => RecordTables.Disclosures.Rows(Disclosures(sp).Where(d => d.FiledDate.Year == year))) { Air = false },
        new BulkDataset("statements", "企业说明", "Enterprise statements",
            "企业对超标或处罚的每份说明一行（当前版本，按发布日期年份）。",
            "One row per statement of an enterprise on an exceedance or a penalty (current version, by the year published).",
            "statements", RecordTables.Statements, Irregular, sp => Years(Statements(sp).Select(s => s.Date.Year)),
            (sp, year) => RecordTables.Statements.Rows(Statements(sp).Where(s => s.Date.Year == year))) { Air = false },
        new BulkDataset("plan-targets", "行动方案目标", "Action plan targets",
            "行动方案的每个目标一行，列在其有年度值的每一年：指标、单位、比较方式、牵头与配合部门及各年目标与状态（JSON 列）。",
            "One row per target of the action plan, in each year it has a value for: metric, unit, comparator, lead and supporting departments and the yearly values and status (JSON columns).",
            "plan", RecordTables.PlanTargets, Irregular, sp => Years(Plan(sp).Targets(new PlanTargetFilter(null, null, null, null)).SelectMany(t => t.Years.Select(y => y.Year))),
            (sp, year) => RecordTables.PlanTargets.Rows(Plan(sp).Targets(new PlanTargetFilter(null, null, year, null))))
        { Air = false, LandingPath = "/plan" },
        new BulkDataset("plan-reports", "行动方案进展报告", "Action plan progress reports",
            "每份进展报告一行（按报告年份）：报告值、是否完成、报告单位与来源文件。",
            "One row per progress report (by the year reported): the value, whether done, the reporting body and its source document.",
            "plan", RecordTables.PlanReports, Irregular, sp => Years(Plan(sp).Progress(new PlanProgressFilter(null, null, null, null)).Select(r => r.Year)),
            (sp, year) => RecordTables.PlanReports.Rows(Plan(sp).Progress(new PlanProgressFilter(null, null, null, year))))
        { Air = false, LandingPath = "/plan" },
    ];

    private static T Get<T>(IServiceProvider sp)
        where T : notnull => sp.GetRequiredService<T>();

    private static List<int> Years(IEnumerable<int> years) => years.Distinct().Order().ToList();

    private static DateTimeOffset Local(DateTimeOffset t) => t.ToOffset(Offset);

    /// <summary>The city's assessments of a year: the year, then each month that has begun and is within the city's series.</summary>
    private static List<AssessmentDto> Assessments(IServiceProvider sp, int year)
    {
        var air = Get<AirQualityQueries>(sp);
        var range = Get<AirQualityStore>(sp).DayRange(AirQualityStore.CityArea);
        var months = Enumerable.Range(1, 12).Where(month =>
        {
            var first = new DateOnly(year, month, 1);
            return range is { } r && first <= r.Last && first.AddMonths(1) > r.First;
        });
        return [.. air.CityAssessmentWithMonths(year, months)];
    }

    private static IReadOnlyList<WarningDto> Warnings(IServiceProvider sp) =>
        Get<WarningQueries>(sp).Window(new WarningFilter(null, null, null, null), 0, int.MaxValue).Page;

    private static IEnumerable<WarningEventRow> WarningEvents(IServiceProvider sp, int year)
    {
        var warnings = Warnings(sp).Where(w => Local(w.Start).Year == year).OrderBy(w => w.Start).ToList();
        var timelines = Get<WarningQueries>(sp).Timelines(warnings.Select(w => w.Id).ToList());
        return warnings.SelectMany(w => timelines.TryGetValue(w.Id, out var events) ? events.Select(e => new WarningEventRow(w, e)) : []);
    }

    /// <summary>
    /// The year of each reduction list: the year it takes effect; without a start date the year it ends; without
    /// either (the import allows it) the year its first entry was recorded.
    /// </summary>
    private static Dictionary<string, int> ReductionListYears(IServiceProvider sp)
    {
        var queries = Get<WarningQueries>(sp);
        var lists = queries.ReductionLists();
        var undated = lists.Where(l => l.ValidFrom is null && l.ValidTo is null).Select(l => l.Id).ToList();
        var entries = undated.Count == 0 ? new Dictionary<string, IReadOnlyList<ReductionEntryDto>>() : queries.ReductionEntries(undated, null);
        return lists.ToDictionary(l => l.Id, l => (l.ValidFrom ?? l.ValidTo)?.Year
            ?? (entries.TryGetValue(l.Id, out var rows) && rows.Count > 0 ? rows.Min(e => Local(e.RecordedAt)).Year : Local(DateTimeOffset.UtcNow).Year), StringComparer.Ordinal);
    }

    private static IEnumerable<ReductionEntryRow> ReductionEntries(IServiceProvider sp, int year)
    {
        var years = ReductionListYears(sp);
        var lists = Get<WarningQueries>(sp).ReductionLists().Where(l => years[l.Id] == year).ToList();
        var entries = Get<WarningQueries>(sp).ReductionEntries(lists.Select(l => l.Id).ToList(), null);
        return lists.SelectMany(l => entries.TryGetValue(l.Id, out var rows) ? rows.Select(e => new ReductionEntryRow(l, e)) : []);
    }

    private static IReadOnlyList<PenaltyDto> Penalties(IServiceProvider sp) =>
        Get<PenaltyQueries>(sp).Window(new PenaltyFilter(), 0, int.MaxValue, out _);

    private static List<int> ListYears(IServiceProvider sp) => Get<EnterpriseQueries>(sp).Facets().Years.ToList();

    private static IReadOnlyList<Enterprise> Listed(IServiceProvider sp, int year) =>
        Get<EnterpriseQueries>(sp).Window(new EnterpriseFilter(Year: year), 0, int.MaxValue, out _);

    private static IReadOnlyList<Enterprise> AllEnterprises(IServiceProvider sp) =>
        Get<EnterpriseQueries>(sp).Window(new EnterpriseFilter(), 0, int.MaxValue, out _);

    /// <summary>The years of the CEMS DataTimes of every outlet.</summary>
    private static List<int> CemsYears(IServiceProvider sp)
    {
        var spans = Get<SelfMonitoringQueries>(sp).Spans(AllEnterprises(sp).SelectMany(e => e.Outlets));
        return spans.Count == 0 ? [] : Years(spans.Values.SelectMany(s => Enumerable.Range(s.First.Year, s.Last.Year - s.First.Year + 1)));
    }

    private static IEnumerable<(Enterprise Enterprise, Outlet Outlet, OutletPollutant Pollutant)> Series(IServiceProvider sp) =>
        AllEnterprises(sp).SelectMany(e => e.Outlets.Where(o => o.Mn is not null).SelectMany(o => o.Pollutants.Select(p => (e, o, p))));

    private static IEnumerable<OutletRecordRow<HourlyEmissionDto>> CemsHours(IServiceProvider sp, int year)
    {
        var series = Series(sp).ToList();
        var hours = Get<SelfMonitoringQueries>(sp).Hourly(series.Select(s => new OutletSeries(s.Outlet, s.Pollutant)).ToList(), new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        return series.SelectMany(s => hours[SelfMonitoringQueries.SeriesKey(s.Outlet.Mn, s.Pollutant.Code)]
            .Select(h => new OutletRecordRow<HourlyEmissionDto>(s.Enterprise, s.Outlet, h)));
    }

    private static IEnumerable<OutletRecordRow<DailyEmissionDto>> CemsDays(IServiceProvider sp, int year)
    {
        var queries = Get<EmissionSummaryQueries>(sp);
        return Series(sp).SelectMany(s => SelfMonitoringApi.DailyRows(queries, s.Outlet, s.Pollutant, new DateOnly(year, 1, 1), new DateOnly(year, 12, 31))
            .Select(d => new OutletRecordRow<DailyEmissionDto>(s.Enterprise, s.Outlet, d)));
    }

    private static List<OutletRecordRow<ManualResultDto>> Manual(IServiceProvider sp)
    {
        var store = Get<ManualResultStore>(sp);
        return AllEnterprises(sp).SelectMany(e => e.Outlets.SelectMany(o => SelfMonitoringApi.ManualRows(store, e.CreditCode, o, null, null, all: false)
            .Select(r => new OutletRecordRow<ManualResultDto>(e, o, r)))).ToList();
    }

    private static List<DisclosureDto> Disclosures(IServiceProvider sp)
    {
        var queries = Get<DisclosureQueries>(sp);
        var penalties = Get<PenaltyStore>(sp);
        var all = queries.AllDisclosures();
        // Each row with its version's place in the transparency log, as the route answers it (one lookup for all).
        var log = LogRefs.Read(Get<Database>(sp), PublishedDatasets.Disclosures, all, v => [v.Record.Id], v => v.Version);
        return all.GroupBy(v => v.Record.CreditCode, StringComparer.Ordinal)
            .SelectMany(g =>
            {
                var ids = DisclosuresApi.PenaltyIds(penalties, g.Key);
                return g.Select(v => queries.ToDto(v, ids) with { Log = log.Of([v.Record.Id], v.Version) });
            }).ToList();
    }

    private static List<StatementDto> Statements(IServiceProvider sp)
    {
        var all = Get<DisclosureQueries>(sp).AllStatements();
        var log = LogRefs.Read(Get<Database>(sp), PublishedDatasets.Statements, all, v => [v.Record.Id], v => v.Version);
        return all.Select(v => DisclosureQueries.ToDto(v) with { Log = log.Of([v.Record.Id], v.Version) }).ToList();
    }

    private static PlanQueries Plan(IServiceProvider sp) => Get<PlanQueries>(sp);

    /// <summary>The air-quality archives' signature (the stored hours of the year).</summary>
    private static string AirSignature(IServiceProvider sp, int year) => BulkDataset.AirSignatureOf(sp, year);

    private static List<int> AirYears(IServiceProvider sp) => BulkDatasets.AirYearsOf(sp);
}
