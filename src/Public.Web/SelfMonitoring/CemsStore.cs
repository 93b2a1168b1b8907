using System.Globalization;
using Microsoft.Data.Sqlite;
using Public.Web.Infrastructure;

namespace Public.Web.SelfMonitoring;

/// <summary>One stored hourly value of an outlet (CN 2061), exactly as the data logger sent it.</summary>
internal sealed record CemsValue(string Mn, string Pollutant, DateTime DataTime, decimal Value, decimal? Min, decimal? Max, string? Flag);

/// <summary>One version of an hourly value: what was sent, when it was recorded, from where, why it exists, and whether a later version replaced it.</summary>
internal sealed record CemsVersion(CemsValue Value, int Version, string RecordedAt, string Source, int? SourceLine, string? Reason, bool Superseded);

/// <summary>What writing one value did: a new hour, a new version of a known hour, or nothing (identical resend).</summary>
internal enum CemsWriteOutcome
{
    New,
    NewVersion,
    Unchanged,
}

/// <summary>
/// All SQL of the self-monitoring data: hourly values keyed by MN, pollutant code and DataTime. Values are kept as
/// decimal text, so what was sent is what is served. The table is append-only (triggers refuse UPDATE and DELETE):
/// a value resent for the same hour with a different value, min, max or flag is a new version (the first stays,
/// superseded, with the reason of the change); an identical resend adds nothing. Reads use the current version.
/// </summary>
internal sealed class CemsStore(Database database)
{
    public const string SchemaSql = """
        CREATE TABLE IF NOT EXISTS cems_hour_version (
            mn          TEXT NOT NULL,
            pollutant   TEXT NOT NULL,
            data_time   TEXT NOT NULL,
            version     INTEGER NOT NULL,
            value       TEXT NOT NULL,
            min         TEXT,
            max         TEXT,
            flag        TEXT,
            recorded_at TEXT NOT NULL,
            source      TEXT NOT NULL,
            source_line INTEGER,
            reason      TEXT,
            PRIMARY KEY (mn, pollutant, data_time, version)
        ) WITHOUT ROWID;
        CREATE TRIGGER IF NOT EXISTS cems_hour_version_no_update BEFORE UPDATE ON cems_hour_version BEGIN SELECT RAISE(ABORT, 'cems_hour_version is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS cems_hour_version_no_delete BEFORE DELETE ON cems_hour_version BEGIN SELECT RAISE(ABORT, 'cems_hour_version is append-only'); END;
        -- The current version of each hour: the one no later version replaces (one primary-key probe per row).
        CREATE VIEW IF NOT EXISTS cems_hour AS
            SELECT * FROM cems_hour_version h
            WHERE NOT EXISTS (SELECT 1 FROM cems_hour_version n
                              WHERE n.mn = h.mn AND n.pollutant = h.pollutant AND n.data_time = h.data_time AND n.version > h.version);
        """;

    public const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss";

    public Database Database => database;

    /// <summary>Hours with a value flagged N per month ("yyyy-MM") of one MN, pollutant and year.</summary>
    public Dictionary<string, int> ValidHoursByMonth(string mn, string pollutant, int year)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT substr(data_time, 1, 7), COUNT(*) FROM cems_hour
            WHERE mn = $mn AND pollutant = $p AND (flag = 'N' OR flag IS NULL) AND data_time >= $from AND data_time < $to
            GROUP BY 1
            """;
        command.Parameters.AddWithValue("$mn", mn);
        command.Parameters.AddWithValue("$p", pollutant);
        command.Parameters.AddWithValue("$from", year.ToString("D4", CultureInfo.InvariantCulture) + "-01-01");
        command.Parameters.AddWithValue("$to", (year + 1).ToString("D4", CultureInfo.InvariantCulture) + "-01-01");
        using var reader = command.ExecuteReader();
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        while (reader.Read())
        {
            result[reader.GetString(0)] = reader.GetInt32(1);
        }

        return result;
    }

    /// <summary>The current values of one MN and the given pollutants from <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive), in time order.</summary>
    public List<CemsValue> Series(string mn, IReadOnlyCollection<string> pollutants, DateTime from, DateTime to)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT mn, pollutant, data_time, value, min, max, flag FROM cems_hour
            WHERE mn = $mn AND pollutant IN (SELECT value FROM json_each($p)) AND data_time >= $from AND data_time < $to
            ORDER BY data_time, pollutant
            """;
        Bind(command, mn, pollutants, from, to);
        using var reader = command.ExecuteReader();
        var rows = new List<CemsValue>();
        while (reader.Read())
        {
            rows.Add(ReadValue(reader));
        }

