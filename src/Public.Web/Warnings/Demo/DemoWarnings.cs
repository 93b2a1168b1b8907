using System.Globalization;
using Public.Standards.AirQuality;
using Public.Standards.Identifiers;
using Public.Standards.Warnings;
using Public.Web.Infrastructure;

namespace Public.Web.Warnings.Demo;

/// <summary>One day of the demo city series as the demo warnings need it.</summary>
internal sealed record DemoCityDay(DateOnly Date, int? Aqi, string? PrimaryPollutants);

/// <summary>
/// Demo warnings derived deterministically from the demo city daily AQI through the criteria (the same
/// scheme calendar the consistency view uses), so they match the demo data's heavy-pollution episodes —
/// with a few deliberate departures so that the consistency view has something to show:
/// <list type="bullet">
/// <item>every episode gets a warning issued at 20:00 the evening before its first day, at the first level the
///   data call for, upgraded at 20:00 the evening before the day that completes a higher level, and lifted at
///   10:00 the morning after its last day;</item>
/// <item>episode 3, 8, 13… (index mod 5 = 2) is lifted at 12:00 on the day before its last day (lifted early);</item>
/// <item>episode 5, 10, 15… (index mod 5 = 4) gets no warning (not issued);</item>
/// <item>an isolated day with AQI &gt; 300 from PM2.5 that is part of no episode gets an orange warning on a
///   forecast of three heavily polluted days that did not come true (issued without data support).</item>
/// </list>
/// Only episodes that ended at least two days before the last complete day are used, so a warning never
/// changes once written. Authorities and document numbers are marked as demo.
/// </summary>
internal static class DemoWarnings
{
    public const string Authority = "锦州市重污染天气应急指挥部办公室（演示）";

    public static (List<WarningEvent> Events, List<ReductionEntry> Entries) Derive(
        IReadOnlyList<DemoCityDay> days, WarningSchemeCalendar calendar, DateOnly lastCompleteDay)
    {
        var byDate = days.ToDictionary(d => d.Date);
        var series = days.Select(d => new DailyAqiSample(WarningQueries.Local(d.Date.AddDays(1)), d.Aqi, Ozone(d.PrimaryPollutants))).ToList();
        var episodes = WarningCriteria.DetectEpisodes(calendar, series, WarningCriteria.Daily)
            .Where(e => Last(e) <= lastCompleteDay.AddDays(-2))
            .ToList();

        var plans = new List<(DateTimeOffset Start, List<WarningEvent> Events)>();
        for (var k = 0; k < episodes.Count; k++)
        {
            if (k % 5 == 4)
            {
                continue;
            }

            plans.Add(FromEpisode(episodes[k], calendar, byDate, liftEarly: k % 5 == 2));
        }

        foreach (var d in days)
        {
            if (d.Aqi > 300 && d.PrimaryPollutants == "PM2.5" && d.Date <= lastCompleteDay.AddDays(-3) &&
                !episodes.Any(e => First(e).AddDays(-3) <= d.Date && d.Date <= Last(e).AddDays(3)))
            {
                plans.Add(OverestimatedForecast(d.Date, calendar));
            }
        }

        // Document numbers count up within a year; a warning that would overlap the previous one is dropped.
        var events = new List<WarningEvent>();
        var numbers = new Dictionary<int, int>();
        DateTimeOffset previousEnd = DateTimeOffset.MinValue;
        foreach (var (start, plan) in plans.OrderBy(p => p.Start))
        {
            if (start <= previousEnd)
            {
                continue;
            }

            previousEnd = plan[^1].Time;
            foreach (var e in plan)
            {
                var year = e.Time.Year;
                numbers[year] = numbers.GetValueOrDefault(year) + 1;
                events.Add(e with { DocumentNumber = string.Create(CultureInfo.InvariantCulture, $"锦重污染应急办〔{year}〕{numbers[year]}号（演示）") });
            }
        }

        return (events, ReductionLists(days.Count == 0 ? lastCompleteDay : days[0].Date, lastCompleteDay));
    }

