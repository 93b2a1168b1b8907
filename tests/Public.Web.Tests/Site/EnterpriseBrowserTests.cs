using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Public.Web.Enterprises;
using Public.Web.Tests.Hosting;
using static Public.Web.Tests.Site.SiteBrowser;

namespace Public.Web.Tests.Site;

/// <summary>
/// The enterprise pages in Debian's Chromium against the demo app on Kestrel: an NGO's path from the directory
/// through a search to a profile and a CSV download on a 360 px phone with JavaScript off; server-drawn charts over
/// their tables with the limit line; no sideways scrolling; axe-core finds nothing serious.
/// </summary>
[Trait("Category", "Browser")]
[Collection(DemoOnKestrel.Name)]
public sealed partial class EnterpriseBrowserTests(DemoKestrelApp demo)
{
    private static readonly string Power = DemoEnterprises.CreditCode(0);

    [Fact]
    public async Task SearchOpenAProfileChooseAMonthAndDownloadItsCsvWithJavaScriptOffOnAPhone()
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
        // On a phone the navigation is a <details> menu, which opens without JavaScript.
        await page.Locator("details.menu > summary").ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "重点排污单位" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "重点排污单位", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("enterprise-count")).ToContainTextAsync("找到 30 家企业");
        await page.GetByLabel("名称或统一社会信用代码").FillAsync("热电");
        await page.GetByLabel("名录年份").SelectOptionAsync("2021");
        await page.GetByRole(AriaRole.Button, new() { Name = "搜索" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(SearchRegex());
        // Power plants 1, 11, 21 are on the 2021 list (even-numbered demo enterprises stay one more year).
        await Assertions.Expect(page.GetByTestId("enterprise-count")).ToContainTextAsync("找到 3 家企业");
        await ShotAsync(page, "7-enterprises-search-zh-360");

        await page.GetByRole(AriaRole.Link, new() { Name = "示例热电第01有限公司" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/enterprises/" + Power + "$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "最新排放与限值对比" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("self-monitoring-label")).ToContainTextAsync("企业自行监测数据，未经生态环境部门审核");
        await ShotAsync(page, "8-enterprise-zh-360");

        await page.GetByLabel("月份").SelectOptionAsync("2019-12");
        await page.GetByRole(AriaRole.Button, new() { Name = "显示" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(MonthRegex());
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "2019-12 小时数据与限值" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("table[data-series='DA001/a21026'] .exceeded").First).ToContainTextAsync("超标 ×");

        var href = await page.Locator("a[data-testid='csv-hourly'][data-series='DA001/a21026']").GetAttributeAsync("href");
        Assert.NotNull(href);
        var download = await context.APIRequest.GetAsync(Url(href!));
        Assert.Equal(200, download.Status);
        Assert.StartsWith("text/csv", download.Headers["content-type"], StringComparison.Ordinal);
        var body = await download.BodyAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, body.Take(3).ToArray());
        var lines = Encoding.UTF8.GetString(body[3..]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("dataTime,pollutant,measured,flag", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("2019-12-01T", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("2019-12-31T", lines[^1], StringComparison.Ordinal);
        Assert.All(lines.Skip(1), l => Assert.EndsWith("企业自行监测数据，未经生态环境部门审核", l.TrimEnd('\r'), StringComparison.Ordinal));

        foreach (var path in new[] { "/enterprises", "/en/enterprises", "/enterprises/" + Power, "/en/enterprises/" + Power })
        {
            await page.GotoAsync(Url(path));
            var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(width <= 360, $"{path}: the page is {width} px wide on a 360 px screen");
        }

        Assert.True(failed.Count == 0, string.Join("\n", failed));
    }

    [Fact]
    public async Task ChartsWithTheLimitLineAreDrawnOverTheirTablesAndAxeFindsNoSeriousViolation()
    {
        await using var browser = await LaunchAsync();
        // axe is injected as an inline script, which the site's CSP (rightly) forbids: bypass it for the checker only.
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BypassCSP = true, ViewportSize = new ViewportSize { Width = 1024, Height = 800 } });
        var page = await context.NewPageAsync();
        var failed = Watch(page);
        var problems = new List<string>();
        foreach (var path in new[] { "/enterprises", "/en/enterprises?search=热电", "/enterprises/" + Power, "/en/enterprises/" + Power + "?month=2019-12" })
        {
            await page.GotoAsync(Url(path));
            if (path.Contains(Power, StringComparison.Ordinal))
            {
                // One server-drawn chart per automatically monitored series, named for screen readers, over its table.
                // (The polluter map is an svg.chart too: the series charts are the others.)
                await Assertions.Expect(page.Locator("svg.chart:not(.map)[role=img]").First).ToBeVisibleAsync();
                Assert.Equal(3, await page.Locator("svg.chart:not(.map)[role=img]").CountAsync());
                Assert.Equal(1, await page.Locator("svg.chart.map[role=img] rect[data-enterprise]").CountAsync());
                Assert.Equal(3, await page.Locator("table[data-series]").CountAsync());
                // The limit is the dashed line (and its legend sample): two dashed paths in a chart.
                Assert.Equal(2, await page.Locator("svg.chart:not(.map)").First.Locator("path[stroke-dasharray]").CountAsync());
                // The tables stay, as the text alternative of the charts.
                await Assertions.Expect(page.Locator("table[data-series='DA001/a21026'] tbody tr").First).ToBeAttachedAsync();
                if (path == "/enterprises/" + Power)
                {
                    await ShotAsync(page, "9-enterprise-chart-zh-1024");
                }
            }

            problems.AddRange((await AxeAsync(page)).Select(v => path + " " + v));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));

        // With JavaScript, on a phone, the charts still fit the screen.
        await using var phone = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 360, Height = 740 } });
        var small = await phone.NewPageAsync();
        failed.AddRange(Watch(small));
        await small.GotoAsync(Url("/enterprises/" + Power));
        await Assertions.Expect(small.Locator("svg.chart").First).ToBeVisibleAsync();
        var width = await small.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= 360, $"the profile with charts is {width} px wide on a 360 px screen");
        await ShotAsync(small, "10-enterprise-chart-zh-360");
        Assert.True(failed.Count == 0, string.Join("\n", failed));
    }

    private string Url(string path) => new Uri(demo.BaseAddress, path).ToString();

    [GeneratedRegex("/enterprises\\?search=%E7%83%AD%E7%94%B5")]
    private static partial Regex SearchRegex();

    [GeneratedRegex("month=2019-12$")]
    private static partial Regex MonthRegex();
}
