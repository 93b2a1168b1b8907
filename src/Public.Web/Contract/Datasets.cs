using Public.Web.Api;
using Public.Web.AirQuality;
using Public.Web.Audit;
using Public.Web.Disclosures;
using Public.Web.Enterprises;
using Public.Web.Penalties;
using Public.Web.SelfMonitoring;
using Public.Web.Warnings;

namespace Public.Web.Contract;

/// <summary>
/// One published dataset: what the open-data page lists and what its data-dictionary page (<c>/data/{id}</c>)
/// describes. The fields are not listed here: they are read from <see cref="Record"/> by <see cref="ContractCatalog"/>.
/// </summary>
/// <param name="Id">The URL segment: <c>/data/{id}</c>.</param>
/// <param name="Record">The record type one row of the dataset is (one element of the API's <c>results</c>).</param>
/// <param name="Routes">The REST routes that answer rows of this record, first the main one.</param>
/// <param name="Download">A URL that answers the dataset (JSON; with <c>?format=csv</c> CSV when <paramref name="Csv"/>), or null when it comes per enterprise, outlet or year (linked from those pages).</param>
/// <param name="Csv">Whether the routes answer CSV too.</param>
/// <param name="Air">Whether it is an air-quality series (its schema.org markup lists the pollutants).</param>
/// <param name="Sample">The first row the main route answers with its default parameters, read from the same query service; null where that needs an enterprise's series (the declared examples stand in).</param>
internal sealed record Dataset(
    string Id, string NameZh, string NameEn, string DescriptionZh, string DescriptionEn, Type Record, IReadOnlyList<string> Routes,
    string? Download, bool Csv, string UnitsZh, string UnitsEn, string FrequencyZh, string FrequencyEn, bool Air,
    Func<IServiceProvider, object?>? Sample = null)
{
    /// <summary>The dictionary page (Chinese; English under /en).</summary>
    public string Path => "/data/" + Id;

    /// <summary>The CSV download, or null.</summary>
    public string? CsvDownload => Download is { } url && Csv ? url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "format=csv" : null;

    /// <summary>The record's type name in GraphQL and the OpenAPI components.</summary>
    public string ContractName => ContractCatalog.Name(Record);
}

/// <summary>The registry of published datasets: the open-data page, the data dictionary and the sitemap read it.</summary>
internal static class Datasets
{
    private const string Concentrations = "µg/m³（CO 为 mg/m³）；AQI 无量纲";
    private const string ConcentrationsEn = "µg/m³ (CO in mg/m³); AQI dimensionless";
    private const string Emissions = "mg/m³（折算到基准氧含量）；O₂ 为 %";
    private const string EmissionsEn = "mg/m³ (corrected to the reference O₂); O₂ in %";
    private const string PerOutlet = "/api/v1/enterprises/{creditCode}/outlets/{outletCode}";

