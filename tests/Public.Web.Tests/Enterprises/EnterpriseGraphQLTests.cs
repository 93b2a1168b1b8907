using System.Globalization;
using System.Text.Json;
using Public.Web.Enterprises;
using Public.Web.Tests.GraphQL;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Enterprises;

/// <summary>
/// The key-polluter registry and self-monitoring series through GraphQL over the demo data (shared app, read only):
/// every answer equals REST's field by field, the hourly values are checked against the O2 correction and the
/// demo's documented exceedance episodes, a page of N enterprises' series costs the statements of one, and the
/// limits are refused by name.
/// </summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
[Collection(DemoOnKestrel.Name)]
public sealed class EnterpriseGraphQLTests(DemoKestrelApp demo)
{
    /// <summary>Every field of REST's Enterprise.</summary>
    private const string EnterpriseFields = """
        creditCode name industry district address latitude longitude permitNumber listEntries { year category }
        outlets { code name type heightM latitude longitude monitoring requiredFrequency emissionStandard referenceOxygen specialLimitsFrom mn
          pollutants { code limit specialLimit } } log { index sha256 }
        """;

    /// <summary>Every field of REST's HourlyEmissionDto.</summary>
    private const string HourFields = "dataTime pollutant measured flag oxygen referenceOxygen corrected limit specialLimit exceeded multiple";

    private static readonly string Power = DemoEnterprises.CreditCode(0);

    private HttpClient Client => demo.Client;

    [Fact]
    public async Task OneEnterpriseWithItsOutletsEqualsRest()
    {
        var gql = await Client.PostGraphQLAsync($$"""{ enterprise(creditCode: "{{Power}}") { {{EnterpriseFields}} } }""");
        var rest = await Client.GetJsonAsync("/api/v1/enterprises/" + Power);

        var enterprise = gql.DataWithoutErrors().GetProperty("enterprise");
        RestParity.AssertSame(rest.GetProperty("result"), enterprise, "enterprise", complete: true);
        // From the demo's definition (GB 13223-2011 power plant, 6 % O2, SO2 200 → 50 mg/m³ from 2020-01-01), not from either API.
        var outlet = enterprise.GetProperty("outlets")[0];
        Assert.Equal(("DA001", "automatic", 6m, "2020-01-01"), (outlet.Str("code"), outlet.Str("monitoring"), outlet.GetProperty("referenceOxygen").GetDecimal(), outlet.Str("specialLimitsFrom")));
        var so2 = outlet.GetProperty("pollutants").EnumerateArray().Single(p => p.Str("code") == "a21026");
        Assert.Equal((200m, 50m), (so2.GetProperty("limit").GetDecimal(), so2.GetProperty("specialLimit").GetDecimal()));
    }

    [Theory]
    [InlineData("{ district: \"古塔区\" }", "district=古塔区")]
    [InlineData("{ industry: \"水泥制造\" }", "industry=水泥制造")]
    [InlineData("{ listYear: 2021 }", "year=2021")]
    [InlineData("{ search: \"热电\" }", "search=热电")]
    [InlineData("{ search: \"pdy3001\" }", "search=pdy3001")]
    [InlineData("{ search: \"示例\", district: \"义县\", listYear: 2019 }", "search=示例&district=义县&year=2019")]
    public async Task EachFilterSelectsWhatTheRestFilterSelects(string filter, string query)
    {
        var gql = await Client.PostGraphQLAsync($"{{ enterprises(filter: {filter}, first: 50) {{ totalCount edges {{ node {{ {EnterpriseFields} }} }} }} }}");
        var rest = await Client.GetJsonAsync("/api/v1/enterprises?limit=1000&" + query);

        var enterprises = gql.DataWithoutErrors().GetProperty("enterprises");
        Assert.NotEmpty(enterprises.Nodes());
        Assert.Equal(rest.GetProperty("meta").GetProperty("found").GetInt32(), enterprises.GetProperty("totalCount").GetInt32());
        RestParity.AssertSameArrays(rest.Results().ToList(), enterprises.Nodes(), complete: true);
    }

    [Fact]
    public async Task SearchMatchesPartOfTheNameOrOfTheCreditCode()
    {
        // Demo enterprises 1, 6, 11, 16, 21, 26 are the power plants (示例热电第NN有限公司); codes carry PDY3 + the number.
        var byName = (await Client.PostGraphQLAsync("{ enterprises(filter: { search: \"热电\" }) { totalCount edges { node { name } } } }")).DataWithoutErrors().GetProperty("enterprises");
        Assert.Equal(6, byName.GetProperty("totalCount").GetInt32());
        Assert.Equal(["示例热电第01有限公司", "示例热电第06有限公司", "示例热电第11有限公司", "示例热电第16有限公司", "示例热电第21有限公司", "示例热电第26有限公司"],
            byName.Nodes().Select(n => n.Str("name")).Order(StringComparer.Ordinal));

        var byCode = (await Client.PostGraphQLAsync("{ enterprises(filter: { search: \"pdy30012\" }) { edges { node { creditCode } } } }")).DataWithoutErrors().GetProperty("enterprises");
        Assert.Equal([DemoEnterprises.CreditCode(11)], byCode.Nodes().Select(n => n.Str("creditCode")));
    }

