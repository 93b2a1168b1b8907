using System.Collections.ObjectModel;
using System.Globalization;
using Public.Standards.AirQuality;

namespace Public.Standards.Assessment;

/// <summary>
/// Valid daily values of one station or city (null = no valid value that day for that pollutant).
/// O3_8hMax and O3_1hMax are the daily maxima; Aqi is the daily AQI.
/// </summary>
public sealed record DayRecord(
    DateOnly Date,
    decimal? SO2,
    decimal? NO2,
    decimal? PM10,
    decimal? CO,
    decimal? PM25,
    decimal? O3_8hMax,
    decimal? O3_1hMax,
    int? Aqi);

/// <summary>One statistic of one pollutant; see <see cref="StatisticNames"/> for the names used.</summary>
public sealed record PollutantStatistic(Pollutant Pollutant, string Statistic, decimal? Value, string Unit, Coverage Coverage);

public sealed record Assessment(
    int Year,
    int? Month,
    IReadOnlyList<PollutantStatistic> Statistics,
    int ValidAqiDays,
    int ExpectedDays,
    int GoodDays,
    decimal? GoodDaysRatioPercent,
    IReadOnlyDictionary<int, int> DaysPerLevel,
    decimal? CompositeIndex,
    bool CompositeIndexComplete);

public static class StatisticNames
{
    public const string AnnualMean = "annualMean";
    public const string MonthlyMean = "monthlyMean";
    public const string P90 = "p90";
    public const string P95 = "p95";
    public const string P98 = "p98";
}

public static class PeriodAssessment
{
    // Composite index denominators S_i (standards.md §2.2 [V, secondary]): GB 3095-2012 grade-II annual limits
    // for PM2.5, PM10, NO2, SO2; the 24h CO limit and the 8h O3 limit. GB 3095-2026 tightens some of these
    // (values not retrieved): pass the limits in force via compositeLimits.
    public static IReadOnlyDictionary<Pollutant, decimal> CompositeLimitsGb3095_2012 { get; } =
        new ReadOnlyDictionary<Pollutant, decimal>(new Dictionary<Pollutant, decimal>
        {
            [Pollutant.PM25] = 35m,
            [Pollutant.PM10] = 70m,
            [Pollutant.O3] = 160m,
            [Pollutant.NO2] = 40m,
            [Pollutant.SO2] = 60m,
            [Pollutant.CO] = 4m,
        });

    /// <summary>
    /// Calendar-year assessment. Days outside the year (or after <paramref name="asOf"/>) are ignored;
    /// <paramref name="asOf"/> limits ExpectedDays for a year in progress (the 324-day requirement still applies,
    /// so such a year is reported as not sufficient).
    /// </summary>
    public static Assessment ForYear(
        int year,
        IReadOnlyList<DayRecord> days,
        DateOnly? asOf = null,
        IReadOnlyDictionary<Pollutant, decimal>? compositeLimits = null)
    {
        var start = new DateOnly(year, 1, 1);
        var end = new DateOnly(year, 12, 31);
        return Assess(year, null, start, end, days, asOf, compositeLimits);
    }

    /// <summary>Calendar-month assessment; see <see cref="ForYear"/> for <paramref name="asOf"/>.</summary>
    public static Assessment ForMonth(
        int year,
        int month,
        IReadOnlyList<DayRecord> days,
        DateOnly? asOf = null,
        IReadOnlyDictionary<Pollutant, decimal>? compositeLimits = null)
    {
        var start = new DateOnly(year, month, 1);
        var end = start.AddMonths(1).AddDays(-1);
        return Assess(year, month, start, end, days, asOf, compositeLimits);
    }

    private static Assessment Assess(
        int year,
        int? month,
        DateOnly start,
        DateOnly end,
        IReadOnlyList<DayRecord> days,
        DateOnly? asOf,
        IReadOnlyDictionary<Pollutant, decimal>? compositeLimits)
    {
        ArgumentNullException.ThrowIfNull(days);
        compositeLimits ??= CompositeLimitsGb3095_2012;
        if (asOf is { } cutoff && cutoff < end)
        {
            end = cutoff;
        }

        var inPeriod = days.Where(d => d.Date >= start && d.Date <= end).OrderBy(d => d.Date).ToArray();
        for (var i = 1; i < inPeriod.Length; i++)
        {
            if (inPeriod[i].Date == inPeriod[i - 1].Date)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Duplicate day {inPeriod[i].Date:yyyy-MM-dd}."), nameof(days));
            }
        }

        var expectedDays = end < start ? 0 : end.DayNumber - start.DayNumber + 1;
        var meanName = month is null ? StatisticNames.AnnualMean : StatisticNames.MonthlyMean;

        // HJ 663-2013 §5 [M/V per standards.md §2.2]: means for SO2, NO2, PM10, PM2.5; CO 95th percentile of
        // daily means [M]; O3 90th percentile of the daily max 8h [V]; also SO2/NO2 98th and PM10/PM2.5 95th [V].
        var statistics = new List<PollutantStatistic>
        {
            Mean(Pollutant.SO2, meanName, inPeriod, d => d.SO2, year, month, expectedDays),
            Pct(Pollutant.SO2, 98, inPeriod, d => d.SO2, year, month, expectedDays),
            Mean(Pollutant.NO2, meanName, inPeriod, d => d.NO2, year, month, expectedDays),
            Pct(Pollutant.NO2, 98, inPeriod, d => d.NO2, year, month, expectedDays),
            Mean(Pollutant.PM10, meanName, inPeriod, d => d.PM10, year, month, expectedDays),
            Pct(Pollutant.PM10, 95, inPeriod, d => d.PM10, year, month, expectedDays),
            Mean(Pollutant.PM25, meanName, inPeriod, d => d.PM25, year, month, expectedDays),
            Pct(Pollutant.PM25, 95, inPeriod, d => d.PM25, year, month, expectedDays),
            Pct(Pollutant.CO, 95, inPeriod, d => d.CO, year, month, expectedDays),
            Pct(Pollutant.O3, 90, inPeriod, d => d.O3_8hMax, year, month, expectedDays),
        };

