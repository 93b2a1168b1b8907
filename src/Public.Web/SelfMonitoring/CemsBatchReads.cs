using System.Globalization;
using Public.Web.Infrastructure.Data;

namespace Public.Web.SelfMonitoring;

/// <summary>
/// Reads of the hourly self-monitoring store for many outlets in one statement each — what GraphQL (a page of N
/// enterprises) and the enterprise pages need so that N outlets cost one query, not N. The single-outlet reads
/// of REST stay in <see cref="CemsStore"/>; both read the current versions (<c>cems_hour_current</c>) and unpack
/// them with <see cref="CemsPacking"/>, and a parity test keeps them answering alike.
/// </summary>
internal sealed class CemsBatchReads(CemsStore store)
{
    /// <summary>The current values of the given MNs and pollutants from <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive), by MN, time and code.</summary>
    public List<CemsValue> Series(IReadOnlyCollection<string> mns, IReadOnlyCollection<string> pollutants, DateTime from, DateTime to)
    {
        using var connection = store.Database.Connect();
        var (inMns, value) = store.Database.Dialect.InTexts("mn", "@mn", mns);
        using var command = connection.Command(null, $"""
            SELECT mn, data_time, vals FROM cems_hour_current
            WHERE {inMns} AND data_time >= @from AND data_time < @to
            ORDER BY mn, data_time
            """, ("@mn", value), ("@from", CemsStore.Key(from)), ("@to", CemsStore.Key(to)));
        var wanted = pollutants.ToHashSet(StringComparer.Ordinal);
        using var reader = command.ExecuteReader();
        var rows = new List<CemsValue>();
        while (reader.Read())
        {
            rows.AddRange(CemsPacking.Unpack(reader.GetString(0), CemsStore.FromKey(reader.GetInt64(1)), reader.GetString(2)).Where(v => wanted.Contains(v.Pollutant)));
        }

        return rows;
    }

    /// <summary>Hours with a value flagged N (or sent without a flag, as <see cref="CemsStore.ValidHoursByMonth"/>) per MN, pollutant and month ("yyyy-MM") of one year.</summary>
    public Dictionary<(string Mn, string Pollutant), Dictionary<string, int>> ValidHoursByMonth(IReadOnlyCollection<string> mns, IReadOnlyCollection<string> pollutants, int year)
    {
        var result = new Dictionary<(string, string), Dictionary<string, int>>();
        foreach (var v in Series(mns, pollutants, new DateTime(year, 1, 1), new DateTime(year + 1, 1, 1)).Where(v => v.Flag is null or "N"))
        {
            var key = (v.Mn, v.Pollutant);
            if (!result.TryGetValue(key, out var months))
            {
                result[key] = months = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            var month = string.Create(CultureInfo.InvariantCulture, $"{v.DataTime.Year:D4}-{v.DataTime.Month:D2}");
            months[month] = months.GetValueOrDefault(month) + 1;
        }

        return result;
    }

    /// <summary>The first and last DataTime stored per MN (MNs without data are left out). Versions never remove an hour, so the version table gives the same span as the current values.</summary>
    public Dictionary<string, (DateTime First, DateTime Last)> Spans(IReadOnlyCollection<string> mns)
    {
        using var connection = store.Database.Connect();
        var (inMns, value) = store.Database.Dialect.InTexts("mn", "@mn", mns);
        using var command = connection.Command(null, $"SELECT mn, MIN(data_time), MAX(data_time) FROM cems_hour_version WHERE {inMns} GROUP BY mn", ("@mn", value));
        using var reader = command.ExecuteReader();
        var result = new Dictionary<string, (DateTime, DateTime)>(StringComparer.Ordinal);
        while (reader.Read())
        {
            result[reader.GetString(0)] = (CemsStore.FromKey(reader.GetInt64(1)), CemsStore.FromKey(reader.GetInt64(2)));
        }

        return result;
    }
}
