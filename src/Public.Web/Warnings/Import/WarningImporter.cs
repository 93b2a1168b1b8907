using System.Data.Common;
using Public.Standards.Warnings;
using Public.Web.AirQuality.Import;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Publication;
using Public.Web.Warnings.Store;

namespace Public.Web.Warnings.Import;

public sealed record WarningImportSummary(
    long? BatchId,
    int Files,
    int Records,
    int NewEvents,
    int NewEventVersions,
    int UnchangedEvents,
    int NewEntries,
    int NewEntryVersions,
    int UnchangedEntries,
    IReadOnlyList<ImportProblem> Problems)
{
    public bool Clean => Problems.Count == 0;
}

/// <summary>
/// <c>import warnings</c>: reads every file, checks each record and then the whole run against the store
/// (a warning's events in order, issued before anything else, nothing after a lift, no two warnings for the
/// same area at once), and writes everything in one transaction — or, if anything is wrong, nothing at all.
/// Re-importing identical records adds nothing; a changed record adds a new version with its reason.
/// </summary>
internal sealed class WarningImporter(WarningStore store, Publisher publisher)
{
    public const string DemoMetaKey = Publisher.DemoMetaKey;

    public WarningImportSummary Import(IReadOnlyList<string> inputs)
    {
        publisher.RefuseDemo("import real warnings into a separate database (--db PATH)");
        var problems = new List<ImportProblem>();
        var files = ImportInputs.CsvOrJson(inputs, problems);

        var parsed = files.Select(f => WarningFileParser.Parse(f.Path, f.Name)).ToList();
        problems.AddRange(parsed.SelectMany(p => p.Problems));
        var events = parsed.SelectMany(p => p.Events).ToList();
        var entries = parsed.SelectMany(p => p.Entries).ToList();
        var records = parsed.Sum(p => p.Records);
        if (problems.Count > 0)
        {
            return new WarningImportSummary(null, files.Count, records, 0, 0, 0, 0, 0, 0, problems);
        }

        return Apply("warnings", parsed.Select(p => (p.Name, p.Sha256, p.Records)).ToList(), events, entries, records);
    }

    /// <summary>Checks a run against the store and writes it in one transaction, or writes nothing and returns the problems.</summary>
    internal WarningImportSummary Apply(string kind, IReadOnlyList<(string Name, string Sha256, int Records)> files,
        IReadOnlyList<ParsedWarningEvent> events, IReadOnlyList<ParsedReductionEntry> entries, int records)
    {
        return publisher.Publish(kind, publisher.Now(), publication => Apply(publication, files, events, entries, records));
    }

    private WarningImportSummary Apply(PublicationBatch publication, IReadOnlyList<(string Name, string Sha256, int Records)> files,
        IReadOnlyList<ParsedWarningEvent> events, IReadOnlyList<ParsedReductionEntry> entries, int records)
    {
        var (connection, transaction, batch, now) = (publication.StoreConnection, publication.StoreTransaction, publication.Id, publication.StartedAt);
        var storedEvents = store.CurrentEvents(connection, transaction);
        var storedEntries = store.CurrentReductionEntries(connection, transaction);
        var problems = Validate(events, storedEvents.Select(s => s.Event).ToList());
        problems.AddRange(ValidateEntries(entries));
        if (problems.Count > 0)
        {
            publication.Abandon();
            return new WarningImportSummary(null, files.Count, records, 0, 0, 0, 0, 0, 0, problems);
        }

        var (newEvents, eventVersions, sameEvents) = WriteEvents(connection, transaction, events, storedEvents, batch, now);
        var (newEntries, entryVersions, sameEntries) = WriteEntries(connection, transaction, entries, storedEntries, batch, now);
        foreach (var (name, sha, count) in files)
        {
            publication.AddFile(name, sha, count, "imported");
        }

        publication.Count(files.Count, records, 0, newEvents + newEntries, eventVersions + entryVersions, sameEvents + sameEntries, 0);
        return new WarningImportSummary(batch, files.Count, records, newEvents, eventVersions, sameEvents, newEntries, entryVersions, sameEntries, []);
    }

