using System.Net;
using System.Text.RegularExpressions;

namespace Public.Web.Tests.Site;

/// <summary>Reads a page as a browser would receive it, and the few things the page tests look for in it.</summary>
internal static partial class SiteHtml
{
    public static async Task<(HttpStatusCode Status, string Html)> GetPageAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        }

        return (response.StatusCode, html);
    }

    public static string? Meta(string html, string attribute, string name)
    {
        var m = Regex.Match(html, $"<meta {attribute}=\"{Regex.Escape(name)}\" content=\"([^\"]*)\"");
        return m.Success ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;
    }

    public static string? Title(string html) =>
        TitleRegex().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    public static string? HtmlLang(string html) =>
        LangRegex().Match(html) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>The text of the first element carrying the attribute (e.g. data-testid="city-aqi").</summary>
    public static string? Marked(string html, string attribute) =>
        Regex.Match(html, $"<[a-z]+[^>]* {attribute}[^>]*>([^<]*)<") is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value).Trim() : null;

    [GeneratedRegex("<title>([^<]*)</title>")]
    private static partial Regex TitleRegex();

    [GeneratedRegex("<html lang=\"([^\"]+)\"")]
    private static partial Regex LangRegex();
}
