namespace Public.Standards.Emissions;

/// <summary>One hourly value of an outlet and pollutant as sent (CN 2061): DataTime, value, HJ 212 flag, and the O2 (%) of the same hour when it was flagged N.</summary>
public sealed record HourlyEmission(DateTime DataTime, decimal Measured, string? Flag, decimal? Oxygen);

/// <summary>
/// An hour judged: valid (flag N) or not, the value at the reference O2, the limit in force that day, and whether
/// it exceeded the limit (judged only for valid hours with a corrected value; null otherwise).
/// </summary>
public sealed record JudgedHour(DateTime DataTime, decimal Measured, string? Flag, bool Valid, decimal? Corrected, EmissionLimit? Limit, bool? Exceeded, decimal? Multiple);

/// <summary>
/// The daily mean of one outlet and pollutant. <see cref="ValidHours"/>: hours flagged N; <see cref="CorrectedHours"/>:
/// of those, the hours with an O2 reading (so a corrected value). The mean is valid with at least
/// <see cref="EmissionValidity.MinimumValidHoursPerDay"/> valid hours, the corrected mean with as many corrected hours.
/// The day exceeds when its valid corrected mean is strictly above the limit in force that day.
/// </summary>
public sealed record DailyEmissionMean(
    DateOnly Date,
    int Hours,
    int ValidHours,
    int CorrectedHours,
    bool Valid,
    decimal? Mean,
    decimal? CorrectedMean,
    EmissionLimit? Limit,
    bool? Exceeded,
    decimal? Multiple,
    int ExceedingHours);

