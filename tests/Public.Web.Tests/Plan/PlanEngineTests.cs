using System.Text.Json;
using Public.Web.Tests.Hosting;
using Public.Web.Tests.Postgres;
using Public.Web.Tests.Warnings;

namespace Public.Web.Tests.Plan;

/// <summary>
/// The plan-progress store and importer on each engine: the stored reports are the facts of the imported file, a
/// correction is a new version, a bad file writes nothing, and SQLite and PostgreSQL store the same rows and publish the
/// same leaves, record bytes and root for the same imports.
/// </summary>
public sealed class PlanEngineTests(EngineServer engines) : IClassFixture<EngineServer>
{
    private const string Header = "target,period,value,done,completedOn,reportingBody,department,sourceTitle,sourceIssuer,sourceDocumentNumber,sourceDate,sourceUrl,sourceSha256,reason";

    // A quantity report (m01-a, 2018: 41.5) and a milestone report (m24-a, 2018: done on 2018-11-30).
    private const string Good1 = "m01-a,2018,41.5,,,市发改委,fagai,清洁取暖工作总结,锦州市发展和改革委员会,锦发改〔2019〕1号,2019-02-01,https://example.invalid/a.pdf,,";
    private const string Good2 = "m24-a,2018,,true,2018-11-30,市环保局,huanbao,平台实施方案,锦州市环境保护局,,2018-12-10,,,";
    private static readonly DateTimeOffset Now = new(2020, 6, 1, 9, 0, 0, TimeSpan.FromHours(8));

