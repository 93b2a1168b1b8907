using System.Globalization;
using System.Net;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Site;

/// <summary>The website's pages over demo data (shared app, read only): status, language, metadata and numbers equal to the API's.</summary>
[Collection(DemoOnKestrel.Name)]
public sealed class SitePageTests(DemoKestrelApp demo)
{
    private HttpClient Client => demo.Client;

    public static TheoryData<string> PageTypes() =>
    [
        "/", "/stations/1767A", "/air/" + DemoKestrelApp.YearInProgress, "/air/2019", "/plan", "/warnings", "/penalties", "/data", "/methodology", "/about", "/press", "/press/website-launch",
    ];

    [Theory]
    [MemberData(nameof(PageTypes))]
    public async Task EveryPageTypeAnswersInChineseAndEnglishWithItsMetadata(string path)
    {
        foreach (var (url, lang) in new[] { (path, "zh-CN"), (path == "/" ? "/en/" : "/en" + path, "en") })
        {
            var (status, html) = await Client.GetPageAsync(url);
            Assert.True(status == HttpStatusCode.OK, $"GET {url} gave {(int)status}");
            Assert.Equal(lang, SiteHtml.HtmlLang(html));
            Assert.False(string.IsNullOrWhiteSpace(SiteHtml.Title(html)), $"{url}: no title");
            Assert.False(string.IsNullOrWhiteSpace(SiteHtml.Meta(html, "name", "description")), $"{url}: no description");
            Assert.NotNull(SiteHtml.Meta(html, "property", "og:title"));
            Assert.NotNull(SiteHtml.Meta(html, "property", "og:description"));
            Assert.Contains(lang == "en" ? "Demo data" : "演示数据", html, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// The language links name the same page in the other language — also for paths that merely begin with "en"
    /// (/enterprises once became "terprises" in the Chinese link).
    /// </summary>
    [Theory]
    [InlineData("/enterprises")]
    [InlineData("/air/2019")]
    public async Task LanguageLinksPointToTheSamePageInTheOtherLanguage(string path)
    {
        // Without Site:BaseUrl the absolute URLs start with the request's own origin.
        var origin = demo.BaseAddress.GetLeftPart(UriPartial.Authority);
        foreach (var url in new[] { path, "/en" + path })
        {
            var (_, html) = await Client.GetPageAsync(url);
            Assert.Contains($"<link rel=\"alternate\" hreflang=\"zh-CN\" href=\"{origin}{path}\"", html, StringComparison.Ordinal);
            Assert.Contains($"<link rel=\"alternate\" hreflang=\"en\" href=\"{origin}/en{path}\"", html, StringComparison.Ordinal);
            Assert.Contains($"<link rel=\"alternate\" hreflang=\"x-default\" href=\"{origin}{path}\"", html, StringComparison.Ordinal);
            Assert.Contains($"<link rel=\"canonical\" href=\"{origin}{url}\"", html, StringComparison.Ordinal);
            Assert.Contains($"class=\"lang\" href=\"{(url == path ? "/en" + path : path)}\"", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task HomeShowsTheCityAqiOfTheLatestHourAsTheApiDoes()
    {
        var hours = await Client.GetJsonAsync("/api/v1/city/hourly");
        var last = hours.GetProperty("results").EnumerateArray().Last(h => h.GetProperty("aqi").ValueKind == System.Text.Json.JsonValueKind.Number);
        var (_, html) = await Client.GetPageAsync("/");
        Assert.Equal(last.GetProperty("aqi").GetInt32().ToString(CultureInfo.InvariantCulture), SiteHtml.Marked(html, "data-testid=\"city-aqi\""));
        // Colour never alone: the level's name is next to it.
        Assert.Contains(last.GetProperty("level").GetProperty("name").GetString()!, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StationPageShowsTheLatestReadingAsTheApiDoes()
    {
        var station = await Client.GetJsonAsync("/api/v1/stations/1768A");
        var latest = station.GetProperty("result").GetProperty("latest");
        var (_, html) = await Client.GetPageAsync("/en/stations/1768A");
        Assert.Equal(latest.GetProperty("aqi").GetInt32().ToString(CultureInfo.InvariantCulture), SiteHtml.Marked(html, "data-testid=\"station-aqi\""));
        var pm25 = latest.GetProperty("values").EnumerateArray().First(v => v.GetProperty("type").GetString() == "PM2.5");
        Assert.Equal(pm25.GetProperty("value").GetDecimal().ToString("0.###", CultureInfo.InvariantCulture), SiteHtml.Marked(html, "data-pollutant=\"PM2.5\""));
        Assert.Contains("µg/m³", html, StringComparison.Ordinal);
        Assert.Contains("/api/v1/stations/1768A/hourly?format=csv", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StationPageLast30DaysTableIsTheApisDefaultDailySeries()
    {
        // The page takes its last 30 days from the year's days it reads for the calendar (one store query less); the
        // API reads them on their own (GET …/daily without from/to: the 30 days up to the latest day).
        var api = (await Client.GetJsonAsync("/api/v1/stations/1769A/daily?limit=100")).GetProperty("results").EnumerateArray()
            .Select(d => (Date: d.GetProperty("date").GetString(), Aqi: d.GetProperty("aqi") is { ValueKind: System.Text.Json.JsonValueKind.Number } a ? a.GetInt32().ToString(CultureInfo.InvariantCulture) : "—"))
            .Reverse().ToList();
        Assert.InRange(api.Count, 2, 30);
        var (_, html) = await Client.GetPageAsync("/en/stations/1769A");
        var section = html[html.IndexOf("aria-labelledby=\"d30\"", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("</section>", StringComparison.Ordinal)];
        var rows = System.Text.RegularExpressions.Regex.Matches(section, "<tr><th scope=\"row\">([0-9-]+)</th><td>([^<]*)</td>")
            .Select(m => (Date: (string?)m.Groups[1].Value, Aqi: m.Groups[2].Value)).ToList();
        Assert.Equal(api, rows);
    }

    [Fact]
    public async Task YearPageShowsTheAssessmentAsTheApiDoes()
    {
        var year = DemoKestrelApp.YearInProgress;
        var assessment = await Client.GetJsonAsync($"/api/v1/city/assessment/{year}");
        var pm25 = assessment.GetProperty("result").GetProperty("statistics").EnumerateArray()
            .First(s => s.GetProperty("pollutant").GetString() == "PM2.5" && s.GetProperty("statistic").GetString() == "annualMean").GetProperty("value");
        var (_, html) = await Client.GetPageAsync($"/air/{year}");
        var expected = pm25.ValueKind == System.Text.Json.JsonValueKind.Number ? pm25.GetDecimal().ToString("0.###", CultureInfo.InvariantCulture) : "—";
        Assert.Equal(expected + " µg/m³", SiteHtml.Marked(html, "data-testid=\"pm25-annual\""));
    }

    [Theory]
    [InlineData("/no-such-page")]
    [InlineData("/en/no-such-page")]
    [InlineData("/stations/9999X")]
    public async Task UnknownPagesAreA404PageInTheirLanguage(string path)
    {
        var (status, html) = await Client.GetPageAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("<html lang=", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownApiPathsKeepTheirProblemDetails()
    {
        await Client.GetProblemAsync("/api/v1/no-such-thing", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task SitemapListsEveryPageInBothLanguagesAndEachAnswers()
    {
        using var response = await Client.GetAsync(new Uri("/sitemap.xml", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var xml = System.Xml.Linq.XDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var locs = xml.Descendants().Where(e => e.Name.LocalName == "loc").Select(e => new Uri(e.Value).AbsolutePath).ToList();
        Assert.Contains("/", locs);
        Assert.Contains("/en/", locs);
        Assert.Contains("/stations/1771A", locs);
        Assert.Contains("/en/air/2019", locs);
        // The DCAT catalog is listed for harvesters beside the pages; it answers as JSON-LD and Turtle, the pages as HTML.
        Assert.Contains("/catalog.jsonld", locs);
        foreach (var path in locs)
        {
            if (path is "/catalog.jsonld" or "/catalog.ttl")
            {
                // While the archives are being built the catalog answers 503 with Retry-After: the download helper waits it out.
                var (_, catalog) = await Bulk.BulkFiles.DownloadAsync(Client, path);
                Assert.Equal(path.EndsWith(".ttl", StringComparison.Ordinal) ? "text/turtle" : "application/ld+json", catalog.Content.Headers.ContentType?.MediaType);
                continue;
            }

            var (status, _) = await Client.GetPageAsync(path);
            Assert.True(status == HttpStatusCode.OK, $"{path} gave {(int)status}");
        }
    }

    [Fact]
    public async Task LanguageSwitchLeadsToTheSamePageInTheOtherLanguage()
    {
        var (_, zh) = await Client.GetPageAsync("/stations/1767A");
        Assert.Contains("class=\"lang\" href=\"/en/stations/1767A\"", zh, StringComparison.Ordinal);
        var (_, en) = await Client.GetPageAsync("/en/stations/1767A");
        Assert.Contains("class=\"lang\" href=\"/stations/1767A\"", en, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PagesAreServedFromTheDataCacheKeyedByLanguage()
    {
        using var first = await Client.GetAsync(new Uri("/plan", UriKind.Relative), TestContext.Current.CancellationToken);
        using var again = await Client.GetAsync(new Uri("/plan", UriKind.Relative), TestContext.Current.CancellationToken);
        using var english = await Client.GetAsync(new Uri("/en/plan", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal("hit", again.Headers.GetValues("X-Cache").Single());
        Assert.NotEqual(first.Headers.ETag, english.Headers.ETag);
        Assert.Contains("lang=\"en\"", await english.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PenaltyFiltersNarrowTheListAndBadFiltersSayWhy()
    {
        var all = await Client.GetJsonAsync("/api/v1/penalties?minAmount=100000");
        var (status, html) = await Client.GetPageAsync("/penalties?minAmount=100000");
        Assert.Equal(HttpStatusCode.OK, status);
        var found = all.GetProperty("meta").GetProperty("found").GetInt32();
        Assert.Contains($"找到 {found} 项决定", html, StringComparison.Ordinal);
        var (badStatus, bad) = await Client.GetPageAsync("/en/penalties?from=not-a-date");
        Assert.Equal(HttpStatusCode.OK, badStatus);
        Assert.Contains("role=\"alert\"", bad, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PenaltyAndWarningPagesShowTheApisValues()
    {
        var penalties = await Client.GetJsonAsync("/api/v1/penalties?limit=1");
        var penalty = penalties.GetProperty("results")[0];
        var id = penalty.GetProperty("id").GetInt64();
        var (status, html) = await Client.GetPageAsync($"/en/penalties/{id}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(penalty.GetProperty("fineTotal").GetDecimal().ToString("0.###", CultureInfo.InvariantCulture) + " CNY", SiteHtml.Marked(html, "data-testid=\"fine-total\""));

        var warnings = await Client.GetJsonAsync("/api/v1/warnings?limit=1");
        var warningId = warnings.GetProperty("results")[0].GetProperty("id").GetString()!;
        var (warningStatus, warningHtml) = await Client.GetPageAsync($"/warnings/{warningId}");
        Assert.Equal(HttpStatusCode.OK, warningStatus);
        Assert.Contains(warnings.GetProperty("results")[0].GetProperty("highestLevel").GetProperty("name").GetString()!, warningHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetPageAsync("/warnings/no-such-warning")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetPageAsync("/en/penalties/999999999")).Status);
    }
}
