using System.Globalization;
using Microsoft.AspNetCore.TestHost;
using Public.Web.AirQuality;
using Public.Web.Penalties;
using Public.Web.Site;
using Public.Web.Site.Press;

namespace Public.Web.Export;

/// <summary>
/// <c>export-site &lt;folder&gt;</c>: starts the real app on the in-memory server inside this process, crawls it and writes
/// the site as plain files (see <see cref="SiteExporter"/>).
/// </summary>
internal static class ExportCommand
{
    public const string Usage = """
          dotnet run --project src/Public.Web -- export-site <folder> [--db PATH] [--no-demo] [--base-url URL] [--live-url URL]
                  [--press DIR] [--no-hourly] [--no-bulk] [--press-only] [--parallel N] [--force]
              Write the whole site as static files: every page in both languages, 404.html, the feeds, sitemap.xml, the
              assets, and JSON/CSV snapshots of the API, with links that work from any plain static server.
              --base-url: where the folder will be served, for sitemap/feeds/Open Graph/schema.org (default http://localhost:8000).
              --live-url: the running server, for the Swagger UI and GraphQL IDE links (default: a note page in the copy).
              --press DIR: press releases from DIR instead of content/press. --no-hourly: without the city's hourly
              series per year (12 MB a year). --no-bulk: without the yearly archives (bulk/*.csv.gz, *.parquet; their
              descriptors, SHA256SUMS and the DCAT catalog are still written). --press-only: only the press pages and feeds. --parallel N: requests at a time
              (default 2 × cores). --force: replace a
              non-empty folder that is not a previous export.
        """;

    public static (ExportOptions? Options, string? PressPath, string? Error) Parse(IReadOnlyList<string> args)
    {
        string? target = null;
        string? press = null;
        var options = new ExportOptions { Target = "" };
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            string Value()
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new ArgumentException($"{a} needs a value");
                }

