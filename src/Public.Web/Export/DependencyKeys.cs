using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Public.Web.Infrastructure;
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
/// <item>everything else (pages, feeds and API snapshots over the store): the whole content folder, the press releases,
/// the store's identity and data version (every import moves it), and today's date in Asia/Shanghai (deadlines and
/// statuses of the plan and the disclosures depend on it).</item>
/// </list>
/// Coarse on purpose: a family is only carried over when nothing it can read has changed. The families are what the
/// pages read (PressReleasePage and PressListPage read the press library only; the docs pages the docs library only),
/// checked by <c>IncrementalExportTests</c> against a full export into an empty folder.
/// </summary>
internal sealed class DependencyKeys
{
    private static readonly string[] _settingSections = ["Site", "Press", "Content", "Store", "Warnings"];

    private readonly string _common;
    private readonly string _press;
    private readonly string _docs;
    private readonly string _openApi;
    private readonly string _data;
    private string? _shared;

    private DependencyKeys(string common, string press, string docs, string openApi, string data)
    {
        _openApi = openApi;
        _common = common;
        _press = press;
        _docs = docs;
        _data = data;
    }

    /// <summary>The family a URL belongs to (<c>press</c>, <c>docs</c>, <c>openapi</c> or <c>data</c>).</summary>
    public static string FamilyOf(string url)
    {
        var path = url.StartsWith("/en/", StringComparison.Ordinal) ? url[3..] : url;
        return path is "/press" || path.StartsWith("/press/", StringComparison.Ordinal) || path.StartsWith("/press?", StringComparison.Ordinal)
            || path.StartsWith("/feeds/press", StringComparison.Ordinal)
            ? "press"
            : url.StartsWith("/swagger/", StringComparison.Ordinal) ? "openapi"
            : path == DocsLibrary.Root || path.StartsWith(DocsLibrary.Root + "/", StringComparison.Ordinal) ? "docs" : "data";
    }

    public static DependencyKeys From(IServiceProvider services, ExportOptions options)
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

        common.Append(CultureInfo.InvariantCulture, $"options {options.BaseUrl} {options.LiveUrl} {options.Hourly} {options.PressOnly}\n");

        var press = Hash(services.GetRequiredService<PressLibrary>().Releases.Select(r => r.File).Order(StringComparer.Ordinal), root: null);
        var content = services.GetRequiredService<ContentFiles>();
        var docs = Hash(Files(content.PathOf("docs")), content.Root);
        var all = Hash(Files(content.Root), content.Root);
        var version = services.GetRequiredService<Database>().ReadDataVersion();
        var today = ChinaTime.Today(services.GetRequiredService<TimeProvider>());
        var data = string.Create(CultureInfo.InvariantCulture, $"content {all}\npress {press}\nstore {version.StoreId} version {version.Number}\ntoday {today:yyyy-MM-dd}\n");
        return new DependencyKeys(common.ToString(), "press " + press, "docs " + docs, "content " + all, data);
    }

    /// <summary>Adds what the exporter learns once the app runs: the assets' hashes and the layout as rendered.</summary>
    public void Seal(string shared) => _shared = shared;

    /// <summary>The key of an app URL (null: always asked for).</summary>
    public string? KeyOf(string url)
    {
        if (_shared is null)
        {
            return null;
        }

        var scope = FamilyOf(url) switch
        {
            "press" => _press,
            "docs" => _docs,
            "openapi" => _openApi,
            _ => _data,
        };
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(_common + _shared + "\n" + scope)))[..32];
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
