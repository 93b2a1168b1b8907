using System.Data.Common;
using System.Globalization;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Data;

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
/// The operational state of scheduled ingestion, in the same store as the data (SQLite or PostgreSQL, so every replica sees it):
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

    /// <summary>
    /// Takes (or renews) the lease on <paramref name="key"/> for <paramref name="owner"/> unless another owner holds an
    /// unexpired one: one statement (compare-and-set), so two replicas racing for one file cannot both win — SQLite runs
    /// it under its write lock, PostgreSQL's ON CONFLICT DO UPDATE takes the conflicting row's lock and re-checks the
    /// WHERE against its committed values.
    /// </summary>
    public bool TryAcquireLease(string key, string owner, TimeSpan duration)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        using var connection = database.Connect();
        return connection.Execute(null, """
            INSERT INTO ingest_lease(key, owner, expires_at) VALUES (@k, @o, @e)
            ON CONFLICT(key) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
                WHERE ingest_lease.owner = excluded.owner OR ingest_lease.expires_at <= @now
            """, ("@k", key), ("@o", owner), ("@e", now + (long)duration.TotalMilliseconds), ("@now", now)) == 1;
    }

    public void ReleaseLease(string key, string owner)
    {
        using var connection = database.Connect();
        connection.Execute(null, "DELETE FROM ingest_lease WHERE key = @k AND owner = @o", ("@k", key), ("@o", owner));
    }

    // ---- validators ---------------------------------------------------------------------------------

    public FetchState? Fetch(string location)
    {
        using var connection = database.Connect();
        using var command = connection.Command(null, "SELECT etag, last_modified, sha256 FROM ingest_fetch WHERE location = @l", ("@l", location));
        using var reader = command.ExecuteReader();
        return reader.Read() ? new FetchState(reader.StringOrNull(0), reader.StringOrNull(1), reader.StringOrNull(2)) : null;
    }

    public void SaveFetch(string feed, string location, FetchState state)
    {
        using var connection = database.Connect();
        connection.Execute(null, """
            INSERT INTO ingest_fetch(location, feed, etag, last_modified, sha256, checked_at) VALUES (@l, @f, @e, @m, @s, @t)
            ON CONFLICT(location) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, sha256 = excluded.sha256,
                checked_at = excluded.checked_at, failed_at = NULL
            """, ("@l", location), ("@f", feed), ("@e", state.ETag), ("@m", state.LastModified), ("@s", state.Sha256), ("@t", Now()));
    }

    /// <summary>Records that fetching <paramref name="location"/> failed (<paramref name="failed"/>) or answered (304, 404): a failed one is asked again.</summary>
    public void MarkFetch(string feed, string location, bool failed)
    {
        using var connection = database.Connect();
        if (failed)
        {
            connection.Execute(null, """
                INSERT INTO ingest_fetch(location, feed, checked_at, failed_at) VALUES (@l, @f, @t, @t)
                ON CONFLICT(location) DO UPDATE SET failed_at = excluded.failed_at
                """, ("@l", location), ("@f", feed), ("@t", Now()));
        }
        else
        {
            connection.Execute(null, "UPDATE ingest_fetch SET failed_at = NULL, checked_at = @t WHERE location = @l AND failed_at IS NOT NULL",
                ("@l", location), ("@t", Now()));
        }
    }

    /// <summary>The locations of <paramref name="feed"/> whose last fetch failed.</summary>
    public List<string> FailedLocations(string feed)
    {
        using var connection = database.Connect();
        using var command = connection.Command(null, "SELECT location FROM ingest_fetch WHERE feed = @f AND failed_at IS NOT NULL ORDER BY location", ("@f", feed));
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
        using var connection = database.Connect();
        using var command = connection.Command(null,
            "SELECT 1 FROM ingest_file f JOIN ingest_run r ON r.id = f.run_id WHERE r.feed = @f AND f.sha256 = @s AND f.outcome = 'imported' LIMIT 1",
            ("@f", feed), ("@s", sha256));
        return command.ExecuteScalar() is not null;
    }

    // ---- runs ---------------------------------------------------------------------------------------

    public long StartRun(string feed, string source, string owner)
    {
        using var connection = database.Connect();
        return connection.Long(null, "INSERT INTO ingest_run(feed, source, owner, started_at, status) VALUES (@f, @s, @o, @t, 'running') RETURNING id",
            ("@f", feed), ("@s", source), ("@o", owner), ("@t", Now()));
    }

    public void FinishRun(long id, RunCounts counts)
    {
        using var connection = database.Connect();
        connection.Execute(null, """
            UPDATE ingest_run SET finished_at = @t, status = @st, checked = @c, not_modified = @nm, imported = @i, unchanged = @u, rejected = @r, failed = @fl
            WHERE id = @id
            """,
            ("@t", Now()), ("@st", counts.Rejected + counts.Failed > 0 ? "failed" : "ok"), ("@c", counts.Checked), ("@nm", counts.NotModified),
            ("@i", counts.Imported), ("@u", counts.Unchanged), ("@r", counts.Rejected), ("@fl", counts.Failed), ("@id", id));
        if (counts.Imported + counts.Rejected + counts.Failed == 0)
        {
            // A run that found nothing new replaces this replica's idle run before it, so a quiet source keeps one row, not one per period.
            connection.Execute(null, """
                DELETE FROM ingest_run WHERE (feed, owner) = (SELECT feed, owner FROM ingest_run WHERE id = @id) AND id < @id
                    AND imported = 0 AND rejected = 0 AND failed = 0 AND finished_at IS NOT NULL
                    AND NOT EXISTS (SELECT 1 FROM ingest_file f WHERE f.run_id = ingest_run.id)
                """, ("@id", id));
        }
    }

    public void RecordFile(long runId, string name, string location, string outcome, long? batchId, string? sha256, string? reason)
    {
        using var connection = database.Connect();
        connection.Execute(null, "INSERT INTO ingest_file(run_id, name, location, outcome, batch_id, sha256, reason, at) VALUES (@r, @n, @l, @o, @b, @s, @why, @t)",
            ("@r", runId), ("@n", name), ("@l", location), ("@o", outcome), ("@b", batchId), ("@s", sha256), ("@why", reason), ("@t", Now()));
    }

    /// <summary>Links a batch to the run and location it came from, inside the publication's transaction (so the link commits with the batch).</summary>
    public static void TagBatch(DbConnection connection, DbTransaction transaction, long batchId, long runId, string feed, string location) =>
        connection.Execute(transaction, """
            INSERT INTO ingest_batch(batch_id, run_id, feed, location) VALUES (@b, @r, @f, @l)
            ON CONFLICT(batch_id) DO UPDATE SET run_id = excluded.run_id, feed = excluded.feed, location = excluded.location
            """, ("@b", batchId), ("@r", runId), ("@f", feed), ("@l", location));

    /// <summary>The scheduled-run tags of the given batches (absent: the batch came from the CLI, the demo seeder or the listener).</summary>
    public IReadOnlyDictionary<long, (long Run, string Feed, string Location)> BatchTags(IReadOnlyCollection<long> batchIds)
    {
        var tags = new Dictionary<long, (long, string, string)>();
        if (batchIds.Count == 0)
        {
            return tags;
        }

        using var connection = database.Connect();
        using var command = connection.Command(null, "SELECT batch_id, run_id, feed, location FROM ingest_batch WHERE batch_id BETWEEN @a AND @b",
            ("@a", batchIds.Min()), ("@b", batchIds.Max()));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            tags[reader.GetInt64(0)] = (reader.GetInt64(1), reader.GetString(2), reader.GetString(3));
        }

        return tags;
    }

    public List<(IngestRunRow Run, List<IngestFileRow> Files)> Runs(string? feed, int offset, int limit, out int total)
    {
        using var connection = database.Connect();
        // Only the filters given: a NULL parameter has no type PostgreSQL could infer.
        var where = feed is null ? "" : " WHERE feed = @f";
        var filter = feed is null ? [] : new (string, object?)[] { ("@f", feed) };
        total = checked((int)connection.Long(null, "SELECT COUNT(*) FROM ingest_run" + where, filter));

        var runs = new List<(IngestRunRow, List<IngestFileRow>)>();
        using (var command = connection.Command(null, $"""
            SELECT id, feed, source, owner, started_at, finished_at, status, checked, not_modified, imported, unchanged, rejected, failed
            FROM ingest_run{where} ORDER BY id DESC LIMIT @l OFFSET @o
            """, [.. filter, ("@l", (long)limit), ("@o", (long)offset)]))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                runs.Add((new IngestRunRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.StringOrNull(5),
                    reader.GetString(6), reader.Int(7), reader.Int(8), reader.Int(9), reader.Int(10), reader.Int(11), reader.Int(12)), []));
            }
        }

        foreach (var (run, files) in runs)
        {
            // In the order the run recorded them: SQLite's rowid, on PostgreSQL the identity column of that name (migration 5).
            using var command = connection.Command(null, "SELECT name, location, outcome, batch_id, sha256, reason, at FROM ingest_file WHERE run_id = @r ORDER BY rowid",
                ("@r", run.Id));
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                files.Add(new IngestFileRow(run.Id, reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.LongOrNull(3),
                    reader.StringOrNull(4), reader.StringOrNull(5), reader.GetString(6)));
            }
        }

        return runs;
    }

    public IngestFeedState State(string feed)
    {
        using var connection = database.Connect();
        string? lastRun, lastSuccess, lastImport;
        using (var command = connection.Command(null, """
            SELECT (SELECT MAX(finished_at) FROM ingest_run WHERE feed = @f),
                   (SELECT MAX(finished_at) FROM ingest_run WHERE feed = @f AND status = 'ok'),
                   (SELECT MAX(f.at) FROM ingest_file f JOIN ingest_run r ON r.id = f.run_id WHERE r.feed = @f AND f.outcome = 'imported')
            """, ("@f", feed)))
        using (var reader = command.ExecuteReader())
        {
            reader.Read();
            (lastRun, lastSuccess, lastImport) = (reader.StringOrNull(0), reader.StringOrNull(1), reader.StringOrNull(2));
        }

        // The last file recorded as rejected or failed, with its reason.
        using var failure = connection.Command(null, """
            SELECT f.at, f.name, COALESCE(f.reason, f.outcome) FROM ingest_file f JOIN ingest_run r ON r.id = f.run_id
            WHERE r.feed = @f AND f.outcome IN ('rejected', 'failed') ORDER BY f.rowid DESC LIMIT 1
            """, ("@f", feed));
        using var failed = failure.ExecuteReader();
        return failed.Read()
            ? new IngestFeedState(feed, lastRun, lastSuccess, failed.GetString(0), failed.GetString(1) + ": " + failed.GetString(2), lastImport)
            : new IngestFeedState(feed, lastRun, lastSuccess, null, null, lastImport);
    }

    /// <summary>Unix seconds of the end of the newest station-hour stored (null when there is none).</summary>
    public long? NewestStationHour()
    {
        using var connection = database.Connect();
        using var command = connection.Command(null, "SELECT MAX(hour_end) FROM station_hour");
        return command.ExecuteScalar() is long v ? v : null;
    }

    /// <summary>
    /// When the air-quality data last changed: the recording time of the newest station-hour version (null when none).
    /// The maximum reads every version stored (the home page shows it: some 8 ms with half a year of five stations, and it
    /// grows with the table), so it is kept while the hours' signature stays the same: the rows of every day and their latest
    /// batch (<c>station_hour_day</c>, written in the same transaction as the hours; the table is append-only, so any new
    /// or corrected hour changes it). The signature is read first and on the same connection, so a kept time is never
    /// older than its signature.
    /// </summary>
    public DateTimeOffset? AirDataRecordedAt()
    {
        using var connection = database.Connect();
        using var signature = connection.Command(null, "SELECT CAST(COALESCE(SUM(rows), 0) AS BIGINT), COALESCE(MAX(max_batch), 0) FROM station_hour_day");
        (long Rows, long Batch) key;
        using (var r = signature.ExecuteReader())
        {
            r.Read();
            key = (r.GetInt64(0), r.GetInt64(1));
        }

        if (_airRecordedAt is { } kept && kept.Key == key)
        {
            return kept.At;
        }

        using var command = connection.Command(null, "SELECT MAX(recorded_at) FROM station_hour");
        DateTimeOffset? result = command.ExecuteScalar() is string t && DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at.ToOffset(ChinaTime.Offset) : null;
        _airRecordedAt = new AirRecorded(key, result);
        return result;
    }

    private sealed record AirRecorded((long Rows, long Batch) Key, DateTimeOffset? At);

    private volatile AirRecorded? _airRecordedAt;

    /// <summary>The newest outlet-hour of CEMS data stored (its DataTime, local time), or null.</summary>
    public DateTimeOffset? NewestCemsHour()
    {
        using var connection = database.Connect();
        using var command = connection.Command(null, "SELECT MAX(data_time) FROM cems_hour_version");
        return command.ExecuteScalar() is long v
            && DateTime.TryParseExact(v.ToString(CultureInfo.InvariantCulture), "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? new DateTimeOffset(local, ChinaTime.Offset) : null;
    }
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
