using System.Globalization;
using Public.Web.Api;

namespace Public.Web.Contract;

/// <summary>Endpoint metadata: the route answers CSV too (<c>format=csv</c> or <c>Accept: text/csv</c>) with this layout.</summary>
internal sealed record CsvResponseMetadata(ICsvLayout Layout);

/// <summary>Endpoint metadata: the route is a list and takes <c>fields=</c> (documented by <see cref="OpenApiOperationFilter"/>).</summary>
internal sealed record FieldsParameterMetadata;

/// <summary>Endpoint metadata: the route answers with a feed or document of this media type (not JSON).</summary>
internal sealed record MediaResponseMetadata(string MediaType, string Description);

/// <summary>Endpoint metadata: the route is deprecated and will be removed on <paramref name="Sunset"/> (UTC midnight of that date).</summary>
internal sealed record DeprecationMetadata(DateTimeOffset Deprecated, DateTimeOffset Sunset)
{
    /// <summary>Where a client reads what replaces the route.</summary>
    public const string ChangelogPath = "/docs/changelog";

    /// <summary>RFC 9745: the moment of deprecation as a structured-field date, <c>@&lt;unix seconds&gt;</c>.</summary>
    public string DeprecationHeader => "@" + Deprecated.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>RFC 8594: the sunset as an HTTP-date.</summary>
    public string SunsetHeader => Sunset.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture);

    public static string LinkHeader => $"<{ChangelogPath}>; rel=\"deprecation\"; type=\"text/html\"";
}

/// <summary>
/// What a route answers, said once per route: <c>.ListOf&lt;StationDto&gt;(csv: StationCsv)</c>. The OpenAPI
/// document reads this (response schemas, the text/csv columns, deprecation); the problem responses
/// (400/404/414/429) are added to every operation by <see cref="OpenApiOperationFilter"/>.
/// </summary>
internal static class OpenApiEndpoints
{
    /// <summary>
    /// A page of <typeparamref name="T"/> in the <c>{meta, results}</c> envelope; with a layout, also CSV. Every list
    /// takes <c>fields=</c> (a selection of the record's fields, see <see cref="Bulk.WideShape.Select{T}"/>).
    /// </summary>
    public static RouteHandlerBuilder ListOf<T>(this RouteHandlerBuilder builder, ICsvLayout? csv = null) =>
        Answers<ListResponse<T>>(builder, csv).WithMetadata(new FieldsParameterMetadata()).AddEndpointFilter(Bulk.WideShape.FilterAsync<T>);

    /// <summary>One <typeparamref name="T"/> in the <c>{meta, result}</c> envelope; with a layout, also CSV (of a part of it).</summary>
    public static RouteHandlerBuilder ItemOf<T>(this RouteHandlerBuilder builder, ICsvLayout? csv = null) =>
        Answers<ItemResponse<T>>(builder, csv);

    /// <summary>A feed or document that is not JSON (Atom, CAP).</summary>
    public static TBuilder Answers<TBuilder>(this TBuilder builder, string mediaType, string description)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new MediaResponseMetadata(mediaType, description));
        return builder;
    }

    /// <summary>
    /// Marks a route deprecated (the v1 stability promise: announced, then kept until the sunset): it is
    /// <c>deprecated: true</c> in OpenAPI and every answer carries <c>Deprecation</c> (RFC 9745), <c>Sunset</c>
    /// (RFC 8594) and <c>Link: &lt;/docs/changelog&gt;; rel="deprecation"</c>.
    /// </summary>
    public static TBuilder Deprecated<TBuilder>(this TBuilder builder, DateOnly since, DateOnly sunset)
        where TBuilder : IEndpointConventionBuilder
    {
        var metadata = new DeprecationMetadata(
            new DateTimeOffset(since.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), new DateTimeOffset(sunset.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        builder.WithMetadata(metadata);
        builder.AddEndpointFilter(async (context, next) =>
        {
            // Set before the handler runs so that every answer, problems included, carries them.
            var headers = context.HttpContext.Response.Headers;
            headers["Deprecation"] = metadata.DeprecationHeader;
            headers["Sunset"] = metadata.SunsetHeader;
            headers.Append("Link", DeprecationMetadata.LinkHeader);
            return await next(context);
        });
        return builder;
    }

    private static RouteHandlerBuilder Answers<TResponse>(RouteHandlerBuilder builder, ICsvLayout? csv)
    {
        builder.Produces<TResponse>(StatusCodes.Status200OK, "application/json");
        if (csv is not null)
        {
            builder.WithMetadata(new CsvResponseMetadata(csv));
        }

        return builder;
    }
}
