namespace Public.Standards.AirQuality;

/// <summary>
/// AQI of one report. <see cref="Iaqi"/> holds every IAQI that entered the maximum, keyed by the 表1 column
/// that was used (so a 1-hour PM2.5 value read against the 24h column appears under PM25_24h).
/// <see cref="Aqi"/> is null when no input was present.
/// </summary>
public sealed record AqiResult(
    int? Aqi,
    AqiLevel? Level,
    IReadOnlyDictionary<AqiIndicator, int> Iaqi,
    IReadOnlyList<Pollutant> PrimaryPollutants,
    IReadOnlyList<Pollutant> ExceedingPollutants,
    bool Capped);
