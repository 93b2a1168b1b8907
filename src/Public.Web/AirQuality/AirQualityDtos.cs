using Public.Standards.Assessment;
using Public.Web.Contract;
using Public.Web.Transparency;

namespace Public.Web.AirQuality;

/// <summary>An AQI level (HJ 633 表2) as shown next to every AQI: never colour alone.</summary>
[Resource("Level", "空气质量指数级别", "The AQI level of a value (HJ 633-2012 表2): number, names, grade and colour.")]
public sealed record LevelDto(
    [property: Field("级别序号", "Level 1 (优) to 6 (严重污染).")] int Number,
    [property: Field("级别名称", "Chinese name, e.g. 良.", Example = "良")] string Name,
    [property: Field("英文名称", "English name, e.g. Good.", Example = "Good")] string NameEn,
    [property: Field("级别", "Chinese grade, e.g. 二级.", Example = "二级")] string Grade,
    [property: Field("颜色", "Colour of the level, hex RGB (HJ 633 附录A).", Example = "#FFFF00")] string Color);

/// <summary>One value with its unit. Type is the CNEMC type code (e.g. PM2.5_24h); flag is null when the source carries none.</summary>
[Resource("HourValue", "小时浓度值", "One published value of an hour with its unit and, for 1-hour values, its IAQI.")]
public sealed record ValueDto(
    [property: Field("污染物", "CNEMC pollutant code: PM2.5, PM10, SO2, NO2, O3, CO.", Values = ["PM2.5", "PM10", "SO2", "NO2", "O3", "CO"])] string Pollutant,
    [property: Field("发布类型", "CNEMC value type, e.g. PM2.5 or PM2.5_24h.")] string Type,
    [property: Field("平均时段", "Averaging period: 1h, 24h, 8h, 24h-max-1h, 24h-max-8h.", Values = ["1h", "24h", "8h", "24h-max-1h", "24h-max-8h"])] string Period,
    [property: Field("浓度", "Concentration as published; null when blank in the source.")] decimal? Value,
    [property: Field("单位", "Unit: µg/m³, CO in mg/m³.", Values = ["µg/m³", "mg/m³"])] string Unit,
    [property: Field("标记", "Data flag of the source, null when it carries none.")] string? Flag,
    [property: Field("空气质量分指数", "IAQI that the hourly AQI used for this pollutant (1-hour values only).")] int? Iaqi);

[Resource("FormerName", "曾用名", "A former name of a station.")]
public sealed record FormerNameDto(
    [property: Field("名称", "The former name (Chinese).")] string Name,
    [property: Field("英文名称", "The former name in English.")] string? NameEn,
    [property: Field("起用日期", "First date it applied, when known.")] DateOnly? From,
    [property: Field("停用日期", "Last date it applied, when known.")] DateOnly? To,
    [property: Field("备注", "Note on the renaming.")] string? Note);

[Resource("LatestReading", "最新读数", "A station's latest published hour.")]
public sealed record LatestDto(
    [property: Field("时间", "End of the averaging hour, Asia/Shanghai.", Example = "2019-01-01T01:00:00+08:00")] DateTimeOffset Time,
    [property: Field("UTC 时间", "The same instant in UTC.", Example = "2018-12-31T17:00:00Z")] DateTimeOffset TimeUtc,
    [property: Field("空气质量指数", "Real-time AQI computed from the 1-hour values.")] int? Aqi,
    [property: Field("级别", "AQI level of aqi.")] LevelDto? Level,
    [property: Field("首要污染物", "Primary pollutants (when AQI > 50).")] IReadOnlyList<string> PrimaryPollutants,
    [property: Field("浓度值", "The published values with units.")] IReadOnlyList<ValueDto> Values);