    private static (int New, int Versions, int Unchanged) WriteEvents(DbConnection connection, DbTransaction transaction,
        IReadOnlyList<ParsedWarningEvent> events, List<StoredWarningEvent> stored, long batch, string now)
    {
        var current = stored.ToDictionary(s => (s.Event.WarningId, s.Event.Seq));
        int created = 0, versions = 0, unchanged = 0;
        foreach (var p in events)
        {
            var key = (p.Event.WarningId, p.Event.Seq);
            current.TryGetValue(key, out var previous);
            var changed = previous is null ? [] : Changed(WarningStore.Columns(previous.Event), WarningStore.Columns(p.Event));
            if (previous is not null && changed.Count == 0)
            {
                unchanged++;
                continue;
            }

            var reason = previous is null ? null : Reason(p.CorrectionReason, p.Where, changed);
            var row = new StoredWarningEvent(p.Event, (previous?.Version ?? 0) + 1, now, batch, p.Where.File, p.Where.Line > 0 ? p.Where.Line : null, reason);
            WarningStore.WriteEvent(connection, transaction, row);
            current[key] = row;
            if (previous is null)
            {
                created++;
            }
            else
            {
                versions++;
            }
        }

        return (created, versions, unchanged);
    }

    private static (int New, int Versions, int Unchanged) WriteEntries(DbConnection connection, DbTransaction transaction,
        IReadOnlyList<ParsedReductionEntry> entries, List<StoredReductionEntry> stored, long batch, string now)
    {
        var current = stored.ToDictionary(s => (s.Entry.ListId, s.Entry.Level, s.Entry.Uscc));
        int created = 0, versions = 0, unchanged = 0;
        foreach (var p in entries)
        {
            var key = (p.Entry.ListId, p.Entry.Level, p.Entry.Uscc);
            current.TryGetValue(key, out var previous);
            var changed = previous is null ? [] : Changed(WarningStore.Columns(previous.Entry), WarningStore.Columns(p.Entry));
            if (previous is not null && changed.Count == 0)
            {
                unchanged++;
                continue;
            }

            var reason = previous is null ? null : Reason(p.CorrectionReason, p.Where, changed);
            var row = new StoredReductionEntry(p.Entry, (previous?.Version ?? 0) + 1, now, batch, p.Where.File, p.Where.Line > 0 ? p.Where.Line : null, reason);
            WarningStore.WriteReductionEntry(connection, transaction, row);
            current[key] = row;
            if (previous is null)
            {
                created++;
            }
            else
            {
                versions++;
            }
        }

        return (created, versions, unchanged);
    }

    private static List<string> Changed(Dictionary<string, string?> before, Dictionary<string, string?> after) =>
        before.Keys.Where(k => before[k] != after[k]).ToList();

    private static string Reason(string? given, FieldBag where, List<string> changed)
    {
        var what = $"changed {string.Join(", ", changed)} ({where.File} line {where.Line})";
        return given is null ? "correction: " + what : $"{given} — {what}";
    }

    // ---- checks of a whole run --------------------------------------------------------------------------

    /// <summary>
    /// The checks that need more than one record: duplicates, the order and kinds of a warning's events (with
    /// the events already stored), and overlapping warnings for the same area. Problems point at the imported line.
    /// </summary>
    internal static List<ImportProblem> Validate(IReadOnlyList<ParsedWarningEvent> incoming, IReadOnlyList<WarningEvent> stored)
    {
        var problems = new List<ImportProblem>();
        var firstSeen = new Dictionary<(string, int), ParsedWarningEvent>();
        var unique = new List<ParsedWarningEvent>();
        foreach (var p in incoming)
        {
            var key = (p.Event.WarningId, p.Event.Seq);
            if (firstSeen.TryGetValue(key, out var other))
            {
                problems.Add(p.Where.Problem("seq", $"event {p.Event.Seq} of warning '{p.Event.WarningId}' appears twice (also at {other.Where.File} line {other.Where.Line})"));
                continue;
            }

            firstSeen[key] = p;
            unique.Add(p);
        }

        var storedById = stored.GroupBy(e => e.WarningId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToDictionary(e => e.Seq), StringComparer.Ordinal);
        var timelines = new Dictionary<string, SortedDictionary<int, WarningEvent>>(StringComparer.Ordinal);
        var firstIncoming = new Dictionary<string, ParsedWarningEvent>(StringComparer.Ordinal);
        foreach (var group in unique.GroupBy(p => p.Event.WarningId, StringComparer.Ordinal))
        {
            var id = group.Key;
            var merged = new SortedDictionary<int, WarningEvent>(storedById.GetValueOrDefault(id) ?? []);
            foreach (var p in group)
            {
                merged[p.Event.Seq] = p.Event;
            }

            var incomingSeqs = group.Select(p => p.Event.Seq).ToHashSet();
            var issued = merged.TryGetValue(1, out var first) && first.Kind == WarningEventKind.Issue;
            foreach (var p in group.OrderBy(p => p.Event.Seq))
            {
                CheckEvent(p, merged, incomingSeqs, issued, problems);
            }

            timelines[id] = merged;
            firstIncoming[id] = group.OrderBy(p => p.Event.Seq).First();
        }

        CheckOverlaps(storedById, timelines, firstIncoming, problems);
        return problems;
    }

