using System.Globalization;
using Public.Standards.Warnings;
using Public.Web.AirQuality;
using Public.Web.AirQuality.Store;
using Public.Web.Api;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Publication;
using Public.Web.Warnings.Import;
using Public.Web.Warnings.Store;

namespace Public.Web.Warnings;

/// <summary>Filters of the warnings list; null = no filter.</summary>
public sealed record WarningFilter(IReadOnlySet<WarningLevel>? Levels, DateOnly? From, DateOnly? To, IReadOnlySet<string>? Statuses);

/// <summary>
/// The one query service of the warnings feature: REST, GraphQL and the feeds (and later the site) call these
/// methods, so they cannot disagree. The comparison with observed data lives here and nowhere else.
/// </summary>
public sealed class WarningQueries
{
    public const int MaxRangeDays = 3660;
    public static readonly string[] Statuses = ["active", "scheduled", "lifted", "expired"];

    public const string ComparisonNote =
        "与实测城市日AQI的对比，不是结论：预警依据预报发布，实测数据只能在事后对照。Comparison with the observed city daily AQI, not a verdict: warnings are issued on forecasts, observations can only be compared afterwards.";

    // Episodes are found on a margin of days around a range so that one running across its edge is seen whole.
    private const int MarginDays = 10;

    private readonly WarningStore _store;
    private readonly AirQualityStore _air;
    private readonly WarningSchemeCalendar _calendar;
    private readonly TimeProvider _time;

    internal WarningQueries(WarningStore store, AirQualityStore air, WarningSchemeCalendar calendar, TimeProvider time)
    {
        _store = store;
        _air = air;
        _calendar = calendar;
        _time = time;
    }

    public WarningSchemeCalendar Calendar => _calendar;

    public DateTimeOffset Now => ChinaTime.Now(_time);

    // ---- warnings -----------------------------------------------------------------------------------------

    public (IReadOnlyList<WarningDto> Page, int Found) List(WarningFilter filter, int page, int limit) =>
        Window(filter, (page - 1) * limit, limit);

    /// <summary>
    /// The matching warnings from position <paramref name="offset"/> (0-based, newest first), at most
    /// <paramref name="count"/>: REST pages and GraphQL cursors both read the list through here.
    /// </summary>
    public (IReadOnlyList<WarningDto> Page, int Found) Window(WarningFilter filter, int offset, int count)
    {
        var now = Now;
        var from = filter.From is { } f ? Local(f) : DateTimeOffset.MinValue;
        var to = filter.To is { } t ? Local(t.AddDays(1)) : DateTimeOffset.MaxValue;
        var matching = Aggregates()
            .Where(w => filter.Levels is null || filter.Levels.Contains(w.HighestLevel))
            .Where(w => filter.Statuses is null || filter.Statuses.Contains(w.Status(now)))
            .Where(w => w.Start < to && from < w.EndOrOpen)
            .OrderByDescending(w => w.Start)
            .ToList();
        var items = matching.Skip(offset).Take(count).ToList();
        return (Summaries(items, now), matching.Count);
    }

    /// <summary>Warnings in force now (issued, not lifted, not past the end they announced).</summary>
    public IReadOnlyList<WarningDto> Active()
    {
        var now = Now;
        return Summaries(Aggregates().Where(w => w.Status(now) == "active").OrderByDescending(w => w.Start).ToList(), now);
    }

    public WarningDetailDto Detail(string id)
    {
        var now = Now;
        var w = Require(id);
        return new WarningDetailDto(Summaries([w], now)[0], Timeline(w), ListsAt(w, ReductionLists()));
    }

    /// <summary>One warning as in the list (without its timeline); an unknown id is a 404 naming it.</summary>
    public WarningDto Summary(string id) => Summaries([Require(id)], Now)[0];

    /// <summary>Every version of every event of a warning, superseded ones included.</summary>
    public IReadOnlyList<WarningEventDto> Versions(string id)
    {
        Require(id);
        return VersionsOf(_store.EventVersions(id));
    }

    // Batched forms of the detail's parts, for GraphQL: a page of warnings asks for all its timelines (or
    // versions, or lists) at once, and each costs the same store reads as one warning's. Unknown ids are left out.

