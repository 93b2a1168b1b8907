using System.Net;
using System.Text.RegularExpressions;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Site;

/// <summary>
/// The budget: the home page as transferred (HTML + CSS + any script, compressed as the server sends it to a
/// browser asking for br/gzip) under 50 KB with its charts and map. The charts are inline SVG in the HTML, so they
/// are counted; no chart library is loaded at all.
/// </summary>
[Collection(DemoOnKestrel.Name)]
public sealed partial class PageWeightTests(DemoKestrelApp demo)
{
    private const int BudgetBytes = 50 * 1024;

    [Theory]
    [InlineData("/")]
    [InlineData("/en/")]
    public async Task HomePageWithItsChartsTransfersUnder50Kilobytes(string path)
    {
        // A browser's request: compressed transfer, counted as it comes over the wire (no automatic decompression).
        using var client = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = demo.BaseAddress };
        var (htmlBytes, htmlEncoding, html) = await FetchAsync(client, path, text: true);
        var resources = ResourceRegex().Matches(html!).Select(m => m.Groups["url"].Value).Where(u => u.StartsWith('/') && !u.StartsWith("//", StringComparison.Ordinal)).Distinct().ToList();
        Assert.Contains(resources, r => r.StartsWith("/css/site", StringComparison.Ordinal) && r.EndsWith(".css", StringComparison.Ordinal));
        Assert.DoesNotContain(resources, r => r.Contains("echarts", StringComparison.Ordinal));
        // The charts are in the counted HTML itself.
        Assert.Contains("<svg class=\"chart\"", html, StringComparison.Ordinal);

        var total = htmlBytes;
        var lines = new List<string> { $"{path}: {htmlBytes:N0} bytes ({htmlEncoding})" };
        foreach (var resource in resources)
        {
            var (bytes, encoding, _) = await FetchAsync(client, resource, text: false);
            total += bytes;
            lines.Add($"{resource}: {bytes:N0} bytes ({encoding})");
        }

        lines.Add($"total: {total:N0} bytes ({total / 1024.0:0.0} KB) of a {BudgetBytes / 1024} KB budget");
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join("\n", lines));
        // The page itself is compressed (text/html is): the figure is what goes over the wire.
        Assert.True(htmlEncoding is "br" or "gzip", $"{path} sent as {htmlEncoding}");
        Assert.True(total < BudgetBytes, string.Join("\n", lines));
    }

    private static async Task<(long Bytes, string Encoding, string? Text)> FetchAsync(HttpClient client, string url, bool text)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "br, gzip");
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} → {(int)response.StatusCode}");
        var body = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        var encoding = string.Join(",", response.Content.Headers.ContentEncoding) is { Length: > 0 } e ? e : "identity";
        string? decoded = null;
        if (text)
        {
            // Read the page's links from an uncompressed copy.
            using var plain = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.All }) { BaseAddress = client.BaseAddress };
            decoded = await plain.GetStringAsync(url, TestContext.Current.CancellationToken);
        }

        return (body.LongLength, encoding, decoded);
    }

    /// <summary>Stylesheets, scripts and images referenced by the first render (preloads included).</summary>
    [GeneratedRegex("<(?:link[^>]*rel=\"(?:stylesheet|preload|modulepreload)\"[^>]*href|script[^>]*src|img[^>]*src)=\"(?<url>[^\"]+)\"")]
    private static partial Regex ResourceRegex();
}
