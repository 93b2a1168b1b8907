using System.Text.RegularExpressions;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Site;

/// <summary>
/// One configured public origin (Site:BaseUrl) for every absolute URL a crawler or a social network reads:
/// canonical, hreflang (with x-default), Open Graph, schema.org and the sitemap — none of them leaks the origin the
/// request came in on (a proxy's internal address).
/// </summary>
[Collection(DemoOnKestrel.Name)]
public sealed partial class BaseUrlTests(DemoKestrelApp demo)
{
    private const string BaseUrl = "https://air.example.org";

    [Fact]
    public async Task ConfiguredBaseUrlIsTheOriginOfEveryAbsoluteUrlOfPagesAndSitemap()
    {
        // The demo app's database, opened by a second app that is configured with the public origin.
        using var app = new PublicWebApp(settings: new Dictionary<string, string> { ["Site:BaseUrl"] = BaseUrl + "/" }, databasePath: demo.App.DatabasePath);
        var (_, html) = await app.Client.GetPageAsync("/en/stations/1767A");
        Assert.Contains($"<link rel=\"canonical\" href=\"{BaseUrl}/en/stations/1767A\"", html, StringComparison.Ordinal);
        Assert.Contains($"<link rel=\"alternate\" hreflang=\"zh-CN\" href=\"{BaseUrl}/stations/1767A\"", html, StringComparison.Ordinal);
        Assert.Contains($"<link rel=\"alternate\" hreflang=\"en\" href=\"{BaseUrl}/en/stations/1767A\"", html, StringComparison.Ordinal);
        Assert.Contains($"<link rel=\"alternate\" hreflang=\"x-default\" href=\"{BaseUrl}/stations/1767A\"", html, StringComparison.Ordinal);
        Assert.Equal($"{BaseUrl}/en/stations/1767A", SiteHtml.Meta(html, "property", "og:url"));
        var origin = app.Client.BaseAddress!.GetLeftPart(UriPartial.Authority);
        Assert.DoesNotContain(origin, html, StringComparison.Ordinal);

        var sitemap = await app.Client.GetStringAsync(new Uri("/sitemap.xml", UriKind.Relative), TestContext.Current.CancellationToken);
        var locs = LocRegex().Matches(sitemap).Select(m => m.Groups[1].Value).ToList();
        Assert.True(locs.Count > 20, $"{locs.Count} sitemap entries");
        Assert.All(locs, l => Assert.StartsWith(BaseUrl + "/", l, StringComparison.Ordinal));
        Assert.Contains(BaseUrl + "/en/stations/1767A", locs);
    }

    [Fact]
    public async Task NotFoundPageHasNoCanonicalUrl()
    {
        var (_, html) = await demo.Client.GetPageAsync("/no-such-page");
        Assert.DoesNotContain("rel=\"canonical\"", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("<loc>([^<]+)</loc>")]
    private static partial Regex LocRegex();
}
