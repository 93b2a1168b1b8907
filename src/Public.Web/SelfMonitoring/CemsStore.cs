using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Data;

namespace Public.Web.SelfMonitoring;

/// <summary>One stored hourly value of an outlet (CN 2061), exactly as the data logger sent it.</summary>
internal sealed record CemsValue(string Mn, string Pollutant, DateTime DataTime, decimal Value, decimal? Min, decimal? Max, string? Flag);

/// <summary>One version of an hourly value: what was sent, when it was recorded, from where, why it exists, and whether a later version replaced it.</summary>
internal sealed record CemsVersion(CemsValue Value, int Version, string RecordedAt, string Source, int? SourceLine, string? Reason, bool Superseded);

/// <summary>What writing one outlet-hour did: a new hour, a new version of a known hour, or nothing (identical resend).</summary>
internal enum CemsWriteOutcome
{
    New,
    NewVersion,
    Unchanged,
}

/// <summary>
/// All SQL of the self-monitoring data. One row per outlet (MN) and DataTime holds every value of that hour (as the
/// data logger sends them, in one CN 2061 packet), kept as decimal text so that what was sent is what is served.
/// The table is append-only (triggers refuse UPDATE and DELETE): an hour resent with a different value, min, max or
/// flag of any pollutant is a new version (the first stays, superseded, with the reason of the change); an
/// identical resend adds nothing. Reads use the current version (view <c>cems_hour_current</c>; the name
/// <c>cems_hour</c> belonged to the earlier one-value-per-row table, which a database from before may still hold, unused).
/// The same SQL on SQLite and PostgreSQL (content/docs/postgres.md).
/// </summary>
internal sealed class CemsStore(Database database)
{
    public const string SchemaSql = """
        CREATE TABLE IF NOT EXISTS cems_hour_version (
            mn          TEXT NOT NULL,
            data_time   INTEGER NOT NULL, -- DataTime as sent, local time, as the number yyyyMMddHHmmss
            version     INTEGER NOT NULL,
            vals        TEXT NOT NULL,    -- code,value,min,max,flag;… sorted by code (blank = not sent)
            recorded_at TEXT NOT NULL,
            source      TEXT NOT NULL,
            source_line INTEGER,
            reason      TEXT,
            PRIMARY KEY (mn, data_time, version)
        ) WITHOUT ROWID;
        CREATE TRIGGER IF NOT EXISTS cems_hour_version_no_update BEFORE UPDATE ON cems_hour_version BEGIN SELECT RAISE(ABORT, 'cems_hour_version is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS cems_hour_version_no_delete BEFORE DELETE ON cems_hour_version BEGIN SELECT RAISE(ABORT, 'cems_hour_version is append-only'); END;
        -- The current version of each outlet-hour: the one no later version replaces (one primary-key probe per row).
        CREATE VIEW IF NOT EXISTS cems_hour_current AS
            SELECT * FROM cems_hour_version h
            WHERE NOT EXISTS (SELECT 1 FROM cems_hour_version n WHERE n.mn = h.mn AND n.data_time = h.data_time AND n.version > h.version);
        """;

    public Database Database => database;

    /// <summary>DataTime as stored: the number yyyyMMddHHmmss (compact, ordered like time).</summary>
    public static long Key(DateTime t) =>
        (((((((((t.Year * 100L) + t.Month) * 100L) + t.Day) * 100L) + t.Hour) * 100L) + t.Minute) * 100L) + t.Second;

    public static DateTime FromKey(long k) =>
        new((int)(k / 10_000_000_000L), (int)(k / 100_000_000L % 100), (int)(k / 1_000_000L % 100), (int)(k / 10_000L % 100), (int)(k / 100L % 100), (int)(k % 100));

