using Public.Web.Serving;
using Public.Web.Site.Press;

namespace Public.Web.Site;

internal static class SiteEndpoints
{
    /// <summary>Re-executed for a site path that has no page; it picks the language from the original path.</summary>
    public const string NotFoundPath = "/not-found";

    private static readonly string[] _nonSitePrefixes = ["/api", "/graphql", "/swagger", "/metrics", "/health", "/feeds", "/lib", "/js", "/css", "/bulk", "/log"];

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
        SiteAssets.Map(app);
        app.MapRazorComponents<App>().CachedAsData();
        app.MapGet("/sitemap.xml", (HttpContext context) =>
                Results.Content(SiteMap.Xml(SiteText.PublicOrigin(context), [.. SiteMap.AllPaths(context.RequestServices), .. Bulk.BulkApi.CatalogPaths]), "application/xml; charset=utf-8"))
            .ExcludeFromDescription().CachedAsData();
        app.MapGet(PressFeed.Path, (HttpContext context, PressLibrary press) =>
                Results.Content(PressFeed.Atom(press, SiteText.PublicOrigin(context), en: false), "application/atom+xml; charset=utf-8"))
            .ExcludeFromDescription();
        app.MapGet(PressFeed.PathEn, (HttpContext context, PressLibrary press) =>
                Results.Content(PressFeed.Atom(press, SiteText.PublicOrigin(context), en: true), "application/atom+xml; charset=utf-8"))
            .ExcludeFromDescription();
    }
}
