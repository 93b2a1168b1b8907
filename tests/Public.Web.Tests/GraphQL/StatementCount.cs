using Microsoft.Extensions.DependencyInjection;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Data;

namespace Public.Web.Tests.GraphQL;

/// <summary>
/// Counts the SQL statements SQLite itself runs for one GraphQL request (its trace hook on the app's database, so
/// none can escape), leaving out the set-up pragmas of each pooled connection and the serving layer's read of the
/// data version (one per request at most, re-read when its short cache expires, so under load it may or may not fall
/// inside the counted request — it does not grow with the number of items, which is what the batching tests measure).
/// </summary>
internal static class StatementCount
{
    public static async Task<(GraphQLAnswer Answer, List<string> Queries)> PostCountingAsync(this HttpClient client, IServiceProvider services, string query)
    {
        var database = services.GetRequiredService<Database>();
        SkipUnlessSqlite(database);
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
            return (answer, sql.Where(s => !s.TrimStart().StartsWith("PRAGMA", StringComparison.OrdinalIgnoreCase)
                                           && !s.Contains("'data_version'", StringComparison.Ordinal)).ToList());
        }
        finally
        {
            database.StatementObserver = null;
        }
    }

    /// <summary>
    /// The count needs SQLite's trace hook (<see cref="Database.StatementObserver"/>), which PostgreSQL has no counterpart
    /// of in the app: on PostgreSQL (<c>TEST_STORE=postgres</c>) a counting test is skipped, saying why. The batching
    /// itself is the same code on both engines (the DataLoaders sit above the store).
    /// </summary>
    public static void SkipUnlessSqlite(Database database) => Assert.SkipWhen(database.Dialect == StoreDialect.Postgres,
        "counts statements with SQLite's trace hook (Database.StatementObserver); the app has none on PostgreSQL");
}