    private static (DateTimeOffset Start, List<WarningEvent> Events) FromEpisode(
        WarningEpisode episode, WarningSchemeCalendar calendar, Dictionary<DateOnly, DemoCityDay> days, bool liftEarly)
    {
        var first = First(episode);
        var last = Last(episode);
        var id = "DEMO-" + first.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var scheme = calendar.ForDate(first);
        var forecast = episode.Days.Select(d => Forecast(d.Date, d.Aqi)).ToList();
        var primary = days.GetValueOrDefault(first)?.PrimaryPollutants ?? "PM2.5";
        var until = At(last.AddDays(1), 12);

        var steps = new List<(DateTimeOffset Time, WarningLevel Level)>();
        foreach (var reached in episode.Progression)
        {
            var time = At(DateOnly.FromDateTime(reached.At.AddTicks(-1).DateTime).AddDays(-1), 20);
            if (steps.Count > 0 && time <= steps[^1].Time)
            {
                steps[^1] = (steps[^1].Time, reached.Level);
            }
            else
            {
                steps.Add((steps.Count == 0 ? At(first.AddDays(-1), 20) : time, reached.Level));
            }
        }

        var lift = liftEarly && last > first ? At(last.AddDays(-1), 12) : At(last.AddDays(1), 10);
        // Lifted early: any upgrade that would have come after the lift never happened.
        steps.RemoveAll(s => s.Time >= lift && s != steps[0]);
        var events = new List<WarningEvent>();
        foreach (var (time, level) in steps)
        {
            events.Add(Event(id, events.Count + 1, events.Count == 0 ? WarningEventKind.Issue : WarningEventKind.Upgrade, time, until, level, scheme, forecast, primary));
        }

        // Pollution easing on the last day of a long orange or red episode: downgraded to yellow that morning.
        var top = steps[^1].Level;
        var downgrade = At(last, 8);
        if (!liftEarly && top >= WarningLevel.Orange && episode.Days.Count >= 3 && downgrade > steps[^1].Time &&
            episode.Days[^1].Aqi < episode.Days[^2].Aqi)
        {
            events.Add(Event(id, events.Count + 1, WarningEventKind.Downgrade, downgrade, until, WarningLevel.Yellow, scheme, forecast, primary));
        }

        events.Add(Event(id, events.Count + 1, WarningEventKind.Lift, lift, null, null, scheme, [], primary));
        return (events[0].Time, events);
    }

    private static (DateTimeOffset Start, List<WarningEvent> Events) OverestimatedForecast(DateOnly day, WarningSchemeCalendar calendar)
    {
        var id = "DEMO-" + day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var scheme = calendar.ForDate(day);
        // The forecast: three heavily polluted days, the middle one severe — an orange forecast under 875号.
        List<ForecastDay> forecast = [new(day, 201, 300), new(day.AddDays(1), 301, 350), new(day.AddDays(2), 201, 300)];
        var issue = Event(id, 1, WarningEventKind.Issue, At(day.AddDays(-1), 20), At(day.AddDays(3), 12), WarningLevel.Orange, scheme, forecast, "PM2.5");
        var lift = Event(id, 2, WarningEventKind.Lift, At(day.AddDays(1), 16), null, null, scheme, [], "PM2.5");
        return (issue.Time, [issue, lift]);
    }

    private static WarningEvent Event(string id, int seq, WarningEventKind kind, DateTimeOffset time, DateTimeOffset? until, WarningLevel? level,
        WarningScheme scheme, List<ForecastDay> forecast, string primary) => new(
        id, seq, kind, time, until, level, WarningArea.City, Authority, null,
        kind == WarningEventKind.Lift
            ? new WarningBasis([], null, "冷空气影响，扩散条件转好（演示）")
            : new WarningBasis(forecast, primary, "静稳天气，近地面湿度大、逆温明显，扩散条件不利（演示）"),
        level is { } l ? Measures(l, scheme) : WarningMeasures.None,
        null);