        // 优良天数比例 (standards.md §2.2 [M]): days with AQI ≤ 100 over days with a valid AQI, in percent,
        // rounded to 1 decimal per GB/T 8170.
        var aqiDays = inPeriod.Where(d => d.Aqi is not null).Select(d => d.Aqi!.Value).ToArray();
        var goodDays = aqiDays.Count(a => a <= 100);
        decimal? goodRatio = aqiDays.Length == 0 ? null : Rounding.Gb8170(goodDays * 100m / aqiDays.Length, 1);
        var perLevel = AqiLevels.All.ToDictionary(l => l.Number, l => aqiDays.Count(a => AqiLevels.For(a).Number == l.Number));

        // Composite index (城市环境空气质量排名技术规定 [V, secondary]): Σ C_i / S_i with the rounded statistics,
        // CO from its 95th and O3 from its 90th percentile; the sum rounded to 2 decimals per GB/T 8170.
        var compositeInputs = new (Pollutant Pollutant, string Statistic)[]
        {
            (Pollutant.PM25, meanName), (Pollutant.PM10, meanName), (Pollutant.O3, StatisticNames.P90),
            (Pollutant.NO2, meanName), (Pollutant.SO2, meanName), (Pollutant.CO, StatisticNames.P95),
        };
        decimal? composite = null;
        var complete = true;
        foreach (var (pollutant, statistic) in compositeInputs)
        {
            var value = statistics.Single(s => s.Pollutant == pollutant && s.Statistic == statistic).Value;
            if (value is null || !compositeLimits.TryGetValue(pollutant, out var limit))
            {
                complete = false;
                continue;
            }

            composite = (composite ?? 0m) + (value.Value / limit);
        }

        if (composite is { } sum)
        {
            composite = Rounding.Gb8170(sum, 2);
        }

        return new Assessment(
            year,
            month,
            statistics.AsReadOnly(),
            aqiDays.Length,
            expectedDays,
            goodDays,
            goodRatio,
            new ReadOnlyDictionary<int, int>(perLevel),
            composite,
            complete);
    }

    private static PollutantStatistic Mean(
        Pollutant pollutant, string name, DayRecord[] days, Func<DayRecord, decimal?> select, int year, int? month, int expectedDays)
    {
        var values = days.Select(select).OfType<decimal>().ToArray();
        decimal? mean = values.Length == 0 ? null : values.Average();
        return Statistic(pollutant, name, mean, days, select, year, month, expectedDays);
    }

    private static PollutantStatistic Pct(
        Pollutant pollutant, int p, DayRecord[] days, Func<DayRecord, decimal?> select, int year, int? month, int expectedDays)
    {
        var values = days.Select(select).OfType<decimal>().ToArray();
        var name = p switch
        {
            90 => StatisticNames.P90,
            95 => StatisticNames.P95,
            98 => StatisticNames.P98,
            _ => throw new ArgumentOutOfRangeException(nameof(p), p, null),
        };
        return Statistic(pollutant, name, Percentile.Compute(values, p), days, select, year, month, expectedDays);
    }

    // The value is reported whenever any valid day exists; Coverage.Sufficient says whether it meets the
    // standard's count, so a year in progress can still be shown, labelled as not (yet) valid.
    private static PollutantStatistic Statistic(
        Pollutant pollutant,
        string name,
        decimal? value,
        DayRecord[] days,
        Func<DayRecord, decimal?> select,
        int year,
        int? month,
        int expectedDays)
    {
        var valid = days.Count(d => select(d) is not null);
        Coverage coverage;
        if (month is { } m)
        {
            // GB 3095-2012 表4: ≥ 27 daily values in a month, ≥ 25 in February.
            var required = Validity.MinDaysForMonth(year, m);
            coverage = new Coverage(valid, expectedDays, required, valid >= required);
        }
        else
        {
            // GB 3095-2012 表4: ≥ 324 daily values a year AND each month meeting its own minimum (our reading of
            // the two conditions as cumulative). The table names SO2, NO2, PM10, PM2.5; applying it to CO and the
            // O3 percentile too follows HJ 663 practice [M].
            var everyMonth = Enumerable.Range(1, 12).All(mo =>
                days.Count(d => d.Date.Month == mo && select(d) is not null) >= Validity.MinDaysForMonth(year, mo));
            coverage = new Coverage(valid, expectedDays, Validity.MinDaysPerYear, valid >= Validity.MinDaysPerYear && everyMonth);
        }

        // HJ 663-2013 / GB/T 8170 [M]: concentrations are reported as integers, CO to 1 decimal.
        var rounded = value is { } v ? Rounding.Gb8170(v, Pollutants.Decimals(pollutant)) : (decimal?)null;
        return new PollutantStatistic(pollutant, name, rounded, Pollutants.Unit(pollutant), coverage);
    }
}
