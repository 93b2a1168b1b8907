namespace Public.Standards.Assessment;

/// <summary>Minimum data counts of GB 3095-2012 表4 and HJ 663-2013 (standards.md §2.1).</summary>
public static class Validity
{
    // GB 3095-2012 表4 [V]: a 24-hour mean needs at least 20 hourly means.
    public const int MinHoursForDailyMean = 20;

    // GB 3095-2012 表4 [V]: an O3 8-hour mean needs at least 6 hourly means in the 8 hours.
    public const int MinHoursFor8hMean = 6;

    // HJ 663-2013 [M]: the O3 daily maximum 8h needs at least 14 valid 8h means among the 17 windows
    // ending 08:00..24:00.
    public const int MinWindowsForO3DailyMax8h = 14;

    // GB 3095-2012 表4 [V]: annual statistics need at least 324 daily values a year,
    public const int MinDaysPerYear = 324;

    // ...at least 27 daily values in each month,
    public const int MinDaysPerMonth = 27;

    // ...and at least 25 in February.
    public const int MinDaysPerFebruary = 25;

    // GB 3095-2012 表2, grade II O3 daily max 8h limit (µg/m³). HJ 663-2013 [M]: a daily max 8h short of
    // 14 windows is still valid when it exceeds this limit. GB 3095-2026 may change it: pass the limit in force.
    public const decimal O3EightHourLimitGradeII = 160m;

    public static int MinDaysForMonth(int year, int month)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 9999);
        ArgumentOutOfRangeException.ThrowIfLessThan(month, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(month, 12);
        // GB 3095-2012 表4: 25 in February whether or not the year is a leap year.
        return month == 2 ? MinDaysPerFebruary : MinDaysPerMonth;
    }
}
