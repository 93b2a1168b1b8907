using System.Text.Json;
using Public.Web.Tests.Hosting;
using Public.Web.Tests.Warnings;

namespace Public.Web.Tests.GraphQL;

/// <summary>
/// The warnings through GraphQL answer what REST answers, field by field (every REST field asked for), on the demo
/// data seeded up to a fixed "now" of 2021-03-01 12:00; a page of warnings with their nested lists costs the
/// store reads of one warning.
/// </summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class GraphQLWarningsTests(DemoWarningsFixture fixture) : IClassFixture<DemoWarningsFixture>
{
    private const string Level = "code name grade nameEn color";
    private const string Day = "date aqi aqiLevel { number name nameEn grade color } primaryPollutants meetsThreshold";

    /// <summary>Every field of REST's WarningDto.</summary>
    private const string WarningFields = $$"""
        id status area { code name nameEn districts } start startUtc end plannedEnd durationHours
        issuedLevel { {{Level}} } highestLevel { {{Level}} } currentLevel { {{Level}} } authority documentNumber events
        observed { dataSupport observedLevel { {{Level}} } scheme schemeVerified maxDailyAqi maxDailyAqiDate daysMeetingThreshold findings days { {{Day}} } note }
        """;

    /// <summary>Every field of REST's WarningEventDto.</summary>
    private const string EventFields = $$"""
        seq event eventZh time timeUtc until level { {{Level}} } area { code name nameEn districts } authority documentNumber
        basis { forecast { date aqiLow aqiHigh } primaryPollutant meteorology }
        measures { emissionCutPercent staggeredProduction trafficRestriction constructionHalt schoolOutdoorActivities publicAdvice }
        document { url sha256 } version current recordedAt source reason log { index sha256 }
        """;

    private const string ListFields = $$"""id title validFrom validTo entries levels { level { {{Level}} } enterprises }""";

    private HttpClient Client => fixture.App.Client;

    /// <summary>The journalist's question: orange or red warnings of the 2019–2020 heating season, their duration and data support.</summary>
    [Fact]
    public async Task SeasonsOrangeAndRedWarningsMatchTheRestListFieldByField()
    {
        var gql = await Client.PostGraphQLAsync($$"""
            { warnings(filter: { level: [ORANGE, RED], from: "2019-11-01", to: "2020-03-31" }) {
                totalCount edges { node { {{WarningFields}} highestLevel { value } } } } }
            """);
        var rest = await Client.GetJsonAsync("/api/v1/warnings?level=orange,red&from=2019-11-01&to=2020-03-31");

        var warnings = gql.DataWithoutErrors().GetProperty("warnings");
        Assert.Equal(rest.GetProperty("meta").GetProperty("found").GetInt32(), warnings.GetProperty("totalCount").GetInt32());
        var nodes = warnings.Nodes().Select(n => Without(n, "highestLevel", "value")).ToList();
        RestParity.AssertSameArrays(rest.Results().ToList(), nodes, complete: true);
        // Independent of REST: the demo's one orange warning of that season (DemoWarningsApiTests explains why).
        var w = Assert.Single(warnings.Nodes());
        Assert.Equal(("DEMO-20191221", "ORANGE", 44m, "notSupported"),
            (w.Str("id"), w.GetProperty("highestLevel").Str("value"), w.GetProperty("durationHours").GetDecimal(), w.GetProperty("observed").Str("dataSupport")));
    }

    [Fact]
    public async Task EveryWarningWithItsTimelineVersionsAndListsMatchesItsRestDetail()
    {
        var gql = await Client.PostGraphQLAsync($$"""
            { warnings(first: 10) { totalCount edges { node {
                {{WarningFields}} timeline { {{EventFields}} } versions { {{EventFields}} } reductionLists { {{ListFields}} } } } } }
            """);

        var nodes = gql.DataWithoutErrors().GetProperty("warnings").Nodes();
        Assert.Equal(["DEMO-20210115", "DEMO-20201205", "DEMO-20191221", "DEMO-20191124", "DEMO-20180210", "DEMO-20180102"], nodes.Select(n => n.Str("id")));
        foreach (var node in nodes)
        {
            var id = node.Str("id");
            var detail = (await Client.GetJsonAsync($"/api/v1/warnings/{id}")).GetProperty("result");
            RestParity.AssertSame(detail.GetProperty("warning"), Only(node, WarningKeys(detail)), id, complete: true);
            RestParity.AssertSameArrays(detail.GetProperty("timeline").EnumerateArray().ToList(), node.GetProperty("timeline").EnumerateArray().ToList(), complete: true);
            RestParity.AssertSameArrays(detail.GetProperty("reductionLists").EnumerateArray().ToList(), node.GetProperty("reductionLists").EnumerateArray().ToList(), complete: true);
            var versions = await Client.GetJsonAsync($"/api/v1/warnings/{id}/versions");
            RestParity.AssertSameArrays(versions.Results().ToList(), node.GetProperty("versions").EnumerateArray().ToList(), complete: true);
            Assert.NotEmpty(node.GetProperty("timeline").EnumerateArray());
            Assert.Equal("issue", node.GetProperty("timeline")[0].Str("event"));
        }
    }

    [Fact]
    public async Task TheConsistencyViewMatchesRestWithItsEpisodesAndFindings()
    {
        var gql = await Client.PostGraphQLAsync($$"""
            { warningConsistency(filter: { from: "2018-01-01", to: "2021-02-28" }) {
                notice noticeEn from to basis schemes { id from until verified } warnings observedEpisodes
                episodes(first: 20) { totalCount edges { node { from to level { {{Level}} } scheme peakAqi parts
                  progression { level { {{Level}} } at } days { {{Day}} } warnings } } }
                findings(first: 20) { totalCount edges { node { kind title titleEn warningId episodeFrom episodeTo
                  warningLevel { {{Level}} } observedLevel { {{Level}} } explanation explanationEn evidence { {{Day}} } } } } } }
            """);
        var rest = (await Client.GetJsonAsync("/api/v1/warnings/consistency?from=2018-01-01&to=2021-02-28")).GetProperty("result");

        var view = gql.DataWithoutErrors().GetProperty("warningConsistency");
        // The scalar parts and short lists here; the two connections below, node by node.
        string[] scalars = [.. rest.EnumerateObject().Select(p => p.Name).Except(["episodes", "findings"])];
        RestParity.AssertSame(Only(rest, scalars), Only(view, scalars), "view", complete: true);
        RestParity.AssertSameArrays(rest.GetProperty("episodes").EnumerateArray().ToList(), view.GetProperty("episodes").Nodes(), complete: true);
        RestParity.AssertSameArrays(rest.GetProperty("findings").EnumerateArray().ToList(), view.GetProperty("findings").Nodes(), complete: true);
        Assert.Equal(["liftedEarly", "noDataSupport", "notIssued"], view.GetProperty("findings").Nodes().Select(f => f.Str("kind")));
        Assert.Equal(rest.GetProperty("episodes").GetArrayLength(), view.GetProperty("episodes").GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task CriteriaAndReductionListsMatchRest()
    {
        var gql = await Client.PostGraphQLAsync($$"""
            { warningCriteria { method schemes { id name nameEn document verified notes from until mergeGapHours excludesOzoneDays
                rules { level { {{Level}} } trigger text emissionCutPercent } } }
              reductionLists(first: 10) { totalCount edges { node { {{ListFields}}
                entryList(level: RED) { totalCount edges { node { listId level { {{Level}} } enterprise uscc measure version recordedAt source reason log { index sha256 } } } } } } } }
            """);
        var data = gql.DataWithoutErrors();

        RestParity.AssertSame((await Client.GetJsonAsync("/api/v1/warnings/criteria")).GetProperty("result"), data.GetProperty("warningCriteria"), "criteria", complete: true);
        var lists = data.GetProperty("reductionLists").Nodes();
        RestParity.AssertSameArrays((await Client.GetJsonAsync("/api/v1/warnings/reduction-lists")).Results().ToList(),
            lists.Select(l => Without(l, "entryList", null)).ToList(), complete: true);
        Assert.Equal(4, lists.Count);
        foreach (var list in lists)
        {
            var rest = await Client.GetJsonAsync($"/api/v1/warnings/reduction-lists/{list.Str("id")}?level=red");
            RestParity.AssertSameArrays(rest.Results().ToList(), list.GetProperty("entryList").Nodes(), complete: true);
            Assert.Equal(6, list.GetProperty("entryList").GetProperty("totalCount").GetInt32());
        }
    }

    [Fact]
    public async Task BadInputIsRefusedWithRestsMessageAndParameter()
    {
        var gql = await Client.PostGraphQLAsync("""
            { a: warnings(filter: { from: "2020-01-02", to: "2020-01-01" }) { totalCount }
              b: warning(id: "NOPE") { id }
              c: warningConsistency(filter: { from: "1999-12-31" }) { warnings }
              d: reductionList(id: "NOPE") { id } }
            """);
        var rest = await Client.GetProblemAsync("/api/v1/warnings?from=2020-01-02&to=2020-01-01", System.Net.HttpStatusCode.BadRequest);

        var errors = gql.Errors.ToDictionary(e => e.GetProperty("path")[0].GetString()!);
        Assert.Equal(["a", "b", "c", "d"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(rest.Str("detail"), errors["a"].Str("message"));
        Assert.Equal(("BAD_PARAMETER", "from"), Code(errors["a"]));
        Assert.Equal(("NOT_FOUND", "id"), Code(errors["b"]));
        Assert.Equal(("BAD_PARAMETER", "from"), Code(errors["c"]));
        Assert.Contains("out of range", errors["c"].Str("message"), StringComparison.Ordinal);
        Assert.Equal(("NOT_FOUND", "id"), Code(errors["d"]));
    }

    [Fact]
    public async Task CursorsPageThroughTheWarningsInRestOrder()
    {
        var rest = (await Client.GetJsonAsync("/api/v1/warnings?limit=1000")).Results().Select(w => w.Str("id")).ToList();

        var ids = new List<string>();
        string? after = null;
        for (var page = 0; page < 10; page++)
        {
            var answer = await Client.PostGraphQLAsync("query($after: String) { warnings(first: 4, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }",
                new Dictionary<string, object?> { ["after"] = after });
            var connection = answer.DataWithoutErrors().GetProperty("warnings");
            Assert.Equal(rest.Count, connection.GetProperty("totalCount").GetInt32());
            ids.AddRange(connection.Nodes().Select(n => n.Str("id")));
            if (!connection.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean())
            {
                break;
            }

            after = connection.GetProperty("pageInfo").Str("endCursor");
        }

        Assert.Equal(6, rest.Count);
        Assert.Equal(rest, ids);
    }

    /// <summary>N+1: six warnings with their timelines, versions and lists cost the same statements as one.</summary>
    [Fact]
    public async Task WarningsWithTheirEventsCostTheSameStoreQueriesAsOneWarning()
    {
        static string Query(int first) => $$"""
            { warnings(first: {{first}}) { edges { node { id timeline { seq event } versions { seq version } reductionLists { id } } } }
              reductionLists(first: {{first}}) { edges { node { id entryList { totalCount edges { node { uscc } } } } } } }
            """;

        var (oneAnswer, one) = await Client.PostCountingAsync(fixture.App.Services, Query(1));
        var (sixAnswer, six) = await Client.PostCountingAsync(fixture.App.Services, Query(6));

        Assert.Single(oneAnswer.DataWithoutErrors().GetProperty("warnings").Nodes());
        var warnings = sixAnswer.DataWithoutErrors().GetProperty("warnings").Nodes();
        Assert.Equal(6, warnings.Count);
        Assert.All(warnings, w => Assert.NotEmpty(w.GetProperty("timeline").EnumerateArray()));
        Assert.Equal(4, sixAnswer.Data.GetProperty("reductionLists").Nodes().Count);
        Assert.True(six.Count == one.Count, $"1 warning: {one.Count} statements, 6 warnings: {six.Count}:\n{string.Join("\n", six)}");
        // The list (events, observed city days), one read per nested list, the lists and their entries, the demo flag;
        // and one transparency-log lookup each for the timelines, the versions and the entries.
        Assert.True(six.Count <= 13, string.Join("\n", six));
    }

    [Fact]
    public async Task ActiveWarningsAndCorrectedEventsMatchRestOnImportedSamples()
    {
        // Inside the sample's orange warning (2022-02-09 13:30 … lifted 2022-02-11 10:00), its issue corrected once.
        using var app = new WarningsApp(new DateTimeOffset(2022, 2, 10, 12, 0, 0, WarningsApp.China));
        var samples = app.ImportWarnings(WarningsApp.Sample("warnings.csv"), WarningsApp.Sample("warnings.json"), WarningsApp.Sample("reduction-list.csv"));
        Assert.True(samples.Clean, string.Join("\n", samples.Problems));
        var correction = app.ImportWarnings(app.WriteText("correction.csv", """
            warning_id,seq,event,time,until,level,area,authority,document_number,correction_reason
            SAMPLE-2022-01,1,issue,2022-02-09T13:30+08:00,2022-02-11T12:00+08:00,orange,city,锦州市重污染天气应急指挥部办公室（示例）,锦重污染应急办〔2022〕1号（示例）,预计结束时间更正
            """));
        Assert.True(correction.Clean, string.Join("\n", correction.Problems));

        var gql = await app.Client.PostGraphQLAsync($$"""
            { activeWarnings(first: 10) { totalCount edges { node { {{WarningFields}} versions { {{EventFields}} } } } } }
            """);
        var rest = await app.Client.GetJsonAsync("/api/v1/warnings/active");

        var active = gql.DataWithoutErrors().GetProperty("activeWarnings").Nodes();
        RestParity.AssertSameArrays(rest.Results().ToList(), active.Select(n => Without(n, "versions", null)).ToList(), complete: true);
        var w = Assert.Single(active);
        Assert.Equal(("SAMPLE-2022-01", "active", "orange"), (w.Str("id"), w.Str("status"), w.GetProperty("currentLevel").Str("code")));
        var versions = (await app.Client.GetJsonAsync("/api/v1/warnings/SAMPLE-2022-01/versions")).Results().ToList();
        RestParity.AssertSameArrays(versions, w.GetProperty("versions").EnumerateArray().ToList(), complete: true);
        Assert.Equal([(1, 1, false), (1, 2, true), (2, 1, true)],
            w.GetProperty("versions").EnumerateArray().Select(v => (v.GetProperty("seq").GetInt32(), v.GetProperty("version").GetInt32(), v.GetProperty("current").GetBoolean())));
        Assert.Contains("预计结束时间更正", w.GetProperty("versions")[1].Str("reason"), StringComparison.Ordinal);
    }

    private static (string?, string?) Code(JsonElement error) =>
        (error.GetProperty("extensions").GetProperty("code").GetString(), error.GetProperty("extensions").GetProperty("parameter").GetString());

    private static string[] WarningKeys(JsonElement detail) => [.. detail.GetProperty("warning").EnumerateObject().Select(p => p.Name)];

    /// <summary>The object with only these properties.</summary>
    private static JsonElement Only(JsonElement element, string[] names) =>
        JsonSerializer.SerializeToElement(element.EnumerateObject().Where(p => names.Contains(p.Name)).ToDictionary(p => p.Name, p => p.Value));

    /// <summary>The object without a property (or, with <paramref name="inner"/>, without that property of it).</summary>
    private static JsonElement Without(JsonElement element, string name, string? inner) =>
        JsonSerializer.SerializeToElement(element.EnumerateObject()
            .Where(p => inner is not null || p.Name != name)
            .ToDictionary(p => p.Name, p => inner is not null && p.Name == name ? Without(p.Value, inner, null) : p.Value));
}
