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
        services.AddSingleton(sp => new PenaltyQueries(sp.GetRequiredService<PenaltyStore>()));
        return services;
    }
}
