using Public.Standards.AirQuality;

namespace Public.Standards.Tests.AirQuality;

public sealed class IaqiTests
{
    // Expected values: standards.md §7 "Hand-computed vectors" (HJ 633-2012 表1, ceiling), computed by hand
    // independently of this code, e.g. PM2.5 80: (150−100)/(115−75)·(80−75)+100 = 106.25 → 107.
    [Theory]
    [InlineData(AqiIndicator.PM25_24h, "80", 107)]
    [InlineData(AqiIndicator.PM25_24h, "36", 52)]
    [InlineData(AqiIndicator.PM25_24h, "75", 100)]
    [InlineData(AqiIndicator.PM25_24h, "115.5", 151)]
    [InlineData(AqiIndicator.PM10_24h, "88", 69)]
    [InlineData(AqiIndicator.SO2_24h, "100", 75)]
    [InlineData(AqiIndicator.SO2_24h, "500", 154)]
    [InlineData(AqiIndicator.SO2_1h, "100", 34)]
    [InlineData(AqiIndicator.NO2_1h, "250", 105)]
    [InlineData(AqiIndicator.CO_24h, "2.5", 63)]
    [InlineData(AqiIndicator.CO_1h, "12", 104)]
    [InlineData(AqiIndicator.O3_8h, "170", 110)]
    [InlineData(AqiIndicator.O3_8h, "790", 299)]
    [InlineData(AqiIndicator.O3_1h, "210", 105)]
    public void Edition2012MatchesHandComputedVectors(AqiIndicator indicator, string concentration, int expected)
    {
        var result = Iaqi.Compute(AqiEdition.HJ633_2012, indicator, decimal.Parse(concentration, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(new IaqiResult(expected, Capped: false, NotApplicable: false), result);
    }

    // standards.md §7: HJ 633-2026 PM rows (PM2.5 IAQI 100 at 60, PM10 at 120); 59 and 60 from §7 item 2.
    [Theory]
    [InlineData(AqiIndicator.PM25_24h, 75, 114)]
    [InlineData(AqiIndicator.PM25_24h, 61, 101)]
    [InlineData(AqiIndicator.PM25_24h, 60, 100)]
    [InlineData(AqiIndicator.PM25_24h, 59, 98)]
    [InlineData(AqiIndicator.PM10_24h, 150, 112)]
    [InlineData(AqiIndicator.SO2_24h, 100, 75)]
    public void Edition2026UsesTheNewParticulateBreakpointsOnly(AqiIndicator indicator, int concentration, int expected)
    {
        Assert.Equal(expected, Iaqi.Compute(AqiEdition.HJ633_2026, indicator, concentration).Value);
    }

    [Fact]
    public void ConcentrationOnEveryBreakpointGivesExactlyItsIaqi()
    {
        foreach (var edition in Enum.GetValues<AqiEdition>())
        {
            foreach (var indicator in AqiIndicators.All)
            {
                foreach (var bp in IaqiTables.Get(edition, indicator))
                {
                    Assert.Equal(bp.Iaqi, Iaqi.Compute(edition, indicator, bp.Concentration).Value);
                }
            }
        }
    }

    [Fact]
    public void Pm25AboveTopBreakpointIsCappedAt500()
    {
        Assert.Equal(new IaqiResult(500, Capped: true, NotApplicable: false), Iaqi.Compute(AqiEdition.HJ633_2012, AqiIndicator.PM25_24h, 600));
        Assert.Equal(new IaqiResult(500, Capped: false, NotApplicable: false), Iaqi.Compute(AqiEdition.HJ633_2012, AqiIndicator.PM25_24h, 500));
    }

    // HJ 633-2012 表1 注(2)(3).
    [Theory]
    [InlineData(AqiIndicator.SO2_1h, 800, 200)]
    [InlineData(AqiIndicator.O3_8h, 800, 300)]
    public void So2OneHourAndO3EightHourHaveNoIaqiAbove800(AqiIndicator indicator, int top, int topIaqi)
    {
        Assert.Equal(topIaqi, Iaqi.Compute(AqiEdition.HJ633_2012, indicator, top).Value);
        Assert.Equal(new IaqiResult(null, Capped: false, NotApplicable: true), Iaqi.Compute(AqiEdition.HJ633_2012, indicator, 800.1m));
    }

    [Fact]
    public void NegativeConcentrationIsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Iaqi.Compute(AqiEdition.HJ633_2012, AqiIndicator.CO_1h, -0.1m));
    }

    [Fact]
    public void TablesEndWhereTheStandardSays()
    {
        Assert.Equal(new Breakpoint(200, 800), IaqiTables.Get(AqiEdition.HJ633_2012, AqiIndicator.SO2_1h)[^1]);
        Assert.Equal(new Breakpoint(300, 800), IaqiTables.Get(AqiEdition.HJ633_2012, AqiIndicator.O3_8h)[^1]);
        Assert.Equal(new Breakpoint(500, 2620), IaqiTables.Get(AqiEdition.HJ633_2012, AqiIndicator.SO2_24h)[^1]);
        Assert.Equal(new Breakpoint(100, 60), IaqiTables.Get(AqiEdition.HJ633_2026, AqiIndicator.PM25_24h)[2]);
    }
}
