using System.Net;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Serving;

public sealed class RateLimitTests : IDisposable
{
    private readonly PublicWebApp _app = new(settings: new Dictionary<string, string> { ["RateLimiting:PermitPerMinute"] = "3" });

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task AnswersCountDownTheLimitAndTheRequestPastItGets429WithRetryAfter()
    {
        var remaining = new List<string?>();
        for (var i = 0; i < 3; i++)
        {
            using var ok = await GetAsync("/api/v1/stations");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal("3", HttpCachingTests.Header(ok, "RateLimit-Limit"));
            Assert.Equal("3;w=60", HttpCachingTests.Header(ok, "RateLimit-Policy"));
            var reset = int.Parse(HttpCachingTests.Header(ok, "RateLimit-Reset")!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(reset, 0, 60);
            remaining.Add(HttpCachingTests.Header(ok, "RateLimit-Remaining"));
        }

        using var refused = await GetAsync("/api/v1/stations");

        Assert.Equal(["2", "1", "0"], remaining);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);
        Assert.Equal("0", HttpCachingTests.Header(refused, "RateLimit-Remaining"));
        Assert.Equal("nosniff", HttpCachingTests.Header(refused, "X-Content-Type-Options"));
    }

    [Fact]
    public async Task ProbesAreNeverLimited()
    {
        for (var i = 0; i < 10; i++)
        {
            using var health = await GetAsync("/healthz");
            using var ready = await GetAsync("/readyz");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }
    }

    private Task<HttpResponseMessage> GetAsync(string url) => _app.Client.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);
}
