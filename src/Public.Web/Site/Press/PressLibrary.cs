using System.Globalization;
using Markdig;

namespace Public.Web.Site.Press;

/// <summary>One press release (新闻发布): front matter plus its body rendered to HTML once, at load.</summary>
public sealed record PressRelease(
    string Slug, string Title, string TitleEn, DateOnly Date, IReadOnlyList<string> Tags, string Summary, string SummaryEn,
    string BodyHtml, string? BodyHtmlEn, string File);

/// <summary>A press file that does not parse: which file, and why.</summary>
public sealed class PressFormatException(string file, string message) : Exception($"{System.IO.Path.GetFileName(file)}: {message}")
{
    public string FileName { get; } = file;
}

/// <summary>
/// The press releases in <c>content/press/*.md</c>, newest first. Format: a front matter block between <c>---</c> lines
/// of <c>key: value</c> (title, titleEn, date yyyy-MM-dd, slug [a-z0-9-], tags [a, b], summary, summaryEn — all
/// required but tags), then the Chinese body in Markdown, then optionally a line <c>=== en ===</c> and the English body.
/// </summary>
public sealed class PressLibrary
{
    public const string EnglishSeparator = SiteMarkdown.EnglishSeparator;

    /// <summary>The one Markdown pipeline of the site (<see cref="SiteMarkdown.Pipeline"/>).</summary>
    public static MarkdownPipeline Pipeline => SiteMarkdown.Pipeline;

    private static readonly string[] _required = ["title", "titleEn", "date", "slug", "summary", "summaryEn"];

    public PressLibrary(IReadOnlyList<PressRelease> releases)
    {
        Releases = releases.OrderByDescending(r => r.Date).ThenBy(r => r.Slug, StringComparer.Ordinal).ToList();
        var duplicate = Releases.GroupBy(r => r.Slug, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new PressFormatException(duplicate.Last().File, $"slug '{duplicate.Key}' is used by {string.Join(" and ", duplicate.Select(r => System.IO.Path.GetFileName(r.File)))}");
        }

        Tags = Releases.SelectMany(r => r.Tags).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    public IReadOnlyList<PressRelease> Releases { get; }

    public IReadOnlyList<string> Tags { get; }

    public PressRelease? Find(string slug) => Releases.FirstOrDefault(r => string.Equals(r.Slug, slug, StringComparison.Ordinal));

    public static PressLibrary Load(string folder) =>
        new(Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*.md").Order(StringComparer.Ordinal).Select(f => Parse(f, File.ReadAllText(f))).ToList()
            : []);

    public static PressRelease Parse(string file, string text)
    {
        var parsed = SiteMarkdown.Read(text, reason => new PressFormatException(file, reason));
        var fields = parsed.Fields;
        foreach (var key in _required)
        {
            if (!fields.TryGetValue(key, out var value) || value.Length == 0)
            {
                throw new PressFormatException(file, $"front matter needs '{key}'");
            }
        }

        if (!DateOnly.TryParseExact(fields["date"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw new PressFormatException(file, $"date '{fields["date"]}' is not yyyy-MM-dd");
        }

        var slug = fields["slug"];
        if (!SiteMarkdown.IsSlug(slug))
        {
            throw new PressFormatException(file, $"slug '{slug}' may hold only a-z, 0-9 and '-'");
        }

        var tags = fields.TryGetValue("tags", out var t)
            ? t.Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(SiteMarkdown.Unquote).ToList()
            : [];
        foreach (var tag in tags)
        {
            if (!SiteMarkdown.IsSlug(tag))
            {
                throw new PressFormatException(file, $"tag '{tag}' may hold only a-z, 0-9 and '-'");
            }
        }

        if (string.IsNullOrWhiteSpace(parsed.Chinese))
        {
            throw new PressFormatException(file, "the body is empty");
        }

        return new PressRelease(slug, fields["title"], fields["titleEn"], date, tags, fields["summary"], fields["summaryEn"],
            SiteMarkdown.ToHtml(parsed.Chinese), parsed.English is null ? null : SiteMarkdown.ToHtml(parsed.English), file);
    }
}
