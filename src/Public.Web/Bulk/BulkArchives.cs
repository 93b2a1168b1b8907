using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Public.Web.Infrastructure;
using Public.Web.Serving;

namespace Public.Web.Bulk;

/// <summary>One archive file: its name under <c>/bulk/</c> (<c>station-hours/2019.parquet</c>), size and SHA-256.</summary>
public sealed record BulkFile(string Path, string Format, string MediaType, long Bytes, string Sha256);

/// <summary>
/// One dataset-year: its rows, the first and last date it covers, the fingerprint of its content (SHA-256 of the
/// uncompressed archive CSV, which holds every value) and its two files.
/// </summary>
/// <param name="Signature">The store's cheap signature of the year (see <see cref="BulkDataset.Signature"/>) when it was read.</param>
public sealed record BulkYear(string Dataset, int Year, int Rows, DateOnly First, DateOnly Last, string Signature, string Fingerprint, BulkFile CsvGz, BulkFile Parquet)
{
    public IEnumerable<BulkFile> Files => [CsvGz, Parquet];
}

/// <summary>What the archive folder holds for one data version.</summary>
/// <param name="Stations">The station registry (<c>stations.csv</c>), which the station codes of the other tables refer to.</param>
public sealed record BulkManifest(long DataVersion, DateTimeOffset BuiltAt, BulkFile Stations, int StationRows, IReadOnlyList<BulkYear> Years, IReadOnlyList<string> Rebuilt)
{
    /// <summary>
    /// The months this build read from the store again (<c>station-hours/2019-06</c>), of the datasets built month by
    /// month (<see cref="BulkDataset.Span"/>): a new day reads its month alone; the other months come from memory.
    /// </summary>
    public IReadOnlyList<string> MonthsRead { get; init; } = [];

    /// <summary>Every file, the station registry first.</summary>
    public IEnumerable<BulkFile> Files => Years.SelectMany(y => y.Files).Prepend(Stations);

    public BulkFile? Find(string path) => Files.FirstOrDefault(f => f.Path == path);
}

/// <summary>A finished build of the archives: its data version, when it started (<see cref="Stopwatch.GetTimestamp"/>), wall clock and CPU time (user + system of its threads).</summary>
public sealed record BulkBuild(long DataVersion, long Started, TimeSpan Elapsed, TimeSpan Cpu);

/// <summary>A build in progress: its data version, the dataset-year it is at and its clock (the 503 while building names them).</summary>
public sealed class BulkBuildState(long version, Stopwatch watch)
{
    public long Version { get; } = version;

    public Stopwatch Watch { get; } = watch;

    public TimeSpan Elapsed => Watch.Elapsed;

    public string Step { get; set; } = "starting";
}

/// <summary>Where the archives are kept: <c>Bulk:Path</c>, else a folder beside the store (<c>public.db</c> → <c>public.bulk/</c>).</summary>
public sealed class BulkOptions
{
    public required string Folder { get; init; }

    public static BulkOptions From(IConfiguration config, StoreOptions store) => new()
    {
        Folder = Path.GetFullPath(config["Bulk:Path"] is { Length: > 0 } path ? path
            : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(store.Path)) ?? ".", Path.GetFileNameWithoutExtension(store.Path) + ".bulk")),
    };
}

/// <summary>
/// The yearly archives, built per data version and kept on disk. When the store's data version moves, each
/// dataset-year's signature is read from the store (a count, one query); a year whose signature is unchanged keeps its
/// files. Any other year is read and its content fingerprinted, and only when the content changed (or a file is missing)
/// are its files written again; the rest keep their files, sizes, hashes and so their ETags. The manifest
/// (<c>manifest.json</c>) carries signatures and fingerprints across restarts.
/// </summary>
public sealed class BulkArchives(IServiceProvider services, BulkOptions options, DataVersionMonitor versions, ILogger<BulkArchives> logger, TimeProvider time) : IDisposable
{
    private const string ManifestFile = "manifest.json";

