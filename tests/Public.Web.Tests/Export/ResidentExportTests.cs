using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Public.Web.Export;
using Public.Web.Tests.Hosting;
using static Public.Web.Tests.Export.IncrementalExportTests;

namespace Public.Web.Tests.Export;

/// <summary>
/// <c>Export:Path</c>: the running server keeps a static export up to date — a full export at start, an incremental one
/// after each import that moves the data version — with the bytes <c>export-site</c> writes for the same store, and a
/// failed export leaves the previous one intact without stopping the server. The whole app over a real SQLite store
/// with imported CNEMC days; the comparison runs the real CLI as a separate process.
/// </summary>
public sealed class ResidentExportTests
{
    private const string LiveOrigin = "https://live.example.org";
    private const string StaticOrigin = "https://static.example.org";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AfterAnImportTheServerRewritesOnlyTheChangedFilesAndItsExportEqualsTheCommandLines()
    {
        var folder = Directory.CreateTempSubdirectory("public-web-tests-").FullName;
        var site = Path.Combine(folder, "site");
        using var app = new PublicWebApp(folder: folder, settings: Settings(site));
        var resident = app.Services.GetRequiredService<ResidentExport>();
        app.Import(app.WriteText("days.csv", Day(new DateOnly(2019, 2, 26)) + Day(new DateOnly(2019, 2, 27), header: false)));
        var first = await WaitForExportAsync(app);
        Assert.True(first.Report!.Pages > 50, first.Report.ToString());
        // The report says what the runtime did meanwhile (a full export allocates, at least its pages' bytes). When the
        // export at start already saw the imported day, the export the import then asks for finds nothing changed and
        // carries every file over (a CI run of 2026-12-06 awaited that one: 3 MB allocated): only a full one is weighed.
        if (first.Report.Incremental is null)
        {
            Assert.True(first.Report.Runtime.Allocated > first.Report.Bytes / 2, first.Report.ToString());
        }
        Assert.Contains("\n  runtime: CPU user ", first.Report.ToString(), StringComparison.Ordinal);
        var before = Snapshot(site);
        var manifest = Manifest(site);

        app.Import(app.WriteText("day3.csv", Day(new DateOnly(2019, 2, 28))));
        var second = await WaitForExportAsync(app);
        Assert.True(second.DataVersion > first.DataVersion);
        var after = Snapshot(site);

        // The new day is on the station pages and the 2019 year page; the press release and the docs are not rendered again.
        Assert.NotEqual(before["stations/1767A/index.html"].Sha, after["stations/1767A/index.html"].Sha);
        Assert.NotEqual(before["en/stations/1771A/index.html"].Sha, after["en/stations/1771A/index.html"].Sha);
        Assert.NotEqual(before["air/2019/index.html"].Sha, after["air/2019/index.html"].Sha);
        Assert.Equal(before["press/website-launch/index.html"], after["press/website-launch/index.html"]);
        Assert.Equal(before["docs/export/index.html"], after["docs/export/index.html"]);
        Assert.True(second.Report!.Carried.GetValueOrDefault("press") > 0 && second.Report.Carried.GetValueOrDefault("docs") > 0, second.Report.ToString());
        Assert.False(second.Report.Carried.ContainsKey("air"), second.Report.ToString());

        // Exactly the files whose bytes changed were written (an unchanged file keeps its write time), and the files of
        // the previous export that no longer exist are gone: the log grew, so its partial tiles give way to wider ones.
        var changed = after.Keys.Where(f => f != SiteExporter.ManifestName && (!before.TryGetValue(f, out var b) || b.Sha != after[f].Sha)).ToList();
        var touched = after.Keys.Where(f => f != SiteExporter.ManifestName && (!before.TryGetValue(f, out var b) || b.Written != after[f].Written)).ToList();
        Assert.True(changed.Order(StringComparer.Ordinal).SequenceEqual(touched.Order(StringComparer.Ordinal)),
            $"changed but not rewritten: {string.Join(", ", changed.Except(touched))}; rewritten unchanged: {string.Join(", ", touched.Except(changed))}");
        var removed = manifest.Keys.Where(f => !after.ContainsKey(f)).ToList();
        Assert.NotEmpty(removed);
        Assert.All(removed, f => Assert.Matches(@"^log/tile/.*\.p/[0-9]+$", f));
        Assert.All(removed, f => Assert.DoesNotContain(f, Manifest(site).Keys));
        Assert.Equal((changed.Count, after.Count - 1 - changed.Count, removed.Count), second.Report.Incremental);

        // The absolute URLs use the export's base URL, not the live server's.
        var station = File.ReadAllText(Path.Combine(site, "stations", "1767A", "index.html"));
        Assert.Contains(StaticOrigin + "/stations/1767A", station, StringComparison.Ordinal);
        Assert.DoesNotContain(LiveOrigin, station, StringComparison.Ordinal);
        Assert.DoesNotContain("export-site.invalid", station, StringComparison.Ordinal);

        // export-site of the same store writes the same files: HTML byte for byte, the rest but for its time of generation.
        await AssertSameAsCommandLineAsync(app, folder, site);
        Assert.Equal(second, resident.Last);
    }