    /// <summary>Hours with a value flagged N (or without a flag) per month ("yyyy-MM") of one MN, pollutant and year.</summary>
    public Dictionary<string, int> ValidHoursByMonth(string mn, string pollutant, int year)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var v in Series(mn, [pollutant], new DateTime(year, 1, 1), new DateTime(year + 1, 1, 1)).Where(v => v.Flag is null or "N"))
        {
            var key = string.Create(CultureInfo.InvariantCulture, $"{v.DataTime.Year:D4}-{v.DataTime.Month:D2}");
            result[key] = result.GetValueOrDefault(key) + 1;
        }

        return result;
    }

    /// <summary>The current values of one MN and the given pollutants from <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive), in time and code order.</summary>
    public List<CemsValue> Series(string mn, IReadOnlyCollection<string> pollutants, DateTime from, DateTime to)
    {
        using var connection = database.Connect();
        using var command = connection.Command(null, "SELECT data_time, vals FROM cems_hour_current WHERE mn = @mn AND data_time >= @from AND data_time < @to ORDER BY data_time",
            Range(mn, from, to));
        var wanted = pollutants as IReadOnlySet<string> ?? pollutants.ToHashSet(StringComparer.Ordinal);
        using var reader = command.ExecuteReader();
        var rows = new List<CemsValue>();
        while (reader.Read())
        {
            var time = FromKey(reader.GetInt64(0));
            rows.AddRange(CemsPacking.Unpack(mn, time, reader.GetString(1)).Where(v => wanted.Contains(v.Pollutant)));
        }

        return rows;
    }

    /// <summary>
    /// Every version of the values of one MN and the given pollutants in a range, oldest first per hour; with
    /// <paramref name="changedOnly"/>, only the hours that have more than one version.
    /// </summary>
    public List<CemsVersion> Versions(string mn, IReadOnlyCollection<string> pollutants, DateTime from, DateTime to, bool changedOnly)
    {
        using var connection = database.Connect();
        // The EXISTS as 0/1 (PostgreSQL's EXISTS is a boolean, SQLite's an integer).
        using var command = connection.Command(null, $"""
            SELECT h.data_time, h.vals, h.version, h.recorded_at, h.source, h.source_line, h.reason,
                   CAST(CASE WHEN EXISTS (SELECT 1 FROM cems_hour_version n WHERE n.mn = h.mn AND n.data_time = h.data_time AND n.version > h.version) THEN 1 ELSE 0 END AS BIGINT)
            FROM cems_hour_version h
            WHERE h.mn = @mn AND h.data_time >= @from AND h.data_time < @to
            {(changedOnly ? "AND EXISTS (SELECT 1 FROM cems_hour_version o WHERE o.mn = h.mn AND o.data_time = h.data_time AND o.version <> h.version)" : "")}
            ORDER BY h.data_time, h.version
            """, Range(mn, from, to));
        using var reader = command.ExecuteReader();
        var rows = new List<CemsVersion>();
        while (reader.Read())
        {
            var time = FromKey(reader.GetInt64(0));
            foreach (var v in CemsPacking.Unpack(mn, time, reader.GetString(1)).Where(v => pollutants.Contains(v.Pollutant)))
            {
                rows.Add(new CemsVersion(v, reader.Int(2), reader.GetString(3), reader.GetString(4), reader.IntOrNull(5), reader.StringOrNull(6),
                    reader.GetInt64(7) != 0));
            }
        }

        return rows.OrderBy(r => r.Value.DataTime).ThenBy(r => r.Value.Pollutant, StringComparer.Ordinal).ThenBy(r => r.Version).ToList();
    }

    private static (string, object?)[] Range(string mn, DateTime from, DateTime to) => [("@mn", mn), ("@from", Key(from)), ("@to", Key(to))];
}

