namespace Public.Standards.AirQuality;

/// <summary>
/// Inputs of a real-time (hourly) report. The first six are 1-hour means; the optional ones are the
/// moving averages used by <see cref="RealtimeConvention.Hj633MovingAverages"/> and the SO2 24h value
/// used when SO2 1h exceeds 800 µg/m³. µg/m³, CO mg/m³; null = missing.
/// </summary>
public sealed record HourlyInputs(
    decimal? SO2,
    decimal? NO2,
    decimal? PM10,
    decimal? CO,
    decimal? O3,
    decimal? PM25,
    decimal? O3_8h = null,
    decimal? PM10_24h = null,
    decimal? PM25_24h = null,
    decimal? SO2_24h = null);

/// <summary>Which concentrations feed the real-time AQI (standards.md §1.4 [C]).</summary>
public enum RealtimeConvention
{
    /// <summary>
    /// What CNEMC publishes: the six 1-hour means; PM2.5 and PM10 read against the 24h columns; SO2, NO2, CO,
    /// O3 against the 1h columns; no O3 8h. Reproduces 17,614 of 17,614 published Jinzhou station-hours (2019 H1).
    /// </summary>
    CnemcHourlyConcentrations = 0,

    /// <summary>
    /// HJ 633-2012 §5.2 as written: SO2, NO2, CO, O3 1-hour means plus the O3 8h moving average and the
    /// PM2.5/PM10 24h moving averages (<see cref="HourlyInputs.PM25_24h"/>, <see cref="HourlyInputs.PM10_24h"/>).
    /// The 1-hour PM values are ignored.
    /// </summary>
    Hj633MovingAverages = 1,
}

public static class HourlyAqi
{
    /// <param name="roundInputs">Round concentrations to reporting decimals (GB/T 8170) before the table lookup.</param>
    public static AqiResult Compute(
        AqiEdition edition,
        HourlyInputs inputs,
        RealtimeConvention convention = RealtimeConvention.CnemcHourlyConcentrations,
        bool roundInputs = true)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var c = new IaqiCollector(edition, roundInputs);

        // HJ 633-2012 表1 注(1): SO2, NO2 and CO 1h columns serve the real-time report.
        var so2 = c.Add(AqiIndicator.SO2_1h, inputs.SO2);
        if (so2 is { NotApplicable: true })
        {
            // HJ 633-2012 表1 注(2): above 800 µg/m³ the SO2 IAQI comes from the 24h mean; without one, SO2 is skipped.
            c.Add(AqiIndicator.SO2_24h, inputs.SO2_24h);
        }

        c.Add(AqiIndicator.NO2_1h, inputs.NO2);
        c.Add(AqiIndicator.CO_1h, inputs.CO);
        c.Add(AqiIndicator.O3_1h, inputs.O3);

        switch (convention)
        {
            case RealtimeConvention.CnemcHourlyConcentrations:
                // 表1 has no 1h PM column; CNEMC reads the 1-hour PM value against the 24h column
                // (go-aqi does the same; confirmed by the Jinzhou data, see HourlyAqiMatchesPublishedValueForRealStationData).
                c.Add(AqiIndicator.PM10_24h, inputs.PM10);
                c.Add(AqiIndicator.PM25_24h, inputs.PM25);
                break;
            case RealtimeConvention.Hj633MovingAverages:
                // HJ 633-2012 §5.2 (via Shenzhen MEEB [V]): the real-time report also covers the O3 8h and PM 24h
                // moving averages. An O3 8h above 800 has no IAQI (表1 注(3)); the O3 1h IAQI added above stands in.
                c.Add(AqiIndicator.O3_8h, inputs.O3_8h);
                c.Add(AqiIndicator.PM10_24h, inputs.PM10_24h);
                c.Add(AqiIndicator.PM25_24h, inputs.PM25_24h);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(convention), convention, null);
        }

        return c.ToResult();
    }
}
