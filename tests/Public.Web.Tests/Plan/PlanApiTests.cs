using System.Net;
using System.Text;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Public.Web.Plan.Import;
using Public.Web.Tests.GraphQL;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Plan;

/// <summary>
/// The plan tracker's REST API, its GraphQL twin and the Atom feed, over a real database with two imported reports
/// (the clock at 2020-06-30: 2018 and 2019 are over, 2020 runs).
/// </summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class PlanApiTests : IDisposable
{
    private static readonly string[] ScorecardParts = ["met", "notMet", "onTrack", "overdue", "notReported"];
    private static readonly string[] FirstMeasures = ["goals", "m01", "m02"];
    private static readonly DateTimeOffset Now = new(2020, 6, 30, 12, 0, 0, TimeSpan.FromHours(8));
    private readonly PublicWebApp _app = new(time: new FixedTime(Now));

    public PlanApiTests()
    {
        var file = _app.WriteText("reports.csv", """
            target,period,value,done,completedOn,reportingBody,department,sourceTitle,sourceIssuer,sourceDocumentNumber,sourceDate,sourceUrl,sourceSha256,reason
            m01-a,2018,41.5,,,市发改委,fagai,清洁取暖工作总结,锦州市发展和改革委员会,锦发改〔2019〕1号,2019-02-01,https://example.invalid/a.pdf,0000000000000000000000000000000000000000000000000000000000000000,
            m24-b,2019,,false,,市环保局,huanbao,平台建设进展,锦州市环境保护局,,2019-10-10,,,
            m24-c,2020,,false,,市环保局,huanbao,平台建设进展,锦州市环境保护局,,2020-05-10,,,
            """);
        var summary = _app.Services.GetRequiredService<PlanProgressImporter>().Import([file]);
        Assert.True(summary.Clean, string.Join("; ", summary.Problems));
    }

    public void Dispose() => _app.Dispose();

    private HttpClient Client => _app.Client;

    [Fact]
    public async Task ThePlanListsEveryMeasureInItsSectionWithTheCountsAndAScorecardThatAddsUp()
    {
        var plan = (await Client.GetJsonAsync("/api/v1/plan")).GetProperty("result");

        Assert.Equal("锦政发〔2018〕33号", plan.Str("document"));
        Assert.Equal((38, 32, 6, 69, 29), (plan.GetProperty("measures").GetInt32(), plan.GetProperty("tasks").GetInt32(), plan.GetProperty("safeguards").GetInt32(),
            plan.GetProperty("targets").GetInt32(), plan.GetProperty("departments").GetInt32()));
        var measures = plan.GetProperty("sections").EnumerateArray().SelectMany(s => s.GetProperty("measures").EnumerateArray()).Select(m => m.Str("id")).ToList();
        Assert.Equal(39, measures.Count);
        Assert.Equal(FirstMeasures, measures.Take(3));
        var card = plan.GetProperty("scorecard");
        var parts = ScorecardParts.Sum(p => card.GetProperty(p).GetInt32());
        Assert.Equal(69, card.GetProperty("targets").GetInt32());
        Assert.Equal(69, parts);
    }

    [Fact]
    public async Task TargetStatusesFollowFromTheReportsTheDeadlinesAndTheDate()
    {
        var m01 = (await Client.GetJsonAsync("/api/v1/plan/targets/m01-a")).GetProperty("result");
        var years = m01.GetProperty("target").GetProperty("years").EnumerateArray().ToDictionary(y => y.GetProperty("year").GetInt32(), y => y.Str("status"));
        Assert.Equal("met", years[2018]);          // 41.5 ≥ 40
        Assert.Equal("not-reported", years[2019]); // over, nothing reported
        Assert.Equal("not-reported", years[2020]); // runs, nothing reported
        var report = Assert.Single(m01.GetProperty("reports").EnumerateArray().ToList());
        Assert.Equal("锦发改〔2019〕1号", report.GetProperty("source").Str("documentNumber"));
        Assert.False(report.GetProperty("demo").GetBoolean());
        Assert.Single(m01.GetProperty("versions").EnumerateArray());

        var statusOf = async (string id) => (await Client.GetJsonAsync($"/api/v1/plan/targets/{id}")).GetProperty("result").GetProperty("target").Str("finalStatus");
        Assert.Equal("overdue", await statusOf("m24-b"));  // reported not done, deadline 2019-12-31 passed
        Assert.Equal("on-track", await statusOf("m24-c")); // reported not done, deadline 2020-12-31 ahead
        Assert.Equal("not-reported", await statusOf("m24-a"));
    }

    [Theory]
    [InlineData("?status=overdue", new[] { "m24-b" })]
    [InlineData("?status=on-track", new[] { "m24-c" })]
    [InlineData("?measure=m24&year=2019", new[] { "m24-b" })]
    [InlineData("?status=met&year=2018", new[] { "m01-a" })]
    public async Task TheTargetListFiltersByMeasureYearAndStatus(string query, string[] ids)
    {
        var list = await Client.GetJsonAsync("/api/v1/plan/targets" + query);

        Assert.Equal(ids, list.Results().Select(t => t.Str("id")));
    }

    [Fact]
    public async Task ADepartmentShowsWhatItLeadsAndWhatItReported()
    {
        var fagai = (await Client.GetJsonAsync("/api/v1/plan/departments/fagai")).GetProperty("result");
        var huanbao = (await Client.GetJsonAsync("/api/v1/plan/departments/huanbao")).GetProperty("result");

        Assert.Contains("m01-a", fagai.GetProperty("leadTargets").EnumerateArray().Select(t => t.Str("id")));
        Assert.Equal(1, fagai.GetProperty("department").GetProperty("reports").GetInt32());
        Assert.Equal("市生态环境局", huanbao.GetProperty("department").Str("laterName"));
        Assert.False(huanbao.GetProperty("department").GetProperty("laterNameVerified").GetBoolean());
        Assert.Equal(2, huanbao.GetProperty("reports").GetArrayLength());
        var all = await Client.GetJsonAsync("/api/v1/plan/departments");
        Assert.Equal(29, all.Results().Count());
    }

    [Theory]
    [InlineData("/api/v1/plan/targets?status=done", "status")]
    [InlineData("/api/v1/plan/targets?year=2017", "year")]
    [InlineData("/api/v1/plan/targets?measure=m99", "measure")]
    [InlineData("/api/v1/plan/targets?department=nobody", "department")]
    [InlineData("/api/v1/plan/progress?target=m99-z", "target")]
    public async Task BadParametersAreProblemsNamingTheParameter(string url, string parameter)
    {
        var problem = await Client.GetProblemAsync(url, HttpStatusCode.BadRequest);
        Assert.Equal(parameter, problem.Str("parameter"));
    }

    [Theory]
    [InlineData("/api/v1/plan/targets/m99-z")]
    [InlineData("/api/v1/plan/departments/nobody")]
    [InlineData("/api/v1/plan/measures/m99")]
    public async Task UnknownIdsAreNotFoundProblems(string url) => await Client.GetProblemAsync(url, HttpStatusCode.NotFound);

    [Fact]
    public async Task CsvGivesOneRowPerTargetAndYearAndTheProgressAsImported()
    {
        var targets = Encoding.UTF8.GetString(await Client.GetByteArrayAsync("/api/v1/plan/targets?format=csv&measure=m01", TestContext.Current.CancellationToken)).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var progress = Encoding.UTF8.GetString(await Client.GetByteArrayAsync("/api/v1/plan/progress?format=csv&target=m01-a", TestContext.Current.CancellationToken)).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(1 + 3, targets.Length);
        Assert.StartsWith("id,measureId,clause,metric", targets[0], StringComparison.Ordinal);
        Assert.Contains(",2018,40,,met,", targets[1], StringComparison.Ordinal);
        Assert.Equal(2, progress.Length);
        Assert.Contains("m01-a,m01,2018,41.5,", progress[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task GraphQLAnswersAsRestFieldByField()
    {
        var restTargets = (await Client.GetJsonAsync("/api/v1/plan/targets?measure=m24")).Results().ToList();
        var gql = (await Client.PostGraphQLAsync("""
            { planMeasureTargets(measure: "m24") { nodes: edges { node { id measureId clause metric metricEn kind unit baseline baselineEn comparator standing measuredBy note finalStatus
                lead { id name nameEn } support { id name nameEn }
                years { year targetValue wording deadline status statusZh basis explanation provisional reportedValue reportedDone reportId measuredValue disagreement } } } } }
            """)).DataWithoutErrors();
        var gqlTargets = gql.GetProperty("planMeasureTargets").GetProperty("nodes").EnumerateArray().Select(e => e.GetProperty("node")).ToList();
        RestParity.AssertSameArrays(restTargets, gqlTargets, complete: true);

        var restReports = (await Client.GetJsonAsync("/api/v1/plan/progress")).Results().ToList();
        var gqlReports = (await Client.PostGraphQLAsync("""
            { planProgress { edges { node { id targetId measureId period year value done completedOn reportingBody departmentId note demo version firstRecordedAt recordedAt reason
                source { title issuer documentNumber date url sha256 } log { index sha256 } } } } }
            """)).DataWithoutErrors().GetProperty("planProgress").GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node")).ToList();
        RestParity.AssertSameArrays(restReports, gqlReports, complete: true);

        var restDepartment = (await Client.GetJsonAsync("/api/v1/plan/departments/huanbao")).GetProperty("result").GetProperty("department");
        var gqlDepartment = (await Client.PostGraphQLAsync("""{ planDepartment(id: "huanbao") { department { id name nameEn laterName laterNameEn laterNameSince laterNameVerified note leadTargets supportTargets reports scorecard { year yearOnly targets met notMet onTrack overdue notReported } } } }"""))
            .DataWithoutErrors().GetProperty("planDepartment").GetProperty("department");
        RestParity.AssertSame(restDepartment, gqlDepartment, "department", complete: true);
    }

    [Fact]
    public async Task TheFeedListsTheNewReportsWithTheirSources()
    {
        using var response = await Client.GetAsync("/feeds/plan.atom", TestContext.Current.CancellationToken);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType!.MediaType);
        var feed = XDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        XNamespace atom = "http://www.w3.org/2005/Atom";
        var entries = feed.Root!.Elements(atom + "entry").ToList();

        Assert.Equal(3, entries.Count);
        Assert.Contains(entries, e => e.Element(atom + "title")!.Value.Contains("m01-a 2018：41.5（市发改委）", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Elements(atom + "link").Any(l => (string?)l.Attribute("href") == "https://example.invalid/a.pdf"));
        Assert.All(entries, e => Assert.DoesNotContain("演示", e.Element(atom + "title")!.Value, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheAssessmentKeepsItsPlanTargetFromThePlanData()
    {
        var assessment = (await Client.GetJsonAsync("/api/v1/city/assessment/2019")).GetProperty("result");
        var target = assessment.GetProperty("planTarget");

        Assert.Equal("锦政发〔2018〕33号", target.Str("document"));
        Assert.Equal(48m, target.GetProperty("pm25AnnualMean").GetDecimal());
        Assert.Equal(72.2m, target.GetProperty("goodDaysRatioPercent").GetDecimal());
        var reference = await Client.GetJsonAsync("/api/v1/reference/plan-targets");
        Assert.Equal([2018, 2019, 2020], reference.Results().Select(r => r.GetProperty("year").GetInt32()));
    }
}
