using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.FileProviders;

namespace Public.Web.Export;

/// <summary>What <c>export-site</c> was asked to do.</summary>
internal sealed record ExportOptions
{
    /// <summary>The origin written into sitemap.xml, the feeds, Open Graph and schema.org URLs: where the folder will be served.</summary>
    public const string DefaultBaseUrl = "http://localhost:8000";

    public required string Target { get; init; }

    public string BaseUrl { get; init; } = DefaultBaseUrl;

    /// <summary>Where the live server runs: links to Swagger UI and the GraphQL IDE go there; without it they go to a note page.</summary>
    public string? LiveUrl { get; init; }

    public bool Force { get; init; }

    /// <summary>Also write the city's hourly series per year (about 12 MB a year as JSON + CSV).</summary>
    public bool Hourly { get; init; } = true;

    /// <summary>Only the press pages and feeds (for the Hugo comparison).</summary>
    public bool PressOnly { get; init; }

    /// <summary>Also write the yearly archives under bulk/ (--no-bulk: only their descriptors, SHA256SUMS and the catalog).</summary>
    public bool Bulk { get; init; } = true;

    public int Parallelism { get; init; } = Math.Clamp(Environment.ProcessorCount * 2, 2, 16);

    /// <summary>
    /// Keep the export replaced by the swap beside the target (<c>.{name}.export-previous</c>, hard links to the files
    /// the two share) and build the next export in it, so an export costs file operations for the files that changed
    /// since that one only, not a link and an unlink for every file (the running server's export, <c>Export:Path</c>).
    /// </summary>
    public bool KeepPrevious { get; init; }
}

internal sealed record ExportReport(string Target, int Pages, int Feeds, int DataFiles, int Assets, int Other, long Bytes, TimeSpan Elapsed)
{
    public int Files => Pages + Feeds + DataFiles + Assets + Other;

    /// <summary>Where the time went (for the benchmarks).</summary>
    public string Breakdown { get; init; } = "";

    /// <summary>CPU time (user + system, all threads) the process spent during <see cref="Elapsed"/>, without starting the app.</summary>
    public TimeSpan Cpu { get; init; }

    /// <summary>What the runtime did meanwhile (JIT, GC, allocation, user and system CPU).</summary>
    public RuntimeCounters Runtime { get; init; }

    /// <summary>Starting the app (services, demo check, press library) before the crawl.</summary>
    public TimeSpan Startup { get; init; }

    /// <summary>Where the start went, phase by phase (wall clock).</summary>
    public string StartupBreakdown { get; init; } = "";

    /// <summary>Into a previous export: files whose content changed or are new (written), equal (left alone), gone (deleted).</summary>
    public (int Written, int Unchanged, int Removed)? Incremental { get; init; }

    /// <summary>Files carried over from the previous export without asking the app, by URL family (their dependency key was unchanged).</summary>
    public IReadOnlyDictionary<string, int> Carried { get; init; } = new Dictionary<string, int>();

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"export-site: {Target}\n  pages (HTML): {Pages}\n  feeds (Atom/CAP): {Feeds}\n  data files (JSON/CSV): {DataFiles}\n  assets (wwwroot): {Assets}\n  other (sitemap, manifest): {Other}\n  total: {Files} files, {Bytes:N0} bytes ({Bytes / 1048576.0:0.0} MiB)\n  elapsed: {Elapsed.TotalSeconds:0.00} s, CPU {Cpu.TotalSeconds:0.00} s (+ {Startup.TotalSeconds:0.00} s starting the app)\n  runtime: {Runtime}\n  start: {StartupBreakdown}\n  time: {Breakdown}")
        + (Incremental is { } i ? string.Create(CultureInfo.InvariantCulture, $"\n  incremental: {i.Written} files written (changed or new), {i.Unchanged} unchanged, {i.Removed} removed") : "")
        + (Incremental is not null ? string.Create(CultureInfo.InvariantCulture, $"\n  carried over unrendered (dependency key unchanged): {Carried.Values.Sum()} files ({string.Join(", ", Carried.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}"))})") : "");
}

/// <summary>The export stopped: a link answered with an error, or the target cannot be written. Nothing was moved into place.</summary>
internal sealed class ExportException(string message) : Exception(message);

/// <summary>
/// Writes the site as plain files by asking the running app for every page (so the files are exactly what the
/// server serves) and following every internal link of every page and feed. URLs become files that any static
/// server serves: a page <c>/stations/1767A</c> is <c>stations/1767A/index.html</c>; an API resource gets an extension
/// (<c>/api/v1/stations</c> → <c>/api/v1/stations.json</c>, <c>?format=csv</c> → <c>.csv</c>); a query string becomes part
/// of the path (<c>/api/v1/city/daily?from=2019-01-01&amp;to=2019-12-31&amp;format=csv</c> →
/// <c>/api/v1/city/daily/from-2019-01-01_to-2019-12-31.csv</c>, <c>/penalties?page=2</c> → <c>/penalties/page/2</c>),
/// and each link is rewritten to that path.
/// </summary>
internal sealed partial class SiteExporter
{
    public const string ManifestName = "export-manifest.json";

    /// <summary>A path no page has: the app answers it with its 404 page, written as 404.html and en/404.html.</summary>
    private const string MissingProbe = "/export-site-404-probe";

    // The bulk downloads (Bulk/BulkExport): archives, the DCAT catalog, and SHA256SUMS, a file name without an extension.
    private static readonly string[] _fileExtensions = [".xml", ".atom", ".cap", ".json", ".csv", ".css", ".js", ".txt", ".html", ".ico", ".png", ".svg", ".map", ".md",
        ".gz", ".parquet", ".jsonld", ".ttl", "SHA256SUMS"];

