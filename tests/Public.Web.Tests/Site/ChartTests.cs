using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Public.Web.Site.Charts;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Site;

/// <summary>
/// The server-drawn SVG charts: geometry against the values drawn, the HJ 633 bands named as the standard names
/// them, and the page's chart describing the same hours the API returns.
/// </summary>
[Collection(DemoOnKestrel.Name)]
public sealed partial class ChartTests(DemoKestrelApp demo)
{
    [Fact]
    public void AqiLineIsDrawnToScaleBrokenAtAGapAndOverBandsNamedUpToTheLevelOfTheHighestValue()
    {
        var svg = SvgChart.Line(new ChartText("t", "城市 AQI", "北京时间", "AQI", En: false), ["01", "02", "03", "04"],
            [new ChartSeries("AQI", [0m, 250m, null, 100m])], aqiBands: true).Value;

        // 250 is heavily polluted (201–300 in HJ 633 表2), so the axis ends at 300 and no band above it is drawn.
        foreach (var name in new[] { "优", "良", "轻度污染", "中度污染", "重度污染" })
        {
            Assert.Contains(">" + name + "</text>", svg, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("严重污染", svg, StringComparison.Ordinal);
        Assert.Contains(">300</text>", svg, StringComparison.Ordinal);

        // The line: two pieces (the gap at "03"); 250 sits at 250/300 of the plot height above the axis.
        var line = LineRegex().Match(svg).Groups[1].Value;
        var moves = MoveRegex().Matches(line).Select(m => (X: double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Y: double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(2, line.Count(c => c == 'M'));
        var axis = moves[0].Y;
        var top = double.Parse(TickRegex().Matches(svg).Single(m => m.Groups[2].Value == "300").Groups[1].Value, CultureInfo.InvariantCulture) - 4;
        Assert.Equal(axis - ((axis - top) * 250 / 300), moves[1].Y, 0.2);
        Assert.Equal(axis - ((axis - top) * 100 / 300), moves[2].Y, 0.2);

        // Screen readers: an image named by its title and described by the extremes and the latest value.
        Assert.Contains("role=\"img\" aria-labelledby=\"t-t t-d\"", svg, StringComparison.Ordinal);
        Assert.Contains("最高 250（02）", svg, StringComparison.Ordinal);
        Assert.Contains("最新 100（04）", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void CalendarColoursEachDayByItsLevelAndNamesEveryLevelInTheLegend()
    {
        var days = new List<(DateOnly, int?)> { (new DateOnly(2019, 1, 1), 1), (new DateOnly(2019, 1, 2), 4), (new DateOnly(2019, 1, 3), null) };
        var svg = SvgChart.Calendar(new ChartText("c", "Daily AQI levels in 2019", "", "", En: true), 2019, days).Value;
        // HJ 633 附录A colours: level 1 green #00E400, level 4 red #FF0000.
        Assert.Equal(2, Regex.Count(svg, "fill=\"#00E400\""));   // the day and its legend swatch
        Assert.Equal(2, Regex.Count(svg, "fill=\"#FF0000\""));
        Assert.Contains("Excellent 0–50", svg, StringComparison.Ordinal);
        Assert.Contains("Severely polluted 301–500", svg, StringComparison.Ordinal);
        Assert.Contains("Excellent 1 days, Good 0 days, Lightly polluted 0 days, Moderately polluted 1 days", svg, StringComparison.Ordinal);
        Assert.Contains("1 days without a valid AQI", svg, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HomeChartDescribesTheSameHighestAndLatestHourAsTheApi()
    {
        var hours = (await demo.Client.GetJsonAsync("/api/v1/city/hourly")).GetProperty("results").EnumerateArray().TakeLast(48)
            .Where(h => h.GetProperty("aqi").ValueKind == System.Text.Json.JsonValueKind.Number)
            .Select(h => (Time: DateTimeOffset.Parse(h.GetProperty("time").GetString()!, CultureInfo.InvariantCulture), Aqi: h.GetProperty("aqi").GetInt32())).ToList();
        var (_, html) = await demo.Client.GetPageAsync("/en/");
        var desc = WebUtility.HtmlDecode(DescRegex().Match(html).Groups[1].Value);
        var max = hours.Max(h => h.Aqi);
        var latest = hours[^1];
        Assert.Contains($"highest {max} (", desc, StringComparison.Ordinal);
        Assert.Contains($"latest {latest.Aqi} ({latest.Time:MM-dd HH:mm})", desc, StringComparison.Ordinal);
        // The chart is in the page itself (no script), the table stays as its text alternative under <details>.
        Assert.Contains("<details class=\"data\"><summary>Data table (48 rows)</summary>", Regex.Replace(html, ">\\s+<", "><"), StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StationMapPlacesTheStationsAtTheirDistancesAndBearingsToItsOwnScaleBar()
    {
        var (_, html) = await demo.Client.GetPageAsync("/stations/1767A");
        var map = MapSvg.Map().Match(html).Value;
        Assert.Contains("<title id=\"station-map-t\">", map, StringComparison.Ordinal);
        var dots = MapSvg.Dot().Matches(map).ToDictionary(m => m.Groups[1].Value, m => (X: double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), Y: double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture)));
        Assert.Equal(["1767A", "1768A", "1769A", "1770A", "1771A"], dots.Keys.Order(StringComparer.Ordinal));
        var bar = MapSvg.Scale().Match(map);
        var unitsPerKm = double.Parse(bar.Groups[1].Value, CultureInfo.InvariantCulture) / double.Parse(bar.Groups[2].Value, CultureInfo.InvariantCulture);

        // content/stations.json: Nanshan 121.0986°E 41.0781°N, Development Zone 121.0450°E 40.8333°N, Baigu 121.2008°E 41.1219°N.
        foreach (var (a, b, lonA, latA, lonB, latB) in new[] { ("1767A", "1768A", 121.0986, 41.0781, 121.0450, 40.8333), ("1767A", "1769A", 121.0986, 41.0781, 121.2008, 41.1219) })
        {
            var drawn = Math.Sqrt(Math.Pow(dots[a].X - dots[b].X, 2) + Math.Pow(dots[a].Y - dots[b].Y, 2)) / unitsPerKm;
            var great = MapSvg.Haversine(lonA, latA, lonB, latB);
            Assert.True(Math.Abs(drawn - great) / great < 0.02, $"{a}–{b}: {drawn:0.00} km on the map, {great:0.00} km on the ground");
            // North up, east right.
            Assert.Equal(Math.Sign(lonB - lonA), Math.Sign(dots[b].X - dots[a].X));
            Assert.Equal(Math.Sign(latB - latA), -Math.Sign(dots[b].Y - dots[a].Y));
        }

        // This station is the one ringed.
        Assert.Contains($"<circle cx=\"{dots["1767A"].X.ToString(CultureInfo.InvariantCulture)}\" cy=\"{dots["1767A"].Y.ToString(CultureInfo.InvariantCulture)}\" r=\"12\"", map, StringComparison.Ordinal);
    }

    [GeneratedRegex("<path d=\"(M[^\"]*)\" fill=\"none\" stroke=\"#0b3d91\"")]
    private static partial Regex LineRegex();

    [GeneratedRegex("[ML]([0-9.]+) ([0-9.]+)")]
    private static partial Regex MoveRegex();

    [GeneratedRegex("<text x=\"[0-9.]+\" y=\"([0-9.]+)\">([0-9]+)</text>")]
    private static partial Regex TickRegex();

    [GeneratedRegex("<desc id=\"chart-48h-d\">([^<]*)</desc>")]
    private static partial Regex DescRegex();
}