    /// <summary>The event timelines (current versions, in seq order) of these warnings, by id.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<WarningEventDto>> Timelines(IReadOnlyCollection<string> ids)
    {
        var wanted = ids.ToHashSet(StringComparer.Ordinal);
        // One log lookup for the events of every warning asked.
        var warnings = Aggregates().Where(w => wanted.Contains(w.Id)).ToList();
        var events = Events(warnings.SelectMany(w => w.Events).ToList(), _ => true);
        var at = 0;
        return warnings.ToDictionary(w => w.Id, IReadOnlyList<WarningEventDto> (w) =>
        {
            var timeline = events.GetRange(at, w.Events.Count);
            at += w.Events.Count;
            return timeline;
        }, StringComparer.Ordinal);
    }

    /// <summary>The reduction lists valid at the events of these warnings, by id (as in the detail).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<ReductionListDto>> ReductionListsAt(IReadOnlyCollection<string> ids)
    {
        var wanted = ids.ToHashSet(StringComparer.Ordinal);
        var warnings = Aggregates().Where(w => wanted.Contains(w.Id)).ToList();
        var lists = warnings.Count == 0 ? [] : ReductionLists();
        return warnings.ToDictionary(w => w.Id, IReadOnlyList<ReductionListDto> (w) => ListsAt(w, lists), StringComparer.Ordinal);
    }

    /// <summary>Every version of every event of these warnings, by id, superseded ones included.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<WarningEventDto>> Versions(IReadOnlyCollection<string> ids)
    {
        // VersionsOf keys by (warning, seq), so all the warnings' rows go through it, and the log, at once.
        var rows = _store.EventVersions(ids);
        var all = VersionsOf(rows);
        return rows.Zip(all).GroupBy(p => p.First.Event.WarningId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, IReadOnlyList<WarningEventDto> (g) => g.Select(p => p.Second).ToList(), StringComparer.Ordinal);
    }

    private List<WarningEventDto> Timeline(WarningAggregate w) => Events(w.Events, _ => true);

    private static List<ReductionListDto> ListsAt(WarningAggregate w, IReadOnlyList<ReductionListDto> lists) =>
        lists.Where(l => w.Events.Any(e => e.Event.Level is not null && InList(l, e.Event.Time))).ToList();

    private List<WarningEventDto> VersionsOf(List<StoredWarningEvent> rows)
    {
        var latest = rows.GroupBy(r => (r.Event.WarningId, r.Event.Seq)).ToDictionary(g => g.Key, g => g.Max(r => r.Version));
        return Events(rows, r => latest[(r.Event.WarningId, r.Event.Seq)] == r.Version);
    }

    /// <summary>Events as published, each with its version's place in the transparency log (one lookup for all).</summary>
    private List<WarningEventDto> Events(IReadOnlyList<StoredWarningEvent> rows, Func<StoredWarningEvent, bool> current)
    {
        var log = LogRefs.Read(_store.Database, PublishedDatasets.WarningEvents, rows, r => [r.Event.WarningId, r.Event.Seq], r => r.Version);
        return rows.Select(r => Event(r, current(r)) with { Log = log.Of([r.Event.WarningId, r.Event.Seq], r.Version) }).ToList();
    }

    /// <summary>
    /// Every warning with its current events, kept while the store's warning events stay as they were (<see
    /// cref="WarningStore.Signature"/>): the site's layout asks for the active warnings on every page, and reading the
    /// current events was about a millisecond a page. The signature is read before the events and on the same connection
    /// (with read replicas, never a newer replica's signature kept with an older one's events), so what is kept is never
    /// older than the signature it is kept with.
    /// </summary>
    internal IReadOnlyList<WarningAggregate> Aggregates()
    {
        using var connection = _store.Database.Connect();
        var signature = WarningStore.Signature(connection);
        if (Volatile.Read(ref _aggregates) is { } kept && kept.Signature == signature)
        {
            return kept.Warnings;
        }

        var warnings = _store.CurrentEvents(connection).GroupBy(e => e.Event.WarningId, StringComparer.Ordinal)
            .Select(g => new WarningAggregate(g.Key, g.OrderBy(e => e.Event.Seq).ToList().AsReadOnly()))
            .Where(w => w.Events[0].Event.Kind == WarningEventKind.Issue)
            .ToList().AsReadOnly();
        Volatile.Write(ref _aggregates, new KeptAggregates(signature, warnings));
        return warnings;
    }

