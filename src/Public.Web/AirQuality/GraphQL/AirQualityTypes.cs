using GraphQL.Types;
using Public.Web.GraphQL;

namespace Public.Web.AirQuality.GraphQL;

/// <summary>A monitoring station (REST /stations/{code}); its series are fields, each batched across stations.</summary>
internal sealed class StationGraphType : ObjectGraphType<StationDto>
{
    public StationGraphType()
    {
        Name = "Station";
        Description = "监测站点 / A national-network monitoring station (国控点) with its names, place and series. Same fields as REST /api/v1/stations/{code}.";
        Field<NonNullGraphType<StringGraphType>>("code").Description("站点编码 / National station code, e.g. 1767A.").Resolve(c => c.Source.Code);
        Field<NonNullGraphType<StringGraphType>>("name").Description("站点名称 / Current name (Chinese).").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>>("nameEn").Description("英文名称 / Current name in English (transliteration).").Resolve(c => c.Source.NameEn);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FormerNameGraphType>>>>("formerNames").Description("曾用名 / Former names with the dates they applied.").Resolve(c => c.Source.FormerNames);
        Field<NonNullGraphType<StringGraphType>>("city").Description("城市 / City (Chinese).").Resolve(c => c.Source.City);
        Field<NonNullGraphType<StringGraphType>>("cityEn").Description("城市（英文）/ City in English.").Resolve(c => c.Source.CityEn);
        Field<StringGraphType>("district").Description("区县 / District, when known.").Resolve(c => c.Source.District);
        Field<NonNullGraphType<FloatGraphType>>("lon").Description("经度 / Longitude, degrees east (WGS 84).").Resolve(c => c.Source.Lon);
        Field<NonNullGraphType<FloatGraphType>>("lat").Description("纬度 / Latitude, degrees north (WGS 84).").Resolve(c => c.Source.Lat);
        Field<NonNullGraphType<StringGraphType>>("type").Description("站点类型 / Station type (Chinese), e.g. 城市评价点.").Resolve(c => c.Source.Type);
        Field<NonNullGraphType<StringGraphType>>("typeEn").Description("站点类型（英文）/ Station type in English.").Resolve(c => c.Source.TypeEn);
        Field<NonNullGraphType<BooleanGraphType>>("cityAssessment").Description("城市评价点 / Whether the station's values enter the city value.").Resolve(c => c.Source.CityAssessment);

        Field<LatestGraphType>("latest")
            .Description("最新读数 / The station's latest published hour (null when it has none). Batched: one store query for all stations asked.")
            .Resolve(c => StationSeries.Latest(c, c.Source.Code));
        this.Connection<HourGraphType, StationDto>("hourly",
                "小时序列 / Hourly values with units and IAQI, our computed aqi and the publishedAqi (REST /stations/{code}/hourly). Batched across stations.")
            .Argument<HourFilterGraphType>("filter", "筛选 / Dates (default the last 7 days with data) and pollutants.")
            .Resolve(c => StationSeries.Hourly(c, c.Source.Code));
        this.Connection<DayGraphType, StationDto>("daily",
                "日序列 / Daily values (GB 3095 validity counts) and daily AQI (REST /stations/{code}/daily). Batched across stations.")
            .Argument<DayFilterGraphType>("filter", "筛选 / Dates (default the last 30 days with data), pollutants, minimum category.")
            .Resolve(c => StationSeries.Daily(c, c.Source.Code));
        this.Connection<HourVersionGraphType, StationDto>("versions",
                "历史版本 / Every version of the station's hours, superseded ones included (REST /stations/{code}/hourly/versions).")
            .Argument<VersionFilterGraphType>("filter", "筛选 / Dates (default the last 7 days with data) and changedOnly.")
            .Resolve(c => StationSeries.Versions(c, c.Source.Code));
    }
}

