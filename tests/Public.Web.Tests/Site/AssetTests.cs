using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Site;

/// <summary>The site's stylesheet is linked by a content-hash name that browsers may keep for a year.</summary>
[Collection(DemoOnKestrel.Name)]
public sealed partial class AssetTests(DemoKestrelApp demo)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/en/stations/1767A")]
    public async Task StylesheetIsLinkedByItsContentHashAndServedImmutableForAYear(string path)
    {
        var (_, html) = await demo.Client.GetPageAsync(path);
        var href = StylesheetRegex().Match(html);
        Assert.True(href.Success, "no hashed stylesheet link in " + path);

        using var response = await demo.Client.GetAsync(new Uri(href.Value, UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl?.ToString());
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
        var hashed = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);

        // The name is the SHA-256 of the bytes, which are those of the plain file.
        var plain = await demo.Client.GetByteArrayAsync(new Uri("/css/site.css", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(plain, hashed);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(plain))[..12], href.Groups[1].Value);
    }

    [GeneratedRegex("(?<=<link rel=\"stylesheet\" href=\")/css/site\\.([0-9a-f]{12})\\.css(?=\")")]
    private static partial Regex StylesheetRegex();
}
