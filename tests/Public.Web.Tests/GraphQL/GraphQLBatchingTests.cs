using Microsoft.Extensions.DependencyInjection;
using Public.Web.Infrastructure;
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
        // Queries only: the two set-up pragmas of each pooled connection depend on how many connections the pool had
        // to open (timing under load), not on the number of stations.
        static List<string> Queries(List<string> sql) => sql.Where(s => !s.TrimStart().StartsWith("PRAGMA", StringComparison.OrdinalIgnoreCase)).ToList();
        var queries = Queries(five.Sql);
        Assert.True(queries.Count == Queries(one.Sql).Count,
            $"1 station: {Queries(one.Sql).Count} queries, 5 stations: {queries.Count}:\n{string.Join("\n", queries)}");
        // One query per series (latest, hourly, daily, versions), one transparency-log lookup for each versioned series
        // (hourly, versions) and one for the demo flag of the response's meta.
        Assert.True(queries.Count == 7, string.Join("\n", queries));
    }

    private async Task<(int Stations, List<string> Sql)> CountStatementsAsync(string query)
    {
        var database = real.App.Services.GetRequiredService<Database>();
        StatementCount.SkipUnlessSqlite(database);
        (await real.Client.PostGraphQLAsync("{ meta { demo } }")).DataWithoutErrors(); // warm-up outside the count
        var sql = new List<string>();
        var gate = new Lock();
        database.StatementObserver = s =>
        {
            lock (gate)
            {
                sql.Add(s);
            }
        };
        try
        {
            var answer = await real.Client.PostGraphQLAsync(query);
            var stations = answer.DataWithoutErrors().GetProperty("stations").Nodes();
            Assert.All(stations, s => Assert.True(s.GetProperty("daily").GetProperty("totalCount").GetInt32() == 31, s.ToString()));
            return (stations.Count, sql);
        }
        finally
        {
            database.StatementObserver = null;
        }
    }
}
