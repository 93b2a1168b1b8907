using System.Globalization;
using Microsoft.Data.Sqlite;
using Public.Web.Infrastructure;

namespace Public.Web.Push;

/// <summary>One queued notification: a signed webhook to a subscriber or a WebSub publish ping to the hub.</summary>
internal sealed record Delivery(long Id, string Target, string Kind, string EventId, string EventType, string Body, int Attempts, long CreatedAtMs);

/// <summary>One attempt of a delivery, as the log shows it.</summary>
internal sealed record DeliveryAttemptDto(int Attempt, DateTimeOffset At, int? Status, string? Error, long DurationMilliseconds);

/// <summary>A delivery with its attempts (<c>GET /api/v1/webhooks/deliveries</c>, operator only).</summary>
internal sealed record DeliveryDto(long Id, string Kind, string Target, string EventId, string EventType, string Status, int Attempts,
    DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt, DateTimeOffset? DeliveredAt, int? LastStatus, string? LastError,
    IReadOnlyList<DeliveryAttemptDto> AttemptLog);

/// <summary>
/// The persisted delivery queue and its log, in the store (operator state, not published data): a restart or a
/// crash loses no pending delivery, and replicas sharing the store enqueue each (target, event) once (a unique key)
/// and send it once (a lease taken by an UPDATE).
/// </summary>
internal sealed class DeliveryStore
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";

    private const string SchemaSql = """
        CREATE TABLE IF NOT EXISTS push_delivery (
            id              INTEGER PRIMARY KEY,
            target          TEXT NOT NULL,
            kind            TEXT NOT NULL,
            event_id        TEXT NOT NULL,
            event_type      TEXT NOT NULL,
            body            TEXT NOT NULL,
            created_at      INTEGER NOT NULL, -- Unix milliseconds
            status          TEXT NOT NULL,
            attempts        INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER NOT NULL,
            lease_until     INTEGER,
            last_status     INTEGER,
            last_error      TEXT,
            delivered_at    INTEGER,
            UNIQUE (target, event_id)
        );
        CREATE INDEX IF NOT EXISTS push_delivery_due ON push_delivery(status, next_attempt_at);
        CREATE TABLE IF NOT EXISTS push_attempt (
            delivery_id INTEGER NOT NULL REFERENCES push_delivery(id),
            attempt     INTEGER NOT NULL,
            at          INTEGER NOT NULL,
            status      INTEGER,
            error       TEXT,
            duration_ms INTEGER NOT NULL,
            PRIMARY KEY (delivery_id, attempt)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS push_state (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """;

    private static readonly string[] InsertParameters = ["$t", "$k", "$e", "$y", "$b", "$now"];

    private const string WatermarkKey = "delivered_through_batch";

    private readonly Database _database;

    public DeliveryStore(Database database)
    {
        _database = database;
        using var connection = database.Open();
        Database.Execute(connection, SchemaSql);
    }

    /// <summary>The last batch whose events were queued; set to <paramref name="initial"/> when there is none yet (a first start sends no history).</summary>
    public long Watermark(long initial)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"INSERT OR IGNORE INTO push_state(key, value) VALUES ('{WatermarkKey}', $v); SELECT CAST(value AS INTEGER) FROM push_state WHERE key = '{WatermarkKey}'";
        command.Parameters.AddWithValue("$v", initial.ToString(CultureInfo.InvariantCulture));
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Queues deliveries (ignoring any already queued, by this or another replica) and moves the watermark up to <paramref name="throughBatch"/>.</summary>
    public int Enqueue(IReadOnlyList<(string Target, string Kind, string EventId, string EventType, string Body)> deliveries, long throughBatch, long nowMs)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        var added = 0;
        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT OR IGNORE INTO push_delivery(target, kind, event_id, event_type, body, created_at, status, next_attempt_at)
                VALUES ($t, $k, $e, $y, $b, $now, 'pending', $now)
                """;
            var p = InsertParameters.Select(n => insert.Parameters.Add(n, SqliteType.Text)).ToArray();
            foreach (var d in deliveries)
            {
                p[0].Value = d.Target;
                p[1].Value = d.Kind;
                p[2].Value = d.EventId;
                p[3].Value = d.EventType;
                p[4].Value = d.Body;
                p[5].Value = nowMs;
                added += insert.ExecuteNonQuery();
            }
        }

        using (var mark = connection.CreateCommand())
        {
            mark.Transaction = transaction;
            mark.CommandText = $"""
                INSERT INTO push_state(key, value) VALUES ('{WatermarkKey}', $v)
                    ON CONFLICT(key) DO UPDATE SET value = CAST(MAX(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER)) AS TEXT)
                """;
            mark.Parameters.AddWithValue("$v", throughBatch.ToString(CultureInfo.InvariantCulture));
            mark.ExecuteNonQuery();
        }

        transaction.Commit();
        return added;
    }

    /// <summary>Takes up to <paramref name="max"/> due deliveries for this worker until <paramref name="leaseUntilMs"/>.</summary>
    public List<Delivery> Claim(int max, long nowMs, long leaseUntilMs)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE push_delivery SET lease_until = $lease
            WHERE id IN (SELECT id FROM push_delivery WHERE status = 'pending' AND next_attempt_at <= $now
                         AND (lease_until IS NULL OR lease_until < $now) ORDER BY next_attempt_at, id LIMIT $max)
            RETURNING id, target, kind, event_id, event_type, body, attempts, created_at
            """;
        command.Parameters.AddWithValue("$lease", leaseUntilMs);
        command.Parameters.AddWithValue("$now", nowMs);
        command.Parameters.AddWithValue("$max", max);
        var claimed = new List<Delivery>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            claimed.Add(new Delivery(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.GetInt32(6), reader.GetInt64(7)));
        }

        return claimed;
    }

    /// <summary>Records one attempt and the delivery's new state (delivered, pending until <paramref name="nextAttemptMs"/>, or failed).</summary>
    public void Record(Delivery delivery, long atMs, int? status, string? error, long durationMs, string newStatus, long? nextAttemptMs)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        var attempt = delivery.Attempts + 1;
        using (var log = connection.CreateCommand())
        {
            log.Transaction = transaction;
            log.CommandText = "INSERT OR REPLACE INTO push_attempt(delivery_id, attempt, at, status, error, duration_ms) VALUES ($d, $n, $at, $s, $e, $ms)";
            log.Parameters.AddWithValue("$d", delivery.Id);
            log.Parameters.AddWithValue("$n", attempt);
            log.Parameters.AddWithValue("$at", atMs);
            log.Parameters.AddWithValue("$s", (object?)status ?? DBNull.Value);
            log.Parameters.AddWithValue("$e", (object?)error ?? DBNull.Value);
            log.Parameters.AddWithValue("$ms", durationMs);
            log.ExecuteNonQuery();
        }

        using (var update = connection.CreateCommand())
        {
            update.Transaction = transaction;
            update.CommandText = """
                UPDATE push_delivery SET attempts = $n, status = $st, next_attempt_at = COALESCE($next, next_attempt_at), lease_until = NULL,
                    last_status = $s, last_error = $e, delivered_at = CASE WHEN $st = 'delivered' THEN $at ELSE delivered_at END
                WHERE id = $d
                """;
            update.Parameters.AddWithValue("$n", attempt);
            update.Parameters.AddWithValue("$st", newStatus);
            update.Parameters.AddWithValue("$next", (object?)nextAttemptMs ?? DBNull.Value);
            update.Parameters.AddWithValue("$s", (object?)status ?? DBNull.Value);
            update.Parameters.AddWithValue("$e", (object?)error ?? DBNull.Value);
            update.Parameters.AddWithValue("$at", atMs);
            update.Parameters.AddWithValue("$d", delivery.Id);
            update.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>The newest deliveries first, optionally of one status, with their attempts.</summary>
    public (List<DeliveryDto> Page, int Found) List(string? status, int offset, int limit)
    {
        using var connection = _database.Open();
        int found;
        using (var count = connection.CreateCommand())
        {
            count.CommandText = "SELECT COUNT(*) FROM push_delivery WHERE $st IS NULL OR status = $st";
            count.Parameters.AddWithValue("$st", (object?)status ?? DBNull.Value);
            found = Convert.ToInt32(count.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        var rows = new List<DeliveryDto>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT id, kind, target, event_id, event_type, status, attempts, created_at, next_attempt_at, delivered_at, last_status, last_error
                FROM push_delivery WHERE $st IS NULL OR status = $st ORDER BY id DESC LIMIT $l OFFSET $o
                """;
            command.Parameters.AddWithValue("$st", (object?)status ?? DBNull.Value);
            command.Parameters.AddWithValue("$l", limit);
            command.Parameters.AddWithValue("$o", offset);
            using var r = command.ExecuteReader();
            while (r.Read())
            {
                var st = r.GetString(5);
                rows.Add(new DeliveryDto(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), st, r.GetInt32(6),
                    Time(r.GetInt64(7)), st == Pending ? Time(r.GetInt64(8)) : null, r.IsDBNull(9) ? null : Time(r.GetInt64(9)),
                    r.IsDBNull(10) ? null : r.GetInt32(10), r.IsDBNull(11) ? null : r.GetString(11), []));
            }
        }

        for (var i = 0; i < rows.Count; i++)
        {
            using var attempts = connection.CreateCommand();
            attempts.CommandText = "SELECT attempt, at, status, error, duration_ms FROM push_attempt WHERE delivery_id = $d ORDER BY attempt";
            attempts.Parameters.AddWithValue("$d", rows[i].Id);
            using var r = attempts.ExecuteReader();
            var log = new List<DeliveryAttemptDto>();
            while (r.Read())
            {
                log.Add(new DeliveryAttemptDto(r.GetInt32(0), Time(r.GetInt64(1)), r.IsDBNull(2) ? null : r.GetInt32(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetInt64(4)));
            }

            rows[i] = rows[i] with { AttemptLog = log };
        }

        return (rows, found);
    }

    private static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).ToOffset(ChinaTime.Offset);
}
