using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Site;

/// <summary>
/// One export of the demo site, made by the real CLI (<c>export-site</c>, a separate process) from the shared demo
/// database, and served by a plain static file server (ASP.NET Core's own UseDefaultFiles + UseStaticFiles over the
/// folder, nothing of ours). Made once, on first use, for the tests of <see cref="ExportTests"/> and of the log's
/// verification over the export (a fixture of the <see cref="DemoOnKestrel"/> collection).
/// </summary>
public sealed class ExportedSite : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private WebApplication? _server;

    public string Folder { get; private set; } = "";

    public string Stdout { get; private set; } = "";

    public HttpClient Static { get; private set; } = new();

    public async Task EnsureAsync(DemoKestrelApp demo)
    {
        await _gate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (_server is not null)
            {
                return;
            }

            var port = FreePort();
            var origin = $"http://127.0.0.1:{port}";
            var parent = Directory.CreateTempSubdirectory("export-test-").FullName;
            Folder = Path.Combine(parent, "site");
            var (exit, stdout, stderr) = await AppProcess.RunAsync(parent, "export-site", Folder, "--db", demo.App.DatabasePath, "--no-demo", "--no-hourly", "--base-url", origin);
            Assert.True(exit == 0, $"export-site exited {exit}:\n{stderr}\n{stdout}");
            Stdout = stdout;

            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls(origin);
            _server = builder.Build();
            var files = new PhysicalFileProvider(Folder);
            _server.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            var types = new FileExtensionContentTypeProvider();
            types.Mappings[".cap"] = "application/atom+xml";
            _server.UseStaticFiles(new StaticFileOptions { FileProvider = files, ContentTypeProvider = types, ServeUnknownFileTypes = true });
            await _server.StartAsync(TestContext.Current.CancellationToken);
            Static = new HttpClient { BaseAddress = new Uri(origin + "/") };
        }
        finally
        {
            _gate.Release();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Static.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (Folder.Length > 0)
        {
            try
            {
                Directory.Delete(Path.GetDirectoryName(Folder)!, recursive: true);
            }
            catch (IOException)
            {
                // The OS temp cleaner takes it.
            }
        }

        _gate.Dispose();
    }
}

