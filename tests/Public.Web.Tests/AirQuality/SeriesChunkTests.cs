using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Public.Web.AirQuality;
using Public.Web.Tests.Hosting;
using static Public.Web.Tests.AirQuality.CityHourlyMonthTests;
using static Public.Web.Tests.Export.IncrementalExportTests;

namespace Public.Web.Tests.AirQuality;

/// <summary>
/// The other series kept in chunks (<see cref="MonthChunks"/>): a station's hourly series over a week day by day (the
/// default range the site links), the city's hourly week, and the daily series over whole months (the month of the last
/// day with hours day by day). After a new day only its days are rendered again, and each answer equals the ordinary render — the same series asked with every
/// pollutant named, which takes the ordinary path — byte for byte (the JSON but for its <c>generatedAt</c> time), with
/// one row per imported hour or day (known from the CSV given to the importer).
/// </summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class SeriesChunkTests
{
    private const string Week = "from=2019-02-21&to=2019-02-27";
    private const string AllPollutants = "&pollutants=PM2.5,PM10,SO2,NO2,O3,CO";

    [Fact]
    public async Task AStationsWeekIsRenderedAgainOnlyForTheNewDayAndEqualsTheOrdinaryRender()
    {
        using var app = new PublicWebApp();
        app.Import(app.WriteText("days.csv", Day(new DateOnly(2019, 2, 25)) + Day(new DateOnly(2019, 2, 26), header: false)));
        await CaughtUpAsync(app);
        var chunks = app.Services.GetRequiredService<MonthChunks>();
        string[] urls = ["/api/v1/stations/1768A/hourly?" + Week, "/api/v1/city/hourly?" + Week];

        var start = chunks.Rendered;
        foreach (var url in urls)
        {
            await SameAsOrdinaryAsync(app, url, hours: 2 * 24);
        }

        // Seven days, two formats, two series.
        Assert.Equal(7 * 2 * 2, chunks.Rendered - start);

        app.Import(app.WriteText("day3.csv", Day(new DateOnly(2019, 2, 27))));
        await CaughtUpAsync(app);
        start = chunks.Rendered;
        foreach (var url in urls)
        {
            await SameAsOrdinaryAsync(app, url, hours: 3 * 24);
        }

        // The natural days the new hours fall on alone — the 27th, and the 26th, whose last hour ends at midnight (the
        // file's hour 0 of the 27th) — per format and series; the log references of the new hours are in the JSON.
        Assert.Equal(2 * 2 * 2, chunks.Rendered - start);
        var hours = JsonDocument.Parse(await GetAsync(app, urls[0])).RootElement.GetProperty("results");
        Assert.All(hours.EnumerateArray(), h => Assert.True(h.GetProperty("log").GetProperty("index").GetInt64() >= 0));
    }

    [Fact]
    public async Task TheDailySeriesOfAYearAreRenderedAgainOnlyForTheNewDaysAndEqualTheOrdinaryRender()
    {
        using var app = new PublicWebApp();
        app.Import(app.WriteText("days.csv", Day(new DateOnly(2019, 1, 15)) + Day(new DateOnly(2019, 2, 26), header: false)));
        await CaughtUpAsync(app);
        var chunks = app.Services.GetRequiredService<MonthChunks>();
        string[] urls = ["/api/v1/city/daily?from=2019-01-01&to=2019-12-31", "/api/v1/stations/1770A/daily?from=2019-01-01&to=2019-12-31"];
        foreach (var url in urls)
        {
            // Each imported date and the day before it, where its first hour (ending at midnight) falls.
            await SameDaysAsOrdinaryAsync(app, url, days: 4);
        }

        app.Import(app.WriteText("day3.csv", Day(new DateOnly(2019, 2, 27))));
        await CaughtUpAsync(app);
        var start = chunks.Rendered;
        foreach (var url in urls)
        {
            await SameDaysAsOrdinaryAsync(app, url, days: 5);
        }

        // February's two days alone (the 27th, and the 26th, whose last hour ends at midnight), per format and series.
        Assert.Equal(2 * 2 * 2, chunks.Rendered - start);
    }

    private static async Task SameAsOrdinaryAsync(PublicWebApp app, string url, int hours)
    {
        var json = await GetAsync(app, url);
        var csv = await GetAsync(app, url + "&format=csv");
        Assert.Equal(Strip(await GetAsync(app, url + AllPollutants)), Strip(json));
        Assert.Equal(await GetAsync(app, url + AllPollutants + "&format=csv"), csv);
        var root = JsonDocument.Parse(json).RootElement;
        Assert.Equal(hours, root.GetProperty("meta").GetProperty("found").GetInt32());
        Assert.Equal(hours, root.GetProperty("results").GetArrayLength());
        Assert.True(csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length > hours);
    }

    private static async Task SameDaysAsOrdinaryAsync(PublicWebApp app, string url, int days)
    {
        var json = await GetAsync(app, url);
        var csv = await GetAsync(app, url + "&format=csv");
        Assert.Equal(Strip(await GetAsync(app, url + AllPollutants)), Strip(json));
        Assert.Equal(await GetAsync(app, url + AllPollutants + "&format=csv"), csv);
        Assert.Equal(days, JsonDocument.Parse(json).RootElement.GetProperty("results").GetArrayLength());
        // A header, then a line per day.
        Assert.Equal(days + 1, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
