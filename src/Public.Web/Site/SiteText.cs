using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Public.Standards.AirQuality;

namespace Public.Web.Site;

/// <summary>Formatting and path helpers shared by the pages, the sitemap and the export.</summary>
public static class SiteText
{
    public const string SiteNameZh = "锦州蓝天公开数据";
    public const string SiteNameEn = "Jinzhou Blue Sky open data";

    /// <summary>The configuration key of the site's public origin (the export's --base-url sets it).</summary>
    public const string BaseUrlKey = "Site:BaseUrl";

    /// <summary>
    /// The origin every absolute URL of the site starts with (canonical, hreflang, Open Graph, sitemap, feeds,
    /// schema.org): the export's base URL for a request of the server's own export (<c>Export:BaseUrl</c>), else
    /// <c>Site:BaseUrl</c> when configured, else the request's own scheme and host.
    /// </summary>
    public static string PublicOrigin(HttpContext? context)
    {
        if (context is null)
        {
            return "";
        }

        if (Export.ExportRequestFeature.BaseUrlOf(context) is { } export)
        {
            return export;
        }

        var configured = context.RequestServices.GetService<IConfiguration>()?[BaseUrlKey];
        return Uri.TryCreate(configured, UriKind.Absolute, out var b) && b.Scheme is "http" or "https"
            ? b.GetLeftPart(UriPartial.Path).TrimEnd('/')
            : $"{context.Request.Scheme}://{context.Request.Host}";
    }

    /// <summary>The path the visitor asked for: on the re-executed 404 page, the original one.</summary>
    public static string RequestedPath(HttpContext? context) =>
        context?.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath is { Length: > 0 } original ? original : context?.Request.Path.Value ?? "/";

    public static bool IsEnglish(HttpContext? context) =>
        new PathString(RequestedPath(context)).StartsWithSegments("/en", StringComparison.OrdinalIgnoreCase);

    public static string Localize(string path, bool en) =>
        !en ? path : path == "/" ? "/en/" : "/en" + path;

    public static string Chinese(string path)
    {
        // "/en" as a whole segment only: "/enterprises" is a Chinese path.
        if (!new PathString(path).StartsWithSegments("/en", StringComparison.OrdinalIgnoreCase))
        {
            return path;
        }

        var rest = path[3..];
        return rest.Length == 0 || rest == "/" ? "/" : rest;
    }

    public static string Number(decimal? value) =>
        value is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) : "—";

    public static string Percent(decimal? value) =>
        value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—";

    /// <summary>Health advice of HJ 633 表2 for an AQI.</summary>
    public static string Advice(int aqi, bool en)
    {
        var level = AqiLevels.For(aqi);
        return en ? level.AdviceEn : level.AdviceZh;
    }

    public static string Effect(int aqi, bool en)
    {
        var level = AqiLevels.For(aqi);
        return en ? level.HealthEffectEn : level.HealthEffectZh;
    }

    /// <summary>Black or white text, whichever reads on the level's colour (WCAG contrast).</summary>
    public static string TextOn(string hex)
    {
        var h = hex.TrimStart('#');
        if (h.Length != 6)
        {
            return "#000";
        }

        var r = int.Parse(h[..2], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var g = int.Parse(h[2..4], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var b = int.Parse(h[4..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var luminance = (0.2126 * Linear(r)) + (0.7152 * Linear(g)) + (0.0722 * Linear(b));
        return luminance > 0.179 ? "#000" : "#fff";
    }

    private static double Linear(int c)
    {
        var s = c / 255.0;
        return s <= 0.03928 ? s / 12.92 : Math.Pow((s + 0.055) / 1.055, 2.4);
    }

    public static string PollutantName(string code) => code switch
    {
        "PM2.5" => "PM₂.₅",
        "PM10" => "PM₁₀",
        "SO2" => "SO₂",
        "NO2" => "NO₂",
        "O3" => "O₃",
        _ => code,
    };
}