    private sealed record KeptAggregates((long Rows, long LatestBatch) Signature, IReadOnlyList<WarningAggregate> Warnings);

    private KeptAggregates? _aggregates;

    /// <summary>Every version of every event, for the CAP feed (a correction is a message of its own).</summary>
    internal List<StoredWarningEvent> AllVersions(string id) => _store.EventVersions(id);

    private WarningAggregate Require(string id) =>
        Aggregates().FirstOrDefault(w => w.Id == id) ?? throw new NotFoundException("id", $"unknown warning '{id}'");

    private List<WarningDto> Summaries(List<WarningAggregate> warnings, DateTimeOffset now)
    {
        if (warnings.Count == 0)
        {
            return [];
        }

        var first = DateOf(warnings.Min(w => w.Start)).AddDays(-MarginDays);
        var last = DateOf(warnings.Max(w => w.EndOrNow(now))).AddDays(MarginDays);
        var observed = Observe(first, last);
        var findings = Analyse(warnings, observed, now);
        return warnings.Select(w => Summary(w, now, observed, findings)).ToList();
    }

    private WarningDto Summary(WarningAggregate w, DateTimeOffset now, ObservedData observed, List<Finding> findings)
    {
        var ended = w.EndedAt(now);
        var duration = (decimal)((ended ?? (w.Start > now ? w.Start : now)) - w.Start).TotalHours;
        var issue = w.Events[0].Event;
        return new WarningDto(w.Id, w.Status(now), Area(w.Area), w.Start, w.Start.ToUniversalTime(), ended, w.PlannedEnd,
            Math.Round(duration, 1), Level(w.IssuedLevel), Level(w.HighestLevel), w.CurrentLevel(now) is { } c ? Level(c) : null,
            issue.Authority, issue.DocumentNumber, w.Events.Count, Compare(w, now, observed, findings));
    }

    private ObservedComparisonDto Compare(WarningAggregate w, DateTimeOffset now, ObservedData observed, List<Finding> findings)
    {
        var scheme = _calendar.ForDate(DateOf(w.Start));
        var end = w.EndOrNow(now);
        var days = new List<ObservedDayDto>();
        for (var d = DateOf(w.Start); end > w.Start && Local(d) < end; d = d.AddDays(1))
        {
            days.Add(Day(d, observed));
        }

        var overlapping = observed.Episodes.Where(e => e.Start < end && w.Start < e.End).ToList();
        WarningLevel? observedLevel = overlapping.Count == 0 ? null : overlapping.Max(e => e.Level);
        var valid = days.Where(d => d.Aqi is not null).ToList();
        var support = valid.Count == 0 ? "noData"
            : observedLevel is null ? "notSupported"
            : observedLevel < w.HighestLevel ? "lowerLevel"
            : "supported";
        var max = valid.OrderByDescending(d => d.Aqi).ThenBy(d => d.Date).FirstOrDefault();
        return new ObservedComparisonDto(support, observedLevel is { } o ? Level(o) : null, scheme.Id, scheme.Verified,
            max?.Aqi, max?.Date, days.Count(d => d.MeetsThreshold),
            findings.Where(f => f.WarningId == w.Id).Select(f => f.Kind).Distinct().ToList(), days, ComparisonNote);
    }

    // ---- consistency view -----------------------------------------------------------------------------------

