using System.Text.Json;
using System.Data.Common;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Data;

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
/// filter), rewritten inside the same transaction, so reads stay one indexed lookup. The same SQL on SQLite and
/// PostgreSQL (content/docs/postgres.md).
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
    public static EnterpriseWriteOutcome Apply(DbConnection connection, DbTransaction transaction, Enterprise e, string source, int? line,
        long? batchId, string recordedAt)
    {
        e = e with { ListEntries = EnterpriseFile.Normalise(e.ListEntries) };
        var json = JsonSerializer.Serialize(e, Json);
        int version;
        string? reason = null;
        using (var current = connection.Command(transaction,
            "SELECT version, content_json FROM enterprise_version WHERE credit_code = @c ORDER BY version DESC LIMIT 1", ("@c", e.CreditCode)))
        using (var reader = current.ExecuteReader())
        {
            if (reader.Read())
            {
                if (reader.GetString(1) == json)
                {
                    return EnterpriseWriteOutcome.Unchanged;
                }

                version = reader.Int(0) + 1;
                reason = EnterpriseChanges.Describe(JsonSerializer.Deserialize<Enterprise>(reader.GetString(1), Json)!, e);
            }
            else
            {
                version = 1;
            }
        }

        connection.Execute(transaction, """
            INSERT INTO enterprise_version(credit_code, version, recorded_at, batch_id, source, source_line, reason, content_json)
            VALUES (@c, @v, @t, @b, @s, @l, @r, @j)
            """,
            ("@c", e.CreditCode), ("@v", version), ("@t", recordedAt), ("@b", batchId), ("@s", source), ("@l", line), ("@r", reason), ("@j", json));
        WriteCurrent(connection, transaction, e, source, recordedAt);
        return version == 1 ? EnterpriseWriteOutcome.New : EnterpriseWriteOutcome.NewVersion;
    }

    /// <summary>Every version of an enterprise, oldest first (empty for an unknown code).</summary>
    public List<EnterpriseVersion> Versions(string creditCode)
    {
        using var connection = database.Connect();
        using var command = connection.Command(null,
            "SELECT version, recorded_at, batch_id, source, source_line, reason, content_json FROM enterprise_version WHERE credit_code = @c ORDER BY version",
            ("@c", creditCode));
        using var reader = command.ExecuteReader();
        var rows = new List<EnterpriseVersion>();
        while (reader.Read())
        {
            rows.Add(new EnterpriseVersion(reader.Int(0), reader.GetString(1), reader.LongOrNull(2), reader.GetString(3), reader.IntOrNull(4),
                reader.StringOrNull(5), JsonSerializer.Deserialize<Enterprise>(reader.GetString(6), Json)!));
        }

        return rows;
    }

    /// <summary>Rewrites the current-state rows of an enterprise (derived from its latest version).</summary>
    private static void WriteCurrent(DbConnection connection, DbTransaction transaction, Enterprise e, string source, string recordedAt)
    {
        connection.Execute(transaction, "DELETE FROM enterprise_list_entry WHERE credit_code = @c", ("@c", e.CreditCode));
        connection.Execute(transaction, "DELETE FROM enterprise WHERE credit_code = @c", ("@c", e.CreditCode));
        connection.Execute(transaction, """
            INSERT INTO enterprise(credit_code, name, industry, district, address, latitude, longitude, permit_number, outlets_json, source, recorded_at)
            VALUES (@c, @n, @i, @d, @a, @lat, @lon, @p, @o, @s, @t)
            """,
            ("@c", e.CreditCode), ("@n", e.Name), ("@i", e.Industry), ("@d", e.District), ("@a", e.Address), ("@lat", e.Latitude), ("@lon", e.Longitude),
            ("@p", e.PermitNumber), ("@o", JsonSerializer.Serialize(e.Outlets, Json)), ("@s", source), ("@t", recordedAt));
        foreach (var entry in e.ListEntries.Distinct())
        {
            connection.Execute(transaction, "INSERT INTO enterprise_list_entry(credit_code, year, category) VALUES (@c, @y, @k)",
                ("@c", e.CreditCode), ("@y", entry.Year), ("@k", entry.Category));
        }
    }

    /// <summary>A page of enterprises matching the filter, ordered by credit code, and how many match in all.</summary>
    public List<Enterprise> List(string? district, string? industry, int? year, int offset, int limit, out int found)
    {
        // Only the filters given: a parameter that may be NULL has no type PostgreSQL could infer.
        var conditions = new List<string>();
        var parameters = new List<(string, object?)>();
        if (district is not null)
        {
            conditions.Add("e.district = @d");
            parameters.Add(("@d", district));
        }

        if (industry is not null)
        {
            conditions.Add("e.industry = @i");
            parameters.Add(("@i", industry));
        }

        if (year is not null)
        {
            conditions.Add("EXISTS (SELECT 1 FROM enterprise_list_entry l WHERE l.credit_code = e.credit_code AND l.year = @y)");
            parameters.Add(("@y", year));
        }

        var where = conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions);
        using var connection = database.Connect();
        found = checked((int)connection.Long(null, "SELECT COUNT(*) FROM enterprise e " + where, [.. parameters]));
        using var command = connection.Command(null, $"SELECT {Columns} FROM enterprise e {where} ORDER BY e.credit_code LIMIT @limit OFFSET @offset",
            [.. parameters, ("@limit", limit), ("@offset", offset)]);
        return ReadAll(connection, command);
    }

    public Enterprise? Get(string creditCode)
    {
        using var connection = database.Connect();
        using var command = connection.Command(null, $"SELECT {Columns} FROM enterprise e WHERE e.credit_code = @c", ("@c", creditCode));
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

    private static List<Enterprise> ReadAll(DbConnection connection, DbCommand command)
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
        var (codes, value) = StoreDialect.Of(connection).InTexts("credit_code", "@codes", rows.Select(r => r.CreditCode).ToList());
        using (var years = connection.Command(null, $"SELECT credit_code, year, category FROM enterprise_list_entry WHERE {codes} ORDER BY credit_code, year, category",
            ("@codes", value)))
        {
            using var reader = years.ExecuteReader();
            while (reader.Read())
            {
                var code = reader.GetString(0);
                if (!entries.TryGetValue(code, out var list))
                {
                    entries[code] = list = [];
                }

                list.Add(new ListEntry(reader.Int(1), reader.GetString(2)));
            }
        }

        return rows.Select(r => r with { ListEntries = entries.GetValueOrDefault(r.CreditCode) ?? [] }).ToList();
    }
}
