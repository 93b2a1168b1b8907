using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Public.Web.Tests.Hosting;
using Public.Web.Tests.SharedData;

namespace Public.Web.Tests.AirQuality;

/// <summary>/stations/{code}/hourly over the real 2019 data, checked against the CSV file.</summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class StationHourlyApiTests(RealDataApp real) : IClassFixture<RealDataApp>
{
    private const string Jan1 = "/api/v1/stations/1769A/hourly?from=2019-01-01&to=2019-01-01";
    private const string MicrogramsPerCubicMetre = "\u00B5g/m\u00B3";
    private const string MilligramsPerCubicMetre = "mg/m\u00B3";

    // The 14 value types of a station-hour besides the AQI.
    private const int ValueTypesPerHour = 14;

    [Fact]
    public async Task HourlyAqiEqualsThePublishedAqiOfTheCsvForEveryHourOfTheDay()
    {
        var response = await real.Client.GetJsonAsync(Jan1);

        var expected = CnemcCsvFacts.LabelsOfDay(new DateOnly(2019, 1, 1)).Where(l => real.Facts.HasHour(l.Date, l.Hour, "1769A")).ToList();
        var hours = response.Results().ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(l => l.Label), hours.Select(h => h.GetProperty("time").GetDateTimeOffset()));
        foreach (var (hour, label) in hours.Zip(expected))
        {
            var published = real.Facts.Value(label.Date, label.Hour, "AQI", "1769A");
            Assert.Equal(published, Nullable(hour.GetProperty("publishedAqi")));
            Assert.True(published == Nullable(hour.GetProperty("aqi")), $"{label.Label:O}: computed aqi {hour.GetProperty("aqi")} but the CSV publishes {published}");
        }
    }

    [Fact]
    public async Task HourlyValuesEqualTheCsvValuesAndCarryTheirUnits()
    {
        var response = await real.Client.GetJsonAsync(Jan1);

        foreach (var hour in response.Results())
        {
            var label = hour.GetProperty("time").GetDateTimeOffset();
            var date = label.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
            var values = hour.GetProperty("values").EnumerateArray().ToList();
            Assert.Equal(ValueTypesPerHour, values.Count);
            foreach (var value in values)
            {
                Assert.Equal(real.Facts.Value(date, label.Hour, value.Str("type"), "1769A"), Nullable(value.GetProperty("value")));
                Assert.Equal(value.Str("pollutant") == "CO" ? MilligramsPerCubicMetre : MicrogramsPerCubicMetre, value.Str("unit"));
            }
        }
    }

    [Fact]
    public async Task HourLabelledOneAmChinaTimeIsFiveOClockPreviousEveningUtcInTheSerializedJson()
    {
        using var response = await real.Client.GetAsync(new Uri(Jan1, UriKind.Relative), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        using var document = JsonDocument.Parse(body);
        var first = document.RootElement.GetProperty("results")[0];
        Assert.Equal("2019-01-01T01:00:00+08:00", first.GetProperty("time").GetString());
        Assert.Equal("2018-12-31T17:00:00Z", first.GetProperty("timeUtc").GetString());
    }

    [Fact]
    public async Task HourLabelledOneAmChinaTimeIsFiveOClockPreviousEveningUtcInTheCsv()
    {
        using var response = await real.Client.GetAsync(new Uri(Jan1 + "&format=csv", UriKind.Relative), TestContext.Current.CancellationToken);
        var lines = (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).TrimStart('\uFEFF').Split("\r\n");

        var first = lines[1].Split(',');
        Assert.Equal("2019-01-01T01:00:00+08:00", first[1]);
        Assert.Equal("2018-12-31T17:00:00Z", first[2]);
    }

    [Fact]
    public async Task PollutantsFilterKeepsOnlyTheNamedPollutants()
    {
        var response = await real.Client.GetJsonAsync(Jan1 + "&pollutants=PM2.5,O3");

        Assert.All(response.Results(), hour =>
        {
            var types = hour.GetProperty("values").EnumerateArray().Select(v => v.Str("type")).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(["O3", "O3_24h", "O3_8h", "O3_8h_24h", "PM2.5", "PM2.5_24h"], types);
        });
    }

    [Theory]
    [InlineData("format")]
    [InlineData("accept")]
    public async Task CsvIsUtf8WithBomAndAnEnglishHeader(string how)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(how == "format" ? Jan1 + "&format=csv" : Jan1, UriKind.Relative));
        if (how == "accept")
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        }

        using var response = await real.Client.SendAsync(request, TestContext.Current.CancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        Assert.Equal(["station", "time", "timeUtc", "pollutant", "type", "period", "value", "unit"], header[..8]);
        Assert.Contains("publishedAqi", header);
        Assert.All(lines[0], c => Assert.True(char.IsAscii(c)));
        var hours = CnemcCsvFacts.LabelsOfDay(new DateOnly(2019, 1, 1)).Count(l => real.Facts.HasHour(l.Date, l.Hour, "1769A"));
        Assert.Equal(hours * ValueTypesPerHour, lines.Length - 1);
        var firstPm25 = lines.Skip(1).Select(l => l.Split(',')).First(f => f[4] == "PM2.5");
        Assert.Equal("2019-01-01T01:00:00+08:00", firstPm25[1]);
        Assert.Equal(real.Facts.Value("20190101", 1, "PM2.5", "1769A")?.ToString(System.Globalization.CultureInfo.InvariantCulture), firstPm25[6]);
        Assert.Equal(MicrogramsPerCubicMetre, firstPm25[7]);
    }

    [Fact]
    public async Task HourlyAqiReproducesThePublishedAqiForEveryCompleteStationHourOfTheHalfYear()
    {
        // Hours published without some 1-hour value (e.g. 2019-02-20 07:00 has an AQI row only) cannot be recomputed; all others must match.
        string[] hourlyTypes = ["PM2.5", "PM10", "SO2", "NO2", "O3", "CO"];
        var mismatches = new List<string>();
        var compared = 0;
        foreach (var station in real.Facts.Stations)
        {
            var response = await real.Client.GetJsonAsync($"/api/v1/stations/{station}/hourly?from=2019-01-01&to=2019-06-30&limit=10000&pollutants=PM2.5");
            foreach (var hour in response.Results())
            {
                var label = hour.GetProperty("time").GetDateTimeOffset();
                var date = label.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
                var published = real.Facts.Value(date, label.Hour, "AQI", station);
                if (published is null || hourlyTypes.Any(t => real.Facts.Value(date, label.Hour, t, station) is null))
                {
                    continue;
                }

                compared++;
                var aqi = Nullable(hour.GetProperty("aqi"));
                if (aqi != published)
                {
                    mismatches.Add($"{station} {hour.Str("time")}: aqi {aqi?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"}, published {published}");
                }
            }
        }

        var complete = Enumerable.Range(0, 181).SelectMany(d => CnemcCsvFacts.LabelsOfDay(new DateOnly(2019, 1, 1).AddDays(d)))
            .Sum(l => real.Facts.Stations.Count(s => real.Facts.Value(l.Date, l.Hour, "AQI", s) is not null && hourlyTypes.All(t => real.Facts.Value(l.Date, l.Hour, t, s) is not null)));
        Assert.Equal(complete, compared);
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {compared} hours differ:\n" + string.Join("\n", mismatches.Take(20)));
    }

    private static decimal? Nullable(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetDecimal();
}
