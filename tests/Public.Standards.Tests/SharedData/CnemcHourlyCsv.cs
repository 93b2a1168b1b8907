using System.Globalization;

namespace Public.Standards.Tests.SharedData;

/// <summary>One station-hour of a CNEMC daily file: every published type ("AQI", "PM2.5", "SO2_24h", …) present.</summary>
internal sealed record CnemcStationHour(DateOnly Date, int Hour, string Station, IReadOnlyDictionary<string, decimal> Values)
{
    public decimal? this[string type] => Values.TryGetValue(type, out var v) ? v : null;
}

/// <summary>Reads the <c>date,hour,type,station…</c> layout of the china_sites files; blank cells are missing.</summary>
internal static class CnemcHourlyCsv
{
    public static IReadOnlyList<CnemcStationHour> Read(string path)
    {
        using var reader = new StreamReader(path);
        var header = (reader.ReadLine() ?? throw new InvalidDataException("Empty file.")).Split(',');
        var stations = header[3..];
        var byKey = new Dictionary<(DateOnly, int, string), Dictionary<string, decimal>>();

        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var cells = line.Split(',');
            var date = DateOnly.ParseExact(cells[0], "yyyyMMdd", CultureInfo.InvariantCulture);
            var hour = int.Parse(cells[1], CultureInfo.InvariantCulture);
            var type = cells[2];
            for (var i = 0; i < stations.Length; i++)
            {
                var cell = 3 + i < cells.Length ? cells[3 + i].Trim() : "";
                if (cell.Length == 0)
                {
                    continue;
                }

                var key = (date, hour, stations[i]);
                if (!byKey.TryGetValue(key, out var values))
                {
                    byKey[key] = values = [];
                }

                values[type] = decimal.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture);
            }
        }

        return byKey.Select(kv => new CnemcStationHour(kv.Key.Item1, kv.Key.Item2, kv.Key.Item3, kv.Value)).ToArray();
    }
}
