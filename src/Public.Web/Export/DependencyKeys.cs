using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Publication;
using Public.Web.Plan;
using Public.Web.Push;
using Public.Web.Site.Docs;
using Public.Web.Site.Press;

namespace Public.Web.Export;

/// <summary>
/// What each exported URL depends on, as one key per URL family: when the previous export wrote a file with the same
/// key, the file is carried over without asking the app for it. A key is a SHA-256 over everything the family's pages
/// can show, so it changes whenever their bytes could:
/// <list type="bullet">
/// <item>every family: the app's code (each assembly beside the app, by name, size and write time, and the runtime),
/// the settings the site reads (<c>Site:*</c>, <c>Press:*</c>, <c>Content:*</c>, <c>Store:*</c>, <c>Warnings:*</c>),
/// the export's options, the wwwroot assets' hashes, and the layout as rendered (the 404 page in both languages: its
/// navigation, demo banner, source line and the warnings in force, which depend on the clock);</item>
/// <item>press pages and feed (<c>/press</c>, <c>/en/press</c>, <c>/feeds/press*</c>): the press releases' files;</item>
/// <item>the reference docs (<c>/docs</c>, <c>/en/docs</c>): the files of <c>content/docs</c>;</item>
/// <item>the OpenAPI document (<c>/swagger/…</c>): the content folder (its filters read the code's declarations, never
/// the store);</item>
/// <item>the pages, feeds and API snapshots over the store, one family per what they read (<see cref="Reads"/>): the
/// whole content folder, the press releases, the store's identity, today's date in Asia/Shanghai (deadlines, statuses
/// and "in force" depend on it), and for each published dataset the family reads the latest batch that changed it
/// (<see cref="StoreChanges.LatestBatchByDataset"/>, from the log's leaves). The <c>store</c> family (the open-data and
/// dictionary pages, the log's latest checkpoint, the import list, and any URL no family claims) reads the
/// latest batch of all: every import renders it again. The log's other files (<c>log</c>: record versions, tiles,
/// checkpoints by size, the key) are immutable: their key is the store's identity. The sitemap (<c>sitemap</c>) shows
/// the list of every page's path and nothing else: its key is that list (<see cref="Site.SiteMap.AllPaths"/>).</item>
/// </list>
/// Coarse on purpose: a family is carried over only when nothing it can read has changed. The families follow what
/// the pages read (their injected queries), checked by <c>IncrementalExportTests</c> against a full export into an
/// empty folder after an air import and after a penalty import.
/// </summary>
internal sealed class DependencyKeys
{
    private static readonly string[] _air = [PublishedDatasets.StationHours.Name];
    private static readonly string[] _warnings = [PublishedDatasets.WarningEvents.Name, PublishedDatasets.ReductionEntries.Name, .. _air];
    private static readonly string[] _penalties = [PublishedDatasets.Penalties.Name];
    private static readonly string[] _plan = [PublishedDatasets.PlanReports.Name];

