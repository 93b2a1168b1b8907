using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Contract;

/// <summary>
/// The served OpenAPI document judged against the server it describes: every GET operation under /api is called
/// on the demo server with realistic parameters, and what comes back — JSON, CSV, problems — must be what the
/// document declares. Each test walks all operations and fails once, listing every mismatch (operation, status,
/// JSON pointer, validation error), so one run tells the whole story.
/// </summary>
[Collection(DemoOnKestrel.Name)]
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class ResponseSchemaTests(DemoKestrelApp demo)
{
    private const string Json = "application/json";
    private const string Csv = "text/csv";
    private const string Problem = "application/problem+json";

    /// <summary>The /api GET operations today (42); fewer than this means the document lost operations, not that they pass.</summary>
    private const int MinimumOperations = 40;

    [Fact]
    public async Task EveryApiOperationDeclaresA200JsonSchemaAndA4xxProblem()
    {
        var document = await ServedOpenApi.FetchAsync(demo.Client);
        var failures = new List<string>();
        foreach (var op in Operations(document))
        {
            if (!HasSchema(document, op.SchemaOf("200", Json)))
            {
                failures.Add($"{op}: no 200 {Json} schema declared");
            }

            // A 4xx may have no body (414: Kestrel refuses the request line itself); one that has a body is a problem.
            var problems = op.Responses.Where(r => r.Key.StartsWith('4')).ToList();
            if (!problems.Any(r => HasSchema(document, op.SchemaOf(r.Key, Problem))))
            {
                failures.Add($"{op}: no 4xx response with a {Problem} schema declared (declared: {string.Join(", ", op.Responses.Keys)})");
            }

            foreach (var (status, _) in problems.Where(r => r.Value["content"] is JsonObject { Count: > 0 } && !HasSchema(document, op.SchemaOf(r.Key, Problem))))
            {
                failures.Add($"{op}: {status} has a body but no {Problem} schema");
            }
        }

        Report(failures);
    }

    [Fact]
    public async Task EveryApiOperationAnswersJsonThatIts200SchemaAccepts()
    {
        var (document, samples) = await ReadAsync();
        var failures = new List<string>();
        var empty = new List<string>();
        foreach (var op in Operations(document))
        {
            if (Request(op, samples, failures) is not { } url)
            {
                continue;
            }

            var (status, mediaType, body) = await GetAsync(url, Json);
            if (status != 200)
            {
                failures.Add($"{op} → GET {url} answered {status} ({mediaType}), expected 200: {Clip(body)}");
                continue;
            }

            if (mediaType != Json)
            {
                failures.Add($"{op} → GET {url}: 200 came as {mediaType}, expected {Json}");
                continue;
            }

            if (op.SchemaOf("200", Json) is not { } schema || !HasSchema(document, schema))
            {
                failures.Add($"{op} → 200: no {Json} schema declared to validate against");
                continue;
            }

            var answer = DemoSamples.Parse(body);
            failures.AddRange(ServedOpenApi.Errors(document.Validator(schema), answer).Select(e => $"{op} → GET {url} 200 {e}"));
            if (answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("results", out var results)
                && results.ValueKind == JsonValueKind.Array && results.GetArrayLength() == 0)
            {
                empty.Add($"{op} → GET {url}");
            }
        }

        // An empty list validates trivially: say which ones were, so a reader knows what was not exercised.
        foreach (var line in empty)
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"empty results (items not validated): {line}");
        }

        Report(failures);
    }

    [Fact]
    public async Task EveryApiOperationThatDeclaresCsvAnswersTheColumnsItDeclares()
    {
        var (document, samples) = await ReadAsync();
        var failures = new List<string>();
        var checkedCount = 0;
        foreach (var op in Operations(document))
        {
            if (!op.Responses.TryGetValue("200", out var ok) || ok["content"]?[Csv] is not JsonObject csv
                || Request(op, samples, failures) is not { } url)
            {
                continue;
            }

            checkedCount++;
            var declared = DeclaredColumns(document, csv);
            if (declared is null)
            {
                failures.Add($"{op} → 200 {Csv}: declares no columns (a schema of rows — array of objects — or an example with a header line)");
                continue;
            }

            var (status, mediaType, body) = await GetAsync(url, Csv);
            if (status != 200 || mediaType != Csv)
            {
                failures.Add($"{op} → GET {url} (Accept: {Csv}) answered {status} {mediaType}, expected 200 {Csv}: {Clip(body)}");
                continue;
            }

            var header = HeaderOf(body);
            if (!header.SequenceEqual(declared))
            {
                failures.Add($"{op} → GET {url} (Accept: {Csv}): header [{string.Join(',', header)}] ≠ declared [{string.Join(',', declared)}]; "
                    + $"undeclared: [{string.Join(',', header.Except(declared))}], missing: [{string.Join(',', declared.Except(header))}]");
            }
        }

        // The document must describe CSV somewhere: the lists and series all offer it.
        if (checkedCount == 0)
        {
            failures.Add($"no operation declares a 200 {Csv} response");
        }

        Report(failures);
    }

    [Fact]
    public async Task EveryApiOperationRefusesAWrongParameterWithTheProblemItDeclares()
    {
        var (document, samples) = await ReadAsync();
        var failures = new List<string>();
        var probed = 0;
        foreach (var op in Operations(document))
        {
            // One wrong path value (an unknown id: 404) and one wrong query value (a bad date, limit out of range…: 400).
            foreach (var location in new[] { "path", "query" })
            {
                var wrong = op.In(location).Select(p => (Name: ApiOperation.NameOf(p), Value: DemoSamples.WrongValue(op.Path, location, ApiOperation.NameOf(p))))
                    .FirstOrDefault(p => p.Value is not null);
                if (wrong.Value is null || Request(op, samples, failures, (location, wrong.Name, wrong.Value)) is not { } url)
                {
                    continue;
                }

                probed++;
                var (status, mediaType, body) = await GetAsync(url, Json);
                if (status is < 400 or >= 500)
                {
                    failures.Add($"{op} → GET {url} ({location} '{wrong.Name}' wrong) answered {status}, expected a 4xx problem: {Clip(body)}");
                    continue;
                }

                if (op.Declared(status) is not var (key, response))
                {
                    failures.Add($"{op} → GET {url} answered {status}, which the operation does not declare (declared: {string.Join(", ", op.Responses.Keys)})");
                    continue;
                }

                if (mediaType != Problem)
                {
                    failures.Add($"{op} → GET {url} {status}: came as {mediaType}, expected {Problem}");
                    continue;
                }

                if (response["content"]?[Problem]?["schema"] is not { } schema || !HasSchema(document, schema))
                {
                    failures.Add($"{op} → {key}: no {Problem} schema declared to validate against");
                    continue;
                }

                var problem = DemoSamples.Parse(body);
                failures.AddRange(ServedOpenApi.Errors(document.Validator(schema), problem).Select(e => $"{op} → GET {url} {status} {e}"));
                // House rule: bad input gets a problem naming the parameter.
                var named = problem.TryGetProperty("parameter", out var p) ? p.GetString() : null;
                if (named != wrong.Name)
                {
                    failures.Add($"{op} → GET {url} {status}: problem names parameter '{named}', expected '{wrong.Name}'");
                }
            }
        }

        Assert.True(probed > MinimumOperations / 2, $"only {probed} wrong requests could be made: the parameters lost their names?");
        Report(failures);
    }

    private async Task<(ServedOpenApi Document, DemoSamples Samples)> ReadAsync() =>
        (await ServedOpenApi.FetchAsync(demo.Client), await DemoSamples.ReadAsync(demo.Client));

    private static IReadOnlyList<ApiOperation> Operations(ServedOpenApi document)
    {
        var operations = document.GetOperations();
        Assert.True(operations.Count >= MinimumOperations, $"the document has {operations.Count} GET operations under /api, expected at least {MinimumOperations}");
        return operations;
    }

    /// <summary>
    /// The URL of an operation with sample values for its path parameters and the query parameters it needs, one
    /// of them replaced when asked; null (with a failure) when a required parameter has no sample value.
    /// </summary>
    private static string? Request(ApiOperation op, DemoSamples samples, List<string> failures, (string In, string Name, string Value)? replace = null)
    {
        var path = new Dictionary<string, string>(StringComparer.Ordinal);
        var query = new List<KeyValuePair<string, string>>();
        foreach (var parameter in op.Parameters)
        {
            var (name, location, required) = (ApiOperation.NameOf(parameter), parameter["in"]!.GetValue<string>(), ApiOperation.IsRequired(parameter));
            var value = replace is { } r && r.In == location && r.Name == name ? r.Value
                : location == "path" ? samples.PathValue(op.Path, name)
                : location == "query" ? samples.QueryValue(op.Path, name, required)
                : null;
            if (value is null)
            {
                if (required)
                {
                    failures.Add($"{op}: no sample value for required {location} parameter '{name}' (add one to DemoSamples)");
                    return null;
                }

                continue;
            }

            if (location == "path")
            {
                path[name] = value;
            }
            else if (location == "query")
            {
                query.Add(new(name, value));
            }
        }

        return DemoSamples.Url(op.Path, path, query);
    }

    private async Task<(int Status, string? MediaType, string Body)> GetAsync(string url, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.Relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        using var response = await demo.Client.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
    }

    /// <summary>A schema that says something: a $ref, a type or a composition (not an empty {}).</summary>
    private static bool HasSchema(ServedOpenApi document, JsonNode? schema) =>
        document.Resolve(schema) is JsonObject s && (s.ContainsKey("type") || s.ContainsKey("properties") || s.ContainsKey("allOf") || s.ContainsKey("oneOf") || s.ContainsKey("anyOf"));

    /// <summary>
    /// The CSV columns a text/csv media type describes: the properties of its row schema (an array of objects),
    /// else the first line of its example (media type's, then schema's).
    /// </summary>
    private static List<string>? DeclaredColumns(ServedOpenApi document, JsonObject mediaType)
    {
        var schema = document.Resolve(mediaType["schema"]) as JsonObject;
        if (document.Resolve(schema?["items"]) is JsonObject row && Properties(document, row) is { Count: > 0 } columns)
        {
            return columns;
        }

        var example = mediaType["example"] ?? schema?["example"];
        return example is JsonValue text && text.GetValueKind() == JsonValueKind.String ? HeaderOf(text.GetValue<string>()) : null;
    }

    /// <summary>Property names of an object schema in declared order, through allOf.</summary>
    private static List<string> Properties(ServedOpenApi document, JsonObject schema)
    {
        var names = new List<string>();
        foreach (var part in schema["allOf"]?.AsArray() ?? [])
        {
            if (document.Resolve(part) is JsonObject p)
            {
                names.AddRange(Properties(document, p));
            }
        }

        names.AddRange(schema["properties"]?.AsObject().Select(p => p.Key) ?? []);
        return names;
    }

    /// <summary>The first record's fields of a CSV text (RFC 4180 quoting, BOM dropped).</summary>
    private static List<string> HeaderOf(string csv) => [.. Rfc4180.Records(csv)[0]];

    private static string Clip(string body) => body.Length <= 300 ? body : body[..300] + "…";

    private static void Report(List<string> failures)
    {
        if (failures.Count > 0)
        {
            Assert.Fail($"{failures.Count} contract mismatch(es):\n" + string.Join('\n', failures));
        }
    }
}
