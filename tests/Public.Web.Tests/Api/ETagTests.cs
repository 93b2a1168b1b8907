using System.Net;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Api;

[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class ETagTests : IDisposable
{
    private const string Url = "/api/v1/stations";

    private readonly PublicWebApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task GetReturnsAStrongETagThatIfNoneMatchTurnsIntoNotModifiedWithoutBody()
    {
        using var first = await GetAsync(null);
        var tag = first.Headers.ETag;
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.NotNull(tag);
        Assert.False(tag.IsWeak);
        Assert.Matches("^\"[^\"]+\"$", tag.Tag);

        using var again = await GetAsync(tag.Tag);

        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal(tag, again.Headers.ETag);
    }

    [Fact]
    public async Task ETagIsStableWhileTheDataAreAndChangesWithThem()
    {
        using var first = await GetAsync(null);
        using var second = await GetAsync(null);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);

        _app.Import(_app.WriteText("a.csv", "date,hour,type,1767A\n20190301,1,AQI,57\n"));
        using var afterImport = await GetAsync(first.Headers.ETag!.Tag);

        Assert.Equal(HttpStatusCode.OK, afterImport.StatusCode);
        Assert.NotEqual(first.Headers.ETag, afterImport.Headers.ETag);
    }

    [Fact]
    public async Task HealthzAnswersOk()
    {
        using var response = await _app.Client.GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private async Task<HttpResponseMessage> GetAsync(string? ifNoneMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Url, UriKind.Relative));
        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        return await _app.Client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
