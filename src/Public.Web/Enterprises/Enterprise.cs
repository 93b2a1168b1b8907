namespace Public.Web.Enterprises;

/// <summary>One year's entry on the key-polluter list (重点排污单位名录): year and category (大气/水/土壤/噪声/其他).</summary>
public sealed record ListEntry(int Year, string Category);

/// <summary>
/// A pollutant monitored at an outlet: HJ 212 code (a21026 SO2…), the limit in mg/m³ at the outlet's reference O2,
/// and the special emission limit (特别排放限值) that replaces it from the outlet's <see cref="Outlet.SpecialLimitsFrom"/>.
/// </summary>
public sealed record OutletPollutant(string Code, decimal? Limit, decimal? SpecialLimit);

/// <summary>An outlet (排放口) of an enterprise.</summary>
public sealed record Outlet(
    string Code,
    string Name,
    string Type,
    decimal? HeightM,
    double? Latitude,
    double? Longitude,
    string Monitoring,
    string RequiredFrequency,
    string? EmissionStandard,
    decimal? ReferenceOxygen,
    DateOnly? SpecialLimitsFrom,
    string? Mn,
    IReadOnlyList<OutletPollutant> Pollutants)
{
    public const string Main = "main";
    public const string General = "general";
    public const string Automatic = "automatic";
    public const string Manual = "manual";
}

/// <summary>An enterprise on the key-polluter list, identified by its unified social credit code (GB 32100-2015).</summary>
public sealed record Enterprise(
    string CreditCode,
    string Name,
    string Industry,
    string District,
    string? Address,
    double? Latitude,
    double? Longitude,
    string? PermitNumber,
    IReadOnlyList<ListEntry> ListEntries,
    IReadOnlyList<Outlet> Outlets);
