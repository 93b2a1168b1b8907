using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Public.Web.AirQuality;
using Public.Web.Api;
using Public.Web.Contract;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Contract;

/// <summary>
/// The served OpenAPI document says what the routes really answer: typed 200 bodies named from the contract,
/// the declarations of each field, one problem schema behind every error response, the CSV columns the files
/// really have, and the deprecation mechanism. (Lint, schema validation of every response and the generated
/// client are the contract test suite's.)
/// </summary>
public sealed class OpenApiDocumentTests : IDisposable
{
    private readonly PublicWebApp _app = new();

    public void Dispose() => _app.Dispose();

    private Task<JsonElement> DocumentAsync() => _app.Client.GetJsonAsync("/swagger/v1/swagger.json");

    private static IEnumerable<(string Path, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject().Select(o => (p.Name, o.Value)));

    private static JsonElement Schema(JsonElement document, string name) => document.GetProperty("components").GetProperty("schemas").GetProperty(name);

    [Fact]
    public async Task EveryOperationHasATypedSuccessBodyAndTheSharedProblemResponses()
    {
        var document = await DocumentAsync();
        var operations = Operations(document).ToList();
        Assert.True(operations.Count >= 47, $"{operations.Count} operations");
        foreach (var (path, operation) in operations)
        {
            var responses = operation.GetProperty("responses");
            var content = responses.GetProperty("200").GetProperty("content");
            Assert.True(content.EnumerateObject().Any(), $"{path}: 200 without content");
            // Every /api answer is a JSON list or item, except the event stream (text/event-stream).
            if (path.StartsWith("/api/", StringComparison.Ordinal) && !content.TryGetProperty("text/event-stream", out _))
            {
                var json = content.GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString()!;
                Assert.Matches("^#/components/schemas/[A-Z][A-Za-z]*(List|Item)$", json);
            }

            Assert.Equal("#/components/responses/TooManyRequests", responses.GetProperty("429").GetProperty("$ref").GetString());
            Assert.Equal("#/components/responses/UriTooLong", responses.GetProperty("414").GetProperty("$ref").GetString());
            Assert.Equal(path.Contains('{', StringComparison.Ordinal), responses.TryGetProperty("404", out _));
            // No operation needs credentials: the root says so once.
            Assert.False(operation.TryGetProperty("security", out _), path);
        }

        var root = document.GetProperty("security");
        Assert.Equal(JsonValueKind.Object, Assert.Single(root.EnumerateArray()).ValueKind);
        Assert.Empty(Assert.Single(root.EnumerateArray()).EnumerateObject());
    }

    [Fact]
    public async Task EveryProblemResponseUsesTheOneProblemSchemaWithTheParameterExtension()
    {
        var document = await DocumentAsync();
        var components = document.GetProperty("components");
        foreach (var name in new[] { "BadRequest", "NotFound", "TooManyRequests" })
        {
            var response = components.GetProperty("responses").GetProperty(name);
            Assert.Equal("#/components/schemas/Problem",
                response.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString());
        }

        var problem = Schema(document, "Problem").GetProperty("properties");
        Assert.Equal("string", problem.GetProperty("parameter").GetProperty("type").GetString());
        Assert.Equal("integer", problem.GetProperty("status").GetProperty("type").GetString());
        // The rate limiter sends Retry-After with its 429: the document names it.
        Assert.Equal("#/components/headers/Retry-After",
            components.GetProperty("responses").GetProperty("TooManyRequests").GetProperty("headers").GetProperty("Retry-After").GetProperty("$ref").GetString());

        // And what the API really sends for a bad parameter has exactly that shape.
        var sent = await _app.Client.GetProblemAsync("/api/v1/stations?limit=0", HttpStatusCode.BadRequest);
        Assert.Equal("limit", sent.Str("parameter"));
        foreach (var property in sent.EnumerateObject())
        {
            Assert.True(problem.TryGetProperty(property.Name, out _), $"problem property '{property.Name}' is not in the schema");
        }
    }

    [Fact]
    public async Task ListsAreNamedFromTheContractAndShareOneMetaSchema()
    {
        var document = await DocumentAsync();
        var list = Schema(document, "StationList").GetProperty("properties");
        Assert.Equal("#/components/schemas/Meta", list.GetProperty("meta").GetProperty("$ref").GetString());
        Assert.Equal("#/components/schemas/" + ContractCatalog.Name(typeof(StationDto)), list.GetProperty("results").GetProperty("items").GetProperty("$ref").GetString());
        Assert.Equal("#/components/schemas/Meta", Schema(document, "PenaltyList").GetProperty("properties").GetProperty("meta").GetProperty("$ref").GetString());
        Assert.Equal("#/components/schemas/Meta", Schema(document, "AssessmentItem").GetProperty("properties").GetProperty("meta").GetProperty("$ref").GetString());
    }

