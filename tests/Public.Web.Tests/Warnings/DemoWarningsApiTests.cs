using System.Text.Json;
using System.Xml.Linq;
using Public.Standards.Identifiers;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Warnings;

/// <summary>
/// One demo app, seeded from 2018-01-01 up to <see cref="PublicWebApp.DemoClock"/> (noon of 2021-06-01, after the
/// 2020–2021 heating season and before the next), shared by the class (only reads): a copy of the demo store the other
/// demo readers use, not one more seeding for an instant of its own.
/// </summary>
public sealed class DemoWarningsFixture : IDisposable
{
    public WarningsApp App { get; } = new(PublicWebApp.DemoClock.GetUtcNow(), demo: true);

    public void Dispose() => App.Dispose();
}

/// <summary>
/// The demo warnings as a journalist and an auditor meet them. Expectations come from the demo city daily AQI,
/// read through the air-quality API, and the 875号 thresholds (yellow: two days above 200).
/// </summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class DemoWarningsApiTests(DemoWarningsFixture fixture) : IClassFixture<DemoWarningsFixture>
{
    private HttpClient Client => fixture.App.Client;

    /// <summary>
    /// "How many orange or red warnings were issued in the 2019–2020 heating season (Jinzhou heats 1 Nov – 31 Mar),
    /// how long did each last, and did the observed data support them?" — one call.
    /// </summary>
    [Fact]
    public async Task AJournalistGetsTheSeasonsOrangeAndRedWarningsTheirDurationsAndTheirDataSupportInOneCall()
    {
        var response = await Client.GetJsonAsync("/api/v1/warnings?level=orange,red&from=2019-11-01&to=2020-03-31");

        Assert.True(response.GetProperty("meta").GetProperty("demo").GetBoolean());
        var w = Assert.Single(response.Results());
        Assert.Equal(("DEMO-20191221", "orange", "2019-12-20T20:00:00+08:00", "2019-12-22T16:00:00+08:00"),
            (w.Str("id"), w.GetProperty("highestLevel").Str("code"), w.Str("start"), w.Str("end")));
        Assert.Equal(44m, w.GetProperty("durationHours").GetDecimal());

        // The observed days, read independently from the city series: one day above 200 (2019-12-21) is no level
        // under 875号, so the data did not support the warning.
        var city = (await Client.GetJsonAsync("/api/v1/city/daily?from=2019-12-20&to=2019-12-22")).Results()
            .Select(d => (d.Str("date"), d.GetProperty("aqi").GetInt32())).ToList();
        Assert.Single(city, d => d.Item2 > 200);
        var observed = w.GetProperty("observed");
        Assert.Equal(city, observed.GetProperty("days").EnumerateArray().Select(d => (d.Str("date"), d.GetProperty("aqi").GetInt32())));
        Assert.Equal("notSupported", observed.Str("dataSupport"));
        Assert.Equal(JsonValueKind.Null, observed.GetProperty("observedLevel").ValueKind);
        Assert.Equal(city.Max(d => d.Item2), observed.GetProperty("maxDailyAqi").GetInt32());
        Assert.Equal(["noDataSupport"], observed.GetProperty("findings").EnumerateArray().Select(f => f.GetString()));
        Assert.Contains("not a verdict", observed.Str("note"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheConsistencyViewFlagsExactlyTheDemosDeliberateDepartures()
    {
        var result = (await Client.GetJsonAsync("/api/v1/warnings/consistency?from=2018-01-01&to=2021-02-28")).GetProperty("result");

        var findings = result.GetProperty("findings").EnumerateArray()
            .Select(f => (f.Str("kind"), f.GetProperty("warningId").GetString(), f.GetProperty("episodeFrom").GetString())).ToList();
        Assert.Equal(
            [("liftedEarly", "DEMO-20191124", "2019-11-24"), ("noDataSupport", "DEMO-20191221", null), ("notIssued", null, "2020-12-29")],
            findings);
        // Lifted at noon on 11-24 while the whole of 11-25 was still above 200.
        var early = result.GetProperty("findings")[0].GetProperty("evidence");
        var nov25 = (await Client.GetJsonAsync("/api/v1/city/daily?from=2019-11-25&to=2019-11-25")).Results().Single().GetProperty("aqi").GetInt32();
        Assert.True(nov25 > 200);
        Assert.Equal([("2019-11-25", nov25)], early.EnumerateArray().Select(d => (d.Str("date"), d.GetProperty("aqi").GetInt32())));
        // The missed episode is two back-to-back parts with one day between them, merged.
        var missed = result.GetProperty("episodes").EnumerateArray().Single(e => e.Str("from") == "2020-12-29");
        Assert.Equal(("2021-01-03", 2), (missed.Str("to"), missed.GetProperty("parts").GetInt32()));
    }

    [Fact]
    public async Task EveryDemoEpisodeWithAWarningWasSupportedByTheDemoData()
    {
        var warnings = (await Client.GetJsonAsync("/api/v1/warnings?limit=1000")).Results().ToList();

        Assert.Equal(["DEMO-20210115", "DEMO-20201205", "DEMO-20191221", "DEMO-20191124", "DEMO-20180210", "DEMO-20180102"], warnings.Select(w => w.Str("id")));
        Assert.All(warnings.Where(w => w.Str("id") != "DEMO-20191221"), w => Assert.Equal("supported", w.GetProperty("observed").Str("dataSupport")));
        Assert.Empty((await Client.GetJsonAsync("/api/v1/warnings/active")).Results());
    }

    [Fact]
    public async Task DemoCapAlertsAreMarkedTestSoNoRecipientActsOnThem()
    {
        using var response = await Client.GetAsync(new Uri("/feeds/warnings.cap", UriKind.Relative), TestContext.Current.CancellationToken);
        var feed = XDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        XNamespace cap = "urn:oasis:names:tc:emergency:cap:1.2";

        var alerts = feed.Descendants(cap + "alert").ToList();
        Assert.NotEmpty(alerts);
        Assert.All(alerts, a => Assert.Equal("Test", a.Element(cap + "status")!.Value));
        Assert.All(alerts, a => Assert.Contains("DEMO", a.Element(cap + "note")!.Value, StringComparison.Ordinal));
    }

    [Fact]
    public async Task DemoReductionListsCoverEachHeatingSeasonWithFictionalEnterprises()
    {
        var lists = (await Client.GetJsonAsync("/api/v1/warnings/reduction-lists")).Results().ToList();

        Assert.Equal(["DEMO-2020-2021", "DEMO-2019-2020", "DEMO-2018-2019", "DEMO-2017-2018"], lists.Select(l => l.Str("id")));
        var red = (await Client.GetJsonAsync("/api/v1/warnings/reduction-lists/DEMO-2019-2020?level=red")).Results().ToList();
        Assert.Equal(6, red.Count);
        Assert.All(red, e => Assert.Contains("虚构", e.Str("enterprise"), StringComparison.Ordinal));
        // Valid GB 32100-2015 codes whose organisation code is in PDY00001…PDY99999 (GB 11714's internal-use
        // range), so no demo entry can name a real enterprise; six enterprises, six codes.
        Assert.All(red, e => Assert.True(UnifiedSocialCreditCode.Validate(e.Str("uscc")).IsValid, UnifiedSocialCreditCode.Validate(e.Str("uscc")).Message));
        Assert.All(red, e => Assert.Equal("PDY", e.Str("uscc")[8..11]));
        Assert.Equal(6, red.Select(e => e.Str("uscc")).Distinct().Count());
        var detail = (await Client.GetJsonAsync("/api/v1/warnings/DEMO-20191221")).GetProperty("result");
        Assert.Equal(["DEMO-2019-2020"], detail.GetProperty("reductionLists").EnumerateArray().Select(l => l.Str("id")));
    }
}
