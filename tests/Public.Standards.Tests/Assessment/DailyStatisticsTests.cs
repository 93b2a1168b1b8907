using Public.Standards.Assessment;

namespace Public.Standards.Tests.Assessment;

public sealed class DailyStatisticsTests
{
    private static decimal?[] Day(decimal value, params int[] missingHours)
    {
        var hours = Enumerable.Repeat<decimal?>(value, 24).ToArray();
        foreach (var h in missingHours)
        {
            hours[h] = null;
        }

        return hours;
    }

    [Fact]
    public void DailyMeanNeedsTwentyHours()
    {
        // Hours 1..20 present (mean 10.5), 4 missing.
        var twenty = Enumerable.Range(1, 24).Select(h => h <= 20 ? (decimal?)h : null).ToArray();
        var nineteen = Enumerable.Range(1, 24).Select(h => h <= 19 ? (decimal?)h : null).ToArray();

        Assert.Equal(new DailyValue(10.5m, new Coverage(20, 24, 20, true)), DailyStatistics.Mean(twenty));
        Assert.Equal(new DailyValue(null, new Coverage(19, 24, 20, false)), DailyStatistics.Mean(nineteen));
    }

    [Fact]
    public void DailyMeanIsNotRounded()
    {
        // 23 hours of 10 and one of 11: 241/24 = 10.041666…
        var hours = Day(10);
        hours[5] = 11;

        Assert.Equal(241m / 24m, DailyStatistics.Mean(hours).Value);
    }

    [Fact]
    public void EightHourMeanNeedsSixOfEightHours()
    {
        decimal?[] six = [10, null, 20, 30, null, 40, 50, 60];
        decimal?[] five = [10, null, 20, null, null, 40, 50, 60];

        var withSix = DailyStatistics.O3EightHourMovingAverages(six);
        Assert.Equal(35m, withSix[7]); // (10+20+30+40+50+60)/6
        Assert.All(withSix.Take(7), v => Assert.Null(v));
        Assert.Null(DailyStatistics.O3EightHourMovingAverages(five)[7]);
    }

    // The 17 windows end at hours 7..23 (index of the hour 00:00–01:00 is 0).
    // Hours 18..23 missing: windows ending 7..19 have ≤ 2 missing → 13 valid. Hours 19..23 missing → 14 valid.
    [Fact]
    public void DailyMaxEightHourNeedsFourteenValidWindows()
    {
        var thirteen = DailyStatistics.O3DailyMax8h(Day(100, 18, 19, 20, 21, 22, 23));
        var fourteen = DailyStatistics.O3DailyMax8h(Day(100, 19, 20, 21, 22, 23));

        Assert.Equal(new DailyValue(null, new Coverage(13, 17, 14, false)), thirteen);
        Assert.Equal(new DailyValue(100m, new Coverage(14, 17, 14, true)), fourteen);
    }

    [Fact]
    public void DailyMaxEightHourWithTooFewWindowsIsValidWhenAboveTheGradeTwoLimit()
    {
        var exceeding = DailyStatistics.O3DailyMax8h(Day(200, 18, 19, 20, 21, 22, 23));
        var atLimit = DailyStatistics.O3DailyMax8h(Day(160, 18, 19, 20, 21, 22, 23));

        Assert.Equal(200m, exceeding.Value);
        Assert.False(exceeding.Coverage.Sufficient);
        Assert.Null(atLimit.Value);
    }

    [Fact]
    public void DailyMaxEightHourUsesOnlyWindowsStartingWithinTheDay()
    {
        // Hours 0..7 at 300, the rest 0: the first window (00–08) averages 300. The last hour alone (index 23)
        // at 400 only enters the window 16–24, averaging 50.
        var hours = Day(0);
        for (var h = 0; h < 8; h++)
        {
            hours[h] = 300;
        }

        hours[23] = 400;

        Assert.Equal(300m, DailyStatistics.O3DailyMax8h(hours).Value);
    }

    [Fact]
    public void DailyMaxOneHourNeedsTwentyHoursByDefault()
    {
        var nineteen = Day(50, 0, 1, 2, 3, 4);
        nineteen[10] = 180;
        var twenty = Day(50, 0, 1, 2, 3);
        twenty[10] = 180;

        Assert.Null(DailyStatistics.O3DailyMax1h(nineteen).Value);
        Assert.Equal(180m, DailyStatistics.O3DailyMax1h(twenty).Value);
        Assert.Equal(180m, DailyStatistics.O3DailyMax1h(nineteen, minValidHours: 1).Value);
    }

    [Fact]
    public void MoreThanTwentyFourHoursIsRejected()
    {
        Assert.Throws<ArgumentException>(() => DailyStatistics.Mean(new decimal?[25]));
    }

    [Fact]
    public void MonthlyMinimumIsTwentyFiveInFebruaryAndTwentySevenOtherwise()
    {
        Assert.Equal(25, Validity.MinDaysForMonth(2019, 2));
        Assert.Equal(25, Validity.MinDaysForMonth(2020, 2));
        Assert.Equal(27, Validity.MinDaysForMonth(2019, 1));
        Assert.Equal(27, Validity.MinDaysForMonth(2019, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => Validity.MinDaysForMonth(2019, 13));
    }
}
