using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Public.Web.Cli;
using Public.Web.Export;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Export;

/// <summary>
/// <c>export-site</c> into a folder holding an earlier export of the same store: only files whose content changed
/// are written (content hashes in export-manifest.json), files of pages that no longer exist are removed, and a
/// failed export leaves the folder as it was; a page whose dependency key is unchanged is carried over without being
/// rendered, and the result equals a full export into an empty folder. The real <c>export-site</c> command (in this
/// process; a failing one as its own process) over a real SQLite store with imported CNEMC data.
/// </summary>
public sealed partial class IncrementalExportTests
{
    /// <summary>
    /// Dictionary pages whose live example row shows the new day: a station with its latest reading, and the year's
    /// assessment. (The series' examples are their first record, which a later day does not change.)
    /// </summary>
    private static readonly string[] LiveExampleDatasets = ["stations", "assessments"];

    /// <summary>
    /// The export's families whose pages read the air data (or every batch: <c>store</c>). (<c>plan-measured</c> reads the
    /// plan's measured values only, which a day of a finished year without enough valid days does not move.)
    /// </summary>
    private static readonly string[] ReadAir = ["air", "warnings", "home", "store"];

    /// <summary>The families whose pages read penalty decisions (the audit among the enterprise pages), and <c>store</c>.</summary>
    private static readonly string[] ReadPenalties = ["penalties", "enterprises", "store"];