    [Fact]
    public async Task HourlySeriesEqualsRestAndItsCorrectionAndExceedancesFollowTheStandard()
    {
        var gql = await Client.PostGraphQLAsync($$"""
            { enterprise(creditCode: "{{Power}}") { outlet(code: "DA001") {
                hourly(pollutant: "a21026", from: "2019-12-01", to: "2020-01-31", first: 1000) { totalCount edges { node { {{HourFields}} label } } } } } }
            """);
        var data = gql.DataWithoutErrors().GetProperty("enterprise").GetProperty("outlet").GetProperty("hourly");
        Assert.Equal(1000, data.Nodes().Count);
        var all = new List<JsonElement>(data.Nodes());
        var next = await Client.PostGraphQLAsync($$"""
            { enterprise(creditCode: "{{Power}}") { outlet(code: "DA001") {
                hourly(pollutant: "a21026", from: "2019-12-01", to: "2020-01-31", first: 1000, after: "{{Cursor(999)}}") { edges { node { {{HourFields}} } } } } } }
            """);
        all.AddRange(next.DataWithoutErrors().GetProperty("enterprise").GetProperty("outlet").GetProperty("hourly").Nodes());
        var rest = await Client.GetJsonAsync($"/api/v1/enterprises/{Power}/outlets/DA001/hourly?pollutant=a21026&from=2019-12-01&to=2020-01-31");

        Assert.Equal(rest.GetProperty("meta").GetProperty("found").GetInt32(), data.GetProperty("totalCount").GetInt32());
        RestParity.AssertSameArrays(rest.Results().ToList(), all.Select(StripLabel).ToList());
        Assert.All(data.Nodes(), n => Assert.Equal("企业自行监测数据，未经生态环境部门审核", n.Str("label")));

        foreach (var hour in all.Where(h => h.GetProperty("oxygen").ValueKind == JsonValueKind.Number))
        {
            // HJ/GB: C = C′ × (21 − 6) / (21 − O2), by hand.
            var measured = hour.GetProperty("measured").GetDecimal();
            var o2 = hour.GetProperty("oxygen").GetDecimal();
            Assert.Equal(Math.Round(measured * 15m / (21m - o2), 3, MidpointRounding.ToEven), hour.GetProperty("corrected").GetDecimal());
            var day = DateOnly.ParseExact(hour.Str("dataTime")[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            Assert.Equal(day >= new DateOnly(2020, 1, 1) ? 50m : 200m, hour.GetProperty("limit").GetDecimal());
            Assert.Equal(day >= new DateOnly(2020, 1, 1), hour.GetProperty("specialLimit").GetBoolean());
        }

        // The demo's two episodes of enterprise 1 at 180 % of the limit: 2019-12-12 08–10 and 2020-01-15 20–21; nothing else exceeds.
        var exceeded = all.Where(h => h.GetProperty("exceeded").ValueKind == JsonValueKind.True).ToList();
        Assert.Equal(["2019-12-12T08:00:00", "2019-12-12T09:00:00", "2019-12-12T10:00:00", "2020-01-15T20:00:00", "2020-01-15T21:00:00"], exceeded.Select(h => h.Str("dataTime")));
        Assert.All(exceeded, h => Assert.InRange(h.GetProperty("multiple").GetDecimal(), 1.79m, 1.81m));
        // Maintenance hours (flag M) are shown but not judged.
        Assert.All(all.Where(h => h.Str("flag") == "M"), h => Assert.Equal(JsonValueKind.Null, h.GetProperty("exceeded").ValueKind));
        Assert.Contains(all, h => h.Str("flag") == "M");
    }

    [Fact]
    public async Task DataRateEqualsRestAndCountsTheHoursFlaggedN()
    {
        var gql = await Client.PostGraphQLAsync($$"""
            { enterprise(creditCode: "{{Power}}") { outlet(code: "DA001") {
                y2019: dataRate(pollutant: "a21026", year: 2019) { year month expectedHours validHours rate }
                hours: hourly(pollutant: "a21026", from: "2019-12-01", to: "2019-12-31", first: 1000) { edges { node { flag } } } } } }
            """);
        var outlet = gql.DataWithoutErrors().GetProperty("enterprise").GetProperty("outlet");
        var rest = await Client.GetJsonAsync($"/api/v1/enterprises/{Power}/outlets/DA001/data-rate?pollutant=a21026&year=2019");

        RestParity.AssertSameArrays(rest.Results().ToList(), outlet.GetProperty("y2019").EnumerateArray().ToList(), complete: true);
        var december = outlet.GetProperty("y2019")[11];
        Assert.Equal(31 * 24, december.GetProperty("expectedHours").GetInt32());
        Assert.Equal(outlet.GetProperty("hours").Nodes().Count(h => h.Str("flag") == "N"), december.GetProperty("validHours").GetInt32());
        // November 2019 has data too (the demo year), but fewer valid hours than it has hours.
        Assert.InRange(outlet.GetProperty("y2019")[10].GetProperty("validHours").GetInt32(), 1, (30 * 24) - 1);
    }

    [Fact]
    public async Task SeriesOfFiveEnterprisesCostTheSameStatementsAsOne()
    {
        static string Query(int first) => $$"""
            { enterprises(first: {{first}}, filter: { district: "古塔区" }) { edges { node { creditCode outlets { code pollutants { code } }
                outlet(code: "DA001") {
                  so2: hourly(pollutant: "a21026", from: "2020-01-01", to: "2020-01-07") { totalCount edges { node { corrected exceeded } } }
                  nox: hourly(pollutant: "a21002", from: "2020-01-01", to: "2020-01-07") { totalCount }
                  dataRate(pollutant: "a21026", year: 2020) { validHours } } } } } }
            """;

        var (oneAnswer, oneSql) = await Client.PostCountingAsync(demo.App.Services, Query(1));
        var (fiveAnswer, fiveSql) = await Client.PostCountingAsync(demo.App.Services, Query(5));
        // The serving layer re-reads the data version now and then (its own cache check, not this query's work).
        var one = oneSql.Where(s => !s.Contains("'data_version'", StringComparison.Ordinal)).ToList();
        var ten = fiveSql.Where(s => !s.Contains("'data_version'", StringComparison.Ordinal)).ToList();

        var nodes = fiveAnswer.DataWithoutErrors().GetProperty("enterprises").Nodes();
        Assert.Equal(5, nodes.Count);
        oneAnswer.DataWithoutErrors();
        // Every demo enterprise's main outlet has a year of demo CEMS data: each count is what REST answers for the same days.
        foreach (var n in nodes)
        {
            var rest = await Client.GetJsonAsync($"/api/v1/enterprises/{n.Str("creditCode")}/outlets/DA001/hourly?pollutant=a21026&from=2020-01-01&to=2020-01-07");
            Assert.Equal(rest.Results().Count(), n.GetProperty("outlet").GetProperty("so2").GetProperty("totalCount").GetInt32());
            Assert.InRange(n.GetProperty("outlet").GetProperty("so2").GetProperty("totalCount").GetInt32(), 1, 7 * 24);
        }

        Assert.True(ten.Count == one.Count, $"1 enterprise: {one.Count} statements, 5: {ten.Count}:\n{string.Join("\n", one)}\n---\n{string.Join("\n", ten)}");
        // Count and page of the list, its list years, one read for both hourly series, one for the data rates, the demo
        // flag, and one transparency-log lookup for the page's enterprises.
        Assert.True(ten.Count <= 7, string.Join("\n", ten));
    }

    [Theory]
    [InlineData("""{ enterprise(creditCode: "91210702PDY30001XX") { name } }""", "creditCode")]
    [InlineData("""{ enterprise(creditCode: "91210702MA0000000X") { name } }""", "creditCode")]
    [InlineData("""{ enterprises(filter: { listYear: 1999 }) { totalCount } }""", "year")]
    [InlineData("""{ enterprises(first: 1001) { totalCount } }""", "first")]
    [InlineData("""{ enterprise(creditCode: "CODE") { outlet(code: "DA001") { hourly(pollutant: "a21026", from: "2019-01-01", to: "2020-01-02") { totalCount } } } }""", "to")]
    [InlineData("""{ enterprise(creditCode: "CODE") { outlet(code: "DA001") { hourly(pollutant: "a99999") { totalCount } } } }""", "pollutant")]
    [InlineData("""{ enterprise(creditCode: "CODE") { outlet(code: "DA001") { dataRate(pollutant: "a21026", year: 1990) { rate } } } }""", "year")]
    public async Task BadArgumentsAreErrorsNamingTheParameter(string query, string parameter)
    {
        var answer = await Client.PostGraphQLAsync(query.Replace("CODE", Power, StringComparison.Ordinal));

        Assert.True(answer.HasErrors, answer.Body.ToString());
        var error = answer.Errors[0];
        Assert.True(error.TryGetProperty("extensions", out var x) && x.TryGetProperty("parameter", out var p) && p.GetString() == parameter, error.ToString());
    }

    [Fact]
    public async Task ASearchTextLongerThan100CharactersIsRefusedByName()
    {
        var answer = await Client.PostGraphQLAsync("{ enterprises(filter: { search: \"" + new string('厂', 101) + "\" }) { totalCount } }");
        Assert.Contains("at most 100", answer.Errors[0].Str("message"), StringComparison.Ordinal);
        await Client.GetProblemAsync("/api/v1/enterprises?search=" + new string('x', 101), System.Net.HttpStatusCode.BadRequest);
    }

    private static string Cursor(int position) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("cursor:" + position.ToString(CultureInfo.InvariantCulture)));

    private static JsonElement StripLabel(JsonElement hour)
    {
        var copy = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(hour.GetRawText())!;
        copy.Remove("label");
        return JsonSerializer.SerializeToElement(copy);
    }
}
