using Public.Web.Bulk;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Bulk;

/// <summary>
/// The station-hours archive reads its months lean (the wide shape's path: doubles and integer AQI, no record per hour);
/// over the real 2019 H1 Jinzhou data its rows give the very bytes — CSV and Parquet — that the long shape's hours
/// (decimal AQI, a record per hour) give, for a month (read from the packed copy), a single day (read as rows) and the year.
/// </summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class StationHoursLeanTests(RealDataApp real) : IClassFixture<RealDataApp>
{
    [Theory]
    [InlineData("2019-01-01", "2019-01-31")]
    [InlineData("2019-03-15", "2019-03-15")]
    [InlineData("2019-01-01", "2019-12-31")]
    public async Task LeanRowsGiveTheSameCsvAndParquetAsTheLongShape(string from, string to)
    {
        var services = real.App.Services;
        var (first, last) = (DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture));
        var lean = BulkDatasets.Find("station-hours")!.Span!(services, first, last);
        var longShape = BulkDatasets.StationHoursLong(services, first, last);

        // At most one row per station and hour of the span, and some (the file covers January to June).
        Assert.InRange(lean.Cells.Count, 1, 5 * 24 * (last.DayNumber - first.DayNumber + 1));
        Assert.Equal(longShape.Cells.Count, lean.Cells.Count);
        Assert.Equal(WideFormats.Csv(longShape, bom: false), WideFormats.Csv(lean, bom: false));
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["dataset"] = "station-hours" };
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(await WideFormats.ParquetAsync(longShape, metadata, ct), await WideFormats.ParquetAsync(lean, metadata, ct));
    }
}
