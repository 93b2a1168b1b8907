namespace Public.Standards.Emissions;

/// <summary>
/// The effective data rate of an automatically monitored outlet for one month (issue 7): hours with a valid
/// hourly value divided by the hours of the month (days × 24). What counts as valid is the caller's rule; this
/// project counts hourly values flagged N (HJ 212: instrument working normally).
/// </summary>
public sealed record EffectiveDataRate(int Year, int Month, int ExpectedHours, int ValidHours)
{
    /// <summary>The rate, 0–1.</summary>
    public decimal Rate => ExpectedHours == 0 ? 0m : (decimal)ValidHours / ExpectedHours;

    public static EffectiveDataRate For(int year, int month, int validHours)
    {
        var expected = DateTime.DaysInMonth(year, month) * 24;
        if (validHours < 0 || validHours > expected)
        {
            throw new ArgumentOutOfRangeException(nameof(validHours), validHours, $"a month of {expected} hours cannot have {validHours} valid hours");
        }

        return new EffectiveDataRate(year, month, expected, validHours);
    }
}
