using GraphQL;
using GraphQL.Types;
using GraphQL.Utilities;

namespace Public.Web.GraphQL;

/// <summary>
/// A feature's root fields. Every implementation in this assembly is found at start-up and adds its fields to
/// the one root <c>Query</c> type, so a feature joins the GraphQL API with one folder and no edit here.
/// Implementations need a parameterless constructor; resolvers take services from the request
/// (<see cref="GraphQLContextExtensions.Service{T}"/>), never from the constructor, so the schema can be built
/// without a database (the schema CLI verb does that).
/// </summary>
public interface IQueryFieldsContributor
{
    /// <summary>Adds this feature's root fields, each with an English and Chinese description.</summary>
    void AddFields(ObjectGraphType query);
}

/// <summary>The root type: the public surface is read-only, so there is a Query and nothing else.</summary>
internal sealed class QueryGraphType : ObjectGraphType
{
    public QueryGraphType()
    {
        Name = "Query";
        Description = "锦州蓝天公开数据的只读查询入口 / Read-only entry point to Jinzhou Blue Sky open data. " +
            "Times are Asia/Shanghai (+08:00); hourly values are labelled with the END of the averaging hour; units µg/m³, CO mg/m³.";
        foreach (var contributor in Contributors())
        {
            contributor.AddFields(this);
        }
    }

    /// <summary>Every contributor in the assembly, ordered by type name so the schema prints the same way each time.</summary>
    internal static IEnumerable<IQueryFieldsContributor> Contributors() =>
        typeof(QueryGraphType).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IQueryFieldsContributor).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (IQueryFieldsContributor)Activator.CreateInstance(t)!);
}

/// <summary>The GraphQL schema of the public data: built once and shared (a singleton, as the style guide asks).</summary>
internal sealed class PublicSchema : Schema
{
    public PublicSchema(IServiceProvider services)
        : base(services)
    {
        Description = "锦州蓝天公开数据 GraphQL API — same data, names, units and semantics as the REST API under /api/v1.";
        Query = new QueryGraphType();
        // Our own scalars replace GraphQL.NET's defaults for these CLR types, so dates print exactly as in REST.
        RegisterTypeMapping(typeof(DateOnly), typeof(LocalDateGraphType));
        RegisterTypeMapping(typeof(DateTimeOffset), typeof(OffsetDateTimeGraphType));
        // Introspection (what GraphiQL asks at load) counts at a twentieth: its size is bounded by the schema, and its
        // loops are refused by the introspection depth limit. The analyzer sizes its lists by the schema itself, so
        // the estimate grows with every type: ~1.1 million with air quality alone, ~2 million once warnings and
        // penalties joined (which is why this went from a tenth to a twentieth).
        this.WithIntrospectionComplexityImpact(0.05);
    }

    /// <summary>The schema as SDL, the form committed at src/Public.Web/GraphQL/schema.graphql.</summary>
    public string ToSdl() => (this.Print(new PrintOptions { IncludeDescriptions = true, IncludeDeprecationReasons = true })
        .ReplaceLineEndings("\n").TrimEnd() + "\n");
}

/// <summary>Resolver helpers shared by every feature's graph types.</summary>
public static class GraphQLContextExtensions
{
    /// <summary>A service of the current request.</summary>
    public static T Service<T>(this IResolveFieldContext context)
        where T : notnull =>
        (context.RequestServices ?? throw new InvalidOperationException("GraphQL executed without request services")).GetRequiredService<T>();

    /// <summary>The per-request state: batch loaders and values computed once per request.</summary>
    public static GraphQLRequestContext Request(this IResolveFieldContext context) =>
        context.UserContext as GraphQLRequestContext ?? throw new InvalidOperationException("GraphQL executed without the request context");
}
