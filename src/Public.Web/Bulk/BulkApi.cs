using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Net.Http.Headers;
using Public.Web.Api;
using Public.Web.Contract;

namespace Public.Web.Bulk;

/// <summary>
/// The bulk downloads: <c>/bulk/{dataset}/{year}.csv.gz</c> and <c>.parquet</c> (files on disk: Content-Length, a
/// strong ETag — the file's SHA-256 —, range requests, <c>application/gzip</c> with no <c>Content-Encoding</c>, so a
/// browser saves the .gz as it is), <c>/bulk/stations.csv</c>, <c>/bulk/SHA256SUMS</c>, the data-package descriptors
/// and the DCAT catalog.
/// </summary>
internal static partial class BulkApi
{
    /// <summary>The DCAT catalog in its two syntaxes (listed in sitemap.xml, linked from the home and open-data pages).</summary>
    public static readonly string[] CatalogPaths = ["/catalog.jsonld", "/catalog.ttl"];

    public static void AddBulk(this IServiceCollection services)
    {
        services.AddSingleton(sp => BulkOptions.From(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<Infrastructure.StoreOptions>()));
        services.AddSingleton<BulkArchives>();
        services.AddSingleton<Export.IExportFiles, BulkExportFiles>();
    }

    public static void MapBulk(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/bulk").WithTags(OpenApiTags.Bulk);
        GetAndHead(group, "/{dataset}/{file}", File).WithName("BulkFile")
            .WithSummary("逐年数据文件 Yearly archive of a dataset: {year}.csv.gz (gzipped wide CSV) or {year}.parquet; or the dataset's datapackage.json")
            .Answers(WideFormats.ParquetMediaType, "Parquet（zstd）/ Parquet (zstd); {year}.csv.gz: application/gzip; datapackage.json: application/json");
        GetAndHead(group, "/stations.csv", Stations).WithName("BulkStations")
            .WithSummary("监测站点表 The station registry as CSV (what station codes refer to)").Answers("text/csv", "UTF-8 CSV");
        GetAndHead(group, "/SHA256SUMS", Sums).WithName("BulkChecksums")
            .WithSummary("全部数据文件的 SHA-256 SHA-256 of every archive file (sha256sum -c format)").Answers("text/plain", "sha256sum 格式 / sha256sum format");
        GetAndHead(group, "/datapackage.json", Package).WithName("BulkDataPackage")
            .WithSummary("Frictionless 数据包描述 Frictionless Data Package v2 descriptor of every archive").Answers("application/json", "Data Package v2");
        GetAndHead(routes, "/catalog.jsonld", CatalogJsonLd).WithName("DcatCatalogJsonLd").WithTags(OpenApiTags.Bulk)
            .WithSummary("DCAT-AP 3 数据目录 DCAT-AP 3 catalog (JSON-LD, inline context)").Answers(Dcat.JsonLdMediaType, "JSON-LD");
        GetAndHead(routes, "/catalog.ttl", CatalogTurtle).WithName("DcatCatalogTurtle").WithTags(OpenApiTags.Bulk)
            .WithSummary("DCAT-AP 3 数据目录 DCAT-AP 3 catalog (Turtle)").Answers(Dcat.TurtleMediaType, "Turtle");
    }

    /// <summary>
    /// GET, and HEAD too (download managers and harvesters ask for the size and ETag first); the HEAD route stays out
    /// of the OpenAPI document, which describes the GET once.
    /// </summary>
    private static RouteHandlerBuilder GetAndHead(IEndpointRouteBuilder routes, string pattern, Delegate handler)
    {
        routes.MapMethods(pattern, [HttpMethods.Head], handler).ExcludeFromDescription();
        return routes.MapGet(pattern, handler);
    }

    [GeneratedRegex(@"^(?<year>\d{4})\.(?<format>csv\.gz|parquet)$", RegexOptions.CultureInvariant)]
    private static partial Regex FileName();

    private static async Task<IResult> File(string dataset, string file, BulkArchives archives, MetaFactory meta, HttpContext context)
    {
        var known = BulkDatasets.Find(dataset);
        if (known is null)
        {
            return Problems.NotFound(new NotFoundException("dataset", $"unknown dataset '{dataset}' (known: {string.Join(", ", BulkDatasets.All.Select(d => d.Id))})"));
        }

        if (await ReadyAsync(archives, context) is not ({ } manifest, _))
        {
            return Busy(archives, context);
        }

        if (file == "datapackage.json")
        {
            return Results.Json(DataPackage.Package(manifest, DataPackage.Origin(context), meta.IsDemo, known), contentType: "application/json; charset=utf-8");
        }

        var match = FileName().Match(file);
        if (!match.Success)
        {
            return Problems.NotFound(new NotFoundException("file", $"'{file}' is not a file of /bulk/{dataset}/: {{year}}.csv.gz, {{year}}.parquet or datapackage.json"));
        }

        var found = manifest.Find($"{dataset}/{file}");
        return found is null
            ? Problems.NotFound(new NotFoundException("file", $"no {dataset} data for {match.Groups["year"].Value} (years: {string.Join(", ", manifest.Years.Where(y => y.Dataset == dataset).Select(y => y.Year))})"))
            : Serve(archives, found, manifest);
    }

