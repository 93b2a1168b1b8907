using Public.Standards.Emissions;

namespace Public.Standards.Tests.Emissions;

/// <summary>Daily means with the ≥ 20 valid hours rule (an assumption, see EmissionValidity) and the yearly summary, on hand-built hours.</summary>
public sealed class DailyEmissionsTests
{
    private static readonly EmissionLimit[] Limits =
    [
        new("a21026", 100m, DateOnly.MinValue),
        new("a21026", 50m, new DateOnly(2019, 7, 1)),
    ];

    private static HourlyEmission H(int month, int day, int hour, decimal measured, string? flag = "N", decimal? o2 = 6m) =>
        new(new DateTime(2019, month, day, hour, 0, 0), measured, flag, o2);

    [Fact]
    public void TwentyValidHoursMakeAValidDayAndNineteenDoNot()
    {
        // Day 1: 20 hours N at 100 and 4 hours M at 500 → valid, mean 100 (the M hours are not counted).
        // Day 2: 19 hours N at 100 and 5 hours M → invalid, no mean.
        var hours = Enumerable.Range(0, 24).Select(h => H(3, 1, h, h < 20 ? 100m : 500m, h < 20 ? "N" : "M"))
            .Concat(Enumerable.Range(0, 24).Select(h => H(3, 2, h, h < 19 ? 100m : 500m, h < 19 ? "N" : "M")));

        var days = DailyEmissions.Daily(hours, 6m, Limits);

        Assert.Equal(2, days.Count);
        Assert.Equal((24, 20, true, 100m, 100m), (days[0].Hours, days[0].ValidHours, days[0].Valid, days[0].Mean, days[0].CorrectedMean));
        Assert.Equal((24, 19, false, (decimal?)null, (decimal?)null, (bool?)null), (days[1].Hours, days[1].ValidHours, days[1].Valid, days[1].Mean, days[1].CorrectedMean, days[1].Exceeded));
    }

    [Fact]
    public void TheCorrectedMeanIsTheMeanOfTheHourlyCorrectedValuesAndIsJudgedAgainstTheLimitOfThatDay()
    {
        // 2019-07-02, special limit 50 in force. 24 hours at 40 mg/m³ with 9 % O2, reference 6 %:
        // each corrected 40 × 15 / 12 = 50 — equal to the limit, not above it.
        var atLimit = DailyEmissions.Daily(Enumerable.Range(0, 24).Select(h => H(7, 2, h, 40m, o2: 9m)), 6m, Limits).Single();
        Assert.Equal((40m, 50m, 50m, false), (atLimit.Mean, atLimit.CorrectedMean, atLimit.Limit!.LimitMgPerM3, atLimit.Exceeded));

        // 2019-06-30, ordinary limit 100: 12 hours at 96 and 12 at 104 (O2 at the reference) → mean 100, not exceeded;
        // the 12 hours at 104 exceed hourly.
        var june = DailyEmissions.Daily(Enumerable.Range(0, 24).Select(h => H(6, 30, h, h < 12 ? 96m : 104m)), 6m, Limits).Single();
        Assert.Equal((100m, 100m, false, 12), (june.CorrectedMean, june.Limit!.LimitMgPerM3, june.Exceeded, june.ExceedingHours));

        // 21 hours with O2 but 3 N hours without an O2 reading: the mean uses 24 hours, the corrected mean 21 (still ≥ 20).
        var noO2 = DailyEmissions.Daily(Enumerable.Range(0, 24).Select(h => H(7, 3, h, h < 21 ? 60m : 120m, o2: h < 21 ? 6m : null)), 6m, Limits).Single();
        Assert.Equal((24, 21, (21m * 60m + 3m * 120m) / 24m, 60m, true, 1.2m), (noO2.ValidHours, noO2.CorrectedHours, noO2.Mean, noO2.CorrectedMean, noO2.Exceeded, noO2.Multiple));
    }

    /// <summary>
    /// A hand-built year (reference O2 6 %, O2 at 6 % so corrected = measured unless said otherwise; limit 100, special 50 from 2019-07-01):
    /// 03-01: 24 N hours, 80 except 10:00–12:00 at 120 (3 exceeding hours, one episode; mean (21×80 + 3×120)/24 = 85, no day exceedance).
    /// 03-02: 21 N hours 00:00–20:00 at 100 (= limit, not above) except 05:00 at 150 (1.5×); mean 2150/21 = 102.38… > 100 → day exceeds.
    /// 07-01: 19 N hours 00:00–18:00 at 60 (1.2× the special 50; one episode of 19 hours) and 5 M hours → only 19 valid: no valid day.
    /// 07-02: 00:00 N at 55 without O2 (not judged); 01:00 N at 40 with 9 % O2 → 50, not above 50.
    /// 2020-01-01 00:00: another year, ignored.
    /// </summary>
    [Fact]
    public void TheYearlySummaryCountsHoursEpisodesDaysAndTheMaximumMultiple()
    {
        var hours = new List<HourlyEmission>();
        hours.AddRange(Enumerable.Range(0, 24).Select(h => H(3, 1, h, h is >= 10 and <= 12 ? 120m : 80m)));
        hours.AddRange(Enumerable.Range(0, 21).Select(h => H(3, 2, h, h == 5 ? 150m : 100m)));
        hours.AddRange(Enumerable.Range(0, 24).Select(h => H(7, 1, h, 60m, h < 19 ? "N" : "M")));
        hours.Add(H(7, 2, 0, 55m, o2: null));
        hours.Add(H(7, 2, 1, 40m, o2: 9m));
        hours.Add(new HourlyEmission(new DateTime(2020, 1, 1), 999m, "N", 6m));

        var s = DailyEmissions.Year(2019, hours, 6m, Limits);

        Assert.Equal(8760, s.ExpectedHours);
        Assert.Equal(24 + 21 + 19 + 2, s.ValidHours);
        Assert.Equal(66m / 8760m, s.EffectiveDataRate);
        Assert.Equal(3 + 1 + 19, s.ExceedanceHours);
        Assert.Equal(3, s.ExceedanceEpisodes);
        Assert.Equal(1.5m, s.MaxMultiple);
        Assert.Equal(new DateTime(2019, 3, 2, 5, 0, 0), s.MaxMultipleAt);
        Assert.Equal(2, s.ValidDays);
        Assert.Equal(1, s.ExceedanceDays);
        Assert.Equal(3, s.DaysWithExceedingHours);

        var days = DailyEmissions.Daily(hours.Where(h => h.DataTime.Year == 2019), 6m, Limits);
        Assert.Equal(85m, days[0].Mean);
        Assert.Equal((2150m / 21m, true), (days[1].CorrectedMean, days[1].Exceeded));
        Assert.Equal(2150m / 21m / 100m, days[1].Multiple);
    }

    [Fact]
    public void ALeapYearExpects8784HoursAndTwoValuesForOneHourAreRefused()
    {
        Assert.Equal(8784, DailyEmissions.Year(2020, [], 6m, Limits).ExpectedHours);
        Assert.Throws<ArgumentException>(() => DailyEmissions.Daily([H(3, 1, 0, 1m), H(3, 1, 0, 2m)], 6m, Limits));
    }

    [Theory]
    [InlineData("N", true)]
    [InlineData(null, true)]
    [InlineData("M", false)]
    [InlineData("F", false)]
    [InlineData("D", false)]
    [InlineData("C", false)]
    [InlineData("T", false)]
    [InlineData("S", false)]
    [InlineData("B", false)]
    public void OnlyFlagNCountsAsValid(string? flag, bool valid) => Assert.Equal(valid, EmissionValidity.IsValid(flag));
}
