using Public.Web.Plan;

namespace Public.Web.Tests.Plan;

/// <summary>Status vectors: each comparator, missing reports, deadlines passed, interim reports, and our own data against a report.</summary>
public sealed class PlanStatusTests
{
    private static MeasureTarget Quantity(string comparator, params (int Year, decimal Value)[] values) =>
        new("t-q", "m", "四（一）1", "指标", "metric", MeasureTarget.Quantity, "%", null, null, comparator,
            values.Select(v => new PlanYearValue(v.Year, v.Value, null)).ToList(), null, false, null, null, ["huanbao"], []);

    private static MeasureTarget Milestone(DateOnly deadline) =>
        new("t-m", "m", "四（一）1", "节点", "milestone", MeasureTarget.Milestone, null, null, null, "doneBy", [], deadline, false, null, null, ["huanbao"], []);

    private static PlanProgressReportDto Report(string target, string period, decimal? value, bool? done, DateOnly sourceDate, DateOnly? completedOn = null, long id = 1) =>
        new(id, target, "m", period, int.Parse(period[..4], System.Globalization.CultureInfo.InvariantCulture), value, done, completedOn, "某局", null, null,
            new PlanSourceDocumentDto("文件", "某局", null, sourceDate, null, null), false, 1, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null);

    private static readonly DateOnly After = new(2026, 1, 1);

    public static TheoryData<string, decimal, decimal, string> QuantityVectors => new()
    {
        { "atLeast", 40m, 40m, PlanStatus.Met },       // equal meets "不低于"
        { "atLeast", 40m, 39.9m, PlanStatus.NotMet },
        { "atLeast", 40m, 41m, PlanStatus.Met },
        { "atMost", 828m, 828m, PlanStatus.Met },      // equal meets "以下"
        { "atMost", 828m, 828.1m, PlanStatus.NotMet },
        { "atMost", 828m, 700m, PlanStatus.Met },
    };

    [Theory]
    [MemberData(nameof(QuantityVectors))]
    public void AFinalReportDecidesAQuantityByItsComparatorOnceTheYearIsOver(string comparator, decimal goal, decimal reported, string expected)
    {
        var target = Quantity(comparator, (2019, goal));

        var row = PlanStatus.Compute(target, 2019, [Report("t-q", "2019", reported, null, new DateOnly(2020, 3, 1))], After, null);

        Assert.Equal(expected, row.Status);
        Assert.Equal("report", row.Basis);
        Assert.Equal(reported, row.ReportedValue);
        Assert.False(row.Provisional);
    }

    [Fact]
    public void SilenceIsNotReportedAndAnInterimFigureDoesNotStandForTheYearOnceItIsOver()
    {
        var target = Quantity("atLeast", (2019, 44m));

        Assert.Equal(PlanStatus.NotReported, PlanStatus.Compute(target, 2019, [], After, null).Status);
        var interimOnly = PlanStatus.Compute(target, 2019, [Report("t-q", "2019-H1", 50m, null, new DateOnly(2019, 7, 20))], After, null);
        Assert.Equal(PlanStatus.NotReported, interimOnly.Status);
        // A report on another target, or another year, does not count.
        Assert.Equal(PlanStatus.NotReported, PlanStatus.Compute(target, 2019, [Report("other", "2019", 50m, null, new DateOnly(2020, 1, 5)), Report("t-q", "2018", 50m, null, new DateOnly(2019, 1, 5))], After, null).Status);
    }

    [Fact]
    public void AnInterimReportDuringTheYearIsOnTrackOrNotMetAndSaysItIsProvisional()
    {
        var target = Quantity("atLeast", (2019, 44m));
        var midYear = new DateOnly(2019, 8, 1);

        var onTrack = PlanStatus.Compute(target, 2019, [Report("t-q", "2019-H1", 45m, null, new DateOnly(2019, 7, 20))], midYear, null);
        var behind = PlanStatus.Compute(target, 2019, [Report("t-q", "2019-H1", 43m, null, new DateOnly(2019, 7, 20))], midYear, null);

        Assert.Equal(PlanStatus.OnTrack, onTrack.Status);
        Assert.True(onTrack.Provisional);
        Assert.Equal(PlanStatus.NotMet, behind.Status);
        Assert.True(behind.Provisional);
    }

    [Fact]
    public void TheLatestFinalReportOfTheYearIsTheOneThatCounts()
    {
        var target = Quantity("atLeast", (2019, 44m));
        var reports = new[]
        {
            Report("t-q", "2019", 43m, null, new DateOnly(2020, 1, 10), id: 1),
            Report("t-q", "2019", 45m, null, new DateOnly(2020, 4, 10), id: 2),
        };

        var row = PlanStatus.Compute(target, 2019, reports, After, null);

        Assert.Equal(PlanStatus.Met, row.Status);
        Assert.Equal(2, row.ReportId);
    }