    private static async Task<IResult> Stations(BulkArchives archives, HttpContext context) =>
        await ReadyAsync(archives, context) is ({ } manifest, _) ? Serve(archives, manifest.Stations, null) : Busy(archives, context);

    /// <summary>A file as it is on disk: the range-capable physical-file result with the file's SHA-256 as a strong ETag.</summary>
    private static IResult Serve(BulkArchives archives, BulkFile file, BulkManifest? manifest) =>
        Results.File(archives.PathOf(file), file.MediaType == "text/csv" ? "text/csv; charset=utf-8" : file.MediaType,
            fileDownloadName: null, lastModified: manifest?.BuiltAt, entityTag: new EntityTagHeaderValue($"\"{file.Sha256}\""), enableRangeProcessing: true);

    private static async Task<IResult> Sums(BulkArchives archives, HttpContext context)
    {
        return await ReadyAsync(archives, context) is ({ } manifest, _)
            ? Results.Text(Checksums(manifest), "text/plain; charset=utf-8", Encoding.UTF8) : Busy(archives, context);
    }

    /// <summary><c>sha256sum -c</c> input: one line per file, paths relative to /bulk/.</summary>
    public static string Checksums(BulkManifest manifest) =>
        string.Concat(manifest.Files.Select(f => $"{f.Sha256}  {f.Path}\n"));

    private static async Task<IResult> Package(BulkArchives archives, MetaFactory meta, HttpContext context) =>
        await ReadyAsync(archives, context) is ({ } manifest, _)
            ? Results.Json(DataPackage.Package(manifest, DataPackage.Origin(context), meta.IsDemo), contentType: "application/json; charset=utf-8")
            : Busy(archives, context);

    private static async Task<IResult> CatalogJsonLd(BulkArchives archives, MetaFactory meta, HttpContext context)
    {
        if (await ReadyAsync(archives, context) is not ({ } manifest, _))
        {
            return Busy(archives, context);
        }

        var graph = Dcat.Catalog(manifest, DataPackage.Origin(context), meta.IsDemo);
        return Results.Text(graph.ToJsonLd().ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }),
            Dcat.JsonLdMediaType + "; charset=utf-8", Encoding.UTF8);
    }

    private static async Task<IResult> CatalogTurtle(BulkArchives archives, MetaFactory meta, HttpContext context)
    {
        if (await ReadyAsync(archives, context) is not ({ } manifest, _))
        {
            return Busy(archives, context);
        }

        var graph = Dcat.Catalog(manifest, DataPackage.Origin(context), meta.IsDemo);
        return Results.Text(graph.ToTurtle(), Dcat.TurtleMediaType + "; charset=utf-8", Encoding.UTF8);
    }

    /// <summary>
    /// How long a request waits for the archives of the current data version before it answers 503 (well below the
    /// server's request timeout, which would answer 504 without saying why).
    /// </summary>
    public static readonly TimeSpan BuildWait = TimeSpan.FromSeconds(10);

    /// <summary>Seconds a client is asked to wait (Retry-After) while the archives are being built.</summary>
    public const int RetryAfterSeconds = 15;

    /// <summary>The current manifest when ready within <see cref="BuildWait"/>; else no manifest (the build goes on for the next request).</summary>
    private static async Task<(BulkManifest? Manifest, bool Failed)> ReadyAsync(BulkArchives archives, HttpContext context)
    {
        try
        {
            return (await archives.CurrentAsync().WaitAsync(BuildWait, context.RequestAborted), false);
        }
        catch (TimeoutException)
        {
            return (null, false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A failed build is retried by the next request; this one says so (503), never a 500.
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(BulkApi)).LogError(e, "Bulk archive build failed");
            return (null, true);
        }
    }

    /// <summary>503 with Retry-After while the archives of the current data version are being built (or after a failed build).</summary>
    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Busy(BulkArchives archives, HttpContext context)
    {
        // Null while no build runs: it has just ended, or it failed (ReadyAsync logged why) and the next request starts another.
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        var building = archives.Building;
        return TypedResults.Problem(
            title: "数据文件正在生成 / The data files are being built",
            detail: building is { } b
                ? $"逐年数据文件正在为数据版本 {b.Version} 生成（已 {b.Elapsed.TotalSeconds:F0} 秒），请 {RetryAfterSeconds} 秒后重试。/ The yearly archives of data version {b.Version} are being built ({b.Elapsed.TotalSeconds:F0} s so far, now {b.Step}); retry in {RetryAfterSeconds} s."
                : $"逐年数据文件的生成刚刚结束，或上一次生成失败（已记录日志，下一个请求将重新生成），请 {RetryAfterSeconds} 秒后重试。/ The build of the yearly archives has just ended, or the last one failed (logged; the next request starts it again); retry in {RetryAfterSeconds} s.",
            statusCode: StatusCodes.Status503ServiceUnavailable,
            extensions: new Dictionary<string, object?> { ["build"] = building is { } x ? new { dataVersion = x.Version, step = x.Step, elapsedSeconds = Math.Round(x.Elapsed.TotalSeconds, 1) } : null });
    }

    internal static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
