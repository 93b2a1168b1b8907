using Public.Web.AirQuality;
using Public.Web.Contract;

namespace Public.Web.Bulk;

/// <summary>
/// The wide tables of the air-quality series: one row per station-hour, city hour or day, one column per published
/// value type or daily statistic (named with its unit: <c>pm25_ugm3</c>, <c>co_24h_mgm3</c>). The API's
/// <c>?shape=wide</c> and the yearly archives both answer with these. The HJ 633 edition is not a column: it follows
/// from the date (HJ 633-2012 up to 2026-02-28, HJ 633-2026 from 2026-03-01) and the long shape names it on every row.
/// </summary>
public static class AirWideTables
{
    /// <summary>The daily statistics as columns: the pollutant, the statistic, the column stem and the meaning.</summary>
    public static IReadOnlyList<(string Pollutant, string Statistic, string Stem, string Unit, string Zh, string En)> DayStatistics { get; } =
    [
        ("PM2.5", "24h", "pm25", "µg/m³", "PM2.5 24小时平均", "PM2.5 24-hour mean"),
        ("PM10", "24h", "pm10", "µg/m³", "PM10 24小时平均", "PM10 24-hour mean"),
        ("SO2", "24h", "so2", "µg/m³", "SO2 24小时平均", "SO2 24-hour mean"),
        ("NO2", "24h", "no2", "µg/m³", "NO2 24小时平均", "NO2 24-hour mean"),
        ("O3", "max-8h", "o3Max8h", "µg/m³", "O3 日最大8小时滑动平均", "O3 daily maximum 8-hour mean"),
        ("O3", "max-1h", "o3Max1h", "µg/m³", "O3 日最大1小时平均", "O3 daily maximum 1-hour mean"),
        ("CO", "24h", "co", "mg/m³", "CO 24小时平均", "CO 24-hour mean"),
    ];

    /// <summary>The published value types of an hour that are concentrations (all but the published AQI, which is its own column).</summary>
    private static IEnumerable<PublishedType> Concentrations => PublishedTypes.All.Where(t => t.Pollutant is not null);

    /// <summary>The column of a published value type: <c>pm25_24h_ugm3</c>.</summary>
    public static string HourColumn(PublishedType type) => type.Column + "_" + WideTable.UnitSlug(type.Unit);

    public static WideTable<HourDto> StationHours { get; } = BuildStationHours();

    /// <summary>The station registry as a table: what the station code of the other tables refers to.</summary>
    public static WideTable<StationDto> Stations { get; } = WideTable.Of<StationDto>()
        .Fields("code", "name", "nameEn", "city", "cityEn", "district", "lon", "lat", "type", "typeEn", "cityAssessment")
        .Key("code");

    public static WideTable<CityHourDto> CityHours { get; } = BuildCityHours();

    public static WideTable<DayDto> Days { get; } = BuildDays();

    private static WideTable<HourDto> BuildStationHours()
    {
        var table = WideTable.Of<HourDto>()
            .Fields("station", "time", "aqi")
            .Field("level.nameEn", "level")
            .Fields("primaryPollutants", "publishedAqi", "version");
        foreach (var type in Concentrations)
        {
            var code = type.Code;
            table.Column(HourColumn(type), FieldKind.Exact, $"{code} {type.DescriptionZh}", $"{code} {type.DescriptionEn}",
                h => Find(h.Values, code), type.Unit);
        }

        return table.Key("station", "time").References("station", "stations", "code");
    }

    private static WideTable<CityHourDto> BuildCityHours()
    {
        var table = WideTable.Of<CityHourDto>()
            .Fields("time", "aqi")
            .Field("level.nameEn", "level")
            .Fields("primaryPollutants", "stations");
        foreach (var type in Concentrations.Where(t => t.Period == "1h"))
        {
            var code = type.Code;
            table.Column(HourColumn(type), FieldKind.Exact, $"{code} 城市{type.DescriptionZh}（评价点平均）", $"{code} city {type.DescriptionEn} (mean of the assessment stations)",
                h => Find(h.Values, code), type.Unit);
        }

        return table.Key("time");
    }

    private static WideTable<DayDto> BuildDays()
    {
        var table = WideTable.Of<DayDto>()
            .Fields("area", "date", "aqi")
            .Field("level.nameEn", "level")
            .Field("primaryPollutants");
        foreach (var (pollutant, statistic, stem, unit, zh, en) in DayStatistics)
        {
            DayValueDto? Value(DayDto d) => d.Values.FirstOrDefault(v => v.Pollutant == pollutant && v.Statistic == statistic);
            table.Column($"{stem}_{WideTable.UnitSlug(unit)}", FieldKind.Exact, zh, en, d => Value(d)?.Value, unit)
                .Column($"{stem}_count", FieldKind.Whole, zh + "的有效小时数（站点）或参与站点数（城市）", en + ": valid hours (station) or contributing stations (city)", d => Value(d)?.Count);
        }

        return table.Key("area", "date");
    }

    private static decimal? Find(IReadOnlyList<ValueDto> values, string type)
    {
        foreach (var v in values)
        {
            if (v.Type == type)
            {
                return v.Value;
            }
        }

        return null;
    }
}
