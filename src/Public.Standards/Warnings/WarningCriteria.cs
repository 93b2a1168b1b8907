namespace Public.Standards.Warnings;

/// <summary>
/// One daily AQI: the AQI of the 24 hours ending at <see cref="End"/>. A calendar day ends at the next local
/// midnight; a rolling 24-hour value may end at any hour, so a window may cross midnight (875号: "AQI日均值"
/// is any 24 consecutive hours). Null: no valid value (breaks a run). <see cref="OzoneDriven"/>: O3 was the
/// primary pollutant, which some schemes do not count. Give times in local time (+08:00 for China).
/// </summary>
public readonly record struct DailyAqiSample(DateTimeOffset End, int? Aqi, bool OzoneDriven = false)
{
    /// <summary>The local date the window ends in (the calendar day for a calendar-day value).</summary>
    public DateOnly Date => DateOnly.FromDateTime(End.AddTicks(-1).DateTime);
}

/// <summary>When the data first called for <paramref name="Level"/>: at the end of the window that completed it.</summary>
public sealed record LevelReached(WarningLevel Level, DateTimeOffset At);

/// <summary>
/// A heavy-pollution episode as the criteria see it: from the start of its first qualifying window to the end
/// of its last, the level it calls for, the daily values in it (the evidence, gaps of merged parts included),
/// and when each higher level was first called.
/// </summary>
public sealed record WarningEpisode(
    string SchemeId,
    WarningLevel Level,
    DateTimeOffset Start,
    DateTimeOffset End,
    IReadOnlyList<DailyAqiSample> Days,
    int PeakAqi,
    IReadOnlyList<LevelReached> Progression,
    int Parts);

