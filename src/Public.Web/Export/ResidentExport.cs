using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.TestHost;
using Prometheus;
using Public.Web.Infrastructure;
using Public.Web.Push;
using Public.Web.Serving;

namespace Public.Web.Export;

/// <summary>
/// Marks a request of the server's own static export (<see cref="ResidentExport"/>) and carries the export's base URL:
/// the pages write their absolute URLs with it (as <c>export-site --base-url</c> makes them do through <c>Site:BaseUrl</c>),
/// the rate limit does not count it, and the data cache neither answers it nor keeps its answer.
/// </summary>
internal sealed class ExportRequestFeature(string baseUrl)
{
    public string BaseUrl { get; } = baseUrl;

    /// <summary>The export's base URL (no trailing '/') when <paramref name="context"/> is a request of the resident export, else null.</summary>
    public static string? BaseUrlOf(HttpContext? context) => context?.Features.Get<ExportRequestFeature>()?.BaseUrl;
}

/// <summary>
/// <c>Export:*</c>: where the running server keeps a static export up to date, with the options of <c>export-site</c>
/// (<see cref="ExportOptions"/>; one place says what each means).
/// </summary>
internal static class ExportSettings
{
    public const string Section = "Export";

    /// <summary>The options of the resident export, or null when <c>Export:Path</c> is not set. A bad value stops the start, naming its key.</summary>
    public static ExportOptions? Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        if (section["Path"] is not { Length: > 0 } path)
        {
            return null;
        }

        bool Flag(string key, bool fallback) => section[key] switch
        {
            null or "" => fallback,
            { } v when bool.TryParse(v, out var b) => b,
            { } v => throw new InvalidOperationException($"{Section}:{key} must be true or false, not '{v}'"),
        };

        string? Url(string key, string? value)
        {
            if (value is not { Length: > 0 })
            {
                return null;
            }

            return Uri.TryCreate(value, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"
                ? value.TrimEnd('/')
                : throw new InvalidOperationException($"{key} must be an absolute http(s) URL, not '{value}'");
        }

        // The folder is served where the site is, unless told otherwise.
        var baseUrl = Url($"{Section}:BaseUrl", section["BaseUrl"]) ?? Url(Site.SiteText.BaseUrlKey, configuration[Site.SiteText.BaseUrlKey]) ?? ExportOptions.DefaultBaseUrl;
        var options = new ExportOptions
        {
            Target = Path.GetFullPath(path),
            BaseUrl = baseUrl,
            LiveUrl = Url($"{Section}:LiveUrl", section["LiveUrl"]),
            Hourly = Flag("Hourly", true),
            Bulk = Flag("Bulk", true),
            Force = Flag("Force", false),
            // Exporting after every batch: the replaced export is kept and the next one built in it (see ExportOptions.KeepPrevious).
            KeepPrevious = true,
        };
        if (section["Parallelism"] is { Length: > 0 } p)
        {
            options = options with
            {
                Parallelism = int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 64
                    ? n
                    : throw new InvalidOperationException($"{Section}:Parallelism must be a number from 1 to 64, not '{p}'"),
            };
        }

        return options;
    }

    /// <summary>
    /// With <c>Export:Path</c> set: the resident export, and the server wrapped so that the same request pipeline also
    /// answers in memory (the export asks it for every page, as <c>export-site</c> asks its in-memory server).
    /// </summary>
    public static void AddResidentExport(this WebApplicationBuilder builder)
    {
        if (Read(builder.Configuration) is not { } options)
        {
            return;
        }

        var services = builder.Services;
        services.AddSingleton(new ResidentExportOptions(options));
        services.AddSingleton<ResidentExport>();
        services.AddHostedService(sp => sp.GetRequiredService<ResidentExport>());
        if (services.LastOrDefault(d => d.ServiceType == typeof(IServer)) is { } server && server.ImplementationType != typeof(TestServer))
        {
            services.Remove(server);
            services.AddSingleton<IServer>(sp => new ExportServer(Create(sp, server), sp));
        }
    }

    private static IServer Create(IServiceProvider services, ServiceDescriptor descriptor) =>
        (IServer)(descriptor.ImplementationInstance ?? descriptor.ImplementationFactory?.Invoke(services) ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));
}

/// <summary>The export's options as the server was configured (<see cref="ExportSettings"/>).</summary>
internal sealed record ResidentExportOptions(ExportOptions Options);

