using System.Globalization;
using System.Text.Json;
using Json.Schema;
using Public.Tests.SharedData;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Bulk;

/// <summary>
/// Our own checks of data-package descriptors and data files (no .NET or npm Frictionless validator is at hand): the
/// descriptor, each resource and each Table Schema against the official v2 profiles, and every cell of a file against
/// its field's type and constraints, the primary key unique.
/// </summary>
internal static class BulkChecks
{
    private static readonly Lazy<(JsonSchema Package, JsonSchema Resource, JsonSchema Schema)> Profiles =
        new(() => (Profile("datapackage.json"), Profile("dataresource.json"), Profile("tableschema.json")));

    public static void AssertValidDescriptor(JsonElement package, string url)
    {
        var (packageProfile, resourceProfile, schemaProfile) = Profiles.Value;
        AssertValid(packageProfile, package, url);
        foreach (var resource in package.GetProperty("resources").EnumerateArray())
        {
            var name = resource.Str("name");
            AssertValid(resourceProfile, resource, $"{url} resource {name}");
            AssertValid(schemaProfile, resource.GetProperty("schema"), $"{url} schema of {name}");
            Assert.Equal("table", resource.Str("type"));
            Assert.StartsWith("sha256:", resource.Str("hash"), StringComparison.Ordinal);
            Assert.False(resource.Str("path").StartsWith('/'), $"{name}: a path is relative to the descriptor");
        }
    }

    /// <summary>The header is the schema's fields; every cell has its field's type and meets its constraints; the primary key is unique.</summary>
    public static void AssertRowsMatchSchema(JsonElement resource, string[] header, List<string[]> rows)
    {
        var schema = resource.GetProperty("schema");
        var fields = schema.GetProperty("fields").EnumerateArray().ToList();
        Assert.Equal(fields.Select(f => f.Str("name")), header);
        foreach (var row in rows)
        {
            Assert.Equal(header.Length, row.Length);
            for (var i = 0; i < fields.Count; i++)
            {
                CheckCell(fields[i], row[i], $"{resource.Str("name")} row {string.Join(',', row.Take(2))}");
            }
        }

        if (schema.TryGetProperty("primaryKey", out var key))
        {
            var columns = key.EnumerateArray().Select(k => Array.IndexOf(header, k.GetString())).ToList();
            var keys = rows.Select(r => string.Join('|', columns.Select(c => r[c]))).ToList();
            Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        }
    }

    private static void CheckCell(JsonElement field, string cell, string where)
    {
        var name = field.Str("name");
        var constraints = field.TryGetProperty("constraints", out var c) ? c : default;
        if (cell.Length == 0)
        {
            Assert.False(constraints.ValueKind == JsonValueKind.Object && constraints.TryGetProperty("required", out var r) && r.GetBoolean(), $"{where}: {name} is required");
            return;
        }

        var ok = field.Str("type") switch
        {
            "integer" => long.TryParse(cell, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
            "number" => decimal.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
            "boolean" => cell is "true" or "false",
            "date" => DateOnly.TryParseExact(cell, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            // Local times with their offset; the API's UTC twins (timeUtc, startUtc) as it writes them, with Z.
            "datetime" => DateTimeOffset.TryParseExact(cell, ["yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss'Z'"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _),
            "array" => IsJsonArray(cell),
            _ => true,
        };
        Assert.True(ok, $"{where}: {name} '{cell}' is not a {field.Str("type")}");
        if (constraints.ValueKind == JsonValueKind.Object && constraints.TryGetProperty("enum", out var values))
        {
            Assert.Contains(cell, values.EnumerateArray().Select(v => v.GetString()));
        }

        if (constraints.ValueKind == JsonValueKind.Object && constraints.TryGetProperty("minimum", out var min))
        {
            Assert.True(decimal.Parse(cell, CultureInfo.InvariantCulture) >= min.GetDecimal(), $"{where}: {name} {cell} < {min}");
        }
    }

    private static JsonSchema Profile(string file) =>
        JsonSchema.FromText(File.ReadAllText(SharedDataLocator.RequireFile("frictionless-profiles", file)),
            baseUri: new Uri($"https://profiles.invalid/{Guid.NewGuid():N}/{file}"));

    private static bool IsJsonArray(string cell)
    {
        try
        {
            using var document = JsonDocument.Parse(cell);
            return document.RootElement.ValueKind == JsonValueKind.Array;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static void AssertValid(JsonSchema schema, JsonElement instance, string what)
    {
        var results = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = results.IsValid ? [] : ((IEnumerable<EvaluationResults>?)results.Details ?? [results])
            .SelectMany(d => (d.Errors ?? new Dictionary<string, string>()).Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}")).ToList();
        Assert.True(results.IsValid, $"{what} is not valid: {string.Join("; ", errors)}");
    }

}
