using Microsoft.Playwright;

namespace Public.Web.Tests.Site;

/// <summary>
/// What the site's browser tests share: Debian's Chromium launched headless, a watch on failed requests and script
/// errors, screenshots kept under TestResults/site-screenshots, and an axe-core run that returns the serious and
/// critical WCAG 2.1 A/AA violations.
/// </summary>
internal static class SiteBrowser
{
    private const string Chromium = "/usr/bin/chromium";

    // One Playwright driver (a Node process) for the test process; every test still launches a browser of its own.
    private static readonly Lazy<Task<IPlaywright>> Driver = new(() => Playwright.CreateAsync());

    public static async Task<IBrowser> LaunchAsync()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} not found: run tests/run.sh, which installs Debian's chromium package.");
        var playwright = await Driver.Value;
        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>Failed requests, script errors and console errors (a CSP violation is one) of the page.</summary>
    public static List<string> Watch(IPage page)
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

    public static async Task ShotAsync(IPage page, string name)
    {
        var folder = ScreenshotFolder();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    /// <summary>
    /// The serious and critical axe-core violations (WCAG 2.0/2.1 A and AA) of the page; the context must bypass CSP.
    /// <c>resultTypes: ['violations']</c>: axe still runs every rule on every node, but keeps one example node of the
    /// passes, incomplete and inapplicable lists (which nothing here reads) instead of all of them.
    /// </summary>
    public static async Task<string[]> AxeAsync(IPage page)
    {
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = Path.Combine(AppContext.BaseDirectory, "Site", "axe", "axe.min.js") });
        return await page.EvaluateAsync<string[]>(
            "async () => (await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'], resultTypes: ['violations'] })).violations" +
            ".filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))");
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
}