    public static readonly IReadOnlyList<Dataset> All =
    [
        new("stations", "监测站点", "Monitoring stations", "锦州的国控空气质量监测站及各站最新小时读数。", "Jinzhou's national air-quality monitoring stations with each one's latest hourly reading.",
            typeof(StationDto), ["/api/v1/stations", "/api/v1/stations/{code}"], "/api/v1/stations", true, Concentrations, ConcentrationsEn, "每小时", "hourly", true,
            sp => First(Air(sp).Stations(Air(sp).Registry.All.Take(1)))),
        new("station-hourly", "站点小时数据", "Station hourly data", "每站每小时六项污染物浓度、计算的 AQI 与发布的 AQI（默认近7天；from/to 指定时段）。", "Each station's hourly six pollutants, computed and published AQI (last 7 days by default; from/to for a period).",
            typeof(HourDto), ["/api/v1/stations/{code}/hourly"], "/api/v1/stations/1767A/hourly", true, Concentrations, ConcentrationsEn, "每小时", "hourly", true,
            sp => FirstStation(sp) is { } code ? Earliest(sp, 7, (from, to) => Air(sp).StationHourly(code, from, to, null)) : null),
        new("station-daily", "站点日数据", "Station daily data", "每站每日的日均值、O₃ 8 小时最大值和日 AQI，含有效小时数。", "Each station's daily means, O₃ 8-hour maximum and daily AQI, with the count of valid hours.",
            typeof(DayDto), ["/api/v1/stations/{code}/daily"], "/api/v1/stations/1767A/daily", true, Concentrations, ConcentrationsEn, "每日", "daily", true,
            sp => FirstStation(sp) is { } code ? Earliest(sp, 30, (from, to) => Air(sp).StationDaily(code, from, to)) : null),
        new("city-hourly", "城市小时数据", "City hourly data", "城市评价点的小时平均与城市 AQI。", "Hourly mean of the city's assessment stations and the city AQI.",
            typeof(CityHourDto), ["/api/v1/city/hourly"], "/api/v1/city/hourly", true, Concentrations, ConcentrationsEn, "每小时", "hourly", true,
            sp => Earliest(sp, 7, (from, to) => Air(sp).CityHourly(from, to, null))),
        new("city-daily", "城市日数据", "City daily data", "城市每日值与日 AQI。", "City daily values and daily AQI.",
            typeof(DayDto), ["/api/v1/city/daily"], "/api/v1/city/daily", true, Concentrations, ConcentrationsEn, "每日", "daily", true,
            sp => Earliest(sp, 30, Air(sp).CityDaily)),
        new("assessments", "城市年度与月度评价", "City annual and monthly assessments", "HJ 663 评价统计（含覆盖率、优良天数比例、各级别天数、综合指数）与行动方案当年目标。", "HJ 663 statistics (with coverage, good-days ratio, days per level, composite index) and the action plan's target for the year.",
            typeof(AssessmentDto), ["/api/v1/city/assessment/{year}", "/api/v1/city/assessment/{year}/{month}"], "/api/v1/city/assessment/2019", false, Concentrations, ConcentrationsEn, "每日", "daily", true,
            sp => Air(sp).CityAssessment(Air(sp).LatestDay().Year, null)),
        new("warnings", "重污染天气预警", "Heavy-pollution warnings", "预警的级别、起止、范围和同期实测对照。", "Warnings with level, start, end, area and the observed comparison.",
            typeof(WarningDto), ["/api/v1/warnings", "/api/v1/warnings/active"], "/api/v1/warnings", true, "时长：小时", "duration: hours", "有发布时", "when issued", false,
            sp => First(Get<WarningQueries>(sp).List(WarningQueries.ParseFilter(null, null, null, null), 1, 1).Page)),
        new("penalties", "环境行政处罚", "Environmental penalties", "处罚决定：当事人、违法行为、依据、金额和版本历史。", "Penalty decisions: party, violation, legal basis, amounts and version history.",
            typeof(PenaltyDto), ["/api/v1/penalties", "/api/v1/parties/{creditCode}/penalties"], "/api/v1/penalties", true, "金额：元（CNY）", "amounts: CNY", "有公开时", "when published", false,
            sp => First(Get<PenaltyQueries>(sp).List(PenaltyQueries.ParseFilter(null, null, null, null, null, null, null, null, null), 1, 1, out _))),
        new("enterprises", "重点排污单位及排放口", "Key polluters and their outlets", "重点排污单位名录：代码、行业、区县、名录年份、排放口与排放限值。", "The key-polluter list: credit code, industry, district, list years, outlets and limits.",
            typeof(Enterprise), ["/api/v1/enterprises", "/api/v1/enterprises/{creditCode}", "/api/v1/enterprises/{creditCode}/outlets"], "/api/v1/enterprises", true,
            "限值：mg/m³（基准氧含量）；高度：m", "limits: mg/m³ at the reference O₂; heights: m", "名录更新时", "when the list changes", false,
            sp => First(Get<EnterpriseQueries>(sp).Window(new EnterpriseFilter(), 0, 1, out _))),
        new("cems-hourly", "自动监测小时数据", "CEMS hourly data", "排放口自动监测的小时值：原始值、HJ 212 标记、O₂、折算值、当日限值与是否超标（企业自行监测数据，未经生态环境部门审核）。", "An outlet's hourly automatic monitoring: the value as sent, its HJ 212 flag, O₂, the corrected value, the limit in force and whether it was exceeded (the enterprise's own data, not reviewed by the authority).",
            typeof(HourlyEmissionDto), [PerOutlet + "/hourly", PerOutlet + "/hourly/versions"], null, true, Emissions, EmissionsEn, "每小时", "hourly", false),
        new("cems-daily", "自动监测日数据", "CEMS daily data", "排放口每日的有效小时均值、折算均值、限值与是否超标。", "An outlet's daily mean of the valid hours, the corrected mean, the limit and whether the day exceeded it.",
            typeof(DailyEmissionDto), [PerOutlet + "/daily"], null, true, Emissions, EmissionsEn, "每日", "daily", false),
        new("manual-monitoring", "手工监测结果", "Manual monitoring results", "排放口的手工监测（委托检测）结果：采样日期、数值、检测机构、报告编号与版本。", "An outlet's manual monitoring (laboratory) results: sampling date, value, laboratory, report number and versions.",
            typeof(ManualResultDto), [PerOutlet + "/manual"], null, true, "按报告所列单位；折算值 mg/m³", "the report's unit; corrected values mg/m³", "有报告时", "when reported", false),
        new("disclosures", "环境信息依法披露报告", "Environmental disclosure reports", "企业的年度报告和临时报告：提交日期、应报日期、涵盖类别与链接。", "An enterprise's annual and temporary reports: filing date, due date, categories covered and the link.",
            typeof(DisclosureDto), ["/api/v1/enterprises/{creditCode}/disclosures"], null, false, "—", "—", "有提交时", "when filed", false),
        new("statements", "企业说明", "Enterprise statements", "企业对超标或处罚的说明（回应权），显示在其所解释的内容旁。", "An enterprise's statements on an exceedance or a penalty (right of reply), shown beside what they explain.",
            typeof(StatementDto), ["/api/v1/enterprises/{creditCode}/statements"], null, false, "—", "—", "有提交时", "when filed", false),
        new("audit", "信息披露审计", "Disclosure audit", "每年名录内企业的信息披露审计：得分、等级、排名与各项状态。", "The yearly disclosure audit of the listed enterprises: score, grade, rank and the status of each point.",
            typeof(AuditRankingRowDto), ["/api/v1/audit?year={year}", "/api/v1/audit/{creditCode}/{year}"], null, true, "得分 0–100", "score 0–100", "每年（数据导入时重算）", "yearly (recomputed on import)", false),
    ];

