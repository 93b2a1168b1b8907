using System.Globalization;
using Public.Standards.Warnings;
using Public.Web.AirQuality.Store;
using Public.Web.Warnings.Demo;
using Public.Web.Warnings.Feeds;
using Public.Web.Warnings.Import;
using Public.Web.Warnings.Store;

namespace Public.Web.Warnings;

/// <summary>Wiring of the warnings feature: its services, its demo data and its routes.</summary>
internal static class WarningsModule
{
    public static void AddWarnings(this IServiceCollection services)
    {
        services.AddSingleton(sp => Calendar(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<WarningStore>();
        services.AddSingleton<WarningImporter>();
        services.AddSingleton<DemoWarningSeeder>();
        services.AddSingleton(sp => new WarningQueries(
            sp.GetRequiredService<WarningStore>(), sp.GetRequiredService<AirQualityStore>(),
            sp.GetRequiredService<WarningSchemeCalendar>(), sp.GetRequiredService<TimeProvider>()));
    }

    /// <summary>Writes the demo warnings derived from the demo air-quality data (call right after the air-quality demo seeding).</summary>
    public static void SeedDemoWarnings(this IServiceProvider services) => services.GetRequiredService<DemoWarningSeeder>().EnsureSeeded();

    public static void MapWarnings(this IEndpointRouteBuilder routes)
    {
        routes.MapWarningsApi();
        routes.MapWarningFeeds();
    }

    /// <summary>
    /// The schemes by date, from configuration (all optional):
    /// <c>Warnings:Criteria:SwitchDate</c> (YYYY-MM-DD, default 2024-09-06), <c>Warnings:Criteria:Yellow|Orange|Red</c>
    /// (trigger expressions of the Liaoning/Jinzhou 2024 variant, whose thresholds are unverified),
    /// <c>Warnings:Criteria:MergeGapHours</c>, <c>Warnings:Criteria:Orange2018RequiresAbove300</c> (true/false).
    /// A bad value stops the start with a message naming the key.
    /// </summary>
    public static WarningSchemeCalendar Calendar(IConfiguration config)
    {
        var section = config.GetSection("Warnings:Criteria");
        DateOnly? switchDate = null;
        if (section["SwitchDate"] is { Length: > 0 } d)
        {
            switchDate = DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? date
                : throw new InvalidOperationException($"Warnings:Criteria:SwitchDate '{d}' is not a date YYYY-MM-DD");
        }

        int? gap = null;
        if (section["MergeGapHours"] is { Length: > 0 } g)
        {
            gap = int.TryParse(g, NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
                ? hours
                : throw new InvalidOperationException($"Warnings:Criteria:MergeGapHours '{g}' is not a whole number of hours");
        }

        var orange300 = !string.Equals(section["Orange2018RequiresAbove300"], "false", StringComparison.OrdinalIgnoreCase);
        try
        {
            var before = WarningSchemes.National2018(orange300);
            var after = WarningSchemes.LiaoningJinzhou2024(section["Yellow"], section["Orange"], section["Red"], gap);
            return WarningSchemeCalendar.Jinzhou(switchDate, gap is { } h ? before with { MergeGapHours = h } : before, after);
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException("Warnings:Criteria: " + e.Message, e);
        }
    }
}
