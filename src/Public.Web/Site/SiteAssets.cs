using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Public.Web.Site;

/// <summary>
/// The site's own static files under content-hash names (<c>/css/site.css</c> → <c>/css/site.3f9a0c1d2e4b.css</c>),
/// served with <c>Cache-Control: public, max-age=31536000, immutable</c>: a visitor's browser keeps them for a year
/// without asking again, and a changed file gets a new name. The plain name still answers (UseStaticFiles) for old
/// links. The static export finds the hashed names through the pages' links, so it writes the same names.
/// </summary>
internal static class SiteAssets
{
    /// <summary>The files the pages link by their hashed name.</summary>
    public static readonly string[] Fingerprinted = ["css/site.css"];

    public const string ImmutableCacheControl = "public, max-age=31536000, immutable";

    // Per process: every app of a process serves the same wwwroot (the tests start many apps).
    private static readonly ConcurrentDictionary<string, string> _hrefs = new(StringComparer.Ordinal);

    /// <summary>The link to a site file: its hashed name once <see cref="Map"/> has run, else its plain name.</summary>
    public static string Href(string path) => _hrefs.TryGetValue(path, out var href) ? href : "/" + path;

    /// <summary>Hashes each file once at start-up and maps its hashed name.</summary>
    public static void Map(WebApplication app)
    {
        var webRoot = Composition.WebRoot(app.Environment);
        var types = new FileExtensionContentTypeProvider();
        foreach (var path in Fingerprinted)
        {
            var file = webRoot.GetFileInfo(path);
            if (!file.Exists)
            {
                continue;
            }

            var bytes = Read(file);
            var hash = Convert.ToHexStringLower(SHA256.HashData(bytes))[..12];
            var dot = path.LastIndexOf('.');
            var href = "/" + path[..dot] + "." + hash + path[dot..];
            var type = types.TryGetContentType(path, out var t) ? t + (t.StartsWith("text/", StringComparison.Ordinal) ? "; charset=utf-8" : "") : "application/octet-stream";
            _hrefs[path] = href;
            app.MapGet(href, (HttpContext context) =>
            {
                context.Response.Headers.CacheControl = ImmutableCacheControl;
                context.Response.Headers.ETag = new EntityTagHeaderValue("\"" + hash + "\"").ToString();
                return Results.Bytes(bytes, type);
            }).ExcludeFromDescription();
        }
    }

    private static byte[] Read(IFileInfo file)
    {
        using var stream = file.CreateReadStream();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