    public static Dataset? Find(string id) => All.FirstOrDefault(d => string.Equals(d.Id, id, StringComparison.Ordinal));

    private static T? First<T>(IReadOnlyList<T> rows)
        where T : class => rows.Count > 0 ? rows[0] : null;

    private static T Get<T>(IServiceProvider sp)
        where T : notnull => sp.GetRequiredService<T>();

    private static AirQualityQueries Air(IServiceProvider sp) => Get<AirQualityQueries>(sp);

    private static string? FirstStation(IServiceProvider sp) => First(Air(sp).Registry.All)?.Code;

    /// <summary>
    /// The first row of a series over its default period (<see cref="Range"/>), ordered by time: read from the period's
    /// first day alone when that day has rows (a sample on every dictionary page, rendered again after each import),
    /// else from the whole period.
    /// </summary>
    private static T? Earliest<T>(IServiceProvider sp, int days, Func<DateOnly, DateOnly, IReadOnlyList<T>> read)
        where T : class
    {
        var (from, to) = Range(sp, days);
        return First(read(from, from)) ?? First(read(from, to));
    }

    /// <summary>The period a series route answers without from/to: the given number of days up to the latest day.</summary>
    private static (DateOnly From, DateOnly To) Range(IServiceProvider sp, int days) =>
        QueryParameters.DateRange(null, null, Air(sp).LatestDay(), days, AirQualityQueries.DailyMaxDays);
}
