using System.Text.Json;

namespace Public.Web.Tests.Contract;

/// <summary>
/// The schema validator of the contract tests, on small documents whose verdicts are known: it must accept what
/// a schema allows (OpenAPI 3.0 nullable, 3.1 null types, formats Swashbuckle writes) and name the JSON pointer of
/// what it does not — otherwise ResponseSchemaTests could pass without checking anything.
/// </summary>
public sealed class ContractValidatorTests
{
    private static string Document(string version, string stationSchema) => $$"""
        {
          "openapi": "{{version}}",
          "info": { "title": "t", "version": "1" },
          "paths": {},
          "components": { "schemas": {
            "Level": { "type": "object", "properties": { "number": { "type": "integer", "format": "int32" }, "name": { "type": "string" } } },
            "Station": {{stationSchema}}
          } }
        }
        """;

    private const string Station30 = """
        { "type": "object", "required": ["code"], "properties": {
            "code": { "type": "string" },
            "district": { "type": "string", "nullable": true },
            "lat": { "type": "number", "format": "double", "minimum": -90, "maximum": 90 },
            "time": { "type": "string", "format": "date-time" },
            "level": { "type": "object", "allOf": [ { "$ref": "#/components/schemas/Level" } ], "nullable": true } } }
        """;

    private static IReadOnlyList<string> Check(string version, string stationSchema, string json)
    {
        var document = ServedOpenApi.Parse(Document(version, stationSchema));
        var schema = document.Root["components"]!["schemas"]!["Station"]!;
        using var instance = JsonDocument.Parse(json);
        return ServedOpenApi.Errors(document.Validator(schema), instance.RootElement);
    }

    [Fact]
    public void AnAnswerThatFitsAnOpenApi30SchemaWithNullsPasses()
    {
        Assert.Empty(Check("3.0.4", Station30, """{ "code": "1767A", "district": null, "lat": 41.07, "time": "2019-12-01T01:00:00+08:00", "level": null }"""));
        Assert.Empty(Check("3.0.4", Station30, """{ "code": "1767A", "district": "古塔区", "level": { "number": 3, "name": "轻度污染" } }"""));
    }

    [Fact]
    public void ANullWhereTheSchemaIsNotNullableIsNamedByItsPointer()
    {
        var errors = Check("3.0.4", Station30, """{ "code": null }""");
        Assert.Contains(errors, e => e.StartsWith("at '/code'", StringComparison.Ordinal));
    }

    [Fact]
    public void AFieldTheSchemaDoesNotDeclareIsAMismatch()
    {
        var errors = Check("3.0.4", Station30, """{ "code": "1767A", "level": { "number": 3, "colour": "#FF7E00" } }""");
        Assert.Contains(errors, e => e.Contains("/level", StringComparison.Ordinal) && e.Contains("unevaluatedProperties", StringComparison.Ordinal));
    }

    [Fact]
    public void AWrongTypeAMissingRequiredFieldAndABadDateTimeAreEachReported()
    {
        var errors = Check("3.0.4", Station30, """{ "lat": "41.07", "time": "yesterday" }""");
        Assert.Contains(errors, e => e.Contains("required", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("at '/lat'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("at '/time'", StringComparison.Ordinal) && e.Contains("format", StringComparison.Ordinal));
    }

    [Fact]
    public void AnOpenApi31SchemaIsUsedAsJsonSchemaUnchanged()
    {
        const string station31 = """
            { "type": "object", "properties": { "code": { "type": "string" }, "district": { "type": ["string", "null"] } } }
            """;
        Assert.Empty(Check("3.1.1", station31, """{ "code": "1767A", "district": null }"""));
        Assert.Contains(Check("3.1.1", station31, """{ "code": 1767 }"""), e => e.StartsWith("at '/code'", StringComparison.Ordinal));
    }
}
