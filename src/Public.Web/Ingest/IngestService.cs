using System.Security.Cryptography;
using Public.Web.AirQuality.Import;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Publication;

namespace Public.Web.Ingest;

/// <summary>
/// Scheduled ingestion (off unless an <c>Ingest:&lt;Feed&gt;:Folder</c> or <c>:BaseUrl</c> is configured): one loop per
/// feed that runs at once and then every <c>Every</c>. A run looks at each candidate file — for CNEMC over HTTP, every
/// day from the newest day in the store (or <c>From</c> when it is empty) up to today (Asia/Shanghai), so a gap after
/// an outage is filled; otherwise every file of the folder — takes the file's lease, fetches it (conditionally), and
/// hands new bytes to the feed's own importer. Bytes already imported add nothing; a rejected file is recorded with
/// its reasons and the run goes on; nothing a run meets stops the next run.
/// </summary>
internal sealed class IngestService(IServiceProvider services, IngestStore store, IReadOnlyList<FeedOptions> feeds, FileFetcher fetcher,
    TimeProvider time, ILogger<IngestService> log) : BackgroundService
{
    private const int MaxProblemsInReason = 10;

    /// <summary>This replica's name in the leases and runs.</summary>
    public string Owner { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(feeds.Select(f => Task.Run(() => LoopAsync(f, stoppingToken), stoppingToken)));

    private async Task LoopAsync(FeedOptions feed, CancellationToken stopping)
    {
        if (log.IsEnabled(LogLevel.Information))
        {
            log.LogInformation("ingest {Feed}: from {Source} every {Every}", feed.Feed.Name, feed.Source, feed.Every);
        }

        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(feed, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The run is recorded as far as it got; the next one starts afresh. Nothing a run meets may stop the
                // server (an exception escaping a background service would stop the host).
                log.LogError(e, "ingest {Feed}: the run failed", feed.Feed.Name);
            }

            try
            {
                await Task.Delay(feed.Every, time, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One run of one feed.</summary>
    internal async Task RunOnceAsync(FeedOptions feed, CancellationToken stopping)
    {
        var run = store.StartRun(feed.Feed.Name, feed.Source, Owner);
        var counts = new RunCounts();
        try
        {
            if (feed.Folder is { } missing && !Directory.Exists(missing))
            {
                counts.Failed++;
                store.RecordFile(run, "(folder)", feed.Source, "failed", null, null, $"Ingest:{feed.Feed.Section}:Folder: no such folder ({feed.Source})");
            }
            else if (feed.Folder is { } folder)
            {
                foreach (var (name, path) in FolderFiles(feed, folder))
                {
                    await ProcessAsync(feed, run, counts, name, path, null, _ => Task.FromResult(ReadFile(path)), stopping);
                }
            }
            else if (feed.Feed.IsCnemc)
            {
                foreach (var day in CnemcDays(feed))
                {
                    var name = IngestFeed.CnemcFileName(day);
                    var url = new Uri(feed.BaseUrl!, name);
                    await ProcessAsync(feed, run, counts, name, url.ToString(), day, prior => fetcher.GetAsync(feed, url, prior, stopping), stopping);
                }
            }
            else
            {
                var (names, failure) = await fetcher.ListAsync(feed, stopping);
                if (failure is not null)
                {
                    counts.Failed++;
                    store.RecordFile(run, "(index)", feed.Source, "failed", null, null, failure);
                }

                foreach (var name in names)
                {
                    var url = new Uri(feed.BaseUrl!, Uri.EscapeDataString(name));
                    await ProcessAsync(feed, run, counts, name, url.ToString(), null, prior => fetcher.GetAsync(feed, url, prior, stopping), stopping);
                }
            }
        }
        finally
        {
            store.FinishRun(run, counts);
        }
    }

    /// <summary>
    /// The days a CNEMC run asks for: from the day of the newest hour in the store (its file may still grow, and a
    /// complete one answers 304) — or <c>From</c>, or today, when the store has none — up to today, Asia/Shanghai.
    /// </summary>
    internal IEnumerable<DateOnly> CnemcDays(FeedOptions feed)
    {
        var today = ChinaTime.Today(time);
        var start = store.NewestStationHour() is { } newest ? DateOnly.FromDateTime(ChinaTime.FromUnix(newest).DateTime) : feed.From ?? today;
        // A day whose fetch failed (the source was down) is asked again even when a later day has landed since.
        foreach (var location in store.FailedLocations(feed.Feed.Name))
        {
            if (IngestFeed.CnemcFileDay(location[(location.LastIndexOf('/') + 1)..]) is { } failed && failed < start)
            {
                start = failed;
            }
        }

        for (var day = start > today ? today : start; day <= today; day = day.AddDays(1))
        {
            yield return day;
        }
    }

    private static List<(string Name, string Path)> FolderFiles(FeedOptions feed, string folder)
    {
        return Directory.EnumerateFiles(folder)
            .Select(p => (Name: Path.GetFileName(p), Path: p))
            .Where(f => !f.Name.StartsWith('.') && feed.Feed.Extensions.Any(e => f.Name.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
            .Where(f => !feed.Feed.IsCnemc || (IngestFeed.CnemcFileDay(f.Name) is { } day && (feed.From is null || day >= feed.From)))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
    }

    private static FetchResult ReadFile(string path)
    {
        try
        {
            return new FetchResult(FetchStatus.Got, File.ReadAllBytes(path));
        }
        catch (FileNotFoundException)
        {
            return FetchResult.NotFound;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return FetchResult.Failed($"{path}: cannot read the file: {e.Message}");
        }
    }

    private async Task ProcessAsync(FeedOptions feed, long run, RunCounts counts, string name, string location, DateOnly? day,
        Func<FetchState?, Task<FetchResult>> fetch, CancellationToken stopping)
    {
        stopping.ThrowIfCancellationRequested();
        counts.Checked++;
        var lease = feed.Feed.Name + ":" + name;
        if (!store.TryAcquireLease(lease, Owner, feed.Lease))
        {
            store.RecordFile(run, name, location, "busy", null, null, "another replica holds this file's lease and is importing it");
            return;
        }

        try
        {
            var prior = store.Fetch(location);
            var fetched = await fetch(prior);
            switch (fetched.Status)
            {
                case FetchStatus.NotModified:
                    counts.NotModified++;
                    store.MarkFetch(feed.Feed.Name, location, failed: false);
                    return;
                case FetchStatus.NotFound:
                    store.MarkFetch(feed.Feed.Name, location, failed: false);
                    // Today's (or a future) file not there yet is normal; a past day missing upstream is recorded, not an error.
                    if (day is { } d && d < ChinaTime.Today(time))
                    {
                        store.RecordFile(run, name, location, "missing", null, null, "not published at the source (404)");
                    }

                    return;
                case FetchStatus.Failed:
                    counts.Failed++;
                    store.MarkFetch(feed.Feed.Name, location, failed: true);
                    store.RecordFile(run, name, location, "failed", null, null, fetched.Reason);
                    log.LogWarning("ingest {Feed}: {Reason}", feed.Feed.Name, fetched.Reason);
                    return;
            }

            var bytes = fetched.Bytes!;
            var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
            var state = new FetchState(fetched.ETag, fetched.LastModified, sha);
            if (sha == prior?.Sha256 || store.AlreadyImported(feed.Feed.Name, sha))
            {
                counts.Unchanged++;
                store.SaveFetch(feed.Feed.Name, location, state);
                return;
            }

            await ImportAsync(feed, run, counts, name, location, bytes, sha, state);
        }
        finally
        {
            store.ReleaseLease(lease, Owner);
        }
    }

    private async Task ImportAsync(FeedOptions feed, long run, RunCounts counts, string name, string location, byte[] bytes, string sha, FetchState state)
    {
        // The importer reads the very bytes that were hashed, under the file's own name (the name the import log keeps).
        var folder = Directory.CreateTempSubdirectory("jinzhou-ingest-").FullName;
        var path = Path.Combine(folder, name);
        try
        {
            await File.WriteAllBytesAsync(path, bytes);
            var batches = new List<long>();
            FeedImportResult result;
            try
            {
                result = await Task.Run(() =>
                {
                    // Tags each batch this import publishes with the run and the location, inside the batch's transaction.
                    Publisher.Annotate.Value = batch =>
                    {
                        IngestStore.TagBatch(batch.StoreConnection, batch.StoreTransaction, batch.Id, run, feed.Feed.Name, location);
                        batches.Add(batch.Id);
                    };
                    try
                    {
                        return feed.Feed.Import(services, path);
                    }
                    finally
                    {
                        Publisher.Annotate.Value = null;
                    }
                });
            }
            catch (Exception e) when (e is ImportRefusedException or InvalidDataException or IOException or UnauthorizedAccessException or System.Data.Common.DbException)
            {
                // Nothing was written (the publication is one transaction) and the file was not judged: try it again
                // next run (the validators are not kept). The other files of the run go on.
                counts.Failed++;
                store.MarkFetch(feed.Feed.Name, location, failed: true);
                store.RecordFile(run, name, location, "failed", null, sha, (e is ImportRefusedException ? "import refused: " : "import failed: ") + e.Message);
                return;
            }

            var reasons = Reasons(result.Problems);
            if (result.Rejected)
            {
                counts.Rejected++;
                store.RecordFile(run, name, location, "rejected", null, sha, reasons);
                log.LogWarning("ingest {Feed}: {Name} rejected: {Reasons}", feed.Feed.Name, name, reasons);
            }
            else
            {
                counts.Imported++;
                store.RecordFile(run, name, location, "imported", batches.Count > 0 ? batches[^1] : null, sha, reasons);
                if (log.IsEnabled(LogLevel.Information))
                {
                    log.LogInformation("ingest {Feed}: {Name} imported: {Added} new records or versions, {Unchanged} unchanged", feed.Feed.Name, name, result.Added, result.Unchanged);
                }
            }

            // The same bytes are never judged twice, whatever the verdict: a rejected file waits for a corrected one.
            store.SaveFetch(feed.Feed.Name, location, state);
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // The OS temp cleaner takes it.
            }
        }
    }

    private static string? Reasons(IReadOnlyList<ImportProblem> problems) =>
        problems.Count == 0 ? null
            : string.Join("; ", problems.Take(MaxProblemsInReason).Select(p => p.ToString()))
              + (problems.Count > MaxProblemsInReason ? $"; … and {problems.Count - MaxProblemsInReason} more problem(s)" : "");
}
