using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Public.Web.Api;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Public.Web.Contract;

/// <summary>
/// What a query or path parameter really accepts, for the OpenAPI document. Handlers bind every parameter as
/// <c>string?</c> so that they answer bad input with their own problem naming the parameter; the document still
/// tells a client the true type. Put it on a query record's property (<c>[property: ParameterSchema(…)]</c>) or a
/// handler's parameter only where a route differs from <see cref="OpenApiParameters.Known"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, AllowMultiple = false)]
internal sealed class ParameterSchemaAttribute : Attribute
{
    public double Minimum { get; init; } = double.NaN;

    public double Maximum { get; init; } = double.NaN;

    /// <summary>The default of a number parameter.</summary>
    public double Default { get; init; } = double.NaN;

    public bool Required { get; init; }

    /// <summary>An integer, where a parameter of the same name elsewhere is something else (the log's <c>from</c>/<c>to</c> are tree sizes, not dates).</summary>
    public bool Integer { get; init; }
}

/// <summary>The shape of one parameter.</summary>
internal sealed record ParameterShape(
    JsonSchemaType Type, string? Format = null, string? Pattern = null, string[]? Enum = null, string? Default = null,
    double Minimum = double.NaN, double Maximum = double.NaN, bool Required = false, string? Description = null);

/// <summary>The parameters every list shares, described once by name; and the filter that applies them.</summary>
internal sealed class OpenApiParameters : IParameterFilter
{
    private const string DatePattern = @"^\d{4}-\d{2}-\d{2}$";
    private const string Number = @"-?\d+(\.\d+)?";

    // A unified social credit code (GB 32100-2015): 18 characters of the code's alphabet (no I, O, S, V, Z).
    private const string CreditCodePattern = "^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$";

    public static readonly IReadOnlyDictionary<string, ParameterShape> Known = new Dictionary<string, ParameterShape>(StringComparer.Ordinal)
    {
        ["page"] = new(JsonSchemaType.Integer, "int32", Default: "1", Minimum: 1, Description: "页码，从 1 起 / Page number, from 1"),
        ["limit"] = new(JsonSchemaType.Integer, "int32", Default: QueryParameters.DefaultLimit.ToString(CultureInfo.InvariantCulture), Minimum: 1, Maximum: QueryParameters.MaxLimit, Description: "每页条数 / Rows per page"),
        ["format"] = new(JsonSchemaType.String, Enum: ["json", "csv"], Default: "json", Description: "json（默认）或 csv；也可用 Accept: text/csv / json (default) or csv; Accept: text/csv works too"),
        ["from"] = new(JsonSchemaType.String, "date", DatePattern, Description: "起始日期（当地日期，含）/ First local date, inclusive"),
        ["to"] = new(JsonSchemaType.String, "date", DatePattern, Description: "截止日期（当地日期，含）/ Last local date, inclusive"),
        ["bbox"] = new(JsonSchemaType.String, Pattern: $"^{Number},{Number},{Number},{Number}$"),
        ["near"] = new(JsonSchemaType.String, Pattern: $"^{Number},{Number}$"),
        ["radius"] = new(JsonSchemaType.Number, "double", Default: "10000", Minimum: 0, Maximum: 1_000_000),
        ["changedOnly"] = new(JsonSchemaType.Boolean, Default: "false", Description: "只返回有多个版本的小时 / Only hours that have more than one version"),
        ["versions"] = new(JsonSchemaType.Boolean, Default: "false", Description: "返回全部版本（含被取代的）/ Every version, superseded ones included"),
        ["year"] = new(JsonSchemaType.Integer, "int32", Minimum: 2000, Maximum: 2100, Description: "年份 / Year, e.g. 2019"),
        ["pollutant"] = new(JsonSchemaType.String, Required: true, Description: "HJ 212 污染物编码 / HJ 212 pollutant code, e.g. a21026 (SO2), a21002 (NOx), a34013 (particulate)"),
        ["month"] = new(JsonSchemaType.Integer, "int32", Minimum: 1, Maximum: 12, Description: "月份 / Month, 1–12"),
        ["creditCode"] = new(JsonSchemaType.String, Pattern: CreditCodePattern, Description: "统一社会信用代码（GB 32100-2015）/ Unified social credit code (GB 32100-2015)"),
        ["code"] = new(JsonSchemaType.String, Description: "站点编码 / National station code, e.g. 1767A"),
        ["outletCode"] = new(JsonSchemaType.String, Description: "排放口编号 / Outlet code, e.g. DA001"),
        ["identifier"] = new(JsonSchemaType.String, Description: "CAP 消息标识 / CAP message identifier"),
        ["minAmount"] = new(JsonSchemaType.Number, "decimal", Minimum: 0),
        ["maxAmount"] = new(JsonSchemaType.Number, "decimal", Minimum: 0),
        ["by"] = new(JsonSchemaType.String, Enum: ["year", "district", "industry", "violation"], Required: true),
        ["shape"] = new(JsonSchemaType.String, Enum: ["long", "wide"], Default: "long", Description: "long（默认，每值一行）或 wide（每小时/每日一行，每项一列；JSON 按列）/ long (default, one row per value) or wide (one row per hour or day, one column per value; JSON column-wise)"),
        ["fields"] = new(JsonSchemaType.String, Description: "逗号分隔的字段（宽表为列名）/ Comma-separated fields to keep (columns of the wide shape)"),
        ["edition"] = new(JsonSchemaType.String, Enum: ["2012", "2026", "HJ633-2012", "HJ633-2026"], Description: "HJ 633 版本；缺省为全部 / HJ 633 edition; all when absent"),
    };