    /// <summary>
    /// The published datasets (log names) each store family reads. Warnings compare with the city's daily AQI; the
    /// enterprise pages show the audit, which reads penalties, disclosures, statements and the self-monitoring data;
    /// the plan's measured targets (<c>measuredBy</c>, e.g. <c>goals-pm25</c>) come from the year's assessment, so the
    /// plan pages that show them (<c>plan-measured</c>: the plan's index and scorecard, the measure holding such a target
    /// and the departments leading or supporting one, their API items, the lists and the feed) read those values of the
    /// air data (<see cref="PlanQueries.MeasuredValues"/>, in their key instead of the air batch: a new day that does not
    /// move them leaves these pages as they were), and the other measures', targets' and departments' pages and API
    /// items (<c>plan</c>) do not;
    /// the home page shows air, the warnings in force and the plan's scorecard; <c>static</c> (the about and methodology pages, the
    /// reference tables, assets the app serves, and the dictionary pages of datasets without a live example) reads none.
    /// <c>store</c> has no list: it reads every batch.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Reads = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        // The year pages, which show the plan's scorecard, are their year's (air-2018: see YearOf), not air's.
        ["air"] = _air,
        ["warnings"] = _warnings,
        ["penalties"] = _penalties,
        ["enterprises"] = [PublishedDatasets.Enterprises.Name, PublishedDatasets.CemsHours.Name, PublishedDatasets.ManualResults.Name,
            PublishedDatasets.Disclosures.Name, PublishedDatasets.Statements.Name, .. _penalties],
        ["plan"] = _plan,
        ["plan-measured"] = _plan,
        ["home"] = [.. _warnings, .. _plan],
        ["static"] = [],
    };

    private readonly string _common;
    private readonly string _press;
    private readonly string _docs;
    private readonly string _openApi;

    /// <summary>The sitemap's input: every path it lists (<see cref="Site.SiteMap.AllPaths"/> and the catalog's), hashed.</summary>
    private readonly string _sitemap;
    private readonly IReadOnlyDictionary<string, string> _store;
    private readonly IReadOnlySet<string> _planOnly;
    private string? _shared;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _keys = new(StringComparer.Ordinal);

    /// <summary>
    /// What a year's family (<c>air-2018</c>) reads besides the year's stored hours: what every store family reads
    /// (content, releases, the store's identity, today) and the plan's inputs (its reports' latest batch, its measured
    /// values), which the year page's scorecard shows.
    /// </summary>
    private readonly string _yearInputs;
    private readonly Func<int, string>? _yearHours;

    private DependencyKeys(string common, string press, string docs, string openApi, IReadOnlyDictionary<string, string> store, IReadOnlySet<string> planOnly,
        string yearInputs, Func<int, string>? yearHours, string sitemap)
    {
        _sitemap = sitemap;
        _yearInputs = yearInputs;
        _yearHours = yearHours;
        _openApi = openApi;
        _common = common;
        _press = press;
        _docs = docs;
        _store = store;
        _planOnly = planOnly;
    }

    /// <summary>
    /// The family a URL (or an exported file's path with a leading '/') belongs to: <c>press</c>, <c>docs</c>,
    /// <c>openapi</c>, one of <see cref="Reads"/>, or <c>store</c>. <paramref name="planOnly"/>: the plan's measures,
    /// targets and departments that have no measured target (<c>measure:m01</c>, <c>target:m01-a</c>,
    /// <c>department:…</c>; <see cref="PlanOnly"/>): their pages are <c>plan</c>; without it every plan page is <c>plan-measured</c>.
    /// </summary>
    public static string FamilyOf(string url, IReadOnlySet<string>? planOnly = null)
    {
        var cut = url.IndexOfAny(['?', '#']);
        var path = cut < 0 ? url : url[..cut];
        if (path.StartsWith("/swagger/", StringComparison.Ordinal))
        {
            return "openapi";
        }

        if (path.StartsWith(Transparency.LogApi.Prefix + "/", StringComparison.Ordinal))
        {
            // The transparency log's files never change once written (record versions, signed checkpoints by size,
            // tiles named by their width, the verifier key); only the latest checkpoint moves with every batch.
            return path == Transparency.LogApi.Prefix + "/checkpoint" ? "store" : "log";
        }

        if (path == "/sitemap.xml")
        {
            // The list of every page (SiteMap.AllPaths) and nothing else of the store: its key is that list.
            return "sitemap";
        }

        path = path == "/en" ? "/" : path.StartsWith("/en/", StringComparison.Ordinal) ? path[3..] : path;
        // Asked for every URL of an export (some 3,000) and every link it follows: no allocation (no array, closure or concatenation).
        bool Under(params ReadOnlySpan<string> roots)
        {
            foreach (var r in roots)
            {
                if (path.StartsWith(r, StringComparison.Ordinal) && (path.Length == r.Length || path[r.Length] is '/' or '.'))
                {
                    return true;
                }
            }

            return false;
        }

        if (Under("/press", "/feeds/press"))
        {
            return "press";
        }

        if (Under(DocsLibrary.Root))
        {
            return "docs";
        }

        if (path is "/" or "/index.html")
        {
            return "home";
        }

        if (Under("/stations", "/air", "/api/v1/stations", "/api/v1/city"))
        {
            return YearOf(path, cut < 0 ? "" : url[(cut + 1)..]) is { } year ? AirYear + year.ToString(CultureInfo.InvariantCulture) : "air";
        }

        if (Under("/warnings", "/feeds/warnings", "/api/v1/warnings"))
        {
            return "warnings";
        }

        if (Under("/penalties", "/feeds/penalties", "/api/v1/penalties", "/api/v1/parties"))
        {
            return "penalties";
        }

        if (Under("/enterprises", "/audit", "/api/v1/enterprises", "/api/v1/audit"))
        {
            return "enterprises";
        }

        if (Under("/plan", "/api/v1/plan"))
        {
            // A measure, target or department none of whose targets is measured reads the plan's reports only: its page
            // (/plan/{measure}, /plan/departments/{id}) and its API item (/api/v1/plan/{measures|targets|departments}/{id}).
            var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).ToList();
            if (segments is [.., "index.html"])
            {
                segments.RemoveAt(segments.Count - 1);
            }

            var item = segments switch
            {
                ["plan", var measure] => "measure:" + measure,
                ["plan", "departments", var id] => "department:" + id,
                ["api", "v1", "plan", "measures" or "targets" or "departments", var id] when cut < 0 =>
                    segments[3][..^1] + ":" + (id.EndsWith(".json", StringComparison.Ordinal) ? id[..^5] : id),
                _ => null,
            };
            return item is not null && planOnly is not null && planOnly.Contains(item) ? "plan" : "plan-measured";
        }

        if (Under("/about", "/methodology", "/api/v1/reference", "/css", "/js", "/lib"))
        {
            // Text, reference tables and assets of the code and the content folder: no store read.
            return "static";
        }

        if (path.StartsWith("/data/", StringComparison.Ordinal) && path["/data/".Length..].TrimEnd('/').Replace("/index.html", "", StringComparison.Ordinal) is var datasetId
            && Contract.Datasets.Find(datasetId) is { } dataset)
        {
            // A data dictionary page: the declarations (code) and, where the dataset has one, its first row live from
            // the store, which reads what the family of its own pages reads; a sample no family is named for: every batch.
            return dataset.Sample is null ? "static" : _dictionary.GetValueOrDefault(dataset.Id, "store");
        }

        return Under("/feeds/plan") ? "plan-measured" : "store";
    }

    /// <summary>The families of one year's air snapshots (<c>air-2018</c>): <see cref="YearOf"/>.</summary>
    public const string AirYear = "air-";

    /// <summary>
    /// The year of a page or API snapshot of one whole year of air data — the year page (<c>/air/2018</c>, either
    /// language), the city's assessment of the year, and the city's daily and hourly series and a station's daily
    /// series from 1 January to 31 December (JSON or CSV; the app's URL or the exported file's path) — else null.
    /// These show that year's stored hours and what was derived from them, and the year page the plan's scorecard of
    /// its year (<c>PlanScorecard</c>: the plan's reports and measured values), nothing else of the
    /// store: their family (<c>air-2018</c>) reads the signature of those hours
    /// (<see cref="Bulk.BulkArchives.YearHourSignature"/>) and the plan's inputs, so a new day of 2019 leaves the 2018
    /// page and snapshots as they were.
    /// </summary>
    private static int? YearOf(string path, string query)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        static int? Year(string text) => text.Length == 4 && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= 2000 and <= 2100 ? y : null;
        string Strip(string name) => name.EndsWith(".json", StringComparison.Ordinal) ? name[..^5] : name.EndsWith(".csv", StringComparison.Ordinal) ? name[..^4] : name;
        if (segments is ["air", _] or ["air", _, "index.html"] && query.Length == 0)
        {
            return Year(segments[1]);
        }

        if (segments is ["api", "v1", "city", "assessment", var item] && query.Length == 0 && !item.EndsWith(".csv", StringComparison.Ordinal))
        {
            return Year(Strip(item));
        }

        // A series: the app's URL (?from=2018-01-01&to=2018-12-31[&format=csv]) or the file (…/daily/from-2018-01-01_to-2018-12-31.json).
        string? span;
        if (segments is ["api", "v1", "city", "daily" or "hourly"] or ["api", "v1", "stations", _, "daily"])
        {
            var pairs = query.Split('&', StringSplitOptions.RemoveEmptyEntries).Where(p => p is not ("format=csv" or "format=json")).Order(StringComparer.Ordinal).ToList();
            span = pairs is [var f, var t] && f.StartsWith("from=", StringComparison.Ordinal) && t.StartsWith("to=", StringComparison.Ordinal)
                ? $"from-{f[5..]}_to-{t[3..]}" : null;
        }
        else if (segments is ["api", "v1", "city", "daily" or "hourly", _] or ["api", "v1", "stations", _, "daily", _] && query.Length == 0)
        {
            span = Strip(segments[^1]);
        }
        else
        {
            return null;
        }

        return span is { Length: 29 } && Year(span[5..9]) is { } year && span == $"from-{year}-01-01_to-{year}-12-31" ? year : null;
    }

    /// <summary>The family whose data each dictionary page's live example row (<see cref="Contract.Dataset.Sample"/>) reads.</summary>
    private static readonly IReadOnlyDictionary<string, string> _dictionary = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["stations"] = "air",
        ["station-hourly"] = "air",
        ["station-daily"] = "air",
        ["city-hourly"] = "air",
        ["city-daily"] = "air",
        ["assessments"] = "air",
        ["warnings"] = "warnings",
        ["penalties"] = "penalties",
        ["enterprises"] = "enterprises",
    };

    /// <summary>The family of a URL, with the plan's measures of this store's content.</summary>
    public string Family(string url) => FamilyOf(url, _planOnly);

    /// <summary>The plan's measures, targets and departments that show no measured target (see <see cref="FamilyOf"/>).</summary>
    public static IReadOnlySet<string> PlanOnly(PlanContent plan)
    {
        var measured = plan.Targets.Where(t => t.MeasuredBy is not null).ToList();
        return plan.Measures.Select(m => m.Id).Except(measured.Select(t => t.MeasureId)).Select(id => "measure:" + id)
            .Concat(plan.Targets.Where(t => t.MeasuredBy is null).Select(t => "target:" + t.Id))
            .Concat(plan.Departments.Select(d => d.Id).Except(measured.SelectMany(t => t.Lead.Concat(t.Support))).Select(id => "department:" + id))
            .ToHashSet(StringComparer.Ordinal);
    }

    public static DependencyKeys From(IServiceProvider services, ExportOptions options, IReadOnlyList<string>? pages = null) =>
        From(services, options, DependencyInputs.Read(services), pages: pages);

    /// <param name="inputs">What does not depend on the store: read once by a server that exports after every batch (<see cref="DependencyInputs"/>).</param>
    /// <param name="latest">The latest batch that changed each dataset (<see cref="StoreChanges.LatestBatchByDataset"/>), when the caller keeps it up to date.</param>
    /// <param name="pages">Every page's path (<see cref="Site.SiteMap.AllPaths"/>) when the caller has read them for the seeds too; else read here.</param>
    public static DependencyKeys From(IServiceProvider services, ExportOptions options, DependencyInputs inputs, IReadOnlyDictionary<string, long>? latest = null,
        IReadOnlyList<string>? pages = null)
    {
        var common = inputs.Common + string.Create(CultureInfo.InvariantCulture, $"options {options.BaseUrl} {options.LiveUrl} {options.Hourly} {options.PressOnly}\n");
        var database = services.GetRequiredService<Database>();
        var version = database.ReadDataVersion();
        var changes = new StoreChanges(database);
        latest ??= changes.LatestBatchByDataset();
        var today = ChinaTime.Today(services.GetRequiredService<TimeProvider>());
        var storeInputs = string.Create(CultureInfo.InvariantCulture, $"content {inputs.Content}\npress {inputs.Press}\nstore {version.StoreId}\ntoday {today:yyyy-MM-dd}\n");
        var store = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // Every batch (and the data version, which every import moves): the lists of imports, the log's checkpoint.
            ["store"] = storeInputs + string.Create(CultureInfo.InvariantCulture, $"version {version.Number} batch {changes.LatestBatch()}\n"),
        };
        // The log's immutable files: the same path of the same store's log always holds the same bytes.
        store["log"] = string.Create(CultureInfo.InvariantCulture, $"store {version.StoreId}\n");
        foreach (var (family, datasets) in Reads)
        {
            store[family] = storeInputs + string.Concat(datasets.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
                .Select(d => string.Create(CultureInfo.InvariantCulture, $"dataset {d} batch {latest.GetValueOrDefault(d)}\n")));
        }

        // The plan's own measured values (from the years' assessments), not every air batch; without the plan module, the air batch.
        var measured = services.GetService<PlanQueries>() is { } plan
            ? "measured " + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(plan.MeasuredValues()))) + "\n"
            : string.Create(CultureInfo.InvariantCulture, $"dataset {_air[0]} batch {latest.GetValueOrDefault(_air[0])}\n");
        store["plan-measured"] += measured;

        var archives = services.GetService<Bulk.BulkArchives>();
        // A year's page shows the plan's scorecard of its year: the plan's reports and measured values, beside the year's hours.
        var planInputs = string.Create(CultureInfo.InvariantCulture, $"dataset {_plan[0]} batch {latest.GetValueOrDefault(_plan[0])}\n") + measured;
        // The sitemap lists the paths of every page and shows nothing else (its origin is the export's base URL, in common).
        var sitemap = "paths " + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Join("\n", [.. pages ?? Site.SiteMap.AllPaths(services), .. Bulk.BulkApi.CatalogPaths])))) + "\n";
        return new DependencyKeys(common, "press " + inputs.Press, "docs " + inputs.Docs, "content " + inputs.Content, store, inputs.PlanOnly,
            storeInputs + planInputs, archives is null ? null : archives.YearHourSignature, sitemap);
    }

    /// <summary>Adds what the exporter learns once the app runs: the assets' hashes and the layout as rendered.</summary>
    public void Seal(string shared)
    {
        _shared = shared;
        _keys.Clear();
    }

    /// <summary>The key of an app URL (null: always asked for).</summary>
    public string? KeyOf(string url) => KeyOfFamily(Family(url));

    /// <summary>The key of a family (<see cref="Family"/>), null before <see cref="Seal"/>.</summary>
    private string? KeyOfFamily(string name)
    {
        if (_shared is null)
        {
            return null;
        }

        if (_keys.TryGetValue(name, out var known))
        {
            return known;
        }

        // One key per family: hashed once, not once per URL (the common part lists every assembly, some kilobytes).
        return _keys.GetOrAdd(name, family =>
        {
            var scope = family switch
            {
                "press" => _press,
                "docs" => _docs,
                "openapi" => _openApi,
                "sitemap" => "family sitemap\n" + _sitemap,
                _ when family.StartsWith(AirYear, StringComparison.Ordinal) => _yearHours is null
                    ? "family air\n" + _store["air"] + _yearInputs
                    : "family " + family + "\n" + _yearInputs + "hours " + _yearHours(int.Parse(family[AirYear.Length..], CultureInfo.InvariantCulture)) + "\n",
                _ => "family " + family + "\n" + _store[family],
            };
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(_common + _shared + "\n" + scope)))[..32];
        });
    }

}

