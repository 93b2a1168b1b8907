using Public.Standards.AirQuality;
using Public.Standards.Assessment;

namespace Public.Standards.Tests.Assessment;

public sealed class PeriodAssessmentTests
{
    private static DayRecord Clean(DateOnly date) => new(date, SO2: 10, NO2: 20, PM10: 50, CO: 0.8m, PM25: 30, O3_8hMax: 90, O3_1hMax: 110, Aqi: 45);

    private static PollutantStatistic Stat(IReadOnlyList<PollutantStatistic> stats, Pollutant p, string name) =>
        stats.Single(s => s.Pollutant == p && s.Statistic == name);

    private static List<DayRecord> Year(int year, Func<DateOnly, bool> missing)
    {
        var days = new List<DayRecord>();
        for (var d = new DateOnly(year, 1, 1); d.Year == year; d = d.AddDays(1))
        {
            if (!missing(d))
            {
                days.Add(Clean(d));
            }
        }

        return days;
    }

    // Three January days; all statistics hand-computed:
    //   PM2.5 30,40,50 → mean 40 → 40/35  = 1.142857…
    //   PM10 60,70,80  → mean 70 → 70/70  = 1
    //   O3 8h 100,150,200 → p90: k = 1+2·0.9 = 2.8 → 150+50·0.8 = 190 → 190/160 = 1.1875
    //   NO2 20,30,40   → mean 30 → 30/40  = 0.75
    //   SO2 10,20,30   → mean 20 → 20/60  = 0.333333…
    //   CO 1.0,2.0,3.0 → p95: k = 1+2·0.95 = 2.9 → 2.0+1.0·0.9 = 2.9 → 2.9/4 = 0.725
    //   Σ = 5.1386905… → 5.14. Without CO: 4.4136905… → 4.41, incomplete.
    private static readonly DayRecord[] ThreeDays =
    [
        new(new DateOnly(2019, 1, 1), SO2: 10, NO2: 20, PM10: 60, CO: 1.0m, PM25: 30, O3_8hMax: 100, O3_1hMax: 120, Aqi: 50),
        new(new DateOnly(2019, 1, 2), SO2: 20, NO2: 30, PM10: 70, CO: 2.0m, PM25: 40, O3_8hMax: 150, O3_1hMax: 180, Aqi: 100),
        new(new DateOnly(2019, 1, 3), SO2: 30, NO2: 40, PM10: 80, CO: 3.0m, PM25: 50, O3_8hMax: 200, O3_1hMax: 230, Aqi: 101),
    ];

    [Fact]
    public void CompositeIndexSumsConcentrationOverLimitRatios()
    {
        var a = PeriodAssessment.ForMonth(2019, 1, ThreeDays);

        Assert.Equal(5.14m, a.CompositeIndex);
        Assert.True(a.CompositeIndexComplete);
        Assert.Equal(2.9m, Stat(a.Statistics, Pollutant.CO, StatisticNames.P95).Value);
        Assert.Equal(190m, Stat(a.Statistics, Pollutant.O3, StatisticNames.P90).Value);
        Assert.Equal(40m, Stat(a.Statistics, Pollutant.PM25, StatisticNames.MonthlyMean).Value);
    }

    [Fact]
    public void CompositeIndexIsMarkedIncompleteWhenAnInputIsMissing()
    {
        var withoutCo = ThreeDays.Select(d => d with { CO = null }).ToArray();

        var a = PeriodAssessment.ForMonth(2019, 1, withoutCo);

        Assert.Equal(4.41m, a.CompositeIndex);
        Assert.False(a.CompositeIndexComplete);
    }

    [Fact]
    public void GoodDaysAndLevelsCountDaysWithAValidAqi()
    {
        var days = ThreeDays.Append(Clean(new DateOnly(2019, 1, 4)) with { Aqi = null }).ToArray();

        var a = PeriodAssessment.ForMonth(2019, 1, days);

        // AQI 50, 100 good; 101 not; the null day is not counted: 2/3 = 66.67 % → 66.7.
        Assert.Equal((3, 2, 66.7m, 31), (a.ValidAqiDays, a.GoodDays, a.GoodDaysRatioPercent, a.ExpectedDays));
        Assert.Equal(new Dictionary<int, int> { [1] = 1, [2] = 1, [3] = 1, [4] = 0, [5] = 0, [6] = 0 }, a.DaysPerLevel);
    }

    [Fact]
    public void GoodDaysRatioIsRoundedHalfToEven()
    {
        // 1 good day of 16: 6.25 % → 6.2 (half-up would give 6.3).
        var days = Enumerable.Range(1, 16)
            .Select(i => Clean(new DateOnly(2019, 3, i)) with { Aqi = i == 1 ? 80 : 120 })
            .ToArray();

        Assert.Equal(6.2m, PeriodAssessment.ForMonth(2019, 3, days).GoodDaysRatioPercent);
    }