/// <summary>
/// The server (Kestrel) and, beside it, an in-memory server on the very same request pipeline: started together with
/// the same application, so a request of the resident export runs exactly what a visitor's request runs, without a socket.
/// </summary>
internal sealed class ExportServer(IServer inner, IServiceProvider services) : IServer
{
    public TestServer? Memory { get; private set; }

    public IFeatureCollection Features => inner.Features;

    public async Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull
    {
        var memory = new TestServer(services);
        await ((IServer)memory).StartAsync(application, cancellationToken);
        Memory = memory;
        await inner.StartAsync(application, cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await inner.StopAsync(cancellationToken);
        if (Memory is IServer memory)
        {
            await memory.StopAsync(cancellationToken);
        }
    }

    public void Dispose()
    {
        inner.Dispose();
        Memory?.Dispose();
    }
}

/// <summary>What the last export of the server did, for the log, <c>/metrics</c> and the tests.</summary>
internal sealed record ResidentExportRun(long DataVersion, DateTimeOffset FinishedAt, ExportReport? Report, string? Error);

/// <summary>
/// <c>Export:Path</c>: the running server keeps that folder an up-to-date static export. At start it exports (an
/// incremental export when the folder holds an earlier one), and after each committed import batch — the data version
/// moves (<see cref="DataVersionMonitor.Changed"/>: a commit of this process, a Redis announcement, or polling for
/// another process's import) — it exports again, incrementally: only the URLs whose dependency key changed are asked
/// of the app (<see cref="DependencyKeys"/>), only files whose bytes changed are written, and the folder is swapped
/// whole (<see cref="SiteExporter"/>, the same code as <c>export-site</c>, so the bytes are the same). One export at a
/// time; batches that commit during an export are covered by one more export after it (the latest version wins).
/// Being inside the warm server, an export pays no process start, no first render, and no hashing of the content
/// folder (hashed once, and again only when a file under it changes). A failure is logged and counted
/// (<c>jinzhou_export_runs_total{result="failed"}</c>, <c>jinzhou_export_last_failed</c>), leaves the previous export as it was, and
/// never stops the server; the next batch tries again.
/// </summary>
internal sealed class ResidentExport : BackgroundService
{
    private readonly IServiceProvider _services;
    private readonly ExportOptions _options;
    private readonly DataVersionMonitor _versions;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly TimeProvider _time;
    private readonly ILogger<ResidentExport> _log;
    private readonly SemaphoreSlim _signal = new(0);
    private readonly Gauge _exportedVersion;
    private readonly Gauge _lastSuccess;
    private readonly Gauge _lastFailed;
    private readonly Gauge _lastElapsed;
    private readonly Gauge _lastCpu;
    private readonly Gauge _lastWritten;
    private readonly Gauge _lastArchivesCpu;
    private readonly Counter _runs;
    private int _pending;
    private int _running;
    private DependencyInputs? _inputs;
    private volatile bool _contentChanged;
    private readonly Dictionary<string, long> _latest = new(StringComparer.Ordinal);
    private long _throughLeaf = -1;

    /// <summary>The data version whose archive build an export has reported (a build is counted once, by the export that waited for it).</summary>
    private long _archivesCounted = -1;
    private readonly List<FileSystemWatcher> _watchers = [];

    public ResidentExport(IServiceProvider services, ResidentExportOptions options, DataVersionMonitor versions, ServingMetrics metrics,
        IHostApplicationLifetime lifetime, TimeProvider time, ILogger<ResidentExport> log)
    {
        _time = time;
        _services = services;
        _options = options.Options;
        _versions = versions;
        _lifetime = lifetime;
        _log = log;
        var factory = Metrics.WithCustomRegistry(metrics.Registry);
        _exportedVersion = factory.CreateGauge("jinzhou_export_data_version", "The data version of the last successful export into Export:Path (0: none yet).");
        _lastSuccess = factory.CreateGauge("jinzhou_export_last_success_time_seconds", "When the last successful export finished (Unix time, seconds).");
        _lastFailed = factory.CreateGauge("jinzhou_export_last_failed", "1 when the last export failed (the previous export in Export:Path is intact), else 0.");
        _lastElapsed = factory.CreateGauge("jinzhou_export_last_elapsed_seconds", "Wall-clock seconds of the last successful export.");
        _lastCpu = factory.CreateGauge("jinzhou_export_last_cpu_seconds", "CPU seconds (user + system, the whole process) during the last successful export.");
        _lastArchivesCpu = factory.CreateGauge("jinzhou_export_last_archives_cpu_seconds", "Of jinzhou_export_last_cpu_seconds: building the bulk archives of the exported data version (shared with the /bulk downloads).");
        _lastWritten = factory.CreateGauge("jinzhou_export_last_files_written", "Files the last successful export wrote (changed or new).");
        _runs = factory.CreateCounter("jinzhou_export_runs_total", "Exports into Export:Path by result (ok, failed).", "result");
    }

