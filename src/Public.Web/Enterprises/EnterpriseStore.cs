using System.Text.Json;
using Microsoft.Data.Sqlite;
using Public.Web.Infrastructure;

namespace Public.Web.Enterprises;

/// <summary>One version of an enterprise: when it was recorded, by which import (batch, file, line), why, and its content.</summary>
public sealed record EnterpriseVersion(int Version, string RecordedAt, long? BatchId, string Source, int? SourceLine, string? Reason, Enterprise Enterprise);

/// <summary>What applying an enterprise did: a new enterprise, a new version of a known one, or nothing (identical).</summary>
internal enum EnterpriseWriteOutcome
{
    New,
    NewVersion,
    Unchanged,
}

/// <summary>
/// All SQL of the key-polluter registry. Every imported state of an enterprise (with its outlets and list entries)
/// is a row of <c>enterprise_version</c>, append-only (triggers refuse UPDATE and DELETE); a re-import with changes
/// adds a version whose reason names the changed fields, an identical one adds nothing. The current state is kept
/// in <c>enterprise</c> (one row per enterprise, outlets as JSON) and <c>enterprise_list_entry</c> (for the year
/// filter), rewritten inside the same transaction, so reads stay one indexed lookup.
/// </summary>
internal sealed class EnterpriseStore(Database database)
{
    public const string SchemaSql = """
        CREATE TABLE IF NOT EXISTS enterprise (
            credit_code   TEXT PRIMARY KEY,
            name          TEXT NOT NULL,
            industry      TEXT NOT NULL,
            district      TEXT NOT NULL,
            address       TEXT,
            latitude      REAL,
            longitude     REAL,
            permit_number TEXT,
            outlets_json  TEXT NOT NULL,
            source        TEXT NOT NULL,
            recorded_at   TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS enterprise_list_entry (
            credit_code TEXT NOT NULL REFERENCES enterprise(credit_code) ON DELETE CASCADE,
            year        INTEGER NOT NULL,
            category    TEXT NOT NULL,
            PRIMARY KEY (credit_code, year, category)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS enterprise_list_entry_year ON enterprise_list_entry(year);
        CREATE TABLE IF NOT EXISTS enterprise_version (
            credit_code  TEXT NOT NULL,
            version      INTEGER NOT NULL,
            recorded_at  TEXT NOT NULL,
            batch_id     INTEGER REFERENCES import_batch(id),
            source       TEXT NOT NULL,
            source_line  INTEGER,
            reason       TEXT,
            content_json TEXT NOT NULL,
            PRIMARY KEY (credit_code, version)
        ) WITHOUT ROWID;
        CREATE TRIGGER IF NOT EXISTS enterprise_version_no_update BEFORE UPDATE ON enterprise_version BEGIN SELECT RAISE(ABORT, 'enterprise_version is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS enterprise_version_no_delete BEFORE DELETE ON enterprise_version BEGIN SELECT RAISE(ABORT, 'enterprise_version is append-only'); END;
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Database Database => database;

    /// <summary>
    /// Records an enterprise as read from a file (inside the caller's transaction): version 1 when new, a new version
    /// with the changed fields as reason when it differs from the current version, nothing when identical.
    /// </summary>
    public static EnterpriseWriteOutcome Apply(SqliteConnection connection, SqliteTransaction transaction, Enterprise e, string source, int? line,
        long? batchId, string recordedAt)
    {
        e = e with { ListEntries = EnterpriseFile.Normalise(e.ListEntries) };
        var json = JsonSerializer.Serialize(e, Json);
        int version;
        string? reason = null;
        using (var current = connection.CreateCommand())
        {
            current.Transaction = transaction;
            current.CommandText = "SELECT version, content_json FROM enterprise_version WHERE credit_code = $c ORDER BY version DESC LIMIT 1";
            current.Parameters.AddWithValue("$c", e.CreditCode);
            using var reader = current.ExecuteReader();
            if (reader.Read())
            {
                if (reader.GetString(1) == json)
                {
                    return EnterpriseWriteOutcome.Unchanged;
                }

                version = reader.GetInt32(0) + 1;
                reason = EnterpriseChanges.Describe(JsonSerializer.Deserialize<Enterprise>(reader.GetString(1), Json)!, e);
            }
            else
            {
                version = 1;
            }
        }

        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO enterprise_version(credit_code, version, recorded_at, batch_id, source, source_line, reason, content_json)
                VALUES ($c, $v, $t, $b, $s, $l, $r, $j)
                """;
            insert.Parameters.AddWithValue("$c", e.CreditCode);
            insert.Parameters.AddWithValue("$v", version);
            insert.Parameters.AddWithValue("$t", recordedAt);
            insert.Parameters.AddWithValue("$b", (object?)batchId ?? DBNull.Value);
            insert.Parameters.AddWithValue("$s", source);
            insert.Parameters.AddWithValue("$l", (object?)line ?? DBNull.Value);
            insert.Parameters.AddWithValue("$r", (object?)reason ?? DBNull.Value);
            insert.Parameters.AddWithValue("$j", json);
            insert.ExecuteNonQuery();
        }

        WriteCurrent(connection, transaction, e, source, recordedAt);
        return version == 1 ? EnterpriseWriteOutcome.New : EnterpriseWriteOutcome.NewVersion;
    }

    /// <summary>Every version of an enterprise, oldest first (empty for an unknown code).</summary>
    public List<EnterpriseVersion> Versions(string creditCode)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version, recorded_at, batch_id, source, source_line, reason, content_json FROM enterprise_version WHERE credit_code = $c ORDER BY version";
        command.Parameters.AddWithValue("$c", creditCode);
        using var reader = command.ExecuteReader();
        var rows = new List<EnterpriseVersion>();
        while (reader.Read())
        {
            rows.Add(new EnterpriseVersion(reader.GetInt32(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt64(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                JsonSerializer.Deserialize<Enterprise>(reader.GetString(6), Json)!));
        }

        return rows;
    }

    /// <summary>Rewrites the current-state rows of an enterprise (derived from its latest version).</summary>
    private static void WriteCurrent(SqliteConnection connection, SqliteTransaction transaction, Enterprise e, string source, string recordedAt)
    {
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM enterprise_list_entry WHERE credit_code = $c; DELETE FROM enterprise WHERE credit_code = $c";
            command.Parameters.AddWithValue("$c", e.CreditCode);
            command.ExecuteNonQuery();
        }

        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO enterprise(credit_code, name, industry, district, address, latitude, longitude, permit_number, outlets_json, source, recorded_at)
                VALUES ($c, $n, $i, $d, $a, $lat, $lon, $p, $o, $s, $t)
                """;
            command.Parameters.AddWithValue("$c", e.CreditCode);
            command.Parameters.AddWithValue("$n", e.Name);
            command.Parameters.AddWithValue("$i", e.Industry);
            command.Parameters.AddWithValue("$d", e.District);
            command.Parameters.AddWithValue("$a", (object?)e.Address ?? DBNull.Value);
            command.Parameters.AddWithValue("$lat", (object?)e.Latitude ?? DBNull.Value);
            command.Parameters.AddWithValue("$lon", (object?)e.Longitude ?? DBNull.Value);
            command.Parameters.AddWithValue("$p", (object?)e.PermitNumber ?? DBNull.Value);
            command.Parameters.AddWithValue("$o", JsonSerializer.Serialize(e.Outlets, Json));
            command.Parameters.AddWithValue("$s", source);
            command.Parameters.AddWithValue("$t", recordedAt);
            command.ExecuteNonQuery();
        }

        foreach (var entry in e.ListEntries.Distinct())
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO enterprise_list_entry(credit_code, year, category) VALUES ($c, $y, $k)";
            command.Parameters.AddWithValue("$c", e.CreditCode);
            command.Parameters.AddWithValue("$y", entry.Year);
            command.Parameters.AddWithValue("$k", entry.Category);
            command.ExecuteNonQuery();
        }
    }

    /// <summary>A page of enterprises matching the filter, ordered by credit code, and how many match in all.</summary>
    public List<Enterprise> List(string? district, string? industry, int? year, int offset, int limit, out int found)
    {
        using var connection = database.Open();
        const string Where = """
            WHERE ($d IS NULL OR e.district = $d) AND ($i IS NULL OR e.industry = $i)
              AND ($y IS NULL OR EXISTS (SELECT 1 FROM enterprise_list_entry l WHERE l.credit_code = e.credit_code AND l.year = $y))
            """;
        void Bind(SqliteCommand command)
        {
            command.Parameters.AddWithValue("$d", (object?)district ?? DBNull.Value);
            command.Parameters.AddWithValue("$i", (object?)industry ?? DBNull.Value);
            command.Parameters.AddWithValue("$y", (object?)year ?? DBNull.Value);
        }

        using (var count = connection.CreateCommand())
        {
            count.CommandText = "SELECT COUNT(*) FROM enterprise e " + Where;
            Bind(count);
            found = Convert.ToInt32(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM enterprise e {Where} ORDER BY e.credit_code LIMIT $limit OFFSET $offset";
        Bind(command);
        command.Parameters.AddWithValue("$limit", limit);
        command.Parameters.AddWithValue("$offset", offset);
        return ReadAll(connection, command);
    }

    public Enterprise? Get(string creditCode)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM enterprise e WHERE e.credit_code = $c";
        command.Parameters.AddWithValue("$c", creditCode);
        return ReadAll(connection, command).SingleOrDefault();
    }

    /// <summary>Every outlet with an HJ 212 MN, by MN (for matching packets to outlets).</summary>
    public Dictionary<string, (Enterprise Enterprise, Outlet Outlet)> OutletsByMn()
    {
        var result = new Dictionary<string, (Enterprise, Outlet)>(StringComparer.Ordinal);
        foreach (var e in List(null, null, null, 0, int.MaxValue, out _))
        {
            foreach (var o in e.Outlets.Where(o => o.Mn is not null))
            {
                result[o.Mn!] = (e, o);
            }
        }

        return result;
    }

    private const string Columns = "e.credit_code, e.name, e.industry, e.district, e.address, e.latitude, e.longitude, e.permit_number, e.outlets_json";

    private static List<Enterprise> ReadAll(SqliteConnection connection, SqliteCommand command)
    {
        var rows = new List<Enterprise>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                rows.Add(new Enterprise(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetDouble(5),
                    reader.IsDBNull(6) ? null : reader.GetDouble(6), reader.IsDBNull(7) ? null : reader.GetString(7), [],
                    JsonSerializer.Deserialize<List<Outlet>>(reader.GetString(8), Json) ?? []));
            }
        }

        if (rows.Count == 0)
        {
            return rows;
        }

        // The list years of the whole page in one statement.
        var entries = new Dictionary<string, List<ListEntry>>(StringComparer.Ordinal);
        using (var years = connection.CreateCommand())
        {
            years.CommandText = "SELECT credit_code, year, category FROM enterprise_list_entry WHERE credit_code IN (SELECT value FROM json_each($codes)) ORDER BY credit_code, year, category";
            years.Parameters.AddWithValue("$codes", JsonSerializer.Serialize(rows.Select(r => r.CreditCode)));
            using var reader = years.ExecuteReader();
            while (reader.Read())
            {
                var code = reader.GetString(0);
                if (!entries.TryGetValue(code, out var list))
                {
                    entries[code] = list = [];
                }

                list.Add(new ListEntry(reader.GetInt32(1), reader.GetString(2)));
            }
        }

        return rows.Select(r => r with { ListEntries = entries.GetValueOrDefault(r.CreditCode) ?? [] }).ToList();
    }
}
