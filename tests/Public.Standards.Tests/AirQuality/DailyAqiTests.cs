using Public.Standards.AirQuality;

namespace Public.Standards.Tests.AirQuality;

public sealed class DailyAqiTests
{
    private static DailyInputs Only(
        decimal? so2 = null, decimal? no2 = null, decimal? pm10 = null, decimal? co = null, decimal? pm25 = null,
        decimal? o3_1hMax = null, decimal? o3_8hMax = null) =>
        new(so2, no2, pm10, co, pm25, o3_1hMax, o3_8hMax);

    // Daily report uses the 24h columns: SO2 100 → 75 (the 1h column would give 34), CO 2.5 → 63.
    [Fact]
    public void DailyReportUsesTwentyFourHourColumns()
    {
        var r = DailyAqi.Compute(AqiEdition.HJ633_2012, Only(so2: 100, co: 2.5m));

        Assert.Equal(75, r.Aqi);
        Assert.Equal(75, r.Iaqi[AqiIndicator.SO2_24h]);
        Assert.Equal(63, r.Iaqi[AqiIndicator.CO_24h]);
    }

    [Fact]
    public void O3IaqiIsTheLargerOfDailyMaxOneHourAndEightHour()
    {
        // 8h 170 → 110 beats 1h 210 → 105.
        Assert.Equal(110, DailyAqi.Compute(AqiEdition.HJ633_2012, Only(o3_1hMax: 210, o3_8hMax: 170)).Aqi);
        // 1h 300 → 150 beats 8h 150 → 91.67 → 92.
        var r = DailyAqi.Compute(AqiEdition.HJ633_2012, Only(o3_1hMax: 300, o3_8hMax: 150, pm25: 35));
        Assert.Equal(150, r.Aqi);
        Assert.Equal(92, r.Iaqi[AqiIndicator.O3_8h]);
        Assert.Equal([Pollutant.O3], r.PrimaryPollutants);
    }

    [Fact]
    public void O3DailyMaxEightHourAboveEightHundredFallsBackToOneHour()
    {
        var r = DailyAqi.Compute(AqiEdition.HJ633_2012, Only(o3_1hMax: 1000, o3_8hMax: 900));

        Assert.Equal(400, r.Aqi);
        Assert.False(r.Iaqi.ContainsKey(AqiIndicator.O3_8h));
    }

    // PM2.5 75: exactly 100 under HJ 633-2012; 100+15·50/55 = 113.6 → 114 under HJ 633-2026.
    [Fact]
    public void EditionSwitchesOnMarchFirst2026()
    {
        var inputs = Only(pm25: 75);

        Assert.Equal(100, DailyAqi.Compute(AqiEditions.ForDate(new DateOnly(2026, 2, 28)), inputs).Aqi);
        Assert.Equal(114, DailyAqi.Compute(AqiEditions.ForDate(new DateOnly(2026, 3, 1)), inputs).Aqi);
        Assert.Equal(AqiEditions.Edition2026EffectiveFrom, new DateOnly(2026, 3, 1));
        Assert.Equal("HJ 633-2012", AqiEditions.Name(AqiEditions.ForDate(new DateOnly(2026, 2, 28))));
    }
}