[Resource("Station", "监测站点", "A national-network monitoring station (国控点) with its names, place and series. Same fields as REST /api/v1/stations/{code}.")]
public sealed record StationDto(
    [property: Field("站点编码", "National station code, e.g. 1767A.", Example = "1767A")] string Code,
    [property: Field("站点名称", "Current name (Chinese).")] string Name,
    [property: Field("英文名称", "Current name in English (transliteration).")] string NameEn,
    [property: Field("曾用名", "Former names with the dates they applied.")] IReadOnlyList<FormerNameDto> FormerNames,
    [property: Field("城市", "City (Chinese).")] string City,
    [property: Field("城市（英文）", "City in English.")] string CityEn,
    [property: Field("区县", "District, when known.")] string? District,
    [property: Field("经度", "Longitude, degrees east (WGS 84).")] double Lon,
    [property: Field("纬度", "Latitude, degrees north (WGS 84).")] double Lat,
    [property: Field("站点类型", "Station type (Chinese), e.g. 城市评价点.", Example = "城市评价点")] string Type,
    [property: Field("站点类型（英文）", "Station type in English.")] string TypeEn,
    [property: Field("城市评价点", "Whether the station's values enter the city value.")] bool CityAssessment,
    [property: Field("最新读数", "The station's latest published hour (null when it has none). Batched: one store query for all stations asked.")] LatestDto? Latest);

/// <summary>One station-hour: computed AQI (this system, from the 1-hour values) next to the AQI as published.</summary>
[Resource("Hour", "站点小时值", "One station-hour: values as published, our computed AQI next to the published AQI (REST /stations/{code}/hourly).")]
public sealed record HourDto(
    [property: Field("站点编码", "Station code.", Example = "1767A")] string Station,
    [property: Field("时间", "End of the averaging hour, Asia/Shanghai (01:00 = mean of 00:00–01:00).", Example = "2019-01-01T01:00:00+08:00")] DateTimeOffset Time,
    [property: Field("UTC 时间", "The same instant in UTC.", Example = "2018-12-31T17:00:00Z")] DateTimeOffset TimeUtc,
    [property: Field("空气质量指数（计算）", "Real-time AQI computed by this system from the 1-hour values (HJ 633).")] int? Aqi,
    [property: Field("空气质量指数（发布值）", "The AQI as published by the source.")] int? PublishedAqi,
    [property: Field("级别", "AQI level of aqi.")] LevelDto? Level,
    [property: Field("首要污染物", "Primary pollutants (when AQI > 50).")] IReadOnlyList<string> PrimaryPollutants,
    [property: Field("超标污染物", "Pollutants with IAQI > 100.")] IReadOnlyList<string> ExceedingPollutants,
    [property: Field("封顶", "True when an IAQI exceeded 500 and the AQI was capped at 500.")] bool Capped,
    [property: Field("标准版本", "HJ 633 edition applied, e.g. HJ 633-2012.", Values = ["HJ 633-2012", "HJ 633-2026"])] string Edition,
    [property: Field("版本号", "Version of this hour (1 = first publication; higher = correction).")] int Version,
    [property: Field("来源文件", "Source file of this version.")] string Source,
    [property: Field("浓度值", "The published values with units and IAQI.")] IReadOnlyList<ValueDto> Values)
{
    [Field(LogRefField.Zh, LogRefField.En)]
    public LogRefDto? Log { get; init; }
}

/// <summary>A version of a published station-hour, superseded or current.</summary>
[Resource("HourVersion", "小时数据版本", "One version of a published station-hour, current or superseded (nothing is overwritten).")]
public sealed record HourVersionDto(
    [property: Field("站点编码", "Station code.", Example = "1767A")] string Station,
    [property: Field("时间", "End of the averaging hour, Asia/Shanghai.", Example = "2019-01-01T01:00:00+08:00")] DateTimeOffset Time,
    [property: Field("版本号", "1 = first publication.")] int Version,
    [property: Field("当前版本", "Whether this is the version in force.")] bool Current,
    [property: Field("记录时间", "When this version was stored.")] DateTimeOffset RecordedAt,
    [property: Field("来源文件", "Source file.")] string Source,
    [property: Field("来源行号", "Line in the source file.")] int? SourceLine,
    [property: Field("更正原因", "What changed, for corrections.")] string? Reason,
    [property: Field("浓度值", "The values of this version.")] IReadOnlyList<ValueDto> Values)
{
    [Field(LogRefField.Zh, LogRefField.En)]
    public LogRefDto? Log { get; init; }
}