    /// <summary>The last export's outcome (null before the first has finished).</summary>
    public ResidentExportRun? Last { get; private set; }

    /// <summary>Raised after each export, successful or not.</summary>
    public event Action<ResidentExportRun>? Finished;

    /// <summary>An export is running or asked for.</summary>
    public bool Busy => Volatile.Read(ref _pending) == 1 || Volatile.Read(ref _running) == 1;

    /// <summary>Asks for an export (coalesced: one more export after the running one covers every request made meanwhile).</summary>
    public void Request()
    {
        if (Interlocked.Exchange(ref _pending, 1) == 0)
        {
            _signal.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The in-memory server starts with the host: wait for it.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (_lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        using var client = CreateClient();
        if (client is null)
        {
            _log.LogError("Export:Path is set but the server has no in-memory pipeline to export from; no export is made");
            return;
        }

        Watch();
        _versions.Changed += OnVersion;
        try
        {
            Request();
            while (!stoppingToken.IsCancellationRequested)
            {
                // Pages that depend on today's date (deadlines, statuses, "in force") change at midnight in Asia/Shanghai
                // without any import: export then too.
                var now = _time.GetUtcNow().ToOffset(TimeSpan.FromHours(8));
                var midnight = new DateTimeOffset(now.Date.AddDays(1), now.Offset) + TimeSpan.FromSeconds(1);
                await _signal.WaitAsync(midnight - now, stoppingToken);
                Volatile.Write(ref _running, 1);
                Interlocked.Exchange(ref _pending, 0);
                try
                {
                    await ExportOnceAsync(client, stoppingToken);
                }
                finally
                {
                    Volatile.Write(ref _running, 0);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The server stops; an export under way was abandoned before its swap, so the folder holds the previous one.
        }
        finally
        {
            _versions.Changed -= OnVersion;
        }
    }

    public override void Dispose()
    {
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }

        _signal.Dispose();
        base.Dispose();
    }

    private void OnVersion(DataVersion version) => Request();

    private HttpClient? CreateClient()
    {
        var memory = _services.GetRequiredService<IServer>() switch
        {
            ExportServer e => e.Memory,
            TestServer t => t,
            _ => null,
        };
        if (memory is null)
        {
            return null;
        }

        var feature = new ExportRequestFeature(_options.BaseUrl.TrimEnd('/'));
        // A host no page or base URL contains, as for export-site: the exporter rewrites every URL of this origin.
        return new HttpClient(memory.CreateHandler(c => c.Features.Set(feature)))
        {
            BaseAddress = new Uri("http://export-site.invalid/"),
            Timeout = TimeSpan.FromMinutes(5),
        };
    }

    /// <summary>A file added, changed or removed under the content or press folders: hash them again before the next export.</summary>
    private void Watch()
    {
        var content = _services.GetRequiredService<ContentFiles>().Root;
        var press = _services.GetRequiredService<IConfiguration>()["Press:Path"];
        foreach (var folder in new[] { content, press is { Length: > 0 } ? Path.GetFullPath(press) : null }.OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (!Directory.Exists(folder))
            {
                continue;
            }

            try
            {
                var watcher = new FileSystemWatcher(folder) { IncludeSubdirectories = true, NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size };
                watcher.Changed += (_, _) => _contentChanged = true;
                watcher.Created += (_, _) => _contentChanged = true;
                watcher.Deleted += (_, _) => _contentChanged = true;
                watcher.Renamed += (_, _) => _contentChanged = true;
                watcher.Error += (_, _) => _contentChanged = true;
                watcher.EnableRaisingEvents = true;
                _watchers.Add(watcher);
            }
            catch (Exception e) when (e is IOException or ArgumentException or PlatformNotSupportedException)
            {
                // No watcher (e.g. inotify's limit reached): hash the folder before every export instead.
                _log.LogWarning(e, "Export: cannot watch {Folder}; its files are hashed again before every export", folder);
                _inputs = null;
                _watchers.Clear();
                return;
            }
        }
    }

    private async Task ExportOnceAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var version = _versions.Current.Number;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var runtime = RuntimeCounters.Now();
        var clock = Stopwatch.StartNew();
        var started = Stopwatch.GetTimestamp();
        try
        {
            if (_inputs is null || _contentChanged || _watchers.Count == 0)
            {
                _contentChanged = false;
                _inputs = DependencyInputs.Read(_services);
            }

            // The bulk archives of the new version are built beside the crawl (the server builds them for its /bulk
            // downloads too): the pages start at once, the URLs that need the archives (their descriptors, the catalog,
            // the open-data page) wait for them, and the archive files are linked once built. Their CPU is the build's
            // own, measured on its threads, reported apart.
            var bulk = _services.GetRequiredService<Bulk.BulkArchives>();
            var archivesBuild = bulk.CurrentAsync(cancellationToken);
            var (latest, through) = new StoreChanges(_services.GetRequiredService<Database>()).LatestBatchByDatasetAfter(_throughLeaf);
            foreach (var (dataset, batch) in latest)
            {
                _latest[dataset] = Math.Max(batch, _latest.GetValueOrDefault(dataset));
            }

            _throughLeaf = through;
            // Every page's path, read once: the sitemap's key and the seeds.
            var pages = Site.SiteMap.AllPaths(_services);
            var keys = DependencyKeys.From(_services, _options, _inputs, _latest, pages);
            var exporter = new SiteExporter(client, Composition.WebRoot(_services.GetRequiredService<IWebHostEnvironment>()), _options,
                _services.GetServices<IExportFiles>(), keys);
            var seeds = ExportCommand.Seeds(_services, _options, pages);
            var keysTook = clock.Elapsed;
            var report = await exporter.ExportAsync(seeds, cancellationToken, Bulk.BulkExport.SeedsAsync(_services));
            var manifest = await archivesBuild;
            // Counted when this export started the build (not when a /bulk download did, before it).
            var archives = bulk.LastBuild is { } build && build.DataVersion == manifest.DataVersion && build.DataVersion != _archivesCounted && build.Started >= started
                ? build : new Bulk.BulkBuild(manifest.DataVersion, started, TimeSpan.Zero, TimeSpan.Zero);
            _archivesCounted = archives.DataVersion;
            // The whole run: the keys and seeds too, and CPU of the whole process (the live requests of the moment included).
            report = report with
            {
                Elapsed = clock.Elapsed,
                Cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu,
                Runtime = RuntimeCounters.Now() - runtime,
                StartupBreakdown = string.Create(CultureInfo.InvariantCulture,
                    $"none (the server is running); dependency keys and seeds {keysTook.TotalSeconds:0.00} s; beside them and the crawl, the bulk archives of data version {archives.DataVersion} {archives.Elapsed.TotalSeconds:0.00} s, CPU {archives.Cpu.TotalSeconds:0.00} s (counted in the export's CPU; the /bulk downloads need them too)"),
            };
            var run = new ResidentExportRun(version, DateTimeOffset.UtcNow, report, null);
            Last = run;
            _exportedVersion.Set(version);
            _lastSuccess.Set(run.FinishedAt.ToUnixTimeMilliseconds() / 1000.0);
            _lastFailed.Set(0);
            _lastElapsed.Set(report.Elapsed.TotalSeconds);
            _lastCpu.Set(report.Cpu.TotalSeconds);
            _lastArchivesCpu.Set(archives.Cpu.TotalSeconds);
            _lastWritten.Set(report.Incremental?.Written ?? report.Files);
            _runs.WithLabels("ok").Inc();
            if (_log.IsEnabled(LogLevel.Information))
            {
                _log.LogInformation("Export of data version {Version} into {Target}:\n{Report}", version, _options.Target, report);
            }

            if (_log.IsEnabled(LogLevel.Debug))
            {
                _log.LogDebug("Export of data version {Version}: the app's answers, slowest first (time taken, start from the crawl's start):\n{Requests}", version,
                    string.Join("\n", exporter.Requests.OrderByDescending(r => r.Took).Select(r => string.Create(CultureInfo.InvariantCulture, $"  {r.Took.TotalMilliseconds,8:0.0} ms  from {r.Started.TotalMilliseconds,6:0.0} ms  {keys.Family(r.Url),-12} {r.Url}"))));
            }

            Finished?.Invoke(run);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Whatever went wrong, the folder holds the previous export (the swap is the last step) and the server goes on.
            var run = new ResidentExportRun(version, DateTimeOffset.UtcNow, null, e.Message);
            Last = run;
            _lastFailed.Set(1);
            _runs.WithLabels("failed").Inc();
            _log.LogError(e, "Export of data version {Version} into {Target} failed; the previous export there is intact", version, _options.Target);
            Finished?.Invoke(run);
        }
    }
}
