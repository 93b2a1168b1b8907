using System.Text.Json;
using Public.Web.Enterprises;
using Public.Web.Tests.GraphQL;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Audit;

/// <summary>One demo app, seeded from 2018-01-01 up to a fixed "now" of 2020-06-01 12:00 (after every 2019 report was due), shared by the class (only reads).</summary>
public sealed class DemoAuditFixture : IDisposable
{
    public PublicWebApp App { get; } = new(demo: true, time: new FixedTime(new DateTimeOffset(2020, 6, 1, 12, 0, 0, TimeSpan.FromHours(8))));

    public void Dispose() => App.Dispose();
}

/// <summary>
/// The NGO journey on the demo data: list every demo enterprise whose 2019 disclosures were late or inconsistent, open
/// one, and find the evidence there and consistent with the hourly API. Dates and deadlines are hand-counted from the
/// demo design (DemoDisclosures) and the 2019 holiday notice; exceedances are read from the hourly API, not the audit.
/// </summary>
public sealed class DemoAuditJourneyTests(DemoAuditFixture fixture) : IClassFixture<DemoAuditFixture>
{
    private HttpClient Client => fixture.App.Client;

    private static string Code(int index) => DemoEnterprises.All[index].CreditCode;

    /// <summary>Enterprises whose 2019 hourly data (through the hourly API) show any exceedance: every demo annual report claims none.</summary>
    private async Task<HashSet<string>> EnterprisesExceedingIn2019()
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in DemoEnterprises.All)
        {
            foreach (var outlet in e.Outlets.Where(o => o.Monitoring == Outlet.Automatic && o.Mn is not null))
            {
                foreach (var p in outlet.Pollutants)
                {
                    var rate = await Client.GetJsonAsync($"/api/v1/enterprises/{e.CreditCode}/outlets/{outlet.Code}/data-rate?pollutant={p.Code}&year=2019");
                    var months = rate.Results().Where(m => m.GetProperty("validHours").GetInt32() > 0).ToList();
                    if (months.Count == 0)
                    {
                        continue;
                    }

                    var hourly = await Client.GetJsonAsync($"/api/v1/enterprises/{e.CreditCode}/outlets/{outlet.Code}/hourly?pollutant={p.Code}&from=2019-01-01&to=2019-12-31");
                    if (hourly.Results().Any(h => h.GetProperty("exceeded").ValueKind == JsonValueKind.True))
                    {
                        result.Add(e.CreditCode);
                    }
                }
            }
        }

        return result;
    }

    [Fact]
    public async Task TheNgoListsEveryLateOrInconsistentEnterpriseOf2019()
    {
        var ranking = await Client.GetJsonAsync("/api/v1/audit?year=2019&status=late,inconsistent&limit=1000");
        var listed = ranking.Results().Select(r => r.Str("creditCode")).ToHashSet(StringComparer.Ordinal);

        // Late: 4 (annual, 36 days), 7 (annual, 5 days), 1 (temporary report, after National Day).
        // Inconsistent: 2 (penalty without temporary report) and every enterprise whose data exceed while its report claims none.
        var expected = new HashSet<string>([Code(4), Code(7), Code(1), Code(2)], StringComparer.Ordinal);
        var exceeding = await EnterprisesExceedingIn2019();
        Assert.Contains(Code(0), exceeding); // the December 2019 demo episode
        expected.UnionWith(exceeding);
        Assert.Equal(expected.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        Assert.Contains("未经生态环境部门审核", ranking.GetProperty("meta").Str("source"), StringComparison.Ordinal);

        // Every listed row carries what made it listed.
        Assert.All(ranking.Results(), r => Assert.True(
            r.GetProperty("statuses").EnumerateArray().Any(s => s.GetString() is "late" or "inconsistent"), r.Str("creditCode")));
    }

    [Fact]
    public async Task OpeningTheEnterpriseThatClaimsNoExceedanceShowsTheEvidenceAsTheHourlyApiHasIt()
    {
        var code = Code(0);
        var audit = (await Client.GetJsonAsync($"/api/v1/audit/{code}/2019")).GetProperty("result");

        var flag = audit.GetProperty("consistency").EnumerateArray().Single(f => f.Str("code") == "claimsNoExceedanceButData");
        var report = audit.GetProperty("annualReport");
        Assert.Equal("on-time", report.Str("status"));
        Assert.True(report.GetProperty("claimsNoExceedance").GetBoolean());
        Assert.Contains(report.Str("url"), flag.GetProperty("evidence").EnumerateArray().Select(e => e.GetString()));

        // Exceedance hours and the first hours listed agree with the hourly API for every pollutant of the outlet.
        var outlet = audit.GetProperty("selfMonitoring").GetProperty("outlets")[0];
        var distinctHours = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in outlet.GetProperty("pollutants").EnumerateArray())
        {
            var hourly = await Client.GetJsonAsync($"/api/v1/enterprises/{code}/outlets/{outlet.Str("outletCode")}/hourly?pollutant={p.Str("pollutant")}&from=2019-01-01&to=2019-12-31");
            var exceeded = hourly.Results().Where(h => h.GetProperty("exceeded").ValueKind == JsonValueKind.True).ToList();
            Assert.Equal(exceeded.Count, p.GetProperty("exceedanceHours").GetInt32());
            distinctHours.UnionWith(exceeded.Select(h => h.Str("dataTime")));
            var first = p.GetProperty("firstExceedances").EnumerateArray().ToList();
            Assert.Equal(Math.Min(10, exceeded.Count), first.Count);
            for (var i = 0; i < first.Count; i++)
            {
                Assert.Equal(exceeded[i].Str("dataTime"), first[i].Str("dataTime"));
                Assert.Equal(exceeded[i].GetProperty("corrected").GetDecimal(), first[i].GetProperty("corrected").GetDecimal());
                Assert.Equal(exceeded[i].GetProperty("multiple").GetDecimal(), first[i].GetProperty("multiple").GetDecimal());
            }

            if (exceeded.Count > 0)
            {
                Assert.Equal(exceeded.Max(h => h.GetProperty("multiple").GetDecimal()), p.GetProperty("maxMultiple").GetDecimal());
                // The series link answers with the same exceedances.
                var series = await Client.GetJsonAsync(p.Str("seriesUrl"));
                Assert.Equal(exceeded.Count, series.Results().Count(h => h.GetProperty("exceeded").ValueKind == JsonValueKind.True));
            }
        }

        Assert.Equal(distinctHours.Count, audit.GetProperty("selfMonitoring").GetProperty("exceedanceHours").GetInt32());
        Assert.Contains("2019-12-12T08:00:00", distinctHours);

        // The enterprise's explanation sits beside the exceedance it explains (right of reply).
        var so2 = outlet.GetProperty("pollutants").EnumerateArray().Single(p => p.Str("pollutant") == "a21026");
        var statement = Assert.Single(so2.GetProperty("statements").EnumerateArray());
        Assert.Equal("2019-12-14", statement.Str("date"));
        Assert.Contains("锅炉启动", statement.Str("text"), StringComparison.Ordinal);

        // Its temporary report for the December penalty: served Mon 12-23, due Mon 12-30 (hand count), filed 12-27.
        var temporary = Assert.Single(audit.GetProperty("temporaryReports").EnumerateArray());
        Assert.Equal(("2019-12-23", "2019-12-30", "2019-12-27", "on-time"),
            (temporary.Str("receivedDate"), temporary.Str("dueDate"), temporary.Str("filedDate"), temporary.Str("status")));
        var penalty = await Client.GetJsonAsync(temporary.Str("penaltyUrl"));
        Assert.Equal(temporary.Str("decisionNumber"), penalty.GetProperty("result").GetProperty("penalty").Str("decisionNumber"));
    }

    [Fact]
    public async Task EveryAuditOutcomeAppearsIn2019WithHandCountedDates()
    {
        async Task<JsonElement> Audit(int i) => (await Client.GetJsonAsync($"/api/v1/audit/{Code(i)}/2019")).GetProperty("result");

        // 1: served Fri 2019-09-27 → due Thu 10-10 (Sun 09-29 worked; 10-01…07 off); filed Mon 10-14: 10-11, Sat 10-12 (worked), 10-14 = 3 working days, 4 days.
        var late = Assert.Single((await Audit(1)).GetProperty("temporaryReports").EnumerateArray());
        Assert.Equal(("2019-10-10", "late", 3, 4), (late.Str("dueDate"), late.Str("status"), late.GetProperty("workingDaysLate").GetInt32(), late.GetProperty("daysLate").GetInt32()));
        Assert.False(late.GetProperty("basis").GetProperty("statutory").GetBoolean()); // 2019: Order 31 in force, Order 24's deadline as a benchmark

        // 2: served Wed 06-12 → due Wed 06-19; no report.
        var two = await Audit(2);
        var missing = Assert.Single(two.GetProperty("temporaryReports").EnumerateArray());
        Assert.Equal(("2019-06-19", "missing"), (missing.Str("dueDate"), missing.Str("status")));
        Assert.Contains(two.GetProperty("consistency").EnumerateArray(), f => f.Str("code") == "penaltyWithoutTemporaryReport");
        Assert.Single(missing.GetProperty("statements").EnumerateArray());

        // 3: served Fri 04-26 → due Mon 05-06 (Sun 04-28 and Sun 05-05 worked; 05-01…04 off); filed Sun 05-05: on time.
        var onTime = Assert.Single((await Audit(3)).GetProperty("temporaryReports").EnumerateArray());
        Assert.Equal(("2019-05-06", "on-time"), (onTime.Str("dueDate"), onTime.Str("status")));

        // Annual reports due 2020-03-15: 4 filed 04-20 (16 + 20 = 36 days late), 7 filed 03-20 (5 days), 5 none.
        var four = (await Audit(4)).GetProperty("annualReport");
        Assert.Equal(("late", 36, "2020-03-15"), (four.Str("status"), four.GetProperty("daysLate").GetInt32(), four.Str("dueDate")));
        Assert.Equal(5, (await Audit(7)).GetProperty("annualReport").GetProperty("daysLate").GetInt32());
        var five = await Audit(5);
        Assert.Equal("missing", five.GetProperty("annualReport").Str("status"));
        Assert.Equal("no-report", five.GetProperty("categories").Str("status"));

        // 6: carbon and temporary categories missing (3 points each).
        var six = await Audit(6);
        Assert.Equal(["carbon", "temporary"], six.GetProperty("categories").GetProperty("missing").EnumerateArray().Select(c => c.Str("code")));
        Assert.Contains(six.GetProperty("deductions").EnumerateArray(), d => d.Str("rule") == "categories" && d.GetProperty("points").GetInt32() == 6);
    }

    [Fact]
    public async Task TheRankingCsvHasABomAndOneRowPerListedEnterprise()
    {
        using var response = await Client.GetAsync("/api/v1/audit?year=2019&format=csv", TestContext.Current.CancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = System.Text.Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("rank,creditCode,name,district,industry,year,score,grade,", lines[0], StringComparison.Ordinal);
        Assert.Equal(1 + DemoEnterprises.All.Count(e => e.ListEntries.Any(l => l.Year == 2019)), lines.Length);

        var district = await Client.GetJsonAsync("/api/v1/audit?year=2019&district=太和区");
        Assert.All(district.Results(), r => Assert.Equal("太和区", r.Str("district")));
        Assert.Equal(DemoEnterprises.All.Count(e => e.District == "太和区"), district.GetProperty("meta").GetProperty("found").GetInt32());

        var bad = await Client.GetProblemAsync("/api/v1/audit?year=2019&status=tardy", System.Net.HttpStatusCode.BadRequest);
        Assert.Equal("status", bad.Str("parameter"));
        var noYear = await Client.GetProblemAsync("/api/v1/audit", System.Net.HttpStatusCode.BadRequest);
        Assert.Equal("year", noYear.Str("parameter"));
    }

    [Fact]
    public async Task GraphQLAnswersTheSameAsRest()
    {
        var code = Code(2);
        var data = (await Client.PostGraphQLAsync($$"""
            {
              auditRanking(year: 2019, status: [MISSING], first: 100) { totalCount edges { node { creditCode annualReport temporaryMissing } } }
              audit(creditCode: "{{code}}", year: 2019) { score grade temporaryReports { decisionNumber dueDate status statements { text } } }
              disclosures(creditCode: "{{code}}") { totalCount edges { node { id kind year dueDate } } }
              statements(creditCode: "{{code}}") { edges { node { subject decisionNumber } } }
            }
            """)).DataWithoutErrors();

        // Missing in 2019: 5 (annual report) and 2 (temporary report).
        Assert.Equal([Code(2), Code(5)], data.GetProperty("auditRanking").GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node").Str("creditCode")).Order(StringComparer.Ordinal));
        var rest = (await Client.GetJsonAsync($"/api/v1/audit/{code}/2019")).GetProperty("result");
        Assert.Equal(rest.GetProperty("score").GetInt32(), data.GetProperty("audit").GetProperty("score").GetInt32());
        var temp = Assert.Single(data.GetProperty("audit").GetProperty("temporaryReports").EnumerateArray());
        Assert.Equal(("2019-06-19", "missing"), (temp.Str("dueDate"), temp.Str("status")));
        Assert.Single(temp.GetProperty("statements").EnumerateArray());
        Assert.Equal(3, data.GetProperty("disclosures").GetProperty("totalCount").GetInt32()); // annual 2018, 2019, 2020
        Assert.Equal("penalty", Assert.Single(data.GetProperty("statements").GetProperty("edges").EnumerateArray()).GetProperty("node").Str("subject"));
    }

    private async Task<string> PageAsync(string path)
    {
        using var response = await Client.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task ThePagesShowTheRankingTheEvidenceAndTheMethodInBothLanguages()
    {
        var ranking = await PageAsync("/audit/2019?status=missing");
        Assert.Contains(DemoEnterprises.All[5].Name, ranking, StringComparison.Ordinal);
        Assert.DoesNotContain(DemoEnterprises.All[9].Name, ranking, StringComparison.Ordinal); // on time, complete: not missing
        Assert.Contains("/api/v1/audit?year=2019&amp;status=missing&amp;format=csv", ranking, StringComparison.Ordinal);
        Assert.Contains("Ranking (ties share a rank)", await PageAsync("/en/audit/2019"), StringComparison.Ordinal);

        var detail = await PageAsync($"/audit/{Code(0)}/2019");
        Assert.Contains("2019-12-12 08:00", detail, StringComparison.Ordinal);           // first exceedance hour
        Assert.Contains("锅炉启动", detail, StringComparison.Ordinal);                     // the enterprise's statement beside it
        Assert.Contains("声明无超标", detail, StringComparison.Ordinal);                   // the consistency flag
        Assert.Contains("未经生态环境部门审核", detail, StringComparison.Ordinal);
        var english = await PageAsync($"/en/audit/{Code(1)}/2019");
        Assert.Contains("3 working days, 4 days late", english, StringComparison.Ordinal);

        var method = await PageAsync("/audit/method");
        Assert.Contains("收到日期后第 5 个工作日", method, StringComparison.Ordinal);
        Assert.Contains("环境保护部令第31号", method, StringComparison.Ordinal);
        Assert.Contains("benchmark", await PageAsync("/en/audit/method"), StringComparison.Ordinal);

        using var missing = await Client.GetAsync($"/audit/{Code(0)}/2030", TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
    }
}
