namespace Public.Web.Export;

/// <summary>
/// A feature that adds files of its own to the static export, beside the pages and API snapshots the crawl finds
/// (bulk archives under <c>/bulk/</c>, transparency-log tiles under <c>/log/</c>, …). Register it in DI
/// (<c>services.AddSingleton&lt;IExportFiles, MyFiles&gt;()</c>); <c>export-site</c> enumerates every registration,
/// writes the files, records their SHA-256 in <c>export-manifest.json</c> and leaves links to them alone (a page may link
/// <c>/bulk/air-2019.csv.gz</c>: the crawl does not fetch it, the file is there).
/// </summary>
internal interface IExportFiles
{
    /// <summary>A short name for the report and for errors ("bulk archives").</summary>
    string Name { get; }

    /// <summary>The files to write. Called once per export, after the app has started.</summary>
    IEnumerable<ExportFile> Files(ExportContext context);

    /// <summary>
    /// The folder of the export all its files are in (<c>bulk/</c>), when they may take a while to be ready (the bulk
    /// archives of a new data version are built first): the exporter then lists them (<see cref="FilesAsync"/>) while
    /// the crawl runs, and only links under that folder wait for the list (to tell its files from pages of the app
    /// there). Null: listed before the crawl starts.
    /// </summary>
    string? Folder => null;

    /// <summary>The files to write, once they are ready (by default <see cref="Files"/>).</summary>
    Task<IEnumerable<ExportFile>> FilesAsync(ExportContext context, CancellationToken cancellationToken) => Task.FromResult(Files(context));
}

/// <summary>What an <see cref="IExportFiles"/> needs to know of the export it contributes to.</summary>
/// <param name="BaseUrl">Where the folder will be served (<c>--base-url</c>, no trailing slash), for absolute URLs inside the files.</param>
/// <param name="PressOnly"><c>--press-only</c>: only the press pages are exported; most contributors then add nothing.</param>
/// <param name="Bulk">Whether the yearly archives are exported (<c>--no-bulk</c>: not).</param>
internal sealed record ExportContext(string BaseUrl, bool PressOnly, bool Bulk = true);

/// <summary>One file of an <see cref="IExportFiles"/>.</summary>
/// <param name="Path">Relative to the export's root, with '/' (<c>bulk/air-2019.csv.gz</c>); served at <c>/</c> + Path.</param>
/// <param name="Key">
/// What the content depends on (a data version, the hashes of its inputs): when the previous export in the target wrote
/// this path with the same key, its file is carried over and <paramref name="WriteAsync"/> is not called. Null: always
/// written. A key must change whenever the bytes would; when in doubt, null.
/// </param>
/// <param name="WriteAsync">Writes the content to the stream (the exporter hashes what is written).</param>
/// <param name="Kind">The report's column: <c>data</c> (downloads) or <c>other</c>.</param>
internal sealed record ExportFile(string Path, string? Key, Func<Stream, CancellationToken, Task> WriteAsync, string Kind = "data")
{
    /// <summary>
    /// A finished file on disk whose bytes are the content (the server's bulk archives): hard-linked into the export
    /// (copied across file systems) and hashed, instead of written through <see cref="WriteAsync"/>. It must never be
    /// written in place, only replaced by a rename.
    /// </summary>
    public string? LinkFrom { get; init; }

    /// <summary>The SHA-256 the <see cref="LinkFrom"/> file had when listed: a file replaced since (a newer build) fails the export, which the next one retries.</summary>
    public string? LinkSha256 { get; init; }
}
