using Public.Standards.Emissions;
using Public.Web.Enterprises;

namespace Public.Web.SelfMonitoring;

/// <summary>The yearly summary of one automatically monitored outlet and pollutant (see <see cref="EmissionYearSummary"/>).</summary>
public sealed record OutletPollutantSummary(
    string OutletCode,
    string OutletName,
    string? Mn,
    string Pollutant,
    decimal? ReferenceOxygen,
    int Year,
    int ExpectedHours,
    int ValidHours,
    decimal EffectiveDataRate,
    int ExceedanceHours,
    int ExceedanceEpisodes,
    decimal? MaxMultiple,
    DateTime? MaxMultipleAt,
    int ValidDays,
    int ExceedanceDays,
    int DaysWithExceedingHours);

/// <summary>
/// Derived self-monitoring figures from the stored hourly values: the hours of an outlet and pollutant joined with
/// the O2 of the same hour, their daily means, and the yearly summary per outlet and pollutant. The computations
/// are <see cref="DailyEmissions"/>'s (Public.Standards); this class only reads the store. Reusable by the audit.
/// </summary>
internal sealed class EmissionSummaryQueries(EnterpriseStore enterprises, CemsStore store)
{
    /// <summary>The limits of a pollutant at an outlet: the ordinary one from always, the special one from the outlet's date.</summary>
    public static List<EmissionLimit> Limits(Outlet outlet, OutletPollutant pollutant)
    {
        var limits = new List<EmissionLimit>();
        if (pollutant.Limit is { } ordinary)
        {
            limits.Add(new EmissionLimit(pollutant.Code, ordinary, DateOnly.MinValue));
        }

        if (pollutant.SpecialLimit is { } special && outlet.SpecialLimitsFrom is { } start)
        {
            limits.Add(new EmissionLimit(pollutant.Code, special, start));
        }

        return limits;
    }

    /// <summary>The hourly values of one pollutant from <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive), each with the O2 of its hour when flagged N.</summary>
    public List<HourlyEmission> Hours(Outlet outlet, string pollutant, DateTime from, DateTime to) =>
        outlet.Mn is null ? [] : Join(store.Series(outlet.Mn, [pollutant, Hj212Importer.Oxygen], from, to), pollutant);

    private static List<HourlyEmission> Join(List<CemsValue> values, string pollutant)
    {
        var oxygen = values.Where(v => v.Pollutant == Hj212Importer.Oxygen && EmissionValidity.IsValid(v.Flag)).ToDictionary(v => v.DataTime, v => v.Value);
        return values.Where(v => v.Pollutant == pollutant)
            .Select(v => new HourlyEmission(v.DataTime, v.Value, v.Flag, oxygen.TryGetValue(v.DataTime, out var o2) ? o2 : null)).ToList();
    }

    /// <summary>Daily means of one outlet and pollutant for the days <paramref name="from"/>…<paramref name="to"/> that have any hour.</summary>
    public List<DailyEmissionMean> Daily(Outlet outlet, OutletPollutant pollutant, DateOnly from, DateOnly to) =>
        DailyEmissions.Daily(Hours(outlet, pollutant.Code, from.ToDateTime(TimeOnly.MinValue), to.AddDays(1).ToDateTime(TimeOnly.MinValue)),
            outlet.ReferenceOxygen, Limits(outlet, pollutant));

    /// <summary>The yearly summary of every automatically monitored outlet (with an MN) and pollutant of an enterprise; null for an unknown code.</summary>
    public List<OutletPollutantSummary>? Summary(string creditCode, int year) =>
        enterprises.Get(creditCode) is { } enterprise ? Summary(enterprise, year) : null;

    public List<OutletPollutantSummary> Summary(Enterprise enterprise, int year)
    {
        var result = new List<OutletPollutantSummary>();
        foreach (var outlet in enterprise.Outlets.Where(o => o.Mn is not null && o.Monitoring == Outlet.Automatic))
        {
            var codes = outlet.Pollutants.Select(p => p.Code).Append(Hj212Importer.Oxygen).ToList();
            var values = store.Series(outlet.Mn!, codes, new DateTime(year, 1, 1), new DateTime(year + 1, 1, 1));
            foreach (var pollutant in outlet.Pollutants)
            {
                var s = DailyEmissions.Year(year, Join(values, pollutant.Code), outlet.ReferenceOxygen, Limits(outlet, pollutant));
                result.Add(new OutletPollutantSummary(outlet.Code, outlet.Name, outlet.Mn, pollutant.Code, outlet.ReferenceOxygen, year, s.ExpectedHours,
                    s.ValidHours, Math.Round(s.EffectiveDataRate, 4, MidpointRounding.ToEven), s.ExceedanceHours, s.ExceedanceEpisodes,
                    s.MaxMultiple is { } m ? Math.Round(m, 3, MidpointRounding.ToEven) : null, s.MaxMultipleAt, s.ValidDays, s.ExceedanceDays,
                    s.DaysWithExceedingHours));
            }
        }

        return result;
    }
}
