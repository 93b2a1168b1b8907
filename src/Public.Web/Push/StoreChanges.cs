using System.Data.Common;
using System.Globalization;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Data;

namespace Public.Web.Push;

/// <summary>
/// The one place that says what changed: reads committed import batches after a given one and the rows each
/// batch wrote to the version tables (every published record version carries its <c>batch_id</c>), and turns them
/// into <see cref="PushEvent"/>s. The stream, the webhooks and WebSub all use these events. It reads only what
/// the store records, so it does not depend on which importer or pipeline wrote the rows. The same SQL runs on both
/// engines, and the order of every list is fixed by ORDER BY or by the order of the queries, so SQLite and PostgreSQL give
/// the same events with the same ids for the same imports (<c>PushEngineTests</c>).
/// </summary>
internal sealed class StoreChanges(Database database)
{
    /// <summary>The highest committed batch id (0 when there is none).</summary>
    public long LatestBatch()
    {
        using var connection = database.Connect();
        return connection.Long(null, "SELECT COALESCE(MAX(id), 0) FROM import_batch WHERE finished_at IS NOT NULL");
    }

    /// <summary>
    /// The latest committed batch that changed each published dataset (log name, as in <c>PublishedDatasets</c>: a
    /// record version or a tombstone in <c>log_leaves</c>); a dataset no batch has touched is absent. The export keys
    /// its page families with it: a page is rendered again only when a dataset it reads has a newer batch.
    /// </summary>
    public IReadOnlyDictionary<string, long> LatestBatchByDataset() => LatestBatchByDatasetAfter(-1).Latest;

    /// <summary>
    /// <see cref="LatestBatchByDataset"/> over the leaves after <paramref name="afterLeaf"/> only (a range of the primary
    /// key), and the last leaf read: a server that exports after every batch keeps the whole map by merging these.
    /// </summary>
    public (IReadOnlyDictionary<string, long> Latest, long ThroughLeaf) LatestBatchByDatasetAfter(long afterLeaf)
    {
        using var connection = database.Connect();
        // The last leaf first, then the leaves up to it: a batch appended meanwhile is read whole next time.
        var through = connection.Long(null, "SELECT COALESCE(MAX(idx), @after) FROM log_leaves", ("@after", afterLeaf));
        using var command = connection.Command(null,
            "SELECT dataset, MAX(batch_id) FROM log_leaves WHERE idx > @after AND idx <= @through AND kind <> 'batch' AND dataset IS NOT NULL GROUP BY dataset",
            ("@after", afterLeaf), ("@through", through));
        using var reader = command.ExecuteReader();
        var latest = new Dictionary<string, long>(StringComparer.Ordinal);
        while (reader.Read())
        {
            latest[reader.GetString(0)] = reader.GetInt64(1);
        }

        return (latest, through);
    }

    /// <summary>The id of the batch <paramref name="count"/> batches before the latest (where a backlog of that many starts).</summary>
    public long BatchBefore(int count)
    {
        using var connection = database.Connect();
        return connection.Long(null,
            "SELECT COALESCE(MIN(id) - 1, 0) FROM (SELECT id FROM import_batch WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT @n) AS recent", ("@n", count));
    }

