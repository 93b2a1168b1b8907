using Public.Standards.Emissions;

namespace Public.Standards.Tests.Emissions;

public sealed class OxygenCorrectionTests
{
    // C = C′ × (21 − O2ref) / (21 − O2meas), hand-computed:
    // 30 mg/m³ at 9 % O2 to the coal-power reference 6 %: 30 × 15 / 12 = 37.5.
    // 30 mg/m³ at 6 %: unchanged. 40 at 11 % to 9 % (GB 13271 coal boilers): 40 × 12 / 10 = 48.
    // 36 at 3 % to the gas-turbine 15 %: 36 × 6 / 18 = 12.
    [Theory]
    [InlineData("30", "9", "6", "37.5")]
    [InlineData("30", "6", "6", "30")]
    [InlineData("40", "11", "9", "48")]
    [InlineData("36", "3", "15", "12")]
    public void HandComputed(string measured, string o2, string reference, string expected)
    {
        var corrected = OxygenCorrection.Correct(decimal.Parse(measured, System.Globalization.CultureInfo.InvariantCulture),
            decimal.Parse(o2, System.Globalization.CultureInfo.InvariantCulture), decimal.Parse(reference, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), corrected);
    }

    [Theory]
    [InlineData(21)]
    [InlineData(25)]
    [InlineData(-1)]
    public void ImpossibleOxygenGivesNoValue(int o2)
    {
        Assert.Null(OxygenCorrection.Correct(30m, o2, 6m));
    }

    [Fact]
    public void TheLimitInForceIsTheLatestStarted()
    {
        // GB 13223-2011 coal SO2: existing units 200 from 2014-07-01; special limit 50 from a later date.
        EmissionLimit[] limits = [new("a21026", 200m, new DateOnly(2014, 7, 1)), new("a21026", 50m, new DateOnly(2020, 1, 1))];

        Assert.Null(EmissionLimit.InForce(limits, new DateOnly(2014, 6, 30)));
        Assert.Equal(200m, EmissionLimit.InForce(limits, new DateOnly(2019, 12, 31))!.LimitMgPerM3);
        Assert.Equal(50m, EmissionLimit.InForce(limits, new DateOnly(2020, 1, 1))!.LimitMgPerM3);
    }

    [Fact]
    public void ExceedanceIsStrictlyAboveTheLimit()
    {
        var limit = new EmissionLimit("a21026", 50m, new DateOnly(2020, 1, 1));

        Assert.False(limit.IsExceededBy(50m));
        Assert.True(limit.IsExceededBy(50.1m));
        Assert.Equal(1.5m, limit.Multiple(75m));
    }
}

public sealed class EffectiveDataRateTests
{
    // February 2020 has 29 days = 696 hours; 522 valid hours = 75 %. January: 744 hours.
    [Fact]
    public void ExpectedHoursFollowTheCalendar()
    {
        Assert.Equal(696, EffectiveDataRate.For(2020, 2, 522).ExpectedHours);
        Assert.Equal(0.75m, EffectiveDataRate.For(2020, 2, 522).Rate);
        Assert.Equal(744, EffectiveDataRate.For(2019, 1, 0).ExpectedHours);
        Assert.Equal(672, EffectiveDataRate.For(2019, 2, 0).ExpectedHours);
    }

    [Fact]
    public void MoreValidHoursThanTheMonthHasIsAnError()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EffectiveDataRate.For(2019, 2, 673));
    }
}