    private static readonly JsonSerializerOptions _manifestJson = new() { WriteIndented = true, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly HttpClient _client;
    private readonly IFileProvider _webRoot;
    private readonly IReadOnlyList<IExportFiles> _extras;

    /// <summary>The folders of the contributors with a folder of their own, as URL paths ('/' and the folder).</summary>
    private readonly string[] _contributorFolders;
    private readonly DependencyKeys? _keys;
    private readonly ExportOptions _options;
    private readonly string _origin;
    private readonly string _baseUrl;
    private readonly Regex _absolute;

    /// <summary>The absolute-URL pattern of each origin and base URL, compiled once per process.</summary>
    private static readonly ConcurrentDictionary<(string Origin, string BaseUrl), Regex> _absolutes = new();
    private readonly ConcurrentDictionary<string, string> _fileOwners = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _folders = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _synthesized = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _referrers = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<string> _broken = [];
    private readonly ConcurrentBag<Written> _written = [];

    /// <summary>
    /// A file of this export: its size, kind and hash, whether it differs from the previous export's, its dependency key,
    /// the app URLs it links (pages and feeds: the crawl follows them when the file is carried over), and whether it was
    /// carried over without being rendered.
    /// </summary>
    private sealed record Written(string File, long Bytes, string Kind, string Sha256, bool Changed, string? Key = null, IReadOnlyList<string>? Links = null, bool Carried = false);

    /// <summary>A file as the previous export's manifest records it.</summary>
    private sealed record PreviousFile(string Sha256, long Bytes, string Kind, string? Key, IReadOnlyList<string>? Links)
    {
        /// <summary>
        /// The file's entry as this process wrote it in the manifest it came from (from the newline before its '{' to its
        /// '}'), when it did: an entry that says the same is copied into the next manifest, not written field by field again.
        /// </summary>
        public ReadOnlyMemory<byte> Entry { get; init; }

        /// <summary>The entry says what <paramref name="w"/> says (the same links: most often the very list, carried over).</summary>
        public bool Says(Written w) =>
            Sha256 == w.Sha256 && Bytes == w.Bytes && Kind == w.Kind && Key == w.Key
            && (ReferenceEquals(Links, w.Links) || (Links is not null && w.Links is not null && Links.SequenceEqual(w.Links, StringComparer.Ordinal)));
    }

    /// <summary>Each file of the previous export in the target (from its manifest); empty for a first export.</summary>
    private IReadOnlyDictionary<string, PreviousFile> _previous = new Dictionary<string, PreviousFile>(StringComparer.Ordinal);

    /// <summary>With <see cref="ExportOptions.KeepPrevious"/>: the files of the export the staging folder was reused from (its manifest), else null.</summary>
    private IReadOnlyDictionary<string, PreviousFile>? _staged;

    /// <summary>Files of the reused export whose name this export removed before writing its own (a contributor's file).</summary>
    private readonly ConcurrentDictionary<string, byte> _replaced = new(StringComparer.Ordinal);
    private string _target = "";
    private string _root = "";
    private long _fetchTicks;
    private readonly ConcurrentBag<(string Url, long Ticks, long Started)> _slowest = [];

    /// <summary>When the crawl started (a timestamp): each answer's start is told from it.</summary>
    private long _crawlStarted;
    private long _rewriteTicks;

    /// <summary>Time in <see cref="Enqueue"/>: links looked up and queued, and the URLs carried over there with their links.</summary>
    private long _enqueueTicks;
    private long _writeTicks;
    private TimeSpan _crawl;

    public SiteExporter(HttpClient client, IFileProvider webRoot, ExportOptions options, IEnumerable<IExportFiles>? extras = null, DependencyKeys? keys = null)
    {
        _keys = keys;
        _client = client;
        _webRoot = webRoot;
        _extras = extras?.ToList() ?? [];
        _contributorFolders = [.. _extras.Select(e => e.Folder).OfType<string>().Select(f => "/" + f)];
        _options = options;
        _origin = client.BaseAddress!.GetLeftPart(UriPartial.Authority);
        _baseUrl = options.BaseUrl.TrimEnd('/');
        // The app's pages write absolute URLs with the configured Site:BaseUrl (ExportCommand sets it to --base-url);
        // anything still on the in-memory origin is the app's too. A URL ends at a character entity other than &amp;
        // (a quoted URL in a code sample is written &quot;…&quot;, &#x27;…&#x27;).
        // Compiled once per origin and base URL: a server that exports after every batch built it anew each time (parsing
        // it and compiling it to IL were about 5 % of a sampled incremental export's running time).
        _absolute = _absolutes.GetOrAdd((_origin, _baseUrl), k => new Regex("(?:" + Regex.Escape(k.Origin) + "|" + Regex.Escape(k.BaseUrl) + @")(?![\w.:-])(?<path>/(?:\\u0026|&amp;|&(?!#?\w+;)|[^\s""'<>\\&])*)?", RegexOptions.CultureInvariant | RegexOptions.Compiled));
    }

    /// <summary>Each URL this export asked the app for and how long the answer took (wall clock), for a profile of the run.</summary>
    public IEnumerable<(string Url, TimeSpan Took, TimeSpan Started)> Requests => _slowest.Select(s => (s.Url, Stopwatch.GetElapsedTime(0, s.Ticks), Stopwatch.GetElapsedTime(_crawlStarted, s.Started)));

    /// <summary>Refuses a target that is a file, or a non-empty folder that is not a previous export (unless forced).</summary>
    public static string? CheckTarget(ExportOptions options)
    {
        var target = Path.GetFullPath(options.Target);
        if (File.Exists(target))
        {
            return $"{target} is a file, not a folder";
        }

        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any() && !File.Exists(Path.Combine(target, ManifestName)) && !options.Force)
        {
            return $"{target} is not empty and is not a previous export (no {ManifestName}); use --force to replace it";
        }

        return Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var b) && b.Scheme is "http" or "https"
            ? null
            : $"--base-url must be an absolute http(s) URL, not '{options.BaseUrl}'";
    }

    /// <summary>Crawls from <paramref name="seeds"/> into a temporary folder beside the target, then moves it into place.</summary>
    /// <param name="later">Seeds known only later (the bulk descriptors, once the new version's archives are built): the crawl starts without them.</param>
    public async Task<ExportReport> ExportAsync(IEnumerable<string> seeds, CancellationToken cancellationToken, Task<IReadOnlyList<string>>? later = null)
    {
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var runtime = RuntimeCounters.Now();
        if (CheckTarget(_options) is { } refusal)
        {
            throw new ExportException(refusal);
        }

        var target = Path.GetFullPath(_options.Target);
        _target = target;
        var phases = new List<(string Phase, TimeSpan Took, TimeSpan Cpu)>();
        var phaseClock = Stopwatch.StartNew();
        var phaseCpu = cpu;
        void Phase(string phase)
        {
            // CPU of the whole process (other requests of the moment included), beside the wall clock.
            var now = Process.GetCurrentProcess().TotalProcessorTime;
            phases.Add((phase, phaseClock.Elapsed, now - phaseCpu));
            phaseCpu = now;
            phaseClock.Restart();
        }

        _previous = PreviousHashes(target);
        var parent = Path.GetDirectoryName(target) ?? throw new ExportException($"{target} has no parent folder");
        Directory.CreateDirectory(parent);
        var name = Path.GetFileName(target);
        _root = Path.Combine(parent, $".{name}.export-{Guid.NewGuid():N}");
        if (_options.KeepPrevious && _previous.Count == 0)
        {
            // No export in the target (a first one, or it was deleted): a kept one is older than what comes next; not reused.
            TryDelete(PreviousFolder(target));
        }

        _staged = _options.KeepPrevious && _previous.Count > 0 ? ClaimPrevious(PreviousFolder(target), _root) : null;
        Directory.CreateDirectory(_root);
        Phase(_staged is null ? "previous manifest" : "previous manifests (the target's and the kept export's)");

        // The files of contributors with a folder of their own (the bulk archives) are listed and linked beside the crawl.
        Task beside = Task.CompletedTask;
        try
        {
            CopyAssets();
            Phase("assets");
            await WriteExtrasAsync(_extras.Where(e => e.Folder is null), cancellationToken);
            Phase("other features' files");
            beside = WriteBesideAsync(cancellationToken);
            await SynthesizeAsync(cancellationToken);
            _keys?.Seal(SharedInputs());
            Phase("404 pages (the layout's key)");
            var crawlClock = Stopwatch.StartNew();
            await CrawlAsync(seeds, later, cancellationToken);
            _crawl = crawlClock.Elapsed;
            Phase("crawl");
            await beside;
            Phase("other features' files in a folder of their own (after the crawl, built beside it)");
            if (!_broken.IsEmpty)
            {
                throw new ExportException("broken links (nothing was written to the target):\n  " + string.Join("\n  ", _broken.Order(StringComparer.Ordinal).Take(50)));
            }

            WriteManifest(clock.Elapsed);
            Phase("manifest");
            LinkUnchanged(target);
            Phase(_staged is null ? "hard links" : "hard links and removals in the reused previous export");
        }
        catch
        {
            // Nothing of the target was touched: the previous export stays as it was (once nothing writes into the staging folder).
            await beside.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            TryDelete(_root);
            throw;
        }

        var incremental = SwapIntoPlace(target);
        Phase("swap and delete the old tree");

        var counts = _written.GroupBy(w => w.Kind).ToDictionary(g => g.Key, g => g.Count());
        var carried = _written.Where(w => w.Carried).GroupBy(w => _keys?.Family("/" + w.File) ?? DependencyKeys.FamilyOf("/" + w.File)).ToDictionary(g => g.Key, g => g.Count());
        Phase("report");
        return new ExportReport(target, counts.GetValueOrDefault("page"), counts.GetValueOrDefault("feed"), counts.GetValueOrDefault("data"),
            counts.GetValueOrDefault("asset"), counts.GetValueOrDefault("other"), _written.Sum(w => w.Bytes), clock.Elapsed)
        {
            Cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu,
            Runtime = RuntimeCounters.Now() - runtime,
            Incremental = incremental,
            Carried = carried,
            Breakdown = string.Create(CultureInfo.InvariantCulture,
                $"{string.Join(", ", phases.Select(p => $"{p.Phase} {p.Took.TotalSeconds:0.00} s (CPU {p.Cpu.TotalSeconds:0.00} s)"))}; crawl {_crawl.TotalSeconds:0.00} s with {_options.Parallelism} requests at a time; summed over requests: app {Stopwatch.GetElapsedTime(0, _fetchTicks).TotalSeconds:0.00} s, link rewriting {Stopwatch.GetElapsedTime(0, _rewriteTicks).TotalSeconds:0.00} s, links followed and URLs carried over {Stopwatch.GetElapsedTime(0, _enqueueTicks).TotalSeconds:0.000} s, file writes {Stopwatch.GetElapsedTime(0, _writeTicks).TotalSeconds:0.00} s; app time by family: {string.Join(", ", ByFamily().Select(f => $"{f.Family} {Stopwatch.GetElapsedTime(0, f.Ticks).TotalSeconds:0.00} s ({f.Count} requests)"))}; slowest: {string.Join(", ", _slowest.OrderByDescending(s => s.Ticks).Take(5).Select(s => $"{s.Url} {Stopwatch.GetElapsedTime(0, s.Ticks).TotalMilliseconds:0} ms"))}"),
        };
    }

    /// <summary>
    /// The app's time by URL family, summed once the crawl is over from the one record of the answers (no worker updates
    /// a shared entry per family under its lock while it crawls).
    /// </summary>
    private IEnumerable<(string Family, int Count, long Ticks)> ByFamily() =>
        _slowest.GroupBy(s => _keys?.Family(s.Url) ?? DependencyKeys.FamilyOf(s.Url), StringComparer.Ordinal)
            .Select(g => (g.Key, g.Count(), g.Sum(s => s.Ticks))).OrderByDescending(f => f.Item3);

    /// <summary>The content hashes of the export already in the target, from its manifest (none if it has none).</summary>
    private static IReadOnlyDictionary<string, PreviousFile> PreviousHashes(string target)
    {
        var hashes = new Dictionary<string, PreviousFile>(StringComparer.Ordinal);
        var manifest = Path.Combine(target, ManifestName);
        if (!File.Exists(manifest))
        {
            return hashes;
        }

        // Read into a pooled buffer: the manifest of an export of every page is megabytes, and a server that exports after
        // every import reads the last one (and the one it keeps beside it) each time, to find it is the one it wrote.
        byte[] bytes;
        using (var handle = File.OpenHandle(manifest))
        {
            var length = checked((int)RandomAccess.GetLength(handle));
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
            try
            {
                var read = 0;
                while (read < length && RandomAccess.Read(handle, buffer.AsSpan(read, length - read), read) is var n and > 0)
                {
                    read += n;
                }

                if (KnownManifests.Find(buffer.AsSpan(0, read)) is { } known)
                {
                    return known;
                }

                bytes = buffer.AsSpan(0, read).ToArray();
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            foreach (var f in document.RootElement.GetProperty("files").EnumerateArray())
            {
                if (f.TryGetProperty("sha256", out var sha) && f.GetProperty("path").GetString() is { } path)
                {
                    hashes[path] = new PreviousFile(sha.GetString() ?? "", f.TryGetProperty("bytes", out var b) ? b.GetInt64() : 0,
                        f.TryGetProperty("kind", out var k) ? k.GetString() ?? "other" : "other",
                        f.TryGetProperty("key", out var key) && key.ValueKind == JsonValueKind.String ? key.GetString() : null,
                        f.TryGetProperty("links", out var links) && links.ValueKind == JsonValueKind.Array ? links.EnumerateArray().Select(l => l.GetString() ?? "").ToList() : null);
                }
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // An unreadable manifest: export everything again, as the first time.
            return new Dictionary<string, PreviousFile>(StringComparer.Ordinal);
        }

        KnownManifests.Remember(bytes, hashes);
        return hashes;
    }

    /// <summary>
    /// Makes the staging folder a whole export: each file this export did not write (its content equals the previous
    /// export's, or it was carried over unrendered) becomes a hard link to the previous one, so it keeps its write time
    /// and costs no copy. Files of pages that no longer exist are simply not there.
    /// </summary>
    private void LinkUnchanged(string target)
    {
        foreach (var w in _written.Where(w => !w.Changed))
        {
            var to = Path.Combine(_root, w.File.Replace('/', Path.DirectorySeparatorChar));
            if (_staged is not null)
            {
                if (_staged.TryGetValue(w.File, out var staged) && staged.Sha256 == w.Sha256 && !_replaced.ContainsKey(w.File))
                {
                    // The reused export has these bytes already (most often the very same file: a link shared with the target).
                    continue;
                }

                // Never written through: the name may be a link to the target's file.
                File.Delete(to);
            }

            var folder = Path.GetDirectoryName(to)!;
            if (_folders.TryAdd(folder, 0))
            {
                Directory.CreateDirectory(folder);
            }

            FolderSwap.HardLinkOrCopy(Path.Combine(target, w.File.Replace('/', Path.DirectorySeparatorChar)), to);
        }

        if (_staged is not null)
        {
            // Files of the reused export that this one does not have (pages gone since): removed, with folders left empty.
            var now = _written.Select(w => w.File).ToHashSet(StringComparer.Ordinal);
            foreach (var gone in _staged.Keys.Where(f => !now.Contains(f)))
            {
                var full = Path.Combine(_root, gone.Replace('/', Path.DirectorySeparatorChar));
                File.Delete(full);
                for (var folder = Path.GetDirectoryName(full); folder is not null && folder.Length > _root.Length; folder = Path.GetDirectoryName(folder))
                {
                    if (Directory.EnumerateFileSystemEntries(folder).Any())
                    {
                        break;
                    }

                    Directory.Delete(folder);
                }
            }
        }
    }

    /// <summary>Where the export replaced by the last swap is kept (<see cref="ExportOptions.KeepPrevious"/>).</summary>
    public static string PreviousFolder(string target) =>
        Path.Combine(Path.GetDirectoryName(target) ?? ".", $".{Path.GetFileName(target)}.export-previous");

    /// <summary>
    /// Takes the kept previous export as the staging folder: moved to the staging name first (one rename, so no other
    /// exporter can take it too), then its manifest read. Null — a fresh staging folder — when there is none, or it
    /// cannot be read (then it is deleted).
    /// </summary>
    private static IReadOnlyDictionary<string, PreviousFile>? ClaimPrevious(string previous, string staging)
    {
        try
        {
            if (!Directory.Exists(previous))
            {
                return null;
            }

            Directory.Move(previous, staging);
        }
        catch (IOException)
        {
            return null;
        }

        var files = PreviousHashes(staging);
        if (files.Count == 0)
        {
            TryDelete(staging);
            return null;
        }

        return files;
    }

    /// <summary>The finished staging folder takes the target's place in one exchange; the old export is deleted after.</summary>
    private (int Written, int Unchanged, int Removed)? SwapIntoPlace(string target)
    {
        if (!Directory.Exists(target))
        {
            Directory.Move(_root, target);
            return null;
        }

        FolderSwap.Exchange(_root, target);
        if (!_options.KeepPrevious || !TryKeep(_root, PreviousFolder(target)))
        {
            TryDelete(_root);
        }

        if (_previous.Count == 0)
        {
            return null;
        }

        var now = _written.Select(w => w.File).ToHashSet(StringComparer.Ordinal);
        return (_written.Count(w => w.Changed && w.File != ManifestName), _written.Count(w => !w.Changed), _previous.Keys.Count(f => !now.Contains(f)));
    }

    /// <summary>The replaced export, kept for the next export to build in (false: another exporter kept one meanwhile, or the move failed).</summary>
    private static bool TryKeep(string replaced, string previous)
    {
        try
        {
            if (Directory.Exists(previous))
            {
                return false;
            }

            Directory.Move(replaced, previous);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // Left for the user; the message of the original failure matters more.
        }
    }

    // ---- assets and pages we write ourselves ----

    /// <summary>
    /// The SHA-256 of each wwwroot file this process has read, with the size and write time it had: the app's own files,
    /// which change when it is deployed again. A server that exports after every batch reads and hashes them once, not
    /// every time; a file whose size or write time moved is read again.
    /// </summary>
    private static readonly ConcurrentDictionary<string, (long Length, DateTimeOffset Modified, string Sha256)> _assetHashes = new(StringComparer.Ordinal);

    private void CopyAssets()
    {
        void Walk(string folder)
        {
            foreach (var entry in _webRoot.GetDirectoryContents(folder))
            {
                var path = folder + "/" + entry.Name;
                if (entry.IsDirectory)
                {
                    Walk(path);
                    continue;
                }

                var file = path.TrimStart('/');
                _synthesized[path] = 0;
                if (entry.PhysicalPath is { } physical && _assetHashes.TryGetValue(physical, out var known) && known.Length == entry.Length
                    && known.Modified == entry.LastModified && _previous.TryGetValue(file, out var old) && old.Sha256 == known.Sha256 && Kept(file, known.Sha256))
                {
                    // The same file as when this process last hashed it, and the previous export has those bytes: kept, unread.
                    _fileOwners.TryAdd(file, path);
                    _written.Add(new Written(file, entry.Length, "asset", known.Sha256, false));
                    continue;
                }

                using var stream = entry.CreateReadStream();
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                var sha = Write(file, buffer.ToArray(), "asset", path);
                if (entry.PhysicalPath is { } read)
                {
                    _assetHashes[read] = (entry.Length, entry.LastModified, sha);
                }
            }
        }

        Walk("");
    }

    /// <summary>What every page shows besides its own data: the assets (their hashed names are in every page) and the layout as rendered (the 404 pages).</summary>
    private string SharedInputs() => string.Join("\n", _written.Where(w => w.Kind == "asset" || w.File is "404.html" or "en/404.html")
        .Select(w => w.File + " " + w.Sha256).Order(StringComparer.Ordinal));

    /// <summary>Listed: the files of the contributors with a folder of their own are known (the crawl may decide on links under it).</summary>
    private readonly TaskCompletionSource _besideListed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The contributors with a folder of their own (<see cref="IExportFiles.Folder"/>): listed when ready, then written, while the crawl runs.</summary>
    private async Task WriteBesideAsync(CancellationToken cancellationToken)
    {
        var context = new ExportContext(_baseUrl, _options.PressOnly, _options.Bulk);
        var lists = new List<(IExportFiles Extra, IEnumerable<ExportFile> Files)>();
        try
        {
            foreach (var extra in _extras.Where(e => e.Folder is not null))
            {
                lists.Add((extra, (await extra.FilesAsync(context, cancellationToken)).ToList()));
            }

            foreach (var (extra, files) in lists)
            {
                foreach (var file in files)
                {
                    Claim(extra, file.Path);
                }
            }
        }
        catch (Exception e)
        {
            _besideListed.TrySetException(e);
            throw;
        }

        _besideListed.TrySetResult();
        foreach (var (extra, files) in lists)
        {
            foreach (var file in files)
            {
                await WriteStreamAsync(file.Path, file, cancellationToken);
            }
        }
    }

    /// <summary>
    /// A URL under a contributor's folder while its files are not listed yet: put aside (no worker waits for it) and
    /// queued again once they are, when the crawl can tell a contributed file from a page of the app.
    /// </summary>
    private bool PutAside(string url)
    {
        if (_besideListed.Task.IsCompleted)
        {
            return false;
        }

        if (!InContributorFolder(url))
        {
            return false;
        }

        _besideListed.Task.ContinueWith(_ => _queue.Writer.TryWrite(url), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return true;
    }

    /// <summary>The URL is under the folder of a contributor with a folder of its own: only such a URL can be one of its files.</summary>
    private bool InContributorFolder(string url)
    {
        // Asked of every URL the crawl meets (some 3,000 an export): no substring, closure or concatenation.
        var cut = url.AsSpan().IndexOfAny('?', '#');
        var path = cut < 0 ? url.AsSpan() : url.AsSpan(0, cut);
        foreach (var folder in _contributorFolders)
        {
            if (path.StartsWith(folder, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A contributed file's path, checked and taken: links to it are not crawled.</summary>
    private void Claim(IExportFiles extra, string path)
    {
        if (path.Length == 0 || path.StartsWith('/') || path.Contains('\\', StringComparison.Ordinal) || path.Split('/').Any(p => p is "" or "." or "..")
            || path == ManifestName || (extra.Folder is { } folder && !path.StartsWith(folder, StringComparison.Ordinal)))
        {
            throw new ExportException($"{extra.Name}: '{path}' is not a relative path inside the export (no leading '/', no '.' or '..' segments, not {ManifestName}){(extra.Folder is { } f ? $" in its folder {f}" : "")}");
        }

        if (!_fileOwners.TryAdd(path, "/" + path))
        {
            throw new ExportException($"{extra.Name}: {path} is written twice (another contributor or the site has it)");
        }

        _synthesized["/" + path] = 0;
    }

    /// <summary>The files of the <see cref="IExportFiles"/> given, before the crawl; links to them are not crawled.</summary>
    private async Task WriteExtrasAsync(IEnumerable<IExportFiles> extras, CancellationToken cancellationToken)
    {
        var context = new ExportContext(_baseUrl, _options.PressOnly, _options.Bulk);
        foreach (var extra in extras)
        {
            foreach (var file in extra.Files(context))
            {
                Claim(extra, file.Path);
                await WriteStreamAsync(file.Path, file, cancellationToken);
            }
        }
    }

    private async Task SynthesizeAsync(CancellationToken cancellationToken)
    {
        // The 404 page in both languages; links to the probe (language switch, hreflang) become links to these files.
        foreach (var (probe, file) in new[] { (MissingProbe, "/404.html"), ("/en" + MissingProbe, "/en/404.html") })
        {
            using var response = await _client.GetAsync(probe, cancellationToken);
            if (response.StatusCode != HttpStatusCode.NotFound)
            {
                throw new ExportException($"{probe}: expected the 404 page, got {(int)response.StatusCode}");
            }

            var html = (await response.Content.ReadAsStringAsync(cancellationToken))
                .Replace("/en" + MissingProbe, "/en/404.html", StringComparison.Ordinal)
                .Replace(MissingProbe, "/404.html", StringComparison.Ordinal);
            _synthesized[file] = 0;
            var links = new List<string>();
            Write(file.TrimStart('/'), Encoding.UTF8.GetBytes(Rewrite(html, html: true, links)), "page", file);
            Enqueue(links, file);
        }

        if (_options.LiveUrl is null)
        {
            foreach (var (path, zh, en) in new[]
            {
                ("/swagger", "Swagger UI（REST 接口文档）", "Swagger UI (REST API documentation)"),
                ("/graphql/ui", "GraphQL IDE", "GraphQL IDE"),
            })
            {
                _synthesized[path] = 0;
                var html = NotePage(zh, en);
                var links = new List<string>();
                Write(path.TrimStart('/') + "/index.html", Encoding.UTF8.GetBytes(Rewrite(html, html: true, links)), "page", path);
                Enqueue(links, path);
            }
        }
    }

    /// <summary>In a static copy the interactive API pages cannot run: say so, and link what can be downloaded.</summary>
    private static string NotePage(string zh, string en) => $$"""
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{{WebUtility.HtmlEncode(zh)}} · 锦州蓝天公开数据</title>
        <link rel="stylesheet" href="{{Public.Web.Site.SiteAssets.Href("css/site.css")}}" />
        <link rel="icon" href="data:," />
        </head>
        <body>
        <main id="main">
        <h1>{{WebUtility.HtmlEncode(zh)}}</h1>
        <p>这是本站的静态副本：交互式页面需要运行中的服务器，这里不提供。接口说明（OpenAPI）可下载：<a href="/swagger/v1/swagger.json">swagger.json</a>；数据的 CSV/JSON 快照见 <a href="/data">开放数据</a>。</p>
        <div lang="en">
        <h2>{{WebUtility.HtmlEncode(en)}}</h2>
        <p>This is a static copy of the site: interactive pages need the running server and are not included. The API description (OpenAPI) can be downloaded: <a href="/swagger/v1/swagger.json">swagger.json</a>; CSV/JSON snapshots of the data are listed under <a href="/en/data">Open data</a>.</p>
        </div>
        <p><a href="/">首页</a> · <a href="/en/">Home</a></p>
        </main>
        </body>
        </html>
        """;

    // ---- the crawl ----

    /// <summary>
    /// The URLs to fetch, as they are found: a worker takes the next one as soon as it is free (no waves: a slow answer
    /// holds only its own worker, and the links of a page are fetched while the rest of its level still renders).
    /// </summary>
    private readonly System.Threading.Channels.Channel<string> _queue = System.Threading.Channels.Channel.CreateUnbounded<string>();
    private readonly ConcurrentDictionary<string, byte> _seen = new(StringComparer.Ordinal);

    /// <summary>URLs enqueued and not yet done, plus one while seeds may still come: at zero the crawl is over.</summary>
    private int _outstanding = 1;

    private void Enqueue(IEnumerable<string> urls, string referrer)
    {
        // Links of pages carried over, followed here (not by recursion: a chain of pages can be long).
        var started = Stopwatch.GetTimestamp();
        Stack<(IReadOnlyList<string> Links, string Referrer)>? carried = null;
        EnqueueLinks(urls, referrer, ref carried);
        while (carried is { Count: > 0 })
        {
            var (links, from) = carried.Pop();
            EnqueueLinks(links, from, ref carried);
        }

        Interlocked.Add(ref _enqueueTicks, Stopwatch.GetTimestamp() - started);
    }

    private void EnqueueLinks(IEnumerable<string> urls, string referrer, ref Stack<(IReadOnlyList<string> Links, string Referrer)>? carried)
    {
        foreach (var url in urls)
        {
            // Most links of a page were found on pages before it (the navigation, the footer): one lookup, nothing else.
            if (_seen.ContainsKey(url))
            {
                continue;
            }

            if (_synthesized.ContainsKey(url) || IsLiveOnly(PathOf(url)))
            {
                continue;
            }

            if (_options.PressOnly && !IsPress(url))
            {
                continue;
            }

            if (_seen.TryAdd(url, 0))
            {
                if (TryCarry(url, out var href, out var links))
                {
                    if (links is { Count: > 0 })
                    {
                        (carried ??= new()).Push((links, href));
                    }

                    continue;
                }

                // Named when its answer is not 200 (a URL carried over has none).
                _referrers.TryAdd(url, referrer);
                Interlocked.Increment(ref _outstanding);
                _queue.Writer.TryWrite(url);
            }
        }
    }

    /// <summary>
    /// Carries the URL over here and now when nothing it depends on changed since the previous export (its dependency key
    /// is the one the previous manifest lists, and the previous file is there to be kept): no worker takes it from the
    /// queue. An export after an import carries some 2,700 of 2,800 URLs, and in the queue they stood before the pages to
    /// render, which only started once the workers had gone through them. False — the URL goes to the queue — for anything
    /// else, or when the crawl cannot tell yet (a URL under a contributor's folder before its files are listed).
    /// </summary>
    private bool TryCarry(string url, out string href, out IReadOnlyList<string>? links)
    {
        href = "";
        links = null;
        if (_keys is null || _previous.Count == 0 || (!_besideListed.Task.IsCompleted && InContributorFolder(url)) || _synthesized.ContainsKey(url))
        {
            return false;
        }

        (href, var file) = Locate(url);
        if (_keys.KeyOf(url) is not { } key || _previous.GetValueOrDefault(file) is not { } old || old.Key != key || !Kept(file, old.Sha256))
        {
            return false;
        }

        if (_fileOwners.TryAdd(file, url))
        {
            // The links it had are followed as if it had been rendered.
            _written.Add(new Written(file, old.Bytes, old.Kind, old.Sha256, false, key, old.Links, Carried: true));
            links = old.Links;
        }

        return true;
    }

    /// <summary>One URL (or the seeds) done: the last one ends the crawl.</summary>
    private void Done()
    {
        if (Interlocked.Decrement(ref _outstanding) == 0)
        {
            _queue.Writer.TryComplete();
        }
    }

    private static bool IsPress(string url) =>
        url.StartsWith("/press", StringComparison.Ordinal) || url.StartsWith("/en/press", StringComparison.Ordinal) || url.StartsWith("/feeds/press", StringComparison.Ordinal);

    /// <summary>
    /// Fetches the seeds and every link found, <see cref="ExportOptions.Parallelism"/> at a time; the seeds of
    /// <paramref name="later"/> (those that wait for something, as the bulk descriptors wait for the new version's
    /// archives) join the crawl when they are known, while the rest is already being fetched.
    /// </summary>
    private async Task CrawlAsync(IEnumerable<string> seeds, Task<IReadOnlyList<string>>? later, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        void Fail(Exception e)
        {
            // Every worker stops; the export fails with the first error as it was thrown.
            Interlocked.CompareExchange(ref failure, e, null);
            _queue.Writer.TryComplete(e);
        }

        _crawlStarted = Stopwatch.GetTimestamp();
        // The workers start first: the seeds to render reach them while the ones carried over are still being gone through here.
        var workers = Enumerable.Range(0, _options.Parallelism).Select(_ => Task.Run(async () =>
        {
            await foreach (var url in _queue.Reader.ReadAllAsync(cancellationToken))
            {
                if (PutAside(url))
                {
                    continue;
                }

                try
                {
                    await ExportOneAsync(url, cancellationToken);
                }
                catch (Exception e)
                {
                    Fail(e);
                    return;
                }

                Done();
            }
        }, cancellationToken)).ToList();
        try
        {
            Enqueue(seeds, "(start)");
            if (later is not null)
            {
                Enqueue(await later.WaitAsync(cancellationToken), "(start)");
            }

            Done();
        }
        catch (Exception e)
        {
            Fail(e);
        }

        try
        {
            await Task.WhenAll(workers);
        }
        catch when (Volatile.Read(ref failure) is not null)
        {
            // The others stopped because of it.
        }

        if (Volatile.Read(ref failure) is { } first)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        }
    }

    private async Task ExportOneAsync(string url, CancellationToken cancellationToken)
    {
        if (!_besideListed.Task.IsCompleted && (InContributorFolder(url) || (_keys?.Family(url) ?? DependencyKeys.FamilyOf(url)) == "store"))
        {
            // Only a URL under a contributor's folder can be one of its files (listed once the new version's bulk
            // archives are built), and the answers that describe those files (the open-data page, the catalog) are of
            // the store family: these wait for the list. Every other URL starts at once, beside the archives' build.
            await _besideListed.Task.WaitAsync(cancellationToken);
        }

        if (_synthesized.ContainsKey(url))
        {
            // A contributor's file (listed meanwhile), not a page of the app.
            return;
        }

        var (href, file) = Locate(url);
        if (!_fileOwners.TryAdd(file, url))
        {
            return;
        }

        var key = _keys?.KeyOf(url);
        if (key is not null && _previous.GetValueOrDefault(file) is { } old && old.Key == key && Kept(file, old.Sha256))
        {
            // Nothing this URL depends on changed since the previous export: its file is carried over unrendered, and the
            // links it had are followed as if it had been rendered.
            _written.Add(new Written(file, old.Bytes, old.Kind, old.Sha256, false, key, old.Links, Carried: true));
            if (old.Links is { } carriedLinks)
            {
                Enqueue(carriedLinks, href);
            }

            return;
        }

        var started = Stopwatch.GetTimestamp();
        using var response = await _client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            _broken.Add($"{url} → {(int)response.StatusCode} (linked from {_referrers.GetValueOrDefault(url, "?")})");
            return;
        }

        var type = response.Content.Headers.ContentType?.MediaType ?? "";
        var (body, length) = await ReadBodyAsync(url, response.Content, cancellationToken);
        try
        {
            var took = Stopwatch.GetTimestamp() - started;
            Interlocked.Add(ref _fetchTicks, took);
            _slowest.Add((url, took, started));
            var kind = type switch
            {
                "text/html" => "page",
                "application/atom+xml" or "application/cap+xml" or "application/rss+xml" => "feed",
                "application/json" or "text/csv" => "data",
                _ => "other",
            };
            if (kind is "page" or "feed" || type is "application/xml" or "text/xml")
            {
                var rewriting = Stopwatch.GetTimestamp();
                List<string> links = [];
                var text = Rewrite(Encoding.UTF8.GetString(body, 0, length), html: kind == "page", links);
                Enqueue(links, href);
                // Encoded into a pooled buffer: a new array a page (some of them on the large-object heap) was fresh memory
                // for the collector to clear, a good part of an incremental export's CPU.
                var encoded = System.Buffers.ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetByteCount(text));
                try
                {
                    var count = Encoding.UTF8.GetBytes(text, encoded);
                    Interlocked.Add(ref _rewriteTicks, Stopwatch.GetTimestamp() - rewriting);
                    Write(file, encoded.AsSpan(0, count), kind, url, key, links.Distinct(StringComparer.Ordinal).ToList());
                }
                finally
                {
                    System.Buffers.ArrayPool<byte>.Shared.Return(encoded);
                }
            }
            else
            {
                Write(file, body.AsSpan(0, length), kind, url, key);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(body);
        }
    }

    /// <summary>
    /// The body read once into a pooled buffer (returned to <see cref="System.Buffers.ArrayPool{T}.Shared"/> by the
    /// caller) and its length: with a Content-Length (the data files: the city's hourly year is 3.5 MB) straight into a
    /// buffer of that size, else into buffers that double. Buffering the whole response first and copying it out with
    /// <c>ReadAsByteArrayAsync</c> allocated every body twice, the large ones on the large-object heap, whose budget
    /// then started full collections in the middle of an incremental export (each a pause of every worker).
    /// </summary>
    private static async Task<(byte[] Buffer, int Length)> ReadBodyAsync(string url, HttpContent content, CancellationToken cancellationToken)
    {
        var pool = System.Buffers.ArrayPool<byte>.Shared;
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var known = content.Headers.ContentLength;
        var buffer = pool.Rent(known is { } size ? checked((int)size + 1) : 1 << 16);
        var filled = 0;
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    var larger = pool.Rent(checked(buffer.Length * 2));
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    pool.Return(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                filled += read;
            }

            if (known is { } expected && filled != expected)
            {
                throw new ExportException($"{url}: the answer has {filled} bytes, its Content-Length says {expected}");
            }

            return (buffer, filled);
        }
        catch
        {
            pool.Return(buffer);
            throw;
        }
    }

    /// <summary>
    /// The previous export's file with these bytes is there to be kept: the reused export holds it (its manifest lists
    /// the same hash, and this export has not replaced the name: <see cref="LinkUnchanged"/> leaves it as it is, no
    /// file-system call needed), else it must exist in the target (to be linked from there).
    /// </summary>
    private bool Kept(string file, string sha) =>
        (_staged is not null && _staged.TryGetValue(file, out var staged) && staged.Sha256 == sha && !_replaced.ContainsKey(file))
        || File.Exists(Path.Combine(_target, file.Replace('/', Path.DirectorySeparatorChar)));

    /// <summary>
    /// Writes a file of this export unless the previous export has the same bytes; returns their SHA-256 (empty when
    /// <paramref name="hashed"/> is false: a file no manifest lists, always written).
    /// </summary>
    private string Write(string file, ReadOnlySpan<byte> bytes, string kind, string url, string? key = null, IReadOnlyList<string>? links = null, bool hashed = true)
    {
        var writing = Stopwatch.GetTimestamp();
        _fileOwners.TryAdd(file, url);
        var sha = hashed ? Convert.ToHexStringLower(SHA256.HashData(bytes)) : "";
        if (_previous.TryGetValue(file, out var old) && hashed && old.Sha256 == sha && Kept(file, sha))
        {
            // Same content as in the previous export: the file there stays as it is (not even its time changes).
            _written.Add(new Written(file, bytes.Length, kind, sha, false, key, links));
            Interlocked.Add(ref _writeTicks, Stopwatch.GetTimestamp() - writing);
            return sha;
        }

        var full = Path.Combine(_root, file.Replace('/', Path.DirectorySeparatorChar));
        var folder = Path.GetDirectoryName(full)!;
        if (!_folders.ContainsKey(folder))
        {
            // Created before it is remembered: another writer that finds it remembered can rely on it existing.
            Directory.CreateDirectory(folder);
            _folders.TryAdd(folder, 0);
        }

        if (_staged is not null && _staged.TryGetValue(file, out var staged) && old is not null && staged.Sha256 != old.Sha256 && !_replaced.ContainsKey(file))
        {
            // The reused export's file differs from the target's (it changed in the last export too, as a station's page
            // does with every new day): its own file, linked nowhere else, so it is written over in place. Unlinking it
            // and creating another took 0.1–1 ms each on ext4 (the blocks freed and allocated again), most of it waiting.
            OverwriteInPlace(full, bytes);
        }
        else
        {
            if (_staged is not null)
            {
                // The reused export's file may be a hard link to the target's: replace the name, never write through it.
                File.Delete(full);
            }

            File.WriteAllBytes(full, bytes);
        }

        _written.Add(new Written(file, bytes.Length, kind, sha, true, key, links));
        Interlocked.Add(ref _writeTicks, Stopwatch.GetTimestamp() - writing);
        return sha;
    }

    /// <summary>Writes <paramref name="bytes"/> over a file of the reused export that no other name shares: its blocks reused, its length cut to the new one.</summary>
    private static void OverwriteInPlace(string full, ReadOnlySpan<byte> bytes)
    {
        using var stream = new FileStream(full, FileMode.OpenOrCreate, FileAccess.Write, FileShare.None, bufferSize: 0);
        stream.Write(bytes);
        stream.SetLength(bytes.Length);
    }

    /// <summary>A contributed file: carried over when its key is the previous export's, else written by its producer and hashed.</summary>
    private async Task WriteStreamAsync(string file, ExportFile source, CancellationToken cancellationToken)
    {
        var writing = Stopwatch.GetTimestamp();
        var old = _previous.GetValueOrDefault(file);
        var inTarget = Path.Combine(_target, file.Replace('/', Path.DirectorySeparatorChar));
        if (source.Key is not null && old is not null && old.Key == source.Key && Kept(file, old.Sha256))
        {
            _written.Add(new Written(file, old.Bytes, source.Kind, old.Sha256, false, source.Key));
            Interlocked.Add(ref _writeTicks, Stopwatch.GetTimestamp() - writing);
            return;
        }

        var full = Path.Combine(_root, file.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        if (_staged is not null)
        {
            File.Delete(full);
            _replaced.TryAdd(file, 0);
        }

        string sha;
        long length;
        if (source.LinkFrom is { } existing)
        {
            // A finished file (never written in place): a second name for it, hashed as it is now.
            FolderSwap.HardLinkOrCopy(existing, full);
            await using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            length = stream.Length;
            sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
            if (source.LinkSha256 is { } expected && expected != sha)
            {
                throw new ExportException($"{file}: {existing} was replaced while exporting (SHA-256 {sha}, listed as {expected}); nothing was moved into place");
            }
        }
        else
        {
            await using var stream = new FileStream(full, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, useAsync: true);
            await source.WriteAsync(stream, cancellationToken);
            await stream.FlushAsync(cancellationToken);
            length = stream.Length;
            stream.Position = 0;
            sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
        }

        var changed = !(old is not null && old.Sha256 == sha && File.Exists(inTarget));
        if (!changed)
        {
            // Same bytes as the previous export's file: that one stays (not even its time changes).
            File.Delete(full);
        }

        _written.Add(new Written(file, length, source.Kind, sha, changed, source.Key));
        Interlocked.Add(ref _writeTicks, Stopwatch.GetTimestamp() - writing);
    }

    private void WriteManifest(TimeSpan elapsed)
    {
        var ordered = _written.OrderBy(w => w.File, StringComparer.Ordinal).ToList();
        // Written field by field (the serializer over anonymous objects took 10–30 ms for the 2,800 files of an export with
        // 1,000 press releases, after every import, while nothing else ran): the same JSON as it wrote, indented, nulls left out.
        // An entry that says what the previous manifest (written by this process) said is copied from it as it stands: an
        // export after an import changes some hundred of 2,800 entries, and writing the others again — 58,000 links — was
        // 10–30 ms of the incremental export, after the crawl, with nothing else to do beside it.
        var previous = _previous;
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(Math.Max(1 << 16, KnownManifests.LastLength + (KnownManifests.LastLength / 8)));
        var entries = new (int Start, int End)[ordered.Count];
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = _manifestJson.Encoder }))
        {
            json.WriteStartObject();
            json.WriteString("generator", "export-site (Jinzhou Blue Sky open data)");
            json.WriteString("generatedAt", DateTimeOffset.UtcNow);
            WriteIfSet(json, "baseUrl", _baseUrl);
            WriteIfSet(json, "liveUrl", _options.LiveUrl);
            json.WriteNumber("elapsedSeconds", Math.Round(elapsed.TotalSeconds, 2));
            json.WriteStartArray("files");
            json.Flush();
            for (var i = 0; i < ordered.Count; i++)
            {
                var w = ordered[i];
                // Where this entry starts: after the '[' or the ',' that the writer puts before it.
                var start = buffer.WrittenCount + (i > 0 ? 1 : 0);
                if (previous.TryGetValue(w.File, out var was) && was.Entry.Length > 0 && was.Says(w))
                {
                    // The bytes the writer wrote for these very fields: the line break and indentation before the object included.
                    json.WriteRawValue(was.Entry.Span, skipInputValidation: true);
                }
                else
                {
                    json.WriteStartObject();
                    json.WriteString("path", w.File);
                    json.WriteNumber("bytes", w.Bytes);
                    json.WriteString("kind", w.Kind);
                    json.WriteString("sha256", w.Sha256);
                    WriteIfSet(json, "key", w.Key);
                    if (w.Links is { } links)
                    {
                        json.WriteStartArray("links");
                        foreach (var link in links)
                        {
                            json.WriteStringValue(link);
                        }

                        json.WriteEndArray();
                    }

                    json.WriteEndObject();
                }

                json.Flush();
                entries[i] = (start, buffer.WrittenCount);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        var bytes = buffer.WrittenSpan.ToArray();
        // What the next export reads back from these bytes (the files listed, not the manifest itself), without parsing them.
        var listed = new Dictionary<string, PreviousFile>(ordered.Count, StringComparer.Ordinal);
        for (var i = 0; i < ordered.Count; i++)
        {
            var w = ordered[i];
            listed[w.File] = new PreviousFile(w.Sha256, w.Bytes, w.Kind, w.Key, w.Links) { Entry = bytes.AsMemory(entries[i].Start, entries[i].End - entries[i].Start) };
        }

        KnownManifests.Remember(bytes, listed);
        // Not hashed: the manifest does not list itself, so no export compares it with an earlier one (and its time always differs).
        Write(ManifestName, bytes, "other", "/" + ManifestName, hashed: false);
    }

    private static void WriteIfSet(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    // ---- URLs to files ----

    private static string PathOf(string url)
    {
        var cut = url.IndexOfAny(['?', '#']);
        return cut < 0 ? url : url[..cut];
    }

    private static bool IsLiveOnly(string path) =>
        (path.StartsWith("/swagger", StringComparison.Ordinal) && !path.EndsWith(".json", StringComparison.Ordinal))
        || path == "/graphql" || path.StartsWith("/graphql/", StringComparison.Ordinal);

    private static bool HasFileExtension(string path)
    {
        var last = path[(path.LastIndexOf('/') + 1)..];
        return _fileExtensions.Any(e => last.EndsWith(e, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The link a static copy uses for a URL of the app, and the file (relative to the folder) that answers it.</summary>
    public static (string Href, string File) Locate(string url)
    {
        if (_located.TryGetValue(url, out var known))
        {
            return known;
        }

        var located = LocateOnce(url);
        if (_located.Count < MaxLocated)
        {
            _located.TryAdd(url, located);
        }

        return located;
    }

    /// <summary>
    /// The file of each URL seen, for the process's life (a pure function of the URL): every export asks it for each of
    /// its ~3,000 URLs and each link of every page it renders, and parsing the query strings again was 3 % of the CPU of
    /// the server's export after a new day. Bounded: past the bound, URLs are located without being kept.
    /// </summary>
    private static readonly ConcurrentDictionary<string, (string Href, string File)> _located = new(StringComparer.Ordinal);
    private const int MaxLocated = 200_000;

    private static (string Href, string File) LocateOnce(string url)
    {
        var fragment = "";
        var hash = url.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            fragment = url[hash..];
            url = url[..hash];
        }

        var q = url.IndexOf('?', StringComparison.Ordinal);
        var path = q < 0 ? url : url[..q];
        if (path.StartsWith(Transparency.LogApi.Prefix + "/", StringComparison.Ordinal))
        {
            // The transparency log (C2SP tlog-tiles): each file is its URL, byte for byte, so a mirror is a plain copy.
            return (path + fragment, Uri.UnescapeDataString(path).TrimStart('/'));
        }

        var pairs = q < 0 ? [] : ParseQuery(url[(q + 1)..]);
        var format = pairs.FirstOrDefault(p => p.Key == "format").Value;
        var rest = pairs.Where(p => p.Key != "format").ToList();

        if (path.StartsWith("/api/", StringComparison.Ordinal) || HasFileExtension(path))
        {
            var hasExtension = HasFileExtension(path);
            var ext = string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase) ? ".csv" : hasExtension ? "" : ".json";
            string href;
            if (rest.Count == 0)
            {
                href = hasExtension && ext.Length > 0 ? path + ext : path + ext;
            }
            else
            {
                var stem = hasExtension ? path[..path.LastIndexOf('.')] : path;
                var own = hasExtension ? path[path.LastIndexOf('.')..] : "";
                href = stem + "/" + Stable(rest) + (ext.Length > 0 ? ext : own);
            }

            return (href + fragment, Uri.UnescapeDataString(href).TrimStart('/'));
        }

        var dir = path.TrimEnd('/');
        string pageHref;
        if (rest.Count == 0)
        {
            pageHref = path;
        }
        else if (rest.Count == 1 && rest[0].Key == "page" && int.TryParse(rest[0].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var page))
        {
            pageHref = dir + "/page/" + page.ToString(CultureInfo.InvariantCulture);
        }
        else
        {
            pageHref = dir + "/q/" + Stable(rest);
        }

        var folder = Uri.UnescapeDataString(pageHref).Trim('/');
        return (pageHref + fragment, folder.Length == 0 ? "index.html" : folder + "/index.html");
    }

    private static List<KeyValuePair<string, string>> ParseQuery(string query) =>
        query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => new KeyValuePair<string, string>(Uri.UnescapeDataString(p[0].Replace('+', ' ')), p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : ""))
            .Where(p => p.Value.Length > 0)
            .ToList();

    /// <summary>A file name for a query: sorted <c>key-value</c> pairs joined by <c>_</c>; a value with anything else than letters, digits, '.', '_' and '-' gets a hash suffix so names stay unique.</summary>
    private static string Stable(List<KeyValuePair<string, string>> pairs)
    {
        var canonical = string.Join("&", pairs.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value));
        var readable = string.Join("_", pairs.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal).Select(p => p.Key + "-" + p.Value));
        var safe = UnsafeChars().Replace(readable, "~");
        if (safe == readable && safe.Length <= 100)
        {
            return safe;
        }

        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..10];
        return (safe.Length > 60 ? safe[..60] : safe) + "-" + digest;
    }

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex UnsafeChars();

    // ---- rewriting links ----

    [GeneratedRegex("""(?<pre>\s(?:href|src|action)=")(?<url>[^"]*)(?<post>")""")]
    private static partial Regex Attribute();

    /// <summary>
    /// Rewrites every internal link (<c>href</c>, <c>src</c>, <c>action</c>, and absolute URLs of the app's origin anywhere, as in
    /// feeds, sitemap and JSON-LD) to its file in the copy, and collects the app URLs to fetch.
    /// </summary>
    public string Rewrite(string text, bool html, List<string> links)
    {
        // The absolute URLs the attribute pass wrote: the second pass must not take them for the app's URLs again (an
        // API answer's file name, e.g. /api/v1/plan/targets/m24-b.json, is not a URL the app answers: a feed's
        // <link href> came back as a broken link whenever that form reached the crawl before the real URL's file was
        // claimed).
        var written = new HashSet<string>(StringComparer.Ordinal);
        var rewritten = Attribute().Replace(text, m =>
        {
            var raw = m.Groups["url"].Value;
            var value = WebUtility.HtmlDecode(raw);
            var local = Internal(value, out var absolute);
            if (local is null)
            {
                return m.Value;
            }

            var target = Target(local, links);
            var encoded = AttributeEncode(absolute && !target.StartsWith("http", StringComparison.Ordinal) ? _baseUrl + target : target);
            if (absolute)
            {
                written.Add(encoded);
            }

            return m.Groups["pre"].Value + encoded + m.Groups["post"].Value;
        });

        // Absolute URLs of the app elsewhere: sitemap <loc>, feed ids and links, JSON-LD (where '&' is written \u0026).
        rewritten = _absolute.Replace(rewritten, m =>
        {
            if (written.Contains(m.Value))
            {
                return m.Value;
            }

            var path = m.Groups["path"].Success ? m.Groups["path"].Value : "/";
            var value = path.Replace("\\u0026", "&", StringComparison.Ordinal);
            if (!html)
            {
                value = WebUtility.HtmlDecode(value);
            }

            var target = Target(value, links);
            return target.StartsWith("http", StringComparison.Ordinal) ? target : _baseUrl + target;
        });
        return rewritten;
    }

    /// <summary>The app-relative URL of an internal link, or null for external, fragment-only and data: links.</summary>
    private string? Internal(string value, out bool absolute)
    {
        absolute = false;
        foreach (var origin in new[] { _origin, _baseUrl })
        {
            if (value.StartsWith(origin + "/", StringComparison.Ordinal) || value == origin)
            {
                absolute = true;
                var rest = value[origin.Length..];
                return rest.Length == 0 ? "/" : rest;
            }
        }

        return value.StartsWith('/') && !value.StartsWith("//", StringComparison.Ordinal) ? value : null;
    }

    private string Target(string local, List<string> links)
    {
        var path = PathOf(local);
        if (IsLiveOnly(path))
        {
            if (_options.LiveUrl is { } live)
            {
                return live.TrimEnd('/') + local;
            }

            return path.StartsWith("/swagger", StringComparison.Ordinal) ? "/swagger" : "/graphql/ui";
        }

        var hash = local.IndexOf('#', StringComparison.Ordinal);
        links.Add(hash < 0 ? local : local[..hash]);
        return Locate(local).Href;
    }

    private static string AttributeEncode(string value) =>
        value.Replace("&", "&amp;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);
}
