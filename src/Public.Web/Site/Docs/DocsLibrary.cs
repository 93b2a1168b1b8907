using System.Globalization;

namespace Public.Web.Site.Docs;

/// <summary>
/// One page of the reference docs (<c>content/docs/{slug}.md</c>), rendered once at load. A page may exist in one
/// language only: <see cref="BodyHtml"/> is null for an English-only page, <see cref="BodyHtmlEn"/> for a Chinese-only one.
/// </summary>
public sealed record DocPage(
    string Slug, string Title, string TitleEn, int Order, string Summary, string SummaryEn, string? BodyHtml, string? BodyHtmlEn, string File)
{
    /// <summary>The site path of the page (Chinese; <c>/en</c> in front for English).</summary>
    public string Path => DocsLibrary.PathOf(Slug);
}

/// <summary>A docs file that does not parse: which file, and why.</summary>
public sealed class DocsFormatException(string file, string message) : Exception($"{System.IO.Path.GetFileName(file)}: {message}")
{
    public string FileName { get; } = file;
}

/// <summary>
/// The reference docs in <c>content/docs/*.md</c>, in reading order. The slug is the file name. Format: the press
/// releases' (<see cref="SiteMarkdown"/>): an optional front matter (title, titleEn, summary, summaryEn, order), the
/// Chinese body, then optionally <c>=== en ===</c> and the English body; an empty Chinese body makes an English-only
/// page. Without a front-matter title a leading <c># heading</c> is the title (and is not repeated in the body). Rendered with the site's one Markdig pipeline
/// (raw HTML off). Links between pages are relative (<c>[API](api)</c>), so they stay in the page's language.
/// </summary>
public sealed class DocsLibrary
{
    public const string Root = "/docs";

    public DocsLibrary(IReadOnlyList<DocPage> pages)
    {
        Pages = pages.OrderBy(p => p.Order).ThenBy(p => p.Slug, StringComparer.Ordinal).ToList();
    }

    public IReadOnlyList<DocPage> Pages { get; }

    public static string PathOf(string slug) => Root + "/" + slug;

    public DocPage? Find(string slug) => Pages.FirstOrDefault(p => string.Equals(p.Slug, slug, StringComparison.Ordinal));

    public static DocsLibrary Load(string folder) =>
        new(Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*.md").Order(StringComparer.Ordinal).Select(f => Parse(f, File.ReadAllText(f))).ToList()
            : []);

    public static DocPage Parse(string file, string text)
    {
        var slug = System.IO.Path.GetFileNameWithoutExtension(file);
        if (!SiteMarkdown.IsSlug(slug))
        {
            throw new DocsFormatException(file, $"the file name '{slug}' is the page's URL: it may hold only a-z, 0-9 and '-'");
        }

        var parsed = SiteMarkdown.Read(text, reason => new DocsFormatException(file, reason), frontMatterRequired: false);
        var zh = string.IsNullOrWhiteSpace(parsed.Chinese) ? null : parsed.Chinese;
        var en = string.IsNullOrWhiteSpace(parsed.English) ? null : parsed.English;
        string? heading = null;
        if (!parsed.Fields.ContainsKey("title"))
        {
            // Without a front-matter title, a leading "# heading" is the title: the page shows it once, as its h1.
            (heading, zh) = LeadingHeading(zh);
            (var headingEn, en) = LeadingHeading(en);
            heading ??= headingEn;
        }

        if (zh is null && en is null)
        {
            throw new DocsFormatException(file, "the body is empty");
        }

        var fields = parsed.Fields;
        var title = fields.GetValueOrDefault("title") ?? heading
            ?? throw new DocsFormatException(file, "needs a 'title' in its front matter or a leading '# heading'");
        var titleEn = fields.GetValueOrDefault("titleEn") ?? title;
        var order = int.MaxValue;
        if (fields.TryGetValue("order", out var o) && !int.TryParse(o, NumberStyles.Integer, CultureInfo.InvariantCulture, out order))
        {
            throw new DocsFormatException(file, $"order '{o}' is not a whole number");
        }

        var summary = fields.GetValueOrDefault("summary") ?? title;
        return new DocPage(slug, title, titleEn, order, summary, fields.GetValueOrDefault("summaryEn") ?? summary,
            zh is null ? null : SiteMarkdown.ToHtml(zh), en is null ? null : SiteMarkdown.ToHtml(en), file);
    }

    /// <summary>The text of a first line "# heading" and the body without it; the body unchanged when it starts otherwise.</summary>
    private static (string? Heading, string? Body) LeadingHeading(string? body)
    {
        if (body is null)
        {
            return (null, null);
        }

        var trimmed = body.TrimStart('\n', '\r', ' ');
        if (!trimmed.StartsWith("# ", StringComparison.Ordinal))
        {
            return (null, body);
        }

        var end = trimmed.IndexOf('\n', StringComparison.Ordinal);
        var rest = end < 0 ? "" : trimmed[(end + 1)..];
        return (trimmed[2..(end < 0 ? trimmed.Length : end)].Trim(), string.IsNullOrWhiteSpace(rest) ? null : rest);
    }
}
