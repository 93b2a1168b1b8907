using System.Text.Json;
using Public.Web.Tests.Hosting;
using static Public.Web.Tests.AirQuality.CityHourlyMonthTests;
using static Public.Web.Tests.Export.IncrementalExportTests;

namespace Public.Web.Tests.AirQuality;

/// <summary>
/// The last day with data — the end of every default date range, asked by nearly every page and series — is kept for
/// the data version it was read at. A new day moves it at once: the default week of the city's hours ends with the new
/// day's last hour, as labelled in the file imported (hour 23 of the day, +08:00; the file's hour 0 ends the day before).
/// </summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class DefaultRangeFollowsImportsTests
{
    private static async Task<string> LastHourAsync(PublicWebApp app, string url)
    {
        var results = JsonDocument.Parse(await GetAsync(app, url)).RootElement.GetProperty("results");
        Assert.True(results.GetArrayLength() > 0, $"{url}: no hours");
        return results.EnumerateArray().Select(h => h.GetProperty("time").GetString()!).Max(StringComparer.Ordinal)!;
    }

    [Fact]
    public async Task TheDefaultWeekEndsWithTheLastImportedDayAfterEveryImport()
    {
        using var app = new PublicWebApp();
        app.Import(app.WriteText("day1.csv", Day(new DateOnly(2019, 2, 25))));
        await CaughtUpAsync(app);
        Assert.Equal("2019-02-25T23:00:00+08:00", await LastHourAsync(app, "/api/v1/city/hourly"));
        Assert.Equal("2019-02-25T23:00:00+08:00", await LastHourAsync(app, "/api/v1/stations/1768A/hourly"));

        app.Import(app.WriteText("day2.csv", Day(new DateOnly(2019, 2, 26))));
        await CaughtUpAsync(app);
        Assert.Equal("2019-02-26T23:00:00+08:00", await LastHourAsync(app, "/api/v1/city/hourly"));
        Assert.Equal("2019-02-26T23:00:00+08:00", await LastHourAsync(app, "/api/v1/stations/1768A/hourly"));
    }
}