    private static void CheckEvent(ParsedWarningEvent p, SortedDictionary<int, WarningEvent> merged, HashSet<int> incomingSeqs, bool issued, List<ImportProblem> problems)
    {
        var e = p.Event;
        var id = e.WarningId;
        if (!issued && e.Kind != WarningEventKind.Issue)
        {
            var verb = e.Kind switch { WarningEventKind.Lift => "lifts", WarningEventKind.Upgrade => "upgrades", _ => "downgrades" };
            problems.Add(p.Where.Problem("event",
                $"{WarningEventKinds.Code(e.Kind)} ({WarningEventKinds.NameZh(e.Kind)}) {verb} warning '{id}', which was never issued: there is no issue (发布) as event 1 in this import or in the store"));
            return;
        }

        if (e.Kind == WarningEventKind.Issue && e.Seq > 1)
        {
            problems.Add(p.Where.Problem("event", $"warning '{id}': an issue (发布) can only be event 1, this is event {e.Seq} (a new warning needs its own warning_id)"));
            return;
        }

        if (e.Seq > 1 && !merged.ContainsKey(e.Seq - 1))
        {
            problems.Add(p.Where.Problem("seq", $"event {e.Seq - 1} of warning '{id}' is missing: events are numbered 1, 2, 3… in time order without gaps"));
            return;
        }

        if (merged.TryGetValue(e.Seq - 1, out var previous))
        {
            if (previous.Kind == WarningEventKind.Lift)
            {
                problems.Add(p.Where.Problem("event", $"warning '{id}' was lifted by event {previous.Seq} at {Show(previous.Time)}; nothing can follow a lift"));
                return;
            }

            if (e.Time <= previous.Time)
            {
                problems.Add(p.Where.Problem("time",
                    $"events out of order: event {e.Seq} ({WarningEventKinds.Code(e.Kind)} at {Show(e.Time)}) is not after event {previous.Seq} ({WarningEventKinds.Code(previous.Kind)} at {Show(previous.Time)})"));
            }
        }

        if (merged.TryGetValue(e.Seq + 1, out var next) && !incomingSeqs.Contains(e.Seq + 1) && next.Time <= e.Time)
        {
            problems.Add(p.Where.Problem("time",
                $"events out of order: event {e.Seq} at {Show(e.Time)} is not before the stored event {next.Seq} ({WarningEventKinds.Code(next.Kind)} at {Show(next.Time)})"));
        }

        if (e.Until is { } until && until <= e.Time)
        {
            problems.Add(p.Where.Problem("until", $"end before start: until {Show(until)} is not after time {Show(e.Time)}"));
        }

        var current = merged.Values.Where(x => x.Seq < e.Seq && x.Level is not null).Select(x => x.Level).LastOrDefault();
        if (current is { } c && e.Level is { } level)
        {
            if (e.Kind == WarningEventKind.Upgrade && level <= c)
            {
                problems.Add(p.Where.Problem("level", $"an upgrade (升级) must raise the level: the warning is {WarningLevels.Code(c)}, this event says {WarningLevels.Code(level)}"));
            }
            else if (e.Kind == WarningEventKind.Downgrade && level >= c)
            {
                problems.Add(p.Where.Problem("level", $"a downgrade (降级) must lower the level: the warning is {WarningLevels.Code(c)}, this event says {WarningLevels.Code(level)}"));
            }
        }
    }

