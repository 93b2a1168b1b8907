using System.Net;
using Public.Web.Tests.Hosting;
using Public.Web.Tests.Site;

namespace Public.Web.Tests.Plan;

/// <summary>The tracker pages over the demo data (shared app, real clock: the plan's years are over): both languages, statuses in words, demo marked, sitemap.</summary>
[Collection(DemoOnKestrel.Name)]
public sealed class PlanPageTests(DemoKestrelApp demo)
{
    private HttpClient Client => demo.Client;

    [Theory]
    [InlineData("/plan")]
    [InlineData("/plan/m24")]
    [InlineData("/plan/goals")]
    [InlineData("/plan/s05")]
    [InlineData("/plan/departments/huanbao")]
    public async Task TrackerPagesAnswerInChineseAndEnglish(string path)
    {
        foreach (var (url, lang) in new[] { (path, "zh-CN"), ("/en" + path, "en") })
        {
            var (status, html) = await Client.GetPageAsync(url);
            Assert.True(status == HttpStatusCode.OK, $"GET {url} gave {(int)status}");
            Assert.Equal(lang, SiteHtml.HtmlLang(html));
            Assert.False(string.IsNullOrWhiteSpace(SiteHtml.Title(html)), $"{url}: no title");
            Assert.Contains(lang == "en" ? "Demo data" : "演示数据", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheTrackerShowsEveryMeasureAndStatusesInWordsNotColourAlone()
    {
        var (_, zh) = await Client.GetPageAsync("/plan");
        var (_, en) = await Client.GetPageAsync("/en/plan");

        foreach (var id in new[] { "goals", "m01", "m16", "m32", "s01", "s06" })
        {
            Assert.Contains($"href=\"/plan/{id}\"", zh, StringComparison.Ordinal);
        }

        // Demo reports: m24-a reported done in time (met), m24-b reported not done after its deadline (overdue), silence elsewhere.
        Assert.Contains("data-status=\"met\" title=\"", zh, StringComparison.Ordinal);
        Assert.Contains(">已达成<", zh, StringComparison.Ordinal);
        Assert.Contains(">逾期未完成<", zh, StringComparison.Ordinal);
        Assert.Contains(">未报告<", zh, StringComparison.Ordinal);
        Assert.Contains(">not reported<", en, StringComparison.Ordinal);
        Assert.Contains("方案共 38 项措施（32 项重点任务、6 项保障措施），69 个目标", zh, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"plan-scorecard\"", zh, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMeasurePageShowsItsTargetsReportsSourcesAndMarksDemoReports()
    {
        var (_, html) = await Client.GetPageAsync("/plan/m24");

        Assert.Contains("id=\"m24-a\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"m24-c\"", html, StringComparison.Ordinal);
        Assert.Contains("【演示数据，非真实报告】", html, StringComparison.Ordinal);
        Assert.Contains("《演示文件四（虚构）》", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/plan/departments/huanbao\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADepartmentThatPublishedNothingIsShownAsSuch()
    {
        var (_, html) = await Client.GetPageAsync("/plan/departments/huanbao");

        Assert.Contains("市生态环境局", html, StringComparison.Ordinal);
        Assert.Contains("尚未与机构改革文件核对", html, StringComparison.Ordinal);
        // The demo reports come from a fictional body, never from a real department.
        Assert.Contains("本站未找到这个单位公开的任何报告", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/plan/m99")]
    [InlineData("/en/plan/departments/nobody")]
    public async Task UnknownMeasuresAndBodiesAreNotFound(string path)
    {
        var (status, _) = await Client.GetPageAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task TheHomeAndYearPagesCarryTheScorecard()
    {
        var (_, home) = await Client.GetPageAsync("/");
        var (_, year) = await Client.GetPageAsync("/en/air/2019");

        Assert.Contains("截至 2020 年到期的 69 个目标中", home, StringComparison.Ordinal);
        Assert.Contains("targets due in 2019", year, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSitemapListsEveryMeasureAndBodyPageInBothLanguages()
    {
        var sitemap = await Client.GetStringAsync(new Uri("/sitemap.xml", UriKind.Relative), TestContext.Current.CancellationToken);

        foreach (var path in new[] { "/plan/goals", "/plan/m01", "/plan/m32", "/plan/s06", "/plan/departments/huanbao", "/plan/departments/youguan" })
        {
            Assert.Contains(path + "</loc>", sitemap, StringComparison.Ordinal);
            Assert.Contains("/en" + path + "</loc>", sitemap, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheDemoApiMarksItsReportsDemoAndEveryStatusButOnTrackAppearsAfterThePlan()
    {
        var reports = (await Client.GetJsonAsync("/api/v1/plan/progress")).Results().ToList();
        var statuses = (await Client.GetJsonAsync("/api/v1/plan/targets")).Results()
            .SelectMany(t => t.GetProperty("years").EnumerateArray()).Select(y => y.Str("status")).ToHashSet();

        Assert.NotEmpty(reports);
        Assert.All(reports, r => Assert.True(r.GetProperty("demo").GetBoolean()));
        Assert.All(reports, r => Assert.Contains("虚构", r.Str("reportingBody"), StringComparison.Ordinal));
        Assert.Equal(["met", "not-met", "not-reported", "overdue"], statuses.Order(StringComparer.Ordinal));
    }
}