    /// <summary>
    /// Compares the warnings in force between <paramref name="from"/> and <paramref name="to"/> with what the
    /// observed city daily AQI called for under the scheme of each date.
    /// </summary>
    public ConsistencyDto Consistency(DateOnly from, DateOnly to)
    {
        var now = Now;
        var start = Local(from);
        var end = Local(to.AddDays(1));
        var warnings = Aggregates().Where(w => w.Start < end && start < w.EndOrNow(now)).OrderBy(w => w.Start).ToList();
        var observed = Observe(from.AddDays(-MarginDays), to.AddDays(MarginDays));
        var episodes = observed.Episodes.Where(e => (e.Start < end && start < e.End) ||
            warnings.Any(w => e.Start < w.EndOrNow(now) && w.Start < e.End)).ToList();
        observed = observed with { Episodes = episodes };
        var findings = Analyse(warnings, observed, now);

        var episodeDtos = episodes.Select(e => new ObservedEpisodeDto(
            DateOf(e.Start), DateOf(e.End.AddTicks(-1)), Level(e.Level), e.SchemeId, e.PeakAqi, e.Parts,
            e.Progression.Select(p => new LevelReachedDto(Level(p.Level), p.At)).ToList(),
            e.Days.Select(d => Day(d.Date, observed)).ToList(),
            warnings.Where(w => e.Start < w.EndOrNow(now) && w.Start < e.End).Select(w => w.Id).ToList())).ToList();

        return new ConsistencyDto(
            "这是已发布预警与实测城市日AQI（按各日适用的预警分级标准）的对比，不是结论：预警依据预报发布，预报与实测可以不同；数据为实时发布数据，未经审核。",
            "A comparison of the issued warnings with the observed city daily AQI (judged by the warning scheme in force on each date), not a verdict: warnings are issued on forecasts, which can differ from what was later observed; the data are real-time, unreviewed values.",
            from, to,
            "城市日AQI：各评价点有效日均值的算术平均（HJ 633-2012/2026），自然日；预警条件见 /api/v1/warnings/criteria。City daily AQI: mean of the assessment stations' valid daily values (calendar days, HJ 633); the criteria are at /api/v1/warnings/criteria.",
            _calendar.Periods.Where(p => p.From <= to && (p.Until is null || p.Until > from))
                .Select(p => new SchemePeriodDto(p.Scheme.Id, p.From == DateOnly.MinValue ? null : p.From, p.Until, p.Scheme.Verified)).ToList(),
            warnings.Count, episodes.Count, episodeDtos,
            findings.OrderBy(f => f.Sort).Select(f => new FindingDto(f.Kind, TitleZh(f.Kind), TitleEn(f.Kind), f.WarningId,
                f.Episode is { } e ? DateOf(e.Start) : null, f.Episode is { } e2 ? DateOf(e2.End.AddTicks(-1)) : null,
                f.WarningLevel is { } wl ? Level(wl) : null, f.ObservedLevel is { } ol ? Level(ol) : null,
                f.ExplanationZh, f.ExplanationEn, f.Evidence.Select(d => Day(d, observed)).ToList())).ToList());
    }

    private sealed record ObservedData(IReadOnlyList<WarningEpisode> Episodes, Dictionary<DateOnly, DayRow> Days);

    private sealed record Finding(
        string Kind, string? WarningId, WarningEpisode? Episode, WarningLevel? WarningLevel, WarningLevel? ObservedLevel,
        List<DateOnly> Evidence, string ExplanationZh, string ExplanationEn, DateTimeOffset Sort);

    private ObservedData Observe(DateOnly from, DateOnly to)
    {
        var rows = _air.Days(AirQualityStore.CityArea, from, to);
        var series = rows.Select(d => new DailyAqiSample(Local(d.Date.AddDays(1)), d.Aqi, OzoneDriven(d.PrimaryPollutants))).ToList();
        return new ObservedData(WarningCriteria.DetectEpisodes(_calendar, series, WarningCriteria.Daily), rows.ToDictionary(d => d.Date));
    }