/// <summary>A daily statistic. Count: valid hours (station) or contributing stations (city); Required: the GB 3095 minimum.</summary>
[Resource("DayValue", "日统计值", "A daily statistic with its unit and GB 3095 coverage.")]
public sealed record DayValueDto(
    [property: Field("污染物", "CNEMC pollutant code.", Values = ["PM2.5", "PM10", "SO2", "NO2", "O3", "CO"])] string Pollutant,
    [property: Field("统计量", "24h (daily mean), max-8h (O3 daily maximum 8-hour mean) or max-1h.", Values = ["24h", "max-8h", "max-1h"])] string Statistic,
    [property: Field("浓度", "The value; null when the day is not valid (GB 3095).")] decimal? Value,
    [property: Field("单位", "Unit: µg/m³, CO in mg/m³.", Values = ["µg/m³", "mg/m³"])] string Unit,
    [property: Field("有效数", "Valid hours (station) or contributing stations (city).")] int Count,
    [property: Field("最少有效数", "The GB 3095 minimum for a valid value.")] int Required);

[Resource("Day", "日值", "One natural day of a station or the city: daily statistics and the daily AQI (REST /daily).")]
public sealed record DayDto(
    [property: Field("区域", "Station code, or \"city\".")] string Area,
    [property: Field("日期", "Local date; holds the hours labelled D 01:00 … D+1 00:00.", Example = "2019-01-01")] DateOnly Date,
    [property: Field("日空气质量指数", "Daily AQI (HJ 633 §5.1); null when no valid statistic.")] int? Aqi,
    [property: Field("级别", "AQI level of the daily AQI.")] LevelDto? Level,
    [property: Field("首要污染物", "Primary pollutants of the day (when AQI > 50).")] IReadOnlyList<string> PrimaryPollutants,
    [property: Field("标准版本", "HJ 633 edition applied.", Values = ["HJ 633-2012", "HJ 633-2026"])] string Edition,
    [property: Field("日统计值", "The daily statistics with units and coverage.")] IReadOnlyList<DayValueDto> Values);

[Resource("CityHour", "城市小时值", "One city hour: the mean of the assessment stations' 1-hour values and its AQI (REST /city/hourly).")]
public sealed record CityHourDto(
    [property: Field("时间", "End of the averaging hour, Asia/Shanghai.", Example = "2019-01-01T01:00:00+08:00")] DateTimeOffset Time,
    [property: Field("UTC 时间", "The same instant in UTC.", Example = "2018-12-31T17:00:00Z")] DateTimeOffset TimeUtc,
    [property: Field("空气质量指数", "AQI of the city means.")] int? Aqi,
    [property: Field("级别", "AQI level.")] LevelDto? Level,
    [property: Field("首要污染物", "Primary pollutants.")] IReadOnlyList<string> PrimaryPollutants,
    [property: Field("标准版本", "HJ 633 edition applied.", Values = ["HJ 633-2012", "HJ 633-2026"])] string Edition,
    [property: Field("参与站点数", "Number of stations that reported the hour.")] int Stations,
    [property: Field("浓度值", "City mean values with units and IAQI.")] IReadOnlyList<ValueDto> Values);

[Resource("Coverage", "数据覆盖", "How many valid days a statistic rests on, against the days expected and the GB 3095 minimum.")]
public sealed record CoverageDto(
    [property: Field("有效天数", "Valid days.")] int Valid,
    [property: Field("应有天数", "Days in the period (so far).")] int Expected,
    [property: Field("最少天数", "Minimum valid days (324 a year, 27 a month, 25 in February).")] int Required,
    [property: Field("数据充分", "Whether valid ≥ required.")] bool Sufficient);

