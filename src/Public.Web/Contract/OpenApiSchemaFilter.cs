using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Public.Web.Api;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Public.Web.Contract;

/// <summary>
/// Writes each published record's declarations into its OpenAPI schema: the description "zh / en" (with the unit),
/// <c>x-unit</c>, <c>enum</c> from <see cref="FieldAttribute.Values"/>, <c>example</c>, the format of decimals and
/// dates, <c>nullable</c> exactly where the record says so (and nowhere else), <c>deprecated</c>; every property
/// is <c>required</c> because System.Text.Json writes every property, null or not.
/// </summary>
internal sealed class OpenApiSchemaFilter : ISchemaFilter
{
    /// <summary>A CEMS DataTime as the logger sent it: local time without an offset.</summary>
    public const string LocalTimePattern = @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$";

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema target || target.Properties is not { Count: > 0 } properties)
        {
            return;
        }

        var type = context.Type;
        if (type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(ListResponse<>) || definition == typeof(ItemResponse<>)))
        {
            var of = ContractCatalog.Name(type.GetGenericArguments()[0]);
            target.Description = definition == typeof(ListResponse<>)
                ? $"{of} 列表：meta 与一页结果 / A page of {of}: meta and results"
                : $"一个 {of}：meta 与 result / One {of} with meta";
            // The envelope is never null and neither is what it carries: a generic T reads as "maybe null"
            // to reflection, so the envelope keeps the plain references Swashbuckle wrote.
            target.Required = new HashSet<string>(properties.Keys, StringComparer.Ordinal);
            return;
        }
        else if (ContractCatalog.Resource(type) is { } resource)
        {
            target.Description = resource.Description;
        }

        target.Required = new HashSet<string>(properties.Keys, StringComparer.Ordinal);
        foreach (var field in ContractCatalog.Fields(type))
        {
            if (properties.TryGetValue(field.Name, out var property))
            {
                properties[field.Name] = Describe(property, field);
            }
        }
    }

    private static IOpenApiSchema Describe(IOpenApiSchema property, ContractField field)
    {
        var doc = field.Doc;
        var description = doc is null ? null : doc.Description + (doc.Unit is null ? "" : $"（{doc.Unit}）");
        if (property is OpenApiSchemaReference reference)
        {
            // OpenAPI 3.0 ignores a $ref's siblings: a record that may be null needs the allOf wrapper (the
            // referenced schema carries the record's description).
            return field.Nullable ? NullableReference(reference, description) : reference;
        }

        if (property is not OpenApiSchema schema)
        {
            return property;
        }

        schema.Description = description ?? schema.Description;
        schema.Deprecated = doc?.Deprecated is not null;
        schema.Type = Nullable(schema.Type, field.Nullable);
        if (doc?.Unit is { } unit)
        {
            schema.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            schema.Extensions["x-unit"] = new JsonNodeExtension(JsonValue.Create(unit));
        }

        var value = schema;
        if (field.IsList && schema.Items is { } items)
        {
            if (items is OpenApiSchemaReference itemReference)
            {
                schema.Items = field.ElementNullable ? NullableReference(itemReference, null) : itemReference;
                return schema;
            }

            value = items as OpenApiSchema ?? schema;
            value.Type = Nullable(value.Type, field.ElementNullable);
        }

        Shape(value, field, doc);
        return schema;
    }

    /// <summary>Format, enum and example of a value (of the element, for a list).</summary>
    private static void Shape(OpenApiSchema value, ContractField field, FieldAttribute? doc)
    {
        switch (field.Kind)
        {
            case FieldKind.Exact:
                value.Format = "decimal";
                break;
            case FieldKind.Date:
                value.Format = "date";
                break;
            case FieldKind.LocalDateTime:
                value.Format = null;
                value.Pattern = LocalTimePattern;
                break;
            case FieldKind.DateTime:
                value.Format = "date-time";
                break;
        }

        if (doc?.Values is { Length: > 0 } values)
        {
            value.Enum = values.Select(v => (JsonNode)JsonValue.Create(v)).ToList();
            if (field.Nullable && !field.IsList)
            {
                // A nullable enum lists null among its values, or a validator refuses the nulls it declared.
                value.Enum.Add(null!);
            }
        }

        if (doc?.Example is { } example)
        {
            value.Example = field.Kind is FieldKind.Whole or FieldKind.Exact or FieldKind.Binary or FieldKind.Boolean ? JsonNode.Parse(example) : JsonValue.Create(example);
        }
    }

    private static OpenApiSchema NullableReference(OpenApiSchemaReference reference, string? description) =>
        new() { AllOf = [reference], Type = JsonSchemaType.Object | JsonSchemaType.Null, Description = description };

    private static JsonSchemaType? Nullable(JsonSchemaType? type, bool nullable) =>
        type is null ? null : nullable ? type | JsonSchemaType.Null : type & ~JsonSchemaType.Null;
}