/// <summary>
/// A year of one outlet and pollutant: expected hours (days × 24), valid hours (flag N), the effective data rate
/// (valid / expected), exceedance hours, exceedance episodes (runs of consecutive exceeding hours), the maximum
/// multiple of the limit and its hour, valid days, days whose valid corrected daily mean exceeds the limit, and
/// days with at least one exceeding hour.
/// </summary>
public sealed record EmissionYearSummary(
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

/// <summary>Which hourly values count, and how many make a valid day.</summary>
public static class EmissionValidity
{
    /// <summary>
    /// ASSUMPTION, not a verified clause: a daily mean needs at least 20 valid hourly values. HJ 75-2017 / HJ 76-2017
    /// state the CEMS validity rules, but their text was not retrieved (standards.md has no verified daily rule for
    /// CEMS); 20 of 24 hours is GB 3095-2012 表4's rule for ambient 24-hour means (standards.md §2.1), used here
    /// by analogy until the CEMS rule is checked.
    /// </summary>
    public const int MinimumValidHoursPerDay = 20;

    /// <summary>The rule as text, for API meta and pages.</summary>
    public const string DailyRule =
        "日均值需 ≥ 20 个有效小时值（标记 N）。假设：HJ 75-2017 的规定未核实，暂按 GB 3095-2012 表4 对环境空气 24 小时平均的要求 / " +
        "A daily mean needs ≥ 20 valid hourly values (flag N). ASSUMPTION: HJ 75-2017's rule is not verified; GB 3095-2012 Table 4's ambient 24-hour rule is used";

    /// <summary>HJ 212 flag N (instrument working normally) is valid; a value without a flag is taken as N.</summary>
    public static bool IsValid(string? flag) => flag is null or "N";
}

/// <summary>
/// Hourly judging, daily means and the yearly summary of an outlet's self-monitoring values. The natural day D
/// holds the hours whose DataTime (as sent, local time) falls on D. O2 correction per <see cref="OxygenCorrection"/>;
/// limits in force per <see cref="EmissionLimit.InForce"/>; exceedance strictly above the limit.
/// </summary>
public static class DailyEmissions
{
    public static JudgedHour Judge(HourlyEmission hour, decimal? referenceOxygen, IReadOnlyCollection<EmissionLimit> limits)
    {
        var valid = EmissionValidity.IsValid(hour.Flag);
        var corrected = hour.Oxygen is { } o2 && referenceOxygen is { } reference ? OxygenCorrection.Correct(hour.Measured, o2, reference) : null;
        var limit = EmissionLimit.InForce(limits, DateOnly.FromDateTime(hour.DataTime));
        bool? exceeded = valid && corrected is { } c && limit is not null ? limit.IsExceededBy(c) : null;
        return new JudgedHour(hour.DataTime, hour.Measured, hour.Flag, valid, corrected, limit, exceeded,
            exceeded == true ? limit!.Multiple(corrected!.Value) : null);
    }

    /// <summary>The daily means of the days that have any hour, in date order.</summary>
    public static List<DailyEmissionMean> Daily(IEnumerable<HourlyEmission> hours, decimal? referenceOxygen, IReadOnlyCollection<EmissionLimit> limits) =>
        Days(JudgeAll(hours, referenceOxygen, limits), limits);

    /// <summary>The summary of one calendar year (hours outside it are ignored).</summary>
    public static EmissionYearSummary Year(int year, IEnumerable<HourlyEmission> hours, decimal? referenceOxygen, IReadOnlyCollection<EmissionLimit> limits)
    {
        var judged = JudgeAll(hours.Where(h => h.DataTime.Year == year), referenceOxygen, limits);
        var expected = (DateTime.IsLeapYear(year) ? 366 : 365) * 24;
        var valid = judged.Count(h => h.Valid);
        var exceeding = judged.Where(h => h.Exceeded == true).ToList();
        var episodes = 0;
        DateTime? previous = null;
        foreach (var h in exceeding)
        {
            if (previous is null || h.DataTime - previous.Value != TimeSpan.FromHours(1))
            {
                episodes++;
            }

            previous = h.DataTime;
        }

        var max = exceeding.OrderByDescending(h => h.Multiple).ThenBy(h => h.DataTime).FirstOrDefault();
        var days = Days(judged, limits);
        return new EmissionYearSummary(year, expected, valid, (decimal)valid / expected, exceeding.Count, episodes, max?.Multiple, max?.DataTime,
            days.Count(d => d.Valid), days.Count(d => d.Exceeded == true), exceeding.Select(h => DateOnly.FromDateTime(h.DataTime)).Distinct().Count());
    }

    private static List<JudgedHour> JudgeAll(IEnumerable<HourlyEmission> hours, decimal? referenceOxygen, IReadOnlyCollection<EmissionLimit> limits)
    {
        var list = hours.OrderBy(h => h.DataTime).ToList();
        for (var i = 1; i < list.Count; i++)
        {
            if (list[i].DataTime == list[i - 1].DataTime)
            {
                throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"two values for the hour {list[i].DataTime:yyyy-MM-dd HH:mm}"), nameof(hours));
            }
        }

        return list.Select(h => Judge(h, referenceOxygen, limits)).ToList();
    }

    private static List<DailyEmissionMean> Days(List<JudgedHour> judged, IReadOnlyCollection<EmissionLimit> limits)
    {
        var result = new List<DailyEmissionMean>();
        foreach (var day in judged.GroupBy(h => DateOnly.FromDateTime(h.DataTime)))
        {
            var valid = day.Where(h => h.Valid).ToList();
            var corrected = valid.Where(h => h.Corrected is not null).ToList();
            var isValid = valid.Count >= EmissionValidity.MinimumValidHoursPerDay;
            decimal? mean = isValid ? valid.Sum(h => h.Measured) / valid.Count : null;
            decimal? correctedMean = corrected.Count >= EmissionValidity.MinimumValidHoursPerDay ? corrected.Sum(h => h.Corrected!.Value) / corrected.Count : null;
            var limit = EmissionLimit.InForce(limits, day.Key);
            bool? exceeded = correctedMean is { } c && limit is not null ? limit.IsExceededBy(c) : null;
            result.Add(new DailyEmissionMean(day.Key, day.Count(), valid.Count, corrected.Count, isValid, mean, correctedMean, limit, exceeded,
                exceeded == true ? limit!.Multiple(correctedMean!.Value) : null, day.Count(h => h.Exceeded == true)));
        }

        return result;
    }
}