[Resource("Statistic", "评价统计量", "One HJ 663 statistic of a pollutant with its coverage.")]
public sealed record StatisticDto(
    [property: Field("污染物", "CNEMC pollutant code.", Values = ["PM2.5", "PM10", "SO2", "NO2", "O3", "CO"])] string Pollutant,
    [property: Field("统计量", "annualMean (monthlyMean for a month) of SO2, NO2, PM10 and PM2.5; p98 of SO2 and NO2; p95 of PM10, PM2.5 and CO (of daily means); p90 of O3 (of daily maximum 8-hour means).", Values = [StatisticNames.AnnualMean, StatisticNames.MonthlyMean, StatisticNames.P90, StatisticNames.P95, StatisticNames.P98])] string Statistic,
    [property: Field("数值", "The value; null without data.")] decimal? Value,
    [property: Field("单位", "Unit: µg/m³, CO in mg/m³.", Values = ["µg/m³", "mg/m³"])] string Unit,
    [property: Field("数据覆盖", "Valid, expected and required days.")] CoverageDto Coverage);

[Resource("AssessmentPlanTarget", "行动方案目标对照", "The action plan's (锦政发〔2018〕33号) target for the year and the status of the assessment against it.")]
public sealed record PlanTargetDto(
    [property: Field("文件", "The plan document.")] string Document,
    [property: Field("PM2.5 年均浓度目标", "Target PM2.5 annual mean, µg/m³.", Unit = "µg/m³")] decimal? Pm25AnnualMean,
    [property: Field("优良天数比例目标", "Target good-days ratio, percent.", Unit = "%")] decimal? GoodDaysRatioPercent,
    [property: Field("PM2.5 达标情况", "met, not met, on track, off track, or insufficient data.", Values = ["达标 met", "未达标 not met", "进行中，目前达标 on track", "进行中，目前未达标 off track", "数据不足，无法评价 insufficient data to assess"])] string? Pm25Status,
    [property: Field("优良天数达标情况", "Status of the good-days ratio against its target.", Values = ["达标 met", "未达标 not met", "进行中，目前达标 on track", "进行中，目前未达标 off track", "数据不足，无法评价 insufficient data to assess"])] string? GoodDaysStatus);

[Resource("Assessment", "环境空气质量评价（HJ 663）", "City assessment of a year or month: statistics with coverage, good-days ratio, days per level, " +
            "composite index, and the action plan's target for the year (REST /city/assessment/{year}[/{month}]). Estimated from real-time data, not the official result.")]
public sealed record AssessmentDto(
    [property: Field("区域", "Always \"city\".", Values = ["city"])] string Area,
    [property: Field("年份", "Year.")] int Year,
    [property: Field("月份", "Month 1–12; null for a year.")] int? Month,
    [property: Field("起始日期", "First day of the period.")] DateOnly From,
    [property: Field("结束日期", "Last day of the period.")] DateOnly To,
    [property: Field("时段已结束", "False while the period is in progress (assessed on the days so far).")] bool Complete,
    [property: Field("统计量", "HJ 663 statistics with their coverage.")] IReadOnlyList<StatisticDto> Statistics,
    [property: Field("有效天数", "Days with a valid daily AQI.")] int ValidAqiDays,
    [property: Field("应有天数", "Days in the period (so far).")] int ExpectedDays,
    [property: Field("优良天数", "Days with AQI ≤ 100.")] int GoodDays,
    [property: Field("优良天数比例（%）", "goodDays ÷ validAqiDays, percent.", Unit = "%")] decimal? GoodDaysRatioPercent,
    [property: Field("各级别天数", "Days in each AQI level.")] IReadOnlyList<LevelDaysDto> DaysPerLevel,
    [property: Field("综合指数", "Composite air quality index (HJ 663).")] decimal? CompositeIndex,
    [property: Field("综合指数完整", "Whether every statistic of the index had sufficient data.")] bool CompositeIndexComplete,
    [property: Field("行动方案目标", "The action plan's target for the year and whether it is met (years only).")] PlanTargetDto? PlanTarget,
    [property: Field("依据", "What the values are based on (real-time, unreviewed data).")] string Basis,
    [property: Field("方法", "How the statistics are computed.")] string Method);

[Resource("LevelDays", "级别天数", "Days of a period in one AQI level.")]
public sealed record LevelDaysDto(
    [property: Field("级别序号", "Level 1–6.")] int Level,
    [property: Field("级别名称", "Chinese name.")] string Name,
    [property: Field("英文名称", "English name.")] string NameEn,
    [property: Field("天数", "Days.")] int Days);