    [Fact]
    public async Task FailedExportLeavesThePreviousExportIntactAndTheServerGoesOn()
    {
        var folder = Directory.CreateTempSubdirectory("public-web-tests-").FullName;
        var site = Path.Combine(folder, "site");
        var fault = new FailingFiles();
        using var app = new PublicWebApp(folder: folder, settings: Settings(site), services: s => s.AddSingleton<IExportFiles>(fault));
        app.Import(app.WriteText("days.csv", Day(new DateOnly(2019, 3, 1))));
        var good = await WaitForExportAsync(app);
        Assert.Null(good.Error);
        var intact = Snapshot(site);

        // The next export fails half-way: its staging folder holds files already, then a contributor cannot write.
        fault.Fail = true;
        app.Import(app.WriteText("day2.csv", Day(new DateOnly(2019, 3, 2))));
        var failed = await WaitForExportAsync(app);
        Assert.Contains("disk full (test)", failed.Error, StringComparison.Ordinal);
        Assert.Equal(intact, Snapshot(site));
        Assert.Empty(Directory.GetDirectories(folder, ".site.export-*"));
        var metrics = await app.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative), Cancel);
        Assert.Contains("jinzhou_export_last_failed 1", metrics, StringComparison.Ordinal);
        Assert.Contains("jinzhou_export_runs_total{result=\"failed\"} 1", metrics, StringComparison.Ordinal);

        // The server still serves, and the next batch exports again.
        Assert.Equal(System.Net.HttpStatusCode.OK, (await app.Client.GetAsync(new Uri("/stations/1767A", UriKind.Relative), Cancel)).StatusCode);
        fault.Fail = false;
        app.Import(app.WriteText("day3.csv", Day(new DateOnly(2019, 3, 3))));
        var again = await WaitForExportAsync(app);
        Assert.Null(again.Error);
        Assert.NotEqual(intact["stations/1767A/index.html"].Sha, Snapshot(site)["stations/1767A/index.html"].Sha);
        metrics = await app.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative), Cancel);
        Assert.Contains("jinzhou_export_last_failed 0", metrics, StringComparison.Ordinal);
        Assert.Contains($"jinzhou_export_data_version {again.DataVersion}", metrics, StringComparison.Ordinal);
    }

    /// <summary>
    /// The server keeps the manifests it wrote in memory, by the SHA-256 of their bytes: a manifest changed on disk is
    /// read again. Here the press page's entry is taken out of it, so the next export cannot carry that page over: it
    /// renders and writes it anew (a new write time), while the English page, still listed, is carried over untouched.
    /// </summary>
    [Fact]
    public async Task AManifestChangedOnDiskIsReadAgainNotTakenFromMemory()
    {
        var folder = Directory.CreateTempSubdirectory("public-web-tests-").FullName;
        var site = Path.Combine(folder, "site");
        using var app = new PublicWebApp(folder: folder, settings: Settings(site));
        app.Import(app.WriteText("day1.csv", Day(new DateOnly(2019, 3, 1))));
        await WaitForExportAsync(app);
        const string Page = "press/website-launch/index.html";
        const string English = "en/press/website-launch/index.html";
        var path = Path.Combine(site, SiteExporter.ManifestName);
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!;
        var files = manifest["files"]!.AsArray();
        files.Remove(files.Single(f => (string?)f!["path"] == Page));
        File.WriteAllText(path, manifest.ToJsonString());
        var before = Snapshot(site);

        app.Import(app.WriteText("day2.csv", Day(new DateOnly(2019, 3, 2))));
        var second = await WaitForExportAsync(app);
        Assert.Null(second.Error);
        var after = Snapshot(site);
        Assert.Equal(before[Page].Sha, after[Page].Sha);
        Assert.NotEqual(before[Page].Written, after[Page].Written);
        Assert.Equal(before[English], after[English]);
        Assert.Contains(Page, Manifest(site).Keys);
    }

    /// <summary>
    /// The server hashes each web-root file once and keeps the hash with the file's size and write time: an asset changed
    /// on disk — longer, or the same length with a new write time — is read again and its new bytes are exported, while an
    /// asset left alone is neither rewritten nor changed. The bytes are checked against the file on disk, not the manifest.
    /// </summary>
    [Fact]
    public async Task AnAssetChangedOnDiskIsExportedAgainTheOthersAreLeftAlone()
    {
        var folder = Directory.CreateTempSubdirectory("public-web-tests-").FullName;
        var site = Path.Combine(folder, "site");
        var webRoot = Path.Combine(folder, "wwwroot");
        CopyFolder(Path.Combine(AppContext.BaseDirectory, "wwwroot"), webRoot);
        var settings = Settings(site);
        settings["webroot"] = webRoot;
        using var app = new PublicWebApp(folder: folder, settings: settings);
        app.Import(app.WriteText("day1.csv", Day(new DateOnly(2019, 3, 1))));
        Assert.Null((await WaitForExportAsync(app)).Error);
        const string Changed = "lib/graphiql/VERSIONS.md";
        const string Untouched = "lib/graphiql/LICENSE.txt";
        var before = Snapshot(site);
        Assert.Equal(File.ReadAllBytes(Path.Combine(webRoot, Changed)), File.ReadAllBytes(Path.Combine(site, Changed)));

        // Longer: a new size.
        File.AppendAllText(Path.Combine(webRoot, Changed), "\nchanged by the test\n");
        app.Import(app.WriteText("day2.csv", Day(new DateOnly(2019, 3, 2))));
        Assert.Null((await WaitForExportAsync(app)).Error);
        var after = Snapshot(site);
        Assert.Equal(File.ReadAllBytes(Path.Combine(webRoot, Changed)), File.ReadAllBytes(Path.Combine(site, Changed)));
        Assert.NotEqual(before[Changed].Sha, after[Changed].Sha);
        Assert.Equal(before[Untouched], after[Untouched]);

        // The same length, other bytes, a later write time.
        var path = Path.Combine(webRoot, Changed);
        var bytes = File.ReadAllBytes(path);
        bytes[^2] = (byte)'X';
        File.WriteAllBytes(path, bytes);
        File.SetLastWriteTimeUtc(path, File.GetLastWriteTimeUtc(path).AddMinutes(1));
        app.Import(app.WriteText("day3.csv", Day(new DateOnly(2019, 3, 3))));
        Assert.Null((await WaitForExportAsync(app)).Error);
        Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(site, Changed)));
        Assert.Equal(before[Untouched], Snapshot(site)[Untouched]);
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
    }

    [Fact]
    public async Task TheReplacedExportIsKeptAndTheNextIsBuiltInItWithOnlyTheChangedFilesWritten()
    {
        var folder = Directory.CreateTempSubdirectory("public-web-tests-").FullName;
        var site = Path.Combine(folder, "site");
        var kept = Path.Combine(folder, ".site.export-previous");
        var fault = new FailingFiles();
        using var app = new PublicWebApp(folder: folder, settings: Settings(site), services: s => s.AddSingleton<IExportFiles>(fault));
        app.Import(app.WriteText("day1.csv", Day(new DateOnly(2019, 3, 1))));
        await WaitForExportAsync(app);
        var first = Snapshot(site);
        var stationPage = Path.Combine(site, "stations", "1767A", "index.html");
        var firstInode = Inode(stationPage);

        app.Import(app.WriteText("day2.csv", Day(new DateOnly(2019, 3, 2))));
        await WaitForExportAsync(app);
        // The export the swap replaced is kept whole beside the target: the same files, bytes and write times.
        Assert.Equal(first, Snapshot(kept));
        var before = Snapshot(site);

        app.Import(app.WriteText("day3.csv", Day(new DateOnly(2019, 3, 3))));
        var third = await WaitForExportAsync(app);
        Assert.Null(third.Error);
        Assert.Contains("hard links and removals in the reused previous export", third.Report!.Breakdown, StringComparison.Ordinal);
        var after = Snapshot(site);
        Assert.NotEqual(before["stations/1767A/index.html"].Sha, after["stations/1767A/index.html"].Sha);
        // The station page changed in the second export and again in the third: the first export's file, linked nowhere
        // else by then, was written over in place (the same inode), not unlinked and created again.
        Assert.NotEqual(first["stations/1767A/index.html"].Sha, before["stations/1767A/index.html"].Sha);
        Assert.Equal(firstInode, Inode(stationPage));
        // Built in the first export's folder, yet exactly the files whose bytes changed since the second were written
        // (an unchanged file keeps its write time, the contributed file of the same bytes too), and the second is kept.
        var changed = after.Keys.Where(f => f != SiteExporter.ManifestName && (!before.TryGetValue(f, out var b) || b.Sha != after[f].Sha)).ToList();
        var touched = after.Keys.Where(f => f != SiteExporter.ManifestName && (!before.TryGetValue(f, out var b) || b.Written != after[f].Written)).ToList();
        Assert.True(changed.Order(StringComparer.Ordinal).SequenceEqual(touched.Order(StringComparer.Ordinal)),
            $"changed but not rewritten: {string.Join(", ", changed.Except(touched))}; rewritten unchanged: {string.Join(", ", touched.Except(changed))}");
        Assert.Equal(before["test/ok.txt"], after["test/ok.txt"]);
        Assert.Equal(before, Snapshot(kept));
        // No file of the first export that the third does not have is left (the log's partial tiles gave way to wider ones).
        Assert.Equal(Manifest(site).Keys.Order(StringComparer.Ordinal), after.Keys.Where(f => f != SiteExporter.ManifestName).Order(StringComparer.Ordinal));
        Assert.Contains(first.Keys, f => !after.ContainsKey(f));
        Assert.Equal(before.Keys.Count(f => !after.ContainsKey(f)), third.Report.Incremental!.Value.Removed);
        AssertManifestDescribesFolder(site);
        await AssertSameAsCommandLineAsync(app, folder, site);

        // A failure while building in the kept export: the target is intact, and the kept one (half-built) is gone.
        fault.Fail = true;
        app.Import(app.WriteText("day4.csv", Day(new DateOnly(2019, 3, 4))));
        var failed = await WaitForExportAsync(app);
        Assert.Contains("disk full (test)", failed.Error, StringComparison.Ordinal);
        Assert.Equal(after, Snapshot(site));
        Assert.Empty(Directory.GetDirectories(folder, ".site.export-*"));

        fault.Fail = false;
        app.Import(app.WriteText("day5.csv", Day(new DateOnly(2019, 3, 5))));
        var again = await WaitForExportAsync(app);
        Assert.Null(again.Error);
        Assert.Equal(after, Snapshot(kept));
        await AssertSameAsCommandLineAsync(app, folder, site);
    }

    [Fact]
    public async Task PlanPagesShowingTheMeasuredValueOfTheYearInProgressAreRenderedAgainAfterANewDay()
    {
        // Today is 2019-03-05 in Jinzhou: 2019 is in progress, so the plan's targets measured by this site (the PM2.5
        // annual mean, the share of good days) show the year-to-date value, which each new day moves.
        var folder = Directory.CreateTempSubdirectory("public-web-tests-").FullName;
        var site = Path.Combine(folder, "site");
        using var app = new PublicWebApp(folder: folder, settings: Settings(site), time: new FixedTime(new DateTimeOffset(2019, 3, 5, 12, 0, 0, TimeSpan.FromHours(8))));
        app.Import(app.WriteText("days.csv", Day(new DateOnly(2019, 3, 1)) + Day(new DateOnly(2019, 3, 2), header: false)));
        await WaitForExportAsync(app);
        var before = Snapshot(site);
        Assert.Contains("年度进行中", File.ReadAllText(Path.Combine(site, "plan", "goals", "index.html")), StringComparison.Ordinal);

        // A heavily polluted day: the year-to-date PM2.5 mean rises.
        var polluted = string.Concat(Enumerable.Range(0, 24).Select(h => $"20190303,{h},PM2.5,300,300,300,300,300\n20190303,{h},PM10,400,400,400,400,400\n"));
        app.Import(app.WriteText("day3.csv", "date,hour,type,1767A,1768A,1769A,1770A,1771A\n" + polluted));
        var run = await WaitForExportAsync(app);
        var after = Snapshot(site);
        Assert.False(run.Report!.Carried.ContainsKey("plan-measured"), run.Report.ToString());
        Assert.NotEqual(before["plan/goals/index.html"].Sha, after["plan/goals/index.html"].Sha);
        Assert.Equal(before["plan/m01/index.html"], after["plan/m01/index.html"]);
    }

    [Fact]
    public async Task ServerProcessExportsAtStartAndAgainAfterAnotherProcesssImport()
    {
        // The deployed shape: the real server process on Kestrel (its in-memory pipeline beside it) and the CLI import
        // as another process, which the server learns of by polling the store.
        var folder = Directory.CreateTempSubdirectory("public-web-tests-").FullName;
        var db = Path.Combine(folder, "store", "server.db");
        var site = Path.Combine(folder, "site");
        await ImportAsync(folder, db, "days.csv", Day(new DateOnly(2019, 3, 1)) + Day(new DateOnly(2019, 3, 2), header: false));
        var start = new System.Diagnostics.ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Public.Web.dll"), "--urls", "http://127.0.0.1:0", "--Store:Path=" + db, "--Store:Demo=false",
                     "--Export:Path=" + site, "--Export:Hourly=false", "--Serving:VersionPollMilliseconds=200" })
        {
            start.ArgumentList.Add(arg);
        }

        using var server = System.Diagnostics.Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        server.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        server.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        string Log()
        {
            lock (output)
            {
                return output.ToString();
            }
        }

        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            var page = Path.Combine(site, "stations", "1767A", "index.html");
            await UntilAsync(() => File.Exists(Path.Combine(site, SiteExporter.ManifestName)) && File.Exists(page), Log);
            var before = await File.ReadAllTextAsync(page, Cancel);
            Assert.DoesNotContain("2019-03-03", before, StringComparison.Ordinal);

            await ImportAsync(folder, db, "day3.csv", Day(new DateOnly(2019, 3, 3)));
            await UntilAsync(() => File.ReadAllText(page).Contains("2019-03-03", StringComparison.Ordinal), Log);
            Assert.False(server.HasExited, Log());
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync(Cancel);
        }
    }

    private static async Task ImportAsync(string folder, string db, string name, string csv)
    {
        var file = Path.Combine(folder, name);
        await File.WriteAllTextAsync(file, csv, Cancel);
        var (exit, stdout, stderr) = await AppProcess.RunAsync(folder, "import", "cnemc", file, "--db", db);
        Assert.True(exit == 0, $"import exited {exit}:\n{stderr}\n{stdout}");
    }

    private static async Task UntilAsync(Func<bool> done, Func<string> log)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!done())
        {
            if (waited.Elapsed > TimeSpan.FromMinutes(3))
            {
                Assert.Fail("not within 3 minutes; the server's log:\n" + log());
            }

            await Task.Delay(100, Cancel);
        }
    }

    /// <summary>The file's inode number (<c>stat</c>: .NET has no API for it).</summary>
    private static string Inode(string path)
    {
        using var stat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%i", path]) { RedirectStandardOutput = true })!;
        var inode = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        Assert.True(stat.ExitCode == 0 && inode.Length > 0, $"stat {path} failed");
        return inode;
    }

    [Fact]
    public void BadExportSettingIsRefusedNamingItsKey()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Export:Path"] = "site",
            ["Export:BaseUrl"] = "static.example.org",
        }).Build();
        var e = Assert.Throws<InvalidOperationException>(() => ExportSettings.Read(config));
        Assert.Equal("Export:BaseUrl must be an absolute http(s) URL, not 'static.example.org'", e.Message);

        config["Export:BaseUrl"] = null;
        config["Site:BaseUrl"] = "https://air.example.org/";
        config["Export:Hourly"] = "no";
        Assert.Equal("Export:Hourly must be true or false, not 'no'", Assert.Throws<InvalidOperationException>(() => ExportSettings.Read(config)).Message);
        config["Export:Hourly"] = "false";
        var options = ExportSettings.Read(config)!;
        Assert.Equal("https://air.example.org", options.BaseUrl);
        Assert.False(options.Hourly);
        Assert.Equal(Path.GetFullPath("site"), options.Target);
        config["Export:Path"] = "";
        Assert.Null(ExportSettings.Read(config));
    }

    /// <summary>
    /// The manifest of an export the server built from its previous one (most entries copied from the manifest before):
    /// every file of the folder is listed with the SHA-256 and length of its bytes on disk, nothing else is listed, and its
    /// bytes are exactly what System.Text.Json writes for the same document (indented, UTF-8 unescaped) — an entry copied
    /// in at the wrong place, without its separator or with another file's fields, fails one of these.
    /// </summary>
    private static void AssertManifestDescribesFolder(string site)
    {
        var text = File.ReadAllText(Path.Combine(site, SiteExporter.ManifestName));
        var document = System.Text.Json.Nodes.JsonNode.Parse(text)!;
        var canonical = document.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.True(canonical == text, "the manifest is not what System.Text.Json writes for its own document");
        var listed = document["files"]!.AsArray().ToDictionary(f => (string)f!["path"]!, f => ((string)f!["sha256"]!, (long)f!["bytes"]!), StringComparer.Ordinal);
        var onDisk = Directory.EnumerateFiles(site, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(site, f).Replace(Path.DirectorySeparatorChar, '/')).Where(f => f != SiteExporter.ManifestName).ToList();
        Assert.Equal(onDisk.Order(StringComparer.Ordinal), listed.Keys.Order(StringComparer.Ordinal));
        Assert.All(onDisk, f =>
        {
            var bytes = File.ReadAllBytes(Path.Combine(site, f));
            Assert.True(listed[f] == (Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes.LongLength), $"{f}: the manifest says {listed[f]}");
        });
    }

    /// <summary>export-site of the same store writes the same files as the server: HTML byte for byte, the rest but for its time of generation.</summary>
    private static async Task AssertSameAsCommandLineAsync(PublicWebApp app, string folder, string site)
    {
        var cli = Path.Combine(folder, "cli-" + Guid.NewGuid().ToString("N"));
        var (exit, stdout, stderr) = await AppProcess.RunAsync(folder, "export-site", cli, "--db", app.DatabasePath, "--no-demo", "--no-hourly", "--base-url", StaticOrigin);
        Assert.True(exit == 0, $"export-site exited {exit}:\n{stderr}\n{stdout}");
        var fromCli = Manifest(cli);
        // The test's own contributor (FailingFiles) is the server's alone.
        var fromServer = Manifest(site).Where(f => !f.Key.StartsWith("test/", StringComparison.Ordinal)).ToDictionary(StringComparer.Ordinal);
        Assert.True(fromCli.Keys.Order(StringComparer.Ordinal).SequenceEqual(fromServer.Keys.Order(StringComparer.Ordinal)),
            $"only export-site's: {string.Join(", ", fromCli.Keys.Except(fromServer.Keys))}; only the server's: {string.Join(", ", fromServer.Keys.Except(fromCli.Keys))}");
        var differing = fromServer.Keys.Where(f => f != SiteExporter.ManifestName && fromServer[f] != fromCli[f]).ToList();
        Assert.All(differing, f => Assert.False(f.EndsWith(".html", StringComparison.Ordinal), $"{f} differs from export-site's"));
        Assert.All(differing, f => Assert.True(WithoutGenerationTime(Path.Combine(cli, f)) == WithoutGenerationTime(Path.Combine(site, f)),
            $"{f} differs from export-site's beyond its time of generation"));
        Assert.Contains(fromServer.Keys, f => f.EndsWith(".html", StringComparison.Ordinal) && fromServer[f] == fromCli[f]);
    }

    private static Dictionary<string, string> Settings(string site) => new()
    {
        ["Export:Path"] = site,
        ["Export:BaseUrl"] = StaticOrigin,
        ["Export:Hourly"] = "false",
        ["Site:BaseUrl"] = LiveOrigin,
        // As a deployed server (and export-site) runs: the web root is the build's, without the development-time assets.
        ["environment"] = "Production",
        // Another process's import is found by polling; these imports run in the app's process and are seen at once.
        ["Serving:VersionPollMilliseconds"] = "100",
    };

    /// <summary>Waits for the export of the store's current data version (the one after the latest import) to finish.</summary>
    private static async Task<ResidentExportRun> WaitForExportAsync(PublicWebApp app)
    {
        var resident = app.Services.GetRequiredService<ResidentExport>();
        var version = app.Services.GetRequiredService<Public.Web.Infrastructure.Database>().ReadDataVersion().Number;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromMinutes(3))
        {
            if (resident.Last is { } run && run.DataVersion >= version && !resident.Busy)
            {
                return run;
            }

            await Task.Delay(50, Cancel);
        }

        throw new TimeoutException($"no export of data version {version} within 3 minutes (last: {resident.Last})");
    }

    /// <summary>A feature's files whose writing fails on demand, after the export has started writing into its staging folder.</summary>
    private sealed class FailingFiles : IExportFiles
    {
        public volatile bool Fail;

        public string Name => "failing files (test)";

        public IEnumerable<ExportFile> Files(ExportContext context)
        {
            yield return new ExportFile("test/ok.txt", null, (s, ct) => s.WriteAsync("ok\n"u8.ToArray(), ct).AsTask(), "other");
            yield return new ExportFile("test/fails.txt", null, (_, _) => Fail ? throw new IOException("disk full (test)") : Task.CompletedTask, "other");
        }
    }
}
