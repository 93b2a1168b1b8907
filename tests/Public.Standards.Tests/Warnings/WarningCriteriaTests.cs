using Public.Standards.Warnings;

namespace Public.Standards.Tests.Warnings;

/// <summary>
/// Hand-computed calendar-day series for every branch of both national schemes (standards.md §3.1, §3.2).
/// Day 1 is 2019-12-01 for the 2018 scheme and 2025-12-01 for the 2024 one; each value is that day's AQI.
/// </summary>
public sealed class WarningCriteriaTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private static readonly WarningScheme Scheme2018 = WarningSchemes.National2018();
    private static readonly WarningScheme Scheme2024 = WarningSchemes.National2024();

    // ---- 2018 (875号): yellow >200 for 48 h; orange >200 for 72 h and a day >300; red >200 for 96 h and >300 for 48 h, or 500 ----

    [Theory]
    [InlineData(new[] { 201 }, null)] // one day above 200 is not yet a warning
    [InlineData(new[] { 200, 200, 200 }, null)] // 200 is not "＞200"
    [InlineData(new[] { 201, 201 }, "yellow")] // two days (48 h) above 200
    [InlineData(new[] { 201, 200, 201 }, null)] // not consecutive
    [InlineData(new[] { 201, 201, 201 }, "yellow")] // 72 h but no day above 300: not orange
    [InlineData(new[] { 300, 300, 300, 300 }, "yellow")] // 300 is not "＞300"
    [InlineData(new[] { 201, 201, 301 }, "orange")] // 72 h above 200 and a day above 300
    [InlineData(new[] { 301, 301 }, "yellow")] // above 300 twice but only 48 h above 200
    [InlineData(new[] { 201, 301, 201, 301 }, "orange")] // 96 h, but the days above 300 are not consecutive
    [InlineData(new[] { 201, 201, 201, 301 }, "orange")] // 96 h, only 24 h above 300
    [InlineData(new[] { 201, 201, 301, 301 }, "red")] // 96 h above 200 and 48 h above 300
    [InlineData(new[] { 201, 301, 301 }, "orange")] // 48 h above 300 but only 72 h above 200
    [InlineData(new[] { 500 }, "red")] // AQI reaches 500: red on its own
    [InlineData(new[] { 499 }, null)] // 499 does not reach 500, and one day is not yellow
    [InlineData(new[] { 100, 500, 100 }, "red")]
    public void National2018LevelsFollowTheirThresholdsAndDurations(int[] aqi, string? expected)
    {
        var level = WarningCriteria.Evaluate(Scheme2018, Days(2019, aqi), WarningCriteria.Daily);

        Assert.Equal(expected, level is { } l ? WarningLevels.Code(l) : null);
    }

    [Theory]
    [InlineData(new[] { 201, 201, 201 }, "orange")] // the Xinzhou reading: 72 h above 200 is enough
    [InlineData(new[] { 201, 201 }, "yellow")]
    [InlineData(new[] { 201, 201, 301, 301 }, "red")]
    public void National2018WithoutTheAbove300ConditionMakesThreeDaysAbove200Orange(int[] aqi, string expected)
    {
        var scheme = WarningSchemes.National2018(orangeRequiresAbove300: false);

        var level = WarningCriteria.Evaluate(scheme, Days(2019, aqi), WarningCriteria.Daily);

        Assert.Equal(expected, WarningLevels.Code(level!.Value));
    }

    // ---- 2024 (环大气〔2024〕6号): yellow >200 for 24 h or >150 for 48 h; orange >200 for 48 h or >150 for 72 h;
    //      red >200 for 72 h and >300 for 24 h ----

    [Theory]
    [InlineData(new[] { 200 }, null)]
    [InlineData(new[] { 201 }, "yellow")] // a day above 200
    [InlineData(new[] { 151 }, null)]
    [InlineData(new[] { 150, 150 }, null)] // 150 is not "＞150"
    [InlineData(new[] { 151, 151 }, "yellow")] // 48 h above 150
    [InlineData(new[] { 151, 201 }, "yellow")] // 48 h above 150, only 24 h above 200
    [InlineData(new[] { 201, 201 }, "orange")] // 48 h above 200
    [InlineData(new[] { 151, 151, 151 }, "orange")] // 72 h above 150
    [InlineData(new[] { 151, 150, 151 }, null)] // not consecutive
    [InlineData(new[] { 201, 301 }, "orange")] // above 300, but only 48 h above 200
    [InlineData(new[] { 201, 201, 300 }, "orange")] // 72 h above 200, 300 is not "＞300"
    [InlineData(new[] { 201, 201, 301 }, "red")] // 72 h above 200 and 24 h above 300
    [InlineData(new[] { 160, 301, 250, 210 }, "red")]
    [InlineData(new[] { 500 }, "yellow")] // no "reaches 500" rule in 2024: one day is yellow
    public void National2024LevelsFollowTheirThresholdsAndDurations(int[] aqi, string? expected)
    {
        var level = WarningCriteria.Evaluate(Scheme2024, Days(2025, aqi), WarningCriteria.Daily);

        Assert.Equal(expected, level is { } l ? WarningLevels.Code(l) : null);
    }

    [Fact]
    public void National2024DoesNotCountOzoneDrivenDays()
    {
        var ozone = Days(2025, [170, 170, 170]).Select(d => d with { OzoneDriven = true }).ToList();

        Assert.Null(WarningCriteria.Evaluate(Scheme2024, ozone, WarningCriteria.Daily));
        Assert.Equal(WarningLevel.Yellow, WarningCriteria.Evaluate(Scheme2018 with { Rules = Scheme2024.Rules }, ozone.Take(2).ToList(), WarningCriteria.Daily));
    }

    [Fact]
    public void TheLiaoningJinzhouVariantDefaultsToThe2024ThresholdsAndSaysTheyAreUnverified()
    {
        var scheme = WarningSchemes.LiaoningJinzhou2024();

        Assert.False(scheme.Verified);
        Assert.Contains("UNVERIFIED", scheme.Notes, StringComparison.Ordinal);
        Assert.Equal(Scheme2024.Rules.Select(r => r.Expression), scheme.Rules.Select(r => r.Expression));
    }

    [Fact]
    public void TheLiaoningJinzhouVariantTakesConfiguredTriggers()
    {
        // Jinzhou's 2022 orange warning for two forecast days above 200 (standards.md A1.1, [V-inf]).
        var scheme = WarningSchemes.LiaoningJinzhou2024(orange: "AQI>200:48h", red: "AQI>200:96h & AQI>300:48h");

        Assert.Equal(WarningLevel.Orange, WarningCriteria.Evaluate(scheme, Days(2025, [201, 201, 301]), WarningCriteria.Daily));
        Assert.Equal(WarningLevel.Red, WarningCriteria.Evaluate(scheme, Days(2025, [201, 201, 301, 301]), WarningCriteria.Daily));
    }

    // ---- episodes ----

    [Fact]
    public void AnEpisodeRunsFromTheStartOfItsFirstDayToTheEndOfItsLastWithItsLevelAndPeak()
    {
        var episodes = WarningCriteria.DetectEpisodes(Scheme2018, Days(2019, [120, 210, 260, 320, 180]), WarningCriteria.Daily);

        var e = Assert.Single(episodes);
        Assert.Equal(WarningLevel.Orange, e.Level);
        Assert.Equal(Local(2019, 12, 2), e.Start);
        Assert.Equal(Local(2019, 12, 5), e.End);
        Assert.Equal(320, e.PeakAqi);
        Assert.Equal([210, 260, 320], e.Days.Select(d => d.Aqi!.Value));
        // Yellow is called once the second day above 200 is complete, orange with the third (which is above 300).
        Assert.Equal(
            [(WarningLevel.Yellow, Local(2019, 12, 4)), (WarningLevel.Orange, Local(2019, 12, 5))],
            e.Progression.Select(p => (p.Level, p.At)));
        Assert.Equal("national-2018", e.SchemeId);
    }

    [Fact]
    public void BackToBackEpisodesWithOneDayBetweenAreOneEpisodeAtTheHigherLevel()
    {
        // Days 1–2 yellow, day 3 below 200, days 4–6 orange (72 h above 200 with a day above 300).
        var episodes = WarningCriteria.DetectEpisodes(Scheme2018, Days(2019, [201, 201, 150, 201, 301, 201]), WarningCriteria.Daily);

        var e = Assert.Single(episodes);
        Assert.Equal(WarningLevel.Orange, e.Level);
        Assert.Equal(2, e.Parts);
        Assert.Equal(Local(2019, 12, 1), e.Start);
        Assert.Equal(Local(2019, 12, 7), e.End);
        Assert.Equal(6, e.Days.Count);
        Assert.Equal([WarningLevel.Yellow, WarningLevel.Orange], e.Progression.Select(p => p.Level));
    }

    [Fact]
    public void EpisodesWithTwoDaysBetweenStayApart()
    {
        var episodes = WarningCriteria.DetectEpisodes(Scheme2018, Days(2019, [201, 201, 150, 150, 201, 201]), WarningCriteria.Daily);

        Assert.Equal(2, episodes.Count);
        Assert.Equal((Local(2019, 12, 1), Local(2019, 12, 3)), (episodes[0].Start, episodes[0].End));
        Assert.Equal((Local(2019, 12, 5), Local(2019, 12, 7)), (episodes[1].Start, episodes[1].End));
    }

    [Fact]
    public void AOneDayRunBetweenTwoEpisodesIsNotAnEpisodeButTheGapRuleStillCounts()
    {
        // 2018: a single day above 200 calls for nothing, so days 1–2 and 6–7 are episodes 3 days apart.
        var episodes = WarningCriteria.DetectEpisodes(Scheme2018, Days(2019, [201, 201, 100, 250, 100, 201, 201]), WarningCriteria.Daily);

        Assert.Equal(2, episodes.Count);
    }

    [Fact]
    public void AMissingDayBreaksARun()
    {
        Assert.Null(WarningCriteria.Evaluate(Scheme2018, Days(2019, [201, null, 201]), WarningCriteria.Daily));
    }

    [Fact]
    public void AMissingWindowBreaksARunEvenWithoutANullValue()
    {
        var days = Days(2019, [201, 201, 201]);
        var withHole = new List<DailyAqiSample> { days[0], days[2] };

        Assert.Null(WarningCriteria.Evaluate(Scheme2018, withHole, WarningCriteria.Daily));
    }

    [Fact]
    public void RollingHourlyValuesCrossingMidnightLastFromTheFirstWindowStartToTheLastWindowEnd()
    {
        // Rolling 24-hour AQI above 200 at every hour from 2019-01-01 13:00 to 2019-01-02 13:00 (25 windows):
        // the windows cover 2018-12-31 13:00 … 2019-01-02 13:00, i.e. 48 h — yellow under 2018.
        var series = new List<DailyAqiSample>();
        for (var t = new DateTimeOffset(2019, 1, 1, 0, 0, 0, China); t <= new DateTimeOffset(2019, 1, 3, 0, 0, 0, China); t = t.AddHours(1))
        {
            var inside = t >= new DateTimeOffset(2019, 1, 1, 13, 0, 0, China) && t <= new DateTimeOffset(2019, 1, 2, 13, 0, 0, China);
            series.Add(new DailyAqiSample(t, inside ? 230 : 180));
        }

        var e = Assert.Single(WarningCriteria.DetectEpisodes(Scheme2018, series, WarningCriteria.Hourly));
        Assert.Equal(WarningLevel.Yellow, e.Level);
        Assert.Equal(new DateTimeOffset(2018, 12, 31, 13, 0, 0, China), e.Start);
        Assert.Equal(new DateTimeOffset(2019, 1, 2, 13, 0, 0, China), e.End);

        // One hour less (24 windows) covers 47 h: not yet yellow.
        var shorter = series.Select(d => d.End == new DateTimeOffset(2019, 1, 2, 13, 0, 0, China) ? d with { Aqi = 180 } : d).ToList();
        Assert.Empty(WarningCriteria.DetectEpisodes(Scheme2018, shorter, WarningCriteria.Hourly));
    }

    [Fact]
    public void TheCalendarJudgesEachDateByTheSchemeInForce()
    {
        var calendar = WarningSchemeCalendar.Jinzhou();
        // Two days above 150 (not 200): nothing under 2018, yellow under the Liaoning 2024 plan from 2024-09-06.
        var before = DaysFrom(new DateOnly(2024, 9, 4), [180, 180]);
        var after = DaysFrom(new DateOnly(2024, 9, 6), [180, 180]);

        Assert.Equal("national-2018", calendar.ForDate(new DateOnly(2024, 9, 5)).Id);
        Assert.Equal("liaoning-jinzhou-2024", calendar.ForDate(new DateOnly(2024, 9, 6)).Id);
        Assert.Empty(WarningCriteria.DetectEpisodes(calendar, before, WarningCriteria.Daily));
        var e = Assert.Single(WarningCriteria.DetectEpisodes(calendar, after, WarningCriteria.Daily));
        Assert.Equal((WarningLevel.Yellow, "liaoning-jinzhou-2024"), (e.Level, e.SchemeId));
    }

    [Fact]
    public void TheCalendarSwitchDateIsConfigurable()
    {
        var calendar = WarningSchemeCalendar.Jinzhou(new DateOnly(2024, 3, 1));

        Assert.Equal("liaoning-jinzhou-2024", calendar.ForDate(new DateOnly(2024, 3, 1)).Id);
        Assert.Equal("national-2018", calendar.ForDate(new DateOnly(2024, 2, 29)).Id);
    }

    [Fact]
    public void ASeriesOutOfTimeOrderIsRejected()
    {
        var days = Days(2019, [201, 201]);

        Assert.Throws<ArgumentException>(() => WarningCriteria.Evaluate(Scheme2018, [days[1], days[0]], WarningCriteria.Daily));
    }

    // ---- helpers: calendar days of local time (+08:00); a day's value ends at the next midnight ----

    private static List<DailyAqiSample> Days(int year, int?[] aqi) => DaysFrom(new DateOnly(year, 12, 1), aqi);

    private static List<DailyAqiSample> Days(int year, int[] aqi) => DaysFrom(new DateOnly(year, 12, 1), aqi.Select(a => (int?)a).ToArray());

    private static List<DailyAqiSample> DaysFrom(DateOnly first, int?[] aqi) =>
        aqi.Select((a, i) => new DailyAqiSample(new DateTimeOffset(first.AddDays(i + 1).ToDateTime(TimeOnly.MinValue), China), a)).ToList();

    private static List<DailyAqiSample> DaysFrom(DateOnly first, int[] aqi) => DaysFrom(first, aqi.Select(a => (int?)a).ToArray());

    private static DateTimeOffset Local(int year, int month, int day) => new(year, month, day, 0, 0, 0, China);
}