    /// <summary>The comparison rules, in one place: which episodes had no warning, which warnings no episode, and timing and level differences.</summary>
    private List<Finding> Analyse(IReadOnlyList<WarningAggregate> warnings, ObservedData observed, DateTimeOffset now)
    {
        var findings = new List<Finding>();
        foreach (var e in observed.Episodes)
        {
            var matched = warnings.Where(w => e.Start < w.EndOrNow(now) && w.Start < e.End).OrderBy(w => w.Start).ToList();
            var scheme = _calendar.ForDate(DateOf(e.Start));
            var from = DateOf(e.Start);
            var to = DateOf(e.End.AddTicks(-1));
            var meeting = e.Days.Where(d => Meets(d.Date, observed)).Select(d => d.Date).ToList();
            if (matched.Count == 0)
            {
                findings.Add(new Finding("notIssued", null, e, null, e.Level, e.Days.Select(d => d.Date).ToList(),
                    $"实测城市日AQI在{Zh(from)}至{Zh(to)}达到{scheme.NameZh}{WarningLevels.NameZh(e.Level)}的条件（最高{e.PeakAqi}），期间没有预警生效。",
                    $"The observed city daily AQI met the {WarningLevels.NameEn(e.Level).ToLowerInvariant()} criteria of the scheme '{scheme.Id}' from {En(from)} to {En(to)} (peak {e.PeakAqi}); no warning was in force.",
                    e.Start));
                continue;
            }

            var first = matched[0];
            var before = meeting.Where(d => Local(d.AddDays(1)) <= first.Start).ToList();
            if (before.Count > 0)
            {
                findings.Add(new Finding("issuedLate", first.Id, e, first.HighestLevel, e.Level, before,
                    $"预警于{ZhTime(first.Start)}生效；此前已有{before.Count}个完整日实测城市日AQI超过预警阈值。",
                    $"The warning took effect at {EnTime(first.Start)}, after {before.Count} whole day(s) on which the observed city daily AQI was above the warning threshold.",
                    first.Start));
            }

            var lastEnding = matched.OrderBy(w => w.EndOrOpen).Last();
            if (lastEnding.EndedAt(now) is { } ended)
            {
                var after = meeting.Where(d => Local(d) >= ended).ToList();
                if (after.Count > 0)
                {
                    findings.Add(new Finding("liftedEarly", lastEnding.Id, e, lastEnding.HighestLevel, e.Level, after,
                        $"预警于{ZhTime(ended)}结束；之后仍有{after.Count}个完整日实测城市日AQI超过预警阈值。",
                        $"The warning ended at {EnTime(ended)}; on {after.Count} whole day(s) after that the observed city daily AQI was still above the warning threshold.",
                        ended));
                }
            }

            var highest = matched.Max(w => w.HighestLevel);
            if (highest < e.Level)
            {
                var w = matched.First(x => x.HighestLevel == highest);
                findings.Add(new Finding("levelBelowObserved", w.Id, e, highest, e.Level, e.Days.Select(d => d.Date).ToList(),
                    $"预警最高为{WarningLevels.NameZh(highest)}；实测城市日AQI达到{WarningLevels.NameZh(e.Level)}的条件。",
                    $"The warning reached {WarningLevels.NameEn(highest).ToLowerInvariant()} at most; the observed city daily AQI met the {WarningLevels.NameEn(e.Level).ToLowerInvariant()} criteria.",
                    w.Start));
            }
        }

        foreach (var w in warnings)
        {
            var end = w.EndOrNow(now);
            if (end <= w.Start)
            {
                continue;
            }

            var overlapping = observed.Episodes.Where(e => e.Start < end && w.Start < e.End).ToList();
            var days = new List<DateOnly>();
            for (var d = DateOf(w.Start); Local(d) < end; d = d.AddDays(1))
            {
                days.Add(d);
            }

            var valid = days.Where(d => observed.Days.TryGetValue(d, out var r) && r.Aqi is not null).ToList();
            if (overlapping.Count == 0 && valid.Count > 0)
            {
                var peak = valid.OrderByDescending(d => observed.Days[d].Aqi).ThenBy(d => d).First();
                findings.Add(new Finding("noDataSupport", w.Id, null, w.HighestLevel, null, days,
                    $"预警期间（{ZhTime(w.Start)}至{ZhTime(end)}）实测城市日AQI未达到任何预警级别的条件（最高{observed.Days[peak].Aqi}，{Zh(peak)}）。",
                    $"While the warning was in force ({EnTime(w.Start)} to {EnTime(end)}) the observed city daily AQI did not meet the criteria of any warning level (highest {observed.Days[peak].Aqi}, on {En(peak)}).",
                    w.Start));
            }
            else if (overlapping.Count > 0 && overlapping.Max(e => e.Level) is var o && o < w.HighestLevel)
            {
                findings.Add(new Finding("levelAboveObserved", w.Id, overlapping.First(e => e.Level == o), w.HighestLevel, o, days,
                    $"预警最高为{WarningLevels.NameZh(w.HighestLevel)}；实测城市日AQI只达到{WarningLevels.NameZh(o)}的条件。",
                    $"The warning reached {WarningLevels.NameEn(w.HighestLevel).ToLowerInvariant()}; the observed city daily AQI met only the {WarningLevels.NameEn(o).ToLowerInvariant()} criteria.",
                    w.Start));
            }
        }

        return findings;
    }

