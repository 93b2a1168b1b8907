using System.Globalization;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Ingest;

/// <summary>The home page says when the data were last updated and flags hourly data older than 3 hours.</summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class FreshnessTests
{
    // The newest hour label of the file of 3 January 2019, read from the file itself (23:00 that day, +08:00).
    private static DateTimeOffset NewestLabel(string path)
    {
        var last = File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).Last(c => c.Skip(3).Any(v => v.Length > 0));
        return new DateTimeOffset(DateTime.ParseExact(last[0], "yyyyMMdd", CultureInfo.InvariantCulture), TimeSpan.FromHours(8)).AddHours(int.Parse(last[1], CultureInfo.InvariantCulture));
    }

    private static async Task<(string Html, string Newest)> HomeAsync(TimeSpan after, string page)
    {
        var folder = Directory.CreateTempSubdirectory("ingest-fresh-").FullName;
        try
        {
            var path = DailyFiles.Write(folder, "20190103");
            var newest = NewestLabel(path);
            using var app = new PublicWebApp(time: new FixedTime(newest + after));
            app.Import(path);
            return (await app.Client.GetStringAsync(page, TestContext.Current.CancellationToken), newest.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task DataFourHoursOldAreFlaggedInChineseAndEnglishWithTheUpdateTime()
    {
        var (zh, newest) = await HomeAsync(TimeSpan.FromHours(4), "/");
        Assert.Contains("空气质量数据最近更新：", zh, StringComparison.Ordinal);
        Assert.Contains("北京时间（UTC+08:00）", zh, StringComparison.Ordinal);
        Assert.Equal("2019-01-03 23:00", newest);
        Assert.Contains($"最新小时数据（{newest}）已超过 3 小时", zh, StringComparison.Ordinal);

        var (en, _) = await HomeAsync(TimeSpan.FromHours(4), "/en");
        Assert.Contains("Air quality data last updated: ", en, StringComparison.Ordinal);
        Assert.Contains($"the newest hourly data ({newest}) are more than 3 hours old", en, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DataTwoHoursOldAreNotFlagged()
    {
        var (zh, _) = await HomeAsync(TimeSpan.FromHours(2), "/");
        Assert.Contains("空气质量数据最近更新：", zh, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"stale\"", zh, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheUpdateTimeFollowsEveryImportThatChangesTheHoursAndNoOther()
    {
        var folder = Directory.CreateTempSubdirectory("ingest-fresh-").FullName;
        try
        {
            var first = DailyFiles.Write(folder, "20190103");
            var clock = new Clock(NewestLabel(first) + TimeSpan.FromMinutes(20));
            using var app = new PublicWebApp(time: clock);
            app.Import(first);
            var t1 = clock.Now;
            Assert.Contains(Updated(t1), await GetAsync(app, "/"), StringComparison.Ordinal);

            // The next day's file, an hour later: the page (zh and en) says the new time at once.
            clock.Now += TimeSpan.FromHours(1);
            var second = DailyFiles.Write(folder, "20190104");
            Assert.True(app.Import(second).NewRecords > 0);
            var t2 = clock.Now;
            Assert.Contains(Updated(t2), await GetAsync(app, "/"), StringComparison.Ordinal);
            Assert.Contains(Updated(t2), await GetAsync(app, "/en/"), StringComparison.Ordinal);

            // The same file again, later: nothing stored changes, so neither does the time shown.
            clock.Now += TimeSpan.FromHours(1);
            Assert.Equal(0, app.Import(second).NewRecords);
            var again = await GetAsync(app, "/");
            Assert.Contains(Updated(t2), again, StringComparison.Ordinal);
            Assert.DoesNotContain(Updated(clock.Now), again, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // The time as the page shows it (China Standard Time, minutes; 20 past the hour, so never an hour's label).
    private static string Updated(DateTimeOffset at) =>
        $">{at.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}</time>";

    private static Task<string> GetAsync(PublicWebApp app, string page) => app.Client.GetStringAsync(page, TestContext.Current.CancellationToken);

    /// <summary>A clock the test moves.</summary>
    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();
    }
}
