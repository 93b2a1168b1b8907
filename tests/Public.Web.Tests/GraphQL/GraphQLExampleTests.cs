using System.Text.RegularExpressions;
using Public.Web.GraphQL;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.GraphQL;

/// <summary>The example queries (content/docs/graphql.md, IDE tabs) run against the demo data and answer what REST answers.</summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
[Collection(DemoOnKestrel.Name)]
public sealed partial class GraphQLExampleTests(DemoKestrelApp demo)
{
    public static TheoryData<string> ExampleNames() => [.. GraphQLExamples.All.Select(e => e.Name)];

    [Theory]
    [MemberData(nameof(ExampleNames))]
    public async Task ExampleRunsWithoutErrorsOnTheDemoDataAndByItsPersistedHash(string name)
    {
        var example = GraphQLExamples.All.Single(e => e.Name == name);

        var posted = await demo.Client.PostGraphQLAsync(example.Query);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(example.Query)));
        var byHash = await demo.Client.GetGraphQLAsync("extensions=" + Uri.EscapeDataString($$$"""{"persistedQuery":{"version":1,"sha256Hash":"{{{hash}}}"}}"""));

        var data = posted.DataWithoutErrors();
        Assert.True(posted.Body.GetProperty("extensions").GetProperty("meta").GetProperty("demo").GetBoolean());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, data.EnumerateObject().First().Value.ValueKind);
        Assert.Equal(data.ToString(), byHash.DataWithoutErrors().ToString());
    }

    [Fact]
    public async Task DaysAtLevelFourOrWorseAreTheRestDaysWithADailyAqiAbove150()
    {
        var example = GraphQLExamples.All.Single(e => e.Name.Contains("level-4", StringComparison.Ordinal));

        var stations = (await demo.Client.PostGraphQLAsync(example.Query)).DataWithoutErrors().GetProperty("stations").Nodes();

        Assert.Equal(5, stations.Count);
        foreach (var station in stations)
        {
            var code = station.GetProperty("code").GetString();
            var rest = await demo.Client.GetJsonAsync($"/api/v1/stations/{code}/daily?from=2019-01-01&to=2019-12-31");
            // HJ 633 表2: level 4 (中度污染) starts at AQI 151.
            var expected = rest.Results().Where(d => d.GetProperty("aqi").ValueKind == System.Text.Json.JsonValueKind.Number && d.GetProperty("aqi").GetInt32() > 150)
                .Select(d => (d.GetProperty("date").GetString(), string.Join(",", d.GetProperty("primaryPollutants").EnumerateArray().Select(p => p.GetString())))).ToList();
            var days = station.GetProperty("daily").Nodes()
                .Select(d => (d.GetProperty("date").GetString(), string.Join(",", d.GetProperty("primaryPollutants").EnumerateArray().Select(p => p.GetString())))).ToList();
            Assert.NotEmpty(expected);
            Assert.Equal(expected, days);
        }
    }

    [Fact]
    public async Task HeatingSeasonWarningsAreTheRestListOfOrangeAndRedWarnings()
    {
        var example = GraphQLExamples.All.Single(e => e.Name.Contains("heating-season", StringComparison.Ordinal));

        var warnings = (await demo.Client.PostGraphQLAsync(example.Query)).DataWithoutErrors().GetProperty("warnings");
        var rest = await demo.Client.GetJsonAsync("/api/v1/warnings?level=orange,red&from=2019-11-01&to=2020-03-31");

        var nodes = warnings.Nodes();
        Assert.NotEmpty(nodes);
        Assert.Equal(rest.GetProperty("meta").GetProperty("found").GetInt32(), warnings.GetProperty("totalCount").GetInt32());
        Assert.Equal(rest.Results().Select(w => (w.Str("id"), w.GetProperty("durationHours").GetDecimal(), w.GetProperty("observed").Str("dataSupport"))),
            nodes.Select(w => (w.Str("id"), w.GetProperty("durationHours").GetDecimal(), w.GetProperty("observed").Str("dataSupport"))));
        Assert.All(nodes, w => Assert.True(w.GetProperty("highestLevel").Str("code") is "orange" or "red", w.ToString()));
        Assert.All(nodes, w => Assert.Equal("issue", w.GetProperty("timeline")[0].Str("event")));
    }

    [Fact]
    public async Task Fines2019AreTheRestListWithTheirLegalBasis()
    {
        var example = GraphQLExamples.All.Single(e => e.Name.Contains("fines-2019", StringComparison.Ordinal));

        var penalties = (await demo.Client.PostGraphQLAsync(example.Query)).DataWithoutErrors().GetProperty("penalties");
        var rest = await demo.Client.GetJsonAsync("/api/v1/penalties?from=2019-01-01&to=2019-12-31&type=fine&minAmount=100000&limit=1000");

        var nodes = penalties.Nodes();
        Assert.NotEmpty(nodes);
        Assert.Equal(rest.GetProperty("meta").GetProperty("found").GetInt32(), penalties.GetProperty("totalCount").GetInt32());
        Assert.Equal(rest.Results().Select(p => (p.Str("decisionNumber"), p.GetProperty("fineTotal").GetDecimal(), p.GetProperty("legalBasis").Str("article"))),
            nodes.Select(p => (p.Str("decisionNumber"), p.GetProperty("fineTotal").GetDecimal(), p.GetProperty("legalBasis").Str("article"))));
        Assert.All(nodes, p => Assert.True(p.GetProperty("fineTotal").GetDecimal() >= 100_000m));
        Assert.All(nodes, p => Assert.StartsWith("2019-", p.Str("decisionDate"), StringComparison.Ordinal));
    }

    [Fact]
    public void GraphQLDocsPageShowsExactlyTheExampleQueries()
    {
        var page = File.ReadAllText(FindAbove("content/docs/graphql.md")).ReplaceLineEndings("\n");
        var halves = page.Split("\n=== en ===\n");
        Assert.Equal(2, halves.Length);

        // The Chinese page and the English page each show the examples, in the IDE's order.
        foreach (var half in halves)
        {
            var blocks = GraphQLBlock().Matches(half).Select(m => m.Groups[1].Value).ToList();
            Assert.Equal(GraphQLExamples.All.Select(e => e.Query.TrimEnd()), blocks.Select(b => b.TrimEnd()));
        }
    }

    private static string FindAbove(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, file)) && File.Exists(Path.Combine(dir.FullName, "Public.sln")))
            {
                return Path.Combine(dir.FullName, file);
            }
        }

        throw new FileNotFoundException(file + " not found above the test binaries");
    }

    [GeneratedRegex("```graphql\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex GraphQLBlock();
}
