using System.Security.Cryptography;
using System.Text.Json;
using Public.Tests.SharedData;
using Public.Web.Tests.Hosting;
using Public.Web.Tests.SharedData;

namespace Public.Web.Tests.AirQuality;

/// <summary>
/// The real 2019 H1 file through the real importer: counts checked against the file itself, the import log,
/// and the meta every list response carries about imported data.
/// </summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class RealDataImportTests(RealDataApp real) : IClassFixture<RealDataApp>
{
    [Fact]
    public void ImportOfTheRealFileIsCleanAndItsCountsMatchTheCsv()
    {
        var summary = real.Summary;
        var facts = real.Facts;

        Assert.True(summary.Clean, string.Join("\n", summary.Problems.Take(10)));
        Assert.Empty(summary.Problems);
        Assert.Equal(1, summary.Files);
        Assert.Equal(0, summary.FilesRejected);
        Assert.Equal(facts.DataLines, summary.Rows);
        Assert.Equal(0, summary.RejectedRows);
        Assert.Equal(facts.StationHours, summary.NewRecords);
        Assert.Equal(facts.NonBlankCells, summary.ValuesStored);
        Assert.Equal(0, summary.NewVersions);
        Assert.Equal(0, summary.Unchanged);
        Assert.Equal(facts.StationHours, real.App.StoredStationHourRows());
    }

    [Fact]
    public void ReimportingTheRealFileAddsNothing()
    {
        var path = SharedDataLocator.RequireJinzhouHourly();
        var facts = CnemcCsvFacts.Read(path);
        using var app = new PublicWebApp();
        app.Import(path);

        var again = app.Import(path);

        Assert.True(again.Clean, string.Join("\n", again.Problems.Take(10)));
        Assert.Equal(facts.DataLines, again.Rows);
        Assert.Equal(0, again.NewRecords);
        Assert.Equal(0, again.NewVersions);
        Assert.Equal(0, again.ValuesStored);
        Assert.Equal(facts.StationHours, again.Unchanged);
        Assert.Equal(facts.StationHours, app.StoredStationHourRows());
    }

    [Fact]
    public async Task ImportLogListsTheImportWithTheFilesSha256()
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(real.CsvPath)));

        var response = await real.Client.GetJsonAsync("/api/v1/imports");

        var batch = Assert.Single(response.Results());
        Assert.Equal("cnemc", batch.Str("kind"));
        Assert.Equal("ok", batch.Str("status"));
        Assert.Equal(real.Facts.DataLines, batch.GetProperty("rows").GetInt32());
        Assert.Equal(real.Facts.StationHours, batch.GetProperty("newRecords").GetInt32());
        var file = Assert.Single(batch.GetProperty("fileList").EnumerateArray());
        Assert.Equal(SharedDataLocator.JinzhouHourlyFile, file.Str("name"));
        Assert.Equal(sha256, file.Str("sha256"));
        Assert.Equal(real.Facts.DataLines, file.GetProperty("rows").GetInt32());
    }

    [Theory]
    [InlineData("/api/v1/stations")]
    [InlineData("/api/v1/stations/1767A/hourly?from=2019-01-01&to=2019-01-02")]
    [InlineData("/api/v1/stations/1767A/hourly/versions?from=2019-01-01&to=2019-01-01")]
    [InlineData("/api/v1/stations/1767A/daily?from=2019-01-01&to=2019-01-31")]
    [InlineData("/api/v1/city/hourly?from=2019-01-01&to=2019-01-01")]
    [InlineData("/api/v1/city/daily?from=2019-01-01&to=2019-06-30&limit=50&page=2")]
    [InlineData("/api/v1/imports")]
    [InlineData("/api/v1/reference/pollutants")]
    [InlineData("/api/v1/reference/aqi-levels")]
    [InlineData("/api/v1/reference/editions")]
    [InlineData("/api/v1/reference/breakpoints")]
    [InlineData("/api/v1/reference/plan-targets")]
    public async Task EveryListResponseHasMetaWithLicenseSourceRealDataAndPaging(string url)
    {
        var response = await real.Client.GetJsonAsync(url);

        var meta = response.GetProperty("meta");
        var results = response.GetProperty("results").GetArrayLength();
        Assert.Contains("CC BY 4.0", meta.Str("license"), StringComparison.Ordinal);
        Assert.Contains("CNEMC", meta.Str("source"), StringComparison.Ordinal);
        Assert.False(meta.GetProperty("demo").GetBoolean());
        Assert.Equal(JsonValueKind.Null, meta.GetProperty("demoNotice").ValueKind);
        var page = meta.GetProperty("page").GetInt32();
        var limit = meta.GetProperty("limit").GetInt32();
        var found = meta.GetProperty("found").GetInt32();
        Assert.True(page >= 1 && limit >= 1, $"page {page}, limit {limit}");
        Assert.True(results > 0, "the real data fill every list asked for here");
        Assert.Equal(Math.Clamp(found - ((page - 1) * limit), 0, limit), results);
        Assert.Equal("Asia/Shanghai (UTC+08:00)", meta.Str("timeZone"));
    }

    [Fact]
    public async Task PagingSplitsTheCityDailySeriesWithoutLosingDays()
    {
        var all = await real.Client.GetJsonAsync("/api/v1/city/daily?from=2019-01-01&to=2019-06-30");
        var page2 = await real.Client.GetJsonAsync("/api/v1/city/daily?from=2019-01-01&to=2019-06-30&limit=50&page=2");

        Assert.Equal(all.GetProperty("meta").GetProperty("found").GetInt32(), page2.GetProperty("meta").GetProperty("found").GetInt32());
        Assert.Equal(all.Results().Skip(50).Take(50).Select(d => d.Str("date")), page2.Results().Select(d => d.Str("date")));
        // A day is listed when any station has any of its 24 hours (labels D 01:00 … D+1 00:00) in the file.
        var expectedDays = Enumerable.Range(0, 181).Select(i => new DateOnly(2019, 1, 1).AddDays(i))
            .Count(day => CnemcCsvFacts.LabelsOfDay(day).Any(l => real.Facts.Stations.Any(s => real.Facts.HasHour(l.Date, l.Hour, s))));
        Assert.Equal(expectedDays, all.GetProperty("meta").GetProperty("found").GetInt32());

        // 2019-04-08 is missing upstream: only its last hour (labelled 04-09 00:00) is there, too few for a daily AQI.
        Assert.False(real.Facts.HasHour("20190408", 12, "1767A"));
        Assert.True(real.Facts.HasHour("20190409", 0, "1767A"));
        var april8 = all.Results().Single(d => d.Str("date") == "2019-04-08");
        Assert.Equal(JsonValueKind.Null, april8.GetProperty("aqi").ValueKind);
    }
}
