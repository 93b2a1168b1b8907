using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Public.Web.Tests.Contract;

/// <summary>
/// The OpenAPI document as the app serves it, read as plain JSON (not through Swashbuckle's or Microsoft.OpenApi's
/// object model, so the checks judge the published text). Gives its GET operations with <c>$ref</c>s resolved, and
/// turns a declared schema into a JSON Schema 2020-12 validator (OpenAPI 3.0's dialect translated when needed).
/// </summary>
internal sealed class ServedOpenApi
{
    public const string Url = "/swagger/v1/swagger.json";

    private const string ComponentSchemas = "#/components/schemas/";

    private readonly JsonObject _defs;

    // One validator per distinct schema: most operations share the problem schema, and each build parses every component.
    private readonly ConcurrentDictionary<string, JsonSchema> _validators = new(StringComparer.Ordinal);

    private ServedOpenApi(string text)
    {
        Text = text;
        Root = JsonNode.Parse(text)?.AsObject() ?? throw new InvalidOperationException("the OpenAPI document is empty");
        Version = Root["openapi"]?.GetValue<string>() ?? "";
        _defs = new JsonObject();
        if (Root["components"]?["schemas"] is JsonObject schemas)
        {
            foreach (var (name, schema) in schemas)
            {
                _defs[name] = ToJsonSchema(schema);
            }
        }
    }

    public string Text { get; }

    public JsonObject Root { get; }

    /// <summary>The <c>openapi</c> field, e.g. 3.0.4.</summary>
    public string Version { get; }

    /// <summary>OpenAPI 3.0 schemas are a JSON Schema dialect of their own (nullable, boolean exclusive bounds); 3.1's are 2020-12.</summary>
    public bool IsOpenApi30 => Version.StartsWith("3.0", StringComparison.Ordinal);

