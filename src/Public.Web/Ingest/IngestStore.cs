using System.Globalization;
using Microsoft.Data.Sqlite;
using Public.Web.Infrastructure;

namespace Public.Web.Ingest;

/// <summary>One scheduled run of a feed as stored.</summary>
internal sealed record IngestRunRow(long Id, string Feed, string Source, string Owner, string StartedAt, string? FinishedAt, string Status,
    int Checked, int NotModified, int Imported, int Unchanged, int Rejected, int Failed);

/// <summary>What a run did with one file that is worth recording (imported, rejected, failed, missing upstream).</summary>
internal sealed record IngestFileRow(long RunId, string Name, string Location, string Outcome, long? BatchId, string? Sha256, string? Reason, string At);

/// <summary>What the last request for a location answered, so the next one can be conditional and an identical body is not imported twice.</summary>
internal sealed record FetchState(string? ETag, string? LastModified, string? Sha256);

/// <summary>Per feed, what an operator needs to know: last good run, last failure with its reason.</summary>
internal sealed record IngestFeedState(string Feed, string? LastRunAt, string? LastSuccessAt, string? LastFailureAt, string? LastFailure, string? LastImportAt);

/// <summary>
/// The operational state of scheduled ingestion, in the same SQLite store as the data (so every replica sees it):
/// runs and the files they recorded, the validators of each fetched location (ETag, Last-Modified, SHA-256 of the
/// last body), the link of a published batch to the run and location it came from (written inside the
/// publication's own transaction), and the leases that keep two replicas off the same file. None of it is
/// published data: nothing here is logged or versioned.
/// </summary>
internal sealed class IngestStore(Database database, TimeProvider time)
{
    public const string SchemaSql = """
        CREATE TABLE IF NOT EXISTS ingest_run (
            id          INTEGER PRIMARY KEY,
            feed        TEXT NOT NULL,
            source      TEXT NOT NULL,
            owner       TEXT NOT NULL,
            started_at  TEXT NOT NULL,
            finished_at TEXT,
            status      TEXT NOT NULL,
            checked     INTEGER NOT NULL DEFAULT 0,
            not_modified INTEGER NOT NULL DEFAULT 0,
            imported    INTEGER NOT NULL DEFAULT 0,
            unchanged   INTEGER NOT NULL DEFAULT 0,
            rejected    INTEGER NOT NULL DEFAULT 0,
            failed      INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX IF NOT EXISTS ingest_run_feed ON ingest_run(feed, id);
        CREATE TABLE IF NOT EXISTS ingest_file (
            run_id   INTEGER NOT NULL,
            name     TEXT NOT NULL,
            location TEXT NOT NULL,
            outcome  TEXT NOT NULL,
            batch_id INTEGER,
            sha256   TEXT,
            reason   TEXT,
            at       TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ingest_file_run ON ingest_file(run_id);
        -- The batch a scheduled run published, and where its file came from (written in the batch's transaction).
        CREATE TABLE IF NOT EXISTS ingest_batch (
            batch_id INTEGER PRIMARY KEY,
            run_id   INTEGER NOT NULL,
            feed     TEXT NOT NULL,
            location TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS ingest_fetch (
            location      TEXT PRIMARY KEY,
            feed          TEXT NOT NULL,
            etag          TEXT,
            last_modified TEXT,
            sha256        TEXT,
            checked_at    TEXT NOT NULL,
            -- Set while the last attempt failed (a transient error): a CNEMC run goes back to that day until it is fetched.
            failed_at     TEXT
        );
        -- A lease per file: who may import it until when (Unix ms). Taken by compare-and-set, so two replicas never hold one.
        CREATE TABLE IF NOT EXISTS ingest_lease (
            key        TEXT PRIMARY KEY,
            owner      TEXT NOT NULL,
            expires_at INTEGER NOT NULL
        );
        """;

    private string Now() => ChinaTime.IsoUtc(time.GetUtcNow());

    // ---- leases ------------------------------------------------------------------------------------

