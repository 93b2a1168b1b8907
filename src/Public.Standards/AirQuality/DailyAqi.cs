namespace Public.Standards.AirQuality;

/// <summary>Inputs of a daily report: 24-hour means, except O3 (daily maximum 1h and 8h). Null = missing or invalid.</summary>
public sealed record DailyInputs(
    decimal? SO2,
    decimal? NO2,
    decimal? PM10,
    decimal? CO,
    decimal? PM25,
    decimal? O3_1hMax,
    decimal? O3_8hMax);

public static class DailyAqi
{
    /// <param name="roundInputs">Round concentrations to reporting decimals (GB/T 8170) before the table lookup.</param>
    public static AqiResult Compute(AqiEdition edition, DailyInputs inputs, bool roundInputs = true)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var c = new IaqiCollector(edition, roundInputs);

        // HJ 633-2012 表1 注(1): the daily report uses the 24h columns for SO2, NO2, CO.
        c.Add(AqiIndicator.SO2_24h, inputs.SO2);
        c.Add(AqiIndicator.NO2_24h, inputs.NO2);
        c.Add(AqiIndicator.PM10_24h, inputs.PM10);
        c.Add(AqiIndicator.CO_24h, inputs.CO);
        c.Add(AqiIndicator.PM25_24h, inputs.PM25);

        // HJ 633-2012 §5.1 [M]: the daily report's seven indicators include both the O3 daily max 1h and
        // daily max 8h, and AQI is the maximum over all of them, so the O3 IAQI is the larger of the two.
        // CNEMC daily tables list both O3 columns. A caller that wants 8h only passes O3_1hMax = null.
        c.Add(AqiIndicator.O3_1h, inputs.O3_1hMax);
        // 表1 注(3): above 800 the 8h value has no IAQI and the 1h IAQI (added above) is used instead.
        c.Add(AqiIndicator.O3_8h, inputs.O3_8hMax);

        return c.ToResult();
    }
}