/// <summary>The static export: a clean crawl over a plain static server, and the same pages and CSV as the live server.</summary>
[Collection(DemoOnKestrel.Name)]
public sealed partial class ExportTests(DemoKestrelApp demo, ExportedSite site)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CrawlOfTheExportOnAPlainStaticServerFindsNoBrokenLink()
    {
        await site.EnsureAsync(demo);
        var origin = site.Static.BaseAddress!;
        var queue = new Queue<(Uri Url, string From)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var broken = new List<string>();
        var pages = 0;
        var sitemapEntries = 0;
        var contentUrls = 0;
        foreach (var start in new[] { "/", "/en/", "/sitemap.xml", "/404.html", "/feeds/warnings.cap" })
        {
            queue.Enqueue((new Uri(origin, start), "(start)"));
        }

        while (queue.Count > 0)
        {
            var (url, from) = queue.Dequeue();
            if (!seen.Add(url.GetLeftPart(UriPartial.Query)))
            {
                continue;
            }

            using var response = await site.Static.GetAsync(url, Cancel);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                broken.Add($"{url.PathAndQuery} → {(int)response.StatusCode} (linked from {from})");
                continue;
            }

            var type = response.Content.Headers.ContentType?.MediaType ?? "";
            if (type is not ("text/html" or "application/xml" or "text/xml" or "application/atom+xml"))
            {
                continue;
            }

            // The final URL after a directory redirect (/stations/1767A → /stations/1767A/) is the base of relative links.
            var at = response.RequestMessage?.RequestUri ?? url;
            var text = await response.Content.ReadAsStringAsync(Cancel);
            pages += type == "text/html" ? 1 : 0;
            var links = LinkAttribute().Matches(text).Select(m => WebUtility.HtmlDecode(m.Groups[2].Value)).ToList();
            var locs = SitemapLoc().Matches(text).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
            sitemapEntries += at.AbsolutePath == "/sitemap.xml" ? locs.Count : 0;
            // schema.org downloads in the JSON-LD ('&' is written \u0026 there).
            var downloads = ContentUrl().Matches(text).Select(m => m.Groups[1].Value.Replace("\\u0026", "&", StringComparison.Ordinal)).ToList();
            contentUrls += downloads.Count;
            foreach (var link in links.Concat(locs).Concat(downloads))
            {
                if (link.StartsWith('#') || link.StartsWith("data:", StringComparison.Ordinal) || link.StartsWith("mailto:", StringComparison.Ordinal))
                {
                    continue;
                }

                var target = new Uri(at, link);
                if (target.Authority != origin.Authority)
                {
                    continue;
                }

                Assert.True(string.IsNullOrEmpty(target.Query), $"{at.PathAndQuery} links {link}: a query string, which a static server ignores");
                queue.Enqueue((target, at.PathAndQuery));
            }
        }

        Assert.True(broken.Count == 0, "broken links:\n" + string.Join("\n", broken.Take(40)));
        // The sitemap lists every page (both languages, each release, station, year, warning and decision); all of them were fetched.
        Assert.True(sitemapEntries > 100, $"sitemap has {sitemapEntries} entries");
        Assert.True(pages >= sitemapEntries, $"{pages} pages crawled, sitemap has {sitemapEntries}");
        Assert.True(contentUrls > 20, $"{contentUrls} schema.org contentUrl followed");
        // The charts are inline SVG: no chart library is shipped.
        using var echarts = await site.Static.GetAsync("/lib/echarts/echarts.min.js", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, echarts.StatusCode);
    }

    public static TheoryData<string> StablePages() => ["/air/2019", "/en/air/2019", "/plan", "/plan/m24", "/en/plan/departments/huanbao", "/en/press/website-launch", "/press", "/en/data", "/penalties",
        "/en/docs/conventions", "/data/penalties"];

    [Theory]
    [MemberData(nameof(StablePages))]
    public async Task ExportedPageEqualsWhatTheServerServesExceptForItsLinks(string path)
    {
        await site.EnsureAsync(demo);
        var (status, live) = await demo.Client.GetPageAsync(path);
        Assert.Equal(HttpStatusCode.OK, status);
        var exported = await site.Static.GetStringAsync(path, Cancel);
        Assert.Equal(WithoutLinks(live), WithoutLinks(exported));
        // ... and the links differ only where the static copy needs it: every query string is gone.
        Assert.DoesNotContain("?", string.Concat(LinkAttribute().Matches(exported).Select(m => m.Groups[2].Value)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CsvSnapshotLinkedFromTheYearPageEqualsTheLiveApiCsv()
    {
        await site.EnsureAsync(demo);
        var page = await site.Static.GetStringAsync("/air/2019", Cancel);
        var csvLink = LinkAttribute().Matches(page).Select(m => WebUtility.HtmlDecode(m.Groups[2].Value)).Single(l => l.StartsWith("/api/v1/city/daily", StringComparison.Ordinal) && l.EndsWith(".csv", StringComparison.Ordinal));
        var snapshot = await site.Static.GetByteArrayAsync(csvLink, Cancel);
        var live = await demo.Client.GetByteArrayAsync("/api/v1/city/daily?from=2019-01-01&to=2019-12-31&format=csv", Cancel);
        Assert.True(snapshot.Length > 365 * 20, $"{csvLink}: {snapshot.Length} bytes");
        Assert.Equal(live, snapshot);
        // 2019 has 365 days: header + 365 rows.
        Assert.Equal(366, System.Text.Encoding.UTF8.GetString(snapshot).TrimEnd().Split('\n').Length);
    }

    [Fact]
    public async Task ExportHoldsEveryBulkFileOfSha256SumsWithItsHashAndTheCatalog()
    {
        await site.EnsureAsync(demo);
        var sums = (await File.ReadAllLinesAsync(Path.Combine(site.Folder, "bulk", "SHA256SUMS"), Cancel)).Select(l => l.Split("  ")).ToList();
        Assert.Contains(sums, s => s[1] == "station-hours/2019.parquet");
        foreach (var sum in sums)
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(site.Folder, "bulk", sum[1]), Cancel);
            Assert.Equal(sum[0], Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
        }

        foreach (var file in new[] { "/catalog.jsonld", "/catalog.ttl", "/bulk/datapackage.json", "/bulk/station-hours/datapackage.json" })
        {
            using var response = await site.Static.GetAsync(new Uri(file, UriKind.Relative), Cancel);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{file} → {(int)response.StatusCode}");
            var text = await response.Content.ReadAsStringAsync(Cancel);
            Assert.Contains(site.Static.BaseAddress!.GetLeftPart(UriPartial.Authority) + "/", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ReportCountsWhatIsInTheFolder()
    {
        await site.EnsureAsync(demo);
        var files = Directory.EnumerateFiles(site.Folder, "*", SearchOption.AllDirectories).ToList();
        var html = files.Count(f => f.EndsWith(".html", StringComparison.Ordinal) && !f.Contains("/lib/", StringComparison.Ordinal));
        Assert.Contains($"pages (HTML): {html}\n", site.Stdout, StringComparison.Ordinal);
        Assert.Contains($"total: {files.Count} files", site.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"elapsed: \d+\.\d\d s", site.Stdout);
        Assert.True(File.Exists(Path.Combine(site.Folder, "404.html")));
        Assert.True(File.Exists(Path.Combine(site.Folder, "en", "stations", "1767A", "index.html")));
        Assert.True(File.Exists(Path.Combine(site.Folder, "export-manifest.json")));
        Assert.True(File.Exists(Path.Combine(site.Folder, "docs", "api-stability", "index.html")));
        Assert.True(File.Exists(Path.Combine(site.Folder, "en", "data", "stations", "index.html")));
    }

    /// <summary>Attribute values that hold links (and absolute URLs anywhere) blanked: what is left must be identical.</summary>
    private static string WithoutLinks(string html) =>
        AbsoluteUrl().Replace(LinkAttribute().Replace(html, m => m.Groups[1].Value + "=\"\""), "URL");

    [GeneratedRegex("\\s(href|src|action)=\"([^\"]*)\"")]
    private static partial Regex LinkAttribute();

    [GeneratedRegex("\"contentUrl\":\"([^\"]+)\"")]
    private static partial Regex ContentUrl();

    [GeneratedRegex("<loc>([^<]+)</loc>")]
    private static partial Regex SitemapLoc();

    [GeneratedRegex("""https?://(?:\\u0026|[^\s"'<>\\])+""")]
    private static partial Regex AbsoluteUrl();
}

/// <summary>The verb's refusals and usage errors, before any app starts.</summary>
public sealed class ExportCommandTests
{
    [Fact]
    public async Task RefusesANonEmptyFolderThatIsNotAPreviousExportAndLeavesItAlone()
    {
        var folder = Directory.CreateTempSubdirectory("export-refuse-").FullName;
        try
        {
            var mine = Path.Combine(folder, "notes.txt");
            await File.WriteAllTextAsync(mine, "mine", TestContext.Current.CancellationToken);
            var (exit, _, stderr) = await AppProcess.RunAsync(folder, "export-site", folder);
            Assert.Equal(1, exit);
            Assert.Contains("is not empty and is not a previous export", stderr, StringComparison.Ordinal);
            Assert.Contains("--force", stderr, StringComparison.Ordinal);
            Assert.Equal("mine", await File.ReadAllTextAsync(mine, TestContext.Current.CancellationToken));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("needs a folder")]
    [InlineData("unknown option '--fast'", "out", "--fast")]
    [InlineData("--base-url must be an absolute http(s) URL", "out", "--base-url", "localhost")]
    [InlineData("takes one folder", "a", "b")]
    public async Task UsageErrorsExitWithTwo(string message, params string[] args)
    {
        var folder = Directory.CreateTempSubdirectory("export-usage-").FullName;
        try
        {
            var (exit, _, stderr) = await AppProcess.RunAsync(folder, ["export-site", .. args]);
            Assert.Equal(2, exit);
            Assert.Contains(message, stderr, StringComparison.Ordinal);
            Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
