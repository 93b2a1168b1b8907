using System.Net;
using System.Security.Cryptography;
using System.Text;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.GraphQL;

/// <summary>The HTTP side of /graphql: POST and GET, variables, operationName, errors, persisted queries, ETags.</summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class GraphQLEndpointTests : IDisposable
{
    private readonly PublicWebApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task PostWithVariablesAndOperationNameRunsTheNamedOperation()
    {
        var answer = await _app.Client.PostGraphQLAsync(
            "query A { meta { demo } } query B($code: String!) { station(code: $code) { code name } }",
            variables: new { code = "1769a" }, operationName: "B");

        var data = answer.DataWithoutErrors();
        Assert.Equal("application/json", answer.MediaType);
        Assert.Equal("1769A", data.GetProperty("station").GetProperty("code").GetString());
        Assert.Equal("百股街道", data.GetProperty("station").GetProperty("name").GetString());
        Assert.False(data.TryGetProperty("meta", out _));
        // Every answer names its license and source, as REST does.
        var meta = answer.Body.GetProperty("extensions").GetProperty("meta");
        Assert.False(meta.GetProperty("demo").GetBoolean());
        Assert.Contains("CC BY 4.0", meta.GetProperty("license").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetRunsAQueryWithVariablesAndAnswersWithAStrongETag()
    {
        var query = Uri.EscapeDataString("query($c: String!) { station(code: $c) { code lat lon } }");
        var variables = Uri.EscapeDataString("{\"c\":\"1767A\"}");

        var answer = await _app.Client.GetGraphQLAsync($"query={query}&variables={variables}");

        Assert.Equal("1767A", answer.DataWithoutErrors().GetProperty("station").GetProperty("code").GetString());
        var etag = answer.Response.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        var again = await _app.Client.GetGraphQLAsync($"query={query}&variables={variables}", ifNoneMatch: etag.Tag);
        Assert.Equal(HttpStatusCode.NotModified, again.Status);
    }

    [Fact]
    public async Task AnyOriginMayPostAQueryFromABrowser()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/graphql");
        preflight.Headers.Add("Origin", "https://newsroom.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");

        using var response = await _app.Client.SendAsync(preflight, TestContext.Current.CancellationToken);

        Assert.True(response.IsSuccessStatusCode, $"preflight: {(int)response.StatusCode}");
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("POST", string.Join(",", response.Headers.GetValues("Access-Control-Allow-Methods")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownStationIsANotFoundErrorNamingTheCodeWhileOtherRootFieldsStillAnswer()
    {
        var answer = await _app.Client.PostGraphQLAsync("{ station(code: \"9999A\") { name } pollutants { totalCount } }");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var error = Assert.Single(answer.Errors);
        Assert.Equal("NOT_FOUND", error.GetProperty("extensions").GetProperty("code").GetString());
        Assert.Equal("code", error.GetProperty("extensions").GetProperty("parameter").GetString());
        Assert.Contains("9999A", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("station", error.GetProperty("path")[0].GetString());
        Assert.Equal(6, answer.Data.GetProperty("pollutants").GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task ValidationErrorsAre200ForJsonAnd400ForTheGraphQLResponseMediaType()
    {
        var body = new { query = "{ station(code: \"1767A\") { noSuchField } }" };

        var json = await _app.Client.PostJsonAsync(body);
        var graphqlResponse = await _app.Client.PostJsonAsync(body, accept: "application/graphql-response+json");

        Assert.Equal(HttpStatusCode.OK, json.Status);
        Assert.Contains("noSuchField", json.Errors[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False(json.Body.TryGetProperty("data", out _));
        Assert.Equal(HttpStatusCode.BadRequest, graphqlResponse.Status);
        Assert.Equal("application/graphql-response+json", graphqlResponse.MediaType);
        Assert.True(graphqlResponse.HasErrors);
    }

    [Theory]
    [InlineData("text/plain", "{ meta { demo } }", HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE")]
    [InlineData("application/json", "{ \"query\": ", HttpStatusCode.BadRequest, "BAD_REQUEST")]
    [InlineData("application/json", "{ \"variables\": {} }", HttpStatusCode.BadRequest, "BAD_REQUEST")]
    public async Task MalformedRequestsGetAGraphQLErrorBodyNotAServerError(string contentType, string body, HttpStatusCode status, string code)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent(body, Encoding.UTF8, contentType) };

        var answer = await GraphQLHttp.SendAsync(_app.Client, request);

        Assert.Equal(status, answer.Status);
        Assert.Equal([code], answer.ErrorCodes);
    }

    [Fact]
    public async Task FullIntrospectionQueryOfGraphQLToolsPassesTheLimits()
    {
        // The introspection query of graphql-js (getIntrospectionQuery), as IDEs and code generators send it.
        var typeRef = "kind name " + string.Concat(Enumerable.Repeat("ofType { kind name ", 9)) + new string('}', 9);
        var query = $$"""
            query IntrospectionQuery {
              __schema {
                queryType { name } mutationType { name } subscriptionType { name }
                types { ...FullType }
                directives { name description locations args { ...InputValue } }
              }
            }
            fragment FullType on __Type {
              kind name description
              fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
              inputFields { ...InputValue }
              interfaces { ...TypeRef }
              enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
              possibleTypes { ...TypeRef }
            }
            fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
            fragment TypeRef on __Type { {{typeRef}} }
            """;

        var answer = await _app.Client.PostGraphQLAsync(query);

        var types = answer.DataWithoutErrors().GetProperty("__schema").GetProperty("types").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
        Assert.Contains("Station", types);
        Assert.Contains("Date", types);
    }

    [Fact]
    public async Task PersistedQueryRoundTripRegistersOnPostThenRunsByHashOnGet()
    {
        var query = "{ stations { totalCount } }";
        var hash = Sha256(query);
        var extensions = Uri.EscapeDataString($$$"""{"persistedQuery":{"version":1,"sha256Hash":"{{{hash}}}"}}""");

        var unknown = await _app.Client.GetGraphQLAsync($"extensions={extensions}");
        Assert.Equal(HttpStatusCode.OK, unknown.Status);
        Assert.Equal("PersistedQueryNotFound", Assert.Single(unknown.Errors).GetProperty("message").GetString());
        Assert.Equal(["PERSISTED_QUERY_NOT_FOUND"], unknown.ErrorCodes);

        var registered = await _app.Client.PostGraphQLAsync(query, extensions: new { persistedQuery = new { version = 1, sha256Hash = hash } });
        Assert.Equal(5, registered.DataWithoutErrors().GetProperty("stations").GetProperty("totalCount").GetInt32());

        var byHash = await _app.Client.GetGraphQLAsync($"extensions={extensions}");
        Assert.Equal(5, byHash.DataWithoutErrors().GetProperty("stations").GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task PersistedQueryWithAHashThatIsNotTheQuerysIsRefusedAndNotKept()
    {
        var wrong = Sha256("{ meta { demo } }");

        var answer = await _app.Client.PostGraphQLAsync("{ stations { totalCount } }", extensions: new { persistedQuery = new { version = 1, sha256Hash = wrong } });
        var lookup = await _app.Client.PostJsonAsync(new { extensions = new { persistedQuery = new { version = 1, sha256Hash = wrong } } });

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(["PERSISTED_QUERY_HASH_MISMATCH"], answer.ErrorCodes);
        Assert.Equal(["PERSISTED_QUERY_NOT_FOUND"], lookup.ErrorCodes);
    }

    [Fact]
    public async Task IdePageLoadsItsVendoredFilesFromThisServer()
    {
        var page = await _app.Client.GetStringAsync(new Uri("/graphql/ui", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Contains("/lib/graphiql/graphiql.min.js", page, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", page, StringComparison.Ordinal);
        foreach (var file in new[] { "graphiql.min.js", "graphiql.min.css", "react.production.min.js", "react-dom.production.min.js", "LICENSE.txt" })
        {
            using var response = await _app.Client.GetAsync(new Uri("/lib/graphiql/" + file, UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{file}: {(int)response.StatusCode}");
        }
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
