using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.GraphQL;

/// <summary>
/// DataLoader batching: the series of N stations cost the same number of SQLite statements as those of one
/// station. Statements are counted by SQLite's own trace hook on the app's database, so none can escape the count.
/// </summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class GraphQLBatchingTests(RealDataApp real) : IClassFixture<RealDataApp>
{
    private const string Series = """
        latest { time aqi }
        hourly(filter: { from: "2019-01-01", to: "2019-01-02" }) { totalCount edges { node { aqi } } }
        daily(filter: { from: "2019-01-01", to: "2019-01-31" }) { totalCount edges { node { date aqi } } }
        versions(filter: { from: "2019-01-01", to: "2019-01-01" }) { totalCount }
        """;

    [Fact]
    public async Task SeriesOfFiveStationsCostTheSameStoreQueriesAsOneStation()
    {
        var one = await CountStatementsAsync("{ stations(first: 1) { edges { node { code " + Series + " } } } }");
        var five = await CountStatementsAsync("{ stations(first: 5) { edges { node { code " + Series + " } } } }");

        Assert.Equal(1, one.Stations);
        Assert.Equal(5, five.Stations);
        var queries = five.Sql;
        Assert.True(queries.Count == one.Sql.Count,
            $"1 station: {one.Sql.Count} queries, 5 stations: {queries.Count}:\n{string.Join("\n", queries)}\n-- 1 station:\n{string.Join("\n", one.Sql)}");
        // One query per series (latest, hourly, daily, versions), one transparency-log lookup for each versioned series
        // (hourly, versions) and one for the demo flag of the response's meta.
        Assert.True(queries.Count == 7, string.Join("\n", queries));
    }

    /// <summary>The request's queries (<see cref="StatementCount"/>: without the pooled connections' pragmas and the serving
    /// layer's read of the data version, which may or may not fall inside the counted request).</summary>
    private async Task<(int Stations, List<string> Sql)> CountStatementsAsync(string query)
    {
        var (answer, queries) = await real.Client.PostCountingAsync(real.App.Services, query);
        var stations = answer.DataWithoutErrors().GetProperty("stations").Nodes();
        Assert.All(stations, s => Assert.True(s.GetProperty("daily").GetProperty("totalCount").GetInt32() == 31, s.ToString()));
        return (stations.Count, queries);
    }
}
