using System.Text;
using System.Text.Json;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Transport;
using GraphQLParser;
using GraphQLParser.Exceptions;
using Microsoft.Net.Http.Headers;
using Public.Web.Api;
using Public.Web.Infrastructure.Data;

namespace Public.Web.GraphQL;

/// <summary>
/// <c>POST /graphql</c> (JSON body: query, operationName, variables, extensions) and <c>GET /graphql?query=…</c>,
/// per the GraphQL-over-HTTP draft: <c>application/json</c> answers 200 for every well-formed request (errors in
/// the body), <c>application/graphql-response+json</c> (when asked for in Accept) answers 400 when nothing was
/// executed. Malformed HTTP requests get 400/413/415, always with a GraphQL <c>errors</c> body, never a 500.
/// </summary>
internal sealed class GraphQLEndpoint(
    IDocumentExecuter<PublicSchema> executer,
    IGraphQLTextSerializer serializer,
    PersistedQueries persisted,
    GraphQLLimits limits,
    ValidatedDocuments documents,
    MetaFactory meta)
{
    private const string JsonMediaType = "application/json";
    private const string GraphQLResponseMediaType = "application/graphql-response+json";

    public async Task PostAsync(HttpContext http)
    {
        if (http.Request.ContentType is not { } contentType ||
            !MediaTypeHeaderValue.TryParse(contentType, out var media) || !media.MediaType.Equals(JsonMediaType, StringComparison.OrdinalIgnoreCase))
        {
            await WriteErrorAsync(http, StatusCodes.Status415UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE",
                "POST /graphql needs Content-Type: application/json with {\"query\": \"…\", \"variables\": {…}}");
            return;
        }

        var body = await ReadBodyAsync(http);
        if (body is null)
        {
            await WriteErrorAsync(http, StatusCodes.Status413RequestEntityTooLarge, "REQUEST_TOO_LARGE",
                $"the request body is larger than {limits.MaxRequestBytes} bytes; use variables and persisted queries for large requests");
            return;
        }

        GraphQLRequest? request;
        try
        {
            request = serializer.Deserialize<GraphQLRequest>(body);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException or FormatException)
        {
            await WriteErrorAsync(http, StatusCodes.Status400BadRequest, "BAD_REQUEST",
                "the body is not a GraphQL request in JSON ({\"query\": \"…\", \"operationName\": …, \"variables\": {…}, \"extensions\": {…}}): " + e.Message);
            return;
        }

        await ExecuteAsync(http, request ?? new GraphQLRequest(), isGet: false);
    }

    public async Task GetAsync(HttpContext http)
    {
        var q = http.Request.Query;
        if (q.Count == 0 && http.Request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true))
        {
            // A person who types /graphql into a browser wants the IDE.
            http.Response.Redirect("/graphql/ui");
            return;
        }

        var request = new GraphQLRequest { Query = NullIfEmpty(q["query"]), OperationName = NullIfEmpty(q["operationName"]) };
        try
        {
            if (NullIfEmpty(q["variables"]) is { } variables)
            {
                request.Variables = serializer.Deserialize<Inputs>(variables);
            }

            if (NullIfEmpty(q["extensions"]) is { } extensions)
            {
                request.Extensions = serializer.Deserialize<Inputs>(extensions);
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException or FormatException)
        {
            await WriteErrorAsync(http, StatusCodes.Status400BadRequest, "BAD_REQUEST", "variables and extensions must be JSON objects: " + e.Message);
            return;
        }

        await ExecuteAsync(http, request, isGet: true);
    }

    private async Task ExecuteAsync(HttpContext http, GraphQLRequest request, bool isGet)
    {
        var query = request.Query;
        if (PersistedQueryHash(request.Extensions, out var hash, out var hashError))
        {
            if (hashError is not null)
            {
                await WriteErrorAsync(http, StatusCodes.Status400BadRequest, "PERSISTED_QUERY_INVALID", hashError);
                return;
            }

            if (query is null)
            {
                query = persisted.Find(hash!);
                if (query is null)
                {
                    // The Apollo protocol: the client answers this by sending the query with its hash once.
                    await WriteErrorAsync(http, StatusCodes.Status200OK, "PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound");
                    return;
                }
            }
            else if (!persisted.Register(hash!, query))
            {
                await WriteErrorAsync(http, StatusCodes.Status400BadRequest, "PERSISTED_QUERY_HASH_MISMATCH",
                    "provided sha256Hash does not match the query (expected the lower-case hex SHA-256 of the UTF-8 query text)");
                return;
            }
        }

        if (string.IsNullOrWhiteSpace(query))
        {
            await WriteErrorAsync(http, StatusCodes.Status400BadRequest, "BAD_REQUEST",
                isGet ? "GET /graphql needs ?query=… (or a persisted query hash in ?extensions=…); the IDE is at /graphql/ui"
                      : "the request has no query");
            return;
        }

        // A document that has passed the checks and GraphQL validation before is reused as parsed, and only the
        // rules that depend on variables (cost: `first` may be a variable) run again.
        var cached = documents.Find(query);
        var document = cached;
        if (document is null)
        {
            try
            {
                document = Parser.Parse(query, new ParserOptions { Ignore = IgnoreOptions.Comments, MaxDepth = limits.MaxParserDepth });
            }
            catch (GraphQLMaxDepthExceededException)
            {
                await WriteRefusalAsync(http, "DEPTH_LIMIT", $"the document nests more than {limits.MaxParserDepth} levels");
                return;
            }
            catch (GraphQLSyntaxErrorException e)
            {
                await WriteRefusalAsync(http, "SYNTAX_ERROR", e.Message);
                return;
            }

            if (DocumentLimits.Check(document, limits) is { } violation)
            {
                await WriteRefusalAsync(http, violation.Code, violation.Message);
                return;
            }
        }

        ExecutionResult result;
        try
        {
            result = await executer.ExecuteAsync(new ExecutionOptions
            {
                Query = query,
                Document = document,
                OperationName = request.OperationName,
                Variables = request.Variables,
                Extensions = request.Extensions,
                RequestServices = http.RequestServices,
                UserContext = new GraphQLRequestContext(),
                CancellationToken = http.RequestAborted,
                Timeout = limits.ExecutionTimeout,
                TimeoutAction = TimeoutAction.ReturnTimeoutError,
                ValidationRules = cached is null ? documents.AllRules : documents.VariableRules,
            });
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            return; // The client went away; nobody to answer.
        }

        if (cached is null && result.Executed)
        {
            documents.Add(query, document);
        }

        // GraphQL.NET turns a resolver's exception into an error of the answer, so a read replica dying under a resolver
        // would reach the client as a partial answer. Thrown instead, it reaches ReplicaReadsMiddleware, which runs the
        // whole request again on the primary (as for REST). Only for reads that did use a replica in their first run.
        if (ReadOnlyIntent.Current is { UsedReplica: true, PrimaryOnly: false }
            && result.Errors?.Select(e => e.InnerException).FirstOrDefault(ReplicaFailure) is { } replicaFailure)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(replicaFailure);
        }

        foreach (var error in result.Errors ?? [])
        {
            // The complexity analyzer reports both of its limits as COMPLEXITY; name the depth limit apart.
            if (error.Code == "COMPLEXITY" && error.Message.Contains("too nested", StringComparison.Ordinal))
            {
                error.Code = "DEPTH_LIMIT";
            }
            else if (error.Code == "COMPLEXITY")
            {
                error.Code = "COMPLEXITY_LIMIT";
                error.Extensions ??= new Dictionary<string, object?>();
                error.Extensions["hint"] = $"every field costs 1, times the `first` of each list around it (default {Paging.DefaultFirst}); ask for fewer items per list";
            }
        }

        var status = !result.Executed && WantsGraphQLResponse(http) ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK;
        await WriteAsync(http, status, result);
    }

    /// <summary>A failure of the store's connection (Npgsql), not a GraphQL timeout or a resolver's own error.</summary>
    private static bool ReplicaFailure(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is Npgsql.NpgsqlException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A refusal before execution: 200 with errors for application/json, 400 for application/graphql-response+json.</summary>
    private Task WriteRefusalAsync(HttpContext http, string code, string message) =>
        WriteErrorAsync(http, WantsGraphQLResponse(http) ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK, code, message);

    private Task WriteErrorAsync(HttpContext http, int status, string code, string message) =>
        WriteAsync(http, status, new ExecutionResult { Errors = [new ExecutionError(message) { Code = code }] });

    private async Task WriteAsync(HttpContext http, int status, ExecutionResult result)
    {
        var isDemo = meta.IsDemo;
        result.Extensions ??= new Dictionary<string, object?>();
        result.Extensions["meta"] = new Dictionary<string, object?>
        {
            ["license"] = MetaFactory.License,
            ["source"] = isDemo ? MetaFactory.DemoSource : MetaFactory.RealSource,
            ["demo"] = isDemo,
            ["demoNotice"] = isDemo ? MetaFactory.DemoNoticeText : null,
        };
        http.Response.StatusCode = status;
        http.Response.ContentType = (WantsGraphQLResponse(http) ? GraphQLResponseMediaType : JsonMediaType) + "; charset=utf-8";
        if (result.Errors is { Count: > 0 })
        {
            // An error (a timeout, an unknown persisted query) must not be served again from a cache.
            http.Response.Headers.CacheControl = "no-store";
        }

        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
    }

    private static bool WantsGraphQLResponse(HttpContext http) =>
        http.Request.Headers.Accept.Any(a => a?.Contains(GraphQLResponseMediaType, StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>Reads the body as UTF-8 text, or null when it is larger than the limit (read no further than that).</summary>
    private async Task<string?> ReadBodyAsync(HttpContext http)
    {
        if (http.Request.ContentLength > limits.MaxRequestBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limits.MaxRequestBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Whether the request names a persisted query; the hash, or why the extension is malformed.</summary>
    private static bool PersistedQueryHash(Inputs? extensions, out string? hash, out string? error)
    {
        hash = null;
        error = null;
        if (extensions is null || !extensions.TryGetValue("persistedQuery", out var value) || value is null)
        {
            return false;
        }

        if (value is not IDictionary<string, object?> pq || !pq.TryGetValue("sha256Hash", out var h) || h is not string text ||
            text.Length != 64 || !text.All(Uri.IsHexDigit))
        {
            error = "extensions.persistedQuery needs {\"version\": 1, \"sha256Hash\": \"<64 hex digits>\"}";
            return true;
        }

        if (pq.TryGetValue("version", out var version) && version is not null &&
            Convert.ToString(version, System.Globalization.CultureInfo.InvariantCulture) != "1")
        {
            error = "extensions.persistedQuery.version must be 1";
            return true;
        }

        hash = text;
        return true;
    }

    private static string? NullIfEmpty(Microsoft.Extensions.Primitives.StringValues value) => string.IsNullOrEmpty(value) ? null : value.ToString();
}