    /// <summary>
    /// The events of the committed batches after <paramref name="afterBatch"/> (at most <paramref name="maxBatches"/>
    /// of them), in order, and the last batch read (the new watermark; <paramref name="afterBatch"/> when none).
    /// A batch that changed nothing (an identical re-import) has no event.
    /// </summary>
    public (IReadOnlyList<PushEvent> Events, long Through) After(long afterBatch, int maxBatches)
    {
        using var connection = database.Connect();
        // One snapshot for all the reads: a batch committed meanwhile is seen whole next time, never in part.
        using var transaction = database.Dialect.BeginSnapshot(connection);
        var batches = new List<(long Id, string Kind, string? FinishedAt)>();
        using (var command = Command(connection, transaction,
                   "SELECT id, kind, finished_at FROM import_batch WHERE id > @a AND finished_at IS NOT NULL ORDER BY id LIMIT @n", afterBatch))
        {
            command.Add("@n", maxBatches);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                batches.Add((reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
            }
        }

        if (batches.Count == 0)
        {
            return ([], afterBatch);
        }

        var through = batches[^1].Id;
        var datasets = new Dictionary<long, List<DatasetChange>>();
        var items = new Dictionary<long, List<(string Type, string Json)>>();
        void AddDataset(long batch, DatasetChange change) => (datasets.TryGetValue(batch, out var l) ? l : datasets[batch] = []).Add(change);
        void AddItem(long batch, string type, string json) => (items.TryGetValue(batch, out var l) ? l : items[batch] = []).Add((type, json));

        // Station hours, and what each import recomputes from them (days, the city series, assessments).
        Aggregate(connection, transaction, "SELECT batch_id, COUNT(*), MIN(hour_end), MAX(hour_end) FROM station_hour WHERE batch_id > @a AND batch_id <= @b GROUP BY batch_id",
            afterBatch, through, (batch, count, first, last) =>
            {
                var from = ChinaTime.Iso(ChinaTime.FromUnix(Convert.ToInt64(first, CultureInfo.InvariantCulture)));
                var to = ChinaTime.Iso(ChinaTime.FromUnix(Convert.ToInt64(last, CultureInfo.InvariantCulture)));
                var firstDay = AirQuality.Store.AirQualityStore.DateText(ChinaTime.DayOfHourEnd(Convert.ToInt64(first, CultureInfo.InvariantCulture)));
                var lastDay = AirQuality.Store.AirQualityStore.DateText(ChinaTime.DayOfHourEnd(Convert.ToInt64(last, CultureInfo.InvariantCulture)));
                AddDataset(batch, new("station-hourly", count, from, to, Href("station-hourly")));
                AddDataset(batch, new("city-hourly", null, from, to, Href("city-hourly")));
                AddDataset(batch, new("station-daily", null, firstDay, lastDay, Href("station-daily")));
                AddDataset(batch, new("city-daily", null, firstDay, lastDay, Href("city-daily")));
                AddDataset(batch, new("assessments", null, firstDay, lastDay, Href("assessments")));
                AddDataset(batch, new("stations", null, from, to, Href("stations")));
            });

        // Warnings: one event per published event version; the data event gives the range of their times.
        var warningRows = new Dictionary<long, (int Count, long First, long Last)>();
        using (var command = Command(connection, transaction, """
                   SELECT batch_id, warning_id, seq, version, kind, time, until, level, area FROM warning_event
                   WHERE batch_id > @a AND batch_id <= @b ORDER BY batch_id, time, warning_id, seq, version
                   """, afterBatch, through))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var batch = reader.GetInt64(0);
                var id = reader.GetString(1);
                var version = reader.Int(3);
                var kind = reader.GetString(4);
                var time = reader.GetInt64(5);
                var change = version > 1 ? "changed" : kind switch { "issue" => "issued", "lift" => "lifted", _ => "changed" };
                AddItem(batch, PushEventTypes.Warning, PushJson.Serialize(new WarningChangedEvent(id, reader.Int(2), version, change, kind,
                    reader.IsDBNull(7) ? null : reader.GetString(7), ChinaTime.FromUnix(time), reader.IsDBNull(6) ? null : ChinaTime.FromUnix(reader.GetInt64(6)),
                    reader.GetString(8), "/api/v1/warnings/" + Uri.EscapeDataString(id))));
                warningRows[batch] = warningRows.TryGetValue(batch, out var r) ? (r.Count + 1, Math.Min(r.First, time), Math.Max(r.Last, time)) : (1, time, time);
            }
        }

        foreach (var (batch, r) in warningRows)
        {
            AddDataset(batch, new("warnings", r.Count, ChinaTime.Iso(ChinaTime.FromUnix(r.First)), ChinaTime.Iso(ChinaTime.FromUnix(r.Last)), Href("warnings")));
        }

        Aggregate(connection, transaction, "SELECT batch_id, COUNT(*), MIN(valid_from), MAX(valid_to) FROM reduction_entry WHERE batch_id > @a AND batch_id <= @b GROUP BY batch_id",
            afterBatch, through, (batch, count, first, last) => AddDataset(batch, new("reduction-lists", count, first as string, last as string, "/api/v1/warnings")));

