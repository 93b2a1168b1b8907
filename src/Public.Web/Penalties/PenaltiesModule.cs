using Public.Web.Penalties.Demo;
using Public.Web.Penalties.Import;
using Public.Web.Penalties.Store;

namespace Public.Web.Penalties;

/// <summary>The penalties feature's services and its hook into demo seeding, so that Composition needs one line each.</summary>
internal static class PenaltiesModule
{
    public static IServiceCollection AddPenalties(this IServiceCollection services)
    {
        services.AddSingleton<PenaltyStore>();
        services.AddSingleton<PenaltyImporter>();
        services.AddSingleton<DemoPenaltySeeder>();
        services.AddSingleton(sp => new PenaltyQueries(sp.GetRequiredService<PenaltyStore>()));
        return services;
    }

    /// <summary>Fictional penalties for a demo database (does nothing for a database of real data).</summary>
    public static void SeedDemoPenalties(this IServiceProvider services) => services.GetRequiredService<DemoPenaltySeeder>().EnsureSeeded();
}
