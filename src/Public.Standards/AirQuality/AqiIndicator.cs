namespace Public.Standards.AirQuality;

/// <summary>The ten concentration columns of HJ 633-2012 表1 (pollutant and averaging period).</summary>
public enum AqiIndicator
{
    SO2_1h,
    SO2_24h,
    NO2_1h,
    NO2_24h,
    PM10_24h,
    PM25_24h,
    CO_1h,
    CO_24h,
    O3_1h,
    O3_8h,
}

public static class AqiIndicators
{
    public static IReadOnlyList<AqiIndicator> All { get; } = Array.AsReadOnly(Enum.GetValues<AqiIndicator>());

    public static Pollutant PollutantOf(AqiIndicator indicator) => indicator switch
    {
        AqiIndicator.SO2_1h or AqiIndicator.SO2_24h => Pollutant.SO2,
        AqiIndicator.NO2_1h or AqiIndicator.NO2_24h => Pollutant.NO2,
        AqiIndicator.PM10_24h => Pollutant.PM10,
        AqiIndicator.PM25_24h => Pollutant.PM25,
        AqiIndicator.CO_1h or AqiIndicator.CO_24h => Pollutant.CO,
        AqiIndicator.O3_1h or AqiIndicator.O3_8h => Pollutant.O3,
        _ => throw new ArgumentOutOfRangeException(nameof(indicator), indicator, null),
    };
}
