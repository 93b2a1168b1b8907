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
}
