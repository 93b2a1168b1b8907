using Microsoft.Extensions.DependencyInjection;
using Public.Web.AirQuality.Import;
using Public.Web.Infrastructure;
using Public.Web.Tests.Hosting;
using Public.Standards.Warnings;
using Public.Web.Warnings;
using Public.Web.Warnings.Import;

namespace Public.Web.Tests.Warnings;

/// <summary>The warnings import: the documented samples load, re-imports add nothing, corrections are versions, every bad input is named.</summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class WarningImportTests : IDisposable
{
    private const string Header = "warning_id,seq,event,time,until,level,area,authority,document_url,document_sha256";
    private const string Authority = "锦州市重污染天气应急指挥部办公室";

    private readonly WarningsApp _app = new(new DateTimeOffset(2023, 6, 1, 12, 0, 0, WarningsApp.China));

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task TheSampleFilesImportAndTheirWarningsAreServed()
    {
        var summary = _app.ImportWarnings(WarningsApp.Sample("warnings.csv"), WarningsApp.Sample("warnings.json"), WarningsApp.Sample("reduction-list.csv"));

        Assert.True(summary.Clean, string.Join("\n", summary.Problems));
        Assert.Equal((8, 0, 0), (summary.NewEvents, summary.NewEventVersions, summary.UnchangedEvents));
        Assert.Equal(4, summary.NewEntries);
        var list = await _app.Client.GetJsonAsync("/api/v1/warnings");
        Assert.Equal(["SAMPLE-2023-01", "SAMPLE-2022-02", "SAMPLE-2022-01"], list.Results().Select(w => w.Str("id")));
        var json = await _app.Client.GetJsonAsync("/api/v1/warnings/SAMPLE-2023-01");
        // Area and authority given once for the warning apply to each of its events.
        var lift = json.GetProperty("result").GetProperty("timeline")[1];
        Assert.Equal(("lift", "city", "锦州市重污染天气应急指挥部办公室（示例）"), (lift.Str("event"), lift.GetProperty("area").Str("code"), lift.Str("authority")));
    }

    [Fact]
    public void ReimportingIdenticalFilesAddsNothing()
    {
        var files = new[] { WarningsApp.Sample("warnings.csv"), WarningsApp.Sample("reduction-list.csv") };
        Assert.True(_app.ImportWarnings(files).Clean);
        var rows = _app.Count("warning_event");

        var again = _app.ImportWarnings(files);

        Assert.True(again.Clean);
        Assert.Equal((0, 0, 6), (again.NewEvents, again.NewEventVersions, again.UnchangedEvents));
        Assert.Equal((0, 0, 3), (again.NewEntries, again.NewEntryVersions, again.UnchangedEntries));
        Assert.Equal(rows, _app.Count("warning_event"));
    }

    [Fact]
    public async Task ACorrectionIsANewVersionWithItsReasonAndTheOldVersionStaysQueryable()
    {
        var first = _app.WriteText("w.csv", $"{Header},correction_reason\nW1,1,issue,2019-12-01T20:00+08:00,,yellow,city,{Authority},,,\n");
        var corrected = _app.WriteText("w2.csv", $"{Header},correction_reason\nW1,1,issue,2019-12-01T20:00+08:00,,orange,city,{Authority},,,原通知级别录入错误\n");
        Assert.True(_app.ImportWarnings(first).Clean);

        var summary = _app.ImportWarnings(corrected);

        Assert.Equal((0, 1, 0), (summary.NewEvents, summary.NewEventVersions, summary.UnchangedEvents));
        var versions = (await _app.Client.GetJsonAsync("/api/v1/warnings/W1/versions")).Results().ToList();
        Assert.Equal([(1, false, "yellow"), (2, true, "orange")],
            versions.Select(v => (v.GetProperty("version").GetInt32(), v.GetProperty("current").GetBoolean(), v.GetProperty("level").Str("code"))));
        var reason = versions[1].Str("reason");
        Assert.Contains("原通知级别录入错误", reason, StringComparison.Ordinal);
        Assert.Contains("changed level (w2.csv line 2)", reason, StringComparison.Ordinal);
        var detail = await _app.Client.GetJsonAsync("/api/v1/warnings/W1");
        Assert.Equal("orange", detail.GetProperty("result").GetProperty("warning").GetProperty("highestLevel").Str("code"));
    }

    [Fact]
    public void TheWarningsKeptBetweenReadsAreReadAgainOnceAnEventIsRecorded()
    {
        // The layout of every page asks for the warnings: they are kept between reads, never past a recorded event.
        var queries = _app.Services.GetRequiredService<WarningQueries>();
        Assert.Empty(queries.Aggregates());
        Assert.True(_app.ImportWarnings(_app.WriteText("issue.csv", $"{Header}\nW1,1,issue,2019-12-01T20:00+08:00,,yellow,city,{Authority},,\n")).Clean);
        var issued = queries.Aggregates();
        Assert.Equal(("W1", WarningLevel.Yellow), (issued.Single().Id, issued.Single().Events.Single().Event.Level!.Value));
        Assert.Same(issued, queries.Aggregates());

        Assert.True(_app.ImportWarnings(_app.WriteText("w2.csv", $"{Header},correction_reason\nW1,1,issue,2019-12-01T20:00+08:00,,orange,city,{Authority},,,级别更正\n")).Clean);
        Assert.Equal(WarningLevel.Orange, queries.Aggregates().Single().Events.Single().Event.Level);
        Assert.True(_app.ImportWarnings(_app.WriteText("lift.csv", $"{Header}\nW1,2,lift,2019-12-03T10:00+08:00,,,city,{Authority},,\n")).Clean);
        Assert.Equal([WarningEventKind.Issue, WarningEventKind.Lift], queries.Aggregates().Single().Events.Select(e => e.Event.Kind));
    }

    [Fact]
    public async Task ALiftImportedLaterEndsTheWarningIssuedEarlier()
    {
        Assert.True(_app.ImportWarnings(_app.WriteText("issue.csv", $"{Header}\nW1,1,issue,2019-12-01T20:00+08:00,,yellow,city,{Authority},,\n")).Clean);

        var summary = _app.ImportWarnings(_app.WriteText("lift.csv", $"{Header}\nW1,2,lift,2019-12-03T10:00+08:00,,,city,{Authority},,\n"));

        Assert.True(summary.Clean, string.Join("\n", summary.Problems));
        var w = (await _app.Client.GetJsonAsync("/api/v1/warnings/W1")).GetProperty("result").GetProperty("warning");
        Assert.Equal(("lifted", 38m), (w.Str("status"), w.GetProperty("durationHours").GetDecimal()));
    }

    [Fact]
    public void WarningsForDifferentDistrictsMayRunAtTheSameTime()
    {
        var summary = _app.ImportWarnings(_app.WriteText("w.csv", $"""
            {Header}
            W1,1,issue,2019-12-01T20:00+08:00,2019-12-03T00:00+08:00,yellow,古塔区;凌河区,{Authority},,
            W2,1,issue,2019-12-02T20:00+08:00,2019-12-04T00:00+08:00,orange,黑山县,{Authority},,
            """));

        Assert.True(summary.Clean, string.Join("\n", summary.Problems));
    }

    public static TheoryData<string, string, int, string?, string> BadEventFiles => new()
    {
        { "unknown level", $"{Header}\nW1,1,issue,2019-12-01T20:00+08:00,,purple,city,{Authority},,\n", 2, "level", "unknown level 'purple'" },
        { "lifting a warning never issued", $"{Header}\nW1,1,lift,2019-12-01T20:00+08:00,,,city,{Authority},,\n", 2, "event", "lifts warning 'W1', which was never issued" },
        { "lift with no issue at all", $"{Header}\nW9,2,lift,2019-12-01T20:00+08:00,,,city,{Authority},,\n", 2, "event", "lifts warning 'W9', which was never issued" },
        {
            "overlapping episodes for the same area",
            $"{Header}\nW1,1,issue,2019-12-01T20:00+08:00,,yellow,city,{Authority},,\nW1,2,lift,2019-12-03T10:00+08:00,,,city,{Authority},,\nW2,1,issue,2019-12-02T20:00+08:00,,orange,古塔区,{Authority},,\n",
            4, "time", "overlapping episodes: warning 'W2'"
        },
        {
            "events out of order",
            $"{Header}\nW1,1,issue,2019-12-02T20:00+08:00,,yellow,city,{Authority},,\nW1,2,lift,2019-12-01T20:00+08:00,,,city,{Authority},,\n",
            3, "time", "events out of order: event 2 (lift at 2019-12-01T20:00:00+08:00) is not after event 1"
        },
        { "end before start", $"{Header}\nW1,1,issue,2019-12-02T20:00+08:00,2019-12-02T08:00+08:00,yellow,city,{Authority},,\n", 2, "until", "end before start" },
        {
            "an upgrade that lowers the level",
            $"{Header}\nW1,1,issue,2019-12-01T20:00+08:00,,orange,city,{Authority},,\nW1,2,upgrade,2019-12-02T20:00+08:00,,yellow,city,{Authority},,\n",
            3, "level", "an upgrade (升级) must raise the level"
        },
        {
            "a downgrade that raises the level",
            $"{Header}\nW1,1,issue,2019-12-01T20:00+08:00,,yellow,city,{Authority},,\nW1,2,downgrade,2019-12-02T20:00+08:00,,red,city,{Authority},,\n",
            3, "level", "a downgrade (降级) must lower the level"
        },
        {
            "an event after the lift",
            $"{Header}\nW1,1,issue,2019-12-01T20:00+08:00,,yellow,city,{Authority},,\nW1,2,lift,2019-12-02T20:00+08:00,,,city,{Authority},,\nW1,3,upgrade,2019-12-03T20:00+08:00,,red,city,{Authority},,\n",
            4, "event", "nothing can follow a lift"
        },
        {
            "a second issue",
            $"{Header}\nW1,1,issue,2019-12-01T20:00+08:00,,yellow,city,{Authority},,\nW1,2,issue,2019-12-02T20:00+08:00,,red,city,{Authority},,\n",
            3, "event", "an issue (发布) can only be event 1"
        },
        {
            "a duplicate event",
            $"{Header}\nW1,1,issue,2019-12-01T20:00+08:00,,yellow,city,{Authority},,\nW1,1,issue,2019-12-01T21:00+08:00,,yellow,city,{Authority},,\n",
            3, "seq", "event 1 of warning 'W1' appears twice (also at w.csv line 2)"
        },
        {
            "a missing event",
            $"{Header}\nW1,1,issue,2019-12-01T20:00+08:00,,yellow,city,{Authority},,\nW1,3,lift,2019-12-03T20:00+08:00,,,city,{Authority},,\n",
            3, "seq", "event 2 of warning 'W1' is missing"
        },
        { "a time out of range", $"{Header}\nW1,1,issue,9999-12-31T20:00+08:00,,yellow,city,{Authority},,\n", 2, "time", "is out of range" },
        { "a time without offset", $"{Header}\nW1,1,issue,2019-12-01 20:00,,yellow,city,{Authority},,\n", 2, "time", "must be ISO 8601 with an offset" },
        { "an unknown event", $"{Header}\nW1,1,announce,2019-12-01T20:00+08:00,,yellow,city,{Authority},,\n", 2, "event", "unknown event 'announce'" },
        { "an unknown district", $"{Header}\nW1,1,issue,2019-12-01T20:00+08:00,,yellow,古塔区;火星区,{Authority},,\n", 2, "area", "unknown district '火星区'" },
        { "an issue without level", $"{Header}\nW1,1,issue,2019-12-01T20:00+08:00,,,city,{Authority},,\n", 2, "level", "level is required for issue" },
        { "a lift with a level", $"{Header}\nW1,1,issue,2019-12-01T20:00+08:00,,yellow,city,{Authority},,\nW1,2,lift,2019-12-02T20:00+08:00,,red,city,{Authority},,\n", 3, "level", "a lift (解除) has no level" },
        { "no authority", $"{Header}\nW1,1,issue,2019-12-01T20:00+08:00,,yellow,city,,,\n", 2, "authority", "authority is required" },
        { "a warning id with a space", $"{Header}\nW 1,1,issue,2019-12-01T20:00+08:00,,yellow,city,{Authority},,\n", 2, "warning_id", "warning_id 'W 1' must be" },
        { "a bad SHA-256", $"{Header}\nW1,1,issue,2019-12-01T20:00+08:00,,yellow,city,{Authority},https://example.org/n.pdf,abc\n", 2, "document_sha256", "must be 64 hex digits" },
        { "a link without its SHA-256", $"{Header}\nW1,1,issue,2019-12-01T20:00+08:00,,yellow,city,{Authority},https://example.org/n.pdf,\n", 2, "document_sha256", "document_sha256 is required with document_url" },
        { "an unknown column", "warning_id,seq,event,time,levle,area,authority\n", 1, "column 5", "unknown column 'levle'" },
        { "a missing required column", "warning_id,seq,event,time,level,area\nW1,1,issue,2019-12-01T20:00+08:00,yellow,city\n", 1, null, "the required column 'authority' is missing" },
        { "a wrong field count", $"{Header}\nW1,1,issue,2019-12-01T20:00+08:00,,yellow,city\n", 2, null, "expected 10 fields as in the header, found 7" },
        { "an unclosed quote", $"{Header}\nW1,1,issue,2019-12-01T20:00+08:00,,yellow,city,\"{Authority},,\n", 2, null, "a quoted field is not closed" },
    };

    [Theory]
    [MemberData(nameof(BadEventFiles))]
    public void BadWarningInputIsNamedByFileLineAndFieldAndNothingIsWritten(string what, string content, int line, string? field, string reason)
    {
        var summary = _app.ImportWarnings(_app.WriteText("w.csv", content));

        AssertProblem(summary, what, "w.csv", line, field, reason);
        Assert.Equal(0, _app.Count("warning_event"));
    }

    public static TheoryData<string, string, int, string, string> BadListFiles => new()
    {
        // GB 32100-2015 in full, as for penalties: the wrong part is named, with the character the standard expects.
        { "a wrong check digit", "list_id,level,enterprise,uscc,measure\nL1,orange,某公司,91210700PDY3000123,限产\n", 2, "uscc",
            "bad credit code (GB 32100-2015): check digit (position 18) of '91210700PDY3000123' is '3', expected '2'" },
        { "a wrong organisation-code check digit", "list_id,level,enterprise,uscc,measure\nL1,orange,某公司,91210700000000001I,限产\n", 2, "uscc",
            "bad credit code (GB 32100-2015): the organisation code 000000001 (positions 9-17) has check digit '1', GB 11714 expects '0'" },
        { "a letter the code charset excludes", "list_id,level,enterprise,uscc,measure\nL1,orange,某公司,91210700PDO3000122,限产\n", 2, "uscc",
            "bad credit code (GB 32100-2015): illegal character 'O' at position 11" },
        { "a code of the wrong length", "list_id,level,enterprise,uscc,measure\nL1,orange,某公司,91210700PDY300012,限产\n", 2, "uscc",
            "bad credit code (GB 32100-2015): a credit code has 18 characters, '91210700PDY300012' has 17" },
        { "an unknown level", "list_id,level,enterprise,uscc,measure\nL1,purple,某公司,91210700PDY3000122,限产\n", 2, "level", "unknown level 'purple'" },
        { "end before start", "list_id,valid_from,valid_to,level,enterprise,uscc,measure\nL1,2020-10-01,2020-09-30,red,某公司,91210700PDY3000122,停产\n", 2, "valid_to", "end before start" },
        { "a duplicate enterprise", "list_id,level,enterprise,uscc,measure\nL1,red,某公司,91210700PDY3000122,停产\nL1,red,某公司,91210700PDY3000122,限产\n", 3, "uscc", "appears twice in list 'L1'" },
        { "no measure", "list_id,level,enterprise,uscc,measure\nL1,red,某公司,91210700PDY3000122,\n", 2, "measure", "measure is required" },
    };

    [Theory]
    [MemberData(nameof(BadListFiles))]
    public void BadReductionListInputIsNamedByFileLineAndFieldAndNothingIsWritten(string what, string content, int line, string field, string reason)
    {
        var summary = _app.ImportWarnings(_app.WriteText("list.csv", content));

        AssertProblem(summary, what, "list.csv", line, field, reason);
        Assert.Equal(0, _app.Count("reduction_entry"));
    }

    public static TheoryData<string, string, int, string?, string> BadJsonFiles => new()
    {
        { "a syntax error", "{\n  \"warnings\": [\n    { \"id\": \"W1\" \"events\": [] }\n  ]\n}\n", 3, null, "not valid JSON" },
        {
            "an unknown field",
            "{\n  \"warnings\": [{\n    \"id\": \"W1\", \"area\": \"city\", \"authority\": \"A\",\n    \"events\": [{\n      \"event\": \"issue\",\n      \"time\": \"2019-12-01T20:00+08:00\",\n      \"levle\": \"orange\"\n    }]\n  }]\n}\n",
            7, "warnings[0].events[0].levle", "unknown field 'levle'"
        },
        {
            "an unknown level",
            "{\n  \"warnings\": [{\n    \"id\": \"W1\", \"area\": \"city\", \"authority\": \"A\",\n    \"events\": [{\n      \"event\": \"issue\",\n      \"time\": \"2019-12-01T20:00+08:00\",\n      \"level\": \"purple\"\n    }]\n  }]\n}\n",
            7, "warnings[0].events[0].level", "unknown level 'purple'"
        },
        {
            "an emission cut above 100%",
            "{\"warnings\": [{\"id\": \"W1\", \"area\": \"city\", \"authority\": \"A\", \"events\": [\n{\"event\": \"issue\", \"time\": \"2019-12-01T20:00+08:00\", \"level\": \"red\",\n \"measures\": {\"emissionCutPercent\": 130}}]}]}\n",
            3, "warnings[0].events[0].measures.emissionCutPercent", "must be a number from 0 to 100"
        },
    };

    [Theory]
    [MemberData(nameof(BadJsonFiles))]
    public void BadJsonInputIsNamedByLineAndPathAndNothingIsWritten(string what, string content, int line, string? field, string reason)
    {
        var summary = _app.ImportWarnings(_app.WriteText("w.json", content));

        AssertProblem(summary, what, "w.json", line, field, reason);
        Assert.Equal(0, _app.Count("warning_event"));
    }

    [Fact]
    public void OneBadFileKeepsEveryFileOfTheRunOut()
    {
        var good = WarningsApp.Sample("warnings.csv");
        var bad = _app.WriteText("bad.csv", $"{Header}\nW1,1,issue,2019-12-01T20:00+08:00,,purple,city,{Authority},,\n");

        var summary = _app.ImportWarnings(good, bad);

        Assert.False(summary.Clean);
        Assert.Null(summary.BatchId);
        Assert.Equal(0, _app.Count("warning_event"));
    }

    [Fact]
    public void AWarningOverlappingAStoredOneForTheSameAreaIsRejectedNamingIt()
    {
        Assert.True(_app.ImportWarnings(_app.WriteText("w1.csv", $"{Header}\nW1,1,issue,2019-12-01T20:00+08:00,,yellow,city,{Authority},,\n")).Clean);

        var summary = _app.ImportWarnings(_app.WriteText("w2.csv", $"{Header}\nW2,1,issue,2020-01-05T20:00+08:00,,orange,凌海市,{Authority},,\n"));

        AssertProblem(summary, "overlap with a stored warning that was never lifted", "w2.csv", 2, "time", "overlaps warning 'W1' (in force 2019-12-01T20:00:00+08:00 – not lifted)");
        Assert.Equal(1, _app.Count("warning_event"));
    }

    [Fact]
    public void AStoredEventCorrectedToAfterTheNextEventIsOutOfOrder()
    {
        Assert.True(_app.ImportWarnings(_app.WriteText("w1.csv",
            $"{Header}\nW1,1,issue,2019-12-01T20:00+08:00,,yellow,city,{Authority},,\nW1,2,lift,2019-12-03T10:00+08:00,,,city,{Authority},,\n")).Clean);

        var summary = _app.ImportWarnings(_app.WriteText("w2.csv", $"{Header}\nW1,1,issue,2019-12-04T20:00+08:00,,yellow,city,{Authority},,\n"));

        AssertProblem(summary, "correction after the stored lift", "w2.csv", 2, "time", "is not before the stored event 2 (lift");
    }

    [Fact]
    public void ADemoDatabaseRefusesRealWarnings()
    {
        var database = _app.Services.GetRequiredService<Database>();
        using (var connection = database.Connect())
        {
            database.SetMeta("demo", "1", connection);
        }

        var refused = Assert.Throws<ImportRefusedException>(() => _app.ImportWarnings(WarningsApp.Sample("warnings.csv")));
        Assert.Contains("demo", refused.Message, StringComparison.Ordinal);
    }

    private static void AssertProblem(WarningImportSummary summary, string what, string file, int line, string? field, string reason)
    {
        Assert.False(summary.Clean, $"{what}: expected a problem");
        Assert.True(
            summary.Problems.Any(p => p.File == file && p.Line == line && p.Column == field && p.Reason.Contains(reason, StringComparison.Ordinal)),
            $"{what}: expected {file}:{line} [{field}] '{reason}', got:\n{string.Join("\n", summary.Problems)}");
    }
}