    public static async Task<ServedOpenApi> FetchAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri(Url, UriKind.Relative), TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"GET {Url} gave {(int)response.StatusCode}: {text}");
        return new ServedOpenApi(text);
    }

    /// <summary>A document from its text (the checks' own tests feed it small documents).</summary>
    public static ServedOpenApi Parse(string text) => new(text);

    public string WriteTo(string folder)
    {
        var path = Path.Combine(folder, "openapi.json");
        File.WriteAllText(path, Text);
        return path;
    }

    /// <summary>Whether the operation's 200 answers only <c>text/event-stream</c>.</summary>
    public static bool IsEventStream(JsonObject operation) =>
        operation["responses"]?["200"]?["content"] is JsonObject content && content.Count == 1 && content.ContainsKey("text/event-stream");

    /// <summary>The GET operations whose path starts with the prefix, in document order.</summary>
    public IReadOnlyList<ApiOperation> GetOperations(string pathPrefix = "/api/")
    {
        var operations = new List<ApiOperation>();
        if (Root["paths"] is not JsonObject paths)
        {
            return operations;
        }

        foreach (var (path, item) in paths)
        {
            if (!path.StartsWith(pathPrefix, StringComparison.Ordinal) || Resolve(item)?["get"] is not JsonObject get)
            {
                continue;
            }

            if (IsEventStream(get))
            {
                // A server-sent event stream (/api/v1/stream) is not a JSON resource: it never ends, so it is not fetched here.
                continue;
            }

            // Parameters of the path item apply to every operation under it unless the operation redeclares them.
            var parameters = new Dictionary<(string, string), JsonObject>();
            foreach (var source in new[] { Resolve(item)?["parameters"], get["parameters"] })
            {
                foreach (var p in source?.AsArray() ?? [])
                {
                    if (Resolve(p) is JsonObject parameter)
                    {
                        parameters[(parameter["name"]!.GetValue<string>(), parameter["in"]!.GetValue<string>())] = parameter;
                    }
                }
            }

            var responses = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            foreach (var (status, response) in get["responses"]?.AsObject() ?? [])
            {
                if (Resolve(response) is JsonObject r)
                {
                    responses[status] = r;
                }
            }

            operations.Add(new ApiOperation(path, get["operationId"]?.GetValue<string>() ?? "GET " + path, [.. parameters.Values], responses));
        }

        return operations;
    }

    /// <summary>Follows local <c>$ref</c>s (e.g. to #/components/responses/…) to what they name.</summary>
    public JsonNode? Resolve(JsonNode? node)
    {
        for (var hops = 0; hops < 16 && node is JsonObject o && o["$ref"] is JsonValue reference; hops++)
        {
            var pointer = reference.GetValue<string>();
            Assert.StartsWith("#/", pointer);
            node = Root;
            foreach (var segment in pointer[2..].Split('/'))
            {
                node = node?[segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)];
            }

            Assert.True(node is not null, $"unresolvable $ref {pointer}");
        }

        return node;
    }

    /// <summary>
    /// A validator for one declared schema, with every component schema as <c>$defs</c>. Objects that declare
    /// their properties are closed (<c>unevaluatedProperties: false</c> unless they say otherwise): an answer
    /// field the document does not declare is a mismatch, as it is for a typed client.
    /// </summary>
    public JsonSchema Validator(JsonNode schema) => _validators.GetOrAdd(schema.ToJsonString(), _ => Build(schema));

    private JsonSchema Build(JsonNode schema)
    {
        var document = ToJsonSchema(schema) as JsonObject ?? new JsonObject { ["allOf"] = new JsonArray(ToJsonSchema(schema)) };
        document["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        document["$defs"] = _defs.DeepClone();
        // A base URI of its own per validator: the schema registry is global and keyed by it.
        return JsonSchema.FromText(document.ToJsonString(), baseUri: new Uri($"https://contract.invalid/{Guid.NewGuid():N}"));
    }

    /// <summary>Validation errors of a JSON value, one line each: JSON pointer, schema path, message. Empty when valid.</summary>
    public static IReadOnlyList<string> Errors(JsonSchema validator, JsonElement instance)
    {
        var results = validator.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (results.IsValid)
        {
            return [];
        }

        var lines = new List<string>();
        foreach (var unit in (IEnumerable<EvaluationResults>?)results.Details is { } details ? details.Prepend(results) : [results])
        {
            foreach (var (keyword, message) in unit.Errors ?? new Dictionary<string, string>())
            {
                lines.Add($"at '{unit.InstanceLocation}' ({unit.EvaluationPath}): {keyword}: {message}");
            }
        }

        return lines.Count > 0 ? lines.Distinct().ToList() : ["invalid (no detail given)"];
    }

    /// <summary>
    /// One OpenAPI schema object as JSON Schema 2020-12: component <c>$ref</c>s point into <c>$defs</c>; for 3.0,
    /// <c>nullable</c> becomes a null type (or an anyOf with null around a <c>$ref</c>/composition) and boolean
    /// exclusive bounds become numeric ones. Walks only the keywords whose values are schemas, so a property
    /// named like a keyword is left alone.
    /// </summary>
    private JsonNode? ToJsonSchema(JsonNode? node)
    {
        if (node is not JsonObject source)
        {
            return node?.DeepClone();
        }

        var schema = new JsonObject();
        foreach (var (keyword, value) in source)
        {
            switch (keyword)
            {
                case "$ref" when value?.GetValue<string>() is { } r && r.StartsWith(ComponentSchemas, StringComparison.Ordinal):
                    schema["$ref"] = "#/$defs/" + r[ComponentSchemas.Length..];
                    break;
                case "properties" or "patternProperties" or "$defs" or "definitions" or "dependentSchemas":
                    var map = new JsonObject();
                    foreach (var (name, sub) in value?.AsObject() ?? [])
                    {
                        map[name] = ToJsonSchema(sub);
                    }

                    schema[keyword] = map;
                    break;
                case "allOf" or "anyOf" or "oneOf" or "prefixItems":
                    schema[keyword] = new JsonArray([.. value!.AsArray().Select(ToJsonSchema)]);
                    break;
                case "items" when value is JsonArray tuple:
                    schema["prefixItems"] = new JsonArray([.. tuple.Select(ToJsonSchema)]);
                    break;
                case "items" or "additionalProperties" or "unevaluatedProperties" or "not" or "contains" or "propertyNames" or "if" or "then" or "else":
                    schema[keyword] = ToJsonSchema(value);
                    break;
                case "nullable" or "discriminator" or "xml" or "externalDocs" or "example":
                    break;
                case "exclusiveMinimum" or "exclusiveMaximum" when value is JsonValue flag && flag.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                    if (flag.GetValue<bool>() && source[keyword == "exclusiveMinimum" ? "minimum" : "maximum"] is { } bound)
                    {
                        schema[keyword] = bound.DeepClone();
                    }

                    break;
                case "minimum" when source["exclusiveMinimum"] is JsonValue m && m.GetValueKind() == JsonValueKind.True:
                case "maximum" when source["exclusiveMaximum"] is JsonValue x && x.GetValueKind() == JsonValueKind.True:
                    break;
                default:
                    if (!keyword.StartsWith("x-", StringComparison.Ordinal))
                    {
                        schema[keyword] = value?.DeepClone();
                    }

                    break;
            }
        }

        if (schema["properties"] is not null && schema["additionalProperties"] is null && schema["unevaluatedProperties"] is null)
        {
            schema["unevaluatedProperties"] = false;
        }

        if (IsOpenApi30 && source["nullable"] is JsonValue nullable && nullable.GetValueKind() == JsonValueKind.True)
        {
            // Swashbuckle writes a nullable reference as {type: object, allOf: [$ref], nullable: true}. Read strictly
            // (OAS 3.0.3), nullable would only widen `type` and the allOf would still refuse null; the generators
            // (openapi-typescript, NSwag) read it as "X or null", and so do we: null passes, anything else meets X.
            var composed = schema.ContainsKey("$ref") || schema.ContainsKey("allOf") || schema.ContainsKey("anyOf") || schema.ContainsKey("oneOf");
            if (!composed && schema["type"] is JsonValue type)
            {
                schema["type"] = new JsonArray(type.GetValue<string>(), "null");
                if (schema["enum"] is JsonArray values && !values.Any(v => v is null))
                {
                    values.Add(null);
                }
            }
            else
            {
                return new JsonObject { ["anyOf"] = new JsonArray(schema, new JsonObject { ["type"] = "null" }) };
            }
        }

        return schema;
    }
}