/// <summary>
/// The part of every dependency key that does not depend on the store: the app's code and settings, and the hashes of
/// the content folder, the docs and the press releases. Reading it hashes every content file; <c>export-site</c> does
/// that once per run, a server that exports after every batch once, and again only when a file under the content or
/// press folder changes (<see cref="ResidentExport"/> watches them).
/// </summary>
internal sealed record DependencyInputs(string Common, string Press, string Docs, string Content, IReadOnlySet<string> PlanOnly)
{
    private static readonly string[] _settingSections = ["Site", "Press", "Content", "Store", "Warnings"];

    public static DependencyInputs Read(IServiceProvider services)
    {
        var common = new StringBuilder();
        common.Append("runtime ").Append(RuntimeInformation.FrameworkDescription).Append('\n');
        foreach (var dll in Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll").Order(StringComparer.Ordinal))
        {
            var info = new FileInfo(dll);
            common.Append(CultureInfo.InvariantCulture, $"code {info.Name} {info.Length} {info.LastWriteTimeUtc.Ticks}\n");
        }

        var config = services.GetRequiredService<IConfiguration>();
        foreach (var (key, value) in config.AsEnumerable()
                     .Where(p => _settingSections.Any(s => p.Key.StartsWith(s + ":", StringComparison.OrdinalIgnoreCase)))
                     .OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            common.Append("setting ").Append(key).Append('=').Append(value).Append('\n');
        }

        var press = Hash(services.GetRequiredService<PressLibrary>().Releases.Select(r => r.File).Order(StringComparer.Ordinal), root: null);
        var content = services.GetRequiredService<ContentFiles>();
        var docs = Hash(Files(content.PathOf("docs")), content.Root);
        var all = Hash(Files(content.Root), content.Root);
        // Without the plan module every plan page counts as one that shows measured targets.
        var planOnly = services.GetService<PlanContent>() is { } plan ? DependencyKeys.PlanOnly(plan) : new HashSet<string>(StringComparer.Ordinal);
        return new DependencyInputs(common.ToString(), press, docs, all, planOnly);
    }

    private static IEnumerable<string> Files(string folder) =>
        Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal) : [];

    private static string Hash(IEnumerable<string> files, string? root)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            sha.AppendData(Encoding.UTF8.GetBytes((root is null ? Path.GetFullPath(file) : Path.GetRelativePath(root, file)) + "\n"));
            sha.AppendData(File.ReadAllBytes(file));
            sha.AppendData("\n"u8);
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
