using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Public.Web.Tests.GraphQL;

/// <summary>A GraphQL answer as it came over the wire: status, media type, the JSON body, and how long it took.</summary>
internal sealed record GraphQLAnswer(HttpStatusCode Status, string? MediaType, JsonElement Body, TimeSpan Elapsed, HttpResponseMessage Response)
{
    public JsonElement Data => Body.GetProperty("data");

    public bool HasErrors => Body.TryGetProperty("errors", out var e) && e.GetArrayLength() > 0;

    public IReadOnlyList<JsonElement> Errors => Body.TryGetProperty("errors", out var e) ? e.EnumerateArray().ToList() : [];

    public IEnumerable<string?> ErrorCodes => Errors.Select(e => e.TryGetProperty("extensions", out var x) && x.TryGetProperty("code", out var c) ? c.GetString() : null);

    /// <summary>The data, after checking that there was no error.</summary>
    public JsonElement DataWithoutErrors()
    {
        Assert.True(Status == HttpStatusCode.OK, $"status {(int)Status}: {Body}");
        Assert.False(HasErrors, "errors: " + Body);
        return Data;
    }
}

/// <summary>POST and GET /graphql from tests, reading the raw JSON (the wire form, not our types).</summary>
internal static class GraphQLHttp
{
    public static Task<GraphQLAnswer> PostGraphQLAsync(this HttpClient client, string query, object? variables = null, string? operationName = null, object? extensions = null) =>
        client.PostJsonAsync(new Dictionary<string, object?> { ["query"] = query, ["variables"] = variables, ["operationName"] = operationName, ["extensions"] = extensions });

    public static async Task<GraphQLAnswer> PostJsonAsync(this HttpClient client, object body, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(body) };
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        return await SendAsync(client, request);
    }

    public static async Task<GraphQLAnswer> GetGraphQLAsync(this HttpClient client, string queryString, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?" + queryString);
        if (ifNoneMatch is not null)
        {
            request.Headers.IfNoneMatch.ParseAdd(ifNoneMatch);
        }

        return await SendAsync(client, request);
    }

    public static async Task<GraphQLAnswer> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        started.Stop();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return new GraphQLAnswer(response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, started.Elapsed, response);
    }

    /// <summary>The node objects of a connection.</summary>
    public static List<JsonElement> Nodes(this JsonElement connection) =>
        connection.GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node")).ToList();
}