/// <summary>
/// Applies a <see cref="WarningScheme"/> to a series of daily AQI values.
///
/// Durations (standards.md §3: "AQI＞200 lasting 48 h"): a run of consecutive windows that all meet a
/// condition lasts from the start of its first 24-hour window to the end of its last, i.e.
/// (last end − first end) + 24 h. Two calendar days last 48 h; rolling hourly values above the threshold
/// from 13:00 one day to 13:00 the next last 48 h too. Consecutive means exactly <c>step</c> apart; a missing
/// value or a missing window breaks a run.
///
/// An episode is a maximal run of windows meeting the scheme's weakest condition; every condition of a clause
/// must hold within the same episode; the level is the most severe one whose rule the episode meets ("且未达到
/// 高级别预警条件"). Episodes whose gap is at most the scheme's <see cref="WarningScheme.MergeGapHours"/> are one
/// episode at the higher level (back-to-back episodes, standards.md §3.1).
/// </summary>
public static class WarningCriteria
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    /// <summary>Step of a calendar-day series.</summary>
    public static readonly TimeSpan Daily = TimeSpan.FromHours(24);

    /// <summary>Step of a rolling 24-hour series sampled every hour.</summary>
    public static readonly TimeSpan Hourly = TimeSpan.FromHours(1);

    /// <summary>The most severe level the series calls for in any of its episodes, or null.</summary>
    public static WarningLevel? Evaluate(WarningScheme scheme, IReadOnlyList<DailyAqiSample> series, TimeSpan step)
    {
        var episodes = DetectEpisodes(scheme, series, step);
        return episodes.Count == 0 ? null : episodes.Max(e => e.Level);
    }

    /// <summary>Episodes of a series under one scheme, back-to-back ones merged.</summary>
    public static IReadOnlyList<WarningEpisode> DetectEpisodes(WarningScheme scheme, IReadOnlyList<DailyAqiSample> series, TimeSpan step)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(series);
        CheckSeries(series, step);

        var parts = new List<(int First, int Last, WarningLevel Level, List<LevelReached> Progression)>();
        var i = 0;
        while (i < series.Count)
        {
            if (!Qualifies(scheme, series[i]))
            {
                i++;
                continue;
            }

            var j = i;
            while (j + 1 < series.Count && Qualifies(scheme, series[j + 1]) && series[j + 1].End - series[j].End == step)
            {
                j++;
            }

            var run = Slice(series, i, j);
            if (LevelOfRun(scheme, run) is { } level)
            {
                parts.Add((i, j, level, Progression(scheme, run)));
            }

            i = j + 1;
        }

        var episodes = new List<WarningEpisode>();
        var k = 0;
        while (k < parts.Count)
        {
            var first = parts[k].First;
            var last = parts[k].Last;
            var level = parts[k].Level;
            var progression = new List<LevelReached>(parts[k].Progression);
            var count = 1;
            while (k + 1 < parts.Count && series[parts[k + 1].First].End - series[last].End - step <= TimeSpan.FromHours(scheme.MergeGapHours))
            {
                k++;
                count++;
                last = parts[k].Last;
                level = level > parts[k].Level ? level : parts[k].Level;
                foreach (var reached in parts[k].Progression)
                {
                    if (reached.Level > progression[^1].Level)
                    {
                        progression.Add(reached);
                    }
                }
            }

            var days = Slice(series, first, last);
            episodes.Add(new WarningEpisode(scheme.Id, level, series[first].End - Window, series[last].End, days,
                days.Where(d => d.Aqi is not null).Max(d => d.Aqi!.Value), progression, count));
            k++;
        }

        return episodes;
    }

    /// <summary>
    /// Episodes of a series that may span schemes: each stretch of days is judged by the scheme in force on its
    /// dates. An episode running across a switch date is judged in two parts, one by each scheme.
    /// </summary>
    public static IReadOnlyList<WarningEpisode> DetectEpisodes(WarningSchemeCalendar calendar, IReadOnlyList<DailyAqiSample> series, TimeSpan step)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(series);
        var result = new List<WarningEpisode>();
        var start = 0;
        while (start < series.Count)
        {
            var scheme = calendar.ForDate(series[start].Date);
            var end = start;
            while (end + 1 < series.Count && ReferenceEquals(calendar.ForDate(series[end + 1].Date), scheme))
            {
                end++;
            }

            result.AddRange(DetectEpisodes(scheme, Slice(series, start, end), step));
            start = end + 1;
        }

        return result;
    }

    /// <summary>
    /// The level a run of consecutive windows calls for, all of them taken as one episode (the caller vouches
    /// that they are consecutive), or null.
    /// </summary>
    public static WarningLevel? LevelOfRun(WarningScheme scheme, IReadOnlyList<DailyAqiSample> run)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(run);
        foreach (var rule in scheme.RulesBySeverity)
        {
            if (rule.AnyOf.Any(clause => clause.AllOf.All(c => LongestHours(scheme, run, c) >= c.Hours)))
            {
                return rule.Level;
            }
        }

        return null;
    }

    /// <summary>The longest time a condition holds in a run of consecutive windows (0 when never).</summary>
    public static double LongestHours(WarningScheme scheme, IReadOnlyList<DailyAqiSample> run, AqiCondition condition)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(condition);
        double longest = 0;
        int? from = null;
        for (var i = 0; i < run.Count; i++)
        {
            var meets = Counts(scheme, run[i]) && condition.Matches(run[i].Aqi!.Value);
            if (meets)
            {
                from ??= i;
                longest = Math.Max(longest, (run[i].End - run[from.Value].End + Window).TotalHours);
            }
            else
            {
                from = null;
            }
        }

        return longest;
    }

    private static List<LevelReached> Progression(WarningScheme scheme, List<DailyAqiSample> run)
    {
        var progression = new List<LevelReached>();
        for (var n = 1; n <= run.Count; n++)
        {
            if (LevelOfRun(scheme, Slice(run, 0, n - 1)) is { } level && (progression.Count == 0 || level > progression[^1].Level))
            {
                progression.Add(new LevelReached(level, run[n - 1].End));
            }
        }

        return progression;
    }

    private static bool Counts(WarningScheme scheme, DailyAqiSample day) =>
        day.Aqi is not null && !(scheme.ExcludesOzoneDays && day.OzoneDriven);

    private static bool Qualifies(WarningScheme scheme, DailyAqiSample day) =>
        Counts(scheme, day) && day.Aqi >= scheme.LowestMatchingAqi;

    private static List<DailyAqiSample> Slice(IReadOnlyList<DailyAqiSample> series, int first, int last)
    {
        var list = new List<DailyAqiSample>(last - first + 1);
        for (var i = first; i <= last; i++)
        {
            list.Add(series[i]);
        }

        return list;
    }

    private static void CheckSeries(IReadOnlyList<DailyAqiSample> series, TimeSpan step)
    {
        if (step <= TimeSpan.Zero || step > Window)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "the step between daily values is more than 0 and at most 24 hours");
        }

        for (var i = 1; i < series.Count; i++)
        {
            if (series[i].End <= series[i - 1].End)
            {
                throw new ArgumentException($"the series must be in time order: {series[i].End:O} follows {series[i - 1].End:O}", nameof(series));
            }
        }

        foreach (var d in series)
        {
            if (d.Aqi is < 0)
            {
                throw new ArgumentException($"negative AQI {d.Aqi} at {d.End:O}", nameof(series));
            }
        }
    }
}
