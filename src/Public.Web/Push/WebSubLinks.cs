using System.Xml;
using Microsoft.Extensions.Options;
using Public.Web.Site;

namespace Public.Web.Push;

/// <summary>
/// WebSub discovery in the Atom feeds (W3C WebSub §4: <c>&lt;link rel="hub"&gt;</c> next to <c>rel="self"</c>). The
/// self URL is the topic the hub is pinged with, so with a hub configured it is built from <c>Site:BaseUrl</c>.
/// </summary>
internal static class WebSubLinks
{
    public const string WarningsAtom = "/feeds/warnings.atom";
    public const string WarningsCap = "/feeds/warnings.cap";

    private const string AtomNs = "http://www.w3.org/2005/Atom";

    /// <summary>
    /// The origin the feeds write their links with: <c>Site:BaseUrl</c> when configured (the same topic URL for every
    /// replica and every Host header), else the request's own, as before.
    /// </summary>
    public static string FeedBase(HttpRequest request)
    {
        if (Export.ExportRequestFeature.BaseUrlOf(request.HttpContext) is { } export)
        {
            return export;
        }

        var configured = request.HttpContext.RequestServices.GetService<IConfiguration>()?[SiteText.BaseUrlKey];
        return Uri.TryCreate(configured, UriKind.Absolute, out var b) && b.Scheme is "http" or "https"
            ? b.GetLeftPart(UriPartial.Path).TrimEnd('/')
            : $"{request.Scheme}://{request.Host}{request.PathBase}";
    }

    /// <summary>The configured hub, or null.</summary>
    public static string? Hub(HttpRequest request) =>
        request.HttpContext.RequestServices.GetService<IOptions<WebSubOptions>>()?.Value.Hub is { Length: > 0 } hub ? hub : null;

    /// <summary>Writes <c>&lt;link rel="hub" href="…"/&gt;</c> when a hub is configured.</summary>
    public static void WriteHub(XmlWriter xml, string? hub)
    {
        if (hub is null)
        {
            return;
        }

        xml.WriteStartElement("link", AtomNs);
        xml.WriteAttributeString("rel", "hub");
        xml.WriteAttributeString("href", hub);
        xml.WriteEndElement();
    }
}
