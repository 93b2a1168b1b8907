using Public.Web.Export;

namespace Public.Web.Bulk;

/// <summary>
/// The export's hook for the bulk downloads: the URLs export-site fetches besides the pages, so a static copy is a
/// complete data portal — descriptors, SHA256SUMS and the DCAT catalog — and (unless <c>--no-bulk</c>) every archive,
/// which is not fetched but linked from the server's own archive folder (<see cref="BulkExportFiles"/>): built once,
/// for /bulk and the export alike.
/// </summary>
internal static class BulkExport
{
    public static async Task<IReadOnlyList<string>> SeedsAsync(IServiceProvider services)
    {
        var manifest = await services.GetRequiredService<BulkArchives>().CurrentAsync();
        var seeds = new List<string> { "/bulk/datapackage.json", "/bulk/SHA256SUMS", "/catalog.jsonld", "/catalog.ttl" };
        seeds.AddRange(BulkDatasets.All.Where(d => manifest.Years.Any(y => y.Dataset == d.Id)).Select(d => $"/bulk/{d.Id}/datapackage.json"));
        return seeds;
    }
}

/// <summary>
/// The archive files of the current data version (<c>bulk/station-hours/2019.parquet</c>, <c>bulk/stations.csv</c>, …)
/// as files of the export: hard links to the server's built archives (a rebuild replaces a file by a rename, so a link
/// keeps the bytes it was made with), keyed by their SHA-256, so an export carries an unchanged archive over without
/// reading it and links a new one without copying it through the app.
/// </summary>
internal sealed class BulkExportFiles(BulkArchives archives) : IExportFiles
{
    public string Name => "bulk archives";

    public string Folder => "bulk/";

    public IEnumerable<ExportFile> Files(ExportContext context) => FilesAsync(context, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>The archives of the current data version, once built (the export lists them while its crawl runs).</summary>
    public async Task<IEnumerable<ExportFile>> FilesAsync(ExportContext context, CancellationToken cancellationToken)
    {
        if (context.PressOnly || !context.Bulk)
        {
            return [];
        }

        var manifest = await archives.CurrentAsync(cancellationToken);
        return manifest.Files.Select(f => new ExportFile("bulk/" + f.Path, "sha256 " + f.Sha256,
            (_, _) => throw new InvalidOperationException($"bulk/{f.Path} is linked, not written"), "data")
        {
            LinkFrom = archives.PathOf(f),
            LinkSha256 = f.Sha256,
        }).ToList();
    }
}