    private bool Meets(DateOnly date, ObservedData observed)
    {
        if (!observed.Days.TryGetValue(date, out var row) || row.Aqi is not { } aqi)
        {
            return false;
        }

        var scheme = _calendar.ForDate(date);
        return aqi >= scheme.LowestMatchingAqi && !(scheme.ExcludesOzoneDays && OzoneDriven(row.PrimaryPollutants));
    }

    private ObservedDayDto Day(DateOnly date, ObservedData observed)
    {
        observed.Days.TryGetValue(date, out var row);
        return new ObservedDayDto(date, row?.Aqi, AirQualityQueries.LevelOf(row?.Aqi),
            row?.PrimaryPollutants?.Split(',') ?? [], Meets(date, observed));
    }

    private static bool OzoneDriven(string? primary) =>
        primary is { Length: > 0 } p && p.Split(',').All(x => x.StartsWith("O3", StringComparison.Ordinal));

    private static string TitleZh(string kind) => kind switch
    {
        "notIssued" => "实测达到预警条件但未发布预警",
        "issuedLate" => "预警晚于实测超标",
        "liftedEarly" => "预警解除后实测仍超标",
        "noDataSupport" => "预警期间实测未达到预警条件",
        "levelAboveObserved" => "预警级别高于实测对应级别",
        "levelBelowObserved" => "预警级别低于实测对应级别",
        _ => kind,
    };

    private static string TitleEn(string kind) => kind switch
    {
        "notIssued" => "Observed data met warning criteria; no warning was issued",
        "issuedLate" => "Warning took effect after observed days above the threshold",
        "liftedEarly" => "Observed days above the threshold after the warning ended",
        "noDataSupport" => "Observed data did not meet any warning criteria during the warning",
        "levelAboveObserved" => "Warning level above the level the observed data called for",
        "levelBelowObserved" => "Warning level below the level the observed data called for",
        _ => kind,
    };

    // ---- criteria and reduction lists ------------------------------------------------------------------------

    public CriteriaDto Criteria() => new(
        "每个日AQI是一个24小时窗口的AQI；连续达到条件的窗口从第一个窗口开始到最后一个窗口结束计时（两个自然日 = 48小时）。同一过程内需同时满足“且”的各条件；按“且未达到高级别预警条件”取最高级别；间隔不超过合并间隔的前后两次过程按一次计。观测对比使用城市自然日AQI。" +
        " Each daily AQI is the AQI of a 24-hour window; a run of consecutive windows meeting a condition lasts from the start of its first window to the end of its last (two calendar days = 48 h). All conditions joined by '&' must hold within one episode; the most severe level met applies; episodes separated by at most the merge gap count as one. The comparison with observed data uses calendar-day city AQI.",
        _calendar.Periods.Select(p => Scheme(p.Scheme, p.From == DateOnly.MinValue ? null : p.From, p.Until)).ToList());

    private static SchemeDto Scheme(WarningScheme s, DateOnly? from, DateOnly? until) => new(
        s.Id, s.NameZh, s.NameEn, s.Document, s.Verified, s.Notes, from, until, s.MergeGapHours, s.ExcludesOzoneDays,
        s.Rules.OrderBy(r => r.Level).Select(r => new SchemeRuleDto(Level(r.Level), r.Expression, r.TextZh,
            s.EmissionCutPercent.TryGetValue(r.Level, out var cut) ? cut : null)).ToList());

    public IReadOnlyList<ReductionListDto> ReductionLists() =>
        _store.CurrentReductionEntries().GroupBy(e => e.Entry.ListId, StringComparer.Ordinal).Select(g =>
        {
            var head = g.First().Entry;
            return new ReductionListDto(g.Key, head.ListTitle, head.ValidFrom, head.ValidTo, g.Count(),
                g.GroupBy(e => e.Entry.Level).OrderBy(l => l.Key).Select(l => new LevelCountDto(Level(l.Key), l.Count())).ToList());
        }).OrderByDescending(l => l.ValidFrom).ThenBy(l => l.Id, StringComparer.Ordinal).ToList();

    /// <summary>One reduction list (its summary); an unknown id is a 404 naming it.</summary>
    public ReductionListDto ReductionList(string listId) =>
        ReductionLists().FirstOrDefault(l => l.Id == listId) ?? throw UnknownList(listId);

