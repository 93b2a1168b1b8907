using System.Globalization;

namespace Public.Web.Tests.SharedData;

/// <summary>
/// Facts read straight from a CNEMC hourly file (<c>date,hour,type,station…</c>), independently of the
/// importer: what a test expects is counted here, never taken from the code under test.
/// </summary>
internal sealed class CnemcCsvFacts
{
    private readonly Dictionary<(string Date, int Hour, string Type, string Station), decimal> _values = [];
    private readonly HashSet<(string Date, int Hour, string Station)> _stationHours = [];

    private CnemcCsvFacts(IReadOnlyList<string> stations)
    {
        Stations = stations;
    }

    /// <summary>The station codes of the header, in column order.</summary>
    public IReadOnlyList<string> Stations { get; }

    /// <summary>Non-empty lines after the header.</summary>
    public int DataLines { get; private set; }

    /// <summary>Cells (station columns) that hold something.</summary>
    public int NonBlankCells { get; private set; }

    /// <summary>Distinct (date, hour, station) with at least one non-blank value.</summary>
    public int StationHours => _stationHours.Count;

    public static CnemcCsvFacts Read(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].TrimStart('\uFEFF').Split(',');
        var facts = new CnemcCsvFacts(header[3..]);
        foreach (var line in lines.Skip(1))
        {
            if (line.Length == 0)
            {
                continue;
            }

            facts.DataLines++;
            var cells = line.Split(',');
            var hour = int.Parse(cells[1], CultureInfo.InvariantCulture);
            for (var i = 3; i < cells.Length; i++)
            {
                if (cells[i].Trim().Length == 0)
                {
                    continue;
                }

                facts.NonBlankCells++;
                facts._values[(cells[0], hour, cells[2], header[i])] = decimal.Parse(cells[i], NumberStyles.Float, CultureInfo.InvariantCulture);
                facts._stationHours.Add((cells[0], hour, header[i]));
            }
        }

        return facts;
    }

    /// <summary>The value of a type at a station for the hour labelled <paramref name="date"/> (YYYYMMDD) <paramref name="hour"/>:00.</summary>
    public decimal? Value(string date, int hour, string type, string station) =>
        _values.TryGetValue((date, hour, type, station), out var v) ? v : null;

    /// <summary>Whether the station has any value for that hour label.</summary>
    public bool HasHour(string date, int hour, string station) => _stationHours.Contains((date, hour, station));

    /// <summary>
    /// The 24 hour labels of natural day <paramref name="day"/> under the CNEMC convention (label = end of the
    /// averaging hour): D 01:00 … D 23:00, then D+1 00:00.
    /// </summary>
    public static IEnumerable<(string Date, int Hour, DateTimeOffset Label)> LabelsOfDay(DateOnly day)
    {
        var next = day.AddDays(1);
        for (var h = 1; h <= 24; h++)
        {
            var date = h == 24 ? next : day;
            var hour = h % 24;
            yield return (date.ToString("yyyyMMdd", CultureInfo.InvariantCulture), hour,
                new DateTimeOffset(date.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.FromHours(8)));
        }
    }
}
