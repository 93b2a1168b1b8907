using System.Text.Json;
using Public.Web.Tests.Hosting;
using Public.Web.Tests.Penalties;

namespace Public.Web.Tests.GraphQL;

/// <summary>
/// The penalties through GraphQL answer what REST answers, field by field (every REST field asked for), over the
/// ten known decisions of <see cref="PenaltyDataApp"/>; amounts stay exact; a page of decisions with their version
/// histories costs the store reads of one.
/// </summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class GraphQLPenaltiesTests(PenaltyDataApp data) : IClassFixture<PenaltyDataApp>
{
    /// <summary>Every field of REST's PenaltyDto.</summary>
    private const string PenaltyFields = """
        id decisionNumber authority party { name creditCode } district industry violation { category summary } legalBasis { law article }
        types fineAmount dailyPenalty { days dailyAmount total } fineTotal productionOrder sealUp confiscationAmount confiscatedItems warning
        currency decisionDate serviceDate publicationDate rectification { requirement status } paymentStatus appealStatus
        sourceDocument { url sha256 } version firstPublishedAt recordedAt correctionReason correctionDate log { index sha256 }
        """;

    private const string VersionFields = $$"""version current recordedAt source sourceLine reason correctionDate changes { field from to } record { {{PenaltyFields}} }""";

    private HttpClient Client => data.Client;

    /// <summary>The journalist's question: fines of at least 100,000 CNY decided in 2019, with their legal basis.</summary>
    [Fact]
    public async Task FinesOfAtLeast100000In2019MatchTheRestListFieldByField()
    {
        var gql = await Client.PostGraphQLAsync($$"""
            { penalties(filter: { from: "2019-01-01", to: "2019-12-31", type: [FINE], minAmount: 100000 }, first: 1000) {
                totalCount edges { node { {{PenaltyFields}} } } } }
            """);
        var rest = await Client.GetJsonAsync("/api/v1/penalties?from=2019-01-01&to=2019-12-31&type=fine&minAmount=100000&limit=1000");

        var penalties = gql.DataWithoutErrors().GetProperty("penalties");
        RestParity.AssertSameArrays(rest.Results().ToList(), penalties.Nodes(), complete: true);
        Assert.Equal(rest.GetProperty("meta").GetProperty("found").GetInt32(), penalties.GetProperty("totalCount").GetInt32());
        // From the fixture, independent of REST: 107, 106 (daily penalty), 102 (exactly 100,000), 101; not 110 (corrected to 80,000).
        Assert.Equal(["测试罚〔2019〕107号", "测试罚〔2019〕106号", "测试罚〔2019〕102号", "测试罚〔2019〕101号"], penalties.Nodes().Select(n => n.Str("decisionNumber")));
        Assert.Equal([120000.00m, 1500000.00m, 100000.00m, 250000.00m], penalties.Nodes().Select(n => n.GetProperty("fineTotal").GetDecimal()));
        Assert.Equal("第一百二十三条", penalties.Nodes()[1].GetProperty("legalBasis").Str("article"));
    }

    [Theory]
    [InlineData("{ type: [DAILY] }", "type=daily")]
    [InlineData("{ type: [WARNING, CONFISCATION] }", "type=warning,confiscation")]
    [InlineData("{ district: \"古塔区\" }", "district=古塔区")]
    [InlineData("{ industry: \"黑色金属冶炼和压延加工业\" }", "industry=黑色金属冶炼和压延加工业")]
    [InlineData("{ violation: \"自动监测设备未正常运行\" }", "violation=自动监测设备未正常运行")]
    [InlineData("{ party: \"钢铁\" }", "party=钢铁")]
    [InlineData("{ party: \"91210703pdy009022p\" }", "party=91210703pdy009022p")]
    [InlineData("{ maxAmount: 99999.99, type: [FINE] }", "maxAmount=99999.99&type=fine")]
    [InlineData("{ minAmount: 300000, maxAmount: 500000 }", "minAmount=300000&maxAmount=500000")]
    [InlineData("{ from: \"2019-12-31\", to: \"2020-01-01\" }", "from=2019-12-31&to=2020-01-01")]
    public async Task EachFilterSelectsWhatTheRestFilterSelects(string filter, string query)
    {
        var gql = await Client.PostGraphQLAsync($"{{ penalties(filter: {filter}) {{ totalCount edges {{ node {{ {PenaltyFields} }} }} }} }}");
        var rest = await Client.GetJsonAsync("/api/v1/penalties?" + query);

        var penalties = gql.DataWithoutErrors().GetProperty("penalties");
        Assert.NotEmpty(penalties.Nodes());
        Assert.Equal(rest.GetProperty("meta").GetProperty("found").GetInt32(), penalties.GetProperty("totalCount").GetInt32());
        RestParity.AssertSameArrays(rest.Results().ToList(), penalties.Nodes(), complete: true);
    }

    [Fact]
    public async Task AmountsInVariablesAreExactDecimals()
    {
        // 99,999.99 as a JSON number: 103 (99,999.99) is kept by maxAmount and left out by a minAmount one fen higher.
        const string Query = "query($max: Decimal, $min: Decimal) { penalties(filter: { maxAmount: $max, minAmount: $min, type: [FINE] }) { edges { node { decisionNumber fineTotal } } } }";

        var atMost = (await Client.PostGraphQLAsync(Query, new Dictionary<string, object?> { ["max"] = 99999.99m })).DataWithoutErrors().GetProperty("penalties").Nodes();
        var atLeast = (await Client.PostGraphQLAsync(Query, new Dictionary<string, object?> { ["min"] = 100000.00m, ["max"] = 100000.00m })).DataWithoutErrors().GetProperty("penalties").Nodes();
        // Ten decimals: refused by name as REST refuses them, not rounded away by a binary float on the way in.
        var tooFine = await Client.PostGraphQLAsync(Query, new Dictionary<string, object?> { ["max"] = 100000.0000000001m });

        Assert.Equal(["测试罚〔2019〕103号", "测试罚〔2019〕110号"], atMost.Select(n => n.Str("decisionNumber")));
        Assert.Equal("99999.99", atMost[0].GetProperty("fineTotal").GetRawText());
        Assert.Equal(["测试罚〔2019〕102号"], atLeast.Select(n => n.Str("decisionNumber")));
        var error = Assert.Single(tooFine.Errors);
        var problem = await Client.GetProblemAsync("/api/v1/penalties?maxAmount=100000.0000000001&type=fine", System.Net.HttpStatusCode.BadRequest);
        Assert.Equal(problem.Str("detail"), error.Str("message"));
        Assert.Equal("maxAmount", error.GetProperty("extensions").Str("parameter"));
    }

    [Fact]
    public async Task ADecisionWithItsVersionHistoryMatchesRest()
    {
        var list = await Client.GetJsonAsync("/api/v1/penalties?party=" + Uri.EscapeDataString("测试热电"));
        var id = list.Results().Single(r => r.Str("decisionNumber") == "测试罚〔2019〕110号").GetProperty("id").GetInt32();

        var gql = await Client.PostGraphQLAsync($$"""{ penalty(id: {{id}}) { {{PenaltyFields}} versions { {{VersionFields}} } } }""");
        var rest = (await Client.GetJsonAsync($"/api/v1/penalties/{id}")).GetProperty("result");

        var penalty = gql.DataWithoutErrors().GetProperty("penalty");
        RestParity.AssertSame(rest.GetProperty("penalty"), Without(penalty, "versions"), "penalty", complete: true);
        RestParity.AssertSameArrays(rest.GetProperty("versions").EnumerateArray().ToList(), penalty.GetProperty("versions").EnumerateArray().ToList(), complete: true);
        // The correction on reconsideration, independent of REST: 150,000 → 80,000.
        var change = penalty.GetProperty("versions")[1].GetProperty("changes").EnumerateArray().Single(c => c.Str("field") == "fineAmount");
        Assert.Equal(("150000.00", "80000.00"), (change.Str("from"), change.Str("to")));
        Assert.Equal(80000m, penalty.GetProperty("fineAmount").GetDecimal());
    }

    [Fact]
    public async Task PartyPenaltiesStatisticsAndTypesMatchRest()
    {
        var gql = await Client.PostGraphQLAsync($$"""
            { party: partyPenalties(creditCode: "{{PenaltyRows.PartyB}}") { totalCount edges { node { {{PenaltyFields}} } } }
              year: penaltyStatistics(by: YEAR) { edges { node { by key count fineTotal confiscationTotal currency } } }
              district: penaltyStatistics(by: DISTRICT, filter: { from: "2019-01-01", to: "2019-12-31", type: [FINE] }) { edges { node { by key count fineTotal confiscationTotal currency } } }
              industry: penaltyStatistics(by: INDUSTRY) { edges { node { by key count fineTotal confiscationTotal currency } } }
              violation: penaltyStatistics(by: VIOLATION) { edges { node { by key count fineTotal confiscationTotal currency } } }
              penaltyTypes { edges { node { code name nameEn } } } }
            """);
        var result = gql.DataWithoutErrors();

        var party = await Client.GetJsonAsync($"/api/v1/parties/{PenaltyRows.PartyB}/penalties");
        RestParity.AssertSameArrays(party.Results().ToList(), result.GetProperty("party").Nodes(), complete: true);
        Assert.Equal(3, result.GetProperty("party").GetProperty("totalCount").GetInt32());
        foreach (var (name, query) in new[] { ("year", "by=year"), ("district", "by=district&from=2019-01-01&to=2019-12-31&type=fine"), ("industry", "by=industry"), ("violation", "by=violation") })
        {
            var rest = await Client.GetJsonAsync("/api/v1/penalties/stats?" + query);
            Assert.NotEmpty(rest.Results());
            RestParity.AssertSameArrays(rest.Results().ToList(), result.GetProperty(name).Nodes(), complete: true);
        }

        RestParity.AssertSameArrays((await Client.GetJsonAsync("/api/v1/penalties/types")).Results().ToList(), result.GetProperty("penaltyTypes").Nodes(), complete: true);
        Assert.Equal(7, result.GetProperty("penaltyTypes").Nodes().Count);
    }

    [Fact]
    public async Task CursorsPageThroughTheDecisionsInRestOrder()
    {
        var rest = (await Client.GetJsonAsync("/api/v1/penalties?limit=1000")).Results().Select(r => r.Str("decisionNumber")).ToList();

        var numbers = new List<string>();
        string? after = null;
        for (var page = 0; page < 10; page++)
        {
            var answer = await Client.PostGraphQLAsync("query($after: String) { penalties(first: 3, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { decisionNumber } } } }",
                new Dictionary<string, object?> { ["after"] = after });
            var connection = answer.DataWithoutErrors().GetProperty("penalties");
            Assert.Equal(rest.Count, connection.GetProperty("totalCount").GetInt32());
            Assert.Equal(after is not null, connection.GetProperty("pageInfo").GetProperty("hasPreviousPage").GetBoolean());
            numbers.AddRange(connection.Nodes().Select(n => n.Str("decisionNumber")));
            if (!connection.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean())
            {
                break;
            }

            after = connection.GetProperty("pageInfo").Str("endCursor");
        }

        Assert.Equal(10, rest.Count);
        Assert.Equal(rest, numbers);
    }

    [Fact]
    public async Task BadInputIsRefusedWithRestsMessageAndParameter()
    {
        var gql = await Client.PostGraphQLAsync("""
            { a: penalty(id: 999999) { id }
              b: partyPenalties(creditCode: "91210711PDY009014G") { totalCount }
              c: penalties(filter: { from: "2020-01-02", to: "2020-01-01" }) { totalCount }
              d: partyPenalties(creditCode: "91210711PDY009014F", filter: { party: "钢铁" }) { totalCount }
              e: penalties(first: 1001) { totalCount } }
            """);

        var errors = gql.Errors.ToDictionary(e => e.GetProperty("path")[0].GetString()!);
        Assert.Equal(["a", "b", "c", "d", "e"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("NOT_FOUND", "id"), Code(errors["a"]));
        var badCode = await Client.GetProblemAsync("/api/v1/parties/91210711PDY009014G/penalties", System.Net.HttpStatusCode.BadRequest);
        Assert.Equal((badCode.Str("detail"), ("BAD_PARAMETER", "creditCode")), (errors["b"].Str("message"), Code(errors["b"])));
        Assert.Contains("expected 'F'", errors["b"].Str("message"), StringComparison.Ordinal);
        Assert.Equal(("BAD_PARAMETER", "from"), Code(errors["c"]));
        Assert.Equal(("BAD_PARAMETER", "party"), Code(errors["d"]));
        Assert.Equal(("BAD_PARAMETER", "first"), Code(errors["e"]));
    }

    /// <summary>N+1: ten decisions with their version histories cost the same statements as one.</summary>
    [Fact]
    public async Task PenaltiesWithTheirVersionsCostTheSameStoreQueriesAsOnePenalty()
    {
        static string Query(int first) => $$"""{ penalties(first: {{first}}) { edges { node { decisionNumber versions { version changes { field } record { fineTotal } } } } } }""";

        var (oneAnswer, one) = await Client.PostCountingAsync(data.App.Services, Query(1));
        var (tenAnswer, ten) = await Client.PostCountingAsync(data.App.Services, Query(10));

        Assert.Single(oneAnswer.DataWithoutErrors().GetProperty("penalties").Nodes());
        var penalties = tenAnswer.DataWithoutErrors().GetProperty("penalties").Nodes();
        Assert.Equal(10, penalties.Count);
        Assert.Equal(11, penalties.Sum(p => p.GetProperty("versions").GetArrayLength()));
        Assert.True(ten.Count == one.Count, $"1 decision: {one.Count} statements, 10 decisions: {ten.Count}:\n{string.Join("\n", ten)}");
        // The count and the page, one read of every history, the demo flag of the answer's meta, and one
        // transparency-log lookup each for the page and for the histories.
        Assert.True(ten.Count <= 6, string.Join("\n", ten));
    }

    private static (string?, string?) Code(JsonElement error) =>
        (error.GetProperty("extensions").GetProperty("code").GetString(), error.GetProperty("extensions").TryGetProperty("parameter", out var p) ? p.GetString() : null);

    private static JsonElement Without(JsonElement element, string name) =>
        JsonSerializer.SerializeToElement(element.EnumerateObject().Where(p => p.Name != name).ToDictionary(p => p.Name, p => p.Value));
}
