using System.Text.Json;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.AirQuality;

/// <summary>
/// Demo data run up to the app's clock and are extended on a later start without changing what was
/// already published. A fixed clock in early 2018 keeps these tests independent of today's date. The first start's
/// seeding is done once for the three tests (<see cref="StoreTemplate.Demo"/>: the test process seeds the demo store at
/// <see cref="FirstStart"/> once, each test starts on its own copy of it): a seeding costs about 10 s whatever the clock,
/// since the demo's CEMS year (2019) is seeded in full, and the tests paid four of them.
/// </summary>
public sealed class DemoExtensionTests
{
    private static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset FirstStart = new(2018, 1, 3, 10, 30, 0, ChinaOffset);
    private static readonly DateTimeOffset SecondStart = new(2018, 1, 6, 7, 5, 0, ChinaOffset);

    [Fact]
    public async Task DemoDataRunFromJanuary2018UpToTheLastCompleteHour()
    {
        using var app = new PublicWebApp(demo: true, time: new FixedTime(FirstStart), seededOnce: true);

        var times = new List<DateTimeOffset>();
        foreach (var station in new[] { "1767A", "1768A", "1769A", "1770A", "1771A" })
        {
            times.AddRange((await HoursAsync(app, "2018-01-01", "2018-01-04", station)).Select(h => h.GetProperty("time").GetDateTimeOffset()));
        }

        // Over the five stations (any one may have a demo gap): the first label is 01:00 on 1 January (the hour
        // 00:00–01:00); the last is 10:00, the last complete hour at 10:30.
        Assert.Equal(new DateTimeOffset(2018, 1, 1, 1, 0, 0, ChinaOffset), times.Min());
        Assert.Equal(new DateTimeOffset(2018, 1, 3, 10, 0, 0, ChinaOffset), times.Max());
    }

    [Fact]
    public async Task ALaterStartExtendsTheDemoDataAndLeavesEarlierHoursAsTheyWere()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "demo.db");
        TestStore.For(Postgres.StoreEngines.Sqlite).CopyOf(StoreTemplate.Demo(new FixedTime(FirstStart)), path);
        string before;
        using (var first = new PublicWebApp(demo: true, time: new FixedTime(FirstStart), databasePath: path))
        {
            before = Canonical(await HoursAsync(first, "2018-01-01", "2018-01-03"));
        }

        using var second = new PublicWebApp(demo: true, time: new FixedTime(SecondStart), databasePath: path);
        var earlier = await HoursAsync(second, "2018-01-01", "2018-01-03");
        var all = await HoursAsync(second, "2018-01-01", "2018-01-07");

        Assert.Equal(before, Canonical(earlier.Where(h => h.GetProperty("time").GetDateTimeOffset() <= FirstStart)));
        Assert.All(all, h => Assert.Equal(1, h.GetProperty("version").GetInt32()));
        Assert.Equal(new DateTimeOffset(2018, 1, 6, 7, 0, 0, ChinaOffset), all.Max(h => h.GetProperty("time").GetDateTimeOffset()));
    }

    [Fact]
    public async Task DemoDataWrittenInTwoStartsEqualDemoDataWrittenInOne()
    {
        using var folder = new TempFolder();
        var twoStepPath = Path.Combine(folder.Path, "two.db");
        TestStore.For(Postgres.StoreEngines.Sqlite).CopyOf(StoreTemplate.Demo(new FixedTime(FirstStart)), twoStepPath);
        using var twoSteps = new PublicWebApp(demo: true, time: new FixedTime(SecondStart), databasePath: twoStepPath);
        using var oneStep = new PublicWebApp(demo: true, time: new FixedTime(SecondStart));

        foreach (var station in new[] { "1767A", "1771A" })
        {
            Assert.Equal(
                Canonical(await HoursAsync(oneStep, "2018-01-01", "2018-01-06", station)),
                Canonical(await HoursAsync(twoSteps, "2018-01-01", "2018-01-06", station)));
        }

        // The derived city days around the seam (3 January) agree too.
        var oneDays = await oneStep.Client.GetJsonAsync("/api/v1/city/daily?from=2018-01-01&to=2018-01-05");
        var twoDays = await twoSteps.Client.GetJsonAsync("/api/v1/city/daily?from=2018-01-01&to=2018-01-05");
        Assert.Equal(oneDays.GetProperty("results").GetRawText(), twoDays.GetProperty("results").GetRawText());
    }

    private static async Task<List<JsonElement>> HoursAsync(PublicWebApp app, string from, string to, string station = "1767A")
    {
        var response = await app.Client.GetJsonAsync($"/api/v1/stations/{station}/hourly?from={from}&to={to}");
        return response.Results().ToList();
    }

    /// <summary>Values and AQI of each hour, without fields that name the import (recordedAt differs by design).</summary>
    private static string Canonical(IEnumerable<JsonElement> hours) => string.Join("\n", hours.Select(h =>
        $"{h.GetProperty("time").GetRawText()} {h.GetProperty("aqi").GetRawText()} {h.GetProperty("publishedAqi").GetRawText()} {h.GetProperty("values").GetRawText()}"));

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("demo-extension-").FullName;

        public void Dispose()
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // left to the OS temp cleaner
            }
        }
    }
}
