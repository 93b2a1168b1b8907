using Public.Standards.AirQuality;

namespace Public.Standards.Tests.AirQuality;

public sealed class PollutantsTests
{
    [Theory]
    [InlineData("PM2.5", Pollutant.PM25)]
    [InlineData("pm25", Pollutant.PM25)]
    [InlineData("PM25", Pollutant.PM25)]
    [InlineData("pm2_5", Pollutant.PM25)]
    [InlineData("so2", Pollutant.SO2)]
    [InlineData("SO₂", Pollutant.SO2)]
    [InlineData(" O3 ", Pollutant.O3)]
    [InlineData("co", Pollutant.CO)]
    public void TryParseAcceptsCommonSpellings(string code, Pollutant expected)
    {
        Assert.True(Pollutants.TryParse(code, out var p));
        Assert.Equal(expected, p);
    }

    [Theory]
    [InlineData("")]
    [InlineData("NOx")]
    [InlineData("PM1")]
    public void TryParseRejectsOtherCodes(string code)
    {
        Assert.False(Pollutants.TryParse(code, out _));
    }

    [Fact]
    public void CodesRoundTripAndUseCnemcSpelling()
    {
        Assert.Equal(["SO2", "NO2", "PM10", "CO", "O3", "PM2.5"], Pollutants.All.Select(Pollutants.Code));
        foreach (var p in Pollutants.All)
        {
            Assert.True(Pollutants.TryParse(Pollutants.Code(p), out var parsed));
            Assert.Equal(p, parsed);
        }
    }

    [Fact]
    public void CarbonMonoxideIsReportedInMilligramsToOneDecimal()
    {
        Assert.Equal(("mg/m³", 1), (Pollutants.Unit(Pollutant.CO), Pollutants.Decimals(Pollutant.CO)));
        Assert.Equal(("µg/m³", 0), (Pollutants.Unit(Pollutant.PM25), Pollutants.Decimals(Pollutant.PM25)));
        Assert.Equal(("细颗粒物", "Sulphur dioxide"), (Pollutants.NameZh(Pollutant.PM25), Pollutants.NameEn(Pollutant.SO2)));
    }
}
