using System.Text.Json;
using Microsoft.Data.Sqlite;
using Public.Web.Infrastructure;

namespace Public.Web.Enterprises;

/// <summary>
/// All SQL of the key-polluter registry. An enterprise is one row keyed by its credit code, with its outlets as
/// JSON (they are always read with their enterprise) and its list years in their own table for the year filter.
/// A re-import of an enterprise replaces its row: the registry keeps the current state, not a version history.
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
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Database Database => database;

    /// <summary>Inserts or replaces an enterprise (inside the caller's transaction). Returns true when it was new.</summary>
    public static bool Upsert(SqliteConnection connection, SqliteTransaction transaction, Enterprise e, string source, string recordedAt)
    {
        bool existed;
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM enterprise WHERE credit_code = $c";
            command.Parameters.AddWithValue("$c", e.CreditCode);
            existed = command.ExecuteNonQuery() > 0;
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

        return !existed;
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