        return rows;
    }

    /// <summary>
    /// Every version of the values of one MN and the given pollutants in a range, oldest first per hour; with
    /// <paramref name="changedOnly"/>, only the hours that have more than one version.
    /// </summary>
    public List<CemsVersion> Versions(string mn, IReadOnlyCollection<string> pollutants, DateTime from, DateTime to, bool changedOnly)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT h.mn, h.pollutant, h.data_time, h.value, h.min, h.max, h.flag, h.version, h.recorded_at, h.source, h.source_line, h.reason,
                   EXISTS (SELECT 1 FROM cems_hour_version n WHERE n.mn = h.mn AND n.pollutant = h.pollutant AND n.data_time = h.data_time AND n.version > h.version)
            FROM cems_hour_version h
            WHERE h.mn = $mn AND h.pollutant IN (SELECT value FROM json_each($p)) AND h.data_time >= $from AND h.data_time < $to
            {(changedOnly ? "AND EXISTS (SELECT 1 FROM cems_hour_version o WHERE o.mn = h.mn AND o.pollutant = h.pollutant AND o.data_time = h.data_time AND o.version <> h.version)" : "")}
            ORDER BY h.data_time, h.pollutant, h.version
            """;
        Bind(command, mn, pollutants, from, to);
        using var reader = command.ExecuteReader();
        var rows = new List<CemsVersion>();
        while (reader.Read())
        {
            rows.Add(new CemsVersion(ReadValue(reader), reader.GetInt32(7), reader.GetString(8), reader.GetString(9),
                reader.IsDBNull(10) ? null : reader.GetInt32(10), reader.IsDBNull(11) ? null : reader.GetString(11), reader.GetInt64(12) != 0));
        }

        return rows;
    }

    private static void Bind(SqliteCommand command, string mn, IReadOnlyCollection<string> pollutants, DateTime from, DateTime to)
    {
        command.Parameters.AddWithValue("$mn", mn);
        command.Parameters.AddWithValue("$p", System.Text.Json.JsonSerializer.Serialize(pollutants));
        command.Parameters.AddWithValue("$from", from.ToString(TimeFormat, CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$to", to.ToString(TimeFormat, CultureInfo.InvariantCulture));
    }

    private static CemsValue ReadValue(SqliteDataReader reader) => new(reader.GetString(0), reader.GetString(1),
        DateTime.ParseExact(reader.GetString(2), TimeFormat, CultureInfo.InvariantCulture),
        decimal.Parse(reader.GetString(3), CultureInfo.InvariantCulture),
        reader.IsDBNull(4) ? null : decimal.Parse(reader.GetString(4), CultureInfo.InvariantCulture),
        reader.IsDBNull(5) ? null : decimal.Parse(reader.GetString(5), CultureInfo.InvariantCulture),
        reader.IsDBNull(6) ? null : reader.GetString(6));
}

/// <summary>
/// Writes hourly values inside one transaction with prepared statements: looks up the current version of the
/// hour, and appends version 1, a new version with the reason of the change, or nothing when the value, min,
/// max and flag are the same (numerically: 100 and 100.0 are the same value).
/// </summary>
internal sealed class CemsWriter : IDisposable
{
    private readonly SqliteCommand _current;
    private readonly SqliteCommand _insert;
    private readonly string _recordedAt;

    public CemsWriter(SqliteConnection connection, SqliteTransaction transaction, string recordedAt)
    {
        _recordedAt = recordedAt;
        _current = connection.CreateCommand();
        _current.Transaction = transaction;
        _current.CommandText = "SELECT version, value, min, max, flag FROM cems_hour_version WHERE mn = $mn AND pollutant = $p AND data_time = $t ORDER BY version DESC LIMIT 1";
        foreach (var name in new[] { "$mn", "$p", "$t" })
        {
            _current.Parameters.Add(new SqliteParameter(name, null));
        }

        _current.Prepare();
        _insert = connection.CreateCommand();
        _insert.Transaction = transaction;
        _insert.CommandText = """
            INSERT INTO cems_hour_version(mn, pollutant, data_time, version, value, min, max, flag, recorded_at, source, source_line, reason)
            VALUES ($mn, $p, $t, $version, $v, $min, $max, $f, $at, $s, $l, $reason)
            """;
        foreach (var name in new[] { "$mn", "$p", "$t", "$version", "$v", "$min", "$max", "$f", "$at", "$s", "$l", "$reason" })
        {
            _insert.Parameters.Add(new SqliteParameter(name, null));
        }

        _insert.Prepare();
    }

    public int New { get; private set; }

    public int NewVersions { get; private set; }

    public int Unchanged { get; private set; }

    public CemsWriteOutcome Write(CemsValue v, string source, int? line)
    {
        var time = v.DataTime.ToString(CemsStore.TimeFormat, CultureInfo.InvariantCulture);
        _current.Parameters[0].Value = v.Mn;
        _current.Parameters[1].Value = v.Pollutant;
        _current.Parameters[2].Value = time;
        int version;
        string? reason;
        using (var reader = _current.ExecuteReader())
        {
            if (!reader.Read())
            {
                version = 1;
                reason = null;
            }
            else
            {
                version = reader.GetInt32(0) + 1;
                decimal? Number(int i) => reader.IsDBNull(i) ? null : decimal.Parse(reader.GetString(i), CultureInfo.InvariantCulture);
                reason = Changes(Number(1)!.Value, Number(2), Number(3), reader.IsDBNull(4) ? null : reader.GetString(4), v);
                if (reason is null)
                {
                    Unchanged++;
                    return CemsWriteOutcome.Unchanged;
                }
            }
        }

        Insert(v, time, version, source, line, reason);
        if (version == 1)
        {
            New++;
            return CemsWriteOutcome.New;
        }

        NewVersions++;
        return CemsWriteOutcome.NewVersion;
    }

    /// <summary>Appends version 1 without looking for an earlier one: only for seeding an empty store.</summary>
    public void InsertFirst(CemsValue v, string source)
    {
        Insert(v, v.DataTime.ToString(CemsStore.TimeFormat, CultureInfo.InvariantCulture), 1, source, null, null);
        New++;
    }

    private void Insert(CemsValue v, string time, int version, string source, int? line, string? reason)
    {
        var p = _insert.Parameters;
        p[0].Value = v.Mn;
        p[1].Value = v.Pollutant;
        p[2].Value = time;
        p[3].Value = version;
        p[4].Value = v.Value.ToString(CultureInfo.InvariantCulture);
        p[5].Value = (object?)v.Min?.ToString(CultureInfo.InvariantCulture) ?? DBNull.Value;
        p[6].Value = (object?)v.Max?.ToString(CultureInfo.InvariantCulture) ?? DBNull.Value;
        p[7].Value = (object?)v.Flag ?? DBNull.Value;
        p[8].Value = _recordedAt;
        p[9].Value = source;
        p[10].Value = (object?)line ?? DBNull.Value;
        p[11].Value = (object?)reason ?? DBNull.Value;
        _insert.ExecuteNonQuery();
    }

    /// <summary>What changed from the current version, e.g. "value 100 → 120; flag N → M"; null when nothing did.</summary>
    internal static string? Changes(decimal value, decimal? min, decimal? max, string? flag, CemsValue next)
    {
        var changes = new List<string>();
        static string Text(decimal? d) => d?.ToString(CultureInfo.InvariantCulture) ?? "blank";
        if (value != next.Value)
        {
            changes.Add($"value {Text(value)} → {Text(next.Value)}");
        }

        if (min != next.Min)
        {
            changes.Add($"min {Text(min)} → {Text(next.Min)}");
        }

        if (max != next.Max)
        {
            changes.Add($"max {Text(max)} → {Text(next.Max)}");
        }

        if (!string.Equals(flag, next.Flag, StringComparison.Ordinal))
        {
            changes.Add($"flag {flag ?? "blank"} → {next.Flag ?? "blank"}");
        }

        return changes.Count == 0 ? null : "resent with a different " + string.Join("; ", changes);
    }

    public void Dispose()
    {
        _current.Dispose();
        _insert.Dispose();
    }
}