    private static readonly string[] Stations = ["1767A", "1768A", "1769A", "1770A", "1771A"];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SecondExportAfterImportingOneDayRewritesTheChangedPagesOnlyAndKeepsTheRest()
    {
        using var app = new PublicWebApp();
        app.Import(app.WriteText("days.csv", Day(new DateOnly(2019, 2, 26)) + Day(new DateOnly(2019, 2, 27), header: false)));
        var folder = Path.Combine(app.Folder, "site");
        var first = await ExportAsync(app, folder);
        var before = Snapshot(folder);
        Assert.True(before.Count > 50, $"{before.Count} files in the first export\n{first}");
        var manifest = Manifest(folder);
        // The manifest's hashes are the files' own.
        foreach (var file in new[] { "index.html", "air/2019/index.html", "stations/1767A/index.html" })
        {
            Assert.Equal(Sha256(Path.Combine(folder, file)), manifest[file]);
        }

        app.Import(app.WriteText("day3.csv", Day(new DateOnly(2019, 2, 28))));
        var second = await ExportAsync(app, folder);
        var after = Snapshot(folder);

        // The new day is on the station pages and in the 2019 assessment; the press release did not change.
        Assert.NotEqual(before["stations/1767A/index.html"], after["stations/1767A/index.html"]);
        Assert.NotEqual(before["en/stations/1769A/index.html"], after["en/stations/1769A/index.html"]);
        Assert.NotEqual(before["air/2019/index.html"], after["air/2019/index.html"]);
        Assert.Equal(before["press/website-launch/index.html"], after["press/website-launch/index.html"]);
        Assert.Equal(before["css/site.css"], after["css/site.css"]);

        // Exactly the files whose content changed were written: an unchanged file keeps its write time.
        var changed = after.Keys.Where(f => f != "export-manifest.json" && (!before.TryGetValue(f, out var b) || b.Sha != after[f].Sha)).ToList();
        var touched = after.Keys.Where(f => f != "export-manifest.json" && (!before.TryGetValue(f, out var b) || b.Written != after[f].Written)).ToList();
        Assert.Equal(changed.Order(StringComparer.Ordinal), touched.Order(StringComparer.Ordinal));
        // The import was logged, so the log grew: the partial tiles of the first export give way to wider ones (C2SP
        // tlog-tiles); nothing else is removed.
        var removed = before.Keys.Where(f => !after.ContainsKey(f)).ToList();
        Assert.All(removed, f => Assert.Matches(@"^log/tile/.*\.p/[0-9]+$", f));
        Assert.Contains($"incremental: {changed.Count} files written (changed or new), {after.Count - 1 - changed.Count} unchanged, {removed.Count} removed", second, StringComparison.Ordinal);
        // Of the pages, exactly those showing the new day changed: the home page, the five station pages, the 2019 year
        // page, the open-data page (it names the latest day) and the dictionary pages of stations and assessments
        // (their live example row shows it), and the transparency page (it shows the checkpoint the import signed), in
        // both languages. (Every API JSON file changes: its meta block carries the data version.)
        string[] expected = ["index.html", "air/2019/index.html", "data/index.html", "transparency/index.html", .. Stations.Select(s => $"stations/{s}/index.html"),
            .. LiveExampleDatasets.Select(d => $"data/{d}/index.html")];
        var expectedPages = expected.Concat(expected.Select(p => "en/" + p)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expectedPages, changed.Where(f => f.EndsWith(".html", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task RemovedPageIsDeletedAndAFailedExportLeavesThePreviousOneIntact()
    {
        using var app = new PublicWebApp();
        app.Import(app.WriteText("days.csv", Day(new DateOnly(2019, 2, 26))));
        var press = Path.Combine(app.Folder, "press");
        Directory.CreateDirectory(press);
        await File.WriteAllTextAsync(Path.Combine(press, "2019-02-26-first.md"), Release("first", "第一篇", "/press"), Cancel);
        await File.WriteAllTextAsync(Path.Combine(press, "2019-02-27-second.md"), Release("second", "第二篇", "/press"), Cancel);
        var folder = Path.Combine(app.Folder, "site");
        await ExportAsync(app, folder, "--press", press);
        Assert.True(File.Exists(Path.Combine(folder, "press", "second", "index.html")));

        // The second release is withdrawn: its pages go, the first stays untouched.
        File.Delete(Path.Combine(press, "2019-02-27-second.md"));
        var before = Snapshot(folder);
        var output = await ExportAsync(app, folder, "--press", press);
        Assert.False(Directory.Exists(Path.Combine(folder, "press", "second")), output);
        Assert.False(Directory.Exists(Path.Combine(folder, "en", "press", "second")));
        Assert.DoesNotContain(Manifest(folder).Keys, k => k.Contains("press/second", StringComparison.Ordinal));
        Assert.Equal(before["press/first/index.html"].Written, File.GetLastWriteTimeUtc(Path.Combine(folder, "press", "first", "index.html")));
        Assert.Contains(", 2 removed", output, StringComparison.Ordinal);
        // The sitemap lists every page's path (its key is that list): rendered again without the withdrawn release's.
        Assert.NotEqual(before["sitemap.xml"].Sha, Snapshot(folder)["sitemap.xml"].Sha);
        Assert.Contains("/press/first", File.ReadAllText(Path.Combine(folder, "sitemap.xml")), StringComparison.Ordinal);
        Assert.DoesNotContain("/press/second", File.ReadAllText(Path.Combine(folder, "sitemap.xml")), StringComparison.Ordinal);
        Assert.False(Carried(output).ContainsKey("sitemap"), output);

        // A release linking to a page that does not exist: the export fails on the broken link, the folder is unchanged.
        await File.WriteAllTextAsync(Path.Combine(press, "2019-02-28-broken.md"), Release("broken", "坏链接", "/no-such-page"), Cancel);
        app.Import(app.WriteText("day2.csv", Day(new DateOnly(2019, 2, 27))));
        var intact = Snapshot(folder);
        var (exit, stdout, stderr) = await AppProcess.RunAsync(app.Folder, "export-site", folder, "--db", app.DatabasePath, "--no-demo", "--no-hourly", "--press", press);
        Assert.True(exit != 0, "export with a broken link succeeded:\n" + stdout);
        Assert.Contains("/no-such-page", stderr, StringComparison.Ordinal);
        Assert.Equal(intact, Snapshot(folder));
        Assert.Empty(Directory.GetDirectories(app.Folder, ".site.export-*"));
    }

    [Fact]
    public async Task AfterOneNewDayOnlyPagesWhoseInputsChangedAreRenderedAndTheResultEqualsAFullExport()
    {
        using var app = new PublicWebApp();
        app.Import(app.WriteText("days.csv", Day(new DateOnly(2019, 3, 1)) + Day(new DateOnly(2019, 3, 2), header: false)));
        var press = Path.Combine(app.Folder, "press");
        Directory.CreateDirectory(press);
        await File.WriteAllTextAsync(Path.Combine(press, "2019-03-01-first.md"), Release("first", "第一篇", "/press"), Cancel);
        var folder = Path.Combine(app.Folder, "site");
        await ExportAsync(app, folder, "--press", press);

        // Nothing changed: nothing is asked of the app (every file of the crawl is carried over) and nothing is written.
        var idle = await ExportAsync(app, folder, "--press", press);
        Assert.Contains(", 0 removed", idle, StringComparison.Ordinal);
        Assert.Contains("incremental: 0 files written", idle, StringComparison.Ordinal);
        Assert.Contains("; crawl ", idle, StringComparison.Ordinal);
        Assert.Contains("app 0.00 s", idle, StringComparison.Ordinal);

        // One more day: its pages are rendered again; every press file (the release, the lists, the tag pages, the
        // feeds) is carried over unrendered, and so are the docs and the OpenAPI document.
        var before = Snapshot(folder);
        app.Import(app.WriteText("day3.csv", Day(new DateOnly(2019, 3, 3))));
        var second = await ExportAsync(app, folder, "--press", press);
        var after = Snapshot(folder);
        foreach (var page in new[] { "index.html", "en/index.html", "stations/1767A/index.html", "en/stations/1771A/index.html", "air/2019/index.html" })
        {
            Assert.NotEqual(before[page].Sha, after[page].Sha);
        }

        var pressFiles = after.Keys.Count(f => f.StartsWith("press/", StringComparison.Ordinal) || f.StartsWith("en/press/", StringComparison.Ordinal) || f.StartsWith("feeds/press", StringComparison.Ordinal));
        var docsFiles = after.Keys.Count(f => f.StartsWith("docs/", StringComparison.Ordinal) || f.StartsWith("en/docs/", StringComparison.Ordinal));
        Assert.True(pressFiles >= 6 && docsFiles >= 10, $"{pressFiles} press files, {docsFiles} docs files");
        var carried = Carried(second);
        Assert.Equal(docsFiles, carried.GetValueOrDefault("docs"));
        Assert.Equal(1, carried.GetValueOrDefault("openapi"));
        Assert.Equal(pressFiles, carried.GetValueOrDefault("press"));
        Assert.Equal(before["press/first/index.html"], after["press/first/index.html"]);
        // An air import leaves the families that do not read air unrendered: the penalty and enterprise pages (and the
        // audit), and the plan's measures without a measured target; every family that reads air is rendered again.
        // The plan pages showing measured targets too: 2019 is over and three days are not enough to assess it, so the
        // measured values count for nothing (the year in progress is ResidentExportTests' case). And the pages that read
        // no store at all (static): the about and methodology pages, the reference tables, and the data dictionary of
        // the datasets without a live example row (the self-monitoring data, disclosures, statements, the audit).
        foreach (var family in new[] { "penalties", "enterprises", "plan", "plan-measured", "static" })
        {
            Assert.True(carried.GetValueOrDefault(family) > 0, $"no {family} file carried over after an air import:\n{second}");
        }

        foreach (var family in ReadAir)
        {
            Assert.False(carried.ContainsKey(family), $"{family} files carried over after an air import:\n{second}");
        }

        // A new day of a year the store had adds no page: the sitemap (its key is the list of every page's path) is
        // carried over unrendered, unwritten.
        Assert.Equal(1, carried.GetValueOrDefault("sitemap"));
        Assert.Equal(before["sitemap.xml"], after["sitemap.xml"]);
        foreach (var page in new[] { "penalties/index.html", "en/enterprises/index.html", "audit/index.html", "plan/m01/index.html", "about/index.html",
                     "data/cems-hourly/index.html", "en/data/audit/index.html", "data/penalties/index.html", "api/v1/reference/pollutants.json" })
        {
            Assert.Equal(before[page], after[page]);
        }

        // Static, in both languages: about, methodology, and the dictionary of the six datasets without a live example
        // (CEMS hourly and daily, manual monitoring, disclosures, statements, the audit); the five reference tables; and
        // the stylesheet under its content-hashed name.
        Assert.Equal((2 + 6) * 2 + 5 + 1, carried.GetValueOrDefault("static"));

        await AssertSameAsFullExportAsync(app, folder, press, "full-after-air");

        // A penalty decision is published: the penalty pages and the audit (it reads penalties) are rendered again, the
        // air, warnings and plan pages are carried over, and the result again equals a full export.
        before = Snapshot(folder);
        var decisions = app.WriteText("penalties.csv", Penalties.PenaltyRows.Csv(Penalties.PenaltyRows.Valid("测试罚〔2019〕7号")));
        var (exit, stdout, stderr) = await AppProcess.RunAsync(app.Folder, "import", "penalties", decisions, "--db", app.DatabasePath);
        Assert.True(exit == 0, $"import penalties exited {exit}:\n{stderr}\n{stdout}");
        var third = await ExportAsync(app, folder, "--press", press);
        after = Snapshot(folder);
        carried = Carried(third);
        foreach (var family in ReadPenalties)
        {
            Assert.False(carried.ContainsKey(family), $"{family} files carried over after a penalty import:\n{third}");
        }
        foreach (var family in new[] { "air", "warnings", "plan", "plan-measured", "home", "static" })
        {
            Assert.True(carried.GetValueOrDefault(family) > 0, $"no {family} file carried over after a penalty import:\n{third}");
        }

        Assert.NotEqual(before["penalties/index.html"].Sha, after["penalties/index.html"].Sha);
        // The decision has a page of its own, so the sitemap lists one more path: rendered again.
        Assert.False(carried.ContainsKey("sitemap"), third);
        Assert.NotEqual(before["sitemap.xml"].Sha, after["sitemap.xml"].Sha);
        Assert.Contains("测试罚〔2019〕7号", File.ReadAllText(Path.Combine(folder, "penalties", "index.html")), StringComparison.Ordinal);
        foreach (var page in new[] { "index.html", "stations/1767A/index.html", "air/2019/index.html", "warnings/index.html", "plan/index.html" })
        {
            Assert.Equal(before[page], after[page]);
        }

        await AssertSameAsFullExportAsync(app, folder, press, "full-after-penalty");

        // A progress report of the plan: the year page shows the plan's scorecard of its year, so it is rendered again
        // with the plan pages and its year's family (and the result again equals a full export); the station pages
        // (air) are carried over.
        before = Snapshot(folder);
        var reports = Path.Combine(app.Folder, "reports");
        Directory.CreateDirectory(reports);
        await File.WriteAllTextAsync(Path.Combine(reports, "2019.csv"),
            "target,period,value,done,reportingBody,sourceTitle,sourceIssuer,sourceDate\nm24-b,2019,,true,市环保局,验收,锦州市生态环境局,2020-01-10\n", Cancel);
        (exit, stdout, stderr) = await AppProcess.RunAsync(app.Folder, "import", "plan-progress", reports, "--db", app.DatabasePath);
        Assert.True(exit == 0, $"import plan-progress exited {exit}:\n{stderr}\n{stdout}");
        var fourth = await ExportAsync(app, folder, "--press", press);
        after = Snapshot(folder);
        Assert.False(Carried(fourth).ContainsKey("air-2019"), $"air-2019 files carried over after a plan report:\n{fourth}");
        Assert.True(Carried(fourth).GetValueOrDefault("air") > 0, $"no air file carried over after a plan report:\n{fourth}");
        Assert.NotEqual(before["air/2019/index.html"].Sha, after["air/2019/index.html"].Sha);
        Assert.Equal(before["stations/1767A/index.html"].Sha, after["stations/1767A/index.html"].Sha);
        await AssertSameAsFullExportAsync(app, folder, press, "full-after-plan");
    }

    [Fact]
    public async Task ANewDayOfOneYearLeavesTheOtherYearsPageAndSnapshotsUnrenderedAndUnwritten()
    {
        using var app = new PublicWebApp();
        app.Import(app.WriteText("days.csv", Day(new DateOnly(2018, 6, 1)) + Day(new DateOnly(2018, 6, 2), header: false)
            + Day(new DateOnly(2019, 1, 1), header: false) + Day(new DateOnly(2019, 1, 2), header: false)));
        var folder = Path.Combine(app.Folder, "site");
        await ExportAsync(app, folder);
        var before = Snapshot(folder);

        app.Import(app.WriteText("day3.csv", Day(new DateOnly(2019, 1, 3))));
        var second = await ExportAsync(app, folder);
        var after = Snapshot(folder);

        // A year's page and snapshots: the year page in both languages, the city's assessment of the year, and the
        // city's and each station's daily series from 1 January to 31 December (JSON and CSV).
        static string[] YearFiles(int y) =>
        [
            $"air/{y}/index.html", $"en/air/{y}/index.html", $"api/v1/city/assessment/{y}.json",
            $"api/v1/city/daily/from-{y}-01-01_to-{y}-12-31.json", $"api/v1/city/daily/from-{y}-01-01_to-{y}-12-31.csv",
            .. Stations.SelectMany(s => new[] { $"api/v1/stations/{s}/daily/from-{y}-01-01_to-{y}-12-31.json", $"api/v1/stations/{s}/daily/from-{y}-01-01_to-{y}-12-31.csv" }),
        ];
        foreach (var file in YearFiles(2018).Concat(YearFiles(2019)))
        {
            Assert.True(before.ContainsKey(file) && after.ContainsKey(file), $"{file} is not in both exports");
        }

        // 2019's show the new day (its JSON's meta carries the data version, its CSV and page the day's values)...
        foreach (var file in YearFiles(2019))
        {
            Assert.NotEqual(before[file].Sha, after[file].Sha);
        }

        // ...2018's are the very same files: same bytes, not written again (their write time), and not rendered — the
        // report counts each of them among the files carried over unrendered, and no other 2018 file of the app's
        // exists (the bulk archives of 2018 are the archives' own: their key is their build's).
        foreach (var file in YearFiles(2018))
        {
            Assert.Equal(before[file], after[file]);
        }

        Assert.Empty(after.Keys.Where(f => f.Contains("2018", StringComparison.Ordinal) && !f.StartsWith("log/", StringComparison.Ordinal) && !f.StartsWith("bulk/", StringComparison.Ordinal)).Except(YearFiles(2018)));
        Assert.Equal(YearFiles(2018).Length, Carried(second).GetValueOrDefault("air-2018"));
        Assert.False(Carried(second).ContainsKey("air-2019"), second);
        await AssertSameAsFullExportAsync(app, folder, "", "full-after-2019-day");
    }

    /// <summary>
    /// The same store exported into an empty folder gives the same files: equal bytes, but for the time of generation
    /// that API snapshots and feeds carry (a carried-over snapshot keeps the time it was made).
    /// </summary>
    private static async Task AssertSameAsFullExportAsync(PublicWebApp app, string folder, string press, string name)
    {
        var full = Path.Combine(app.Folder, name);
        await ExportAsync(app, full, press.Length == 0 ? [] : ["--press", press]);
        var fresh = Snapshot(full);
        var after = Snapshot(folder);
        Assert.Equal(fresh.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        foreach (var file in after.Keys.Where(f => f != "export-manifest.json"))
        {
            if (after[file].Sha == fresh[file].Sha)
            {
                continue;
            }

            Assert.False(file.EndsWith(".html", StringComparison.Ordinal), $"{file} differs from a full export's");
            Assert.True(WithoutGenerationTime(Path.Combine(full, file)) == WithoutGenerationTime(Path.Combine(folder, file)),
                $"{file} differs from the full export's ({name}) beyond its time of generation");
        }
    }

    /// <summary>The files carried over unrendered, by family, as the export's report gives them.</summary>
    private static Dictionary<string, int> Carried(string report)
    {
        var carried = CarriedRegex().Match(report);
        Assert.True(carried.Success, report);
        return carried.Groups["families"].Value.Split(", ", StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split(' ')).ToDictionary(p => p[0], p => int.Parse(p[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
    }

    [GeneratedRegex(@"carried over unrendered \(dependency key unchanged\): \d+ files \((?<families>[^)]*)\)")]
    private static partial Regex CarriedRegex();

    /// <summary>
    /// A file's text with the moment of generation blanked: <c>meta.generatedAt</c> of the API, the feeds' <c>updated</c>
    /// and CAP <c>sent</c>, and when the bulk files were built (the catalog's <c>dct:modified</c>, the descriptors' <c>created</c>).
    /// </summary>
    internal static string WithoutGenerationTime(string file) =>
        BuiltAt().Replace(Regex.Replace(Regex.Replace(File.ReadAllText(file), "\"generatedAt\":\"[^\"]*\"", "\"generatedAt\":\"\""), "<(updated|sent)>[^<]*</(updated|sent)>", "<$1/>"),
            "${key}${sep}\"\"");

    [GeneratedRegex("""(?<key>dct:modified|"(?:dct:)?modified"|"created")(?<sep>[\s:{]*(?:"@value"[\s:]*)?)"[^"]*["]""")]
    private static partial Regex BuiltAt();

    private static async Task<string> ExportAsync(PublicWebApp app, string folder, params string[] extra)
    {
        var (exit, stdout, stderr) = await RunExportAsync(["export-site", folder, "--db", app.DatabasePath, "--no-demo", "--no-hourly", .. extra]);
        Assert.True(exit == 0, $"export-site exited {exit}:\n{stderr}\n{stdout}");
        return stdout;
    }

    /// <summary>
    /// <c>export-site</c> as <c>Program</c> runs it — the same command-line parsing and the same entry point, the real app
    /// on its in-memory server — but in this process: a new process for each of this class's many exports cost a
    /// runtime start and the compilation of the whole app every time. (The failed export below, and <c>ExportTests</c>,
    /// run the real process.)
    /// </summary>
    private static async Task<(int Exit, string Stdout, string Stderr)> RunExportAsync(string[] args)
    {
        var commandLine = CommandLine.Parse(args);
        Assert.True(commandLine.Error is null && commandLine.Verb == "export-site", commandLine.Error);
        using var stdout = new StringWriter(CultureInfo.InvariantCulture);
        using var stderr = new StringWriter(CultureInfo.InvariantCulture);
        var exit = await ExportCommand.RunAsync(commandLine.ConfigArgs, commandLine.Arguments, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Every file of the folder with its hash and last write time.</summary>
    internal static Dictionary<string, (string Sha, DateTime Written)> Snapshot(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'),
            f => (Sha256(f), File.GetLastWriteTimeUtc(f)), StringComparer.Ordinal);

    internal static Dictionary<string, string> Manifest(string folder)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "export-manifest.json")));
        return document.RootElement.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("path").GetString()!, f => f.GetProperty("sha256").GetString()!, StringComparer.Ordinal);
    }

    private static string Sha256(string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));

    /// <summary>One day of CNEMC hourly PM₂.₅ and PM₁₀ for the five stations (wide CSV as published), values varying by hour and station.</summary>
    internal static string Day(DateOnly day, bool header = true)
    {
        var b = new StringBuilder();
        if (header)
        {
            b.Append("date,hour,type,").AppendJoin(',', Stations).Append('\n');
        }

        var date = day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        for (var hour = 0; hour < 24; hour++)
        {
            foreach (var (type, scale) in new[] { ("PM2.5", 1), ("PM10", 2) })
            {
                b.Append(CultureInfo.InvariantCulture, $"{date},{hour},{type},")
                    .AppendJoin(',', Stations.Select((_, i) => ((30 + (hour * 3) + (i * 7) + day.Day) * scale).ToString(CultureInfo.InvariantCulture)))
                    .Append('\n');
            }
        }

        return b.ToString();
    }

    private static string Release(string slug, string title, string link) => $"""
        ---
        title: {title}
        titleEn: {slug}
        slug: {slug}
        date: 2019-02-26
        summary: 测试
        summaryEn: test
        ---
        正文，见[链接]({link})。
        """;
}
