using System.Data.Common;
using Public.Web.Infrastructure.Data;

namespace Public.Web.Infrastructure.Publication;

/// <summary>
/// The start-up step that brings a store from before the log into it: every record version in the published tables
/// that has no leaf (a store imported by an earlier release, whose records the store check reports as NotLogged) is
/// logged in one batch of kind <see cref="Kind"/>, through the one pipeline — record by record in version order, so
/// each leaf names the version before it. It runs once per store: the store remembers it (<see cref="DoneMetaKey"/>),
/// so that a row slipped into a table behind the pipeline's back later is reported by <c>verify --store</c> as never
/// logged, not laundered into the log by the next start. The batch's published-at is the time of the back-fill, not of the original import (the
/// import log, <c>/api/v1/imports</c>, keeps that).
/// </summary>
internal sealed class LogBackfill(Publisher publisher, ILogger<LogBackfill> logger)
{
    /// <summary>The batch kind (and the batch leaf's <c>source</c>).</summary>
    public const string Kind = "log-backfill";

    /// <summary>The store meta key set once the back-fill has run (or found nothing to log).</summary>
    public const string DoneMetaKey = "log_backfill";

    /// <summary>Logs every unlogged record version; returns how many it logged.</summary>
    public int Run()
    {
        var database = publisher.Database;
        if (database.GetMeta(DoneMetaKey) is not null)
        {
            return 0;
        }

        using (var connection = database.Connect())
        {
            if (!PublishedDatasets.All.Any(d => Unlogged(connection, d)))
            {
                database.SetMeta(DoneMetaKey, publisher.Now(), connection);
                return 0;
            }
        }

        var logged = publisher.Publish(Kind, publisher.Now(), batch =>
        {
            var count = 0;
            for (var i = 0; i < PublishedDatasets.All.Count; i++)
            {
                count += Capture(batch, i, PublishedDatasets.All[i]);
            }

            if (count == 0)
            {
                batch.Abandon();
            }
            else
            {
                batch.Count(0, count, 0, 0, 0, 0, 0);
                database.SetMeta(DoneMetaKey, batch.StartedAt, batch.StoreConnection, batch.StoreTransaction);
            }

            return count;
        });
        if (logged > 0 && logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Transparency log back-fill: {Count} record versions from before the log were logged in one batch", logged);
        }

        return logged;
    }

    /// <summary>Whether a dataset has more versions in its table than record leaves in the log (a cheap count, no ids built).</summary>
    private static bool Unlogged(DbConnection connection, PublishedDataset d) =>
        connection.Long(null, $"SELECT CASE WHEN (SELECT COUNT(*) FROM {d.Table}) > (SELECT COUNT(*) FROM log_leaves WHERE dataset = @d AND kind = 'record') THEN 1 ELSE 0 END",
            ("@d", d.Name)) != 0;

    /// <summary>
    /// Notes each unlogged version of a dataset in the publication's capture table, as the capture triggers note a
    /// written row, ordered by record and version: the pipeline then logs them like any other batch's rows. The versions
    /// are read before the first is noted (PostgreSQL runs one command at a time on a connection).
    /// </summary>
    private static int Capture(PublicationBatch batch, int datasetIndex, PublishedDataset d)
    {
        var (connection, transaction) = (batch.StoreConnection, batch.StoreTransaction);
        var logged = new HashSet<(string, long)>();
        using (var leaves = connection.Command(transaction, "SELECT record_id, version FROM log_leaves WHERE dataset = @d AND kind = 'record'", ("@d", d.Name)))
        using (var reader = leaves.ExecuteReader())
        {
            while (reader.Read())
            {
                logged.Add((reader.GetString(0), reader.GetInt64(1)));
            }
        }

        var parts = d.IdParts.Count;
        var keys = d.RecordKey.Count;
        var unlogged = new List<(object[] Key, long Version)>();
        using (var versions = connection.Command(transaction,
            $"SELECT {string.Join(", ", d.IdPartsFor(StoreDialect.Of(connection)))}, t.version, {string.Join(", ", d.RecordKey.Select(k => "t." + k))} FROM {d.Table} t {d.Join} " +
            $"ORDER BY {string.Join(", ", d.RecordKey.Select(k => "t." + k))}, t.version"))
        using (var rows = versions.ExecuteReader())
        {
            var values = new object?[parts];
            while (rows.Read())
            {
                for (var i = 0; i < parts; i++)
                {
                    values[i] = rows.IsDBNull(i) ? null : rows.GetValue(i);
                }

                var v = rows.GetInt64(parts);
                if (!logged.Contains((RecordIds.Of(values), v)))
                {
                    unlogged.Add((Enumerable.Range(0, keys).Select(k => rows.GetValue(parts + 1 + k)).ToArray(), v));
                }
            }
        }

        using var note = RecordCapture.Note(connection, transaction, datasetIndex, d);
        foreach (var (key, version) in unlogged)
        {
            note.Add(key, version);
        }

        return unlogged.Count;
    }
}
