using Microsoft.Extensions.DependencyInjection;
using Public.Web.Infrastructure;

namespace Public.Web.Tests.GraphQL;

/// <summary>
/// Counts the SQL statements the store runs for one GraphQL request (<see cref="Database.StatementObserver"/>: SQLite's
/// trace hook on the app's database, or Npgsql's tracing of the app's PostgreSQL database, so none can escape), leaving out the set-up pragmas of each pooled connection and the serving layer's read of the
/// data version (one per request at most, re-read when its short cache expires, so under load it may or may not fall
/// inside the counted request — it does not grow with the number of items, which is what the batching tests measure).
/// </summary>
internal static class StatementCount
{
    public static async Task<(GraphQLAnswer Answer, List<string> Queries)> PostCountingAsync(this HttpClient client, IServiceProvider services, string query)
    {
        var database = services.GetRequiredService<Database>();
        (await client.PostGraphQLAsync("{ meta { demo } }")).DataWithoutErrors(); // warm-up outside the count
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
            var answer = await client.PostGraphQLAsync(query);
            List<string> counted;
            lock (gate)
            {
                counted = sql.Where(s => !s.TrimStart().StartsWith("PRAGMA", StringComparison.OrdinalIgnoreCase)
                                         && !s.Contains("'data_version'", StringComparison.Ordinal)).ToList();
            }

            // Every counted request reads the store: none counted would mean the observer saw nothing, not a free request.
            Assert.NotEmpty(counted);
            return (answer, counted);
        }
        finally
        {
            database.StatementObserver = null;
        }
    }
}
