using System.Net;
using System.Text;
using System.Text.Json;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Bulk;

/// <summary><c>?shape=wide</c> and <c>fields=</c> on the series and list routes, over the real 2019 data.</summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class WideShapeTests(RealDataApp real) : IClassFixture<RealDataApp>
{
    private const string Year = "/api/v1/stations/1767A/hourly?from=2019-01-01&to=2019-12-31";

    [Fact]
    public async Task AStationYearInTheWideJsonShapeIsUnder500KbAndHoldsTheLongSeriesValues()
    {
        using var response = await real.Client.GetAsync(new Uri(Year + "&shape=wide", UriKind.Relative), TestContext.Current.CancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(bytes.Length <= 500 * 1024, $"{bytes.Length} bytes");
        using var wide = JsonDocument.Parse(bytes);
        var columns = wide.RootElement.GetProperty("columns");
        var fields = wide.RootElement.GetProperty("fields").EnumerateArray().ToDictionary(f => f.Str("name"));
        Assert.Equal("mg/m\u00B3", fields["co_mgm3"].Str("unit"));
        Assert.Equal("datetime", fields["time"].Str("type"));

        var hours = (await real.Client.GetJsonAsync(Year)).Results().ToList();
        Assert.Equal(hours.Count, wide.RootElement.GetProperty("rows").GetInt32());
        var times = columns.GetProperty("time").EnumerateArray().ToList();
        var pm25 = columns.GetProperty("pm25_ugm3").EnumerateArray().ToList();
        var co24 = columns.GetProperty("co_24h_mgm3").EnumerateArray().ToList();
        var aqi = columns.GetProperty("aqi").EnumerateArray().ToList();
        for (var i = 0; i < hours.Count; i++)
        {
            Assert.Equal(hours[i].GetProperty("time").GetDateTimeOffset(), times[i].GetDateTimeOffset());
            Assert.Equal(hours[i].GetProperty("aqi").GetRawText(), aqi[i].GetRawText());
            Assert.Equal(Value(hours[i], "PM2.5"), pm25[i].GetRawText());
            Assert.Equal(Value(hours[i], "CO_24h"), co24[i].GetRawText());
        }
    }

    [Fact]
    public async Task FieldsChoosesWideColumnsInJsonAndCsvAndRecordFieldsInTheLongShape()
    {
        var wide = await real.Client.GetJsonAsync(Year + "&shape=wide&fields=time,co_mgm3");
        Assert.Equal(["time", "co_mgm3"], wide.GetProperty("columns").EnumerateObject().Select(p => p.Name));

        using var csv = await real.Client.GetAsync(new Uri("/api/v1/city/daily?from=2019-01-01&to=2019-01-31&shape=wide&format=csv&fields=date,pm25_ugm3", UriKind.Relative), TestContext.Current.CancellationToken);
        var text = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)).TrimStart('\uFEFF');
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("date,pm25_ugm3", lines[0]);
        Assert.Equal(32, lines.Length);

        var stations = await real.Client.GetJsonAsync("/api/v1/stations?fields=code,lat");
        Assert.All(stations.Results(), s => Assert.Equal(["code", "lat"], s.EnumerateObject().Select(p => p.Name)));
    }

    [Theory]
    [InlineData(Year + "&shape=wide&fields=nope", "fields")]
    [InlineData(Year + "&fields=nope", "fields")]
    [InlineData(Year + "&shape=tall", "shape")]
    [InlineData(Year + "&format=csv&fields=time", "fields")]
    [InlineData("/api/v1/warnings?fields=nope", "fields")]
    public async Task AnUnknownFieldOrShapeIsA400NamingTheParameter(string url, string parameter)
    {
        var problem = await real.Client.GetProblemAsync(url, HttpStatusCode.BadRequest);
        Assert.Equal(parameter, problem.Str("parameter"));
    }

    /// <summary>The JSON text of a value type of an hour ("null" when missing), as the wide column writes it.</summary>
    private static string Value(JsonElement hour, string type) =>
        hour.GetProperty("values").EnumerateArray().FirstOrDefault(v => v.Str("type") == type) is { ValueKind: JsonValueKind.Object } v
            ? v.GetProperty("value").GetRawText() : "null";
}
