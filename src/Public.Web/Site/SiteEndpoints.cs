using Public.Web.AirQuality;
using Public.Web.Serving;
using Public.Web.Warnings;

namespace Public.Web.Site;

internal static class SiteEndpoints
{
    /// <summary>Re-executed for a site path that has no page; it picks the language from the original path.</summary>
    public const string NotFoundPath = "/not-found";

    private static readonly string[] _nonSitePrefixes = ["/api", "/graphql", "/swagger", "/metrics", "/health", "/feeds", "/lib", "/js", "/css"];

    public static bool IsSitePath(PathString path)
    {
        foreach (var prefix in _nonSitePrefixes)
        {
            if (path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The pages, cached like data: the cache key is the path (which holds the language) and the data version, so a
    /// page is rendered once per import and language.
    /// </summary>
    public static void MapSite(this WebApplication app)
    {
        app.MapRazorComponents<App>().CachedAsData();
        app.MapGet("/sitemap.xml", (HttpRequest request, AirQualityQueries air, WarningQueries warnings) =>
                Results.Content(SiteMap.Xml($"{request.Scheme}://{request.Host}", SiteMap.AllPaths(air, warnings)), "application/xml; charset=utf-8"))
            .ExcludeFromDescription().CachedAsData();
    }
}
