using System.Globalization;
using Microsoft.Data.Sqlite;

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

        using (var connection = database.Open())
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
                database.SetMeta(DoneMetaKey, batch.StartedAt, batch.Connection, batch.Transaction);
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
    private static bool Unlogged(SqliteConnection connection, PublishedDataset d)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT (SELECT COUNT(*) FROM {d.Table}) > (SELECT COUNT(*) FROM log_leaves WHERE dataset = $d AND kind = 'record')";
        command.Parameters.AddWithValue("$d", d.Name);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) != 0;
    }

    /// <summary>
    /// Notes each unlogged version of a dataset in the publication's capture table, as the capture triggers note a
    /// written row, ordered by record and version: the pipeline then logs them like any other batch's rows.
    /// </summary>
    private static int Capture(PublicationBatch batch, int datasetIndex, PublishedDataset d)
    {
        var connection = batch.Connection;
        var logged = new HashSet<(string, long)>();
        using (var leaves = connection.CreateCommand())
        {
            leaves.Transaction = batch.Transaction;
            leaves.CommandText = "SELECT record_id, version FROM log_leaves WHERE dataset = $d AND kind = 'record'";
            leaves.Parameters.AddWithValue("$d", d.Name);
            using var reader = leaves.ExecuteReader();
            while (reader.Read())
            {
                logged.Add((reader.GetString(0), reader.GetInt64(1)));
            }
        }

        var parts = d.IdParts.Count;
        var keys = d.RecordKey.Count;
        using var versions = connection.CreateCommand();
        versions.Transaction = batch.Transaction;
        versions.CommandText = $"SELECT {string.Join(", ", d.IdParts)}, t.version, {string.Join(", ", d.RecordKey.Select(k => "t." + k))} FROM {d.Table} t {d.Join} " +
            $"ORDER BY {string.Join(", ", d.RecordKey.Select(k => "t." + k))}, t.version";
        using var note = connection.CreateCommand();
        note.Transaction = batch.Transaction;
        note.CommandText = $"INSERT INTO temp.pub_capture (ds, {string.Join(", ", Enumerable.Range(0, keys).Select(k => "k" + k))}, v) " +
            $"VALUES ({datasetIndex.ToString(CultureInfo.InvariantCulture)}, {string.Join(", ", Enumerable.Range(0, keys).Select(k => "$k" + k))}, $v)";
        var keyParameters = Enumerable.Range(0, keys).Select(k => note.Parameters.Add(new SqliteParameter { ParameterName = "$k" + k })).ToList();
        var version = note.Parameters.Add(new SqliteParameter { ParameterName = "$v" });
        var values = new object?[parts];
        var count = 0;
        using var rows = versions.ExecuteReader();
        while (rows.Read())
        {
            for (var i = 0; i < parts; i++)
            {
                values[i] = rows.IsDBNull(i) ? null : rows.GetValue(i);
            }

            var v = rows.GetInt64(parts);
            if (logged.Contains((RecordIds.Of(values), v)))
            {
                continue;
            }

            for (var k = 0; k < keys; k++)
            {
                keyParameters[k].Value = rows.GetValue(parts + 1 + k);
            }

            version.Value = v;
            note.ExecuteNonQuery();
            count++;
        }

        return count;
    }
}
