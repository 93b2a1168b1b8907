using System.Globalization;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Data;

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

    private const string WatermarkKey = "delivered_through_batch";

    private readonly Database _database;

    public DeliveryStore(Database database)
    {
        _database = database;
        // On PostgreSQL these tables are part of the migrated schema (PgSchemaV1).
        if (!database.Dialect.IsPostgres)
        {
            using var connection = database.Connect();
            Database.Execute(connection, SchemaSql);
        }
    }

    /// <summary>The last batch whose events were queued; set to <paramref name="initial"/> when there is none yet (a first start sends no history).</summary>
    public long Watermark(long initial)
    {
        using var connection = _database.Connect();
        connection.Execute(null, $"INSERT INTO push_state(key, value) VALUES ('{WatermarkKey}', @v) ON CONFLICT(key) DO NOTHING",
            ("@v", initial.ToString(CultureInfo.InvariantCulture)));
        return connection.Long(null, $"SELECT CAST(value AS BIGINT) FROM push_state WHERE key = '{WatermarkKey}'");
    }

    /// <summary>
    /// Queues deliveries (ignoring any already queued, by this or another replica: the unique (target, event_id) decides,
    /// on PostgreSQL too when two replicas insert at the same moment: the second waits for the first's commit, then skips)
    /// and moves the watermark up to <paramref name="throughBatch"/>. Every replica builds the rows in the same order
    /// (events in order, subscribers as configured), so two such transactions wait on each other's rows in one order and
    /// never deadlock.
    /// </summary>
    public int Enqueue(IReadOnlyList<(string Target, string Kind, string EventId, string EventType, string Body)> deliveries, long throughBatch, long nowMs)
    {
        using var connection = _database.Connect();
        using var transaction = connection.BeginTransaction();
        var added = 0;
        using (var insert = connection.Command(transaction, """
                   INSERT INTO push_delivery(target, kind, event_id, event_type, body, created_at, status, next_attempt_at)
                   VALUES (@t, @k, @e, @y, @b, @now, 'pending', @now) ON CONFLICT(target, event_id) DO NOTHING
                   """))
        {
            var target = insert.Add("@t");
            var kind = insert.Add("@k");
            var eventId = insert.Add("@e");
            var eventType = insert.Add("@y");
            var body = insert.Add("@b");
            insert.Add("@now", nowMs);
            foreach (var d in deliveries)
            {
                target.Value = d.Target;
                kind.Value = d.Kind;
                eventId.Value = d.EventId;
                eventType.Value = d.EventType;
                body.Value = d.Body;
                added += insert.ExecuteNonQuery();
            }
        }

        // The watermark only moves up, whichever replica writes it last.
        connection.Execute(transaction, $"""
            INSERT INTO push_state(key, value) VALUES ('{WatermarkKey}', @v)
                ON CONFLICT(key) DO UPDATE SET value = excluded.value WHERE CAST(excluded.value AS BIGINT) > CAST(push_state.value AS BIGINT)
            """, ("@v", throughBatch.ToString(CultureInfo.InvariantCulture)));
        transaction.Commit();
        return added;
    }

    /// <summary>
    /// Takes up to <paramref name="max"/> due deliveries for this worker until <paramref name="leaseUntilMs"/>. The outer
    /// WHERE repeats the subquery's conditions: on PostgreSQL, a replica whose UPDATE waited for another's lease re-checks
    /// them on the row the other committed (the IN list alone would not be re-evaluated), so a delivery is leased once.
    /// </summary>
    public List<Delivery> Claim(int max, long nowMs, long leaseUntilMs)
    {
        using var connection = _database.Connect();
        using var command = connection.Command(null, """
            UPDATE push_delivery SET lease_until = @lease
            WHERE id IN (SELECT id FROM push_delivery WHERE status = 'pending' AND next_attempt_at <= @now
                         AND (lease_until IS NULL OR lease_until < @now) ORDER BY next_attempt_at, id LIMIT @max)
              AND status = 'pending' AND next_attempt_at <= @now AND (lease_until IS NULL OR lease_until < @now)
            RETURNING id, target, kind, event_id, event_type, body, attempts, created_at
            """, ("@lease", leaseUntilMs), ("@now", nowMs), ("@max", max));
        var claimed = new List<Delivery>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            claimed.Add(new Delivery(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.Int(6), reader.GetInt64(7)));
        }

        return claimed;
    }

    /// <summary>Records one attempt and the delivery's new state (delivered, pending until <paramref name="nextAttemptMs"/>, or failed).</summary>
    public void Record(Delivery delivery, long atMs, int? status, string? error, long durationMs, string newStatus, long? nextAttemptMs)
    {
        using var connection = _database.Connect();
        using var transaction = connection.BeginTransaction();
        var attempt = delivery.Attempts + 1;
        connection.Execute(transaction, """
            INSERT INTO push_attempt(delivery_id, attempt, at, status, error, duration_ms) VALUES (@d, @n, @at, @s, @e, @ms)
                ON CONFLICT(delivery_id, attempt) DO UPDATE SET at = excluded.at, status = excluded.status, error = excluded.error, duration_ms = excluded.duration_ms
            """, ("@d", delivery.Id), ("@n", (long)attempt), ("@at", atMs), ("@s", (long?)status), ("@e", error), ("@ms", durationMs));
        // Null parameters only where the column gives them a type (PostgreSQL cannot infer the type of a bare NULL).
        connection.Execute(transaction, """
            UPDATE push_delivery SET attempts = @n, status = @st, next_attempt_at = COALESCE(@next, next_attempt_at), lease_until = NULL,
                last_status = @s, last_error = @e, delivered_at = CASE WHEN @st = 'delivered' THEN @at ELSE delivered_at END
            WHERE id = @d
            """, ("@n", (long)attempt), ("@st", newStatus), ("@next", nextAttemptMs), ("@s", (long?)status), ("@e", error), ("@at", atMs), ("@d", delivery.Id));
        transaction.Commit();
    }

    /// <summary>The newest deliveries first, optionally of one status, with their attempts.</summary>
    public (List<DeliveryDto> Page, int Found) List(string? status, int offset, int limit)
    {
        using var connection = _database.Connect();
        // The filter is added only when given: a NULL parameter has no type PostgreSQL could infer.
        var where = status is null ? "" : " WHERE status = @st";
        (string, object?)[] filter = status is null ? [] : [("@st", status)];
        var found = checked((int)connection.Long(null, "SELECT COUNT(*) FROM push_delivery" + where, filter));
        var rows = new List<DeliveryDto>();
        using (var command = connection.Command(null, $"""
                   SELECT id, kind, target, event_id, event_type, status, attempts, created_at, next_attempt_at, delivered_at, last_status, last_error
                   FROM push_delivery{where} ORDER BY id DESC LIMIT @l OFFSET @o
                   """, [.. filter, ("@l", limit), ("@o", offset)]))
        using (var r = command.ExecuteReader())
        {
            while (r.Read())
            {
                var st = r.GetString(5);
                rows.Add(new DeliveryDto(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), st, r.Int(6),
                    Time(r.GetInt64(7)), st == Pending ? Time(r.GetInt64(8)) : null, r.IsDBNull(9) ? null : Time(r.GetInt64(9)),
                    r.IntOrNull(10), r.StringOrNull(11), []));
            }
        }

        // Read to the end before the next command: Npgsql runs one command at a time per connection.
        for (var i = 0; i < rows.Count; i++)
        {
            using var attempts = connection.Command(null, "SELECT attempt, at, status, error, duration_ms FROM push_attempt WHERE delivery_id = @d ORDER BY attempt",
                ("@d", rows[i].Id));
            using var r = attempts.ExecuteReader();
            var log = new List<DeliveryAttemptDto>();
            while (r.Read())
            {
                log.Add(new DeliveryAttemptDto(r.Int(0), Time(r.GetInt64(1)), r.IntOrNull(2), r.StringOrNull(3), r.GetInt64(4)));
            }

            rows[i] = rows[i] with { AttemptLog = log };
        }

        return (rows, found);
    }

    private static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).ToOffset(ChinaTime.Offset);
}