    public IReadOnlyList<ReductionEntryDto> ReductionEntries(string listId, WarningLevel? level) =>
        ReductionEntries([listId], level).TryGetValue(listId, out var entries) ? entries : throw UnknownList(listId);

    /// <summary>The entries of these lists (at one level, or all), by list id, in one store read; unknown ids are left out.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<ReductionEntryDto>> ReductionEntries(IReadOnlyCollection<string> listIds, WarningLevel? level)
    {
        var wanted = listIds.ToHashSet(StringComparer.Ordinal);
        var entries = _store.CurrentReductionEntries().Where(e => wanted.Contains(e.Entry.ListId)).ToList();
        var log = LogRefs.Read(_store.Database, PublishedDatasets.ReductionEntries, entries, e => ReductionKey(e.Entry), e => e.Version);
        return entries.GroupBy(e => e.Entry.ListId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, IReadOnlyList<ReductionEntryDto> (g) => g.Where(e => level is null || e.Entry.Level == level)
                .OrderBy(e => e.Entry.Level).ThenBy(e => e.Entry.Enterprise, StringComparer.Ordinal)
                .Select(e => new ReductionEntryDto(e.Entry.ListId, Level(e.Entry.Level), e.Entry.Enterprise, e.Entry.Uscc, e.Entry.Measure,
                    e.Version, Recorded(e.RecordedAt), e.Source, e.Reason) { Log = log.Of(ReductionKey(e.Entry), e.Version) })
                .ToList(), StringComparer.Ordinal);
    }

    // The key of reduction_entry as the log names it: list, level as stored, credit code.
    private static object?[] ReductionKey(ReductionEntry e) => [e.ListId, WarningLevels.Code(e.Level), e.Uscc];

    private static NotFoundException UnknownList(string listId) => new("id", $"unknown reduction list '{listId}'");

    private static bool InList(ReductionListDto list, DateTimeOffset time)
    {
        var date = DateOf(time);
        return (list.ValidFrom is null || list.ValidFrom <= date) && (list.ValidTo is null || date <= list.ValidTo);
    }

    // ---- parameters ----------------------------------------------------------------------------------------
    // Parsed here, from the REST text forms, so that REST and GraphQL apply the same checks and name the same
    // parameter on error.

    private static readonly DateOnly EarliestDate = new(2000, 1, 1);
    private static readonly DateOnly LatestDate = new(2100, 12, 31);

    /// <summary>The list's filter from its parameters (levels and statuses comma-separated); a bad value is a 400 naming it.</summary>
    public static WarningFilter ParseFilter(string? level, string? from, string? to, string? status)
    {
        var f = InRange(QueryParameters.Date(from, "from"), "from");
        var t = InRange(QueryParameters.Date(to, "to"), "to");
        if (f is { } a && t is { } b && a > b)
        {
            throw new BadParameterException("from", $"from ({a:yyyy-MM-dd}) is after to ({b:yyyy-MM-dd})");
        }

        return new WarningFilter(Levels(level), f, t, StatusSet(status));
    }

    /// <summary>The consistency view's period: default the 365 days up to today, at most <see cref="MaxRangeDays"/>.</summary>
    public (DateOnly From, DateOnly To) ConsistencyRange(string? from, string? to)
    {
        InRange(QueryParameters.Date(from, "from"), "from");
        InRange(QueryParameters.Date(to, "to"), "to");
        return QueryParameters.DateRange(from, to, DateOf(Now), 365, MaxRangeDays);
    }

    /// <summary>One level (a reduction list's entries at it), or null for all.</summary>
    public static WarningLevel? ParseLevel(string? level) =>
        string.IsNullOrEmpty(level) ? null
        : WarningLevels.TryParse(level, out var l) ? l
        : throw new BadParameterException("level", $"unknown level '{level}' (blue, yellow, orange, red)");

    /// <summary>Dates far outside the data would only overflow the date arithmetic of the comparison: refuse them by name.</summary>
    private static DateOnly? InRange(DateOnly? date, string name) =>
        date is { } d && (d < EarliestDate || d > LatestDate)
            ? throw new BadParameterException(name, $"{name} {d:yyyy-MM-dd} is out of range ({EarliestDate:yyyy-MM-dd} … {LatestDate:yyyy-MM-dd})")
            : date;

