using System.Globalization;
using Public.Web.AirQuality.Import;
using Public.Web.Penalties.Import;
using Public.Web.Plan.Import;
using Public.Web.SelfMonitoring;
using Public.Web.Warnings.Import;

namespace Public.Web.Ingest;

/// <summary>What the feed's own importer made of one file: rejected whole (nothing written) or not, its problems, and what it added.</summary>
internal sealed record FeedImportResult(bool Rejected, IReadOnlyList<ImportProblem> Problems, int Added, int Unchanged);

/// <summary>
/// A feed that has a file format: its name (as in the import verb), its configuration section under <c>Ingest:</c>,
/// the file extensions it reads, and how one file is imported — always by the feed's own importer, the same call the
/// <c>import</c> verb makes, so validation, versions, the import log, the transparency log and the data version are
/// exactly those of a manual import.
/// </summary>
internal sealed record IngestFeed(string Name, string Section, string[] Extensions, Func<IServiceProvider, string, FeedImportResult> Import)
{
    /// <summary>The national mirrors' daily file name.</summary>
    public static string CnemcFileName(DateOnly day) => "china_sites_" + day.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + ".csv";

    /// <summary>The day of a <c>china_sites_YYYYMMDD.csv</c> name, or null for any other name.</summary>
    public static DateOnly? CnemcFileDay(string name) =>
        name.Length == "china_sites_YYYYMMDD.csv".Length && name.StartsWith("china_sites_", StringComparison.Ordinal) && name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
        && DateOnly.TryParseExact(name.AsSpan(12, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    public bool IsCnemc => Name == Cnemc.Name;

    public static readonly IngestFeed Cnemc = new("cnemc", "Cnemc", [".csv"], (sp, path) =>
    {
        var s = sp.GetRequiredService<CnemcImporter>().Import([path], new ImportOptions());
        return new FeedImportResult(s.FilesRejected > 0, s.Problems, s.NewRecords + s.NewVersions, s.Unchanged);
    });

    public static readonly IngestFeed Warnings = new("warnings", "Warnings", [".csv", ".json"], (sp, path) =>
    {
        var s = sp.GetRequiredService<WarningImporter>().Import([path]);
        return new FeedImportResult(!s.Clean, s.Problems, s.NewEvents + s.NewEventVersions + s.NewEntries + s.NewEntryVersions, s.UnchangedEvents + s.UnchangedEntries);
    });

    public static readonly IngestFeed Penalties = new("penalties", "Penalties", [".csv", ".json"], (sp, path) =>
    {
        var s = sp.GetRequiredService<PenaltyImporter>().Import([path]);
        return new FeedImportResult(s.FilesRejected > 0, s.Problems, s.NewDecisions + s.NewVersions, s.Unchanged);
    });

    // As the verb: a bad line of a capture file is reported and skipped, the valid packets around it are stored.
    public static readonly IngestFeed Hj212 = new("hj212", "Hj212", [".txt", ".log", ".hj212"], (sp, path) =>
    {
        var s = sp.GetRequiredService<Hj212Importer>().Import([path]);
        return new FeedImportResult(false, s.Problems, s.NewValues + s.NewVersions, s.Unchanged);
    });

    public static readonly IngestFeed PlanProgress = new("plan-progress", "PlanProgress", [".csv", ".json"], (sp, path) =>
    {
        var s = sp.GetRequiredService<PlanProgressImporter>().Import([path]);
        return new FeedImportResult(s.FilesRejected > 0, s.Problems, s.NewReports + s.NewVersions, s.Unchanged);
    });

    public static readonly IReadOnlyList<IngestFeed> All = [Cnemc, Warnings, Penalties, Hj212, PlanProgress];
}

/// <summary>
/// The configuration of one feed, <c>Ingest:&lt;Section&gt;:…</c>: where (<c>Folder</c> or <c>BaseUrl</c>, one of
/// them; neither = the feed is off), how often (<c>Every</c>), from which day when the store is empty (<c>From</c>,
/// CNEMC), and the HTTP manners (<c>Timeout</c>, <c>Retries</c>, <c>RetryDelay</c>) and the lease length (<c>Lease</c>).
/// </summary>
internal sealed record FeedOptions(IngestFeed Feed, string? Folder, Uri? BaseUrl, TimeSpan Every, DateOnly? From, TimeSpan Timeout, int Retries, TimeSpan RetryDelay, TimeSpan Lease)
{
    public static readonly TimeSpan DefaultEvery = TimeSpan.FromMinutes(10);

    /// <summary>Where the files come from, as shown in the runs: the folder's full path or the base URL.</summary>
    public string Source => Folder is not null ? Path.GetFullPath(Folder) : BaseUrl!.ToString();

    /// <summary>The options of every configured feed; a bad value stops the start with a message naming its key.</summary>
    public static IReadOnlyList<FeedOptions> Read(IConfiguration configuration)
    {
        var feeds = new List<FeedOptions>();
        foreach (var feed in IngestFeed.All)
        {
            var section = configuration.GetSection("Ingest:" + feed.Section);
            var key = "Ingest:" + feed.Section + ":";
            var folder = section["Folder"] is { Length: > 0 } f ? f : null;
            var baseUrl = section["BaseUrl"] is { Length: > 0 } u ? u : null;
            if (folder is null && baseUrl is null)
            {
                continue;
            }

            if (folder is not null && baseUrl is not null)
            {
                throw new InvalidOperationException($"{key}Folder and {key}BaseUrl are both set: give one source per feed");
            }

            Uri? url = null;
            if (baseUrl is not null && (!Uri.TryCreate(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/", UriKind.Absolute, out url) || url.Scheme is not ("http" or "https")))
            {
                throw new InvalidOperationException($"{key}BaseUrl: '{baseUrl}' is not an http(s) URL");
            }

            feeds.Add(new FeedOptions(feed, folder, url,
                Span(section, key, "Every", DefaultEvery),
                section["From"] is { Length: > 0 } from
                    ? DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
                        : throw new InvalidOperationException($"{key}From: '{from}' is not a date (yyyy-MM-dd)")
                    : null,
                Span(section, key, "Timeout", TimeSpan.FromSeconds(30)),
                section["Retries"] is { Length: > 0 } r
                    ? int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 20 ? n
                        : throw new InvalidOperationException($"{key}Retries: '{r}' is not a whole number from 0 to 20")
                    : 4,
                Span(section, key, "RetryDelay", TimeSpan.FromSeconds(2)),
                Span(section, key, "Lease", TimeSpan.FromMinutes(10))));
        }

        return feeds;
    }

    private static TimeSpan Span(IConfigurationSection section, string key, string name, TimeSpan fallback)
    {
        if (section[name] is not { Length: > 0 } text)
        {
            return fallback;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero
            ? span
            : throw new InvalidOperationException($"{key}{name}: '{text}' is not a positive time span (hh:mm:ss, e.g. 00:10:00)");
    }
}