internal sealed class FormerNameGraphType : ObjectGraphType<FormerNameDto>
{
    public FormerNameGraphType()
    {
        Name = "FormerName";
        Description = "曾用名 / A former name of a station.";
        Field<NonNullGraphType<StringGraphType>>("name").Description("名称 / The former name (Chinese).").Resolve(c => c.Source.Name);
        Field<StringGraphType>("nameEn").Description("英文名称 / The former name in English.").Resolve(c => c.Source.NameEn);
        Field<LocalDateGraphType>("from").Description("起用日期 / First date it applied, when known.").Resolve(c => c.Source.From);
        Field<LocalDateGraphType>("to").Description("停用日期 / Last date it applied, when known.").Resolve(c => c.Source.To);
        Field<StringGraphType>("note").Description("备注 / Note on the renaming.").Resolve(c => c.Source.Note);
    }
}

/// <summary>The AQI level shown next to every AQI: number, names, grade and colour (never colour alone).</summary>
internal sealed class LevelGraphType : ObjectGraphType<LevelDto>
{
    public LevelGraphType()
    {
        Name = "Level";
        Description = "空气质量指数级别 / The AQI level of a value (HJ 633-2012 表2): number, names, grade and colour.";
        Field<NonNullGraphType<IntGraphType>>("number").Description("级别序号 / Level 1 (优) to 6 (严重污染).").Resolve(c => c.Source.Number);
        Field<NonNullGraphType<AqiCategoryGraphType>>("category").Description("级别 / The level as an enum value.").Resolve(c => c.Source.Number);
        Field<NonNullGraphType<StringGraphType>>("name").Description("级别名称 / Chinese name, e.g. 良.").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>>("nameEn").Description("英文名称 / English name, e.g. Good.").Resolve(c => c.Source.NameEn);
        Field<NonNullGraphType<StringGraphType>>("grade").Description("级别 / Chinese grade, e.g. 二级.").Resolve(c => c.Source.Grade);
        Field<NonNullGraphType<StringGraphType>>("color").Description("颜色 / Colour of the level, hex RGB (HJ 633 附录A).").Resolve(c => c.Source.Color);
    }
}

/// <summary>One value with its unit (REST ValueDto).</summary>
internal sealed class HourValueGraphType : ObjectGraphType<ValueDto>
{
    public HourValueGraphType()
    {
        Name = "HourValue";
        Description = "小时浓度值 / One published value of an hour with its unit and, for 1-hour values, its IAQI.";
        Field<NonNullGraphType<StringGraphType>>("pollutant").Description("污染物 / CNEMC pollutant code: PM2.5, PM10, SO2, NO2, O3, CO.").Resolve(c => c.Source.Pollutant);
        Field<NonNullGraphType<StringGraphType>>("type").Description("发布类型 / CNEMC value type, e.g. PM2.5 or PM2.5_24h.").Resolve(c => c.Source.Type);
        Field<NonNullGraphType<StringGraphType>>("period").Description("平均时段 / Averaging period: 1h, 24h, 8h, 24h-max-1h, 24h-max-8h.").Resolve(c => c.Source.Period);
        Field<DecimalGraphType>("value").Description("浓度 / Concentration as published; null when blank in the source.").Resolve(c => c.Source.Value);
        Field<NonNullGraphType<StringGraphType>>("unit").Description("单位 / Unit: µg/m³, CO in mg/m³.").Resolve(c => c.Source.Unit);
        Field<StringGraphType>("flag").Description("标记 / Data flag of the source, null when it carries none.").Resolve(c => c.Source.Flag);
        Field<IntGraphType>("iaqi").Description("空气质量分指数 / IAQI that the hourly AQI used for this pollutant (1-hour values only).").Resolve(c => c.Source.Iaqi);
    }
}

internal sealed class LatestGraphType : ObjectGraphType<LatestDto>
{
    public LatestGraphType()
    {
        Name = "LatestReading";
        Description = "最新读数 / A station's latest published hour.";
        Field<NonNullGraphType<OffsetDateTimeGraphType>>("time").Description("时间 / End of the averaging hour, Asia/Shanghai.").Resolve(c => c.Source.Time);
        Field<NonNullGraphType<OffsetDateTimeGraphType>>("timeUtc").Description("UTC 时间 / The same instant in UTC.").Resolve(c => c.Source.TimeUtc);
        Field<IntGraphType>("aqi").Description("空气质量指数 / Real-time AQI computed from the 1-hour values.").Resolve(c => c.Source.Aqi);
        Field<LevelGraphType>("level").Description("级别 / AQI level of aqi.").Resolve(c => c.Source.Level);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("primaryPollutants").Description("首要污染物 / Primary pollutants (when AQI > 50).").Resolve(c => c.Source.PrimaryPollutants);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<HourValueGraphType>>>>("values").Description("浓度值 / The published values with units.").Resolve(c => c.Source.Values);
    }
}