/// <summary>The values of one outlet-hour as one text: <c>code,value,min,max,flag</c> per pollutant, sorted by code, joined by ';'.</summary>
internal static class CemsPacking
{
    public static string Pack(IEnumerable<CemsValue> values)
    {
        var text = new System.Text.StringBuilder(96);
        foreach (var v in values.OrderBy(v => v.Pollutant, StringComparer.Ordinal))
        {
            if (text.Length > 0)
            {
                text.Append(';');
            }

            text.Append(v.Pollutant).Append(',').Append(v.Value.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(v.Min?.ToString(CultureInfo.InvariantCulture)).Append(',').Append(v.Max?.ToString(CultureInfo.InvariantCulture)).Append(',').Append(v.Flag);
        }

        return text.ToString();
    }

    public static List<CemsValue> Unpack(string mn, DateTime time, string packed)
    {
        var values = new List<CemsValue>(6);
        foreach (var item in packed.Split(';'))
        {
            var f = item.Split(',');
            static decimal? Number(string s) => s.Length == 0 ? null : decimal.Parse(s, CultureInfo.InvariantCulture);
            values.Add(new CemsValue(mn, f[0], time, decimal.Parse(f[1], CultureInfo.InvariantCulture), Number(f[2]), Number(f[3]), f[4].Length == 0 ? null : f[4]));
        }

        return values;
    }
}

/// <summary>
/// Writes outlet-hours inside one transaction: looks up the current version of the hour, and appends version 1, a new
/// version (the current values with the resent ones replacing theirs, and the reason of the change), or nothing when
/// every resent value, min, max and flag is the same (numerically: 100 and 100.0 are the same value).
/// <para>
/// The rows go through <see cref="RowAppender"/> (on PostgreSQL kept and written by binary <c>COPY</c> in blocks, in the
/// order one INSERT each would give, so the publication's capture and the log are the same). The hours this writer
/// wrote answer the lookups of their own hours, so a file that sends an hour twice still makes a second version even
/// while its first row waits for the COPY. <see cref="WriteAll"/> looks up the current versions of a whole block of
/// packets in one query instead of one round trip a packet (the import of a file); <see cref="Write"/> looks up one
/// (the listener's one packet per publication). The caller calls <see cref="Flush"/> before its publication reads what
/// was written; rows left unflushed are dropped by <see cref="Dispose"/> (no I/O, so it never hides the exception that
/// ended a failed publication).
/// </para>
/// </summary>
internal sealed class CemsWriter : IDisposable
{
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly DbCommand _current;
    private readonly string _recordedAt;
    private readonly RowAppender _rows;

    // The current version of hours known without asking the store: looked up for the block being written (null: no
    // version yet) or written by this writer since. Cleared after each flush, which puts the rows in the store (where a
    // lookup finds them again), so it holds at most a block.
    private readonly Dictionary<(string Mn, long Time), (int Version, string Packed)?> _known = [];
    private int _unflushed;

    /// <param name="copy">
    /// On PostgreSQL, write new rows by COPY (the default) or by one INSERT each (the listener's one row per publication,
    /// and what the COPY path is tested against). SQLite always inserts.
    /// </param>
    public CemsWriter(DbConnection connection, DbTransaction transaction, string recordedAt, bool copy = true)
    {
        (_connection, _transaction, _recordedAt) = (connection, transaction, recordedAt);
        // Typed parameters, so that PostgreSQL can prepare the statement before the first value is bound.
        _current = connection.Command(transaction, "SELECT version, vals FROM cems_hour_version WHERE mn = @mn AND data_time = @t ORDER BY version DESC LIMIT 1");
        _current.Add("@mn", type: DbType.String);
        _current.Add("@t", type: DbType.Int64);
        _current.Prepare();
        _rows = new RowAppender(connection, transaction, "cems_hour_version", copy,
            ("mn", DbType.String), ("data_time", DbType.Int64), ("version", DbType.Int64), ("vals", DbType.String),
            ("recorded_at", DbType.String), ("source", DbType.String), ("source_line", DbType.Int64), ("reason", DbType.String));
    }

    /// <summary>Outlet-hours written for the first time.</summary>
    public int New { get; private set; }

    public int NewVersions { get; private set; }

    public int Unchanged { get; private set; }

    /// <summary>
    /// Writes the values of many packets (each all of one MN and DataTime) in order, as <see cref="Write"/> one by one
    /// would, with one query for the current versions of all their hours.
    /// </summary>
    public void WriteAll(IReadOnlyList<(IReadOnlyList<CemsValue> Values, int? Line)> packets, string source)
    {
        // The store must hold every row written so far, so that the one query sees them.
        Flush();
        var keys = packets.Select(p => (p.Values[0].Mn, CemsStore.Key(p.Values[0].DataTime))).Distinct().ToList();
        foreach (var key in keys)
        {
            _known[key] = null;
        }

        var dialect = StoreDialect.Of(_connection);
        using (var lookup = _connection.Command(_transaction, $"""
            SELECT h.mn, h.data_time, h.version, h.vals
            FROM {dialect.JsonArrayElements("@keys")} k {dialect.JoinInThisOrder} cems_hour_version h
                ON h.mn = k.value ->> 0 AND h.data_time = CAST(k.value ->> 1 AS BIGINT)
            """, ("@keys", JsonSerializer.Serialize(keys.Select(k => new object[] { k.Mn, k.Item2 })))))
        using (var reader = lookup.ExecuteReader())
        {
            while (reader.Read())
            {
                var key = (reader.GetString(0), reader.GetInt64(1));
                var version = reader.Int(2);
                if (_known[key] is not { } known || known.Version < version)
                {
                    _known[key] = (version, reader.GetString(3));
                }
            }
        }

        foreach (var (values, line) in packets)
        {
            Write(values, source, line);
        }
    }

