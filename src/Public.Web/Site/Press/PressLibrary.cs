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
    public const string EnglishSeparator = "=== en ===";

    /// <summary>The one Markdown pipeline of the site: built once (it is immutable and thread-safe), raw HTML off.</summary>
    public static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseEmphasisExtras()
        .UsePipeTables()
        .UseAutoLinks()
        .DisableHtml()
        .Build();

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
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        if (lines.Length == 0 || lines[0].Trim() != "---")
        {
            throw new PressFormatException(file, "must start with a front matter block ('---' line)");
        }

        var end = Array.FindIndex(lines, 1, l => l.Trim() == "---");
        if (end < 0)
        {
            throw new PressFormatException(file, "front matter is not closed by a '---' line");
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < end; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new PressFormatException(file, $"front matter line {i + 1} is not 'key: value'");
            }

            var key = lines[i][..colon].Trim();
            if (!fields.TryAdd(key, Unquote(lines[i][(colon + 1)..].Trim())))
            {
                throw new PressFormatException(file, $"front matter key '{key}' appears twice");
            }
        }

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
        if (!slug.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
        {
            throw new PressFormatException(file, $"slug '{slug}' may hold only a-z, 0-9 and '-'");
        }

        var tags = fields.TryGetValue("tags", out var t)
            ? t.Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Unquote).ToList()
            : [];
        foreach (var tag in tags)
        {
            if (!tag.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                throw new PressFormatException(file, $"tag '{tag}' may hold only a-z, 0-9 and '-'");
            }
        }

        var body = string.Join('\n', lines[(end + 1)..]);
        var split = body.Split("\n" + EnglishSeparator + "\n", 2, StringSplitOptions.None);
        if (string.IsNullOrWhiteSpace(split[0]))
        {
            throw new PressFormatException(file, "the body is empty");
        }

        return new PressRelease(slug, fields["title"], fields["titleEn"], date, tags, fields["summary"], fields["summaryEn"],
            Markdown.ToHtml(split[0], Pipeline), split.Length > 1 ? Markdown.ToHtml(split[1], Pipeline) : null, file);
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && ((value[0] == '"' && value[^1] == '"') || (value[0] == '\'' && value[^1] == '\'')) ? value[1..^1] : value;
}