    [Fact]
    public async Task FieldDeclarationsReachTheSchemaWithTrueNullability()
    {
        var document = await DocumentAsync();
        var station = Schema(document, ContractCatalog.Name(typeof(StationDto)));
        var properties = station.GetProperty("properties");
        var required = station.GetProperty("required").EnumerateArray().Select(r => r.GetString()).ToHashSet();
        foreach (var field in ContractCatalog.Fields<StationDto>())
        {
            var property = properties.GetProperty(field.Name);
            Assert.Contains(field.Name, required);
            if (field.Doc is { } doc)
            {
                Assert.StartsWith(doc.Description, property.GetProperty("description").GetString(), StringComparison.Ordinal);
            }

            var nullable = property.TryGetProperty("nullable", out var n) && n.GetBoolean();
            Assert.True(field.Nullable == nullable, $"Station.{field.Name}: nullable {nullable} in the document, {field.Nullable} in the record");
        }

        // District is null for a station outside any district; the code never is (independent of the catalog).
        Assert.True(properties.GetProperty("district").GetProperty("nullable").GetBoolean());
        Assert.False(properties.GetProperty("code").TryGetProperty("nullable", out _));
        // A record that may be null keeps its $ref inside allOf (OpenAPI 3.0 ignores a $ref's siblings).
        var latest = properties.GetProperty("latest");
        Assert.True(latest.GetProperty("nullable").GetBoolean());
        Assert.Equal("#/components/schemas/" + ContractCatalog.Name(typeof(LatestDto)), Assert.Single(latest.GetProperty("allOf").EnumerateArray()).GetProperty("$ref").GetString());

        // Decimals are decimals, not doubles; a unit is in x-unit.
        var value = Schema(document, ContractCatalog.Name(typeof(ValueDto))).GetProperty("properties").GetProperty("value");
        Assert.Equal("decimal", value.GetProperty("format").GetString());
        // The plan's PM2.5 target is in µg/m³ and may be absent (a target the plan does not set).
        var target = Schema(document, ContractCatalog.Name(typeof(PlanTargetDto))).GetProperty("properties").GetProperty("pm25AnnualMean");
        Assert.Equal("µg/m³", target.GetProperty("x-unit").GetString());
        Assert.Contains("µg/m³", target.Str("description"), StringComparison.Ordinal);
        Assert.True(target.GetProperty("nullable").GetBoolean());
        // A closed value set is an enum.
        var pollutant = Schema(document, ContractCatalog.Name(typeof(ValueDto))).GetProperty("properties").GetProperty("pollutant");
        Assert.Equal(["PM2.5", "PM10", "SO2", "NO2", "O3", "CO"], pollutant.GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task QueryParametersAreDescribedWithTheirTrueTypes()
    {
        var document = await DocumentAsync();
        var parameters = document.GetProperty("paths").GetProperty("/api/v1/stations/{code}/hourly").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().ToDictionary(p => p.Str("name"), p => p.GetProperty("schema"));
        Assert.Equal("integer", parameters["page"].Str("type"));
        Assert.Equal(1, parameters["page"].GetProperty("minimum").GetInt32());
        // A time series pages up to 10,000 rows: the handler refuses limit=10001 (see QueryProblemTests).
        Assert.Equal(10_000, parameters["limit"].GetProperty("maximum").GetInt32());
        Assert.Equal("date", parameters["from"].Str("format"));
        Assert.Equal(["json", "csv"], parameters["format"].GetProperty("enum").EnumerateArray().Select(e => e.GetString()));

        var stations = document.GetProperty("paths").GetProperty("/api/v1/stations").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().ToDictionary(p => p.Str("name"), p => p.GetProperty("schema"));
        Assert.Equal(1000, stations["limit"].GetProperty("maximum").GetInt32());
        Assert.Equal(1_000_000, stations["radius"].GetProperty("maximum").GetInt32());

        var stats = document.GetProperty("paths").GetProperty("/api/v1/penalties/stats").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Single(p => p.Str("name") == "by");
        Assert.True(stats.GetProperty("required").GetBoolean());
    }

    [Theory]
    [InlineData("/api/v1/stations", "/api/v1/stations?format=csv")]
    [InlineData("/api/v1/penalties", "/api/v1/penalties?format=csv")]
    [InlineData("/api/v1/penalties/stats", "/api/v1/penalties/stats?by=year&format=csv")]
    [InlineData("/api/v1/warnings", "/api/v1/warnings?format=csv")]
    [InlineData("/api/v1/enterprises", "/api/v1/enterprises?format=csv")]
    [InlineData("/api/v1/city/daily", "/api/v1/city/daily?format=csv")]
    [InlineData("/api/v1/city/hourly", "/api/v1/city/hourly?format=csv")]
    public async Task TheCsvColumnsInTheDocumentAreTheColumnsOfTheFile(string path, string url)
    {
        var document = await DocumentAsync();
        var csv = document.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("responses").GetProperty("200")
            .GetProperty("content").GetProperty("text/csv");
        var declared = csv.GetProperty("schema").GetProperty("x-csv-columns").EnumerateArray().Select(c => c.Str("name")).ToList();

        using var response = await _app.Client.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)).TrimStart('\uFEFF');
        var header = text[..text.IndexOf("\r\n", StringComparison.Ordinal)];
        Assert.Equal(header, string.Join(",", declared));
        Assert.Equal(header + "\r\n", csv.Str("example"));
    }

