using System.Net;
using System.Text;
using System.Text.Json;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Warnings;

/// <summary>
/// The warnings API over hand-made data: city days whose daily AQI is known by hand (PM2.5 only, HJ 633-2012 表1)
/// and three warnings, each departing from the observed data in its own way.
/// </summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class WarningApiTests : IDisposable
{
    // PM2.5 24-hour concentrations and the AQI they give (HJ 633-2012 表1): 35 → 50, 75 → 100, 160 → 210,
    // 200 → 250, 270 → 320 (linear between 150/200 and 250/300, and 250/300 and 350/400).
    internal static readonly Dictionary<int, int> Pm25ForAqi = new() { [50] = 35, [100] = 75, [210] = 160, [250] = 200, [320] = 270 };

    // 2019-12-01 … 2019-12-26. Under 875号 (2018): 3–5 orange (72 h > 200 with a day > 300); 10–11 yellow;
    // 16 alone is nothing (one day); 21–23 yellow (72 h > 200, no day > 300).
    internal static readonly int[] Aqi =
    [
        50, 50, 210, 250, 320, 100, 100, 100, 100, 210, 210, 100, 100, 100, 100, 320, 50, 50, 50, 50, 250, 250, 250, 50, 50, 50,
    ];

    private const string Header = "warning_id,seq,event,time,until,level,area,authority";
    private const string Authority = "锦州市重污染天气应急指挥部办公室";

    // T-A: yellow from 12-04 10:00 (after the whole of 12-03 above 200) to 12-06 10:00, while the data called orange.
    // T-S: orange from 12-15 20:00 to 12-17 12:00, around the single day 12-16 — no level supported.
    // T-C: orange from 12-20 20:00 to 12-22 00:00 — lifted before 12-22 and 12-23 (both 250), data called yellow.
    // T-N: active now (the clock is 2023-06-01 12:00), districts only.
    internal static readonly string Warnings = $"""
        {Header}
        T-A,1,issue,2019-12-04T10:00+08:00,2019-12-06T12:00+08:00,yellow,city,{Authority}
        T-A,2,lift,2019-12-06T10:00+08:00,,,city,{Authority}
        T-S,1,issue,2019-12-15T20:00+08:00,,orange,city,{Authority}
        T-S,2,lift,2019-12-17T12:00+08:00,,,city,{Authority}
        T-C,1,issue,2019-12-20T20:00+08:00,,orange,city,{Authority}
        T-C,2,lift,2019-12-22T00:00+08:00,,,city,{Authority}
        T-N,1,issue,2023-05-31T20:00+08:00,2023-06-02T12:00+08:00,yellow,古塔区;凌河区,{Authority}
        """;

    /// <summary>
    /// The departures the consistency view must list for <see cref="Aqi"/> and <see cref="Warnings"/>, worked out by hand from
    /// the comments above: (kind, warning, the evidence days as date:AQI), ordered by kind.
    /// </summary>
    internal static readonly (string Kind, string? WarningId, string Evidence)[] Findings =
    [
        ("issuedLate", "T-A", "2019-12-03:210"),
        ("levelAboveObserved", "T-C", "2019-12-20:50 2019-12-21:250"),
        ("levelBelowObserved", "T-A", "2019-12-03:210 2019-12-04:250 2019-12-05:320"),
        ("liftedEarly", "T-C", "2019-12-22:250 2019-12-23:250"),
        ("noDataSupport", "T-S", "2019-12-15:100 2019-12-16:320 2019-12-17:50"),
        ("notIssued", null, "2019-12-10:210 2019-12-11:210"),
    ];

    private readonly WarningsApp _app = new(new DateTimeOffset(2023, 6, 1, 12, 0, 0, WarningsApp.China));

    public WarningApiTests()
    {
        var air = _app.ImportAir(_app.WriteCityDays(new DateOnly(2019, 12, 1), Aqi.Select(a => Pm25ForAqi[a]).ToList()));
        Assert.True(air.Clean, string.Join("\n", air.Problems));
        var warnings = _app.ImportWarnings(_app.WriteText("warnings.csv", Warnings));
        Assert.True(warnings.Clean, string.Join("\n", warnings.Problems));
    }

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task TheCityDailyAqiOfTheTestDataIsTheHandComputedOne()
    {
        var days = await _app.Client.GetJsonAsync("/api/v1/city/daily?from=2019-12-01&to=2019-12-26");

        Assert.Equal(Aqi, days.Results().Select(d => d.GetProperty("aqi").GetInt32()));
    }

    [Fact]
    public async Task TheConsistencyViewListsEachDepartureWithItsDaysAndValues()
    {
        var result = (await _app.Client.GetJsonAsync("/api/v1/warnings/consistency?from=2019-12-01&to=2019-12-26")).GetProperty("result");

        Assert.Contains("not a verdict", result.Str("noticeEn"), StringComparison.Ordinal);
        Assert.Equal(3, result.GetProperty("warnings").GetInt32());
        Assert.Equal(
            [("2019-12-03", "2019-12-05", "orange"), ("2019-12-10", "2019-12-11", "yellow"), ("2019-12-21", "2019-12-23", "yellow")],
            result.GetProperty("episodes").EnumerateArray().Select(e => (e.Str("from"), e.Str("to"), e.GetProperty("level").Str("code"))));
        var findings = result.GetProperty("findings").EnumerateArray()
            .Select(f => (f.Str("kind"), f.GetProperty("warningId").GetString(), Evidence(f)))
            .OrderBy(f => f.Item1, StringComparer.Ordinal).ToList();
        Assert.Equal(
            Findings,
            findings);
    }

    [Fact]
    public async Task EachWarningOfTheListCarriesItsComparisonWithObservedData()
    {
        var list = await _app.Client.GetJsonAsync("/api/v1/warnings?from=2019-12-01&to=2019-12-31");

        var byId = list.Results().ToDictionary(w => w.Str("id"), w => w.GetProperty("observed"));
        Assert.Equal(["T-A", "T-C", "T-S"], byId.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("supported", "orange"), (byId["T-A"].Str("dataSupport"), byId["T-A"].GetProperty("observedLevel").Str("code")));
        Assert.Equal(("notSupported", 320, "2019-12-16"),
            (byId["T-S"].Str("dataSupport"), byId["T-S"].GetProperty("maxDailyAqi").GetInt32(), byId["T-S"].Str("maxDailyAqiDate")));
        Assert.Equal(["noDataSupport"], byId["T-S"].GetProperty("findings").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal("lowerLevel", byId["T-C"].Str("dataSupport"));
        Assert.Equal(["levelAboveObserved", "liftedEarly"], byId["T-C"].GetProperty("findings").EnumerateArray().Select(f => f.GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal("national-2018", byId["T-C"].Str("scheme"));
    }

    [Fact]
    public async Task FiltersSelectByHighestLevelStatusAndDates()
    {
        async Task<string[]> Ids(string query) =>
            (await _app.Client.GetJsonAsync("/api/v1/warnings" + query)).Results().Select(w => w.Str("id")).ToArray();

        Assert.Equal(["T-N", "T-C", "T-S", "T-A"], await Ids(""));
        Assert.Equal(["T-C", "T-S"], await Ids("?level=orange,red"));
        Assert.Equal(["T-N", "T-A"], await Ids("?level=黄色"));
        Assert.Equal(["T-N"], await Ids("?status=active"));
        Assert.Equal(["T-C", "T-S", "T-A"], await Ids("?status=lifted"));
        Assert.Equal(["T-S"], await Ids("?from=2019-12-16&to=2019-12-17"));
        Assert.Equal(["T-N", "T-C"], await Ids("?from=2019-12-21"));
        Assert.Equal(["T-C", "T-S"], await Ids("?from=2019-12-16&to=2019-12-21&limit=2"));
        Assert.Equal(["T-S"], await Ids("?level=orange&limit=1&page=2"));
    }

    [Fact]
    public async Task TheActiveListHoldsTheWarningInForceNowWithItsCurrentLevel()
    {
        var active = (await _app.Client.GetJsonAsync("/api/v1/warnings/active")).Results().ToList();

        var w = Assert.Single(active);
        Assert.Equal(("T-N", "active", "yellow"), (w.Str("id"), w.Str("status"), w.GetProperty("currentLevel").Str("code")));
        Assert.Equal(16m, w.GetProperty("durationHours").GetDecimal());
        Assert.Equal(JsonValueKind.Null, w.GetProperty("end").ValueKind);
        Assert.Equal(["古塔区", "凌河区"], w.GetProperty("area").GetProperty("districts").EnumerateArray().Select(d => d.GetString()));
    }

    [Fact]
    public async Task AWarningComesWithItsTimeline()
    {
        var result = (await _app.Client.GetJsonAsync("/api/v1/warnings/T-A")).GetProperty("result");

        var timeline = result.GetProperty("timeline").EnumerateArray().ToList();
        Assert.Equal(["issue", "lift"], timeline.Select(e => e.Str("event")));
        Assert.Equal(["发布", "解除"], timeline.Select(e => e.Str("eventZh")));
        Assert.Equal("2019-12-04T10:00:00+08:00", timeline[0].Str("time"));
        Assert.Equal("2019-12-04T02:00:00Z", timeline[0].Str("timeUtc"));
        var warning = result.GetProperty("warning");
        Assert.Equal((48m, "lifted"), (warning.GetProperty("durationHours").GetDecimal(), warning.Str("status")));
    }

    [Fact]
    public async Task TheListIsAvailableAsCsvWithBomAndEnglishHeader()
    {
        using var response = await _app.Client.GetAsync(new Uri("/api/v1/warnings?format=csv&level=orange", UriKind.Relative), TestContext.Current.CancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,status,area,start,startUtc,end,plannedEnd,durationHours,issuedLevel,highestLevel", lines[0], StringComparison.Ordinal);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("T-C,lifted,city,2019-12-20T20:00:00+08:00,", lines[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/warnings?level=purple", "level")]
    [InlineData("/api/v1/warnings?status=sleeping", "status")]
    [InlineData("/api/v1/warnings?from=2020-01-02&to=2020-01-01", "from")]
    [InlineData("/api/v1/warnings?from=2020-13-01", "from")]
    [InlineData("/api/v1/warnings?limit=5000", "limit")]
    [InlineData("/api/v1/warnings?format=xml", "format")]
    [InlineData("/api/v1/warnings/consistency?from=2000-01-01&to=2020-01-01", "to")]
    [InlineData("/api/v1/warnings/consistency?from=0001-01-01&to=0001-01-05", "from")]
    [InlineData("/api/v1/warnings?to=9999-12-31", "to")]
    [InlineData("/api/v1/warnings/reduction-lists/L1?level=purple", "level")]
    public async Task BadParametersAreProblemsNamingTheParameter(string url, string parameter)
    {
        var problem = await _app.Client.GetProblemAsync(url, HttpStatusCode.BadRequest);

        Assert.Equal(parameter, problem.Str("parameter"));
    }

    [Theory]
    [InlineData("/api/v1/warnings/NOPE")]
    [InlineData("/api/v1/warnings/NOPE/versions")]
    [InlineData("/api/v1/warnings/reduction-lists/NOPE")]
    public async Task UnknownIdsAreNotFoundProblems(string url)
    {
        var problem = await _app.Client.GetProblemAsync(url, HttpStatusCode.NotFound);

        Assert.Contains("NOPE", problem.Str("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCriteriaNameTheSchemesTheirDatesAndWhatIsUnverified()
    {
        var schemes = (await _app.Client.GetJsonAsync("/api/v1/warnings/criteria")).GetProperty("result").GetProperty("schemes").EnumerateArray().ToList();

        Assert.Equal(["national-2018", "liaoning-jinzhou-2024"], schemes.Select(s => s.Str("id")));
        Assert.Equal("2024-09-06", schemes[1].Str("from"));
        Assert.False(schemes[1].GetProperty("verified").GetBoolean());
        Assert.Equal(["AQI>200:48h", "AQI>200:72h & AQI>300:24h", "AQI>200:96h & AQI>300:48h | AQI>=500:24h"],
            schemes[0].GetProperty("rules").EnumerateArray().Select(r => r.Str("trigger")));
    }

    [Fact]
    public async Task MetaNamesTheNoticesAsTheSourceOfRealWarnings()
    {
        var meta = (await _app.Client.GetJsonAsync("/api/v1/warnings")).GetProperty("meta");

        Assert.False(meta.GetProperty("demo").GetBoolean());
        Assert.Contains("notices", meta.Str("source"), StringComparison.Ordinal);
        Assert.Equal(4, meta.GetProperty("found").GetInt32());
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheWarningRoutesAndFeeds()
    {
        var paths = (await _app.Client.GetJsonAsync("/swagger/v1/swagger.json")).GetProperty("paths");

        foreach (var route in new[] { "/api/v1/warnings", "/api/v1/warnings/{id}", "/api/v1/warnings/active", "/api/v1/warnings/consistency", "/feeds/warnings.cap" })
        {
            Assert.True(paths.TryGetProperty(route, out _), $"{route} is not in the OpenAPI document");
        }

        var parameters = paths.GetProperty("/api/v1/warnings").GetProperty("get").GetProperty("parameters").EnumerateArray().Select(p => p.Str("name"));
        Assert.Equal(["level", "from", "to", "status", "format", "page", "limit", "fields"], parameters);
    }

    private static string Evidence(JsonElement finding) =>
        string.Join(' ', finding.GetProperty("evidence").EnumerateArray().Select(d => $"{d.Str("date")}:{d.GetProperty("aqi").GetInt32()}"));
}