    /// <summary>The station registry's file under /bulk/.</summary>
    public const string StationsPath = "stations.csv";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly SemaphoreSlim _build = new(1, 1);

    /// <summary>
    /// The months of the dataset-years last built month by month, in memory (this process): each month's signature,
    /// its row count, its CSV gzipped as a member of its own, the SHA-256 of that CSV and its Parquet row group encoded
    /// alone; not its rows, which the encoded forms hold (a national year is millions of cells). Only the latest year of each
    /// dataset is kept (where new days arrive); an earlier year rebuilt after a correction reads all its months again.
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Dataset, int Year), MonthSegment[]> _months = new();
    private readonly Lock _gate = new();
    private (long Version, Task<BulkManifest> Task)? _building;
    private BulkManifest? _current;
    private long _rowGroupsEncoded;

    public string Folder => options.Folder;

    /// <summary>How many months' Parquet row groups this process has encoded (the others were joined as kept).</summary>
    public long ParquetRowGroupsEncoded => Interlocked.Read(ref _rowGroupsEncoded);

    private BulkBuildState? _state;

    /// <summary>The build in progress (its data version, the dataset-year it is at, how long it has run), or null.</summary>
    public BulkBuildState? Building => Volatile.Read(ref _state);

    public void Dispose() => _build.Dispose();

    /// <summary>The full path of an archive file.</summary>
    public string PathOf(BulkFile file) => Path.Combine(options.Folder, file.Path.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>The latest manifest built, of whatever data version (null before the first build of this process).</summary>
    public BulkManifest? Latest => Volatile.Read(ref _current);

    /// <summary>
    /// The manifest of the current data version, building what changed first. The build runs on its own, not under
    /// the caller's token: a request that gives up (a timeout, a closed connection) leaves it running for the next.
    /// </summary>
    public Task<BulkManifest> CurrentAsync(CancellationToken ct = default)
    {
        var version = versions.Current.Number;
        if (Volatile.Read(ref _current) is { } ready && ready.DataVersion == version)
        {
            return Task.FromResult(ready);
        }

        Task<BulkManifest> build;
        lock (_gate)
        {
            if (_building is not { } running || running.Version != version || running.Task.IsFaulted)
            {
                _building = (version, Task.Run(() => BuildLocked(version)));
            }

            build = _building.Value.Task;
        }

        return build.WaitAsync(ct);
    }

    /// <summary>The current manifest if it is ready within <paramref name="wait"/>, else the latest one (or null): for pages that must not hang.</summary>
    public async Task<(BulkManifest? Manifest, bool Current)> TryCurrentAsync(TimeSpan wait)
    {
        try
        {
            return (await CurrentAsync().WaitAsync(wait), true);
        }
        catch (TimeoutException)
        {
            return (Latest, false);
        }
    }

    /// <summary>
    /// The stored hours of the natural days from <paramref name="first"/> to <paramref name="last"/> as a signature
    /// (<see cref="BulkDataset.AirSpanSignatureOf"/>), read once per data version and span: the months the archives are
    /// built by, and the months of the long-shape series (<see cref="AirQuality.MonthChunks"/>), ask the store once.
    /// </summary>
    public string HourSignature(DateOnly first, DateOnly last) => SignaturesOf(versions.Current.Number).Span(BulkDataset.AirSpanSignatureOf, first, last);

    /// <summary>
    /// The stored hours of the natural days of <paramref name="year"/> as a signature: its months' (<see cref="HourSignature"/>,
    /// one scan of the year per data version, shared with the archives' build). Everything the year's series and
    /// assessment show is derived from these hours in the batch that stored them.
    /// </summary>
    public string YearHourSignature(int year) => SignaturesOf(versions.Current.Number).AirYear(year);

    /// <summary>
    /// The signature of each natural day of <paramref name="year"/> that has stored hours (<see cref="HourSignature"/> of
    /// that day; a day not listed has none), one scan of the year per data version.
    /// </summary>
    public IReadOnlyDictionary<DateOnly, string> DayHourSignatures(int year) => SignaturesOf(versions.Current.Number).AirDays(year);

    private (long Version, Signatures Memo)? _signatures;

    private Signatures SignaturesOf(long version)
    {
        lock (_gate)
        {
            if (_signatures is not { } known || known.Version != version)
            {
                _signatures = (version, new Signatures(services));
            }

            return _signatures.Value.Memo;
        }
    }

    /// <summary>The last build of this process: its data version, wall clock and CPU time (every thread of it, measured on each; zero where that cannot be read).</summary>
    public BulkBuild? LastBuild => Volatile.Read(ref _lastBuild);

    private BulkBuild? _lastBuild;

    /// <summary>
    /// Builds synchronously (on the thread pool, one dataset-year per core): each piece of the build runs start to end
    /// on its thread, so the build's own CPU time is known even while exports or requests run beside it.
    /// </summary>
    private BulkManifest BuildLocked(long version)
    {
        _build.Wait();
        try
        {
            if (_current is { } built && built.DataVersion == version)
            {
                return built;
            }

            var started = Stopwatch.GetTimestamp();
            var watch = Stopwatch.StartNew();
            var state = new BulkBuildState(version, watch);
            Volatile.Write(ref _state, state);
            try
            {
                BulkManifest? manifest = null;
                Interlocked.Exchange(ref _jobCpuTicks, 0);
                _callerJobCpuTicks = 0;
                // This thread's CPU (the dataset-years it ran itself are in it and in the jobs' sum: taken out once).
                var cpu = ThreadCpu.Of(() => manifest = BuildSteps(version, _current ?? ReadManifest(), state)) - TimeSpan.FromTicks(_callerJobCpuTicks);
                Volatile.Write(ref _lastBuild, new BulkBuild(version, started, watch.Elapsed, cpu + TimeSpan.FromTicks(Interlocked.Exchange(ref _jobCpuTicks, 0))));
                Volatile.Write(ref _current, manifest);
                return manifest!;
            }
            finally
            {
                Volatile.Write(ref _state, null);
            }
        }
        finally
        {
            _build.Release();
        }
    }

    /// <summary>CPU time of the dataset-years of the running build, each measured on its thread.</summary>
    private long _jobCpuTicks;

    /// <summary>Of <see cref="_jobCpuTicks"/>: the dataset-years run on the build's own thread (Parallel.For runs some there).</summary>
    private long _callerJobCpuTicks;

    private BulkManifest BuildSteps(long version, BulkManifest? previous, BulkBuildState state)
    {
        var ct = CancellationToken.None;
        var watch = state.Watch;
        Directory.CreateDirectory(options.Folder);
        var known = previous?.Years.ToDictionary(y => (y.Dataset, y.Year)) ?? [];
        // The dataset-years are independent (each reads through the thread-safe query services and writes its own
        // files): built side by side, one per core, and kept in catalogue order.
        var jobs = BulkDatasets.All.SelectMany(d => d.Years(services).Select(y => (Dataset: d, Year: y))).ToList();
        var results = new (BulkYear? Year, bool Rebuilt)[jobs.Count];
        var monthsRead = new System.Collections.Concurrent.ConcurrentBag<string>();
        var signatures = SignaturesOf(version);
        var caller = Environment.CurrentManagedThreadId;
        Parallel.For(0, jobs.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct },
            i =>
            {
                var (dataset, year) = jobs[i];
                known.TryGetValue((dataset.Id, year), out var old);
                var cpu = ThreadCpu.Of(() => results[i] = BuildYear(dataset, year, old, state, signatures, monthsRead, ct));
                Interlocked.Add(ref _jobCpuTicks, cpu.Ticks);
                if (Environment.CurrentManagedThreadId == caller)
                {
                    Interlocked.Add(ref _callerJobCpuTicks, cpu.Ticks);
                }
            });
        var years = results.Where(r => r.Year is not null).Select(r => r.Year!).ToList();
        var rebuilt = results.Where(r => r.Rebuilt).Select(r => $"{r.Year!.Dataset}/{r.Year.Year}").ToList();
        foreach (var (dataset, latest) in jobs.GroupBy(j => j.Dataset.Id).Select(g => (g.Key, g.Max(j => j.Year))))
        {
            // Months in memory for the latest year of each dataset only.
            foreach (var key in _months.Keys.Where(k => k.Dataset == dataset && k.Year != latest))
            {
                _months.TryRemove(key, out _);
            }
        }

        var stations = AirWideTables.Stations.Rows(services.GetRequiredService<AirQuality.Stations.StationRegistry>().All
            .Select(s => AirQuality.AirQualityQueries.Describe(s, null)));
        var stationsCsv = WideFormats.Csv(stations, bom: false);
        var stationsFile = previous?.Stations is { } kept && kept.Sha256 == Convert.ToHexStringLower(SHA256.HashData(stationsCsv)) && Intact(kept)
            ? kept : Save(StationsPath, "csv", "text/csv", stationsCsv);
        var manifest = new BulkManifest(version, ChinaTime.Now(time), stationsFile, stations.Cells.Count, years, rebuilt)
        {
            MonthsRead = monthsRead.Order(StringComparer.Ordinal).ToList(),
        };
        var temp = Path.Combine(options.Folder, $"{ManifestFile}.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(manifest, Json));
        File.Move(temp, Path.Combine(options.Folder, ManifestFile), overwrite: true);
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Bulk archives for data version {Version}: {Years} dataset-years, {Rebuilt} rebuilt (months read again: {Months}), in {Ms} ms",
                version, years.Count, rebuilt.Count, manifest.MonthsRead.Count == 0 ? "none" : string.Join(", ", manifest.MonthsRead), watch.ElapsedMilliseconds);
        }

        return manifest;
    }

    /// <summary>One dataset-year: kept when its signature (or, once read, its content) is unchanged; else written. Null when it has no rows.</summary>
    private (BulkYear? Year, bool Rebuilt) BuildYear(BulkDataset dataset, int year, BulkYear? old, BulkBuildState state, Signatures signatures,
        System.Collections.Concurrent.ConcurrentBag<string> monthsRead, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        state.Step = $"{dataset.Id}/{year}";
        var signature = signatures.Year(dataset, year);
        if (old is not null && old.Signature == signature && old.Files.All(Intact))
        {
            return (old, false);
        }

        if (dataset.Span is not null && dataset.SpanSignature is not null)
        {
            return BuildByMonth(dataset, year, old, signature, signatures, monthsRead, ct);
        }

        var rows = dataset.Year(services, year);
        var read = watch.ElapsedMilliseconds;
        if (rows.Cells.Count == 0)
        {
            return (null, false);
        }

        var csv = WideFormats.Csv(rows, bom: false);
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(csv));
        if (old is not null && old.Fingerprint == fingerprint && old.Files.All(Intact))
        {
            // New rows that changed nothing published (a re-import of the same values): the files stay.
            return (old with { Signature = signature }, false);
        }

        var written = WriteYear(dataset, year, rows, csv, signature, fingerprint, ct);
        if (logger.IsEnabled(LogLevel.Debug))
        {
            logger.LogDebug("Bulk {Dataset}/{Year}: {Rows} rows read in {Read} ms, written in {Write} ms",
                dataset.Id, year, rows.Cells.Count, read, watch.ElapsedMilliseconds - read);
        }

        return (written, true);
    }

    private BulkYear WriteYear(BulkDataset dataset, int year, WideRows rows, byte[] csv, string signature, string fingerprint, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var gz = WideFormats.CsvGz(csv);
        var gzipped = watch.ElapsedMilliseconds;
        // Into memory: completes without waiting, on this thread.
        var parquet = WideFormats.ParquetAsync(rows, ParquetMetadata(dataset, year, rows.Columns), ct).GetAwaiter().GetResult();
        if (logger.IsEnabled(LogLevel.Debug))
        {
            logger.LogDebug("Bulk {Dataset}/{Year}: gzip {Gzip} ms, Parquet {Parquet} ms", dataset.Id, year, gzipped, watch.ElapsedMilliseconds - gzipped);
        }

        var (first, last) = Coverage(rows, year);
        return SaveYear(dataset, year, rows.Cells.Count, first, last, signature, fingerprint, gz, parquet);
    }

    private BulkYear SaveYear(BulkDataset dataset, int year, int rows, DateOnly first, DateOnly last, string signature, string fingerprint, byte[] gz, byte[] parquet)
    {
        var stem = $"{dataset.Id}/{year.ToString(CultureInfo.InvariantCulture)}";
        var csvFile = Save(stem + ".csv.gz", "csv", WideFormats.GzipMediaType, gz);
        var parquetFile = Save(stem + ".parquet", "parquet", WideFormats.ParquetMediaType, parquet);
        return new BulkYear(dataset.Id, year, rows, first, last, signature, fingerprint, csvFile, parquetFile);
    }

    private Dictionary<string, string> ParquetMetadata(BulkDataset dataset, int year, IReadOnlyList<WideColumn> columns) => new(StringComparer.Ordinal)
    {
        ["dataset"] = dataset.Id,
        ["year"] = year.ToString(CultureInfo.InvariantCulture),
        ["license"] = "CC BY 4.0",
        ["source"] = services.GetRequiredService<Api.MetaFactory>().IsDemo ? Api.MetaFactory.DemoSource : Api.MetaFactory.RealSource,
        ["units"] = JsonSerializer.Serialize(columns.Where(c => c.Unit is not null).ToDictionary(c => c.Name, c => c.Unit)),
        ["time_zone"] = "timestamps are instants (UTC); local time is Asia/Shanghai (UTC+08:00); hourly values are labelled with the end of the hour",
    };

    /// <summary>
    /// The signatures of one data version, each read from the store once: the four air-quality series share one
    /// signature function (the stored hours of a span), so a month's signature is one query for all four, not one each.
    /// </summary>
    private sealed class Signatures(IServiceProvider services)
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<(Delegate Of, int Year), Lazy<string>> _years = new();
        private readonly System.Collections.Concurrent.ConcurrentDictionary<(Delegate Of, DateOnly First, DateOnly Last), Lazy<string>> _spans = new();

        /// <summary>The air signature of each month of a year, read in one scan (<see cref="AirQuality.Store.AirQualityStore.HourSignaturesByMonth"/>).</summary>
        private readonly System.Collections.Concurrent.ConcurrentDictionary<int, Lazy<IReadOnlyDictionary<int, string>>> _airMonths = new();

        public string Year(BulkDataset dataset, int year)
        {
            if (dataset.Signature == BulkDataset.AirSignatureOf)
            {
                // The year's stored hours are its months': the rows summed, the latest batch the latest of theirs.
                var months = AirMonths(year).Values.Select(v => v.Split(':'))
                    .Select(p => (Rows: long.Parse(p[0], CultureInfo.InvariantCulture), Batch: long.Parse(p[1], CultureInfo.InvariantCulture))).ToList();
                return string.Create(CultureInfo.InvariantCulture, $"{months.Sum(m => m.Rows)}:{months.Max(m => m.Batch)}");
            }

            return _years.GetOrAdd((dataset.Signature, year), k => new Lazy<string>(() => dataset.Signature(services, k.Year))).Value;
        }

        public string Span(BulkDataset dataset, DateOnly first, DateOnly last) => Span(dataset.SpanSignature!, first, last);

        public string Span(Func<IServiceProvider, DateOnly, DateOnly, string> of, DateOnly first, DateOnly last) =>
            of == BulkDataset.AirSpanSignatureOf && first.Day == 1 && last == first.AddMonths(1).AddDays(-1)
                ? AirMonths(first.Year)[first.Month]
                : of == BulkDataset.AirSpanSignatureOf && first == last
                    ? AirDays(first.Year).GetValueOrDefault(first, AirQuality.Store.AirQualityStore.NoHours)
                    : _spans.GetOrAdd((of, first, last), k => new Lazy<string>(() => of(services, k.First, k.Last))).Value;

        /// <summary>The air signature of each day of a year with stored hours, read in one scan (<see cref="AirQuality.Store.AirQualityStore.HourSignaturesByDay"/>).</summary>
        public IReadOnlyDictionary<DateOnly, string> AirDays(int year) =>
            _airDays.GetOrAdd(year, y => new Lazy<IReadOnlyDictionary<DateOnly, string>>(
                () => services.GetRequiredService<AirQuality.Store.AirQualityStore>().HourSignaturesByDay(y))).Value;

        private readonly System.Collections.Concurrent.ConcurrentDictionary<int, Lazy<IReadOnlyDictionary<DateOnly, string>>> _airDays = new();

        public string AirYear(int year) => string.Join(",", AirMonths(year).OrderBy(m => m.Key).Select(m => m.Value));

        private IReadOnlyDictionary<int, string> AirMonths(int year) =>
            _airMonths.GetOrAdd(year, y => new Lazy<IReadOnlyDictionary<int, string>>(
                () => services.GetRequiredService<AirQuality.Store.AirQualityStore>().HourSignaturesByMonth(y))).Value;
    }

    /// <summary>
    /// One month of a dataset-year built month by month: its signature when read, row count, CSV (no header) gzipped
    /// alone, that CSV's SHA-256 and its Parquet row group encoded alone (null without rows).
    /// </summary>
    private sealed record MonthSegment(string Signature, int Rows, byte[] Member, byte[] Sha256, ParquetRowGroup? Parquet, DateOnly? First, DateOnly? Last);

    /// <summary>
    /// A dataset-year month by month (<see cref="BulkDataset.Span"/>): each month whose signature moved since this process
    /// last built the year is read from the store again, the others come from memory. The CSV.gz is a gzip member with the
    /// header, then one member per month (a multi-member gzip file: every gzip reader reads it as one CSV); the Parquet
    /// file has one row group per month, each encoded when its month is read and joined under one footer
    /// (<see cref="WideFormats.ParquetJoin"/>). The bytes depend on the rows alone, so they equal a build from scratch. The
    /// fingerprint is the SHA-256 over the header and each month's CSV hash: equal exactly when the CSV is.
    /// </summary>
    private (BulkYear? Year, bool Rebuilt) BuildByMonth(BulkDataset dataset, int year, BulkYear? old, string signature, Signatures signatures,
        System.Collections.Concurrent.ConcurrentBag<string> monthsRead, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var kept = _months.GetValueOrDefault((dataset.Id, year));
        var metadata = ParquetMetadata(dataset, year, dataset.Table.Columns);
        var months = new MonthSegment[12];
        var encode = 0L;
        for (var m = 0; m < 12; m++)
        {
            var first = new DateOnly(year, m + 1, 1);
            var last = first.AddMonths(1).AddDays(-1);
            var monthSignature = signatures.Span(dataset, first, last);
            if (kept?[m] is { } segment && segment.Signature == monthSignature)
            {
                months[m] = segment;
                continue;
            }

            var rows = dataset.Span!(services, first, last);
            var encoding = Stopwatch.GetTimestamp();
            var parquet = WideFormats.ParquetRowGroupAsync(dataset.Table.Columns, rows.Cells, metadata, ct).GetAwaiter().GetResult();
            encode += Stopwatch.GetElapsedTime(encoding).Ticks;
            if (parquet is not null)
            {
                Interlocked.Increment(ref _rowGroupsEncoded);
            }

            months[m] = Segment(monthSignature, rows, parquet, year);
            monthsRead.Add(string.Create(CultureInfo.InvariantCulture, $"{dataset.Id}/{year}-{m + 1:00}"));
        }

        var read = watch.ElapsedMilliseconds;
        var count = months.Sum(x => x.Rows);
        _months[(dataset.Id, year)] = months;
        if (count == 0)
        {
            return (null, false);
        }

        var header = WideFormats.Csv(new WideRows(dataset.Table.Columns, []), bom: false);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(header);
        foreach (var month in months)
        {
            hash.AppendData(month.Sha256);
        }

        var fingerprint = "months:" + Convert.ToHexStringLower(hash.GetHashAndReset());
        if (old is not null && old.Fingerprint == fingerprint && old.Files.All(Intact))
        {
            return (old with { Signature = signature }, false);
        }

        var gz = WideFormats.Concat(months.Where(x => x.Rows > 0).Select(x => x.Member).Prepend(WideFormats.CsvGz(header)));
        var gzipped = watch.ElapsedMilliseconds;
        var joined = WideFormats.ParquetJoin(months.Select(x => x.Parquet));
        var covered = months.Where(x => x.First is not null).ToList();
        var written = SaveYear(dataset, year, count,
            covered.Count == 0 ? new DateOnly(year, 1, 1) : covered.Min(x => x.First!.Value), covered.Count == 0 ? new DateOnly(year, 12, 31) : covered.Max(x => x.Last!.Value),
            signature, fingerprint, gz, joined);
        if (logger.IsEnabled(LogLevel.Debug))
        {
            logger.LogDebug("Bulk {Dataset}/{Year}: {Rows} rows, months read in {Read} ms (of which their Parquet row groups encoded in {Encode} ms), gzip members joined in {Gzip} ms, Parquet and files in {Write} ms",
                dataset.Id, year, count, read, (long)TimeSpan.FromTicks(encode).TotalMilliseconds, gzipped - read, watch.ElapsedMilliseconds - gzipped);
        }

        return (written, true);
    }

    private static MonthSegment Segment(string signature, WideRows rows, ParquetRowGroup? parquet, int year)
    {
        var csv = WideFormats.Csv(rows, bom: false);
        var header = csv.AsSpan().IndexOf("\r\n"u8) + 2;
        var body = csv[header..];
        var (first, last) = rows.Cells.Count == 0 ? ((DateOnly?)null, (DateOnly?)null) : Coverage(rows, year);
        return new MonthSegment(signature, rows.Cells.Count, rows.Cells.Count == 0 ? [] : WideFormats.CsvGz(body), SHA256.HashData(body), parquet, first, last);
    }

    /// <summary>The first and last local date of the rows (a date column, else the local date of a time's hour).</summary>
    private static (DateOnly First, DateOnly Last) Coverage(WideRows rows, int year)
    {
        var dates = new List<DateOnly>();
        var c = rows.Columns.ToList().FindIndex(x => x.Kind is Contract.FieldKind.Date or Contract.FieldKind.DateTime);
        if (c < 0)
        {
            // A registry year (enterprises, outlets): the list's year.
            return (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        }

        foreach (var row in rows.Cells)
        {
            switch (row[c])
            {
                case DateOnly d:
                    dates.Add(d);
                    break;
                case DateTimeOffset t:
                    dates.Add(ChinaTime.DayOfHourEnd(t.ToUnixTimeSeconds()));
                    break;
            }
        }

        return dates.Count == 0 ? (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31)) : (dates.Min(), dates.Max());
    }

    private BulkFile Save(string path, string format, string mediaType, byte[] bytes)
    {
        var file = new BulkFile(path, format, mediaType, bytes.LongLength, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        var full = PathOf(file);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        // Written beside and moved into place: a download in progress keeps reading the old file. The temporary name is
        // unique: export-site in another process may build the same folder at the same time.
        var temp = $"{full}.{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, full, overwrite: true);
        return file;
    }

    private bool Intact(BulkFile file) => new FileInfo(PathOf(file)) is { Exists: true } info && info.Length == file.Bytes;

    private BulkManifest? ReadManifest()
    {
        var path = Path.Combine(options.Folder, ManifestFile);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<BulkManifest>(File.ReadAllBytes(path), Json);
        }
        catch (JsonException e)
        {
            // A damaged manifest only costs a rebuild of every year; say so.
            logger.LogWarning(e, "Bulk manifest {Path} is unreadable; every archive is rebuilt", path);
            return null;
        }
    }
}
