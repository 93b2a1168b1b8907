using System.Text.Json;
using Public.Web.Tests.Hosting;
using Public.Web.Tests.SharedData;

namespace Public.Web.Tests.GraphQL;

/// <summary>
/// For a set of questions on the real 2019 H1 data, the GraphQL answer equals the REST answer field by field
/// (same names, values, units, times), and a sample of values equals the published CSV itself.
/// </summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class GraphQLRestParityTests(RealDataApp real) : IClassFixture<RealDataApp>
{
    private const string ValueFields = "pollutant type period value unit flag iaqi";
    private const string LevelFields = "level { number name nameEn grade color }";

    [Fact]
    public async Task StationHoursMatchRestHoursAndThePublishedCsv()
    {
        var gql = await real.Client.PostGraphQLAsync($$"""
            { station(code: "1767A") { hourly(filter: { from: "2019-01-01", to: "2019-01-03" }, first: 1000) {
                totalCount
                edges { node { station time timeUtc aqi publishedAqi {{LevelFields}} primaryPollutants exceedingPollutants capped edition version source values { {{ValueFields}} } } } } } }
            """);
        var rest = await real.Client.GetJsonAsync("/api/v1/stations/1767A/hourly?from=2019-01-01&to=2019-01-03");

        var hourly = gql.DataWithoutErrors().GetProperty("station").GetProperty("hourly");
        Assert.Equal(rest.GetProperty("meta").GetProperty("found").GetInt32(), hourly.GetProperty("totalCount").GetInt32());
        RestParity.AssertSameArrays(rest.Results().ToList(), hourly.Nodes());
        var hoursInCsv = Enumerable.Range(1, 3).SelectMany(d => CnemcCsvFacts.LabelsOfDay(new DateOnly(2019, 1, d))).Count(l => real.Facts.HasHour(l.Date, l.Hour, "1767A"));
        Assert.Equal(hoursInCsv, hourly.Nodes().Count);

        // Independent of both APIs: the station's first hour of 2019 in the CSV (labelled with the end of the hour).
        var (date, hour, label) = CnemcCsvFacts.LabelsOfDay(new DateOnly(2019, 1, 1)).First(l => real.Facts.HasHour(l.Date, l.Hour, "1767A"));
        var first = hourly.Nodes()[0];
        Assert.Equal(label.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture), first.GetProperty("time").GetString());
        Assert.Equal(label.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), first.GetProperty("timeUtc").GetString());
        Assert.Equal(real.Facts.Value(date, hour, "AQI", "1767A"), first.GetProperty("publishedAqi").GetDecimal());
        var pm25 = first.GetProperty("values").EnumerateArray().Single(v => v.GetProperty("type").GetString() == "PM2.5");
        Assert.Equal(real.Facts.Value(date, hour, "PM2.5", "1767A"), pm25.GetProperty("value").GetDecimal());
        Assert.Equal("µg/m³", pm25.GetProperty("unit").GetString());
        var co = first.GetProperty("values").EnumerateArray().Single(v => v.GetProperty("type").GetString() == "CO");
        Assert.Equal(real.Facts.Value(date, hour, "CO", "1767A"), co.GetProperty("value").GetDecimal());
        Assert.Equal("mg/m³", co.GetProperty("unit").GetString());
    }

    [Fact]
    public async Task EveryStationsDailySeriesMatchesRestInOneQuery()
    {
        var gql = await real.Client.PostGraphQLAsync($$"""
            { stations(first: 5) { edges { node { code daily(filter: { from: "2019-01-01", to: "2019-02-28" }, first: 100) {
                totalCount edges { node { area date aqi {{LevelFields}} primaryPollutants edition values { pollutant statistic value unit count required } } } } } } } }
            """);

        var stations = gql.DataWithoutErrors().GetProperty("stations").Nodes();
        Assert.Equal(["1767A", "1768A", "1769A", "1770A", "1771A"], stations.Select(s => s.GetProperty("code").GetString()));
        foreach (var station in stations)
        {
            var code = station.GetProperty("code").GetString();
            var rest = await real.Client.GetJsonAsync($"/api/v1/stations/{code}/daily?from=2019-01-01&to=2019-02-28");
            var daily = station.GetProperty("daily");
            Assert.Equal(59, daily.GetProperty("totalCount").GetInt32());
            RestParity.AssertSameArrays(rest.Results().ToList(), daily.Nodes());
        }
    }

    [Fact]
    public async Task CityHoursDaysAndAssessmentsMatchRest()
    {
        var gql = await real.Client.PostGraphQLAsync($$"""
            { city {
                hourly(filter: { from: "2019-03-01", to: "2019-03-02", pollutants: [PM25, CO] }, first: 100) {
                  edges { node { time timeUtc aqi {{LevelFields}} primaryPollutants edition stations values { {{ValueFields}} } } } }
                daily(filter: { from: "2019-03-01", to: "2019-03-31" }) {
                  edges { node { area date aqi {{LevelFields}} primaryPollutants edition values { pollutant statistic value unit count required } } } }
                year: assessment(year: 2019) { ...A }
                march: assessment(year: 2019, month: 3) { ...A }
            } }
            fragment A on Assessment {
              area year month from to complete validAqiDays expectedDays goodDays goodDaysRatioPercent compositeIndex compositeIndexComplete basis method
              statistics { pollutant statistic value unit coverage { valid expected required sufficient } }
              daysPerLevel { level name nameEn days }
              planTarget { document pm25AnnualMean goodDaysRatioPercent pm25Status goodDaysStatus }
            }
            """);
        var city = gql.DataWithoutErrors().GetProperty("city");

        var hours = await real.Client.GetJsonAsync("/api/v1/city/hourly?from=2019-03-01&to=2019-03-02&pollutants=PM2.5,CO");
        RestParity.AssertSameArrays(hours.Results().ToList(), city.GetProperty("hourly").Nodes());
        Assert.Equal(48, city.GetProperty("hourly").Nodes().Count);
        var days = await real.Client.GetJsonAsync("/api/v1/city/daily?from=2019-03-01&to=2019-03-31");
        RestParity.AssertSameArrays(days.Results().ToList(), city.GetProperty("daily").Nodes());
        RestParity.AssertSame((await real.Client.GetJsonAsync("/api/v1/city/assessment/2019")).GetProperty("result"), city.GetProperty("year"), "year");
        RestParity.AssertSame((await real.Client.GetJsonAsync("/api/v1/city/assessment/2019/3")).GetProperty("result"), city.GetProperty("march"), "march");
        // The plan's 2019 target is in content/plan/measures.json (target goals-pm25), read here without the app.
        using var plan = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "content", "plan", "measures.json")));
        var pm25 = plan.RootElement.GetProperty("measures").EnumerateArray().SelectMany(m => m.GetProperty("targets").EnumerateArray()).Single(t => t.GetProperty("id").GetString() == "goals-pm25");
        var target2019 = pm25.GetProperty("values").EnumerateArray().Single(v => v.GetProperty("year").GetInt32() == 2019);
        Assert.Equal(target2019.GetProperty("value").GetDecimal(), city.GetProperty("year").GetProperty("planTarget").GetProperty("pm25AnnualMean").GetDecimal());
    }

    [Fact]
    public async Task LatestReadingsAndReferenceTablesMatchRest()
    {
        var gql = await real.Client.PostGraphQLAsync($$"""
            { stations(first: 10) { totalCount edges { node { code name nameEn city cityEn district lon lat type typeEn cityAssessment
                formerNames { name nameEn from to note }
                latest { time timeUtc aqi {{LevelFields}} primaryPollutants values { {{ValueFields}} } } } } }
              pollutants { edges { node { code nameZh nameEn unit decimals } } }
              aqiLevels { edges { node { number minAqi maxAqi grade name nameEn color colorEn hex rgb cmyk healthEffect healthEffectEn advice adviceEn } } }
              breakpointTables(edition: HJ633_2012) { totalCount edges { node { edition indicator pollutant averaging unit breakpoints { iaqi concentration } } } } }
            """);
        var data = gql.DataWithoutErrors();

        RestParity.AssertSameArrays((await real.Client.GetJsonAsync("/api/v1/stations")).Results().ToList(), data.GetProperty("stations").Nodes());
        RestParity.AssertSameArrays((await real.Client.GetJsonAsync("/api/v1/reference/pollutants")).Results().ToList(), data.GetProperty("pollutants").Nodes());
        RestParity.AssertSameArrays((await real.Client.GetJsonAsync("/api/v1/reference/aqi-levels")).Results().ToList(), data.GetProperty("aqiLevels").Nodes());
        RestParity.AssertSameArrays((await real.Client.GetJsonAsync("/api/v1/reference/breakpoints?edition=2012")).Results().ToList(), data.GetProperty("breakpointTables").Nodes());
        // Independent: the latest hour of every station is the last line of the CSV (2019-06-30 23:00).
        Assert.All(data.GetProperty("stations").Nodes(), s =>
            Assert.Equal("2019-06-30T23:00:00+08:00", s.GetProperty("latest").GetProperty("time").GetString()));
    }
}
