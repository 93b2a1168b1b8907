using Public.Web.AirQuality;
using Public.Web.Infrastructure;
using Public.Web.Plan.Demo;
using Public.Web.Plan.Import;

namespace Public.Web.Plan;

/// <summary>The plan tracker's services and its hook into demo seeding, so that Composition needs one line each.</summary>
internal static class PlanModule
{
    public static IServiceCollection AddPlan(this IServiceCollection services)
    {
        services.AddSingleton(sp => PlanContent.Load(sp.GetRequiredService<ContentFiles>()));
        services.AddSingleton<PlanStore>();
        services.AddSingleton<PlanProgressImporter>();
        services.AddSingleton<DemoPlanProgressSeeder>();
        services.AddSingleton(sp => new PlanQueries(sp.GetRequiredService<PlanContent>(), sp.GetRequiredService<PlanStore>(),
            sp.GetRequiredService<AirQualityQueries>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>Demo progress reports for a demo database (does nothing for a database of real data).</summary>
    public static void SeedDemoPlanProgress(this IServiceProvider services) => services.GetRequiredService<DemoPlanProgressSeeder>().EnsureSeeded();
}