    private static HashSet<WarningLevel>? Levels(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var set = new HashSet<WarningLevel>();
        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            set.Add(WarningLevels.TryParse(part, out var level) ? level : throw new BadParameterException("level", $"unknown level '{part}' (blue, yellow, orange, red)"));
        }

        return set;
    }

    private static HashSet<string>? StatusSet(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var s = part.ToLowerInvariant();
            set.Add(Statuses.Contains(s) ? s : throw new BadParameterException("status", $"unknown status '{part}' ({string.Join(", ", Statuses)})"));
        }

        return set;
    }

    // ---- shapes --------------------------------------------------------------------------------------------

    internal static WarningEventDto Event(StoredWarningEvent row, bool current)
    {
        var e = row.Event;
        return new WarningEventDto(e.Seq, WarningEventKinds.Code(e.Kind), WarningEventKinds.NameZh(e.Kind), e.Time, e.Time.ToUniversalTime(), e.Until,
            e.Level is { } l ? Level(l) : null, Area(e.Area), e.Authority, e.DocumentNumber, e.Basis, e.Measures, e.Document,
            row.Version, current, Recorded(row.RecordedAt), row.Source, row.Reason);
    }

    public static WarningLevelDto Level(WarningLevel level) =>
        new(WarningLevels.Code(level), WarningLevels.NameZh(level), WarningLevels.GradeZh(level), WarningLevels.NameEn(level), WarningLevels.Hex(level));

    public static AreaDto Area(WarningArea area) => new(area.Code, area.NameZh, area.NameEn, area.DistrictList.Select(d => d.Name).ToList());

    private static DateTimeOffset Recorded(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture).ToOffset(ChinaTime.Offset);

    internal static DateTimeOffset Local(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), ChinaTime.Offset);

    internal static DateOnly DateOf(DateTimeOffset t) => DateOnly.FromDateTime(t.ToOffset(ChinaTime.Offset).DateTime);

    private static string Zh(DateOnly d) => d.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);

    private static string En(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string ZhTime(DateTimeOffset t) => t.ToOffset(ChinaTime.Offset).ToString("yyyy年M月d日HH:mm", CultureInfo.InvariantCulture);

    private static string EnTime(DateTimeOffset t) => t.ToOffset(ChinaTime.Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " (+08:00)";
}

/// <summary>A warning's current events (by seq, the first an issue) and what follows from them at a given time.</summary>
internal sealed class WarningAggregate(string id, IReadOnlyList<StoredWarningEvent> events)
{
    public string Id { get; } = id;

    /// <summary>Read-only: an aggregate is shared by every request until an event is recorded.</summary>
    public IReadOnlyList<StoredWarningEvent> Events { get; } = events;

    public DateTimeOffset Start => Events[0].Event.Time;

    public WarningEvent? Lift => Events.Select(e => e.Event).FirstOrDefault(e => e.Kind == WarningEventKind.Lift);

    /// <summary>The end: the lift, else the end the latest notice announced, else open.</summary>
    public DateTimeOffset EndOrOpen => WarningImporter.InForce(Events.Select(e => e.Event).ToList())?.End ?? DateTimeOffset.MaxValue;

    public DateTimeOffset EndOrNow(DateTimeOffset now) => EndOrOpen < now ? EndOrOpen : now;

    public DateTimeOffset? EndedAt(DateTimeOffset now) => EndOrOpen <= now ? EndOrOpen : null;

    /// <summary>The end announced so far: the lift time or the latest notice's until.</summary>
    public DateTimeOffset? PlannedEnd => Lift?.Time ?? Events[^1].Event.Until;

    public WarningArea Area => Events[0].Event.Area;

    public WarningLevel IssuedLevel => Events[0].Event.Level!.Value;

    public WarningLevel HighestLevel => Events.Where(e => e.Event.Level is not null).Max(e => e.Event.Level!.Value);

    public string Status(DateTimeOffset now) =>
        Start > now ? "scheduled"
        : Lift is { } l && l.Time <= now ? "lifted"
        : EndOrOpen <= now ? "expired"
        : "active";

    public WarningLevel? CurrentLevel(DateTimeOffset now) => Status(now) == "active"
        ? Events.Where(e => e.Event.Time <= now && e.Event.Level is not null).Select(e => e.Event.Level).LastOrDefault()
        : null;
}
