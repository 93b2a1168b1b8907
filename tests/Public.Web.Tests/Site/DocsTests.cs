using System.Net;
using System.Text.RegularExpressions;
using Public.Web.Site.Docs;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Site;

/// <summary>The reference docs at /docs: every committed file is a page in both languages, listed, linked and in the sitemap.</summary>
[Collection(DemoOnKestrel.Name)]
public sealed partial class DocsTests(DemoKestrelApp demo)
{
    private HttpClient Client => demo.Client;

    public static TheoryData<string> Pages() => [.. DocsContent.Slugs()];

    [Fact]
    public void TheDocsHoldTheReferenceMovedOutOfTheReadmeAndTheStabilityPages()
    {
        // The topics the README used to hold, each now a page; plus the contract's promise and its changelog.
        string[] expected = ["conventions", "api", "api-stability", "changelog", "air-quality", "warnings", "penalties", "key-polluters",
            "disclosures-audit", "importing", "serving", "export", "benchmarks", "graphql"];
        Assert.All(expected, slug => Assert.Contains(slug, DocsContent.Slugs()));
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task EveryDocsPageAnswersInChineseAndEnglishWithItsTitleAndAHeadingOfItsMarkdown(string slug)
    {
        var text = await File.ReadAllTextAsync(Path.Combine(DocsContent.Folder("docs"), slug + ".md"), TestContext.Current.CancellationToken);
        // Read from the file itself, not through the library the site uses.
        var title = TitleLine().Match(text) is { Success: true } t ? t.Groups[1].Value.Trim() : null;
        var parts = text.Split("\n=== en ===\n", 2);
        var zhBody = parts[0][(parts[0].IndexOf("\n---", 3, StringComparison.Ordinal) is var end and > 0 ? end + 4 : 0)..];
        var enBody = parts.Length > 1 ? parts[1] : "";
        foreach (var (url, lang) in new[] { ("/docs/" + slug, "zh-CN"), ("/en/docs/" + slug, "en") })
        {
            // The page shows its language's body, or the other one when its own is missing.
            var body = lang == "en" ? (enBody.Trim().Length > 0 ? enBody : zhBody) : (zhBody.Trim().Length > 0 ? zhBody : enBody);
            var heading = PlainHeading().Match(body) is { Success: true } h ? h.Groups[1].Value.Trim() : null;
            var (status, html) = await Client.GetPageAsync(url);
            Assert.True(status == HttpStatusCode.OK, $"GET {url} gave {(int)status}");
            Assert.Equal(lang, SiteHtml.HtmlLang(html));
            Assert.False(string.IsNullOrWhiteSpace(SiteHtml.Title(html)), $"{url}: no title");
            Assert.NotNull(SiteHtml.Meta(html, "name", "description"));
            // hreflang alternates are absolute URLs (the request's origin or Site:BaseUrl).
            Assert.Matches($"<link rel=\"alternate\" hreflang=\"en\" href=\"https?://[^\"/]+/en/docs/{Regex.Escape(slug)}\"", html);
            if (lang == "zh-CN" && title is not null)
            {
                Assert.StartsWith(title + " · ", SiteHtml.Title(html), StringComparison.Ordinal);
                Assert.Contains("<h1>" + WebUtility.HtmlEncode(title) + "</h1>", html, StringComparison.Ordinal);
            }

            if (heading is not null)
            {
                // A heading of the file's body, rendered by Markdig, is on the page in either language (one body is shown when the other is missing).
                Assert.Matches(">" + Regex.Escape(WebUtility.HtmlEncode(heading)) + "</h[2-4]>", html);
            }
        }
    }

    [Fact]
    public async Task EveryDocsFileIsLinkedFromTheDocsIndexInItsLanguage()
    {
        var (status, zh) = await Client.GetPageAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, status);
        var (statusEn, en) = await Client.GetPageAsync("/en/docs");
        Assert.Equal(HttpStatusCode.OK, statusEn);
        Assert.Equal("en", SiteHtml.HtmlLang(en));
        foreach (var slug in DocsContent.Slugs())
        {
            Assert.Contains($"href=\"/docs/{slug}\"", zh, StringComparison.Ordinal);
            Assert.Contains($"href=\"/en/docs/{slug}\"", en, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task DocsAndDictionaryPagesAreInTheSitemapInBothLanguages()
    {
        var sitemap = await Client.GetStringAsync(new Uri("/sitemap.xml", UriKind.Relative), TestContext.Current.CancellationToken);
        var locs = SitemapLoc().Matches(sitemap).Select(m => new Uri(m.Groups[1].Value).AbsolutePath).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("/docs", locs);
        Assert.Contains("/en/docs", locs);
        foreach (var slug in DocsContent.Slugs())
        {
            Assert.Contains("/docs/" + slug, locs);
            Assert.Contains("/en/docs/" + slug, locs);
        }

        // Every dictionary page the open-data page links to.
        var (_, data) = await Client.GetPageAsync("/data");
        var dictionaries = DictionaryLink().Matches(data).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.True(dictionaries.Count >= 15, $"/data links {dictionaries.Count} dictionary pages");
        foreach (var path in dictionaries)
        {
            Assert.Contains(path, locs);
            Assert.Contains("/en" + path, locs);
        }
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task EveryDocsPageHasItsChineseTextAndNoEnglishOnlyNotice(string slug)
    {
        // Chinese first: no page of content/docs is English only any more (importing, export, benchmarks and
        // publication were the last). Read from the file: text before the separator, after the front matter.
        var text = await File.ReadAllTextAsync(Path.Combine(DocsContent.Folder("docs"), slug + ".md"), TestContext.Current.CancellationToken);
        var zhPart = text.Split("\n=== en ===\n", 2)[0];
        var zhBody = zhPart[(zhPart.IndexOf("\n---", 3, StringComparison.Ordinal) is var end and > 0 ? end + 4 : 0)..];
        Assert.True(zhBody.Any(c => c is >= '\u4e00' and <= '\u9fff'), $"{slug}.md has no Chinese text before its English half");
        var (_, zh) = await Client.GetPageAsync("/docs/" + slug);
        Assert.DoesNotContain("本页目前只有英文版", zh, StringComparison.Ordinal);
        Assert.Contains("<div class=\"docs-body\" lang=\"zh-CN\">", zh, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEnglishOnlyPageHasNoChineseBodySoTheChinesePageShowsTheEnglishTextWithANotice()
    {
        var page = DocsLibrary.Parse("x.md", "---\ntitle: 标题\ntitleEn: Title\n---\n\n=== en ===\nEnglish text.\n");
        Assert.Null(page.BodyHtml);
        Assert.Contains("English text.", page.BodyHtmlEn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LinksBetweenDocsPagesStayInThePagesLanguage()
    {
        var (_, zh) = await Client.GetPageAsync("/docs/api-stability");
        Assert.Contains("href=\"/docs/changelog\"", zh, StringComparison.Ordinal);
        var (_, en) = await Client.GetPageAsync("/en/docs/api-stability");
        Assert.Contains("href=\"/en/docs/changelog\"", en, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/docs/changelog\"", en, StringComparison.Ordinal);
        // API links are not pages: they keep their path.
        Assert.DoesNotContain("href=\"/en/api/", en, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownDocsPageIsA404InItsLanguage()
    {
        var (status, html) = await Client.GetPageAsync("/en/docs/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("en", SiteHtml.HtmlLang(html));
    }

    [Fact]
    public void HtmlInADocsFileIsShownAsTextAndAPageNeedsAUrlSafeName()
    {
        var page = DocsLibrary.Parse("x.md", "---\ntitle: 标题\n---\n<script>alert(1)</script>\n\n## 小节\n");
        Assert.DoesNotContain("<script>", page.BodyHtml, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", page.BodyHtml, StringComparison.Ordinal);
        Assert.Null(page.BodyHtmlEn);
        var e = Assert.Throws<DocsFormatException>(() => DocsLibrary.Parse("Bad Name.md", "# Title\n"));
        Assert.Contains("a-z, 0-9", e.Message, StringComparison.Ordinal);
        Assert.Throws<DocsFormatException>(() => DocsLibrary.Parse("empty.md", "---\ntitle: t\n---\n\n=== en ===\n\n"));
    }

    [Fact]
    public void AFileWithoutFrontMatterTakesItsTitleFromItsLeadingHeadingAndShowsItOnce()
    {
        var page = DocsLibrary.Parse("plan.md", "# 行动方案跟踪 / The action plan, tracked\n\n正文。\n\n## 小节\n");
        Assert.Equal("行动方案跟踪 / The action plan, tracked", page.Title);
        Assert.Equal(page.Title, page.TitleEn);
        Assert.DoesNotContain("<h1", page.BodyHtml, StringComparison.Ordinal);
        Assert.Contains("<h2 id=\"小节\">小节</h2>", page.BodyHtml, StringComparison.Ordinal);
        Assert.Equal(int.MaxValue, page.Order);
    }

    /// <summary>The Chinese title of the front matter.</summary>
    [GeneratedRegex(@"^title:\s*(.+)$", RegexOptions.Multiline)]
    private static partial Regex TitleLine();

    /// <summary>A "## " heading of plain words (no Markdown inside it), outside the front matter.</summary>
    [GeneratedRegex(@"^## ([^`*_\[\]<>&""'#\n]+)$", RegexOptions.Multiline)]
    private static partial Regex PlainHeading();

    [GeneratedRegex("<loc>([^<]+)</loc>")]
    private static partial Regex SitemapLoc();

    [GeneratedRegex("href=\"(/data/[a-z0-9-]+)\"")]
    private static partial Regex DictionaryLink();
}
