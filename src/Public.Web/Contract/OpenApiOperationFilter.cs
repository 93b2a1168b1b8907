using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Public.Web.Contract;

/// <summary>
/// Completes each operation from its endpoint metadata (<see cref="OpenApiEndpoints"/>): the CSV media type with
/// its columns, feeds' media types, deprecation headers; and the problem responses every route can give, said
/// once here: 400 for a route with parameters, 404 for a route with an id in its path, 414 (Kestrel refuses a
/// request line over 8 KB) and 429 (the rate limiter) for all.
/// </summary>
internal sealed class OpenApiOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        operation.Responses ??= [];
        operation.Responses.TryGetValue("200", out var existing);
        var ok = existing as OpenApiResponse ?? new OpenApiResponse();
        operation.Responses["200"] = ok;
        ok.Description = "成功 / OK";
        ok.Headers ??= new Dictionary<string, IOpenApiHeader>();
        foreach (var header in OpenApiDocumentSetup.RateLimitHeaders)
        {
            ok.Headers[header] = new OpenApiHeaderReference(header, context.Document);
        }

        if (metadata.OfType<MediaResponseMetadata>().FirstOrDefault() is { } media)
        {
            ok.Description = media.Description;
            ok.Content = new Dictionary<string, OpenApiMediaType>
            {
                [media.MediaType] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = media.Description } },
            };
        }

        if (metadata.OfType<CsvResponseMetadata>().FirstOrDefault() is { } csv)
        {
            ok.Content ??= new Dictionary<string, OpenApiMediaType>();
            ok.Content["text/csv"] = Csv(csv.Layout);
        }

        if (metadata.OfType<DeprecationMetadata>().FirstOrDefault() is { } deprecation)
        {
            operation.Deprecated = true;
            operation.Description = (operation.Description is null ? "" : operation.Description + "\n\n")
                + $"已弃用，{deprecation.Sunset:yyyy-MM-dd} 停止服务，见 {DeprecationMetadata.ChangelogPath}。Deprecated; removed on {deprecation.Sunset:yyyy-MM-dd} (see {DeprecationMetadata.ChangelogPath}).";
            foreach (var header in OpenApiDocumentSetup.DeprecationHeaders)
            {
                ok.Headers[header] = new OpenApiHeaderReference(header, context.Document);
            }
        }

        if (metadata.OfType<FieldsParameterMetadata>().Any() && operation.Parameters?.Any(p => p.Name == "fields") != true)
        {
            var shape = OpenApiParameters.Known["fields"];
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "fields", In = ParameterLocation.Query, Description = shape.Description,
                Schema = new OpenApiSchema { Type = shape.Type, Description = shape.Description },
            });
        }

        var path = context.ApiDescription.RelativePath ?? "";
        if (operation.Parameters is { Count: > 0 })
        {
            operation.Responses["400"] = new OpenApiResponseReference(OpenApiDocumentSetup.BadRequest, context.Document);
        }

        if (path.Contains('{', StringComparison.Ordinal))
        {
            operation.Responses["404"] = new OpenApiResponseReference(OpenApiDocumentSetup.NotFound, context.Document);
        }

        operation.Responses["414"] = new OpenApiResponseReference(OpenApiDocumentSetup.UriTooLong, context.Document);
        operation.Responses["429"] = new OpenApiResponseReference(OpenApiDocumentSetup.TooManyRequests, context.Document);
    }

    /// <summary>The CSV of a layout: its header line as the example, and each column's meaning and unit.</summary>
    private static OpenApiMediaType Csv(ICsvLayout layout)
    {
        var columns = layout.Columns;
        var description = "UTF-8（带 BOM），RFC 4180，CRLF；列 / UTF-8 with BOM, RFC 4180, CRLF line ends; columns:\n\n"
            + string.Join("\n", columns.Select(c => $"* `{c.Name}`" + (c.Description is null ? "" : " — " + c.Description)));
        var list = new JsonArray();
        foreach (var c in columns)
        {
            list.Add(new JsonObject { ["name"] = c.Name, ["description"] = c.Description, ["unit"] = c.Unit });
        }

        return new OpenApiMediaType
        {
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = description,
                Extensions = new Dictionary<string, IOpenApiExtension> { ["x-csv-columns"] = new JsonNodeExtension(list) },
            },
            Example = JsonValue.Create(string.Join(",", columns.Select(c => c.Name)) + "\r\n"),
        };
    }
}
