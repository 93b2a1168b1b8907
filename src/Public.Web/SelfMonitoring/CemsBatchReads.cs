using System.Globalization;
using System.Text.Json;

namespace Public.Web.SelfMonitoring;

/// <summary>
/// Reads of the hourly self-monitoring table for many outlets in one statement each — what GraphQL (a page of N
/// enterprises) and the enterprise pages need so that N outlets cost one query, not N. The single-outlet reads
/// of REST stay in <see cref="CemsStore"/>; a parity test keeps both answering alike, so a change to the table
/// (e.g. versions) that is made there and not here fails that test.
/// </summary>
internal sealed class CemsBatchReads(CemsStore store)
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss";

    /// <summary>The values of the given MNs and pollutants from <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive), by MN then time.</summary>
    public List<CemsValue> Series(IReadOnlyCollection<string> mns, IReadOnlyCollection<string> pollutants, DateTime from, DateTime to)
    {
        using var connection = store.Database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT mn, pollutant, data_time, value, min, max, flag FROM cems_hour
            WHERE mn IN (SELECT value FROM json_each($mn)) AND pollutant IN (SELECT value FROM json_each($p)) AND data_time >= $from AND data_time < $to
            ORDER BY mn, data_time, pollutant
            """;
        command.Parameters.AddWithValue("$mn", JsonSerializer.Serialize(mns));
        command.Parameters.AddWithValue("$p", JsonSerializer.Serialize(pollutants));
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

    /// <summary>Hours with a value flagged N per MN, pollutant and month ("yyyy-MM") of one year.</summary>
    public Dictionary<(string Mn, string Pollutant), Dictionary<string, int>> ValidHoursByMonth(IReadOnlyCollection<string> mns, IReadOnlyCollection<string> pollutants, int year)
    {
        using var connection = store.Database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT mn, pollutant, substr(data_time, 1, 7), COUNT(*) FROM cems_hour
            WHERE mn IN (SELECT value FROM json_each($mn)) AND pollutant IN (SELECT value FROM json_each($p)) AND flag = 'N' AND data_time >= $from AND data_time < $to
            GROUP BY 1, 2, 3
            """;
        command.Parameters.AddWithValue("$mn", JsonSerializer.Serialize(mns));
        command.Parameters.AddWithValue("$p", JsonSerializer.Serialize(pollutants));
        command.Parameters.AddWithValue("$from", year.ToString("D4", CultureInfo.InvariantCulture) + "-01-01");
        command.Parameters.AddWithValue("$to", (year + 1).ToString("D4", CultureInfo.InvariantCulture) + "-01-01");
        using var reader = command.ExecuteReader();
        var result = new Dictionary<(string, string), Dictionary<string, int>>();
        while (reader.Read())
        {
            var key = (reader.GetString(0), reader.GetString(1));
            if (!result.TryGetValue(key, out var months))
            {
                result[key] = months = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            months[reader.GetString(2)] = reader.GetInt32(3);
        }

        return result;
    }

    /// <summary>The first and last DataTime stored per MN (MNs without data are left out).</summary>
    public Dictionary<string, (DateTime First, DateTime Last)> Spans(IReadOnlyCollection<string> mns)
    {
        using var connection = store.Database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT mn, MIN(data_time), MAX(data_time) FROM cems_hour WHERE mn IN (SELECT value FROM json_each($mn)) GROUP BY mn";
        command.Parameters.AddWithValue("$mn", JsonSerializer.Serialize(mns));
        using var reader = command.ExecuteReader();
        var result = new Dictionary<string, (DateTime, DateTime)>(StringComparer.Ordinal);
        while (reader.Read())
        {
            result[reader.GetString(0)] = (DateTime.ParseExact(reader.GetString(1), TimeFormat, CultureInfo.InvariantCulture),
                DateTime.ParseExact(reader.GetString(2), TimeFormat, CultureInfo.InvariantCulture));
        }

        return result;
    }
}