internal sealed class HourGraphType : ObjectGraphType<HourDto>
{
    public HourGraphType()
    {
        Name = "Hour";
        Description = "站点小时值 / One station-hour: values as published, our computed AQI next to the published AQI (REST /stations/{code}/hourly).";
        Field<NonNullGraphType<StringGraphType>>("station").Description("站点编码 / Station code.").Resolve(c => c.Source.Station);
        Field<NonNullGraphType<OffsetDateTimeGraphType>>("time").Description("时间 / End of the averaging hour, Asia/Shanghai (01:00 = mean of 00:00–01:00).").Resolve(c => c.Source.Time);
        Field<NonNullGraphType<OffsetDateTimeGraphType>>("timeUtc").Description("UTC 时间 / The same instant in UTC.").Resolve(c => c.Source.TimeUtc);
        Field<IntGraphType>("aqi").Description("空气质量指数（计算）/ Real-time AQI computed by this system from the 1-hour values (HJ 633).").Resolve(c => c.Source.Aqi);
        Field<IntGraphType>("publishedAqi").Description("空气质量指数（发布值）/ The AQI as published by the source.").Resolve(c => c.Source.PublishedAqi);
        Field<LevelGraphType>("level").Description("级别 / AQI level of aqi.").Resolve(c => c.Source.Level);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("primaryPollutants").Description("首要污染物 / Primary pollutants (when AQI > 50).").Resolve(c => c.Source.PrimaryPollutants);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("exceedingPollutants").Description("超标污染物 / Pollutants with IAQI > 100.").Resolve(c => c.Source.ExceedingPollutants);
        Field<NonNullGraphType<BooleanGraphType>>("capped").Description("封顶 / True when an IAQI exceeded 500 and the AQI was capped at 500.").Resolve(c => c.Source.Capped);
        Field<NonNullGraphType<StringGraphType>>("edition").Description("标准版本 / HJ 633 edition applied, e.g. HJ 633-2012.").Resolve(c => c.Source.Edition);
        Field<NonNullGraphType<IntGraphType>>("version").Description("版本号 / Version of this hour (1 = first publication; higher = correction).").Resolve(c => c.Source.Version);
        Field<NonNullGraphType<StringGraphType>>("source").Description("来源文件 / Source file of this version.").Resolve(c => c.Source.Source);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<HourValueGraphType>>>>("values").Description("浓度值 / The published values with units and IAQI.").Resolve(c => c.Source.Values);
    }
}

internal sealed class HourVersionGraphType : ObjectGraphType<HourVersionDto>
{
    public HourVersionGraphType()
    {
        Name = "HourVersion";
        Description = "小时数据版本 / One version of a published station-hour, current or superseded (nothing is overwritten).";
        Field<NonNullGraphType<StringGraphType>>("station").Description("站点编码 / Station code.").Resolve(c => c.Source.Station);
        Field<NonNullGraphType<OffsetDateTimeGraphType>>("time").Description("时间 / End of the averaging hour, Asia/Shanghai.").Resolve(c => c.Source.Time);
        Field<NonNullGraphType<IntGraphType>>("version").Description("版本号 / 1 = first publication.").Resolve(c => c.Source.Version);
        Field<NonNullGraphType<BooleanGraphType>>("current").Description("当前版本 / Whether this is the version in force.").Resolve(c => c.Source.Current);
        Field<NonNullGraphType<OffsetDateTimeGraphType>>("recordedAt").Description("记录时间 / When this version was stored.").Resolve(c => c.Source.RecordedAt);
        Field<NonNullGraphType<StringGraphType>>("source").Description("来源文件 / Source file.").Resolve(c => c.Source.Source);
        Field<IntGraphType>("sourceLine").Description("来源行号 / Line in the source file.").Resolve(c => c.Source.SourceLine);
        Field<StringGraphType>("reason").Description("更正原因 / What changed, for corrections.").Resolve(c => c.Source.Reason);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<HourValueGraphType>>>>("values").Description("浓度值 / The values of this version.").Resolve(c => c.Source.Values);
    }
}

