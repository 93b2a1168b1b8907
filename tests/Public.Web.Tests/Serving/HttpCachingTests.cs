using System.IO.Compression;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Serving;

/// <summary>The HTTP layer of cacheable GETs, in process only (no Redis): X-Cache, ETags, 304, compression, Cache-Control.</summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class HttpCachingTests : IDisposable
{
    // One hour of data on 2019-03-01 for every station, so that every list below has something in it.
    private const string Day = "date,hour,type,1767A,1768A,1769A,1770A,1771A\n20190301,1,PM2.5,35,40,45,50,55\n20190301,1,AQI,50,56,63,69,75\n";

    private readonly PublicWebApp _app = new();

    public HttpCachingTests() => _app.Import(_app.WriteText("day.csv", Day));

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task FirstGetIsAMissAndTheSameGetAfterItIsAHitWithTheSameBody()
    {
        using var first = await GetAsync("/api/v1/stations/1767A/hourly?from=2019-03-01&to=2019-03-01");
        using var second = await GetAsync("/api/v1/stations/1767A/hourly?from=2019-03-01&to=2019-03-01");

        Assert.Equal("miss", Header(first, "X-Cache"));
        Assert.Equal("hit", Header(second, "X-Cache"));
        Assert.Equal(await BytesAsync(first), await BytesAsync(second));
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
    }

    [Fact]
    public async Task AnImportInThisProcessIsServedAtOnceWithANewETag()
    {
        const string url = "/api/v1/stations/1767A/hourly?from=2019-03-01&to=2019-03-01";
        using var before = await GetAsync(url);
        using var cached = await GetAsync(url);
        Assert.Equal("hit", Header(cached, "X-Cache"));

        _app.Import(_app.WriteText("fix.csv", "date,hour,type,1767A\n20190301,1,PM2.5,36\n"));
        using var after = await GetAsync(url, ifNoneMatch: before.Headers.ETag!.Tag);

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal("miss", Header(after, "X-Cache"));
        Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);
        Assert.Contains("\"value\":36", await after.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.True(long.Parse(Header(after, "X-Data-Version")!, System.Globalization.CultureInfo.InvariantCulture)
            > long.Parse(Header(before, "X-Data-Version")!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task AWideSeriesKeptAfterItWasSentIsServedAgainWithTheSameBytesAndETagAndANewOneAfterAnImport()
    {
        // The wide series writes into the cache's pooled buffer, and the entry is kept only once the answer is sent.
        const string url = "/api/v1/stations/1767A/hourly?from=2019-03-01&to=2019-03-01&shape=wide";
        using var first = await GetAsync(url);
        var bytes = await BytesAsync(first);
        using var second = await GetAsync(url);
        using var notModified = await GetAsync(url, ifNoneMatch: first.Headers.ETag!.Tag);

        Assert.Equal("miss", Header(first, "X-Cache"));
        Assert.Equal("hit", Header(second, "X-Cache"));
        Assert.Equal(bytes, await BytesAsync(second));
        Assert.Equal(bytes.Length, first.Content.Headers.ContentLength);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.False(first.Headers.ETag.IsWeak);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Contains("\"pm25_ugm3\":[35]", System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);

        _app.Import(_app.WriteText("fix.csv", "date,hour,type,1767A\n20190301,1,PM2.5,36\n"));
        using var after = await GetAsync(url, ifNoneMatch: first.Headers.ETag.Tag);

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal("miss", Header(after, "X-Cache"));
        Assert.NotEqual(first.Headers.ETag, after.Headers.ETag);
        Assert.Contains("\"pm25_ugm3\":[36]", await after.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConcurrentMissesOfTheWideSeriesGetTheSameAnswerAndOnlyOneRunsTheEndpoint()
    {
        const string url = "/api/v1/stations/1768A/hourly?from=2019-03-01&to=2019-03-01&shape=wide";
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => GetAsync(url)));
        try
        {
            var bodies = await Task.WhenAll(responses.Select(BytesAsync));
            Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            Assert.All(bodies, b => Assert.Equal(Stable(bodies[0]), Stable(b)));
            Assert.Single(responses.Select(r => r.Headers.ETag!.Tag).Distinct());
            Assert.Equal(1, responses.Count(r => Header(r, "X-Cache") == "miss"));
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Theory]
    [InlineData("br", false, "1769A", 45)]
    [InlineData("gzip", false, "1770A", 50)]
    [InlineData("br", true, "1771A", 55)]
    public async Task ConcurrentRequestsOfOneAnswerInOneCodingCompressItOnce(string encoding, bool identityKept, string station, int pm25)
    {
        // A new answer (concurrent misses: one runs the endpoint, the others wait for it) or one already kept
        // uncompressed (concurrent hits of the identity entry); either way the compressed bytes are made once.
        var url = $"/api/v1/stations/{station}/hourly?from=2019-03-01&to=2019-03-01&shape=wide";
        if (identityKept)
        {
            using var plain = await GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        }

        var metrics = _app.Services.GetRequiredService<Public.Web.Serving.ServingMetrics>();
        var before = metrics.Compressions(encoding);
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => GetAsync(url, acceptEncoding: encoding)));
        try
        {
            Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            Assert.All(responses, r => Assert.Equal(encoding, Assert.Single(r.Content.Headers.ContentEncoding)));
            var bodies = await Task.WhenAll(responses.Select(BytesAsync));
            Assert.All(bodies, b => Assert.Equal(bodies[0], b));
            Assert.Single(responses.Select(r => r.Headers.ETag!.Tag).Distinct());
            Assert.Contains($"\"pm25_ugm3\":[{pm25}]", System.Text.Encoding.UTF8.GetString(Decompress(bodies[0], encoding)), StringComparison.Ordinal);
            Assert.Equal(1, metrics.Compressions(encoding) - before);
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }

        // Later requests find it compressed.
        using var later = await GetAsync(url, acceptEncoding: encoding);
        Assert.Equal("hit", Header(later, "X-Cache"));
        Assert.Equal(1, metrics.Compressions(encoding) - before);
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task CompressedAnswerDecompressesToTheSameBytesAndHasItsOwnStrongETag(string encoding)
    {
        const string url = "/api/v1/stations";
        using var plain = await GetAsync(url);
        using var compressed = await GetAsync(url, acceptEncoding: encoding + ", deflate");

        Assert.Equal(encoding, Assert.Single(compressed.Content.Headers.ContentEncoding));
        var bytes = await BytesAsync(compressed);
        Assert.True(bytes.Length < (await BytesAsync(plain)).Length, "compressed answer is smaller");
        Assert.Equal(Stable(await BytesAsync(plain)), Stable(Decompress(bytes, encoding)));
        Assert.False(compressed.Headers.ETag!.IsWeak);
        Assert.NotEqual(plain.Headers.ETag, compressed.Headers.ETag);
        Assert.Contains("Accept-Encoding", compressed.Headers.Vary);
        Assert.Contains("Accept", compressed.Headers.Vary);

        using var again = await GetAsync(url, acceptEncoding: encoding, ifNoneMatch: compressed.Headers.ETag.Tag);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await BytesAsync(again));
    }

    [Fact]
    public async Task CsvIsCompressedAndCachedApartFromJsonOfTheSameUrl()
    {
        const string url = "/api/v1/stations/1767A/hourly?from=2019-03-01&to=2019-03-01";
        using var json = await GetAsync(url, acceptEncoding: "gzip");
        using var csv = await GetAsync(url, acceptEncoding: "gzip", accept: "text/csv");

        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var text = System.Text.Encoding.UTF8.GetString(Decompress(await BytesAsync(csv), "gzip"));
        Assert.StartsWith("\uFEFFstation,time", text, StringComparison.Ordinal);
        Assert.NotNull(csv.Content.Headers.ContentDisposition);
        Assert.NotEqual(json.Headers.ETag, csv.Headers.ETag);
    }

    [Fact]
    public async Task LastModifiedIsTheImportTimeAndIfModifiedSinceGivesNotModified()
    {
        using var first = await GetAsync("/api/v1/stations");
        var lastModified = first.Content.Headers.LastModified;
        Assert.NotNull(lastModified);
        Assert.True(DateTimeOffset.UtcNow - lastModified < TimeSpan.FromMinutes(5));

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/stations", UriKind.Relative));
        request.Headers.IfModifiedSince = lastModified;
        using var again = await _app.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/stations", 60)]
    [InlineData("/api/v1/city/hourly", 60)]
    [InlineData("/api/v1/stations/1767A/hourly?from=2019-03-01&to=2019-03-31", 86400)]
    [InlineData("/api/v1/city/assessment/2019", 86400)]
    [InlineData("/api/v1/city/assessment/2019/3", 86400)]
    [InlineData("/api/v1/reference/aqi-levels", 86400)]
    public async Task CacheControlIsShortForLatestDataAndLongForClosedPeriods(string url, int maxAge)
    {
        using var response = await GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl!.Public);
        Assert.Equal(TimeSpan.FromSeconds(maxAge), response.Headers.CacheControl.MaxAge);
    }

    [Theory]
    [InlineData("/api/v1/stations/1767A/hourly?to=9999-12-31")]
    [InlineData("/api/v1/city/assessment/9999")]
    public async Task TheLastRepresentableDayIsNoServerError(string url)
    {
        using var response = await GetAsync(url);

        Assert.True((int)response.StatusCode < 500, $"{url} gave {(int)response.StatusCode}");
    }

    [Fact]
    public async Task AYearInProgressIsShortLived()
    {
        var year = DateTime.UtcNow.AddHours(8).Year;
        using var response = await GetAsync($"/api/v1/city/assessment/{year}");

        Assert.Equal(TimeSpan.FromSeconds(60), response.Headers.CacheControl!.MaxAge);
    }

    [Fact]
    public async Task ErrorsAreNeitherCachedNorGivenAnETag()
    {
        using var first = await GetAsync("/api/v1/stations/NOPE");
        using var second = await GetAsync("/api/v1/stations/NOPE");

        Assert.Equal(HttpStatusCode.NotFound, second.StatusCode);
        Assert.Null(second.Headers.ETag);
        Assert.False(second.Headers.Contains("X-Cache"));
    }

    [Fact]
    public async Task TheHomePageIsCachedWithAnETagToo()
    {
        using var first = await GetAsync("/");
        using var again = await GetAsync("/", ifNoneMatch: first.Headers.ETag!.Tag);

        Assert.Equal("text/html", first.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
    }

    [Fact]
    public async Task HealthzIsNotCached()
    {
        using var response = await GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("X-Cache"));
        Assert.Null(response.Headers.ETag);
    }

    private async Task<HttpResponseMessage> GetAsync(string url, string? acceptEncoding = null, string? ifNoneMatch = null, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.Relative));
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        return await _app.Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    internal static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    private static async Task<byte[]> BytesAsync(HttpResponseMessage response) =>
        await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);

    internal static byte[] Decompress(byte[] bytes, string encoding)
    {
        using var input = new MemoryStream(bytes);
        using Stream decompressor = encoding == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        decompressor.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>The JSON without its generatedAt value, which may differ between two answers of the same data.</summary>
    private static string Stable(byte[] body) =>
        System.Text.RegularExpressions.Regex.Replace(System.Text.Encoding.UTF8.GetString(body), "\"generatedAt\":\"[^\"]*\"", "\"generatedAt\":\"\"");
}
