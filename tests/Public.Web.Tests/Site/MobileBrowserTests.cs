using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Public.Web.Enterprises;
using Public.Web.Tests.Hosting;
using static Public.Web.Tests.Site.SiteBrowser;

namespace Public.Web.Tests.Site;

/// <summary>
/// Every page type in both languages on a 360 × 740 phone in Debian's Chromium: the page never scrolls sideways,
/// the &lt;details&gt; menu opens with JavaScript off, the server-drawn charts are there with their titles, and axe-core
/// finds no serious WCAG 2.1 A/AA violation at that size.
/// </summary>
[Trait("Category", "Browser")]
[Collection(DemoOnKestrel.Name)]
public sealed partial class MobileBrowserTests(DemoKestrelApp demo)
{
    private static readonly ViewportSize Phone = new() { Width = 360, Height = 740 };

    [Fact]
    public async Task EveryPageTypeFitsA360PixelPhoneInBothLanguagesWithItsMenuAndChartsWorkingWithoutJavaScript()
    {
        await using var browser = await LaunchAsync();
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false, ViewportSize = Phone });
        var page = await context.NewPageAsync();
        var failed = Watch(page);
        var problems = new List<string>();
        foreach (var (path, charts) in await PageTypesAsync())
        {
            var en = path.StartsWith("/en/", StringComparison.Ordinal);
            await page.GotoAsync(Url(path));
            // No sideways scrolling of the page itself (a wide table scrolls inside its own box).
            var width = await page.EvaluateAsync<int>("() => document.scrollingElement.scrollWidth");
            var inner = await page.EvaluateAsync<int>("() => window.innerWidth");
            if (width > inner)
            {
                problems.Add($"{path}: the page is {width} px wide in a {inner} px window");
            }

            // The menu is collapsed and opens on a tap, with no script.
            var firstLink = page.Locator("details.menu nav a").First;
            if (await firstLink.IsVisibleAsync())
            {
                problems.Add($"{path}: the navigation is not collapsed at 360 px");
            }

            await page.Locator("details.menu > summary").ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = en ? "Methodology" : "计算方法", Exact = true })).ToBeVisibleAsync();
            var height = await page.Locator("details.menu nav a").First.EvaluateAsync<double>("a => a.getBoundingClientRect().height");
            if (height < 48)
            {
                problems.Add($"{path}: a menu entry is {height} px tall (tap target under 48 px)");
            }

            // Charts: the expected number of server-drawn SVGs, each an image named by its own non-empty <title>.
            var svgs = page.Locator("svg.chart[role=img]");
            var count = await svgs.CountAsync();
            if (count != charts)
            {
                problems.Add($"{path}: {count} charts, expected {charts}");
            }

            for (var i = 0; i < count; i++)
            {
                var named = await svgs.Nth(i).EvaluateAsync<string[]>(
                    "s => [s.getAttribute('aria-labelledby') || '', (s.querySelector('title') || {}).textContent || '']");
                var (labelledBy, title) = (named[0], named[1]);
                var titleId = await svgs.Nth(i).Locator("title").GetAttributeAsync("id");
                if (title.Trim().Length == 0 || titleId is null || !labelledBy.Split(' ').Contains(titleId))
                {
                    problems.Add($"{path}: chart {i} has no title named by aria-labelledby ('{labelledBy}', '{title}')");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        // The 404 page is one of the page types: its own status is expected.
        failed.RemoveAll(f => f.Contains("no-such-page", StringComparison.Ordinal) || f.Contains("status of 404", StringComparison.Ordinal));
        Assert.True(failed.Count == 0, string.Join("\n", failed));
    }

    [Fact]
    public async Task AxeFindsNoSeriousViolationOnAnyPageTypeAt360Pixels()
    {
        await using var browser = await LaunchAsync();
        // axe is injected as an inline script, which the site's CSP (rightly) forbids: bypass it for the checker only.
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BypassCSP = true, ViewportSize = Phone });
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        foreach (var (path, _) in await PageTypesAsync())
        {
            await page.GotoAsync(Url(path));
            problems.AddRange((await AxeAsync(page)).Select(v => path + " " + v));
            if (path is "/" or "/en/stations/1767A")
            {
                await page.Locator("details.menu > summary").ClickAsync();
                await ShotAsync(page, "11-menu-open-" + (path == "/" ? "zh-home" : "en-station") + "-360");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>One page of every type, in Chinese and in English, with the number of charts each must carry.</summary>
    private async Task<List<(string Path, int Charts)>> PageTypesAsync()
    {
        var press = await demo.Client.GetStringAsync(new Uri("/press", UriKind.Relative), TestContext.Current.CancellationToken);
        var penalties = await demo.Client.GetStringAsync(new Uri("/penalties", UriKind.Relative), TestContext.Current.CancellationToken);
        var warnings = await demo.Client.GetStringAsync(new Uri("/warnings", UriKind.Relative), TestContext.Current.CancellationToken);
        var power = DemoEnterprises.CreditCode(0);
        var chinese = new (string, int)[]
        {
            ("/", 2), ("/stations/1767A", 4), ("/air/2019", 1), ("/plan", 0), ("/warnings", 0),
            ("/warnings/" + WarningLinkRegex().Match(warnings).Groups[1].Value, 0), ("/penalties", 0),
            ("/penalties/" + PenaltyLinkRegex().Match(penalties).Groups[1].Value, 0), ("/press", 0),
            ("/press/" + PressLinkRegex().Match(press).Groups[1].Value, 0), ("/data", 0), ("/methodology", 0), ("/about", 0),
            // The enterprise pages: the polluter map, and on a profile its three series charts.
            ("/enterprises", 1), ("/enterprises/" + power, 4), ("/audit", 0), ("/audit/method", 0), ("/audit/" + power + "/2019", 0),
            ("/no-such-page", 0),
        };
        return [.. chinese, .. chinese.Select(p => (p.Item1 == "/" ? "/en/" : "/en" + p.Item1, p.Item2))];
    }

    private string Url(string path) => new Uri(demo.BaseAddress, path).ToString();

    [GeneratedRegex("href=\"/press/([a-z0-9-]+)\"")]
    private static partial Regex PressLinkRegex();

    [GeneratedRegex("href=\"/penalties/([0-9]+)\"")]
    private static partial Regex PenaltyLinkRegex();

    [GeneratedRegex("href=\"/warnings/([^\"]+)\"")]
    private static partial Regex WarningLinkRegex();
}
