using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Public.Web.Tests.Hosting;

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
    private const string Chromium = "/usr/bin/chromium";

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

    private Uri Base => demo.BaseAddress;

    private string Url(string path) => new Uri(Base, path).ToString();

    private static async Task<IBrowser> LaunchAsync()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} not found: run tests/run.sh, which installs Debian's chromium package.");
        var playwright = await Playwright.CreateAsync();
        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>Failed requests, script errors and console errors (a CSP violation is one) of the page.</summary>
    private static List<string> Watch(IPage page)
    {
        var failed = new List<string>();
        page.RequestFailed += (_, request) => failed.Add("request failed: " + request.Url);
        page.PageError += (_, error) => failed.Add("script error: " + error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                failed.Add("console: " + message.Text);
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                failed.Add($"{response.Status}: {response.Url}");
            }
        };
        return failed;
    }

    private static async Task ShotAsync(IPage page, string name)
    {
        var folder = ScreenshotFolder();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    private static string ScreenshotFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Public.Web.Tests.csproj")))
            {
                return Directory.CreateDirectory(Path.Combine(dir.FullName, "TestResults", "site-screenshots")).FullName;
            }
        }

        return Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults", "site-screenshots")).FullName;
    }

    [GeneratedRegex(@"^\d+$")]
    private static partial Regex DigitsRegex();

    [GeneratedRegex("/stations/1767A$")]
    private static partial Regex StationRegex();

    [GeneratedRegex("/en/stations/1769A$")]
    private static partial Regex EnglishStationRegex();
}
