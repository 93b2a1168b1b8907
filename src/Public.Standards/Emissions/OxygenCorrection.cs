namespace Public.Standards.Emissions;

/// <summary>
/// 基准氧含量折算 (standards.md A2.1 Table 3, A2.2): emission limits are set for dry flue gas at a reference O2
/// (coal power boilers 6 %, gas turbines 15 %, GB 13271 coal boilers 9 %…), and a measured concentration is
/// compared after C = C′ × (21 − O2ref) / (21 − O2meas).
/// </summary>
public static class OxygenCorrection
{
    /// <summary>O2 in air, the 21 of the formula.</summary>
    public const decimal AmbientOxygen = 21m;

    /// <summary>
    /// The concentration at the reference O2. Null when the measured O2 is 21 % or more (no combustion gas —
    /// the formula would divide by zero or flip sign) or below zero, so a bad O2 reading never yields a number.
    /// </summary>
    public static decimal? Correct(decimal measured, decimal measuredOxygen, decimal referenceOxygen)
    {
        if (measuredOxygen < 0m || measuredOxygen >= AmbientOxygen)
        {
            return null;
        }

        if (referenceOxygen < 0m || referenceOxygen >= AmbientOxygen)
        {
            throw new ArgumentOutOfRangeException(nameof(referenceOxygen), referenceOxygen, "a reference O2 is between 0 and 21 %");
        }

        return measured * (AmbientOxygen - referenceOxygen) / (AmbientOxygen - measuredOxygen);
    }
}

/// <summary>An emission limit in mg/m³ at a reference O2, in force from a date (特别排放限值 start on a later date).</summary>
public sealed record EmissionLimit(string Pollutant, decimal LimitMgPerM3, DateOnly InForceFrom)
{
    /// <summary>Whether a (corrected) concentration exceeds the limit: strictly above, as "超标" means.</summary>
    public bool IsExceededBy(decimal corrected) => corrected > LimitMgPerM3;

    /// <summary>超标倍数 as the multiple of the limit (1.5 = 150 % of the limit).</summary>
    public decimal Multiple(decimal corrected) => corrected / LimitMgPerM3;

    /// <summary>The limit in force on a date among several for the same pollutant: the latest that has started; null before any.</summary>
    public static EmissionLimit? InForce(IEnumerable<EmissionLimit> limits, DateOnly date) =>
        limits.Where(l => l.InForceFrom <= date).OrderByDescending(l => l.InForceFrom).FirstOrDefault();
}
