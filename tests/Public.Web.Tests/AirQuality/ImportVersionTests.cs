using System.Globalization;
using System.Text.Json;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.AirQuality;

[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class ImportVersionTests : IDisposable
{
    private const string Original = """
        date,hour,type,1767A,1768A
        20190301,1,AQI,57,60
        20190301,1,PM2.5,40,43
        20190301,1,CO,0.8,0.9
        20190301,2,AQI,59,61
        20190301,2,PM2.5,41,44
        20190301,2,CO,0.7,0.9
        """;

    private readonly PublicWebApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task ReimportOfAChangedValueAddsAVersionAndKeepsTheOldOneQueryable()
    {
        var first = _app.Import(_app.WriteText("china_sites_20190301.csv", Original));
        Assert.True(first.Clean, string.Join("\n", first.Problems));
        Assert.Equal(4, first.NewRecords);

        var changed = Original.Replace("20190301,2,PM2.5,41,44", "20190301,2,PM2.5,45,44", StringComparison.Ordinal);
        var second = _app.Import(_app.WriteText("china_sites_20190301_v2.csv", changed));

        Assert.True(second.Clean, string.Join("\n", second.Problems));
        Assert.Equal(0, second.NewRecords);
        Assert.Equal(1, second.NewVersions);
        Assert.Equal(3, second.Unchanged);
        Assert.Equal(5, _app.StoredStationHourRows());

        var versions = await _app.Client.GetJsonAsync("/api/v1/stations/1767A/hourly/versions?from=2019-03-01&to=2019-03-01");
        var ofHour2 = versions.Results().Where(v => v.Str("time") == "2019-03-01T02:00:00+08:00").OrderBy(v => v.GetProperty("version").GetInt32()).ToList();
        Assert.Equal(2, ofHour2.Count);
        var (old, current) = (ofHour2[0], ofHour2[1]);
        Assert.Equal(1, old.GetProperty("version").GetInt32());
        Assert.False(old.GetProperty("current").GetBoolean());
        Assert.Equal(41m, Pm25(old));
        Assert.Equal("china_sites_20190301.csv", old.Str("source"));
        Assert.Equal(2, current.GetProperty("version").GetInt32());
        Assert.True(current.GetProperty("current").GetBoolean());
        Assert.Equal(45m, Pm25(current));
        Assert.Equal("china_sites_20190301_v2.csv", current.Str("source"));
        var reason = current.Str("reason");
        Assert.Contains("china_sites_20190301_v2.csv", reason, StringComparison.Ordinal);
        Assert.Contains("PM2.5 41 → 45", reason, StringComparison.Ordinal);

        var changedOnly = await _app.Client.GetJsonAsync("/api/v1/stations/1767A/hourly/versions?from=2019-03-01&to=2019-03-01&changedOnly=true");
        Assert.Equal(2, changedOnly.Results().Count());

        var hourly = await _app.Client.GetJsonAsync("/api/v1/stations/1767A/hourly?from=2019-03-01&to=2019-03-01");
        var hours = hourly.Results().ToDictionary(h => h.Str("time"));
        Assert.Equal(2, hours.Count);
        Assert.Equal(45m, Pm25(hours["2019-03-01T02:00:00+08:00"]));
        Assert.Equal(2, hours["2019-03-01T02:00:00+08:00"].GetProperty("version").GetInt32());
        Assert.Equal(40m, Pm25(hours["2019-03-01T01:00:00+08:00"]));
        Assert.Equal(1, hours["2019-03-01T01:00:00+08:00"].GetProperty("version").GetInt32());

        // The derived city hour follows the new version: mean of 45 and 44 is 44.5, rounded half to even → 44.
        var city = await _app.Client.GetJsonAsync("/api/v1/city/hourly?from=2019-03-01&to=2019-03-01&pollutants=PM2.5");
        var cityHour2 = city.Results().Single(h => h.Str("time") == "2019-03-01T02:00:00+08:00");
        Assert.Equal(44m, cityHour2.GetProperty("values").EnumerateArray().Single().GetProperty("value").GetDecimal());
    }

    [Fact]
    public void ReimportOfTheSameValuesUnderAnotherFileNameAddsNothing()
    {
        _app.Import(_app.WriteText("a.csv", Original));

        var again = _app.Import(_app.WriteText("b.csv", Original, crlf: true));

        Assert.Equal(0, again.NewRecords + again.NewVersions + again.ValuesStored);
        Assert.Equal(4, again.Unchanged);
        Assert.Equal(4, _app.StoredStationHourRows());
    }

    [Fact]
    public async Task ReimportOfAValueWithFourDecimalsAddsNoVersionAndNeverAltersIt()
    {
        // CO in mg/m³ with four decimals: either rejected with a problem, or stored and served exactly.
        var file = _app.WriteText("co.csv", "date,hour,type,1767A\n20190301,1,CO,1.2345\n");
        var first = _app.Import(file);

        var again = _app.Import(file);

        Assert.Equal(0, again.NewVersions);
        if (!first.Clean)
        {
            Assert.Contains(first.Problems, p => p.Line == 2 && p.Column == "1767A");
            return;
        }

        var hourly = await _app.Client.GetJsonAsync("/api/v1/stations/1767A/hourly?from=2019-03-01&to=2019-03-01&pollutants=CO");
        var co = Assert.Single(hourly.Results()).GetProperty("values").EnumerateArray().Single(v => v.Str("type") == "CO");
        Assert.Equal("1.2345", co.GetProperty("value").GetRawText());
    }

    [Fact]
    public async Task ImportLogKeepsEveryFileOfAFolderWhenTwoShareAName()
    {
        // A re-published day kept beside the original: same file name in two sub-folders.
        _app.WriteText("incoming/original/china_sites_20190301.csv", Original);
        _app.WriteText("incoming/revised/china_sites_20190301.csv", Original.Replace("20190301,2,PM2.5,41,44", "20190301,2,PM2.5,45,44", StringComparison.Ordinal));

        var summary = _app.Import(Path.Combine(_app.Folder, "incoming"));

        Assert.True(summary.Clean, string.Join("\n", summary.Problems));
        Assert.Equal(1, summary.NewVersions);
        var imports = await _app.Client.GetJsonAsync("/api/v1/imports");
        var files = Assert.Single(imports.Results()).GetProperty("fileList").EnumerateArray().ToList();
        Assert.Equal(2, files.Count);
        Assert.Equal(2, files.Select(f => f.Str("sha256")).Distinct().Count());
    }

    private static decimal? Pm25(JsonElement hour)
    {
        var value = hour.GetProperty("values").EnumerateArray().Single(v => v.Str("type") == "PM2.5").GetProperty("value");
        return value.ValueKind == JsonValueKind.Null ? null : decimal.Parse(value.GetRawText(), CultureInfo.InvariantCulture);
    }
}