    private static void CheckOverlaps(Dictionary<string, Dictionary<int, WarningEvent>> storedById,
        Dictionary<string, SortedDictionary<int, WarningEvent>> timelines, Dictionary<string, ParsedWarningEvent> firstIncoming, List<ImportProblem> problems)
    {
        var spans = new Dictionary<string, (DateTimeOffset Start, DateTimeOffset End, IReadOnlyList<WarningArea> Areas)>(StringComparer.Ordinal);
        foreach (var id in storedById.Keys.Union(timelines.Keys, StringComparer.Ordinal))
        {
            var events = timelines.TryGetValue(id, out var t) ? t.Values.ToList() : storedById[id].Values.OrderBy(e => e.Seq).ToList();
            if (InForce(events) is { } span)
            {
                spans[id] = (span.Start, span.End, events.Select(e => e.Area).Distinct().ToList());
            }
        }

        foreach (var id in timelines.Keys.Order(StringComparer.Ordinal))
        {
            if (!spans.TryGetValue(id, out var w))
            {
                continue;
            }

            foreach (var (otherId, v) in spans.OrderBy(s => s.Value.Start))
            {
                if (otherId == id || !(w.Start < v.End && v.Start < w.End) || !w.Areas.Any(a => v.Areas.Any(a.Overlaps)))
                {
                    continue;
                }

                // Report a pair once: at the later-starting warning of the two when both are imported now.
                var otherIncoming = timelines.ContainsKey(otherId);
                if (otherIncoming && (v.Start > w.Start || (v.Start == w.Start && string.CompareOrdinal(otherId, id) > 0)))
                {
                    continue;
                }

                var area = w.Areas.First(a => v.Areas.Any(a.Overlaps));
                problems.Add(firstIncoming[id].Where.Problem("time",
                    $"overlapping episodes: warning '{id}' ({Span(w.Start, w.End)}) overlaps warning '{otherId}' ({Span(v.Start, v.End)}) for the same area ({area.NameZh}); " +
                    "an area has one warning at a time — upgrade or downgrade the existing warning instead"));
            }
        }
    }

    /// <summary>
    /// When a warning is in force: from its issue to its lift; without a lift, to the end its latest notice
    /// announced (until), or open-ended. Null when the warning has no issue event.
    /// </summary>
    internal static (DateTimeOffset Start, DateTimeOffset End)? InForce(IReadOnlyList<WarningEvent> events)
    {
        var ordered = events.OrderBy(e => e.Seq).ToList();
        if (ordered.Count == 0 || ordered[0].Kind != WarningEventKind.Issue)
        {
            return null;
        }

        var lift = ordered.FirstOrDefault(e => e.Kind == WarningEventKind.Lift);
        var end = lift?.Time ?? ordered[^1].Until ?? DateTimeOffset.MaxValue;
        return (ordered[0].Time, end);
    }

    // ---- reduction lists ----------------------------------------------------------------------------------

    internal static List<ImportProblem> ValidateEntries(IReadOnlyList<ParsedReductionEntry> entries)
    {
        var problems = new List<ImportProblem>();
        var seen = new Dictionary<(string, WarningLevel, string), ParsedReductionEntry>();
        var lists = new Dictionary<string, ParsedReductionEntry>(StringComparer.Ordinal);
        foreach (var p in entries)
        {
            var e = p.Entry;
            if (seen.TryGetValue((e.ListId, e.Level, e.Uscc), out var other))
            {
                problems.Add(p.Where.Problem("uscc",
                    $"enterprise {e.Uscc} appears twice in list '{e.ListId}' at level {WarningLevels.Code(e.Level)} (also at {other.Where.File} line {other.Where.Line})"));
                continue;
            }

            seen[(e.ListId, e.Level, e.Uscc)] = p;
            if (lists.TryGetValue(e.ListId, out var head))
            {
                var h = head.Entry;
                if (h.ListTitle != e.ListTitle || h.ValidFrom != e.ValidFrom || h.ValidTo != e.ValidTo)
                {
                    problems.Add(p.Where.Problem("list_id",
                        $"list '{e.ListId}' has a different title or validity here than at {head.Where.File} line {head.Where.Line}"));
                }
            }
            else
            {
                lists[e.ListId] = p;
            }
        }

        return problems;
    }

    // ---- helpers --------------------------------------------------------------------------------------

    private static string Show(DateTimeOffset t) => ChinaTime.Iso(t.ToOffset(ChinaTime.Offset));

    private static string Span(DateTimeOffset start, DateTimeOffset end) =>
        $"in force {Show(start)} – {(end == DateTimeOffset.MaxValue ? "not lifted" : Show(end))}";
}