/// <summary>One GET operation of the document: its path template, id, parameters and responses by status, all resolved.</summary>
internal sealed record ApiOperation(string Path, string Id, IReadOnlyList<JsonObject> Parameters, IReadOnlyDictionary<string, JsonObject> Responses)
{
    public IEnumerable<JsonObject> In(string location) => Parameters.Where(p => p["in"]?.GetValue<string>() == location);

    public static string NameOf(JsonObject parameter) => parameter["name"]!.GetValue<string>();

    public static bool IsRequired(JsonObject parameter) => parameter["required"] is JsonValue r && r.GetValueKind() == JsonValueKind.True;

    /// <summary>The schema of a response's media type (e.g. 200, application/json), or null when not declared.</summary>
    public JsonNode? SchemaOf(string status, string mediaType) =>
        Responses.TryGetValue(status, out var response) ? response["content"]?[mediaType]?["schema"] : null;

    /// <summary>The declared response for a status: the exact code, else its class (4XX), else default.</summary>
    public (string Key, JsonObject Response)? Declared(int status)
    {
        foreach (var key in new[] { status.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{status / 100}XX", "default" })
        {
            if (Responses.TryGetValue(key, out var response))
            {
                return (key, response);
            }
        }

        return null;
    }

    public override string ToString() => $"{Id} (GET {Path})";
}
