using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Public.Standards.AirQuality;
using Public.Web.AirQuality;
using Public.Web.AirQuality.Store;
using Public.Web.Bulk;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.AirQuality;

/// <summary>
/// The lean wide series (<see cref="WideHours"/>): its integer AQI against the decimal computation that reproduces the
/// published 2019 AQI, its numbers against the JSON serializer's, and its answers against the long shape's, hour by hour.
/// </summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class WideHoursTests(RealDataApp real) : IClassFixture<RealDataApp>
{
    [Theory]
    [InlineData(AqiEdition.HJ633_2012)]
    [InlineData(AqiEdition.HJ633_2026)]
    public void TheIntegerAqiEqualsTheDecimalComputationAcrossEveryColumn(AqiEdition edition)
    {
        var checkedRows = 0;
        // Each pollutant alone, in steps of a quarter reporting unit (every rounding case: below, at and above .5) from 0
        // to beyond the top breakpoint; then rows of all six at random, a tenth of the values missing.
        (int Index, decimal Step, decimal Top)[] sweeps =
        [
            (PublishedTypes.SO2, 0.25m, 900m), (PublishedTypes.NO2, 0.25m, 4000m), (PublishedTypes.PM10, 0.25m, 700m),
            (PublishedTypes.CO, 0.025m, 160m), (PublishedTypes.O3, 0.25m, 1300m), (PublishedTypes.PM25, 0.25m, 600m),
        ];
        foreach (var (index, step, top) in sweeps)
        {
            for (var c = 0m; c <= top; c += step)
            {
                var row = Missing();
                row[index] = (double)c;
                Compare(edition, row);
                checkedRows++;
            }
        }

        var random = new Random(20190101);
        for (var n = 0; n < 100_000; n++)
        {
            var row = Missing();
            foreach (var (index, _, top) in sweeps)
            {
                if (random.Next(10) > 0)
                {
                    // Thousandths, as published values are; a third of them on a reporting unit's half.
                    var units = index == PublishedTypes.CO ? 10 : 1;
                    row[index] = random.Next(3) == 0
                        ? (random.Next((int)(top * units)) + 0.5) / units
                        : random.Next((int)(top * 1000)) / 1000.0;
                }
            }

            // SO2 above 800 µg/m³ falls back to its 24h mean (HJ 633 表1 注(2)), present or not.
            if (random.Next(20) == 0)
            {
                row[PublishedTypes.SO2] = (800_000 + random.Next(100_000)) / 1000.0;
                row[PublishedTypes.SO2_24h] = random.Next(2) == 0 ? double.NaN : random.Next(3_000_000) / 1000.0;
            }

            Compare(edition, row);
            checkedRows++;
        }

        Assert.True(checkedRows > 130_000, $"{checkedRows} rows");
    }

    [Fact]
    public void AValueThatIsNotWholeThousandthsIsLeftToTheDecimalComputation()
    {
        var row = Missing();
        row[PublishedTypes.PM25] = 75.0005;
        Assert.False(ExactHourlyAqi.TryCompute(AqiEdition.HJ633_2012, row, out _, out _));
        row[PublishedTypes.PM25] = -1;
        Assert.False(ExactHourlyAqi.TryCompute(AqiEdition.HJ633_2012, row, out _, out _));
        row[PublishedTypes.PM25] = 75;
        Assert.True(ExactHourlyAqi.TryCompute(AqiEdition.HJ633_2012, row, out var aqi, out _));
        Assert.Equal(100, aqi);
    }

    [Fact]
    public void IntegersAreWrittenAsTheirInvariantText()
    {
        Span<byte> text = stackalloc byte[32];
        foreach (var value in Enumerable.Range(0, 120_000).Select(i => (long)i).Concat([-1, -9999, 999_999_999, long.MaxValue, long.MinValue]))
        {
            Assert.Equal(value.ToString(CultureInfo.InvariantCulture), Encoding.UTF8.GetString(text[..WideHours.Integer(value, text)]));
        }
    }

    [Fact]
    public void ValuesAreWrittenAsTheSerializerWritesTheStoredDecimal()
    {
        var doubles = Enumerable.Range(0, 300_000).Select(k => k / 1000.0)
            .Concat([0.1 + 0.2, 1.2345, 1e-7, 123456.789, 75.0005, 2.5, 1e9 + 0.001])
            .Concat(Enumerable.Range(0, 2000).Select(i => (double)(i * 7.31m)));
        Span<byte> text = stackalloc byte[64];
        foreach (var value in doubles)
        {
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteNumberValue(AirQualityStore.ToDecimal(value));
            }

            var expected = Encoding.UTF8.GetString(buffer.WrittenSpan);
            Assert.Equal(expected, Encoding.UTF8.GetString(text[..WideHours.ValueText(value, text)]));
        }
    }

    [Fact]
    public async Task EveryStationYearInTheWideShapeHoldsTheLongShapesHoursColumnByColumn()
    {
        var hourColumns = PublishedTypes.All.Where(t => t.Pollutant is not null).Select(t => (t.Code, Column: AirWideTables.HourColumn(t))).ToList();
        var compared = 0;
        foreach (var code in new[] { "1767A", "1768A", "1769A", "1770A", "1771A" })
        {
            var year = $"/api/v1/stations/{code}/hourly?from=2019-01-01&to=2019-12-31";
            var wide = await real.Client.GetJsonAsync(year + "&shape=wide");
            var hours = (await real.Client.GetJsonAsync(year)).Results().ToList();
            Assert.Equal(hours.Count, wide.GetProperty("rows").GetInt32());
            Assert.True(hours.Count > 3000, $"{code}: {hours.Count} hours");
            var columns = wide.GetProperty("columns").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().ToList());
            for (var i = 0; i < hours.Count; i++)
            {
                var h = hours[i];
                Assert.Equal(h.Str("station"), columns["station"][i].GetString());
                Assert.Equal(h.Str("time"), columns["time"][i].GetString());
                Assert.Equal(h.GetProperty("aqi").GetRawText(), columns["aqi"][i].GetRawText());
                Assert.Equal(h.GetProperty("publishedAqi").GetRawText(), columns["publishedAqi"][i].GetRawText());
                Assert.Equal(h.GetProperty("version").GetRawText(), columns["version"][i].GetRawText());
                var level = h.GetProperty("level");
                Assert.Equal(level.ValueKind == JsonValueKind.Null ? null : level.Str("nameEn"), columns["level"][i].GetString());
                var primary = h.GetProperty("primaryPollutants").EnumerateArray().Select(p => p.GetString()).ToList();
                Assert.Equal(primary.Count == 0 ? null : string.Join(' ', primary), columns["primaryPollutants"][i].GetString());
                var values = h.GetProperty("values").EnumerateArray().ToDictionary(v => v.Str("type"), v => v.GetProperty("value").GetRawText());
                foreach (var (type, column) in hourColumns)
                {
                    Assert.Equal(values.GetValueOrDefault(type, "null"), columns[column][i].GetRawText());
                }

                compared++;
            }
        }

        Assert.True(compared > 15_000, $"{compared} hours");
    }

    [Fact]
    public async Task PollutantsFieldsAndPagesChooseTheSameCellsAsTheLongShape()
    {
        const string Month = "/api/v1/stations/1769A/hourly?from=2019-02-01&to=2019-02-28";
        var wide = await real.Client.GetJsonAsync(Month + "&shape=wide&pollutants=CO&fields=time,aqi,co_mgm3,pm25_ugm3&page=2&limit=100");
        var hours = (await real.Client.GetJsonAsync(Month + "&pollutants=CO&page=2&limit=100")).Results().ToList();
        var columns = wide.GetProperty("columns").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().ToList());
        Assert.Equal(["time", "aqi", "co_mgm3", "pm25_ugm3"], columns.Keys);
        Assert.Equal(100, hours.Count);
        Assert.Equal(100, wide.GetProperty("rows").GetInt32());
        Assert.Equal(wide.GetProperty("meta").GetProperty("found").GetInt32(), (await real.Client.GetJsonAsync(Month + "&page=2&limit=100")).GetProperty("meta").GetProperty("found").GetInt32());
        for (var i = 0; i < hours.Count; i++)
        {
            Assert.Equal(hours[i].Str("time"), columns["time"][i].GetString());
            // The AQI is of every pollutant; the chosen pollutants only choose the values shown.
            Assert.Equal(hours[i].GetProperty("aqi").GetRawText(), columns["aqi"][i].GetRawText());
            Assert.Equal(hours[i].GetProperty("values").EnumerateArray().Single(v => v.Str("type") == "CO").GetProperty("value").GetRawText(), columns["co_mgm3"][i].GetRawText());
            Assert.Equal(JsonValueKind.Null, columns["pm25_ugm3"][i].ValueKind);
        }
    }

    [Fact]
    public async Task AfterACorrectionTheWideShapeShowsTheCorrectedHoursLatestVersion()
    {
        using var app = new PublicWebApp();
        const string Original = """
            date,hour,type,1767A,1768A
            20190301,1,AQI,57,60
            20190301,1,PM2.5,40,43
            20190301,1,CO,0.8,0.9
            20190301,2,AQI,59,61
            20190301,2,PM2.5,41,44
            20190301,2,CO,0.7,0.9
            """;
        Assert.True(app.Import(app.WriteText("china_sites_20190301.csv", Original)).Clean);
        var corrected = Original.Replace("20190301,2,PM2.5,41,44", "20190301,2,PM2.5,80,44", StringComparison.Ordinal);
        var second = app.Import(app.WriteText("china_sites_20190301_v2.csv", corrected));
        Assert.Equal(1, second.NewVersions);
        var third = app.Import(app.WriteText("china_sites_20190301_v3.csv", corrected.Replace("20190301,2,CO,0.7,0.9", "20190301,2,CO,1.1,0.9", StringComparison.Ordinal)));
        Assert.Equal(1, third.NewVersions);

        var wide = await app.Client.GetJsonAsync("/api/v1/stations/1767A/hourly?from=2019-03-01&to=2019-03-01&shape=wide");
        var columns = wide.GetProperty("columns");
        Assert.Equal(2, wide.GetProperty("rows").GetInt32());
        Assert.Equal(["2019-03-01T01:00:00+08:00", "2019-03-01T02:00:00+08:00"], columns.GetProperty("time").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal([1, 3], columns.GetProperty("version").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal(["40", "80"], columns.GetProperty("pm25_ugm3").EnumerateArray().Select(v => v.GetRawText()));
        Assert.Equal(["0.8", "1.1"], columns.GetProperty("co_mgm3").EnumerateArray().Select(v => v.GetRawText()));
        // PM2.5 80 µg/m³ against HJ 633-2012 表1 (75 → 100, 115 → 150): 100 + 50 × 5 / 40 = 106.25, rounded up to 107.
        Assert.Equal([57, 107], columns.GetProperty("aqi").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal(["PM2.5", "PM2.5"], columns.GetProperty("primaryPollutants").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(["Good", "Lightly polluted"], columns.GetProperty("level").EnumerateArray().Select(v => v.GetString()));
    }

    private static double[] Missing() => Enumerable.Repeat(double.NaN, PublishedTypes.Count).ToArray();

    /// <summary>The integer AQI and primary pollutants of a row against <see cref="HourlyAqi.Compute"/> on its stored decimals.</summary>
    private static void Compare(AqiEdition edition, double[] row)
    {
        var decimals = row.Select(v => double.IsNaN(v) ? (decimal?)null : AirQualityStore.ToDecimal(v)).ToArray();
        var expected = HourlyAqi.Compute(edition, AirQualityQueries.HourlyInputsOf(decimals));
        Assert.True(ExactHourlyAqi.TryCompute(edition, row, out var aqi, out var primary), Describe(row));
        Assert.True((expected.Aqi ?? -1) == aqi, $"{edition} {Describe(row)}: AQI {expected.Aqi} expected, {aqi} computed");
        var mask = expected.PrimaryPollutants.Aggregate(0, (m, p) => m | (1 << ExactHourlyAqi.PollutantBit(p)));
        Assert.True(mask == primary, $"{edition} {Describe(row)}: primary {string.Join(' ', expected.PrimaryPollutants)} expected, {ExactHourlyAqi.PrimaryText(primary)} computed");
    }

    private static string Describe(double[] row) =>
        string.Join(", ", row.Select((v, i) => (v, i)).Where(x => !double.IsNaN(x.v)).Select(x => PublishedTypes.All[x.i].Code + "=" + x.v.ToString(CultureInfo.InvariantCulture)));
}
