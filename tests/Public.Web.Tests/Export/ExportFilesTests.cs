using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Public.Web.Export;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Export;

/// <summary>
/// The extension point for other features' files (<see cref="IExportFiles"/>): the exporter writes them, records their
/// SHA-256 in the manifest, carries a file over unwritten while its key stays the same, and refuses a path outside the
/// folder naming the feature, leaving the previous export intact. The real export command, in this process, over a
/// real SQLite store.
/// </summary>
public sealed class ExportFilesTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ContributedFileIsWrittenHashedAndCarriedOverWhileItsKeyStaysTheSame()
    {
        using var app = new PublicWebApp();
        app.Import(app.WriteText("day.csv", "date,hour,type,1767A\n20190301,1,PM2.5,35\n"));
        var folder = Path.Combine(app.Folder, "site");
        var bulk = new SampleFiles("bulk/air-2019.csv", "v1", "station,pm25\n1767A,35\n");

        Assert.Equal(0, await ExportAsync(app, folder, bulk));
        var file = Path.Combine(folder, "bulk", "air-2019.csv");
        Assert.Equal("station,pm25\n1767A,35\n", await File.ReadAllTextAsync(file, Cancel));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("station,pm25\n1767A,35\n"u8)), ManifestSha(folder, "bulk/air-2019.csv"));
        Assert.Equal(1, bulk.Writes);
        var written = File.GetLastWriteTimeUtc(file);

        // Same key: not produced again, the file stays as it was.
        Assert.Equal(0, await ExportAsync(app, folder, bulk));
        Assert.Equal(1, bulk.Writes);
        Assert.Equal(written, File.GetLastWriteTimeUtc(file));

        // A new key: produced and written again.
        var changed = new SampleFiles("bulk/air-2019.csv", "v2", "station,pm25\n1767A,36\n");
        Assert.Equal(0, await ExportAsync(app, folder, changed));
        Assert.Equal(1, changed.Writes);
        Assert.Equal("station,pm25\n1767A,36\n", await File.ReadAllTextAsync(file, Cancel));
    }

    [Fact]
    public async Task ContributedPathOutsideTheFolderStopsTheExportNamingTheFeatureAndKeepsThePreviousExport()
    {
        using var app = new PublicWebApp();
        app.Import(app.WriteText("day.csv", "date,hour,type,1767A\n20190301,1,PM2.5,35\n"));
        var folder = Path.Combine(app.Folder, "site");
        Assert.Equal(0, await ExportAsync(app, folder, new SampleFiles("bulk/a.csv", null, "a\n")));
        var before = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);

        var stderr = new StringWriter();
        var exit = await ExportCommand.RunAsync(Config(app), [folder, "--no-hourly"], new StringWriter(), stderr,
            s => s.AddSingleton<IExportFiles>(new SampleFiles("../outside.csv", null, "x\n")));
        Assert.Equal(1, exit);
        Assert.Contains("sample files: '../outside.csv' is not a relative path inside the export", stderr.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(app.Folder, "outside.csv")));
        Assert.Equal(before, Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc));
        Assert.Empty(Directory.GetDirectories(app.Folder, ".site.export-*"));
    }

    private static string[] Config(PublicWebApp app) => ["--Store:Path=" + app.DatabasePath, "--Store:Demo=false"];

    private static async Task<int> ExportAsync(PublicWebApp app, string folder, SampleFiles files)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await ExportCommand.RunAsync(Config(app), [folder, "--no-hourly"], stdout, stderr, s => s.AddSingleton<IExportFiles>(files));
        Assert.True(exit == 0, $"export-site exited {exit}:\n{stderr}\n{stdout}");
        return exit;
    }

    private static string ManifestSha(string folder, string path)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, SiteExporter.ManifestName)));
        return manifest.RootElement.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("path").GetString() == path).GetProperty("sha256").GetString()!;
    }

    /// <summary>One file with a given key and content; counts how often it is produced.</summary>
    private sealed class SampleFiles(string path, string? key, string content) : IExportFiles
    {
        public int Writes { get; private set; }

        public string Name => "sample files";

        public IEnumerable<ExportFile> Files(ExportContext context) =>
            [new ExportFile(path, key, async (stream, ct) =>
            {
                Writes++;
                await stream.WriteAsync(Encoding.UTF8.GetBytes(content), ct);
            })];
    }
}