    public static TheoryData<string, bool?, string?, string, string> MilestoneVectors => new()
    {
        // what, done, completedOn, today, expected (deadline 2019-12-31)
        { "done before the deadline", true, "2019-11-30", "2026-01-01", PlanStatus.Met },
        { "done on the deadline", true, "2019-12-31", "2026-01-01", PlanStatus.Met },
        { "done a day late", true, "2020-01-01", "2026-01-01", PlanStatus.NotMet },
        { "reported not done, deadline passed", false, null, "2026-01-01", PlanStatus.Overdue },
        { "reported not done, deadline ahead", false, null, "2019-06-30", PlanStatus.OnTrack },
        { "nothing reported, deadline passed", null, null, "2026-01-01", PlanStatus.NotReported },
        { "nothing reported, deadline ahead", null, null, "2019-06-30", PlanStatus.NotReported },
    };

    [Theory]
    [MemberData(nameof(MilestoneVectors))]
    public void AMilestoneIsMetOnlyWhenReportedDoneByItsDeadline(string what, bool? done, string? completedOn, string today, string expected)
    {
        var target = Milestone(new DateOnly(2019, 12, 31));
        PlanProgressReportDto[] reports = done is null ? [] : [Report("t-m", "2019", null, done, new DateOnly(2019, 5, 1), completedOn is null ? null : DateOnly.Parse(completedOn, System.Globalization.CultureInfo.InvariantCulture))];

        var row = PlanStatus.Compute(target, 2019, reports, DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture), null);

        Assert.True(expected == row.Status, $"{what}: {row.Status} ({row.Explanation})");
        Assert.Equal(new DateOnly(2019, 12, 31), row.Deadline);
    }

    [Fact]
    public void ADoneReportWithoutACompletionDateCountsFromItsDocumentsDate()
    {
        var target = Milestone(new DateOnly(2018, 12, 31));

        Assert.Equal(PlanStatus.Met, PlanStatus.Compute(target, 2018, [Report("t-m", "2018", null, true, new DateOnly(2018, 12, 20))], After, null).Status);
        Assert.Equal(PlanStatus.NotMet, PlanStatus.Compute(target, 2018, [Report("t-m", "2018", null, true, new DateOnly(2019, 2, 1))], After, null).Status);
    }

    [Fact]
    public void OurOwnMeasurementDecidesAMeasuredTargetAndADisagreeingReportIsShownBeside()
    {
        var target = Quantity("atMost", (2019, 48m)) with { MeasuredBy = "assessment-pm25" };
        var report = Report("t-q", "2019", 47m, null, new DateOnly(2020, 1, 15));

        var notMet = PlanStatus.Compute(target, 2019, [report], After, new MeasuredValue(49.6m, Complete: true, Sufficient: true));
        var agrees = PlanStatus.Compute(target, 2019, [report], After, new MeasuredValue(47.2m, Complete: true, Sufficient: true));

        Assert.Equal(PlanStatus.NotMet, notMet.Status);
        Assert.Equal("measured", notMet.Basis);
        Assert.Equal(49.6m, notMet.MeasuredValue);
        Assert.Equal(47m, notMet.ReportedValue);
        Assert.True(notMet.Disagreement);
        Assert.Equal(PlanStatus.Met, agrees.Status);
        Assert.False(agrees.Disagreement); // 47.2 rounds to the reported 47
    }

    [Fact]
    public void AMeasuredYearWithoutEnoughValidDaysFallsBackToTheReportsAndAYearInProgressIsOnTrack()
    {
        var target = Quantity("atLeast", (2019, 72.2m)) with { MeasuredBy = "assessment-good-days" };
        var report = Report("t-q", "2019", 73m, null, new DateOnly(2020, 1, 15));

        var insufficient = PlanStatus.Compute(target, 2019, [report], After, new MeasuredValue(60m, Complete: true, Sufficient: false));
        var running = PlanStatus.Compute(target, 2019, [], new DateOnly(2019, 6, 1), new MeasuredValue(75m, Complete: false, Sufficient: false));

        Assert.Equal(PlanStatus.Met, insufficient.Status);
        Assert.Equal("report", insufficient.Basis);
        Assert.Equal(PlanStatus.OnTrack, running.Status);
        Assert.Equal("measured", running.Basis);
    }
}
