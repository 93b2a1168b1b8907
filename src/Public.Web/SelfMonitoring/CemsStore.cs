using System.Globalization;
using Microsoft.Data.Sqlite;
using Public.Web.Infrastructure;

namespace Public.Web.SelfMonitoring;

/// <summary>One stored hourly value of an outlet (CN 2061), exactly as the data logger sent it.</summary>
internal sealed record CemsValue(string Mn, string Pollutant, DateTime DataTime, decimal Value, decimal? Min, decimal? Max, string? Flag);

/// <summary>
/// All SQL of the self-monitoring data: hourly values keyed by MN, pollutant code and DataTime. Values are kept as
/// decimal text, so what was sent is what is served; a packet sent again for the same hour replaces the value.
/// </summary>
internal sealed class CemsStore(Database database)
{
    public const string SchemaSql = """
        CREATE TABLE IF NOT EXISTS cems_hour (
            mn         TEXT NOT NULL,
            pollutant  TEXT NOT NULL,
            data_time  TEXT NOT NULL,
            value      TEXT NOT NULL,
            min        TEXT,
            max        TEXT,
            flag       TEXT,
            source     TEXT NOT NULL,
            source_line INTEGER,
            PRIMARY KEY (mn, pollutant, data_time)
        ) WITHOUT ROWID;
        """;

    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss";

    public Database Database => database;

    public static void Upsert(SqliteConnection connection, SqliteTransaction transaction, CemsValue v, string source, int? line)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO cems_hour(mn, pollutant, data_time, value, min, max, flag, source, source_line) VALUES ($mn, $p, $t, $v, $min, $max, $f, $s, $l)
            ON CONFLICT(mn, pollutant, data_time) DO UPDATE SET value = excluded.value, min = excluded.min, max = excluded.max,
                flag = excluded.flag, source = excluded.source, source_line = excluded.source_line
            """;
        command.Parameters.AddWithValue("$mn", v.Mn);
        command.Parameters.AddWithValue("$p", v.Pollutant);
        command.Parameters.AddWithValue("$t", v.DataTime.ToString(TimeFormat, CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$v", v.Value.ToString(CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$min", (object?)v.Min?.ToString(CultureInfo.InvariantCulture) ?? DBNull.Value);
        command.Parameters.AddWithValue("$max", (object?)v.Max?.ToString(CultureInfo.InvariantCulture) ?? DBNull.Value);
        command.Parameters.AddWithValue("$f", (object?)v.Flag ?? DBNull.Value);
        command.Parameters.AddWithValue("$s", source);
        command.Parameters.AddWithValue("$l", (object?)line ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    /// <summary>Hours with a value flagged N per month ("yyyy-MM") of one MN, pollutant and year.</summary>
    public Dictionary<string, int> ValidHoursByMonth(string mn, string pollutant, int year)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT substr(data_time, 1, 7), COUNT(*) FROM cems_hour
            WHERE mn = $mn AND pollutant = $p AND flag = 'N' AND data_time >= $from AND data_time < $to
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

    /// <summary>The values of one MN and the given pollutants from <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive), in time order.</summary>
    public List<CemsValue> Series(string mn, IReadOnlyCollection<string> pollutants, DateTime from, DateTime to)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT mn, pollutant, data_time, value, min, max, flag FROM cems_hour
            WHERE mn = $mn AND pollutant IN (SELECT value FROM json_each($p)) AND data_time >= $from AND data_time < $to
            ORDER BY data_time, pollutant
            """;
        command.Parameters.AddWithValue("$mn", mn);
        command.Parameters.AddWithValue("$p", System.Text.Json.JsonSerializer.Serialize(pollutants));
        command.Parameters.AddWithValue("$from", from.ToString(TimeFormat, CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$to", to.ToString(TimeFormat, CultureInfo.InvariantCulture));
        using var reader = command.ExecuteReader();
        var rows = new List<CemsValue>();
        while (reader.Read())
        {
            rows.Add(new CemsValue(reader.GetString(0), reader.GetString(1),
                DateTime.ParseExact(reader.GetString(2), TimeFormat, CultureInfo.InvariantCulture),
                decimal.Parse(reader.GetString(3), CultureInfo.InvariantCulture),
                reader.IsDBNull(4) ? null : decimal.Parse(reader.GetString(4), CultureInfo.InvariantCulture),
                reader.IsDBNull(5) ? null : decimal.Parse(reader.GetString(5), CultureInfo.InvariantCulture),
                reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return rows;
    }
}
