using Public.Standards.Warnings;
using Public.Web.Warnings;
using Public.Web.Warnings.Demo;

namespace Public.Web.Tests.Warnings;

/// <summary>The derivation rules of the demo warnings, on a hand-made city series (875号 applies in 2019).</summary>
public sealed class DemoWarningsTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    // 2019-11-01 … 2019-12-31 at AQI 100 except: 11-03/04 210 (yellow, episode 0); 11-10…13 210, 250, 320, 250
    // (orange, episode 1); 11-20/21 (episode 2); 11-27/28 (episode 3); 12-05/06 (episode 4); 12-15 320 alone.
    private static List<DemoCityDay> Days()
    {
        var special = new Dictionary<DateOnly, int>
        {
            [new(2019, 11, 3)] = 210, [new(2019, 11, 4)] = 210,
            [new(2019, 11, 10)] = 210, [new(2019, 11, 11)] = 250, [new(2019, 11, 12)] = 320, [new(2019, 11, 13)] = 250,
            [new(2019, 11, 20)] = 210, [new(2019, 11, 21)] = 210,
            [new(2019, 11, 27)] = 210, [new(2019, 11, 28)] = 210,
            [new(2019, 12, 5)] = 210, [new(2019, 12, 6)] = 210,
            [new(2019, 12, 15)] = 320,
        };
        var days = new List<DemoCityDay>();
        for (var d = new DateOnly(2019, 11, 1); d <= new DateOnly(2019, 12, 31); d = d.AddDays(1))
        {
            days.Add(new DemoCityDay(d, special.GetValueOrDefault(d, 100), "PM2.5"));
        }

        return days;
    }

    [Fact]
    public void EpisodesGetWarningsWithOneLiftedEarlyOneNotIssuedAndOneForecastThatDidNotComeTrue()
    {
        var (events, entries) = DemoWarnings.Derive(Days(), WarningSchemeCalendar.Jinzhou(), new DateOnly(2019, 12, 31));

        Assert.Equal(["DEMO-20191103", "DEMO-20191110", "DEMO-20191120", "DEMO-20191127", "DEMO-20191215"], events.Select(e => e.WarningId).Distinct());
        Assert.Equal(
            [
                ("DEMO-20191103", "issue", "2019-11-02 20:00", "yellow"), ("DEMO-20191103", "lift", "2019-11-05 10:00", null),
                // Yellow is met with 11-11, orange with 11-12: upgraded the evening before; eased on the last day.
                ("DEMO-20191110", "issue", "2019-11-09 20:00", "yellow"), ("DEMO-20191110", "upgrade", "2019-11-11 20:00", "orange"),
                ("DEMO-20191110", "downgrade", "2019-11-13 08:00", "yellow"), ("DEMO-20191110", "lift", "2019-11-14 10:00", null),
                // Episode 2 (index mod 5 = 2): lifted at noon on the day before its last day.
                ("DEMO-20191120", "issue", "2019-11-19 20:00", "yellow"), ("DEMO-20191120", "lift", "2019-11-20 12:00", null),
                ("DEMO-20191127", "issue", "2019-11-26 20:00", "yellow"), ("DEMO-20191127", "lift", "2019-11-29 10:00", null),
                // Episode 4 (12-05/06) has no warning; the lone day above 300 gets an orange forecast that did not come true.
                ("DEMO-20191215", "issue", "2019-12-14 20:00", "orange"), ("DEMO-20191215", "lift", "2019-12-16 16:00", null),
            ],
            events.Select(e => (e.WarningId, WarningEventKinds.Code(e.Kind), e.Time.ToOffset(China).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture),
                e.Level is { } l ? WarningLevels.Code(l) : null)));
        Assert.Equal("锦重污染应急办〔2019〕12号（演示）", events[^1].DocumentNumber);
        Assert.Equal(20m, events[3].Measures.EmissionCutPercent);
        Assert.Equal(18, entries.Count);
        Assert.All(entries, e => Assert.Equal("DEMO-2019-2020", e.ListId));
    }

    [Fact]
    public void AnEpisodeEndingWithinTwoDaysOfTheLastCompleteDayWaits()
    {
        var (events, _) = DemoWarnings.Derive(Days(), WarningSchemeCalendar.Jinzhou(), new DateOnly(2019, 11, 5));

        Assert.Empty(events);
    }
}