internal sealed class DayValueGraphType : ObjectGraphType<DayValueDto>
{
    public DayValueGraphType()
    {
        Name = "DayValue";
        Description = "日统计值 / A daily statistic with its unit and GB 3095 coverage.";
        Field<NonNullGraphType<StringGraphType>>("pollutant").Description("污染物 / CNEMC pollutant code.").Resolve(c => c.Source.Pollutant);
        Field<NonNullGraphType<StringGraphType>>("statistic").Description("统计量 / 24h (daily mean), max-8h (O3 daily maximum 8-hour mean) or max-1h.").Resolve(c => c.Source.Statistic);
        Field<DecimalGraphType>("value").Description("浓度 / The value; null when the day is not valid (GB 3095).").Resolve(c => c.Source.Value);
        Field<NonNullGraphType<StringGraphType>>("unit").Description("单位 / Unit: µg/m³, CO in mg/m³.").Resolve(c => c.Source.Unit);
        Field<NonNullGraphType<IntGraphType>>("count").Description("有效数 / Valid hours (station) or contributing stations (city).").Resolve(c => c.Source.Count);
        Field<NonNullGraphType<IntGraphType>>("required").Description("最少有效数 / The GB 3095 minimum for a valid value.").Resolve(c => c.Source.Required);
    }
}

internal sealed class DayGraphType : ObjectGraphType<DayDto>
{
    public DayGraphType()
    {
        Name = "Day";
        Description = "日值 / One natural day of a station or the city: daily statistics and the daily AQI (REST /daily).";
        Field<NonNullGraphType<StringGraphType>>("area").Description("区域 / Station code, or \"city\".").Resolve(c => c.Source.Area);
        Field<NonNullGraphType<LocalDateGraphType>>("date").Description("日期 / Local date; holds the hours labelled D 01:00 … D+1 00:00.").Resolve(c => c.Source.Date);
        Field<IntGraphType>("aqi").Description("日空气质量指数 / Daily AQI (HJ 633 §5.1); null when no valid statistic.").Resolve(c => c.Source.Aqi);
        Field<LevelGraphType>("level").Description("级别 / AQI level of the daily AQI.").Resolve(c => c.Source.Level);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("primaryPollutants").Description("首要污染物 / Primary pollutants of the day (when AQI > 50).").Resolve(c => c.Source.PrimaryPollutants);
        Field<NonNullGraphType<StringGraphType>>("edition").Description("标准版本 / HJ 633 edition applied.").Resolve(c => c.Source.Edition);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DayValueGraphType>>>>("values").Description("日统计值 / The daily statistics with units and coverage.").Resolve(c => c.Source.Values);
    }
}

internal sealed class CityHourGraphType : ObjectGraphType<CityHourDto>
{
    public CityHourGraphType()
    {
        Name = "CityHour";
        Description = "城市小时值 / One city hour: the mean of the assessment stations' 1-hour values and its AQI (REST /city/hourly).";
        Field<NonNullGraphType<OffsetDateTimeGraphType>>("time").Description("时间 / End of the averaging hour, Asia/Shanghai.").Resolve(c => c.Source.Time);
        Field<NonNullGraphType<OffsetDateTimeGraphType>>("timeUtc").Description("UTC 时间 / The same instant in UTC.").Resolve(c => c.Source.TimeUtc);
        Field<IntGraphType>("aqi").Description("空气质量指数 / AQI of the city means.").Resolve(c => c.Source.Aqi);
        Field<LevelGraphType>("level").Description("级别 / AQI level.").Resolve(c => c.Source.Level);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("primaryPollutants").Description("首要污染物 / Primary pollutants.").Resolve(c => c.Source.PrimaryPollutants);
        Field<NonNullGraphType<StringGraphType>>("edition").Description("标准版本 / HJ 633 edition applied.").Resolve(c => c.Source.Edition);
        Field<NonNullGraphType<IntGraphType>>("stations").Description("参与站点数 / Number of stations that reported the hour.").Resolve(c => c.Source.Stations);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<HourValueGraphType>>>>("values").Description("浓度值 / City mean values with units and IAQI.").Resolve(c => c.Source.Values);
    }
}