    /// <summary>Writes the values of one packet: all of one MN and DataTime.</summary>
    public CemsWriteOutcome Write(IReadOnlyList<CemsValue> values, string source, int? line)
    {
        var mn = values[0].Mn;
        var time = values[0].DataTime;
        if (values.Any(v => v.Mn != mn || v.DataTime != time))
        {
            throw new ArgumentException("the values of one write are of one MN and DataTime", nameof(values));
        }

        var key = CemsStore.Key(time);
        List<CemsValue>? current = null;
        var version = 1;
        if (_known.TryGetValue((mn, key), out var known))
        {
            if (known is { } k)
            {
                version = k.Version + 1;
                current = CemsPacking.Unpack(mn, time, k.Packed);
            }
        }
        else
        {
            _current.Parameters[0].Value = mn;
            _current.Parameters[1].Value = key;
            using var reader = _current.ExecuteReader();
            if (reader.Read())
            {
                version = reader.Int(0) + 1;
                current = CemsPacking.Unpack(mn, time, reader.GetString(1));
            }
        }

        if (current is null)
        {
            Insert(mn, key, 1, CemsPacking.Pack(values), source, line, null);
            New++;
            return CemsWriteOutcome.New;
        }

        var changes = new List<string>();
        var merged = current.ToDictionary(v => v.Pollutant, StringComparer.Ordinal);
        foreach (var v in values)
        {
            if (!merged.TryGetValue(v.Pollutant, out var old))
            {
                changes.Add($"{v.Pollutant} added");
            }
            else if (Changes(old, v) is { } change)
            {
                changes.Add($"{v.Pollutant} {change}");
            }

            merged[v.Pollutant] = v;
        }

        if (changes.Count == 0)
        {
            Unchanged++;
            return CemsWriteOutcome.Unchanged;
        }

        Insert(mn, key, version, CemsPacking.Pack(merged.Values), source, line, "resent with a different " + string.Join("; ", changes));
        NewVersions++;
        return CemsWriteOutcome.NewVersion;
    }

    /// <summary>Appends version 1 of an outlet-hour without looking for an earlier one: only for seeding an empty store.</summary>
    public void InsertFirst(string mn, DateTime time, string packed, string source)
    {
        Insert(mn, CemsStore.Key(time), 1, packed, source, null, null);
        New++;
    }

    private void Insert(string mn, long time, int version, string packed, string source, int? line, string? reason)
    {
        _known[(mn, time)] = (version, packed);
        _rows.Add(mn, time, (long)version, packed, _recordedAt, source, line is { } l ? (long)l : null, reason);
        if (++_unflushed >= RowAppender.BlockRows)
        {
            Flush();
        }
    }

    /// <summary>What changed from the current value, e.g. "value 100 → 120, flag N → M"; null when nothing did.</summary>
    internal static string? Changes(CemsValue old, CemsValue next)
    {
        var changes = new List<string>();
        static string Text(decimal? d) => d?.ToString(CultureInfo.InvariantCulture) ?? "blank";
        if (old.Value != next.Value)
        {
            changes.Add($"value {Text(old.Value)} → {Text(next.Value)}");
        }

        if (old.Min != next.Min)
        {
            changes.Add($"min {Text(old.Min)} → {Text(next.Min)}");
        }

        if (old.Max != next.Max)
        {
            changes.Add($"max {Text(old.Max)} → {Text(next.Max)}");
        }

        if (!string.Equals(old.Flag, next.Flag, StringComparison.Ordinal))
        {
            changes.Add($"flag {old.Flag ?? "blank"} → {next.Flag ?? "blank"}");
        }

        return changes.Count == 0 ? null : string.Join(", ", changes);
    }

    /// <summary>Writes the rows kept for COPY (PostgreSQL); nothing to do on SQLite, whose rows are inserted as they come.</summary>
    public void Flush()
    {
        _rows.Flush();
        _known.Clear();
        _unflushed = 0;
    }

    public void Dispose()
    {
        _current.Dispose();
        _rows.Dispose();
    }
}