    [Fact]
    public void StatisticsAreRoundedHalfToEvenToReportingDecimals()
    {
        // PM2.5 mean of 40 and 41 = 40.5 → 40 (half to even; half-up would give 41).
        // CO p95 of 1.0, 1.1: k = 1.95 → 1.0 + 0.1·0.95 = 1.095 → 1.1 at one decimal.
        DayRecord[] days =
        [
            Clean(new DateOnly(2019, 5, 1)) with { PM25 = 40, CO = 1.0m },
            Clean(new DateOnly(2019, 5, 2)) with { PM25 = 41, CO = 1.1m },
        ];

        var a = PeriodAssessment.ForMonth(2019, 5, days);

        Assert.Equal(40m, Stat(a.Statistics, Pollutant.PM25, StatisticNames.MonthlyMean).Value);
        Assert.Equal(1.1m, Stat(a.Statistics, Pollutant.CO, StatisticNames.P95).Value);
        Assert.Equal("mg/m³", Stat(a.Statistics, Pollutant.CO, StatisticNames.P95).Unit);
    }

    [Fact]
    public void FebruaryNeedsTwentyFiveDays()
    {
        var twentyFive = Enumerable.Range(1, 25).Select(i => Clean(new DateOnly(2019, 2, i))).ToArray();

        var ok = PeriodAssessment.ForMonth(2019, 2, twentyFive);
        var short1 = PeriodAssessment.ForMonth(2019, 2, twentyFive[..24]);

        Assert.Equal(new Coverage(25, 28, 25, true), Stat(ok.Statistics, Pollutant.PM25, StatisticNames.MonthlyMean).Coverage);
        Assert.Equal(new Coverage(24, 28, 25, false), Stat(short1.Statistics, Pollutant.PM25, StatisticNames.MonthlyMean).Coverage);
        // The value is still given; Sufficient tells whether it is valid.
        Assert.Equal(30m, Stat(short1.Statistics, Pollutant.PM25, StatisticNames.MonthlyMean).Value);
    }

    // 2019 has 365 days; removing 41 leaves 324. Per month at most 4 (31-day), 3 (30-day), 3 (February) may go.
    [Fact]
    public void YearNeeds324DaysAndEveryMonthAtItsMinimum()
    {
        static bool SpreadOut(DateOnly d) => d.Month switch
        {
            2 => d.Day == 1,                                  // 1 missing → 27 ≥ 25
            4 or 6 or 9 or 11 => d.Day <= 3,                  // 3 missing → 27
            _ => d.Day <= 4,                                  // 4 missing → 27; 7·4 + 4·3 + 1 = 41
        };
        static bool FebruaryShort(DateOnly d) => d.Month switch
        {
            2 => d.Day <= 4,                                  // 4 missing → 24 < 25
            4 or 6 or 9 => d.Day <= 3,                        // 9
            11 => false,
            _ => d.Day <= 4,                                  // 28; 4 + 9 + 28 = 41
        };
        static bool OneMore(DateOnly d) => SpreadOut(d) || d == new DateOnly(2019, 12, 31);

        var ok = PeriodAssessment.ForYear(2019, Year(2019, SpreadOut));
        var feb = PeriodAssessment.ForYear(2019, Year(2019, FebruaryShort));
        var few = PeriodAssessment.ForYear(2019, Year(2019, OneMore));

        Assert.Equal(new Coverage(324, 365, 324, true), Stat(ok.Statistics, Pollutant.PM25, StatisticNames.AnnualMean).Coverage);
        Assert.Equal(new Coverage(324, 365, 324, false), Stat(feb.Statistics, Pollutant.PM25, StatisticNames.AnnualMean).Coverage);
        Assert.Equal(new Coverage(323, 365, 324, false), Stat(few.Statistics, Pollutant.PM25, StatisticNames.AnnualMean).Coverage);
    }

    [Fact]
    public void YearListsTheHj663Statistics()
    {
        var a = PeriodAssessment.ForYear(2020, Year(2020, _ => false));

        Assert.Equal(366, a.ExpectedDays);
        Assert.Equal(
            [
                (Pollutant.SO2, "annualMean"), (Pollutant.SO2, "p98"), (Pollutant.NO2, "annualMean"), (Pollutant.NO2, "p98"),
                (Pollutant.PM10, "annualMean"), (Pollutant.PM10, "p95"), (Pollutant.PM25, "annualMean"), (Pollutant.PM25, "p95"),
                (Pollutant.CO, "p95"), (Pollutant.O3, "p90"),
            ],
            a.Statistics.Select(s => (s.Pollutant, s.Statistic)));
        Assert.All(a.Statistics, s => Assert.True(s.Coverage.Sufficient));
        Assert.Equal(100m, a.GoodDaysRatioPercent);
    }

    [Fact]
    public void AsOfLimitsExpectedDaysAndIgnoresLaterAndOtherPeriods()
    {
        var days = Year(2019, _ => false).Concat([Clean(new DateOnly(2018, 12, 31))]).ToArray();

        var a = PeriodAssessment.ForYear(2019, days, asOf: new DateOnly(2019, 3, 10));

        // 31 + 28 + 10 = 69.
        Assert.Equal((69, 69), (a.ExpectedDays, a.ValidAqiDays));
        Assert.False(Stat(a.Statistics, Pollutant.PM25, StatisticNames.AnnualMean).Coverage.Sufficient);
    }

    [Fact]
    public void DuplicateDaysAreRejected()
    {
        Assert.Throws<ArgumentException>(() => PeriodAssessment.ForMonth(2019, 1, [ThreeDays[0], ThreeDays[0]]));
    }
}
