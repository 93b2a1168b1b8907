namespace Public.Standards.Assessment;

/// <summary>How many values were present, how many the period has, and how many the standard requires.</summary>
public sealed record Coverage(int Valid, int Expected, int Required, bool Sufficient);

/// <summary>A daily statistic; <see cref="Value"/> is null when the data are not sufficient.</summary>
public sealed record DailyValue(decimal? Value, Coverage Coverage);

/// <summary>
/// Daily statistics of one station or city from hourly values. Index 0 is the hour 00:00–01:00 local time
/// (CNEMC labels it hour 1: labels are the end of the hour). Values are not rounded; callers round for display.
/// </summary>
public static class DailyStatistics
{
    private const int HoursPerDay = 24;
    private const int WindowHours = 8;

    // HJ 663-2013 [M]: the daily max 8h is taken over the windows ending 08:00..24:00, i.e. the 17 windows
    // that start within the day (00–08 … 16–24). Windows reaching into the previous day are not used.
    private const int WindowsPerDay = HoursPerDay - WindowHours + 1;

    /// <summary>24-hour mean of the day's hourly values (null = missing).</summary>
    public static DailyValue Mean(IReadOnlyList<decimal?> hourly)
    {
        CheckDay(hourly);
        var present = hourly.OfType<decimal>().ToArray();
        // GB 3095-2012 表4: at least 20 hourly means.
        var coverage = Cover(present.Length, HoursPerDay, Validity.MinHoursForDailyMean);
        return new DailyValue(coverage.Sufficient ? present.Average() : null, coverage);
    }

    /// <summary>
    /// O3 8-hour moving averages over consecutive hours: the value at i is the mean of the present values in
    /// hours i−7..i when at least 6 of the 8 are present, else null. The first 7 entries are null because
    /// their window reaches before the series.
    /// </summary>
    public static IReadOnlyList<decimal?> O3EightHourMovingAverages(IReadOnlyList<decimal?> hourly)
    {
        ArgumentNullException.ThrowIfNull(hourly);
        var result = new decimal?[hourly.Count];
        for (var i = WindowHours - 1; i < hourly.Count; i++)
        {
            decimal sum = 0;
            var n = 0;
            for (var j = i - WindowHours + 1; j <= i; j++)
            {
                if (hourly[j] is { } v)
                {
                    sum += v;
                    n++;
                }
            }

            // GB 3095-2012 表4: an 8-hour mean needs at least 6 hourly means.
            result[i] = n >= Validity.MinHoursFor8hMean ? sum / n : null;
        }

        return Array.AsReadOnly(result);
    }

    /// <summary>
    /// O3 daily maximum 8-hour mean from the day's 24 hourly values (no hours of the previous day are needed).
    /// Coverage counts valid windows out of 17 with 14 required; a short day whose maximum, rounded to an
    /// integer per GB/T 8170, exceeds <paramref name="exceedanceLimit"/> is still valid (HJ 663-2013 [M]) —
    /// then Value is set although Coverage.Sufficient is false.
    /// </summary>
    public static DailyValue O3DailyMax8h(
        IReadOnlyList<decimal?> o3Hourly, decimal exceedanceLimit = Validity.O3EightHourLimitGradeII)
    {
        CheckDay(o3Hourly);
        var windows = O3EightHourMovingAverages(o3Hourly).OfType<decimal>().ToArray();
        var coverage = Cover(windows.Length, WindowsPerDay, Validity.MinWindowsForO3DailyMax8h);
        if (windows.Length == 0)
        {
            return new DailyValue(null, coverage);
        }

        var max = windows.Max();
        // The exceedance is judged on the reported (rounded) value, as limits are compared with reported values.
        var valid = coverage.Sufficient || Rounding.Gb8170(max, 0) > exceedanceLimit;
        return new DailyValue(valid ? max : null, coverage);
    }

    /// <summary>
    /// O3 daily maximum 1-hour value. GB 3095-2012 表4 states no daily count for O3; by default the 24-hour
    /// rule (≥ 20 hours) is applied so that a day with few hours does not report a spuriously low maximum [M].
    /// Pass <paramref name="minValidHours"/> = 1 to accept any present hour.
    /// </summary>
    public static DailyValue O3DailyMax1h(IReadOnlyList<decimal?> hourly, int minValidHours = Validity.MinHoursForDailyMean)
    {
        CheckDay(hourly);
        ArgumentOutOfRangeException.ThrowIfLessThan(minValidHours, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValidHours, HoursPerDay);
        var present = hourly.OfType<decimal>().ToArray();
        var coverage = Cover(present.Length, HoursPerDay, minValidHours);
        return new DailyValue(coverage.Sufficient ? present.Max() : null, coverage);
    }

    private static Coverage Cover(int valid, int expected, int required) =>
        new(valid, expected, required, valid >= required);

    // A day in progress may pass fewer than 24 hours; more than 24 is a caller error (China has no DST).
    private static void CheckDay(IReadOnlyList<decimal?> hourly)
    {
        ArgumentNullException.ThrowIfNull(hourly);
        if (hourly.Count > HoursPerDay)
        {
            throw new ArgumentException($"A day has at most {HoursPerDay} hourly values; got {hourly.Count}.", nameof(hourly));
        }
    }
}
