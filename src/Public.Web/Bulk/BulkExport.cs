namespace Public.Web.Bulk;

/// <summary>
/// The export's hook for the bulk downloads: the URLs export-site fetches besides the pages, so a static copy is a
/// complete data portal — descriptors, SHA256SUMS, the DCAT catalog and (unless <c>--no-bulk</c>) every archive.
/// </summary>
internal static class BulkExport
{
    public static async Task<IReadOnlyList<string>> SeedsAsync(IServiceProvider services, bool archives)
    {
        var manifest = await services.GetRequiredService<BulkArchives>().CurrentAsync();
        var seeds = new List<string> { "/bulk/datapackage.json", "/bulk/SHA256SUMS", "/catalog.jsonld", "/catalog.ttl" };
        seeds.AddRange(BulkDatasets.All.Where(d => manifest.Years.Any(y => y.Dataset == d.Id)).Select(d => $"/bulk/{d.Id}/datapackage.json"));
        if (archives)
        {
            seeds.AddRange(manifest.Files.Select(f => "/bulk/" + f.Path));
        }

        return seeds;
    }
}
