using System.Text.Encodings.Web;
using GraphQL;
using Public.Web.Api;
using Public.Web.Contract;

namespace Public.Web.GraphQL;

/// <summary>Services and routes of the GraphQL API: the schema, its limits, persisted queries, the endpoint and the IDE page.</summary>
internal static class GraphQLSetup
{
    public static void AddPublicGraphQL(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var limits = new GraphQLLimits();
            sp.GetRequiredService<IConfiguration>().GetSection("GraphQL:Limits").Bind(limits);
            return limits;
        });
        services.AddSingleton<PersistedQueries>();
        services.AddSingleton<ValidatedDocuments>();
        services.AddSingleton<GraphQLEndpoint>();
        // The schema asks DI for its graph types: every one of this assembly, the generic connection types and the types derived from records.
        services.AddTransient(typeof(ConnectionGraphType<>));
        services.AddTransient(typeof(EdgeGraphType<>));
        services.AddTransient(typeof(DeclaredObjectGraphType<>));
        services.AddGraphQL(b => b
            .AddSchema<PublicSchema>()
            .AddGraphTypes(typeof(PublicSchema).Assembly)
            // Chinese text, "+08:00" and "µg/m³" stay readable, as in REST. Safe: the responses are JSON, never inlined into HTML.
            .AddSystemTextJson(o => o.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping)
            .AddErrorInfoProvider(new PublicErrorInfoProvider())
            .AddUnhandledExceptionHandler(PublicErrorInfoProvider.OnUnhandled));
    }

    public static void MapPublicGraphQL(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/graphql", (HttpContext http, GraphQLEndpoint endpoint) => endpoint.PostAsync(http))
            .WithName("GraphQLPost").WithTags("GraphQL").ExcludeFromDescription();
        routes.MapGet("/graphql", (HttpContext http, GraphQLEndpoint endpoint) => endpoint.GetAsync(http))
            .WithName("GraphQLGet").WithTags("GraphQL").ExcludeFromDescription();
        routes.MapGet("/graphql/ui", (MetaFactory meta) => Results.Content(GraphiQLPage.Html(GraphQLExamples.All, meta.IsDemo), "text/html; charset=utf-8"))
            .WithName("GraphQLIde").WithTags("GraphQL").ExcludeFromDescription();
    }
}
