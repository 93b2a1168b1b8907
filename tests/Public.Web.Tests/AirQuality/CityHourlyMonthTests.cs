using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Public.Web.AirQuality;
using Public.Web.Serving;
using Public.Web.Tests.Hosting;
using static Public.Web.Tests.Export.IncrementalExportTests;

namespace Public.Web.Tests.AirQuality;

/// <summary>
/// The long-shape city hourly series over whole months is assembled from month chunks (<see cref="MonthChunks"/>), the
/// month of the last day with hours from day chunks: after a new day only its days are rendered again (the chunk
/// counter), and the assembled JSON and CSV equal the
/// ordinary render of the same series (asked with every pollutant named, which takes the ordinary path) byte for byte
/// — the JSON but for its <c>generatedAt</c> time — with one row per imported hour (known from the CSV given to the importer).
/// </summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed partial class CityHourlyMonthTests
{
    private const string Year = "/api/v1/city/hourly?from=2019-01-01&to=2019-12-31";
    private const string Ordinary = Year + "&pollutants=PM2.5,PM10,SO2,NO2,O3,CO";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AfterANewDayOnlyItsDaysAreRenderedAgainAndTheAnswerEqualsTheOrdinaryRender()
    {
        using var app = new PublicWebApp();
        app.Import(app.WriteText("days.csv", Day(new DateOnly(2019, 1, 15)) + Day(new DateOnly(2019, 2, 26), header: false)));
        await CaughtUpAsync(app);
        var chunks = app.Services.GetRequiredService<MonthChunks>();

        var start = chunks.Rendered;
        var json = await GetAsync(app, Year);
        var csv = await GetAsync(app, Year + "&format=csv");
        // Every month of the year once per format, the empty ones too; February, the month of the last day with hours,
        // day by day (its 28 days).
        Assert.Equal((11 + 28) * 2, chunks.Rendered - start);
        await SameAsOrdinaryAsync(app, json, csv, hours: 2 * 24);

        // Asked again (another URL, so no response cache answers it): nothing rendered again.
        start = chunks.Rendered;
        Assert.Equal(Strip(json), Strip(await GetAsync(app, Year + "&limit=10000")));
        Assert.Equal(0, chunks.Rendered - start);

        app.Import(app.WriteText("day3.csv", Day(new DateOnly(2019, 2, 27))));
        await CaughtUpAsync(app);
        start = chunks.Rendered;
        json = await GetAsync(app, Year);
        csv = await GetAsync(app, Year + "&format=csv");
        // February's two days alone — the 27th, and the 26th, whose last hour ends at midnight (the file's hour 0 of the
        // 27th) — once per format; not the rest of February, nor any other month.
        Assert.Equal(2 * 2, chunks.Rendered - start);
        await SameAsOrdinaryAsync(app, json, csv, hours: 3 * 24);
    }

    [Fact]
    public async Task ARangeOfPartMonthsOrAPageTakesTheOrdinaryPath()
    {
        using var app = new PublicWebApp();
        app.Import(app.WriteText("days.csv", Day(new DateOnly(2019, 2, 26))));
        await CaughtUpAsync(app);
        var chunks = app.Services.GetRequiredService<MonthChunks>();
        var start = chunks.Rendered;
        // More days than are kept day by day (MonthChunks.MaxDays), not whole months.
        Assert.Equal(24, JsonDocument.Parse(await GetAsync(app, "/api/v1/city/hourly?from=2019-01-02&to=2019-02-28")).RootElement.GetProperty("results").GetArrayLength());
        Assert.Equal(10, JsonDocument.Parse(await GetAsync(app, Year + "&limit=10&page=2")).RootElement.GetProperty("results").GetArrayLength());
        Assert.Equal(0, chunks.Rendered - start);
        // Fewer rows per page than the series has: the months are rendered, then the first page is cut by the ordinary path.
        var page = JsonDocument.Parse(await GetAsync(app, Year + "&limit=10")).RootElement;
        Assert.Equal(10, page.GetProperty("results").GetArrayLength());
        Assert.Equal(24, page.GetProperty("meta").GetProperty("found").GetInt32());
    }

    private static async Task SameAsOrdinaryAsync(PublicWebApp app, string json, string csv, int hours)
    {
        Assert.Equal(Strip(await GetAsync(app, Ordinary)), Strip(json));
        Assert.Equal(await GetAsync(app, Ordinary + "&format=csv"), csv);
        var root = JsonDocument.Parse(json).RootElement;
        Assert.Equal(hours, root.GetProperty("meta").GetProperty("found").GetInt32());
        Assert.Equal(hours, root.GetProperty("results").GetArrayLength());
        // A header, then a line per hour and pollutant (six).
        Assert.Equal((hours * 6) + 1, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    internal static async Task<string> GetAsync(PublicWebApp app, string url)
    {
        using var response = await app.Client.GetAsync(url, Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {body}");
        Assert.Equal(url.Contains("format=csv", StringComparison.Ordinal) ? "text/csv" : "application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        return body;
    }

    /// <summary>The answer without the time it was made.</summary>
    internal static string Strip(string json) => GeneratedAt().Replace(json, "");

    [GeneratedRegex("\"generatedAt\":\"[^\"]*\"")]
    private static partial Regex GeneratedAt();

    /// <summary>Waits until the server has seen the store's data version (the signatures are read per version).</summary>
    internal static async Task CaughtUpAsync(PublicWebApp app)
    {
        var versions = app.Services.GetRequiredService<DataVersionMonitor>();
        var stored = app.Services.GetRequiredService<Public.Web.Infrastructure.Database>().ReadDataVersion().Number;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (versions.Current.Number < stored && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(20, Cancel);
        }
    }
}
