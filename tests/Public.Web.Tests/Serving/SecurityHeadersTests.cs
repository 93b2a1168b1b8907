using System.Net;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Serving;

public sealed class SecurityHeadersTests : IDisposable
{
    private readonly PublicWebApp _app = new();

    public void Dispose() => _app.Dispose();

    [Theory]
    [InlineData("/", HttpStatusCode.OK)]
    [InlineData("/api/v1/stations", HttpStatusCode.OK)]
    [InlineData("/api/v1/stations/NOPE", HttpStatusCode.NotFound)]
    [InlineData("/api/v1/city/hourly?from=nonsense", HttpStatusCode.BadRequest)]
    [InlineData("/no/such/page", HttpStatusCode.NotFound)]
    [InlineData("/swagger/index.html", HttpStatusCode.OK)]
    [InlineData("/healthz", HttpStatusCode.OK)]
    public async Task EveryAnswerCarriesTheSecurityHeaders(string url, HttpStatusCode status)
    {
        using var response = await _app.Client.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("nosniff", HttpCachingTests.Header(response, "X-Content-Type-Options"));
        Assert.Equal("strict-origin-when-cross-origin", HttpCachingTests.Header(response, "Referrer-Policy"));
        Assert.Equal("DENY", HttpCachingTests.Header(response, "X-Frame-Options"));
        var csp = HttpCachingTests.Header(response, "Content-Security-Policy");
        Assert.NotNull(csp);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CorsIsOpenForGet()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/stations", UriKind.Relative));
        request.Headers.Add("Origin", "https://example.org");
        using var response = await _app.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal("*", HttpCachingTests.Header(response, "Access-Control-Allow-Origin"));
    }
}

/// <summary>On real Kestrel: what only a real server shows (the Server banner), and the pages in a real browser under the CSP.</summary>
public sealed class KestrelServingTests : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";

    private readonly PublicWebApp _app = new(kestrel: true);

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task KestrelSendsNoServerBanner()
    {
        using var response = await _app.Client.GetAsync(new Uri("/api/v1/stations", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(response.Headers.Server);
    }

    [Fact]
    public async Task AnOversizedRequestHeaderIsRefused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/stations", UriKind.Relative));
        request.Headers.TryAddWithoutValidation("X-Padding", new string('x', 40 * 1024));
        using var response = await _app.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task SwaggerUiRendersTheOperationsUnderTheContentSecurityPolicy()
    {
        var (dom, log) = await RenderAsync("/swagger/index.html");

        // The operations list is built by Swagger UI's script from swagger.json: it exists only if the CSP let both run.
        Assert.Contains("opblock", dom, StringComparison.Ordinal);
        Assert.Contains("/api/v1/stations", dom, StringComparison.Ordinal);
        Assert.DoesNotContain("Content Security Policy", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HomePageRendersWithItsStylesUnderTheContentSecurityPolicy()
    {
        var (dom, log) = await RenderAsync("/");

        Assert.Contains("锦州蓝天公开数据", dom, StringComparison.Ordinal);
        Assert.DoesNotContain("Content Security Policy", log, StringComparison.Ordinal);
    }

    /// <summary>Debian's Chromium, headless: the DOM after scripts ran, and the console (where CSP violations are reported).</summary>
    private async Task<(string Dom, string Log)> RenderAsync(string path)
    {
        Assert.SkipUnless(File.Exists(Chromium), $"{Chromium} is missing (tests/run.sh installs it)");
        var profile = Path.Combine(_app.Folder, "chromium-" + Guid.NewGuid().ToString("N"));
        var info = new System.Diagnostics.ProcessStartInfo(Chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + profile,
                     "--enable-logging=stderr", "--v=0", "--virtual-time-budget=10000", "--dump-dom", new Uri(_app.Client.BaseAddress!, path).ToString(),
                 })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(info)!;
        var dom = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var log = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (await dom, await log);
    }
}
