using System.Text;
using Public.Web.AirQuality.Import;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.AirQuality;

/// <summary>Bad input is reported precisely (file, line, column or station, reason) and writes nothing.</summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class ImportRejectionTests : IDisposable
{
    private const string Header = "date,hour,type,1767A,1768A";

    // Lines 2 and 3 are good; each case puts its bad line at line 4 (unless it is about the header).
    private const string GoodLines = "20190301,1,AQI,57,60\n20190301,1,PM2.5,40,43\n";

    private readonly PublicWebApp _app = new();

    public void Dispose() => _app.Dispose();

    public static TheoryData<string, string, int, string?, string> BadFiles => new()
    {
        { "unknown type", $"{Header}\n{GoodLines}20190301,1,PM3,10,11\n", 4, "type", "unknown type 'PM3'" },
        { "text where a number belongs", $"{Header}\n{GoodLines}20190301,1,SO2,abc,11\n", 4, "1767A", "'abc' is not a number" },
        { "negative value", $"{Header}\n{GoodLines}20190301,1,NO2,12,-5\n", 4, "1768A", "negative value -5" },
        { "physically impossible value", $"{Header}\n{GoodLines}20190301,2,PM2.5,99999,11\n", 4, "1767A", "physically impossible" },
        { "duplicate row", $"{Header}\n{GoodLines}20190301,1,PM2.5,41,43\n", 4, "type", "duplicate row" },
        { "bad header", $"date,hr,type,1767A,1768A\n{GoodLines}", 1, "column 2", "bad header" },
        { "date that does not parse", $"{Header}\n{GoodLines}2019-03-01,2,AQI,50,51\n", 4, "date", "date '2019-03-01' does not parse" },
        { "hour out of range", $"{Header}\n{GoodLines}20190301,24,AQI,50,51\n", 4, "hour", "hour '24'" },
        { "AQI that is not a whole number", $"{Header}\n{GoodLines}20190301,2,AQI,50.5,51\n", 4, "1767A", "not a whole number" },
        { "wrong field count", $"{Header}\n{GoodLines}20190301,2,AQI,50\n", 4, null, "expected 5 fields as in the header, found 4" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task BadInputIsReportedWithFileLineAndColumnAndNothingIsWritten(string what, string content, int line, string? column, string reason)
    {
        var path = _app.WriteText("bad.csv", content);

        var summary = _app.Import(path);

        AssertRejectedWithProblem(summary, what, line, column, reason);
        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task NonUtf8BytesAreReportedWithTheirLineAndNothingIsWritten()
    {
        // Line 3 holds GB18030 bytes (a Chinese station name typed into a value cell): not UTF-8.
        var gb18030Bytes = new byte[] { 0xC4, 0xCF, 0xC9, 0xBD };
        var bytes = Encoding.ASCII.GetBytes($"{Header}\n20190301,1,AQI,57,60\n20190301,1,PM2.5,")
            .Concat(gb18030Bytes).Concat(Encoding.ASCII.GetBytes(",43\n")).ToArray();
        var path = _app.WriteBytes("bad.csv", bytes);

        var summary = _app.Import(path);

        AssertRejectedWithProblem(summary, "non-UTF-8 bytes", 3, null, "not valid UTF-8");
        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task DuplicateRowRejectsBothOccurrences()
    {
        var path = _app.WriteText("dup.csv", $"{Header}\n{GoodLines}20190301,1,PM2.5,41,43\n");

        var summary = _app.Import(path);

        Assert.Contains(summary.Problems, p => p.Line == 3 && p.Reason.Contains("appears again at line 4", StringComparison.Ordinal));
        Assert.Contains(summary.Problems, p => p.Line == 4 && p.Reason.Contains("already appears at line 3", StringComparison.Ordinal));
        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task KeepValidWritesTheValidRowsAndTheReportListsTheRejectedOnes()
    {
        var path = _app.WriteText("mixed.csv", $"""
            {Header}
            20190301,1,AQI,57,60
            20190301,1,PM2.5,40,43
            20190301,2,AQI,59,61
            20190301,2,PM2.5,abc,44
            20190301,3,PM2.5,42,-1
            """);
        var report = Path.Combine(_app.Folder, "reports", "rejected.csv");

        var summary = _app.Import(new ImportOptions(KeepValid: true, ReportPath: report), path);

        Assert.False(summary.Clean);
        Assert.Equal(0, summary.FilesRejected);
        Assert.Equal(5, summary.Rows);
        Assert.Equal(2, summary.RejectedRows);
        Assert.Equal(4, summary.NewRecords);
        Assert.Equal(6, summary.ValuesStored);
        Assert.Equal(report, summary.ReportPath);
        Assert.Equal(4, _app.StoredStationHourRows());

        var reportLines = File.ReadAllLines(report, Encoding.UTF8);
        Assert.Equal("file,line,column,reason", reportLines[0].TrimStart('\uFEFF'));
        Assert.Equal(2, reportLines.Length - 1);
        Assert.StartsWith("mixed.csv,5,1767A,", reportLines[1], StringComparison.Ordinal);
        Assert.StartsWith("mixed.csv,6,1768A,", reportLines[2], StringComparison.Ordinal);

        // The whole bad line is left out: 1768A's PM2.5 of hour 2 (valid by itself) is not published either.
        var hourly = await _app.Client.GetJsonAsync("/api/v1/stations/1768A/hourly?from=2019-03-01&to=2019-03-01&pollutants=PM2.5");
        var hour2 = hourly.Results().Single(h => h.Str("time") == "2019-03-01T02:00:00+08:00");
        Assert.Equal(61, hour2.GetProperty("publishedAqi").GetInt32());
        Assert.All(hour2.GetProperty("values").EnumerateArray(), v => Assert.Equal(System.Text.Json.JsonValueKind.Null, v.GetProperty("value").ValueKind));
    }

    [Fact]
    public async Task AFolderWithAGoodAndABadFileWritesTheGoodOneOnly()
    {
        _app.WriteText("incoming/china_sites_20190301.csv", $"{Header}\n{GoodLines}");
        _app.WriteText("incoming/china_sites_20190302.csv", $"{Header}\n20190302,1,AQI,57,60\n20190302,1,PM2.5,abc,43\n");

        var summary = _app.Import(Path.Combine(_app.Folder, "incoming"));

        Assert.Equal(2, summary.Files);
        Assert.Equal(1, summary.FilesRejected);
        Assert.Equal(2, summary.NewRecords);
        var problem = Assert.Single(summary.Problems);
        Assert.Equal("china_sites_20190302.csv", problem.File);
        Assert.Equal(2, _app.StoredStationHourRows());

        var good = await _app.Client.GetJsonAsync("/api/v1/stations/1767A/hourly?from=2019-03-01&to=2019-03-01");
        Assert.Equal(1, good.GetProperty("meta").GetProperty("found").GetInt32());
        var bad = await _app.Client.GetJsonAsync("/api/v1/stations/1767A/hourly?from=2019-03-02&to=2019-03-02");
        Assert.Equal(0, bad.GetProperty("meta").GetProperty("found").GetInt32());
        var imports = await _app.Client.GetJsonAsync("/api/v1/imports");
        var files = imports.Results().Single().GetProperty("fileList").EnumerateArray().Select(f => f.Str("name")).ToList();
        Assert.Equal(["china_sites_20190301.csv"], files);
    }

    private static void AssertRejectedWithProblem(ImportSummary summary, string what, int line, string? column, string reason)
    {
        Assert.False(summary.Clean, what);
        Assert.Equal(1, summary.FilesRejected);
        Assert.Null(summary.BatchId);
        Assert.Equal(0, summary.NewRecords + summary.NewVersions + summary.ValuesStored);
        var problems = string.Join("\n", summary.Problems);
        Assert.True(summary.Problems.Any(p => p.File == "bad.csv" && p.Line == line && p.Column == column && p.Reason.Contains(reason, StringComparison.Ordinal)),
            $"{what}: expected a problem at bad.csv line {line} [{column}] saying '{reason}', got:\n{problems}");
        var expectedText = column is null ? $"bad.csv:{line}: " : $"bad.csv:{line} [{column}]: ";
        Assert.Contains(expectedText, problems, StringComparison.Ordinal);
    }

    private async Task AssertNothingWrittenAsync()
    {
        Assert.Equal(0, _app.StoredStationHourRows());
        var hourly = await _app.Client.GetJsonAsync("/api/v1/stations/1767A/hourly?from=2019-03-01&to=2019-03-01");
        Assert.Equal(0, hourly.GetProperty("meta").GetProperty("found").GetInt32());
        var imports = await _app.Client.GetJsonAsync("/api/v1/imports");
        Assert.Equal(0, imports.GetProperty("meta").GetProperty("found").GetInt32());
    }
}
