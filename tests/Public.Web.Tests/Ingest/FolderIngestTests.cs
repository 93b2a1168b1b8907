using System.Globalization;
using Public.Web.Tests.Hosting;
using Public.Web.Tests.SharedData;

namespace Public.Web.Tests.Ingest;

/// <summary>The drop-folder sources: new or changed files (by SHA-256) are imported, the same bytes never twice.</summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class FolderIngestTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static DateOnly Day(string date) => DateOnly.ParseExact(date, "yyyyMMdd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task ADropFolderIsKeptImportedNewAndChangedFilesOnceEachAndIdenticalBytesNever()
    {
        var drop = Directory.CreateTempSubdirectory("ingest-drop-").FullName;
        try
        {
            DailyFiles.Write(drop, "20190101");
            DailyFiles.Write(drop, "20190102");
            // Files of other names are not the feed's (a note, a half-written file): left alone.
            File.WriteAllText(Path.Combine(drop, "README.txt"), "drop china_sites_YYYYMMDD.csv here");
            using var app = new PublicWebApp(settings: new Dictionary<string, string>
            {
                ["Ingest:Cnemc:Folder"] = drop,
                ["Ingest:Cnemc:Every"] = "00:00:01",
            });
            await IngestFacts.UntilAsync(() => IngestFacts.ImportsOf(app, "china_sites_20190102.csv") == 1, Patience, "the first two files");
            Assert.Equal(1, IngestFacts.ImportsOf(app, "china_sites_20190101.csv"));

            // A new file lands within a period or two.
            DailyFiles.Write(drop, "20190103");
            await IngestFacts.UntilAsync(() => IngestFacts.ImportsOf(app, "china_sites_20190103.csv") == 1, TimeSpan.FromSeconds(15), "the dropped file");
            foreach (var date in new[] { "20190101", "20190102", "20190103" })
            {
                var facts = CnemcCsvFacts.Read(Path.Combine(drop, $"china_sites_{date}.csv"));
                Assert.Equal(facts.StationHours, IngestFacts.StationHoursOfFile(app, Day(date)));
                Assert.Equal(facts.Value(date, 12, "PM2.5", "1767A"), IngestFacts.Pm25(app, "1767A", Day(date), 12));
            }

            // The same bytes written again (a new modification time) are not imported again.
            DailyFiles.Write(drop, "20190102");
            // A corrected file: one value of the 1st changed. It is imported, and the hour gets a second version.
            var lines = DailyFiles.Text("20190101").Split('\n').ToList();
            var header = lines[0].Split(',');
            var row = lines.FindIndex(l => l.StartsWith("20190101,12,PM2.5,", StringComparison.Ordinal));
            var cells = lines[row].Split(',');
            var column = Array.IndexOf(header, "1767A");
            var corrected = (decimal.Parse(cells[column], CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
            cells[column] = corrected;
            lines[row] = string.Join(',', cells);
            File.WriteAllText(Path.Combine(drop, "china_sites_20190101.csv"), string.Join('\n', lines));

            await IngestFacts.UntilAsync(() => IngestFacts.ImportsOf(app, "china_sites_20190101.csv") == 2, TimeSpan.FromSeconds(15), "the corrected file");
            await Task.Delay(2500, TestContext.Current.CancellationToken);
            Assert.Equal(1, IngestFacts.ImportsOf(app, "china_sites_20190102.csv"));
            Assert.Equal(2, IngestFacts.ImportsOf(app, "china_sites_20190101.csv"));
            Assert.Equal(decimal.Parse(corrected, CultureInfo.InvariantCulture), IngestFacts.Pm25(app, "1767A", Day("20190101"), 12));
            Assert.Equal(1, IngestFacts.Scalar(app, "SELECT COUNT(*) FROM station_hour WHERE version > 1"));
            Assert.Equal(0, IngestFacts.ImportsOf(app, "README.txt"));
        }
        finally
        {
            Directory.Delete(drop, recursive: true);
        }
    }

    [Fact]
    public async Task PenaltiesFromAnHttpFolderAreImportedByTheirOwnImporter()
    {
        await using var server = new FolderServer();
        var sample = Path.Combine(AppContext.BaseDirectory, "content", "samples", "penalties", "penalties-2019.csv");
        File.Copy(sample, Path.Combine(server.Folder, "penalties-2019.csv"));
        await server.StartAsync();
        using var app = new PublicWebApp(settings: new Dictionary<string, string>
        {
            ["Ingest:Penalties:BaseUrl"] = server.BaseUrl,
            ["Ingest:Penalties:Every"] = "00:00:01",
        });
        await IngestFacts.UntilAsync(() => IngestFacts.ImportsOf(app, "penalties-2019.csv") == 1, Patience, "the penalties file");

        // The decisions are those of the file, counted by an RFC 4180 reader of the tests' own.
        var records = Rfc4180.Records(File.ReadAllText(sample).TrimStart('\uFEFF'));
        var numbers = records.Skip(1).Where(r => r.Length > 1).Select(r => r[0]).Distinct().ToList();
        Assert.Equal(numbers.Count, IngestFacts.Scalar(app, "SELECT COUNT(*) FROM penalty"));

        // The index was read and the file fetched; later runs ask conditionally and get 304.
        await IngestFacts.UntilAsync(() => server.Log.Any(r => r.Path == "/penalties-2019.csv" && r.Status == 304), TimeSpan.FromSeconds(15), "a 304 for the penalties file");
        Assert.Equal(1, IngestFacts.ImportsOf(app, "penalties-2019.csv"));
        var imports = await IngestFacts.JsonAsync(app.Client, "/api/v1/imports");
        Assert.Contains(imports.GetProperty("results").EnumerateArray(), b => b.GetProperty("source").GetString() == "penalties");
    }

    [Fact]
    public void BadIngestSettingsStopTheStartWithTheKeyNamed()
    {
        var both = Assert.ThrowsAny<Exception>(() => new PublicWebApp(settings: new Dictionary<string, string>
        {
            ["Ingest:Cnemc:Folder"] = "/tmp",
            ["Ingest:Cnemc:BaseUrl"] = "http://127.0.0.1:1/",
        }).Dispose());
        Assert.Contains("Ingest:Cnemc:Folder and Ingest:Cnemc:BaseUrl are both set", Flatten(both), StringComparison.Ordinal);

        var every = Assert.ThrowsAny<Exception>(() => new PublicWebApp(settings: new Dictionary<string, string>
        {
            ["Ingest:Warnings:Folder"] = "/tmp",
            ["Ingest:Warnings:Every"] = "ten minutes",
        }).Dispose());
        Assert.Contains("Ingest:Warnings:Every: 'ten minutes' is not a positive time span", Flatten(every), StringComparison.Ordinal);
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);
}
