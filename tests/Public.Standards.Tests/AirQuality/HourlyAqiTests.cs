using Public.Standards.AirQuality;

namespace Public.Standards.Tests.AirQuality;

public sealed class HourlyAqiTests
{
    private static HourlyInputs Only(
        decimal? so2 = null, decimal? no2 = null, decimal? pm10 = null, decimal? co = null, decimal? o3 = null, decimal? pm25 = null) =>
        new(so2, no2, pm10, co, o3, pm25);

    // go-aqi mep_test.go vector (standards.md §7): PM10 88 → (88−50)/100·50+50 = 69 exactly; the others are lower
    // (PM2.5 16 → 23, O3 75 → 24, NO2 11 → 6, CO 0.2 → 2, SO2 3 → 1).
    [Fact]
    public void GoAqiVectorGivesAqi69WithPm10Primary()
    {
        var r = HourlyAqi.Compute(AqiEdition.HJ633_2012, new HourlyInputs(SO2: 3, NO2: 11, PM10: 88, CO: 0.2m, O3: 75, PM25: 16));

        Assert.Equal(69, r.Aqi);
        Assert.Equal([Pollutant.PM10], r.PrimaryPollutants);
        Assert.Empty(r.ExceedingPollutants);
        Assert.Equal("良", r.Level?.NameZh);
        Assert.Equal(23, r.Iaqi[AqiIndicator.PM25_24h]);
    }

    // 表1 注(2): SO2 1h 900 has no IAQI; the 24h mean 500 gives 153.85 → 154.
    [Fact]
    public void So2AboveEightHundredFallsBackToTheTwentyFourHourMean()
    {
        var r = HourlyAqi.Compute(AqiEdition.HJ633_2012, Only(so2: 900, pm25: 35) with { SO2_24h = 500 });

        Assert.Equal(154, r.Aqi);
        Assert.Equal(154, r.Iaqi[AqiIndicator.SO2_24h]);
        Assert.False(r.Iaqi.ContainsKey(AqiIndicator.SO2_1h));
        Assert.Equal([Pollutant.SO2], r.PrimaryPollutants);
    }

    [Fact]
    public void So2AboveEightHundredWithoutTwentyFourHourMeanIsSkipped()
    {
        // NO2 1h 250 → 105 is then the maximum.
        var r = HourlyAqi.Compute(AqiEdition.HJ633_2012, Only(so2: 900, no2: 250));

        Assert.Equal(105, r.Aqi);
        Assert.Equal([Pollutant.NO2], r.PrimaryPollutants);
        Assert.DoesNotContain(Pollutant.SO2, r.ExceedingPollutants);
    }

    // 表1 注(3): O3 8h 900 has no IAQI; O3 1h 1000 gives 400 (a breakpoint).
    [Fact]
    public void O3EightHourAboveEightHundredFallsBackToOneHour()
    {
        var inputs = Only(o3: 1000) with { O3_8h = 900 };

        var r = HourlyAqi.Compute(AqiEdition.HJ633_2012, inputs, RealtimeConvention.Hj633MovingAverages);

        Assert.Equal(400, r.Aqi);
        Assert.False(r.Iaqi.ContainsKey(AqiIndicator.O3_8h));
        Assert.Equal([Pollutant.O3], r.PrimaryPollutants);
    }

    [Fact]
    public void Pm25Of600IsCappedAt500()
    {
        var r = HourlyAqi.Compute(AqiEdition.HJ633_2012, Only(pm25: 600, pm10: 100));

        Assert.Equal((500, true, 6), (r.Aqi, r.Capped, r.Level?.Number));
    }

    // PM10 150, PM2.5 75 and NO2 1h 200 are each exactly IAQI 100.
    [Fact]
    public void TiedPollutantsAreAllPrimary()
    {
        var r = HourlyAqi.Compute(AqiEdition.HJ633_2012, Only(no2: 200, pm10: 150, pm25: 75, co: 1));

        Assert.Equal(100, r.Aqi);
        Assert.Equal([Pollutant.NO2, Pollutant.PM10, Pollutant.PM25], r.PrimaryPollutants);
        Assert.Empty(r.ExceedingPollutants);
    }

