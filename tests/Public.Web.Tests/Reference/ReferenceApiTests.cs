using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Reference;

/// <summary>Reference endpoints against the tables of HJ 633 (附录A/表2 colours, 表1 breakpoints).</summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class ReferenceApiTests : IDisposable
{
    private readonly PublicWebApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task AqiLevelsHaveTheColoursAndRangesOfHj633()
    {
        var response = await _app.Client.GetJsonAsync("/api/v1/reference/aqi-levels");

        var levels = response.Results().ToList();
        Assert.Equal(["#00E400", "#FFFF00", "#FF7E00", "#FF0000", "#99004C", "#7E0023"], levels.Select(l => l.Str("hex").ToUpperInvariant()));
        Assert.Equal(["优", "良", "轻度污染", "中度污染", "重度污染", "严重污染"], levels.Select(l => l.Str("name")));
        Assert.Equal([0, 51, 101, 151, 201, 301], levels.Select(l => l.GetProperty("minAqi").GetInt32()));
        Assert.Equal([50, 100, 150, 200, 300], levels.Take(5).Select(l => l.GetProperty("maxAqi").GetInt32()));
        Assert.Equal([1, 2, 3, 4, 5, 6], levels.Select(l => l.GetProperty("number").GetInt32()));
    }

    [Theory]
    [InlineData("2012", 75)]
    [InlineData("2026", 60)]
    public async Task Pm25DailyBreakpointForIaqi100DependsOnTheEdition(string edition, int concentration)
    {
        var response = await _app.Client.GetJsonAsync($"/api/v1/reference/breakpoints?edition={edition}");

        var pm25 = response.Results().Single(t => t.Str("pollutant") == "PM2.5" && t.Str("averaging") == "24h");
        Assert.Equal($"HJ 633-{edition}", pm25.Str("edition"));
        var at100 = pm25.GetProperty("breakpoints").EnumerateArray().Single(b => b.GetProperty("iaqi").GetInt32() == 100);
        Assert.Equal(concentration, at100.GetProperty("concentration").GetDecimal());
    }

    [Fact]
    public async Task Pm25DailyBreakpointsOf2012AreTheWholeTable()
    {
        var response = await _app.Client.GetJsonAsync("/api/v1/reference/breakpoints?edition=2012");

        var pm25 = response.Results().Single(t => t.Str("pollutant") == "PM2.5" && t.Str("averaging") == "24h");
        var points = pm25.GetProperty("breakpoints").EnumerateArray().Select(b => (b.GetProperty("iaqi").GetInt32(), b.GetProperty("concentration").GetDecimal())).ToList();
        Assert.Equal([(0, 0m), (50, 35m), (100, 75m), (150, 115m), (200, 150m), (300, 250m), (400, 350m), (500, 500m)], points);
        Assert.Equal("\u00B5g/m\u00B3", pm25.Str("unit"));
    }

    [Fact]
    public async Task PlanTargetsAreThoseOfThePlan()
    {
        var response = await _app.Client.GetJsonAsync("/api/v1/reference/plan-targets");

        var y2019 = response.Results().Single(t => t.GetProperty("year").GetInt32() == 2019);
        Assert.Equal(48m, y2019.GetProperty("pm25AnnualMean").GetDecimal());
        Assert.Equal(72.2m, y2019.GetProperty("goodDaysRatioPercent").GetDecimal());
    }
}
