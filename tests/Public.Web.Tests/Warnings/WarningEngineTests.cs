using System.Text.Json;
using Public.Web.Tests.Hosting;
using Public.Web.Tests.Postgres;
using Public.Web.Warnings;

namespace Public.Web.Tests.Warnings;

/// <summary>
/// The warnings store, importer and query service (what REST and GraphQL call) on each engine: the answers are the facts
/// of the imported files, and SQLite and PostgreSQL give the same answers, leaves, record bytes and root for the same
/// imports (warning events carry their basis and measures as JSON text), the comparison with the observed city AQI
/// (air quality's day table) included.
/// </summary>
public sealed class WarningEngineTests(EngineServer engines) : IClassFixture<EngineServer>
{
    private const string Header = "warning_id,seq,event,time,until,level,area,authority,document_url,document_sha256,correction_reason";
    private const string Authority = "锦州市重污染天气应急指挥部办公室";
    private static readonly DateTimeOffset Now = new(2023, 6, 1, 12, 0, 0, TimeSpan.FromHours(8));

    private PortedServices Services(string engine) => new(engines.Create(engine), new FixedTime(Now));

    private static string[] Samples() =>
        [WarningsApp.Sample("warnings.csv"), WarningsApp.Sample("warnings.json"), WarningsApp.Sample("reduction-list.csv")];

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void TheSampleFilesAnswerListTimelineAndReductionListsWithTheirFacts(string engine)
    {
        var s = Services(engine);
        var start = s.Database.ReadDataVersion().Number;

        var summary = s.WarningImporter.Import(Samples());

        Assert.True(summary.Clean, string.Join("\n", summary.Problems));
        Assert.Equal((8, 0, 0, 4), (summary.NewEvents, summary.NewEventVersions, summary.UnchangedEvents, summary.NewEntries));
        Assert.Equal(start + 1, s.Database.ReadDataVersion().Number);

        // SAMPLE-2022-01: orange, issued 2022-02-09 13:30 and lifted 2022-02-11 10:00 (+08:00), two events.
        var ids = new[] { "SAMPLE-2022-01", "SAMPLE-2022-02", "SAMPLE-2023-01" };
        var versions = s.Warnings.Versions(ids);
        Assert.Equal(ids, versions.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([("issue", "orange"), ("lift", null)], versions["SAMPLE-2022-01"].Select(e => (e.Event, e.Level?.Code)));
        Assert.Equal(new DateTimeOffset(2022, 2, 9, 13, 30, 0, TimeSpan.FromHours(8)), versions["SAMPLE-2022-01"][0].Time);
        // Newest first (warnings.csv and warnings.json); no air data, so nothing observed to compare with.
        var (page, found) = s.Warnings.List(new WarningFilter(null, null, null, null), 1, 100);
        Assert.Equal(3, found);
        Assert.Equal(["SAMPLE-2023-01", "SAMPLE-2022-02", "SAMPLE-2022-01"], page.Select(w => w.Id));
        Assert.All(page, w =>
        {
            Assert.Equal("noData", w.Observed.DataSupport);
            Assert.All(w.Observed.Days, d => Assert.Null(d.Aqi));
        });

        // SAMPLE-2022-02: issue (yellow) → upgrade (orange) → downgrade (yellow) → lift, districts 古塔区;凌河区;太和区.
        var timeline = s.Warnings.Timelines(["SAMPLE-2022-02"])["SAMPLE-2022-02"];
        Assert.Equal(["issue", "upgrade", "downgrade", "lift"], timeline.Select(e => e.Event));
        Assert.Equal(["古塔区", "凌河区", "太和区"], timeline[0].Area.Districts);
        Assert.All(timeline, e => Assert.Equal(64, e.Log!.Sha256.Length));

        // reduction-list.csv: one enterprise at three levels; warnings.json: a list of one entry.
        Assert.Equal([("SAMPLE-2022-2023", 3), ("SAMPLE-2023", 1)], s.Warnings.ReductionLists().Select(l => (l.Id, l.Entries)));
        var entries = s.Warnings.ReductionEntries(["SAMPLE-2022-2023"], null)["SAMPLE-2022-2023"];
        Assert.Equal([("yellow", "限产20%（示例）"), ("orange", "限产40%（示例）"), ("red", "停产（保温保压）（示例）")],
            entries.Select(e => (e.Level.Code, e.Measure)));
        Assert.All(entries, e => Assert.Equal(64, e.Log!.Sha256.Length));
    }

    /// <summary>
    /// The comparison with the observed city daily AQI, read from air quality's day table on each engine: WarningApiTests'
    /// hand-computed city days (PM2.5 only, HJ 633-2012 表1) and warnings, each departing from the data in its own way.
    /// </summary>
    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void TheComparisonWithTheObservedCityAqiNamesEachDepartureWithItsDays(string engine)
    {
        var s = Services(engine);
        var air = s.AirImporter.Import([engines.WriteText("city-days.csv",
            WarningsApp.CityDaysCsv(new DateOnly(2019, 12, 1), WarningApiTests.Aqi.Select(a => WarningApiTests.Pm25ForAqi[a]).ToList()))], new());
        Assert.True(air.Clean, string.Join("\n", air.Problems));
        Assert.True(s.WarningImporter.Import([engines.WriteText("warnings.csv", WarningApiTests.Warnings)]).Clean);

        Assert.Equal(WarningApiTests.Aqi.Select(a => (int?)a), s.Air.CityDaily(new DateOnly(2019, 12, 1), new DateOnly(2019, 12, 26)).Select(d => d.Aqi));
        var consistency = s.Warnings.Consistency(new DateOnly(2019, 12, 1), new DateOnly(2019, 12, 26));
        Assert.Equal(3, consistency.Warnings);
        Assert.Equal(
            [("2019-12-03", "2019-12-05", "orange"), ("2019-12-10", "2019-12-11", "yellow"), ("2019-12-21", "2019-12-23", "yellow")],
            consistency.Episodes.Select(e => (Text(e.From), Text(e.To), e.Level.Code)));
        Assert.Equal(
            WarningApiTests.Findings,
            consistency.Findings.Select(f => (f.Kind, f.WarningId, string.Join(' ', f.Evidence.Select(d => $"{Text(d.Date)}:{d.Aqi}"))))
                .OrderBy(f => f.Kind, StringComparer.Ordinal));

        var (page, _) = s.Warnings.List(new WarningFilter(null, new DateOnly(2019, 12, 1), new DateOnly(2019, 12, 31), null), 1, 100);
        var byId = page.ToDictionary(w => w.Id, w => w.Observed);
        Assert.Equal(["T-A", "T-C", "T-S"], byId.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("supported", "orange"), (byId["T-A"].DataSupport, byId["T-A"].ObservedLevel?.Code));
        Assert.Equal(("notSupported", 320, new DateOnly(2019, 12, 16)), (byId["T-S"].DataSupport, byId["T-S"].MaxDailyAqi, byId["T-S"].MaxDailyAqiDate));
        Assert.Equal(["levelAboveObserved", "liftedEarly"], byId["T-C"].Findings.Order(StringComparer.Ordinal));
        Assert.Equal(JsonSerializer.Serialize(byId["T-C"]), JsonSerializer.Serialize(s.Warnings.Detail("T-C").Warning.Observed));

        static string Text(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void ACorrectionIsANewVersionWithItsReasonAndAReimportAddsNothing(string engine)
    {
        var s = Services(engine);
        var first = engines.WriteText("w.csv", $"{Header}\nW1,1,issue,2019-12-01T20:00+08:00,,yellow,city,{Authority},,,\n");
        var corrected = engines.WriteText("w2.csv", $"{Header}\nW1,1,issue,2019-12-01T20:00+08:00,,orange,city,{Authority},,,原通知级别录入错误\n");
        Assert.True(s.WarningImporter.Import([first]).Clean);
        var again = s.WarningImporter.Import([first]);
        Assert.Equal((0, 0, 1), (again.NewEvents, again.NewEventVersions, again.UnchangedEvents));

        var summary = s.WarningImporter.Import([corrected]);

        Assert.Equal((0, 1, 0), (summary.NewEvents, summary.NewEventVersions, summary.UnchangedEvents));
        var versions = s.Warnings.Versions("W1");
        Assert.Equal([(1, false, "yellow"), (2, true, "orange")], versions.Select(v => (v.Version, v.Current, v.Level!.Code)));
        Assert.Contains("原通知级别录入错误", versions[1].Reason, StringComparison.Ordinal);
        Assert.Contains("changed level (", versions[1].Reason, StringComparison.Ordinal);
        Assert.Equal(2, s.Count("warning_event"));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void AFileWithOneBadEventWritesNothing(string engine)
    {
        var s = Services(engine);
        var version = s.Database.ReadDataVersion().Number;
        var bad = engines.WriteText("bad.csv",
            $"{Header}\nW1,1,issue,2019-12-01T20:00+08:00,,yellow,city,{Authority},,,\nW2,1,issue,2019-12-02T20:00+08:00,,purple,city,{Authority},,,\n");

        var summary = s.WarningImporter.Import([bad]);

        Assert.False(summary.Clean);
        Assert.Contains(summary.Problems, p => p.ToString().Contains("purple", StringComparison.Ordinal));
        Assert.Equal((0L, 0L, 0L), (s.Count("warning_event"), s.Count("log_leaves"), s.Database.ReadDataVersion().Number - version));
    }

    [Fact]
    public void SqliteAndPostgresGiveTheSameAnswersAndTheSameLogForTheSameImports()
    {
        if (!StoreEngines.IsSelected(StoreEngines.Postgres) || !StoreEngines.IsSelected(StoreEngines.Sqlite))
        {
            Assert.Skip($"needs both engines ({StoreEngines.Variable} selects {string.Join(", ", StoreEngines.Selected)})");
        }

        var correction = engines.WriteText("correction.csv",
            $"{Header}\nSAMPLE-2022-01,2,lift,2022-02-11T11:00+08:00,,,city,锦州市重污染天气应急指挥部办公室（示例）,,,\"解除时间更正 \"\"以通知为准\"\"\n（见原文）\"\n");
        string Answers(PortedServices s)
        {
            Assert.True(s.WarningImporter.Import(Samples()).Clean);
            var corrected = s.WarningImporter.Import([correction]);
            Assert.True(corrected.Clean, string.Join("\n", corrected.Problems));
            Assert.Equal(1, corrected.NewEventVersions);

            string[] ids = ["SAMPLE-2022-01", "SAMPLE-2022-02", "SAMPLE-2023-01"];
            return JsonSerializer.Serialize(new
            {
                timelines = s.Warnings.Timelines(ids).OrderBy(v => v.Key, StringComparer.Ordinal),
                versions = s.Warnings.Versions(ids).OrderBy(v => v.Key, StringComparer.Ordinal),
                listsAt = s.Warnings.ReductionListsAt(ids).OrderBy(v => v.Key, StringComparer.Ordinal),
                lists = s.Warnings.ReductionLists(),
                entries = s.Warnings.ReductionEntries(["SAMPLE-2022-2023"], null),
                list = s.Warnings.List(new WarningFilter(null, null, null, null), 1, 100).Page,
                consistency = s.Warnings.Consistency(new DateOnly(2022, 1, 1), new DateOnly(2023, 5, 31)),
            });
        }

        var sqlite = Services(StoreEngines.Sqlite);
        var postgres = Services(StoreEngines.Postgres);

        Assert.Equal(Answers(sqlite), Answers(postgres));
        var leaves = EngineLog.Leaves(sqlite.Database);
        Assert.Contains(leaves, l => l.Contains(Convert.ToHexString("\"basis\":"u8), StringComparison.Ordinal));
        Assert.Equal(leaves, EngineLog.Leaves(postgres.Database));
        Assert.Equal(EngineLog.Root(sqlite.Database), EngineLog.Root(postgres.Database));
    }
}