    private static WarningMeasures Measures(WarningLevel level, WarningScheme scheme) => new(
        scheme.EmissionCutPercent.TryGetValue(level, out var cut) ? cut : null,
        level >= WarningLevel.Orange ? "应急减排清单内企业按橙色及以上级别措施限产、停产（演示）" : "应急减排清单内企业按黄色级别措施限产（演示）",
        level >= WarningLevel.Orange ? "建成区禁止国四及以下排放标准柴油货车通行（演示）" : "加强重型柴油车路检路查（演示）",
        level >= WarningLevel.Orange ? "停止土石方作业、建筑拆除等施工（演示）" : "施工工地停止土石方作业（演示）",
        level >= WarningLevel.Red ? "中小学、幼儿园停课（演示）" : level >= WarningLevel.Orange ? "中小学、幼儿园停止户外活动（演示）" : "中小学、幼儿园减少户外活动（演示）",
        level >= WarningLevel.Orange
            ? "儿童、老年人和心脏病、呼吸系统疾病患者留在室内，一般人群避免户外活动（演示）"
            : "儿童、老年人和心脏病、呼吸系统疾病患者减少户外活动，一般人群减少户外运动（演示）");

    /// <summary>A forecast range: the AQI category (HJ 633 表2) that holds the day's value.</summary>
    private static ForecastDay Forecast(DateOnly date, int? aqi)
    {
        var level = AqiLevels.For(aqi ?? 0);
        return new ForecastDay(date, level.MinAqi, level.MaxAqi);
    }

    private static List<ReductionEntry> ReductionLists(DateOnly first, DateOnly last)
    {
        string[] enterprises =
        [
            "锦州演示热电有限公司（虚构）", "锦州演示钢铁有限公司（虚构）", "锦州演示石化有限公司（虚构）",
            "锦州演示水泥有限公司（虚构）", "锦州演示铸造有限公司（虚构）", "锦州演示玻璃有限公司（虚构）",
        ];
        var entries = new List<ReductionEntry>();
        var firstSeason = first.Month >= 10 ? first.Year : first.Year - 1;
        var lastSeason = last.Month >= 10 ? last.Year : last.Year - 1;
        for (var y = firstSeason; y <= lastSeason; y++)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"DEMO-{y}-{y + 1}");
            var title = string.Create(CultureInfo.InvariantCulture, $"锦州市{y}—{y + 1}年重污染天气应急减排清单（演示）");
            for (var i = 0; i < enterprises.Length; i++)
            {
                var uscc = FictionalUscc(DemoSerialBase + i + 1);
                foreach (var (level, measure) in new[]
                         {
                             (WarningLevel.Yellow, "限产20%，错峰运输（演示）"),
                             (WarningLevel.Orange, "限产40%，停止使用国四及以下重型柴油车运输（演示）"),
                             (WarningLevel.Red, "限产60%或停产（保温保压），停止厂内车辆运输（演示）"),
                         })
                {
                    entries.Add(new ReductionEntry(id, title, new DateOnly(y, 10, 1), new DateOnly(y + 1, 9, 30), level, enterprises[i], uscc, measure));
                }
            }
        }

        return entries;
    }

    /// <summary>
    /// Serials of the demo enterprises' organisation codes (PDY20001…): apart from the penalties demo's parties
    /// (PDY00001…), so that one code never names two different fictional enterprises.
    /// </summary>
    private const int DemoSerialBase = 20_000;

    /// <summary>
    /// A valid GB 32100-2015 code that can belong to no real enterprise: 91 (enterprise) + Jinzhou (210700) + the
    /// organisation code PDYnnnnn, a range GB 11714-1997 §3 reserves for internal use, + both check digits.
    /// </summary>
    internal static string FictionalUscc(int serial)
    {
        var body = string.Create(CultureInfo.InvariantCulture, $"PDY{serial:00000}");
        var first17 = "91" + WarningArea.CityDivisionCode + body + UnifiedSocialCreditCode.OrganisationCheckDigit(body);
        return first17 + UnifiedSocialCreditCode.CheckDigit(first17);
    }

    private static DateOnly First(WarningEpisode e) => DateOnly.FromDateTime(e.Start.DateTime);

    private static DateOnly Last(WarningEpisode e) => DateOnly.FromDateTime(e.End.AddTicks(-1).DateTime);

    private static DateTimeOffset At(DateOnly date, int hour) => WarningQueries.Local(date).AddHours(hour);

    private static bool Ozone(string? primary) =>
        primary is { Length: > 0 } p && p.Split(',').All(x => x.StartsWith("O3", StringComparison.Ordinal));

    /// <summary>The day of a local time, for the seeder.</summary>
    public static DateOnly Today(TimeProvider time) => ChinaTime.Today(time);
}
