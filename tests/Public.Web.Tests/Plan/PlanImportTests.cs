using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Public.Web.AirQuality.Import;
using Public.Web.Plan;
using Public.Web.Plan.Import;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Plan;

/// <summary>import plan-progress: bad files rejected whole with file/line/field, re-import adds nothing, a change is a new version.</summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class PlanImportTests : IDisposable
{
    private readonly PublicWebApp _app = new();

    public void Dispose() => _app.Dispose();

    private PlanImportSummary Import(params string[] paths) => _app.Services.GetRequiredService<PlanProgressImporter>().Import(paths);

    private const string Header = "target,period,value,done,completedOn,reportingBody,department,sourceTitle,sourceIssuer,sourceDocumentNumber,sourceDate,sourceUrl,sourceSha256,reason";

    // A good quantity report (line 2) and a good milestone report (line 3).
    private const string Good1 = "m01-a,2018,41.5,,,市发改委,fagai,清洁取暖工作总结,锦州市发展和改革委员会,锦发改〔2019〕1号,2019-02-01,https://example.invalid/a.pdf,,";
    private const string Good2 = "m24-a,2018,,true,2018-11-30,市环保局,huanbao,平台实施方案,锦州市环境保护局,,2018-12-10,,,";

    private long Count(string table) => TestStore.Scalar(_app.PostgresConnectionString, _app.DatabasePath, $"SELECT COUNT(*) FROM {table}");

    public static TheoryData<string, string, string, string> BadLines => new()
    {
        { "unknown target", "m99-z,2018,41,,,市发改委,,t,i,,2019-02-01,,,", "target", "unknown target 'm99-z'" },
        { "period that is not a period", "m01-a,2018-13,41,,,市发改委,,t,i,,2019-02-01,,,", "period", "bad period '2018-13'" },
        { "period outside the plan", "m01-a,2021,41,,,市发改委,,t,i,,2022-02-01,,,", "period", "the plan runs 2018–2020" },
        { "year the target has no value for", "m02-a,2018,800,,,市发改委,,t,i,,2019-02-01,,,", "period", "target m02-a has no value for 2018" },
        { "value in words", "m01-a,2019,四十四,,,市发改委,,t,i,,2020-02-01,,,", "value", "is not a number" },
        { "value with its unit", "m01-a,2019,44%,,,市发改委,,t,i,,2020-02-01,,,", "value", "is not a number" },
        { "done for a quantity", "m01-a,2019,,true,,市发改委,,t,i,,2020-02-01,,,", "done", "is quantitative" },
        { "value for a milestone", "m24-b,2019,1,,,市环保局,,t,i,,2020-02-01,,,", "value", "is a milestone" },
        { "done that is not true or false", "m24-b,2019,,yes,,市环保局,,t,i,,2020-02-01,,,", "done", "must be true or false" },
        { "missing source title", "m01-a,2019,44,,,市发改委,,,i,,2020-02-01,,,", "sourceTitle", "missing source" },
        { "missing source date", "m01-a,2019,44,,,市发改委,,t,i,,,,,", "sourceDate", "missing source" },
        { "source date in the future", "m01-a,2019,44,,,市发改委,,t,i,,2999-01-01,,,", "sourceDate", "in the future" },
        { "unknown department", "m01-a,2019,44,,,市发改委,nobody,t,i,,2020-02-01,,,", "department", "unknown department 'nobody'" },
        { "hash that is not SHA-256", "m01-a,2019,44,,,市发改委,,t,i,,2020-02-01,,abc,", "sourceSha256", "64 hexadecimal digits" },
        { "duplicate of line 2", "m01-a,2018,42,,,市发改委,fagai,t,i,,2019-02-01,,,", "target", "duplicate: line 2" },
        { "correction of an unpublished report", "m01-a,2019,44,,,市发改委,,t,i,,2020-02-01,,,更正", "reason", "nothing to correct" },
    };

    [Theory]
    [MemberData(nameof(BadLines))]
    public void ABadRecordIsNamedByFileLineAndFieldAndItsWholeFileIsNotWritten(string what, string line, string field, string reason)
    {
        var path = _app.WriteText("reports.csv", $"{Header}\n{Good1}\n{Good2}\n{line}\n");

        var summary = Import(path);

        Assert.False(summary.Clean, what);
        Assert.Equal(1, summary.FilesRejected);
        var problem = Assert.Single(summary.Problems);
        Assert.Equal("reports.csv", problem.File);
        Assert.Equal(4, problem.Line);
        Assert.Equal(field, problem.Column);
        Assert.Contains(reason, problem.Reason, StringComparison.Ordinal);
        Assert.Equal(0, Count("plan_report"));
    }

    [Fact]
    public void AGoodFileBesideABadOneIsWrittenAndTheBadOneIsNot()
    {
        var good = _app.WriteText("a-good.csv", $"{Header}\n{Good1}\n");
        var bad = _app.WriteText("b-bad.csv", $"{Header}\n{Good2}\nm99-z,2018,41,,,市发改委,,t,i,,2019-02-01,,,\n");

        var summary = Import(good, bad);

        Assert.Equal(1, summary.FilesRejected);
        Assert.Equal(1, summary.NewReports);
        Assert.Equal(1, Count("plan_report"));
    }

    [Fact]
    public void JsonAndCsvReadAlikeAndAnIdenticalReimportAddsNothing()
    {
        var json = _app.WriteText("reports.json", """
            { "reports": [
              { "target": "m01-a", "period": "2018", "value": 41.5, "reportingBody": "市发改委", "department": "fagai", "sourceTitle": "清洁取暖工作总结",
                "sourceIssuer": "锦州市发展和改革委员会", "sourceDocumentNumber": "锦发改〔2019〕1号", "sourceDate": "2019-02-01", "sourceUrl": "https://example.invalid/a.pdf" }
            ] }
            """);
        var csv = _app.WriteText("reports.csv", $"{Header}\n{Good1}\n{Good2}\n");

        var first = Import(json);
        var second = Import(csv);
        var again = Import(csv, json);

        Assert.True(first.Clean);
        Assert.Equal(1, first.NewReports);
        Assert.Equal((1, 1), (second.NewReports, second.Unchanged)); // the CSV's m01-a line is the JSON's report
        Assert.Equal((0, 0, 3), (again.NewReports, again.NewVersions, again.Unchanged));
        Assert.Equal(2, Count("plan_report"));
        Assert.Equal(2, Count("plan_report_version"));
    }

    [Fact]
    public void AChangedReportNeedsAReasonAndThenBecomesANewVersionWithTheOldOneKept()
    {
        Import(_app.WriteText("v1.csv", $"{Header}\n{Good1}\n"));
        var changed = Good1.Replace(",41.5,", ",39.5,", StringComparison.Ordinal);

        var withoutReason = Import(_app.WriteText("v2.csv", $"{Header}\n{changed}\n"));
        var withReason = Import(_app.WriteText("v3.csv", $"{Header}\n{changed}更正：统计口径调整\n"));
        var reimport = Import(_app.WriteText("v4.csv", $"{Header}\n{changed}更正：统计口径调整\n"));

        var problem = Assert.Single(withoutReason.Problems);
        Assert.Equal(("v2.csv", 2, "reason"), (problem.File, problem.Line, problem.Column));
        Assert.Equal(1, withReason.NewVersions);
        Assert.Equal(1, reimport.Unchanged);
        var detail = _app.Services.GetRequiredService<PlanQueries>().Target("m01-a");
        Assert.Equal([41.5m, 39.5m], detail.Versions.Select(v => v.Value!.Value));
        Assert.Equal([null, "更正：统计口径调整"], detail.Versions.Select(v => v.Reason));
        var current = Assert.Single(detail.Reports);
        Assert.Equal((2, 39.5m), (current.Version, current.Value!.Value));
        Assert.Equal(PlanStatus.NotMet, detail.Target.Years.Single(y => y.Year == 2018).Status); // 39.5 < 40
    }

    [Fact]
    public void TheStoreRefusesToChangeOrRemoveAPublishedReport()
    {
        Import(_app.WriteText("v1.csv", $"{Header}\n{Good1}\n"));
        using var connection = _app.OpenStore();
        foreach (var sql in new[] { "UPDATE plan_report_version SET value = '99'", "DELETE FROM plan_report_version", "UPDATE plan_report SET period = '2019'", "DELETE FROM plan_report" })
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            var e = Assert.ThrowsAny<DbException>(() => command.ExecuteNonQuery());
            Assert.Contains("append-only", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ADemoDatabaseRefusesTheImport()
    {
        // The demo store of the other refusal tests (any demo store refuses; one seeding for all of them).
        using var demo = new PublicWebApp(demo: true, time: PublicWebApp.EarlyDemoClock, seededOnce: true);
        var path = demo.WriteText("reports.csv", $"{Header}\n{Good1}\n");

        var e = Assert.Throws<ImportRefusedException>(() => demo.Services.GetRequiredService<PlanProgressImporter>().Import([path]));

        Assert.Contains("demo data", e.Message, StringComparison.Ordinal);
    }
}