    public void Apply(IOpenApiParameter parameter, ParameterFilterContext context)
    {
        if (parameter is not OpenApiParameter p || p.Name is null)
        {
            return;
        }

        var attribute = context.ParameterInfo?.GetCustomAttribute<ParameterSchemaAttribute>()
            ?? context.PropertyInfo?.GetCustomAttribute<ParameterSchemaAttribute>();
        if (!Known.TryGetValue(p.Name, out var shape))
        {
            if (attribute is null)
            {
                return;
            }

            shape = new ParameterShape(JsonSchemaType.String);
        }

        if (attribute is not null)
        {
            shape = shape with
            {
                Minimum = double.IsNaN(attribute.Minimum) ? shape.Minimum : attribute.Minimum,
                Maximum = double.IsNaN(attribute.Maximum) ? shape.Maximum : attribute.Maximum,
                Default = double.IsNaN(attribute.Default) ? shape.Default : Invariant(attribute.Default),
                Required = shape.Required || attribute.Required,
            };
            if (attribute.Integer)
            {
                shape = shape with { Type = JsonSchemaType.Integer, Format = "int64", Pattern = null, Description = null };
            }
        }

        var schema = new OpenApiSchema
        {
            Type = shape.Type,
            Format = shape.Format,
            Pattern = shape.Pattern,
            Description = p.Description ?? shape.Description,
            Enum = shape.Enum?.Select(v => (JsonNode)JsonValue.Create(v)).ToList(),
            Default = shape.Default is null ? null : Node(shape.Type, shape.Default),
            Minimum = double.IsNaN(shape.Minimum) ? null : Invariant(shape.Minimum),
            Maximum = double.IsNaN(shape.Maximum) ? null : Invariant(shape.Maximum),
        };
        p.Schema = schema;
        p.Description ??= shape.Description;
        if (p.In != ParameterLocation.Path)
        {
            p.Required = shape.Required;
        }
    }

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static JsonValue Node(JsonSchemaType type, string value) => type switch
    {
        JsonSchemaType.Integer => JsonValue.Create(long.Parse(value, CultureInfo.InvariantCulture)),
        JsonSchemaType.Number => JsonValue.Create(decimal.Parse(value, CultureInfo.InvariantCulture)),
        JsonSchemaType.Boolean => JsonValue.Create(bool.Parse(value)),
        _ => JsonValue.Create(value),
    };
}