    private PortedServices Services(string engine) => new(engines.Create(engine), new FixedTime(Now));

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void ImportedReportsAreStoredWithTheFilesFacts(string engine)
    {
        var s = Services(engine);
        var start = s.Database.ReadDataVersion().Number;

        var summary = s.PlanImporter.Import([engines.WriteText("reports.csv", $"{Header}\n{Good1}\n{Good2}\n")]);

        Assert.True(summary.Clean, string.Join("\n", summary.Problems));
        Assert.Equal((2, 0, 0), (summary.NewReports, summary.NewVersions, summary.Unchanged));
        Assert.Equal(start + 1, s.Database.ReadDataVersion().Number);
        var reports = s.PlanStore.CurrentReports();
        Assert.Equal([("m01-a", "2018", "市发改委", 1), ("m24-a", "2018", "市环保局", 1)], reports.Select(r => (r.TargetId, r.Period, r.ReportingBody, r.Version)));
        Assert.Equal((41.5m, (bool?)null, "fagai", "锦发改〔2019〕1号", new DateOnly(2019, 2, 1)),
            (reports[0].Content.Value, reports[0].Content.Done, reports[0].Content.DepartmentId, reports[0].Content.SourceNumber, reports[0].Content.SourceDate));
        Assert.Equal(((decimal?)null, (bool?)true, (DateOnly?)new DateOnly(2018, 11, 30)), (reports[1].Content.Value, reports[1].Content.Done, reports[1].Content.CompletedOn));
        Assert.All(reports, r => Assert.False(r.Demo));
        Assert.True(s.PlanStore.HasAny());
        // Two record leaves and the batch leaf.
        Assert.Equal(3, s.Count("log_leaves"));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void MeasuredTargetsAreOurAssessmentOfTheImportedAirData(string engine)
    {
        // 2019 in progress: its measured targets count on the days so far.
        var s = new PortedServices(engines.Create(engine), new FixedTime(new DateTimeOffset(2019, 1, 20, 12, 0, 0, TimeSpan.FromHours(8))));
        // One city station, PM2.5 alone, 35, 75, 160 and 200 µg/m³ all day on 1–4 January 2019: daily AQI 50, 100, 210, 250 (HJ 633-2012 表1).
        var air = s.AirImporter.Import([engines.WriteText("air.csv", WarningsApp.CityDaysCsv(new DateOnly(2019, 1, 1), [35, 75, 160, 200]))], new());
        Assert.True(air.Clean, string.Join("\n", air.Problems));

        // Annual mean so far (35 + 75 + 160 + 200) / 4 = 117.5 → 118 (GB/T 8170, half to even); good days 2 of 4 → 50 %.
        var measured = s.Plan.MeasuredValues();
        Assert.Contains("goals-pm25 2019 118 False\n", measured, StringComparison.Ordinal);
        Assert.True(measured.Contains("goals-good-days 2019 50 False\n", StringComparison.Ordinal), measured);
        Assert.Contains("goals-pm25 2018 -\n", measured, StringComparison.Ordinal);
        var pm25 = s.Plan.Target("goals-pm25").Target.Years.Single(y => y.Year == 2019);
        Assert.Equal((118m, "measured"), (pm25.MeasuredValue, pm25.Basis));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void ACorrectionIsANewVersionAndAReimportAddsNothing(string engine)
    {
        var s = Services(engine);
        var original = engines.WriteText("original.csv", $"{Header}\n{Good1}\n");
        Assert.True(s.PlanImporter.Import([original]).Clean);
        var again = s.PlanImporter.Import([original]);
        Assert.Equal((0, 0, 1), (again.NewReports, again.NewVersions, again.Unchanged));

        var corrected = s.PlanImporter.Import([engines.WriteText("corrected.csv",
            $"{Header}\n{Good1.Replace(",41.5,", ",42.25,", StringComparison.Ordinal)}录入错误，以总结正文为准\n")]);

        Assert.True(corrected.Clean, string.Join("\n", corrected.Problems));
        Assert.Equal((0, 1, 0), (corrected.NewReports, corrected.NewVersions, corrected.Unchanged));
        var versions = s.PlanStore.VersionsOfTarget("m01-a");
        Assert.Equal([(1, 41.5m), (2, 42.25m)], versions.Select(v => (v.Version, v.Content.Value!.Value)));
        Assert.Contains("录入错误", versions[1].Reason, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void AFileWithOneBadRecordWritesNothing(string engine)
    {
        var s = Services(engine);
        var version = s.Database.ReadDataVersion().Number;

        var summary = s.PlanImporter.Import([engines.WriteText("bad.csv", $"{Header}\n{Good1}\nm99-z,2018,41,,,市发改委,,t,i,,2019-02-01,,,\n")]);

        var problem = Assert.Single(summary.Problems);
        Assert.Equal((3, "target"), (problem.Line, problem.Column));
        Assert.Equal((0L, 0L, 0L, 0L), (s.Count("plan_report"), s.Count("plan_report_version"), s.Count("log_leaves"), s.Database.ReadDataVersion().Number - version));
    }

    [Fact]
    public void SqliteAndPostgresStoreTheSameRowsAndPublishTheSameLogForTheSameImports()
    {
        if (!StoreEngines.IsSelected(StoreEngines.Postgres) || !StoreEngines.IsSelected(StoreEngines.Sqlite))
        {
            Assert.Skip($"needs both engines ({StoreEngines.Variable} selects {string.Join(", ", StoreEngines.Selected)})");
        }

        var first = engines.WriteText("reports.csv", $"{Header}\n{Good1}\n{Good2}\n");
        var second = engines.WriteText("correction.csv",
            $"{Header}\n{Good1.Replace(",41.5,", ",4.50,", StringComparison.Ordinal)}\"更正 \"\"数值\"\"\n（见原件）\"\n");
        string Rows(PortedServices s)
        {
            Assert.True(s.PlanImporter.Import([first]).Clean);
            var corrected = s.PlanImporter.Import([second]);
            Assert.True(corrected.Clean, string.Join("\n", corrected.Problems));
            return JsonSerializer.Serialize(s.PlanStore.AllVersions());
        }

        var sqlite = Services(StoreEngines.Sqlite);
        var postgres = Services(StoreEngines.Postgres);

        Assert.Equal(Rows(sqlite), Rows(postgres));
        var leaves = EngineLog.Leaves(sqlite.Database);
        Assert.Contains(leaves, l => l.Contains(Convert.ToHexString("\"value\":\"4.50\""u8), StringComparison.Ordinal));
        Assert.Equal(leaves, EngineLog.Leaves(postgres.Database));
        Assert.Equal(EngineLog.Root(sqlite.Database), EngineLog.Root(postgres.Database));
    }
}
