using System.Text.Json;
using Public.Web.Tests.Hosting;
using Public.Web.Tests.SharedData;

namespace Public.Web.Tests.AirQuality;

/// <summary>
/// Daily, city and assessment endpoints over the real 2019 data. Expected values are computed here from the
/// CSV: GB 3095 daily mean of ≥ 20 hours, GB/T 8170 rounding (half to even), city = mean of the station values.
/// </summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class DailyAndAssessmentApiTests(RealDataApp real) : IClassFixture<RealDataApp>
{
    private static readonly DateOnly SevereDay = new(2019, 1, 12);
    private static readonly string[] Stations = ["1767A", "1768A", "1769A", "1770A", "1771A"];
    private const int MinHoursForDailyMean = 20;

    [Fact]
    public async Task StationDailyPm25IsTheRoundedMeanOfTheDaysHoursInTheCsv()
    {
        foreach (var station in Stations)
        {
            var (expected, hours) = StationDailyPm25(station);

            var response = await real.Client.GetJsonAsync($"/api/v1/stations/{station}/daily?from=2019-01-12&to=2019-01-12");

            var day = Assert.Single(response.Results());
            Assert.Equal("2019-01-12", day.Str("date"));
            var pm25 = Pm25Daily(day);
            Assert.Equal(expected, Nullable(pm25.GetProperty("value")));
            Assert.Equal(hours, pm25.GetProperty("count").GetInt32());
            Assert.Equal(MinHoursForDailyMean, pm25.GetProperty("required").GetInt32());
            Assert.Equal("\u00B5g/m\u00B3", pm25.Str("unit"));
        }
    }

    [Fact]
    public async Task CityDailyPm25OnASevereDayIsTheRoundedMeanOfTheStationValues()
    {
        var stationValues = Stations.Select(s => StationDailyPm25(s).Value).OfType<decimal>().ToList();
        Assert.NotEmpty(stationValues);
        var expected = Math.Round(stationValues.Average(), 0, MidpointRounding.ToEven);

        var response = await real.Client.GetJsonAsync("/api/v1/city/daily?from=2019-01-12&to=2019-01-12");

        var day = Assert.Single(response.Results());
        Assert.Equal("city", day.Str("area"));
        var pm25 = Pm25Daily(day);
        Assert.Equal(expected, pm25.GetProperty("value").GetDecimal());
        Assert.Equal(stationValues.Count, pm25.GetProperty("count").GetInt32());

        // The AQI is at least PM2.5's IAQI (HJ 633-2012 表1, 24-hour PM2.5), and that makes it a severely polluted day.
        var aqi = day.GetProperty("aqi").GetInt32();
        Assert.True(aqi >= Pm25Iaqi2012(expected), $"AQI {aqi} below the PM2.5 IAQI {Pm25Iaqi2012(expected)} of {expected}");
        Assert.True(aqi > 300, $"2019-01-12 had a city PM2.5 of {expected} µg/m³; AQI {aqi}");
        Assert.Equal(6, day.GetProperty("level").GetProperty("number").GetInt32());
        Assert.Contains("PM2.5", day.GetProperty("primaryPollutants").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public async Task EveryDailyMeanOfTheHalfYearMatchesTheCsvForStationsAndCity()
    {
        (string Type, int Decimals)[] pollutants = [("PM2.5", 0), ("PM10", 0), ("SO2", 0), ("NO2", 0), ("CO", 1)];
        var days = Enumerable.Range(0, 181).Select(i => new DateOnly(2019, 1, 1).AddDays(i)).ToList();
        var expected = new Dictionary<(string Area, DateOnly Day, string Type), (decimal? Value, int Count)>();
        foreach (var day in days)
        {
            foreach (var (type, decimals) in pollutants)
            {
                var stationValues = new List<decimal>();
                foreach (var station in Stations)
                {
                    var hours = CnemcCsvFacts.LabelsOfDay(day).Select(l => real.Facts.Value(l.Date, l.Hour, type, station)).OfType<decimal>().ToList();
                    var value = hours.Count >= MinHoursForDailyMean ? Math.Round(hours.Average(), decimals, MidpointRounding.ToEven) : (decimal?)null;
                    expected[(station, day, type)] = (value, hours.Count);
                    if (value is { } v)
                    {
                        stationValues.Add(v);
                    }
                }

                expected[("city", day, type)] = (stationValues.Count == 0 ? null : Math.Round(stationValues.Average(), decimals, MidpointRounding.ToEven), stationValues.Count);
            }
        }

        var differences = new List<string>();
        var compared = 0;
        foreach (var area in Stations.Append("city"))
        {
            var url = area == "city" ? "/api/v1/city/daily" : $"/api/v1/stations/{area}/daily";
            var response = await real.Client.GetJsonAsync(url + "?from=2019-01-01&to=2019-06-30");
            foreach (var day in response.Results())
            {
                var date = DateOnly.Parse(day.Str("date"), System.Globalization.CultureInfo.InvariantCulture);
                foreach (var value in day.GetProperty("values").EnumerateArray().Where(v => v.Str("statistic") == "24h"))
                {
                    var (want, count) = expected[(area, date, value.Str("pollutant"))];
                    var got = (Nullable(value.GetProperty("value")), value.GetProperty("count").GetInt32());
                    compared++;
                    if (got != (want, count))
                    {
                        differences.Add($"{area} {date:yyyy-MM-dd} {value.Str("pollutant")}: API {got}, CSV {(want, count)}");
                    }
                }
            }
        }

        Assert.True(compared > 5000, $"only {compared} daily values compared");
        Assert.True(differences.Count == 0, $"{differences.Count} of {compared} daily values differ:\n" + string.Join("\n", differences.Take(20)));
    }

    [Fact]
    public async Task CityHourlyIsTheRoundedMeanOfTheStationsThatReportedThatHour()
    {
        var response = await real.Client.GetJsonAsync("/api/v1/city/hourly?from=2019-01-12&to=2019-01-12&pollutants=PM2.5,CO");

        var hours = response.Results().ToDictionary(h => h.GetProperty("time").GetDateTimeOffset());
        foreach (var (date, hour, label) in CnemcCsvFacts.LabelsOfDay(SevereDay))
        {
            var reporting = Stations.Count(s => real.Facts.HasHour(date, hour, s));
            if (reporting == 0)
            {
                Assert.False(hours.ContainsKey(label));
                continue;
            }

            var cityHour = hours[label];
            Assert.Equal(reporting, cityHour.GetProperty("stations").GetInt32());
            var values = cityHour.GetProperty("values").EnumerateArray().ToDictionary(v => v.Str("pollutant"), v => Nullable(v.GetProperty("value")));
            Assert.Equal(["CO", "PM2.5"], values.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(CityHourMean(date, hour, "PM2.5", 0), values["PM2.5"]);
            Assert.Equal(CityHourMean(date, hour, "CO", 1), values["CO"]);
        }
    }

    [Fact]
    public async Task YearAssessmentShowsThePlanTargetsAndInsufficientCoverageForHalfAYear()
    {
        var response = await real.Client.GetJsonAsync("/api/v1/city/assessment/2019");

        var assessment = response.GetProperty("result");
        Assert.Equal(2019, assessment.GetProperty("year").GetInt32());
        Assert.True(assessment.GetProperty("complete").GetBoolean());
        var plan = assessment.GetProperty("planTarget");
        Assert.Equal("锦政发〔2018〕33号", plan.Str("document"));
        Assert.Equal(48m, plan.GetProperty("pm25AnnualMean").GetDecimal());
        Assert.Equal(72.2m, plan.GetProperty("goodDaysRatioPercent").GetDecimal());
        Assert.Contains("insufficient", plan.Str("pm25Status"), StringComparison.Ordinal);
        var pm25 = assessment.GetProperty("statistics").EnumerateArray().Single(s => s.Str("pollutant") == "PM2.5" && s.Str("statistic") == "annualMean");
        var coverage = pm25.GetProperty("coverage");
        Assert.False(coverage.GetProperty("sufficient").GetBoolean());
        // At most the 181 days of January–June can be valid.
        Assert.InRange(coverage.GetProperty("valid").GetInt32(), 1, 181);
        Assert.Equal(365, assessment.GetProperty("expectedDays").GetInt32());
    }

    [Fact]
    public async Task MonthAssessmentCountsGoodDaysOverValidDaysOfTheCityDailySeries()
    {
        var response = await real.Client.GetJsonAsync("/api/v1/city/assessment/2019/1");
        var daily = await real.Client.GetJsonAsync("/api/v1/city/daily?from=2019-01-01&to=2019-01-31");

        var assessment = response.GetProperty("result");
        Assert.Equal(1, assessment.GetProperty("month").GetInt32());
        Assert.Equal(JsonValueKind.Null, assessment.GetProperty("planTarget").ValueKind);
        var valid = assessment.GetProperty("validAqiDays").GetInt32();
        var good = assessment.GetProperty("goodDays").GetInt32();
        Assert.InRange(valid, 1, 31);
        Assert.Equal(31, assessment.GetProperty("expectedDays").GetInt32());
        Assert.Equal(Math.Round(good * 100m / valid, 1, MidpointRounding.ToEven), assessment.GetProperty("goodDaysRatioPercent").GetDecimal());

        var aqis = daily.Results().Select(d => d.GetProperty("aqi")).Where(a => a.ValueKind != JsonValueKind.Null).Select(a => a.GetInt32()).ToList();
        Assert.Equal(aqis.Count, valid);
        Assert.Equal(aqis.Count(a => a <= 100), good);
        Assert.Equal(valid, assessment.GetProperty("daysPerLevel").EnumerateArray().Sum(l => l.GetProperty("days").GetInt32()));
    }

    private (decimal? Value, int Hours) StationDailyPm25(string station)
    {
        var values = CnemcCsvFacts.LabelsOfDay(SevereDay).Select(l => real.Facts.Value(l.Date, l.Hour, "PM2.5", station)).OfType<decimal>().ToList();
        return (values.Count >= MinHoursForDailyMean ? Math.Round(values.Average(), 0, MidpointRounding.ToEven) : null, values.Count);
    }

    private decimal? CityHourMean(string date, int hour, string type, int decimals)
    {
        var values = Stations.Select(s => real.Facts.Value(date, hour, type, s)).OfType<decimal>().ToList();
        return values.Count == 0 ? null : Math.Round(values.Average(), decimals, MidpointRounding.ToEven);
    }

    /// <summary>IAQI of a 24-hour PM2.5 concentration, HJ 633-2012 表1 and formula (1), rounded up.</summary>
    private static int Pm25Iaqi2012(decimal c)
    {
        (decimal Bp, int Iaqi)[] table = [(0, 0), (35, 50), (75, 100), (115, 150), (150, 200), (250, 300), (350, 400), (500, 500)];
        for (var i = 1; i < table.Length; i++)
        {
            if (c <= table[i].Bp)
            {
                var (lo, hi) = (table[i - 1], table[i]);
                return (int)Math.Ceiling(((hi.Iaqi - lo.Iaqi) / (hi.Bp - lo.Bp) * (c - lo.Bp)) + lo.Iaqi);
            }
        }

        return 500;
    }

    private static JsonElement Pm25Daily(JsonElement day) =>
        day.GetProperty("values").EnumerateArray().Single(v => v.Str("pollutant") == "PM2.5" && v.Str("statistic") == "24h");

    private static decimal? Nullable(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetDecimal();
}
