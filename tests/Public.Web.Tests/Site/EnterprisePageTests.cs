using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Public.Web.Enterprises;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Site;

/// <summary>
/// The enterprise directory and profile pages over demo data (shared app, read only): status, language and metadata,
/// and every number shown equal to the REST API's answer for the same question — latest valid hour, limits,
/// exceedance marks, data rates, search and filter results.
/// </summary>
[Collection(DemoOnKestrel.Name)]
public sealed partial class EnterprisePageTests(DemoKestrelApp demo)
{
    private const string Label = "企业自行监测数据，未经生态环境部门审核";

    /// <summary>Demo enterprise 1 (power, SO2 200 → 50 mg/m³ special limit from 2020-01-01) and 3 have CEMS data; 6 has none.</summary>
    private static readonly string Power = DemoEnterprises.CreditCode(0);

    private static readonly string Cement = DemoEnterprises.CreditCode(2);

    private static readonly string Other = DemoEnterprises.CreditCode(5);

    private HttpClient Client => demo.Client;

    public static TheoryData<string> Paths() => ["/enterprises", "/enterprises/" + Power, "/enterprises/" + Other, "/enterprises?search=热电&year=2019"];

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task PagesAnswerInChineseAndEnglishWithTheirMetadata(string path)
    {
        foreach (var (url, lang) in new[] { (path, "zh-CN"), ("/en" + path, "en") })
        {
            var (status, html) = await Client.GetPageAsync(url);
            Assert.True(status == HttpStatusCode.OK, $"GET {url} gave {(int)status}");
            Assert.Equal(lang, SiteHtml.HtmlLang(html));
            Assert.False(string.IsNullOrWhiteSpace(SiteHtml.Title(html)), $"{url}: no title");
            Assert.False(string.IsNullOrWhiteSpace(SiteHtml.Meta(html, "name", "description")), $"{url}: no description");
            Assert.NotNull(SiteHtml.Meta(html, "property", "og:title"));
            Assert.Contains(lang == "en" ? "Key polluters" : "重点排污单位", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ProfileWithDataCarriesTheSelfMonitoringLabelUnitsAndTimeZoneInBothLanguages()
    {
        foreach (var url in new[] { "/enterprises/" + Power, "/en/enterprises/" + Power })
        {
            var html = WebUtility.HtmlDecode((await Client.GetPageAsync(url)).Html);
            Assert.Contains(Label, html, StringComparison.Ordinal);
            Assert.Contains("mg/m³", html, StringComparison.Ordinal);
            Assert.Contains("UTC+08:00", html, StringComparison.Ordinal);
        }

        var en = WebUtility.HtmlDecode((await Client.GetPageAsync("/en/enterprises/" + Power)).Html);
        Assert.Contains("not reviewed by the environment authority", en, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public async Task LatestEmissionsAreTheLatestValidHourOfTheApiWithItsLimitAndResult(int index)
    {
        var code = DemoEnterprises.CreditCode(index);
        var (_, html) = await Client.GetPageAsync("/enterprises/" + code);
        foreach (var pollutant in new[] { "a34013", "a21026", "a21002" })
        {
            var key = "DA001/" + pollutant;
            // The demo data end on 2020-01-31: the latest valid hour is in January 2020.
            var rest = await Client.GetJsonAsync($"/api/v1/enterprises/{code}/outlets/DA001/hourly?pollutant={pollutant}&from=2020-01-01&to=2020-01-31");
            var latest = rest.Results().Last(h => h.GetProperty("flag").GetString() == "N" && h.GetProperty("corrected").ValueKind == JsonValueKind.Number);

            Assert.Equal(latest.Str("dataTime").Replace('T', ' ')[..16], SiteHtml.Marked(html, $"data-latest-time=\"{key}\""));
            Assert.Equal(Num(latest.GetProperty("corrected").GetDecimal()), SiteHtml.Marked(html, $"data-latest-corrected=\"{key}\""));
            Assert.Equal(Num(latest.GetProperty("limit").GetDecimal()) + "（特别）", SiteHtml.Marked(html, $"data-latest-limit=\"{key}\""));
            var result = Regex.Match(html, $"data-latest-result=\"{Regex.Escape(key)}\">(.*?)</td>").Groups[1].Value;
            Assert.Contains(latest.GetProperty("exceeded").GetBoolean() ? "超标" : "未超标", result, StringComparison.Ordinal);
        }

        // Independent of the API: enterprise 1's SO2 limit in force in January 2020 is the special limit, 50 mg/m³.
        if (index == 0)
        {
            Assert.Equal("50（特别）", SiteHtml.Marked(html, "data-latest-limit=\"DA001/a21026\""));
        }
    }

    [Fact]
    public async Task TheLatestMonthWithDataIsShownByDefaultAndAMonthCanBeChosen()
    {
        var (_, latest) = await Client.GetPageAsync("/enterprises/" + Power);
        Assert.Contains("<option value=\"2020-01\" selected>", latest, StringComparison.Ordinal);
        Assert.Contains("<option value=\"2019-12\">", latest, StringComparison.Ordinal);
        Assert.Contains("from=2020-01-01&amp;to=2020-01-31&amp;format=csv", latest, StringComparison.Ordinal);

        var (status, december) = await Client.GetPageAsync("/enterprises/" + Power + "?month=2019-12");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<option value=\"2019-12\" selected>", december, StringComparison.Ordinal);
        Assert.Contains("from=2019-12-01&amp;to=2019-12-31&amp;format=csv", december, StringComparison.Ordinal);

        var (badStatus, bad) = await Client.GetPageAsync("/enterprises/" + Power + "?month=2019-13");
        Assert.Equal(HttpStatusCode.OK, badStatus);
        Assert.Contains("role=\"alert\"", bad, StringComparison.Ordinal);
        Assert.Contains("YYYY-MM", bad, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HourlyTablesMarkTheApisExceedancesInWordsWithTheirMultiple()
    {
        var (_, html) = await Client.GetPageAsync("/enterprises/" + Power + "?month=2019-12");
        var rest = await Client.GetJsonAsync($"/api/v1/enterprises/{Power}/outlets/DA001/hourly?pollutant=a21026&from=2019-12-01&to=2019-12-31");
        var hours = rest.Results().ToList();
        var exceeded = hours.Where(h => h.GetProperty("exceeded").ValueKind == JsonValueKind.True).ToList();
        // The demo's December episode: 2019-12-12 08:00–10:00 at 180 % of the 200 mg/m³ limit.
        Assert.Equal(["2019-12-12T08:00:00", "2019-12-12T09:00:00", "2019-12-12T10:00:00"], exceeded.Select(h => h.Str("dataTime")));

        var table = Regex.Match(html, "<table class=\"series\"[^>]*data-series=\"DA001/a21026\".*?</table>", RegexOptions.Singleline).Value;
        var rows = Regex.Matches(table, "<tr><th scope=\"row\">([^<]+)</th>(.*?)</tr>", RegexOptions.Singleline);
        Assert.Equal(hours.Count, rows.Count);
        foreach (var h in exceeded)
        {
            var row = rows.Single(r => r.Groups[1].Value == h.Str("dataTime").Replace('T', ' ')[..16]).Groups[2].Value;
            Assert.Contains($"超标 ×{Num(h.GetProperty("multiple").GetDecimal())}", row, StringComparison.Ordinal);
        }

        Assert.Equal(exceeded.Count, Regex.Count(table, "class=\"exceeded\""));
        var worst = exceeded.Max(h => h.GetProperty("multiple").GetDecimal());
        var summary = WebUtility.HtmlDecode(Regex.Match(html, "data-month-summary=\"DA001/a21026\">(.*?)<a", RegexOptions.Singleline).Groups[1].Value);
        Assert.Contains($"有数据 {hours.Count} 小时，超标 3 小时，最大超标倍数 {Num(worst)}", summary, StringComparison.Ordinal);
        // Maintenance hours are shown with their flag and not judged.
        Assert.Contains("不判定（标记 M）", table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DataRatesAndLimitsAreTheApis()
    {
        var (_, html) = await Client.GetPageAsync("/enterprises/" + Cement + "?month=2019-12");
        var rates = await Client.GetJsonAsync($"/api/v1/enterprises/{Cement}/outlets/DA001/data-rate?pollutant=a21002&year=2019");
        foreach (var month in rates.Results())
        {
            var m = month.GetProperty("month").GetInt32();
            var expected = (month.GetProperty("rate").GetDecimal() * 100m).ToString("0.0", CultureInfo.InvariantCulture) + "%";
            Assert.Equal(expected, SiteHtml.Marked(html, $"data-rate=\"DA001/a21002/{m}\""));
        }

        Assert.NotEqual("0.0%", SiteHtml.Marked(html, "data-rate=\"DA001/a21002/12\""));
        var enterprise = await Client.GetJsonAsync("/api/v1/enterprises/" + Cement);
        foreach (var outlet in enterprise.GetProperty("result").GetProperty("outlets").EnumerateArray())
        {
            foreach (var p in outlet.GetProperty("pollutants").EnumerateArray())
            {
                var key = outlet.Str("code") + "/" + p.Str("code");
                Assert.Equal(Num(p.GetProperty("limit").GetDecimal()), SiteHtml.Marked(html, $"data-limit=\"{key}\""));
                Assert.Equal(Num(p.GetProperty("specialLimit").GetDecimal()), SiteHtml.Marked(html, $"data-special-limit=\"{key}\""));
            }
        }
    }

    [Theory]
    [InlineData("search=热电", "search=热电")]
    [InlineData("search=pdy3001", "search=pdy3001")]
    [InlineData("district=义县&year=2019", "district=义县&year=2019")]
    [InlineData("industry=水泥制造", "industry=水泥制造")]
    public async Task DirectorySearchAndFiltersListWhatTheApiLists(string pageQuery, string apiQuery)
    {
        var (_, html) = await Client.GetPageAsync("/enterprises?" + pageQuery);
        var rest = await Client.GetJsonAsync("/api/v1/enterprises?limit=1000&" + apiQuery);

        var listed = Regex.Matches(html, "<tr data-enterprise=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(rest.Results().Select(e => e.Str("creditCode")), listed);
        Assert.StartsWith(rest.GetProperty("meta").GetProperty("found").GetInt32().ToString(CultureInfo.InvariantCulture), SiteHtml.Marked(html, "data-testid=\"enterprise-count\"")!.Replace("找到 ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        // The CSV link downloads the same filter.
        var csv = WebUtility.HtmlDecode(Regex.Match(html, "href=\"(/api/v1/enterprises\\?format=csv[^\"]*)\"").Groups[1].Value);
        Assert.Equal(rest.Results().Count() + 1, (await CsvLinesAsync(csv)).Count);
    }

    [Fact]
    public async Task DirectoryPagesTheWholeListTwentyAtATime()
    {
        var (_, first) = await Client.GetPageAsync("/enterprises");
        var (_, second) = await Client.GetPageAsync("/enterprises?page=2");
        var all = (await Client.GetJsonAsync("/api/v1/enterprises?limit=1000")).Results().Select(e => e.Str("creditCode")).ToList();

        var rows = Regex.Matches(first + second, "<tr data-enterprise=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(30, all.Count);
        Assert.Equal(all, rows);
        Assert.Contains("rel=\"next\" href=\"/enterprises?page=2\"", first, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("year=19")]
    [InlineData("search=")]
    public async Task BadOrEmptyFiltersNeverFail(string query)
    {
        var (status, html) = await Client.GetPageAsync("/enterprises?" + query + new string('x', query.EndsWith('=') ? 101 : 0));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("role=\"alert\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchTextIsEscaped()
    {
        var (status, html) = await Client.GetPageAsync("/enterprises?search=" + Uri.EscapeDataString("<script>alert(1)</script>\""));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("<script>alert(1)", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/enterprises/91210702PDY30001XX")]
    [InlineData("/en/enterprises/91210702MA0QXXXXXX")]
    [InlineData("/enterprises/not-a-code")]
    public async Task UnknownOrMalformedCodesAreA404Page(string path)
    {
        var (status, html) = await Client.GetPageAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(path.StartsWith("/en/", StringComparison.Ordinal) ? "en" : "zh-CN", SiteHtml.HtmlLang(html));
    }

    [Fact]
    public async Task SitemapAndNavigationLeadToTheEnterprisePages()
    {
        var sitemap = await Client.GetStringAsync(new Uri("/sitemap.xml", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Contains("/enterprises</loc>", sitemap, StringComparison.Ordinal);
        Assert.Contains("/en/enterprises/" + Power + "</loc>", sitemap, StringComparison.Ordinal);
        var (_, home) = await Client.GetPageAsync("/en/");
        Assert.Contains("<a href=\"/en/enterprises\">Key polluters</a>", home, StringComparison.Ordinal);
    }

    private async Task<List<string>> CsvLinesAsync(string url)
    {
        var text = await Client.GetStringAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    private static string Num(decimal value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    [Fact]
    public async Task ProfileShowsTheAuditCardDisclosuresAndStatementsAsTheApiHasThem()
    {
        var html = WebUtility.HtmlDecode((await Client.GetPageAsync("/enterprises/" + Power)).Html);
        var disclosures = (await Client.GetJsonAsync($"/api/v1/enterprises/{Power}/disclosures")).Results().ToList();
        Assert.NotEmpty(disclosures);

        // The card is of the latest year an annual report on record covers, with the API's score and grade for it.
        var latestYear = disclosures.Where(d => d.GetProperty("year").ValueKind == JsonValueKind.Number).Max(d => d.GetProperty("year").GetInt32());
        var heading = Regex.Match(html, @"(\d{4}) 年信息披露审计");
        Assert.True(heading.Success, "no audit card on the profile");
        Assert.Equal(latestYear, int.Parse(heading.Groups[1].Value, CultureInfo.InvariantCulture));
        var audit = (await Client.GetJsonAsync($"/api/v1/audit/{Power}/{latestYear}")).GetProperty("result");
        Assert.Contains($"得分 {audit.GetProperty("score").GetInt32()} / 100 · 等级 {audit.GetProperty("grade").GetString()}", html, StringComparison.Ordinal);

        // Every disclosure report on record is in the timeline, with its filing date.
        foreach (var d in disclosures)
        {
            Assert.Contains(d.GetProperty("filedDate").GetString()!, html, StringComparison.Ordinal);
        }

        // The enterprise's statements (right of reply) are shown with their text.
        foreach (var statement in (await Client.GetJsonAsync($"/api/v1/enterprises/{Power}/statements")).Results())
        {
            Assert.Contains(statement.GetProperty("text").GetString()!, html, StringComparison.Ordinal);
        }
    }
}

/// <summary>Names and addresses from an import are text on the pages, never markup.</summary>
public sealed class EnterprisePageEscapingTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task MarkupInImportedNamesIsShownAsText()
    {
        using var app = new PublicWebApp();
        var e = DemoEnterprises.All[0] with { Name = "示例<b>粗体</b>&\"公司\"", Address = "<img src=x onerror=alert(1)>" };
        var file = app.WriteText("e.json", JsonSerializer.Serialize(new { enterprises = new[] { e } }, Web));
        var summary = app.Services.GetRequiredService<EnterpriseImporter>().Import([file]);
        Assert.True(summary.Clean, string.Join('\n', summary.Problems));

        foreach (var path in new[] { "/enterprises", "/enterprises/" + e.CreditCode, "/en/enterprises/" + e.CreditCode })
        {
            var (status, html) = await app.Client.GetPageAsync(path);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.DoesNotContain("<b>粗体", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
            Assert.Contains("示例&lt;b&gt;粗体&lt;/b&gt;&amp;", html, StringComparison.Ordinal);
        }
    }
}
