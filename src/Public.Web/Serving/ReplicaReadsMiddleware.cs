using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Data;

namespace Public.Web.Serving;

/// <summary>
/// Marks each request that only reads (GET, HEAD, and POST /graphql, which has no mutations) as a
/// <see cref="ReadOnlyIntent"/> needing the data version this replica of the app believes current, so that the store
/// may answer it from a read replica (<see cref="Database.Connect"/> decides, in one place). If a replica fails while
/// the request reads from it (killed, restarting, a query cancelled by the WAL it replays), the request runs again on
/// the primary before anything was sent: a dying replica costs time, never a 5xx. Without replicas it does nothing.
/// </summary>
internal sealed class ReplicaReadsMiddleware(RequestDelegate next, Database database, DataVersionMonitor versions, ILogger<ReplicaReadsMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!database.HasReplicas || !OnlyReads(context.Request))
        {
            await next(context);
            return;
        }

        if (HttpMethods.IsPost(context.Request.Method))
        {
            // A GraphQL query may have to be read a second time, for the run on the primary.
            context.Request.EnableBuffering();
        }

        using var intent = ReadOnlyIntent.Begin(() => versions.Current.Number);
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && database.ReplicaFailed(intent, e))
        {
            logger.LogWarning(e, "A read replica failed during {Path}; answering it from the primary", context.Request.Path);
            context.Response.Clear();
            if (context.Request.Body.CanSeek)
            {
                context.Request.Body.Position = 0;
            }

            await next(context);
        }
    }

    private static bool OnlyReads(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) ||
        (HttpMethods.IsPost(request.Method) && request.Path.Equals("/graphql", StringComparison.OrdinalIgnoreCase));
}
