using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Plan;

/// <summary>The demo reports as the tracker showed them inside the plan's years: with the clock at mid-2019 every status appears.</summary>
public sealed class PlanDemoTests
{
    [Fact]
    public async Task WithADemoClockInsideThePlanEveryStatusAppearsAndLaterReportsAreNotYetThere()
    {
        using var app = new PublicWebApp(demo: true, time: new FixedTime(new DateTimeOffset(2019, 6, 30, 12, 0, 0, TimeSpan.FromHours(8))));

        var reports = (await app.Client.GetJsonAsync("/api/v1/plan/progress")).Results().ToList();
        var years = (await app.Client.GetJsonAsync("/api/v1/plan/targets")).Results()
            .SelectMany(t => t.GetProperty("years").EnumerateArray().Select(y => (Id: t.Str("id"), Year: y.GetProperty("year").GetInt32(), Status: y.Str("status")))).ToList();

        // demo-progress.json dates two reports after 2019-06-30 (m01-a 2019 of 2020-03-10 is one): they are not written yet.
        Assert.DoesNotContain(reports, r => r.Str("targetId") == "m01-a" && r.Str("period") == "2019");
        Assert.Equal(["met", "not-met", "not-reported", "on-track", "overdue"], years.Select(y => y.Status).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(years, y => y is { Id: "m24-b", Status: "on-track" });   // reported not done, deadline 2019-12-31 ahead
        Assert.Contains(years, y => y is { Id: "m21-a", Year: 2019, Status: "on-track" }); // interim 86.5 ≥ 86
        Assert.Contains(years, y => y is { Id: "m16-a", Status: "not-met" });     // done 2019-03-01, deadline 2018-12-31
        Assert.Contains(years, y => y is { Id: "m24-a", Status: "met" });
    }
}
