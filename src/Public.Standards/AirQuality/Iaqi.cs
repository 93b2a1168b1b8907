namespace Public.Standards.AirQuality;

/// <summary>
/// An individual AQI. <see cref="Value"/> is null with <see cref="NotApplicable"/> when the standard defines
/// no IAQI for the concentration (SO2 1h &gt; 800, O3 8h &gt; 800); <see cref="Capped"/> when the concentration
/// lies above the top breakpoint and the value was held at 500.
/// </summary>
public sealed record IaqiResult(int? Value, bool Capped, bool NotApplicable);

public static class Iaqi
{
    /// <summary>IAQI of one concentration (µg/m³, CO mg/m³) against the edition's 表1 column.</summary>
    public static IaqiResult Compute(AqiEdition edition, AqiIndicator indicator, decimal concentration)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(concentration);
        var table = IaqiTables.Get(edition, indicator);

        var top = table[^1];
        if (concentration > top.Concentration)
        {
            // HJ 633-2012 表1 注(2)(3): SO2 1h and O3 8h columns end below 500; above them no IAQI is defined
            // and the caller falls back to SO2 24h / O3 1h.
            if (top.Iaqi < 500)
            {
                return new IaqiResult(null, Capped: false, NotApplicable: true);
            }

            // The standard says nothing beyond IAQI 500; CNEMC publishes 500 for PM above 500/600 µg/m³
            // (checked against the Jinzhou 2019 real-time data), so hold at 500 and flag it.
            return new IaqiResult(500, Capped: true, NotApplicable: false);
        }

        for (var i = 1; i < table.Count; i++)
        {
            var hi = table[i];
            if (concentration <= hi.Concentration)
            {
                var lo = table[i - 1];
                // HJ 633-2012 §4.2 formula 1. Multiply before dividing so that a concentration exactly on a
                // breakpoint gives that breakpoint's IAQI exactly (PM2.5 75 → 100, not 100.000…01 → 101).
                var raw = ((hi.Iaqi - lo.Iaqi) * (concentration - lo.Concentration)
                    / (hi.Concentration - lo.Concentration)) + lo.Iaqi;
                // HJ 633 "向上进位取整数" (explicit in the 2026 text [V]; the 2012 wording is from memory [M]).
                return new IaqiResult((int)decimal.Ceiling(raw), Capped: false, NotApplicable: false);
            }
        }

        // Unreachable: concentration is within [0, top] and the first breakpoint is 0.
        throw new InvalidOperationException("Breakpoint table does not start at zero.");
    }
}
