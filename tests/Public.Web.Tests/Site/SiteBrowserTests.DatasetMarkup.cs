using Microsoft.Playwright;
using static Public.Web.Tests.Site.SiteBrowser;

namespace Public.Web.Tests.Site;

public sealed partial class SiteBrowserTests
{
    /// <summary>
    /// JSON-LD is a data block: the CSP (script-src 'self', no inline script) must not block or report it, and the
    /// browser must see it as parseable JSON.
    /// </summary>
    [Fact]
    public async Task SchemaOrgMarkupCausesNoCspViolationAndParsesInTheBrowser()
    {
        await using var browser = await LaunchAsync();
        var page = await browser.NewPageAsync();
        var failed = Watch(page);
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add(message.Text);
            }
        };
        foreach (var path in new[] { "/data", "/en/data", "/stations/1767A", "/air/2019", "/en/air/2019" })
        {
            await page.GotoAsync(Url(path));
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var types = await page.EvaluateAsync<string[]>(
                "() => Array.from(document.querySelectorAll('script[type=\"application/ld+json\"]')).map(s => JSON.parse(s.textContent)['@type'])");
            Assert.Equal(path.EndsWith("/data", StringComparison.Ordinal) ? "DataCatalog" : "Dataset", Assert.Single(types));
        }

        Assert.True(violations.Count == 0, string.Join("\n", violations));
        Assert.True(failed.Count == 0, string.Join("\n", failed));
    }
}