    // PM2.5 35 → 50: no primary pollutant at AQI ≤ 50; PM2.5 36 → 52 has one.
    [Fact]
    public void NoPrimaryPollutantAtOrBelowFifty()
    {
        Assert.Empty(HourlyAqi.Compute(AqiEdition.HJ633_2012, Only(pm25: 35, pm10: 40)).PrimaryPollutants);
        Assert.Equal([Pollutant.PM25], HourlyAqi.Compute(AqiEdition.HJ633_2012, Only(pm25: 36, pm10: 40)).PrimaryPollutants);
    }

    // PM2.5 80 → 107 and NO2 1h 250 → 105 both exceed 100.
    [Fact]
    public void PollutantsAboveOneHundredAreExceeding()
    {
        var r = HourlyAqi.Compute(AqiEdition.HJ633_2012, Only(no2: 250, pm25: 80, pm10: 50));

        Assert.Equal([Pollutant.NO2, Pollutant.PM25], r.ExceedingPollutants);
        Assert.Equal([Pollutant.PM25], r.PrimaryPollutants);
    }

    [Fact]
    public void MissingInputsAreSkippedAndNoInputsGiveNoAqi()
    {
        var none = HourlyAqi.Compute(AqiEdition.HJ633_2012, Only());
        Assert.Equal((null, null), (none.Aqi, none.Level));
        Assert.Empty(none.Iaqi);

        // CO 1h 12 → 104 alone.
        Assert.Equal(104, HourlyAqi.Compute(AqiEdition.HJ633_2012, Only(co: 12)).Aqi);
    }

    [Fact]
    public void CnemcConventionIgnoresMovingAverages()
    {
        // O3 1h 100 → 31.25 → 32; the O3 8h 170 (→ 110) and PM2.5 24h 80 (→ 107) are not part of it.
        var inputs = Only(o3: 100) with { O3_8h = 170, PM25_24h = 80 };

        Assert.Equal(32, HourlyAqi.Compute(AqiEdition.HJ633_2012, inputs).Aqi);
    }

    [Fact]
    public void Hj633ConventionUsesMovingAveragesInsteadOfHourlyParticulates()
    {
        // 1h PM2.5 300 is ignored; PM2.5 24h 80 → 107, O3 8h 170 → 110, O3 1h 100 → 32.
        var inputs = Only(o3: 100, pm25: 300) with { O3_8h = 170, PM25_24h = 80 };

        var r = HourlyAqi.Compute(AqiEdition.HJ633_2012, inputs, RealtimeConvention.Hj633MovingAverages);

        Assert.Equal(110, r.Aqi);
        Assert.Equal(107, r.Iaqi[AqiIndicator.PM25_24h]);
        Assert.Equal([Pollutant.O3], r.PrimaryPollutants);
    }

    // GB/T 8170: 74.5 rounds to 74 (even) → 50+39·50/40 = 98.75 → 99; rounding half up would give 75 → 100.
    // Unrounded 75.4 gives 100.5 → 101; rounded to 75 it is exactly 100.
    [Fact]
    public void InputsAreRoundedToReportingDecimalsHalfToEvenBeforeLookup()
    {
        Assert.Equal(99, HourlyAqi.Compute(AqiEdition.HJ633_2012, Only(pm25: 74.5m)).Aqi);
        Assert.Equal(100, HourlyAqi.Compute(AqiEdition.HJ633_2012, Only(pm25: 75.4m)).Aqi);
        Assert.Equal(101, HourlyAqi.Compute(AqiEdition.HJ633_2012, Only(pm25: 75.4m), roundInputs: false).Aqi);
    }
}
