using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Public.Web.Tests.Hosting;
using static Public.Web.Tests.Site.SiteBrowser;

namespace Public.Web.Tests.Site;

/// <summary>
/// The website in Debian's Chromium against the app on real Kestrel with demo data: a citizen's path on a 360 px
/// phone with JavaScript off, the language switch, and no horizontal scrolling. Screenshots go to
/// tests/Public.Web.Tests/TestResults/site-screenshots (kept as CI artifacts).
/// </summary>
[Trait("Category", "Browser")]
[Collection(DemoOnKestrel.Name)]
public sealed partial class SiteBrowserTests(DemoKestrelApp demo)
{
    [Fact]
    public async Task CitizenGoesFromHomeToStationToYearAndDownloadsTheCsvWithJavaScriptOffOnAPhone()
    {
        await using var browser = await LaunchAsync();
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            JavaScriptEnabled = false,
            ViewportSize = new ViewportSize { Width = 360, Height = 740 },
            Locale = "zh-CN",
        });
        var page = await context.NewPageAsync();
        var failed = Watch(page);

        await page.GotoAsync(Url("/"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "锦州空气质量", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("city-aqi")).ToHaveTextAsync(DigitsRegex());
        await ShotAsync(page, "1-home-zh-360");

        await page.GetByRole(AriaRole.Link, new() { Name = "1767A" }).Or(page.Locator("a[href='/stations/1767A']")).First.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(StationRegex());
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "最新读数" })).ToBeVisibleAsync();
        await ShotAsync(page, "2-station-zh-360");

        var csv = page.GetByTestId("csv-hourly");
        var href = await csv.GetAttributeAsync("href");
        Assert.NotNull(href);
        var download = await context.APIRequest.GetAsync(Url(href!));
        Assert.Equal(200, download.Status);
        Assert.StartsWith("text/csv", download.Headers["content-type"], StringComparison.Ordinal);
        var body = await download.BodyAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, body.Take(3).ToArray());

        // The navigation is a <details> menu on a phone: it opens without JavaScript.
        await page.Locator("details.menu > summary").ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "年度评价" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "对照行动方案目标" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("pm25-annual")).ToContainTextAsync("µg/m³");
        await ShotAsync(page, "3-year-zh-360");

        await page.GotoAsync(Url("/air/2019"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "2019 年锦州空气质量评价" })).ToBeVisibleAsync();
        Assert.True(failed.Count == 0, string.Join("\n", failed));
    }

    [Fact]
    public async Task LanguageSwitchKeepsThePageAndThePhoneLayoutNeverScrollsSideways()
    {
        await using var browser = await LaunchAsync();
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 360, Height = 740 } });
        var page = await context.NewPageAsync();
        var failed = Watch(page);

        await page.GotoAsync(Url("/stations/1769A"));
        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(EnglishStationRegex());
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Latest reading" })).ToBeVisibleAsync();
        await ShotAsync(page, "4-station-en-360");
        await page.GetByRole(AriaRole.Link, new() { Name = "中文" }).ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");

        foreach (var path in new[] { "/", "/en/", "/stations/1767A", "/air/2019", "/plan", "/warnings", "/penalties", "/press", "/data", "/methodology", "/about" })
        {
            await page.GotoAsync(Url(path));
            var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(width <= 360, $"{path}: the page is {width} px wide on a 360 px screen");
        }

        await ShotAsync(page, "5-about-zh-360");
        Assert.True(failed.Count == 0, string.Join("\n", failed));
    }

    [Fact]
    public async Task ChartsAreServerDrawnSvgsNamedForScreenReadersAndAxeFindsNoSeriousViolationOnAnyPageType()
    {
        await using var browser = await LaunchAsync();
        // axe is injected as an inline script, which the site's CSP (rightly) forbids: bypass it for the checker only.
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BypassCSP = true, ViewportSize = new ViewportSize { Width = 1024, Height = 800 } });
        var page = await context.NewPageAsync();
        var failed = Watch(page);
        var press = await demo.Client.GetStringAsync(new Uri("/press", UriKind.Relative), TestContext.Current.CancellationToken);
        var release = PressLinkRegex().Match(press).Groups[1].Value;
        var penalties = await demo.Client.GetStringAsync(new Uri("/penalties", UriKind.Relative), TestContext.Current.CancellationToken);
        var penalty = PenaltyLinkRegex().Match(penalties).Groups[1].Value;
        var warnings = await demo.Client.GetStringAsync(new Uri("/warnings", UriKind.Relative), TestContext.Current.CancellationToken);
        var warning = WarningLinkRegex().Match(warnings).Groups[1].Value;
        var problems = new List<string>();
        foreach (var path in new[]
        {
            "/docs", "/docs/conventions", "/data/stations", "/en/data/stations",
            "/", "/en/", "/stations/1767A", "/en/stations/1767A", "/air/2019", "/en/air/2019", "/plan", "/warnings", "/warnings/" + warning,
            "/penalties", "/penalties/" + penalty, "/press", "/press/" + release, "/data", "/methodology", "/about", "/no-such-page",
            "/audit", "/en/audit", "/audit/method", "/audit/" + Public.Web.Enterprises.DemoEnterprises.CreditCode(0) + "/2019",
            "/en/audit/" + Public.Web.Enterprises.DemoEnterprises.CreditCode(0) + "/2019",
            "/en/plan", "/plan/m24", "/en/plan/departments/huanbao",
        })
        {
            await page.GotoAsync(Url(path));
            if (path is "/" or "/en/" or "/stations/1767A" or "/en/stations/1767A" or "/air/2019" or "/en/air/2019")
            {
                // Drawn by the server: there before any script, an image named by its <title>, the table kept under it.
                await Assertions.Expect(page.Locator("svg.chart[role=img]").First).ToBeVisibleAsync();
                // Home: the 48-hour chart and the station map; station: map, 48 hours, 30 days, calendar; year: months.
                Assert.Equal(path.Contains("stations", StringComparison.Ordinal) ? 4 : path.Contains("air", StringComparison.Ordinal) ? 1 : 2, await page.Locator("svg.chart[role=img]").CountAsync());
                await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = path.Contains("air", StringComparison.Ordinal) ? "PM₂.₅" : "AQI" }).First).ToBeVisibleAsync();
                if (path == "/stations/1767A")
                {
                    await ShotAsync(page, "6-station-chart-zh-1024");
                }
            }

            problems.AddRange((await AxeAsync(page)).Select(v => path + " " + v));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        failed.RemoveAll(f => f.Contains("no-such-page", StringComparison.Ordinal) || f.Contains("404", StringComparison.Ordinal));
        Assert.True(failed.Count == 0, string.Join("\n", failed));
    }

    private Uri Base => demo.BaseAddress;

    private string Url(string path) => new Uri(Base, path).ToString();

    [GeneratedRegex("href=\"/press/([a-z0-9-]+)\"")]
    private static partial Regex PressLinkRegex();

    [GeneratedRegex("href=\"/penalties/([0-9]+)\"")]
    private static partial Regex PenaltyLinkRegex();

    [GeneratedRegex("href=\"/warnings/([^\"]+)\"")]
    private static partial Regex WarningLinkRegex();

    [GeneratedRegex(@"^\d+$")]
    private static partial Regex DigitsRegex();

    [GeneratedRegex("/stations/1767A$")]
    private static partial Regex StationRegex();

    [GeneratedRegex("/en/stations/1769A$")]
    private static partial Regex EnglishStationRegex();
}
