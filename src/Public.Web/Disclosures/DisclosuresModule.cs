using Public.Web.Audit;
using Public.Web.Disclosures.Import;
using Public.Web.Infrastructure;

namespace Public.Web.Disclosures;

/// <summary>The disclosures, statements, calendar and audit services and their demo seeding, so that Composition needs one line each.</summary>
internal static class DisclosuresModule
{
    public static IServiceCollection AddDisclosures(this IServiceCollection services)
    {
        services.AddSingleton(sp => CalendarContent.Load(sp.GetRequiredService<ContentFiles>()));
        services.AddSingleton<DisclosureStore>();
        services.AddSingleton<DisclosureQueries>();
        services.AddSingleton<DisclosureImporter>();
        services.AddSingleton<AuditService>();
        services.AddSingleton<DemoDisclosureSeeder>();
        return services;
    }

    /// <summary>Demo disclosures, statements and the demo penalties they answer (demo databases only; after the demo enterprises).</summary>
    public static void SeedDemoDisclosures(this IServiceProvider services) => services.GetRequiredService<DemoDisclosureSeeder>().EnsureSeeded();

    public static IEndpointRouteBuilder MapDisclosuresAndAudit(this IEndpointRouteBuilder routes) => routes.MapDisclosuresApi().MapAuditApi();
}
