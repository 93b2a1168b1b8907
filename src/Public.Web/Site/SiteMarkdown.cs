using Markdig;

namespace Public.Web.Site;

/// <summary>
/// A Markdown file of the site's content (press releases, reference docs): a front matter block of <c>key: value</c>
/// lines between <c>---</c> lines, the Chinese body, then optionally a line <c>=== en ===</c> and the English body.
/// </summary>
/// <param name="Fields">The front matter (empty when the file has none and none is required).</param>
/// <param name="Chinese">The body before the separator (may be blank: an English-only page).</param>
/// <param name="English">The body after the separator, or null when there is none.</param>
public sealed record SiteMarkdownFile(IReadOnlyDictionary<string, string> Fields, string Chinese, string? English);

/// <summary>The one Markdown pipeline of the site and the one reader of its content files.</summary>
public static partial class SiteMarkdown
{
    public const string EnglishSeparator = "=== en ===";

    /// <summary>Built once (it is immutable and thread-safe), raw HTML off: HTML in a file shows as text.</summary>
    public static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseEmphasisExtras()
        .UsePipeTables()
        .UseAutoLinks()
        .UseAutoIdentifiers(Markdig.Extensions.AutoIdentifiers.AutoIdentifierOptions.GitHub)
        .DisableHtml()
        .Build();

    public static string ToHtml(string markdown) => Markdown.ToHtml(markdown, Pipeline);

    /// <summary>
    /// Splits a content file into its front matter and bodies. <paramref name="error"/> builds the caller's exception
    /// from a reason, so each kind of content keeps its own error type. A file without a leading <c>---</c> line has
    /// no front matter; <paramref name="frontMatterRequired"/> makes that an error.
    /// </summary>
    public static SiteMarkdownFile Read(string text, Func<string, Exception> error, bool frontMatterRequired = true)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var bodyStart = 0;
        if (lines.Length > 0 && lines[0].Trim() == "---")
        {
            var end = Array.FindIndex(lines, 1, l => l.Trim() == "---");
            if (end < 0)
            {
                throw error("front matter is not closed by a '---' line");
            }

            for (var i = 1; i < end; i++)
            {
                if (string.IsNullOrWhiteSpace(lines[i]))
                {
                    continue;
                }

                var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0)
                {
                    throw error($"front matter line {i + 1} is not 'key: value'");
                }

                var key = lines[i][..colon].Trim();
                if (!fields.TryAdd(key, Unquote(lines[i][(colon + 1)..].Trim())))
                {
                    throw error($"front matter key '{key}' appears twice");
                }
            }

            bodyStart = end + 1;
        }
        else if (frontMatterRequired)
        {
            throw error("must start with a front matter block ('---' line)");
        }

        var body = "\n" + string.Join('\n', lines[bodyStart..]);
        var split = body.Split("\n" + EnglishSeparator + "\n", 2, StringSplitOptions.None);
        if (split.Length == 1 && body.TrimEnd().EndsWith("\n" + EnglishSeparator, StringComparison.Ordinal))
        {
            // A separator on the last line: an empty English body is no English body.
            split = [body.TrimEnd()[..^(EnglishSeparator.Length + 1)]];
        }

        return new SiteMarkdownFile(fields, split[0].TrimStart('\n'), split.Length > 1 ? split[1] : null);
    }

    /// <summary>
    /// Rendered Markdown for a page in English: its links to site pages (<c>/docs/api</c>) go to the English pages
    /// (<c>/en/docs/api</c>); API, feed and asset links stay. Content files link the Chinese paths, once.
    /// </summary>
    public static string LocalizeLinks(string html, bool en) =>
        !en ? html : SiteLink().Replace(html, m => SiteEndpoints.IsSitePath(new PathString(m.Groups[1].Value.Split('#', '?')[0])) && !m.Groups[1].Value.StartsWith("/en/", StringComparison.Ordinal)
            ? $"href=\"{SiteText.Localize(m.Groups[1].Value, true)}\""
            : m.Value);

    [System.Text.RegularExpressions.GeneratedRegex("href=\"(/[^\"/][^\"]*|/)\"")]
    private static partial System.Text.RegularExpressions.Regex SiteLink();

    /// <summary>A value in single or double quotes loses them.</summary>
    public static string Unquote(string value) =>
        value.Length >= 2 && ((value[0] == '"' && value[^1] == '"') || (value[0] == '\'' && value[^1] == '\'')) ? value[1..^1] : value;

    /// <summary>Whether a slug (a URL segment) holds only a-z, 0-9 and '-'.</summary>
    public static bool IsSlug(string slug) => slug.Length > 0 && slug.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');
}
