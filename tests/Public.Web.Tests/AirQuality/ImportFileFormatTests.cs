using System.Globalization;
using System.Text;
using System.Text.Json;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.AirQuality;

/// <summary>The encodings, line ends and column layouts the national files come in.</summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class ImportFileFormatTests : IDisposable
{
    private const string Small = """
        date,hour,type,1767A,1768A
        20190301,1,AQI,57,60
        20190301,1,PM2.5,40,43
        20190301,1,CO,0.8,
        """;

    private readonly PublicWebApp _app = new();

    public void Dispose() => _app.Dispose();

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task Utf8WithOrWithoutBomAndLfOrCrlfImportTheSameValues(bool bom, bool crlf)
    {
        var summary = _app.Import(_app.WriteText("small.csv", Small, bom, crlf));

        Assert.True(summary.Clean, string.Join("\n", summary.Problems));
        Assert.Equal(3, summary.Rows);
        Assert.Equal(2, summary.NewRecords);
        Assert.Equal(5, summary.ValuesStored);
        var hour = await SingleHourAsync("1767A", "2019-03-01");
        Assert.Equal(57, hour.GetProperty("publishedAqi").GetInt32());
        Assert.Equal(40m, Value(hour, "PM2.5"));
        Assert.Equal(0.8m, Value(hour, "CO"));
        var other = await SingleHourAsync("1768A", "2019-03-01");
        Assert.Null(Value(other, "CO"));
    }

    [Fact]
    public async Task StationColumnsNotInTheRegistryAreIgnoredUnread()
    {
        var path = _app.WriteText("others.csv", """
            date,hour,type,1001A,1767A,9999X
            20190301,1,AQI,n/a,57,-3
            20190301,1,PM2.5,99999,40,
            """);

        var summary = _app.Import(path);

        Assert.True(summary.Clean, string.Join("\n", summary.Problems));
        Assert.Equal(1, summary.NewRecords);
        Assert.Equal(2, summary.ValuesStored);
        Assert.Equal(1, _app.StoredStationHourRows());
        var hour = await SingleHourAsync("1767A", "2019-03-01");
        Assert.Equal(40m, Value(hour, "PM2.5"));
        await _app.Client.GetProblemAsync("/api/v1/stations/1001A/hourly?from=2019-03-01&to=2019-03-01", System.Net.HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ANationalFileWithSixteenHundredStationColumnsImportsOurFiveStations()
    {
        // Codes 1001A … 2641A, as in the national list, with ours (1767A … 1771A) at their places among them.
        var codes = Enumerable.Range(1001, 1641).Select(n => n.ToString(CultureInfo.InvariantCulture) + "A").ToList();
        string[] types = ["AQI", "PM2.5", "PM2.5_24h", "PM10", "PM10_24h", "SO2", "SO2_24h", "NO2", "NO2_24h", "O3", "O3_24h", "O3_8h", "O3_8h_24h", "CO", "CO_24h"];
        var text = new StringBuilder("date,hour,type,").AppendJoin(',', codes).Append('\n');
        var rows = 0;
        for (var hour = 0; hour < 24; hour++)
        {
            foreach (var type in types)
            {
                text.Append(CultureInfo.InvariantCulture, $"20190301,{hour},{type}");
                for (var c = 0; c < codes.Count; c++)
                {
                    // Every 7th cell blank, others a plausible whole number (CO a decimal).
                    text.Append(',');
                    if ((c + hour) % 7 != 0)
                    {
                        text.Append(type.StartsWith("CO", StringComparison.Ordinal) ? "0.9" : (10 + ((c + hour) % 90)).ToString(CultureInfo.InvariantCulture));
                    }
                }

                text.Append('\n');
                rows++;
            }
        }

        var summary = _app.Import(_app.WriteText("china_sites_20190301.csv", text.ToString(), bom: true, crlf: true));

        Assert.True(summary.Clean, string.Join("\n", summary.Problems.Take(5)));
        Assert.Equal(rows, summary.Rows);
        var ours = Enumerable.Range(0, 5).Select(i => codes.IndexOf("1767A") + i).ToList();
        var expectedRecords = Enumerable.Range(0, 24).Sum(h => ours.Count(c => (c + h) % 7 != 0));
        Assert.Equal(expectedRecords, summary.NewRecords);
        Assert.Equal(expectedRecords * types.Length, summary.ValuesStored);
        Assert.Equal(expectedRecords, _app.StoredStationHourRows());

        // 1769A is column index c = 768 of the codes; its PM2.5 at hour 5 is 10 + (768 + 5) % 90.
        var c1769 = codes.IndexOf("1769A");
        var hourly = await _app.Client.GetJsonAsync("/api/v1/stations/1769A/hourly?from=2019-03-01&to=2019-03-01&pollutants=PM2.5");
        var at5 = hourly.Results().Single(h => h.Str("time") == "2019-03-01T05:00:00+08:00");
        Assert.Equal(10 + ((c1769 + 5) % 90), Value(at5, "PM2.5"));
    }

    private async Task<JsonElement> SingleHourAsync(string station, string day)
    {
        var response = await _app.Client.GetJsonAsync($"/api/v1/stations/{station}/hourly?from={day}&to={day}");
        return Assert.Single(response.Results());
    }

    private static decimal? Value(JsonElement hour, string type)
    {
        var value = hour.GetProperty("values").EnumerateArray().Single(v => v.Str("type") == type).GetProperty("value");
        return value.ValueKind == JsonValueKind.Null ? null : value.GetDecimal();
    }
}