    /// <summary>Takes (or renews) the lease on <paramref name="key"/> for <paramref name="owner"/> unless another owner holds an unexpired one.</summary>
    public bool TryAcquireLease(string key, string owner, TimeSpan duration)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO ingest_lease(key, owner, expires_at) VALUES ($k, $o, $e)
            ON CONFLICT(key) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
                WHERE ingest_lease.owner = excluded.owner OR ingest_lease.expires_at <= $now
            """;
        command.Parameters.AddWithValue("$k", key);
        command.Parameters.AddWithValue("$o", owner);
        command.Parameters.AddWithValue("$e", now + (long)duration.TotalMilliseconds);
        command.Parameters.AddWithValue("$now", now);
        return command.ExecuteNonQuery() == 1;
    }

    public void ReleaseLease(string key, string owner)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM ingest_lease WHERE key = $k AND owner = $o";
        command.Parameters.AddWithValue("$k", key);
        command.Parameters.AddWithValue("$o", owner);
        command.ExecuteNonQuery();
    }

    // ---- validators ---------------------------------------------------------------------------------

    public FetchState? Fetch(string location)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT etag, last_modified, sha256 FROM ingest_fetch WHERE location = $l";
        command.Parameters.AddWithValue("$l", location);
        using var reader = command.ExecuteReader();
        return reader.Read() ? new FetchState(Text(reader, 0), Text(reader, 1), Text(reader, 2)) : null;
    }

    public void SaveFetch(string feed, string location, FetchState state)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO ingest_fetch(location, feed, etag, last_modified, sha256, checked_at) VALUES ($l, $f, $e, $m, $s, $t)
            ON CONFLICT(location) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, sha256 = excluded.sha256,
                checked_at = excluded.checked_at, failed_at = NULL
            """;
        command.Parameters.AddWithValue("$l", location);
        command.Parameters.AddWithValue("$f", feed);
        command.Parameters.AddWithValue("$e", (object?)state.ETag ?? DBNull.Value);
        command.Parameters.AddWithValue("$m", (object?)state.LastModified ?? DBNull.Value);
        command.Parameters.AddWithValue("$s", (object?)state.Sha256 ?? DBNull.Value);
        command.Parameters.AddWithValue("$t", Now());
        command.ExecuteNonQuery();
    }

    /// <summary>Records that fetching <paramref name="location"/> failed (<paramref name="failed"/>) or answered (304, 404): a failed one is asked again.</summary>
    public void MarkFetch(string feed, string location, bool failed)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = failed
            ? """
              INSERT INTO ingest_fetch(location, feed, checked_at, failed_at) VALUES ($l, $f, $t, $t)
              ON CONFLICT(location) DO UPDATE SET failed_at = excluded.failed_at
              """
            : "UPDATE ingest_fetch SET failed_at = NULL, checked_at = $t WHERE location = $l AND failed_at IS NOT NULL";
        command.Parameters.AddWithValue("$l", location);
        command.Parameters.AddWithValue("$f", feed);
        command.Parameters.AddWithValue("$t", Now());
        command.ExecuteNonQuery();
    }

    /// <summary>The locations of <paramref name="feed"/> whose last fetch failed.</summary>
    public List<string> FailedLocations(string feed)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT location FROM ingest_fetch WHERE feed = $f AND failed_at IS NOT NULL ORDER BY location";
        command.Parameters.AddWithValue("$f", feed);
        using var reader = command.ExecuteReader();
        var locations = new List<string>();
        while (reader.Read())
        {
            locations.Add(reader.GetString(0));
        }

        return locations;
    }

    /// <summary>Whether a run of <paramref name="feed"/> already imported a file with exactly these bytes.</summary>
    public bool AlreadyImported(string feed, string sha256)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM ingest_file f JOIN ingest_run r ON r.id = f.run_id WHERE r.feed = $f AND f.sha256 = $s AND f.outcome = 'imported' LIMIT 1";
        command.Parameters.AddWithValue("$f", feed);
        command.Parameters.AddWithValue("$s", sha256);
        return command.ExecuteScalar() is not null;
    }

    // ---- runs ---------------------------------------------------------------------------------------

    public long StartRun(string feed, string source, string owner)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO ingest_run(feed, source, owner, started_at, status) VALUES ($f, $s, $o, $t, 'running') RETURNING id";
        command.Parameters.AddWithValue("$f", feed);
        command.Parameters.AddWithValue("$s", source);
        command.Parameters.AddWithValue("$o", owner);
        command.Parameters.AddWithValue("$t", Now());
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public void FinishRun(long id, RunCounts counts)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE ingest_run SET finished_at = $t, status = $st, checked = $c, not_modified = $nm, imported = $i, unchanged = $u, rejected = $r, failed = $fl
            WHERE id = $id
            """;
        command.Parameters.AddWithValue("$t", Now());
        command.Parameters.AddWithValue("$st", counts.Rejected + counts.Failed > 0 ? "failed" : "ok");
        command.Parameters.AddWithValue("$c", counts.Checked);
        command.Parameters.AddWithValue("$nm", counts.NotModified);
        command.Parameters.AddWithValue("$i", counts.Imported);
        command.Parameters.AddWithValue("$u", counts.Unchanged);
        command.Parameters.AddWithValue("$r", counts.Rejected);
        command.Parameters.AddWithValue("$fl", counts.Failed);
        command.Parameters.AddWithValue("$id", id);
        command.ExecuteNonQuery();
        if (counts.Imported + counts.Rejected + counts.Failed == 0)
        {
            // A run that found nothing new replaces this replica's idle run before it, so a quiet source keeps one row, not one per period.
            using var prune = connection.CreateCommand();
            prune.CommandText = """
                DELETE FROM ingest_run WHERE (feed, owner) = (SELECT feed, owner FROM ingest_run WHERE id = $id) AND id < $id
                    AND imported = 0 AND rejected = 0 AND failed = 0 AND finished_at IS NOT NULL
                    AND NOT EXISTS (SELECT 1 FROM ingest_file f WHERE f.run_id = ingest_run.id)
                """;
            prune.Parameters.AddWithValue("$id", id);
            prune.ExecuteNonQuery();
        }
    }

    public void RecordFile(long runId, string name, string location, string outcome, long? batchId, string? sha256, string? reason)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO ingest_file(run_id, name, location, outcome, batch_id, sha256, reason, at) VALUES ($r, $n, $l, $o, $b, $s, $why, $t)";
        command.Parameters.AddWithValue("$r", runId);
        command.Parameters.AddWithValue("$n", name);
        command.Parameters.AddWithValue("$l", location);
        command.Parameters.AddWithValue("$o", outcome);
        command.Parameters.AddWithValue("$b", (object?)batchId ?? DBNull.Value);
        command.Parameters.AddWithValue("$s", (object?)sha256 ?? DBNull.Value);
        command.Parameters.AddWithValue("$why", (object?)reason ?? DBNull.Value);
        command.Parameters.AddWithValue("$t", Now());
        command.ExecuteNonQuery();
    }

    /// <summary>Links a batch to the run and location it came from, inside the publication's transaction (so the link commits with the batch).</summary>
    public static void TagBatch(SqliteConnection connection, SqliteTransaction transaction, long batchId, long runId, string feed, string location)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT OR REPLACE INTO ingest_batch(batch_id, run_id, feed, location) VALUES ($b, $r, $f, $l)";
        command.Parameters.AddWithValue("$b", batchId);
        command.Parameters.AddWithValue("$r", runId);
        command.Parameters.AddWithValue("$f", feed);
        command.Parameters.AddWithValue("$l", location);
        command.ExecuteNonQuery();
    }

    /// <summary>The scheduled-run tags of the given batches (absent: the batch came from the CLI, the demo seeder or the listener).</summary>
    public IReadOnlyDictionary<long, (long Run, string Feed, string Location)> BatchTags(IReadOnlyCollection<long> batchIds)
    {
        var tags = new Dictionary<long, (long, string, string)>();
        if (batchIds.Count == 0)
        {
            return tags;
        }

        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT batch_id, run_id, feed, location FROM ingest_batch WHERE batch_id BETWEEN $a AND $b";
        command.Parameters.AddWithValue("$a", batchIds.Min());
        command.Parameters.AddWithValue("$b", batchIds.Max());
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            tags[reader.GetInt64(0)] = (reader.GetInt64(1), reader.GetString(2), reader.GetString(3));
        }

        return tags;
    }

    public List<(IngestRunRow Run, List<IngestFileRow> Files)> Runs(string? feed, int offset, int limit, out int total)
    {
        using var connection = database.Open();
        using (var count = connection.CreateCommand())
        {
            count.CommandText = "SELECT COUNT(*) FROM ingest_run WHERE $f IS NULL OR feed = $f";
            count.Parameters.AddWithValue("$f", (object?)feed ?? DBNull.Value);
            total = Convert.ToInt32(count.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        var runs = new List<(IngestRunRow, List<IngestFileRow>)>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT id, feed, source, owner, started_at, finished_at, status, checked, not_modified, imported, unchanged, rejected, failed
                FROM ingest_run WHERE $f IS NULL OR feed = $f ORDER BY id DESC LIMIT $l OFFSET $o
                """;
            command.Parameters.AddWithValue("$f", (object?)feed ?? DBNull.Value);
            command.Parameters.AddWithValue("$l", limit);
            command.Parameters.AddWithValue("$o", offset);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                runs.Add((new IngestRunRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), Text(reader, 5),
                    reader.GetString(6), reader.GetInt32(7), reader.GetInt32(8), reader.GetInt32(9), reader.GetInt32(10), reader.GetInt32(11), reader.GetInt32(12)), []));
            }
        }

        foreach (var (run, files) in runs)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT name, location, outcome, batch_id, sha256, reason, at FROM ingest_file WHERE run_id = $r ORDER BY rowid";
            command.Parameters.AddWithValue("$r", run.Id);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                files.Add(new IngestFileRow(run.Id, reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetInt64(3),
                    Text(reader, 4), Text(reader, 5), reader.GetString(6)));
            }
        }

        return runs;
    }

    public IngestFeedState State(string feed)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT MAX(finished_at) FROM ingest_run WHERE feed = $f),
                   (SELECT MAX(finished_at) FROM ingest_run WHERE feed = $f AND status = 'ok'),
                   (SELECT f.at || char(31) || f.name || ': ' || COALESCE(f.reason, f.outcome) FROM ingest_file f JOIN ingest_run r ON r.id = f.run_id
                     WHERE r.feed = $f AND f.outcome IN ('rejected', 'failed') ORDER BY f.rowid DESC LIMIT 1),
                   (SELECT MAX(f.at) FROM ingest_file f JOIN ingest_run r ON r.id = f.run_id WHERE r.feed = $f AND f.outcome = 'imported')
            """;
        command.Parameters.AddWithValue("$f", feed);
        using var reader = command.ExecuteReader();
        reader.Read();
        var failure = Text(reader, 2)?.Split('\u001f', 2);
        return new IngestFeedState(feed, Text(reader, 0), Text(reader, 1), failure?[0], failure?[1], Text(reader, 3));
    }

    /// <summary>Unix seconds of the end of the newest station-hour stored (null when there is none).</summary>
    public long? NewestStationHour()
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MAX(hour_end) FROM station_hour";
        return command.ExecuteScalar() is long v ? v : null;
    }

    /// <summary>When the air-quality data last changed: the recording time of the newest station-hour version (null when none).</summary>
    public DateTimeOffset? AirDataRecordedAt()
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MAX(recorded_at) FROM station_hour";
        return command.ExecuteScalar() is string t && DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at.ToOffset(ChinaTime.Offset) : null;
    }

    /// <summary>The newest outlet-hour of CEMS data stored (its DataTime, local time), or null.</summary>
    public DateTimeOffset? NewestCemsHour()
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MAX(data_time) FROM cems_hour_version";
        return command.ExecuteScalar() is long v
            && DateTime.TryParseExact(v.ToString(CultureInfo.InvariantCulture), "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? new DateTimeOffset(local, ChinaTime.Offset) : null;
    }

    private static string? Text(SqliteDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
}

/// <summary>What one run did, in counts.</summary>
internal sealed class RunCounts
{
    public int Checked { get; set; }

    public int NotModified { get; set; }

    public int Imported { get; set; }

    public int Unchanged { get; set; }

    public int Rejected { get; set; }

    public int Failed { get; set; }
}
