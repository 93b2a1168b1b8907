using System.Net;
using System.Text.Json;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.AirQuality;

/// <summary>
/// /stations and /stations/{code}: the registry of content/stations.json (served from an empty database,
/// no data needed), and the latest reading (from the real data).
/// </summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class StationsApiTests(RealDataApp real) : IClassFixture<RealDataApp>, IDisposable
{
    private readonly PublicWebApp _empty = new();

    public void Dispose() => _empty.Dispose();

    [Fact]
    public async Task StationListHasTheFiveRegistryStationsWithTheirNamesAndCoordinates()
    {
        using var registry = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "content", "stations.json")));
        var expected = registry.RootElement.GetProperty("stations").EnumerateArray()
            .ToDictionary(s => s.Str("code"), s => (Name: s.Str("name"), Lon: s.GetProperty("lon").GetDouble(), Lat: s.GetProperty("lat").GetDouble()));

        var response = await _empty.Client.GetJsonAsync("/api/v1/stations");

        var stations = response.Results().ToList();
        Assert.Equal(["1767A", "1768A", "1769A", "1770A", "1771A"], stations.Select(s => s.Str("code")));
        Assert.Equal(5, expected.Count);
        foreach (var station in stations)
        {
            var (name, lon, lat) = expected[station.Str("code")];
            Assert.Equal(name, station.Str("name"));
            Assert.Equal(lon, station.GetProperty("lon").GetDouble());
            Assert.Equal(lat, station.GetProperty("lat").GetDouble());
            Assert.Equal("锦州", station.Str("city"));
            Assert.Equal(JsonValueKind.Null, station.GetProperty("latest").ValueKind);
        }

        var meta = response.GetProperty("meta");
        Assert.Equal(5, meta.GetProperty("found").GetInt32());
        Assert.Equal(1, meta.GetProperty("page").GetInt32());
    }

    [Theory]
    [InlineData("1769A", "百股街道", "百股水厂")]
    [InlineData("1770A", "天安街道", "监测站")]
    public async Task RenamedStationsListTheirFormerName(string code, string name, string formerName)
    {
        var response = await _empty.Client.GetJsonAsync($"/api/v1/stations/{code}");

        var station = response.GetProperty("result");
        Assert.Equal(code, station.Str("code"));
        Assert.Equal(name, station.Str("name"));
        Assert.Equal(formerName, Assert.Single(station.GetProperty("formerNames").EnumerateArray()).Str("name"));
    }

    [Fact]
    public async Task LatestReadingOfEachStationIsTheLastHourOfTheCsv()
    {
        var response = await real.Client.GetJsonAsync("/api/v1/stations");

        foreach (var station in response.Results())
        {
            var code = station.Str("code");
            var latest = station.GetProperty("latest");
            // The file ends with the hour labelled 2019-06-30 23:00 for every station.
            Assert.True(real.Facts.HasHour("20190630", 23, code));
            Assert.Equal("2019-06-30T23:00:00+08:00", latest.Str("time"));
            Assert.Equal(real.Facts.Value("20190630", 23, "AQI", code), latest.GetProperty("aqi").GetDecimal());
        }
    }

    [Fact]
    public async Task UnknownStationIsANotFoundProblemNamingTheCode()
    {
        var problem = await _empty.Client.GetProblemAsync("/api/v1/stations/9999A", HttpStatusCode.NotFound);

        Assert.Equal("code", problem.Str("parameter"));
        Assert.Contains("9999A", problem.Str("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BboxKeepsOnlyTheStationsInside()
    {
        // Only 开发区 (1768A, lat 40.8333) lies south of 41.0.
        var response = await _empty.Client.GetJsonAsync("/api/v1/stations?bbox=120.9,40.7,121.3,41.0");

        Assert.Equal(["1768A"], response.Results().Select(s => s.Str("code")));
        Assert.Equal(1, response.GetProperty("meta").GetProperty("found").GetInt32());
    }

    [Fact]
    public async Task NearWithRadiusKeepsOnlyTheStationsWithinTheRadius()
    {
        // 天安街道 (1770A) is at 41.1222,121.1178; the nearest other station (北湖公园) is about 2 km away.
        var response = await _empty.Client.GetJsonAsync("/api/v1/stations?near=41.1222,121.1178&radius=1000");

        Assert.Equal(["1770A"], response.Results().Select(s => s.Str("code")));
    }
}