        // Penalties: one event per decision version.
        var penaltyRows = new Dictionary<long, (int Count, string First, string Last)>();
        using (var command = Command(connection, transaction, """
                   SELECT v.batch_id, p.id, p.decision_number, v.version, v.party_name, v.decision_date FROM penalty_version v
                   JOIN penalty p ON p.id = v.penalty_id WHERE v.batch_id > @a AND v.batch_id <= @b ORDER BY v.batch_id, v.decision_date, p.id, v.version
                   """, afterBatch, through))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var batch = reader.GetInt64(0);
                var id = reader.GetInt64(1);
                var version = reader.Int(3);
                var date = reader.GetString(5);
                AddItem(batch, PushEventTypes.Penalty, PushJson.Serialize(new PenaltyChangedEvent(id, reader.GetString(2), version,
                    version > 1 ? "corrected" : "published", reader.GetString(4), date, "/api/v1/penalties/" + id.ToString(CultureInfo.InvariantCulture))));
                penaltyRows[batch] = penaltyRows.TryGetValue(batch, out var r)
                    ? (r.Count + 1, string.CompareOrdinal(date, r.First) < 0 ? date : r.First, string.CompareOrdinal(date, r.Last) > 0 ? date : r.Last)
                    : (1, date, date);
            }
        }

        foreach (var (batch, r) in penaltyRows)
        {
            AddDataset(batch, new("penalties", r.Count, r.First, r.Last, Href("penalties")));
        }

        // Plan progress: one event per report version.
        var planRows = new Dictionary<long, (int Count, string First, string Last)>();
        using (var command = Command(connection, transaction, """
                   SELECT v.batch_id, r.target_id, r.period, r.reporting_body, v.version, v.value, v.done FROM plan_report_version v
                   JOIN plan_report r ON r.id = v.report_id WHERE v.batch_id > @a AND v.batch_id <= @b ORDER BY v.batch_id, r.target_id, r.period, r.reporting_body, v.version
                   """, afterBatch, through))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var batch = reader.GetInt64(0);
                var target = reader.GetString(1);
                var period = reader.GetString(2);
                var version = reader.Int(4);
                AddItem(batch, PushEventTypes.PlanProgress, PushJson.Serialize(new PlanProgressChangedEvent(target, period, reader.GetString(3), version,
                    version > 1 ? "corrected" : "recorded", reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetInt64(6) != 0,
                    "/api/v1/plan/targets/" + Uri.EscapeDataString(target))));
                planRows[batch] = planRows.TryGetValue(batch, out var r)
                    ? (r.Count + 1, string.CompareOrdinal(period, r.First) < 0 ? period : r.First, string.CompareOrdinal(period, r.Last) > 0 ? period : r.Last)
                    : (1, period, period);
            }
        }

        foreach (var (batch, r) in planRows)
        {
            AddDataset(batch, new("plan-progress", r.Count, r.First, r.Last, "/api/v1/plan/targets"));
        }

        // The key-polluter datasets: counts and, where they have one, the range of their dates. Each recomputes the audit.
        Aggregate(connection, transaction, "SELECT batch_id, COUNT(*), NULL, NULL FROM enterprise_version WHERE batch_id > @a AND batch_id <= @b GROUP BY batch_id",
            afterBatch, through, (batch, count, _, _) => AddDataset(batch, new("enterprises", count, null, null, Href("enterprises"))));
        Aggregate(connection, transaction, "SELECT batch_id, COUNT(*), MIN(filed_date), MAX(filed_date) FROM disclosure_version WHERE batch_id > @a AND batch_id <= @b GROUP BY batch_id",
            afterBatch, through, (batch, count, first, last) => AddDataset(batch, new("disclosures", count, first as string, last as string, Href("disclosures"))));
        Aggregate(connection, transaction, "SELECT batch_id, COUNT(*), MIN(statement_date), MAX(statement_date) FROM enterprise_statement_version WHERE batch_id > @a AND batch_id <= @b GROUP BY batch_id",
            afterBatch, through, (batch, count, first, last) => AddDataset(batch, new("statements", count, first as string, last as string, Href("statements"))));
        Aggregate(connection, transaction, "SELECT batch_id, COUNT(*), MIN(sampling_date), MAX(sampling_date) FROM manual_result_version WHERE batch_id > @a AND batch_id <= @b GROUP BY batch_id",
            afterBatch, through, (batch, count, first, last) => AddDataset(batch, new("manual-monitoring", count, first as string, last as string, Href("manual-monitoring"))));

        // CEMS hours (HJ 212): their version table has no batch column, so the log's leaves say which batch wrote which
        // outlet-hour; the id's last part is the DataTime as sent (local time, yyyyMMddHHmmss).
        var cemsRows = new Dictionary<long, (int Count, DateTimeOffset First, DateTimeOffset Last)>();
        using (var command = Command(connection, transaction,
                   $"SELECT batch_id, record_id FROM log_leaves WHERE kind = 'record' AND dataset = '{Infrastructure.Publication.PublishedDatasets.CemsHours.Name}' AND batch_id > @a AND batch_id <= @b",
                   afterBatch, through))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var recordId = reader.GetString(1);
                if (!DateTime.TryParseExact(recordId[(recordId.LastIndexOf('.') + 1)..], "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
                {
                    continue;
                }

                var time = new DateTimeOffset(local, ChinaTime.Offset);
                var batch = reader.GetInt64(0);
                cemsRows[batch] = cemsRows.TryGetValue(batch, out var r) ? (r.Count + 1, time < r.First ? time : r.First, time > r.Last ? time : r.Last) : (1, time, time);
            }
        }

        foreach (var (batch, r) in cemsRows)
        {
            AddDataset(batch, new("cems-hourly", r.Count, ChinaTime.Iso(r.First), ChinaTime.Iso(r.Last), Href("cems-hourly")));
            AddDataset(batch, new("cems-daily", null, AirQuality.Store.AirQualityStore.DateText(DateOnly.FromDateTime(r.First.DateTime)),
                AirQuality.Store.AirQualityStore.DateText(DateOnly.FromDateTime(r.Last.DateTime)), Href("cems-daily")));
        }

        var events = new List<PushEvent>();
        foreach (var (id, kind, finishedAt) in batches)
        {
            if (!datasets.TryGetValue(id, out var changed))
            {
                continue;
            }

            if (changed.Exists(c => c.Dataset is "enterprises" or "disclosures" or "statements"))
            {
                changed.Add(new("audit", null, null, null, Href("audit")));
            }

            var at = finishedAt is not null && DateTimeOffset.TryParse(finishedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t.ToOffset(ChinaTime.Offset) : (DateTimeOffset?)null;
            var seq = 0;
            events.Add(new PushEvent(id, seq++, PushEventTypes.Data, PushJson.Serialize(new DataChangedEvent(id, kind, at, changed, "/api/v1/imports"))));
            foreach (var (type, json) in items.TryGetValue(id, out var list) ? list : [])
            {
                events.Add(new PushEvent(id, seq++, type, json));
            }
        }

        transaction.Commit();
        return (events, through);
    }

    /// <summary>The data dictionary page of a dataset of the registry (throws for a name that is not registered: a typo here is a bug).</summary>
    private static string Href(string dataset) =>
        (Contract.Datasets.Find(dataset) ?? throw new InvalidOperationException($"dataset '{dataset}' is not in Contract/Datasets.cs")).Path;

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql, long after, long? through = null)
    {
        var command = connection.Command(transaction, sql, ("@a", after));
        if (through is { } b)
        {
            command.Add("@b", b);
        }

        return command;
    }

    private static void Aggregate(DbConnection connection, DbTransaction transaction, string sql, long after, long through, Action<long, int, object?, object?> row)
    {
        using var command = Command(connection, transaction, sql, after, through);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            row(reader.GetInt64(0), reader.Int(1), reader.IsDBNull(2) ? null : reader.GetValue(2), reader.IsDBNull(3) ? null : reader.GetValue(3));
        }
    }
}
