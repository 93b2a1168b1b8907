using Public.Standards.AirQuality;

namespace Public.Web.AirQuality;

/// <summary>
/// One of the 15 value types of the national network's hourly release (the <c>type</c> column of
/// <c>china_sites_YYYYMMDD.csv</c>), with where we store it and how we describe it.
/// </summary>
public sealed record PublishedType(
    string Code,
    string Column,
    Pollutant? Pollutant,
    string Period,
    string DescriptionZh,
    string DescriptionEn,
    decimal MaxPlausible)
{
    public string Unit => Pollutant is { } p ? Pollutants.Unit(p) : "";
}

public static class PublishedTypes
{
    // Upper bounds of what is physically plausible for an hourly value. They reject typos and unit
    // mix-ups (CO in µg/m³), not real extremes: the worst Chinese hourly PM2.5 readings on record are
    // around 1,000–2,000 µg/m³, dust storms push PM10 above 5,000.
    private const decimal MaxParticulate = 10_000m;
    private const decimal MaxGas = 10_000m;
    private const decimal MaxCo = 150m * 4;

    public static IReadOnlyList<PublishedType> All { get; } =
    [
        new("AQI", "aqi", null, "1h", "空气质量指数（实时，发布值）", "Air quality index (real-time, as published)", 500m),
        new("PM2.5", "pm25", Standards.AirQuality.Pollutant.PM25, "1h", "1小时平均", "1-hour mean", MaxParticulate),
        new("PM2.5_24h", "pm25_24h", Standards.AirQuality.Pollutant.PM25, "24h", "24小时滑动平均（发布值）", "24-hour moving mean (as published)", MaxParticulate),
        new("PM10", "pm10", Standards.AirQuality.Pollutant.PM10, "1h", "1小时平均", "1-hour mean", MaxParticulate),
        new("PM10_24h", "pm10_24h", Standards.AirQuality.Pollutant.PM10, "24h", "24小时滑动平均（发布值）", "24-hour moving mean (as published)", MaxParticulate),
        new("SO2", "so2", Standards.AirQuality.Pollutant.SO2, "1h", "1小时平均", "1-hour mean", MaxGas),
        new("SO2_24h", "so2_24h", Standards.AirQuality.Pollutant.SO2, "24h", "24小时滑动平均（发布值）", "24-hour moving mean (as published)", MaxGas),
        new("NO2", "no2", Standards.AirQuality.Pollutant.NO2, "1h", "1小时平均", "1-hour mean", MaxGas),
        new("NO2_24h", "no2_24h", Standards.AirQuality.Pollutant.NO2, "24h", "24小时滑动平均（发布值）", "24-hour moving mean (as published)", MaxGas),
        new("O3", "o3", Standards.AirQuality.Pollutant.O3, "1h", "1小时平均", "1-hour mean", MaxGas),
        new("O3_24h", "o3_24h", Standards.AirQuality.Pollutant.O3, "24h-max-1h", "过去24小时最大1小时平均（发布值）", "maximum 1-hour mean of the last 24 hours (as published)", MaxGas),
        new("O3_8h", "o3_8h", Standards.AirQuality.Pollutant.O3, "8h", "8小时滑动平均（发布值）", "8-hour moving mean (as published)", MaxGas),
        new("O3_8h_24h", "o3_8h_24h", Standards.AirQuality.Pollutant.O3, "24h-max-8h", "过去24小时最大8小时滑动平均（发布值）", "maximum 8-hour moving mean of the last 24 hours (as published)", MaxGas),
        new("CO", "co", Standards.AirQuality.Pollutant.CO, "1h", "1小时平均", "1-hour mean", MaxCo),
        new("CO_24h", "co_24h", Standards.AirQuality.Pollutant.CO, "24h", "24小时滑动平均（发布值）", "24-hour moving mean (as published)", MaxCo),
    ];

    public const int Count = 15;

    private static readonly Dictionary<string, int> IndexByCode =
        All.Select((t, i) => (t.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.Ordinal);

    /// <summary>Position of a type in <see cref="All"/> (and in a stored row's value array); -1 if unknown.</summary>
    public static int IndexOf(string code) => IndexByCode.TryGetValue(code, out var i) ? i : -1;

    public const int Aqi = 0;
    public const int PM25 = 1;
    public const int PM25_24h = 2;
    public const int PM10 = 3;
    public const int PM10_24h = 4;
    public const int SO2 = 5;
    public const int SO2_24h = 6;
    public const int NO2 = 7;
    public const int NO2_24h = 8;
    public const int O3 = 9;
    public const int O3_24h = 10;
    public const int O3_8h = 11;
    public const int O3_8h_24h = 12;
    public const int CO = 13;
    public const int CO_24h = 14;

    /// <summary>Index of the 1-hour value of a pollutant.</summary>
    public static int HourlyIndex(Pollutant p) => p switch
    {
        Standards.AirQuality.Pollutant.PM25 => PM25,
        Standards.AirQuality.Pollutant.PM10 => PM10,
        Standards.AirQuality.Pollutant.SO2 => SO2,
        Standards.AirQuality.Pollutant.NO2 => NO2,
        Standards.AirQuality.Pollutant.O3 => O3,
        Standards.AirQuality.Pollutant.CO => CO,
        _ => throw new ArgumentOutOfRangeException(nameof(p)),
    };
}
