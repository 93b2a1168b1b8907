using System.Globalization;
using System.Net;
using Public.Web.Site.Press;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Site;

/// <summary>Press releases: the committed files parse, pages and feeds render, and Markdown never lets HTML through.</summary>
public sealed class PressTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("press-tests-").FullName;

    private static string PressFolder() => DocsContent.Folder("press");

    [Fact]
    public void EveryCommittedPressFileParsesWithItsRequiredFieldsAndAUniqueSlug()
    {
        var files = Directory.GetFiles(PressFolder(), "*.md");
        Assert.True(files.Length >= 3, $"expected at least 3 press releases, found {files.Length}");
        var releases = files.Select(f => PressLibrary.Parse(f, File.ReadAllText(f))).ToList();
        foreach (var r in releases)
        {
            Assert.False(string.IsNullOrWhiteSpace(r.Title), r.File);
            Assert.False(string.IsNullOrWhiteSpace(r.TitleEn), r.File);
            Assert.False(string.IsNullOrWhiteSpace(r.Summary), r.File);
            Assert.InRange(r.Date, new DateOnly(2018, 1, 1), DateOnly.FromDateTime(DateTime.UtcNow.AddDays(1)));
            Assert.NotNull(r.BodyHtmlEn);
        }

        Assert.Equal(releases.Count, releases.Select(r => r.Slug).Distinct(StringComparer.Ordinal).Count());
        _ = PressLibrary.Load(PressFolder());
    }

    [Theory]
    [InlineData("title: x\n---\nbody", "front matter")]
    [InlineData("---\ntitle: t\ntitleEn: t\ndate: 2019-13-01\nslug: s\nsummary: s\nsummaryEn: s\n---\nbody", "date")]
    [InlineData("---\ntitle: t\ntitleEn: t\ndate: 2019-01-01\nslug: Bad Slug\nsummary: s\nsummaryEn: s\n---\nbody", "slug")]
    [InlineData("---\ntitleEn: t\ndate: 2019-01-01\nslug: s\nsummary: s\nsummaryEn: s\n---\nbody", "'title'")]
    public void APressFileWithoutValidFrontMatterIsRejectedNamingTheProblem(string text, string expected)
    {
        var e = Assert.Throws<PressFormatException>(() => PressLibrary.Parse("bad.md", text));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains("bad.md", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoFilesWithOneSlugAreRejected()
    {
        var a = PressLibrary.Parse("a.md", Release("same", "2019-01-01", "a"));
        var b = PressLibrary.Parse("b.md", Release("same", "2019-01-02", "b"));
        Assert.Throws<PressFormatException>(() => new PressLibrary([a, b]));
    }

    [Fact]
    public async Task HtmlInAReleaseIsShownAsTextNeverRun()
    {
        using var app = PressApp(new Dictionary<string, string>
        {
            ["evil.md"] = Release("evil", "2019-05-01", "Hello <script>alert('x')</script> and <img src=x onerror=alert(1)>\n\n<iframe src=\"https://example.org\"></iframe>"),
        });
        var (status, html) = await app.Client.GetPageAsync("/press/evil");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<iframe", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListPagesTagsReleasesAndFeedsAnswerInBothLanguages()
    {
        var files = Enumerable.Range(1, 45).ToDictionary(
            i => $"r{i:000}.md",
            i => Release($"release-{i:000}", new DateOnly(2019, 1, 1).AddDays(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), $"Body **{i}**", i % 2 == 0 ? "even" : "odd"));
        using var app = PressApp(files);
        foreach (var path in new[] { "/press", "/press/page/2", "/press/page/3", "/press/tags/even", "/press/release-001" })
        {
            foreach (var url in new[] { path, "/en" + path })
            {
                var (status, html) = await app.Client.GetPageAsync(url);
                Assert.True(status == HttpStatusCode.OK, $"{url} gave {(int)status}");
                Assert.NotNull(SiteHtml.Meta(html, "property", "og:title"));
            }
        }

        var (_, first) = await app.Client.GetPageAsync("/press");
        Assert.Contains("/press/release-045", first, StringComparison.Ordinal);
        Assert.DoesNotContain("/press/release-001\"", first, StringComparison.Ordinal);
        Assert.Contains("href=\"/press/page/2\"", first, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetPageAsync("/press/page/4")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetPageAsync("/press/no-such-release")).Status);
        var (_, release) = await app.Client.GetPageAsync("/press/release-007");
        Assert.Contains("<strong>7</strong>", release, StringComparison.Ordinal);

        foreach (var feed in new[] { PressFeed.Path, PressFeed.PathEn })
        {
            using var response = await app.Client.GetAsync(new Uri(feed, UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var atom = System.Xml.Linq.XDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            Assert.Equal(45, atom.Root!.Elements().Count(e => e.Name.LocalName == "entry"));
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private PublicWebApp PressApp(Dictionary<string, string> files)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder, Guid.NewGuid().ToString("N"))).FullName;
        foreach (var (name, text) in files)
        {
            File.WriteAllText(Path.Combine(folder, name), text);
        }

        return new PublicWebApp(settings: new Dictionary<string, string> { ["Press:Path"] = folder });
    }

    private static string Release(string slug, string date, string body, string tag = "test") => $"""
        ---
        title: 标题 {slug}
        titleEn: Title {slug}
        date: {date}
        slug: {slug}
        tags: [{tag}]
        summary: 摘要
        summaryEn: Summary
        ---
        {body}
        """;
}