                return args[++i];
            }

            try
            {
                switch (a)
                {
                    case "--base-url":
                        options = options with { BaseUrl = Value() };
                        break;
                    case "--live-url":
                        var live = Value();
                        if (!Uri.TryCreate(live, UriKind.Absolute, out var l) || l.Scheme is not ("http" or "https"))
                        {
                            return (null, null, $"--live-url must be an absolute http(s) URL, not '{live}'");
                        }

                        options = options with { LiveUrl = live.TrimEnd('/') };
                        break;
                    case "--press":
                        press = Value();
                        break;
                    case "--parallel":
                        var text = Value();
                        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > 64)
                        {
                            return (null, null, $"--parallel must be a number from 1 to 64, not '{text}'");
                        }

                        options = options with { Parallelism = n };
                        break;
                    case "--force":
                        options = options with { Force = true };
                        break;
                    case "--no-hourly":
                        options = options with { Hourly = false };
                        break;
                    case "--no-bulk":
                        options = options with { Bulk = false };
                        break;
                    case "--press-only":
                        options = options with { PressOnly = true };
                        break;
                    default:
                        if (a.StartsWith('-'))
                        {
                            return (null, null, $"export-site: unknown option '{a}'");
                        }

                        if (target is not null)
                        {
                            return (null, null, $"export-site takes one folder, got '{target}' and '{a}'");
                        }

                        target = a;
                        break;
                }
            }
            catch (ArgumentException e)
            {
                return (null, null, "export-site: " + e.Message);
            }
        }

        if (target is null)
        {
            return (null, null, "export-site needs a folder, e.g. export-site site-export/");
        }

        if (press is not null && !Directory.Exists(press))
        {
            return (null, null, $"--press: no folder {Path.GetFullPath(press)}");
        }

        return (options with { Target = target }, press, null);
    }

    /// <param name="configure">More services for the app being exported (tests register an <see cref="IExportFiles"/> here).</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> configArgs, IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr,
        Action<IServiceCollection>? configure = null)
    {
        var (options, press, error) = Parse(args);
        if (options is null)
        {
            stderr.WriteLine(error);
            stderr.WriteLine(Usage);
            return 2;
        }

        if (SiteExporter.CheckTarget(options) is { } refusal)
        {
            stderr.WriteLine("export-site: " + refusal);
            return refusal.StartsWith("--base-url", StringComparison.Ordinal) ? 2 : 1;
        }

        // The real app and its whole pipeline on the in-memory server (no socket, no port); the export's requests are not
        // rate-limited like a visitor's.
        // Export:Path off: this process is the export, not a server keeping one.
        string[] hostArgs = [.. configArgs, "--RateLimiting:Enabled=false", $"--{Public.Web.Site.SiteText.BaseUrlKey}={options.BaseUrl.TrimEnd('/')}", $"--{ExportSettings.Section}:Path=",
            .. press is null ? Array.Empty<string>() : ["--Press:Path=" + Path.GetFullPath(press)]];
        var startup = System.Diagnostics.Stopwatch.StartNew();
        var builder = WebApplication.CreateBuilder(hostArgs);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddPublicServices();
        configure?.Invoke(builder.Services);
        builder.WebHost.UseTestServer();
        await using var app = builder.Build();
        var phases = new List<(string Phase, TimeSpan Took)> { ("host build", startup.Elapsed) };
        void Phase(string name) => phases.Add((name, startup.Elapsed - phases.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Took)));
        try
        {
            // The log's head is checked (signature, stored tree against the signed root), not every leaf: that is O(leaves)
            // on every run, and the server does it when it starts.
            app.UsePublicPipeline(checkEveryLeaf: false);
            Phase("pipeline (log head check, demo check)");
            await app.StartAsync();
            Phase("server start");
            using var client = app.GetTestClient();
            // A host no page or base URL will ever contain: the exporter rewrites every URL of this origin.
            client.BaseAddress = new Uri("http://export-site.invalid/");
            client.Timeout = TimeSpan.FromMinutes(5);
            // Every page's path, read once: the sitemap's key and the seeds.
            var pages = SiteMap.AllPaths(app.Services);
            var keys = DependencyKeys.From(app.Services, options, pages);
            Phase("dependency keys");
            var exporter = new SiteExporter(client, Composition.WebRoot(app.Environment), options, app.Services.GetServices<IExportFiles>(), keys);
            var seeds = Seeds(app.Services, options, pages);
            Phase("seeds");
            var started = startup.Elapsed;
            // The bulk descriptors' seeds once the archives are built (beside the crawl).
            var report = await exporter.ExportAsync(seeds, CancellationToken.None, options.PressOnly ? null : Bulk.BulkExport.SeedsAsync(app.Services));
            stdout.WriteLine(report with
            {
                Startup = started,
                StartupBreakdown = string.Join(", ", phases.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Phase} {p.Took.TotalSeconds:0.00} s"))),
            });
            return 0;
        }
        catch (Exception e) when (e is ExportException or IOException or UnauthorizedAccessException or HttpRequestException or PressFormatException or Site.Docs.DocsFormatException or Microsoft.Data.Sqlite.SqliteException)
        {
            stderr.WriteLine("export-site failed: " + e.Message);
            return 1;
        }
        finally
        {
            await app.StopAsync();
        }
    }

    /// <summary>
    /// Where the crawl starts: every page of the sitemap, the feeds, and the API snapshots no page links to (per-year
    /// series, full lists, reference data). Everything else is found by following links.
    /// </summary>
    public static IReadOnlyList<string> Seeds(IServiceProvider services, ExportOptions options, IReadOnlyList<string>? allPaths = null)
    {
        var air = services.GetRequiredService<AirQualityQueries>();
        var pages = allPaths ?? SiteMap.AllPaths(services);
        string[] feeds = [PressFeed.Path, PressFeed.PathEn, "/feeds/warnings.atom", "/feeds/warnings.cap", PenaltiesApi.FeedPath, Public.Web.Plan.PlanApi.FeedPath];
        if (options.PressOnly)
        {
            return [.. pages.Where(p => p.StartsWith("/press", StringComparison.Ordinal) || p.StartsWith("/en/press", StringComparison.Ordinal)), PressFeed.Path, PressFeed.PathEn];
        }

        var seeds = new List<string> { "/", "/en/", "/sitemap.xml", "/swagger/v1/swagger.json" };
        seeds.AddRange(pages);
        seeds.AddRange(feeds);
        seeds.AddRange(Transparency.LogExport.Paths(services));

        void Both(string url)
        {
            seeds.Add(url);
            seeds.Add(url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "format=csv");
        }

        Both("/api/v1/stations");
        foreach (var list in new[] { "/api/v1/warnings", "/api/v1/penalties", "/api/v1/enterprises" })
        {
            Both(list + "?limit=1000");
        }

        foreach (var reference in new[] { "pollutants", "aqi-levels", "editions", "breakpoints", "plan-targets" })
        {
            seeds.Add("/api/v1/reference/" + reference);
        }

        // The whole-year series go first: the city's hourly series of a year is megabytes, and started behind thousands
        // of pages (most of them carried over unrendered in an incremental export) it was the last answer the crawl waited for.
        var first = new List<string>();
        var years = pages.Where(p => p.StartsWith("/air/", StringComparison.Ordinal)).Select(p => p["/air/".Length..]).ToList();
        foreach (var year in years.AsEnumerable().Reverse())
        {
            if (options.Hourly)
            {
                first.Add($"/api/v1/city/hourly?from={year}-01-01&to={year}-12-31");
                first.Add($"/api/v1/city/hourly?from={year}-01-01&to={year}-12-31&format=csv");
            }
        }

        foreach (var station in air.Registry.All)
        {
            seeds.Add("/api/v1/stations/" + station.Code);
            foreach (var year in years)
            {
                Both($"/api/v1/stations/{station.Code}/daily?from={year}-01-01&to={year}-12-31");
            }
        }

        foreach (var year in years)
        {
            seeds.Add("/api/v1/city/assessment/" + year);
            Both($"/api/v1/city/daily?from={year}-01-01&to={year}-12-31");
        }

        return [.. first, .. seeds];
    }
}
