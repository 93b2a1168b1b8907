using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Site;

/// <summary>
/// The key polluters on the map of the enterprise pages: each drawn as a square (told from the stations' dots by
/// shape) at its registry coordinates, to the map's own scale bar, in both languages and without script.
/// </summary>
[Collection(DemoOnKestrel.Name)]
public sealed partial class PolluterMapTests(DemoKestrelApp demo)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("")]
    [InlineData("/en")]
    public async Task EnterprisePageDrawsItsPolluterAtItsDistanceAndBearingFromTheStations(string language)
    {
        using var list = JsonDocument.Parse(await demo.Client.GetStringAsync("/api/v1/enterprises?limit=1000", Cancel));
        var located = list.RootElement.GetProperty("results").EnumerateArray()
            .First(e => e.GetProperty("latitude").ValueKind == JsonValueKind.Number && e.GetProperty("longitude").ValueKind == JsonValueKind.Number);
        var code = located.GetProperty("creditCode").GetString()!;
        var (lon, lat) = (located.GetProperty("longitude").GetDouble(), located.GetProperty("latitude").GetDouble());

        var (status, html) = await demo.Client.GetPageAsync($"{language}/enterprises/{code}");
        Assert.Equal(HttpStatusCode.OK, status);
        var map = MapSvg.Map().Match(html).Value;
        Assert.Contains("<title id=\"polluter-map-t\">", map, StringComparison.Ordinal);
        var square = SquareRegex().Match(map);
        Assert.True(square.Success, map);
        Assert.Equal(code, square.Groups[1].Value);
        var (sx, sy) = (Number(square.Groups[2].Value) + 5.5, Number(square.Groups[3].Value) + 5.5);
        var bar = MapSvg.Scale().Match(map);
        var unitsPerKm = Number(bar.Groups[1].Value) / Number(bar.Groups[2].Value);

        // content/stations.json: Nanshan (1767A) 121.0986°E 41.0781°N, Development Zone (1768A) 121.0450°E 40.8333°N.
        foreach (var (station, sLon, sLat) in new[] { ("1767A", 121.0986, 41.0781), ("1768A", 121.0450, 40.8333) })
        {
            var dot = MapSvg.Dot().Matches(map).Single(m => m.Groups[1].Value == station);
            var (dx, dy) = (Number(dot.Groups[2].Value), Number(dot.Groups[3].Value));
            var drawn = Math.Sqrt(Math.Pow(sx - dx, 2) + Math.Pow(sy - dy, 2)) / unitsPerKm;
            var ground = MapSvg.Haversine(lon, lat, sLon, sLat);
            Assert.True(Math.Abs(drawn - ground) < Math.Max(0.03 * ground, 0.2), $"{code}–{station}: {drawn:0.00} km on the map, {ground:0.00} km on the ground");
            Assert.Equal(Math.Sign(sLon - lon), Math.Sign(dx - sx));
            Assert.Equal(Math.Sign(sLat - lat), -Math.Sign(dy - sy));
        }

        // Named in the picture and in its description (the text alternative), ringed as this page's own.
        var name = located.GetProperty("name").GetString()!;
        Assert.Contains(WebUtility.HtmlEncode(name) + "</text>", map, StringComparison.Ordinal);
        Assert.Contains(language == "" ? "重点排污单位（方块）" : "Key polluters (squares)", map, StringComparison.Ordinal);
        Assert.Contains("width=\"22\" height=\"22\" fill=\"none\" stroke=\"#0b5cad\"", map, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnterpriseListDrawsEveryLocatedPolluterOfThePage()
    {
        var (status, html) = await demo.Client.GetPageAsync("/enterprises");
        Assert.Equal(HttpStatusCode.OK, status);
        var listed = RowCodeRegex().Matches(html).Select(m => m.Groups[1].Value).Distinct().ToList();
        using var list = JsonDocument.Parse(await demo.Client.GetStringAsync("/api/v1/enterprises?limit=1000", Cancel));
        var locatedCodes = list.RootElement.GetProperty("results").EnumerateArray()
            .Where(e => e.GetProperty("latitude").ValueKind == JsonValueKind.Number)
            .Select(e => e.GetProperty("creditCode").GetString()!).ToHashSet(StringComparer.Ordinal);
        var expected = listed.Where(locatedCodes.Contains).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(expected);
        var drawn = SquareRegex().Matches(MapSvg.Map().Match(html).Value).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, drawn);
    }

    private static double Number(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    [GeneratedRegex("<rect data-enterprise=\"([0-9A-Z]+)\" x=\"([0-9.-]+)\" y=\"([0-9.-]+)\"")]
    private static partial Regex SquareRegex();

    [GeneratedRegex("<td><code>([0-9A-Z]{18})</code></td>")]
    private static partial Regex RowCodeRegex();
}
