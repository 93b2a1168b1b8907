using System.Collections.ObjectModel;
using Public.Standards.Assessment;

namespace Public.Standards.AirQuality;

/// <summary>Collects the IAQIs of one report and reduces them to an <see cref="AqiResult"/>.</summary>
internal sealed class IaqiCollector(AqiEdition edition, bool roundInputs)
{
    private readonly Dictionary<AqiIndicator, int> _iaqi = [];
    private bool _capped;

    /// <summary>Adds the IAQI of a present concentration; returns null when the input is missing.</summary>
    public IaqiResult? Add(AqiIndicator indicator, decimal? concentration)
    {
        if (concentration is not { } c)
        {
            return null;
        }

        if (roundInputs)
        {
            // Concentrations are looked up as reported: integers, CO to 1 decimal, rounded per GB/T 8170
            // (standards.md §1.2, practice of the 2026 tools [V as practice, M for 2012]).
            c = Rounding.Gb8170(c, Pollutants.Decimals(AqiIndicators.PollutantOf(indicator)));
        }

        var result = Iaqi.Compute(edition, indicator, c);
        if (result.Value is { } value)
        {
            _iaqi[indicator] = value;
            _capped |= result.Capped;
        }

        return result;
    }

    public AqiResult ToResult()
    {
        var perPollutant = new Dictionary<Pollutant, int>();
        foreach (var (indicator, value) in _iaqi)
        {
            var pollutant = AqiIndicators.PollutantOf(indicator);
            perPollutant[pollutant] = perPollutant.TryGetValue(pollutant, out var existing) ? Math.Max(existing, value) : value;
        }

        var iaqi = new ReadOnlyDictionary<AqiIndicator, int>(_iaqi);
        if (perPollutant.Count == 0)
        {
            return new AqiResult(null, null, iaqi, [], [], false);
        }

        // HJ 633-2012 §4.3: AQI is the maximum IAQI.
        var aqi = perPollutant.Values.Max();

        // HJ 633-2012 §4.4: a primary pollutant exists only when AQI > 50; ties list every pollutant at the maximum.
        var primary = aqi > 50
            ? Pollutants.All.Where(p => perPollutant.TryGetValue(p, out var v) && v == aqi).ToArray()
            : [];

        // HJ 633-2012 §4.4: 超标污染物 are those with IAQI > 100.
        var exceeding = Pollutants.All.Where(p => perPollutant.TryGetValue(p, out var v) && v > 100).ToArray();

        return new AqiResult(aqi, AqiLevels.For(aqi), iaqi, Array.AsReadOnly(primary), Array.AsReadOnly(exceeding), _capped);
    }
}