    [Fact]
    public async Task FeedsAreDescribedWithTheirMediaTypes()
    {
        var document = await DocumentAsync();
        string MediaType(string path) => Assert.Single(document.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("responses")
            .GetProperty("200").GetProperty("content").EnumerateObject()).Name;
        Assert.Equal("application/atom+xml", MediaType("/feeds/warnings.atom"));
        Assert.Equal("application/atom+xml", MediaType("/feeds/warnings.cap"));
        Assert.Equal("application/cap+xml", MediaType("/feeds/warnings/cap/{identifier}.xml"));
        Assert.Equal("application/atom+xml", MediaType("/feeds/penalties.atom"));
    }

    [Fact]
    public async Task TagsHaveDescriptionsAndInfoNamesTheLicense()
    {
        var document = await DocumentAsync();
        var tags = document.GetProperty("tags").EnumerateArray().ToList();
        var used = Operations(document).SelectMany(o => o.Operation.GetProperty("tags").EnumerateArray().Select(t => t.GetString())).ToHashSet();
        Assert.Equal(used.Order(StringComparer.Ordinal), tags.Select(t => t.Str("name")).Order(StringComparer.Ordinal));
        Assert.All(tags, t => Assert.False(string.IsNullOrWhiteSpace(t.Str("description"))));
        var info = document.GetProperty("info");
        Assert.StartsWith("CC BY 4.0", info.GetProperty("license").Str("name"), StringComparison.Ordinal);
        Assert.StartsWith("CC BY 4.0", MetaFactory.License, StringComparison.Ordinal);
        Assert.Equal("https://creativecommons.org/licenses/by/4.0/", info.GetProperty("license").Str("url"));
        Assert.NotEmpty(document.GetProperty("servers").EnumerateArray());
    }

    [Fact]
    public async Task ADeprecatedRouteSaysSoInTheDocumentAndInEveryAnswer()
    {
        // A test-only app: no published route is deprecated today.
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddPublicOpenApi();
        await using var app = builder.Build();
        app.UseSwagger();
        app.MapGet("/api/v1/old", () => Results.Ok(new ListResponse<ValueDto>(null!, []))).WithName("Old")
            .ListOf<ValueDto>().Deprecated(since: new DateOnly(2026, 1, 1), sunset: new DateOnly(2027, 6, 30));
        app.MapGet("/api/v1/current", () => Results.Ok(new ListResponse<ValueDto>(null!, []))).WithName("Current").ListOf<ValueDto>();
        await app.StartAsync(TestContext.Current.CancellationToken);
        using var client = app.GetTestClient();

        using var old = await client.GetAsync(new Uri("/api/v1/old", UriKind.Relative), TestContext.Current.CancellationToken);
        // 2026-01-01T00:00:00Z is 1767225600 s after the epoch; 30 June 2027 is a Wednesday.
        Assert.Equal("@1767225600", Assert.Single(old.Headers.GetValues("Deprecation")));
        Assert.Equal("Wed, 30 Jun 2027 00:00:00 GMT", Assert.Single(old.Headers.GetValues("Sunset")));
        Assert.Equal("</docs/changelog>; rel=\"deprecation\"; type=\"text/html\"", Assert.Single(old.Headers.GetValues("Link")));
        using var current = await client.GetAsync(new Uri("/api/v1/current", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.False(current.Headers.Contains("Deprecation"));

        var document = await client.GetJsonAsync("/swagger/v1/swagger.json");
        var operation = document.GetProperty("paths").GetProperty("/api/v1/old").GetProperty("get");
        Assert.True(operation.GetProperty("deprecated").GetBoolean());
        Assert.Contains("2027-06-30", operation.Str("description"), StringComparison.Ordinal);
        Assert.True(operation.GetProperty("responses").GetProperty("200").GetProperty("headers").TryGetProperty("Sunset", out _));
        Assert.False(document.GetProperty("paths").GetProperty("/api/v1/current").GetProperty("get").TryGetProperty("deprecated", out _));
    }
}
