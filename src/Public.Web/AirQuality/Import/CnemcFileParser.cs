using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Public.Web.AirQuality.Stations;
using Public.Web.Infrastructure;

namespace Public.Web.AirQuality.Import;

/// <summary>A problem found in an input file: where (file, line, column or station) and why.</summary>
public sealed record ImportProblem(string File, int Line, string? Column, string Reason)
{
    public override string ToString() =>
        Column is null ? $"{File}:{Line}: {Reason}" : $"{File}:{Line} [{Column}]: {Reason}";
}

/// <summary>One station-hour read from a file: the 15 values (null = blank) and the first line it came from.</summary>
internal sealed record ParsedStationHour(string Station, long HourEndUnix, decimal?[] Values, int Line);

internal sealed record ParsedFile(
    string Path,
    string Name,
    string Sha256,
    int Rows,
    IReadOnlyList<ImportProblem> Problems,
    bool FatalProblem,
    IReadOnlyList<ParsedStationHour> StationHours,
    int RejectedRows);

/// <summary>
/// Reads one national-network hourly file (<c>date,hour,type,&lt;station codes…&gt;</c>, the widely mirrored
/// <c>china_sites_YYYYMMDD.csv</c> format): UTF-8 with or without BOM, blank = missing, hour 0–23 labelling
/// the end of the averaging hour. Only the columns of registry stations are read; the others (a national
/// file has ~1,600) are not ours to publish and are not validated.
/// </summary>
internal static class CnemcFileParser
{
    /// <summary>The national release has integers (CO one decimal); three decimals is the most the store keeps exactly.</summary>
    public const int MaxDecimals = 3;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <param name="name">How the file is named in problems, the import log and the versions' source.</param>
    public static ParsedFile Parse(string path, string name, StationRegistry registry, Action<string>? progress = null)
    {
        var problems = new List<ImportProblem>();
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add(new ImportProblem(name, 0, null, $"cannot read the file: {e.Message}"));
            return new ParsedFile(path, name, "", 0, problems, true, [], 0);
        }

        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            problems.Add(new ImportProblem(name, LineOfByte(bytes, e.Index), null, "the file is not valid UTF-8 (save it as UTF-8, with or without BOM)"));
            return new ParsedFile(path, name, sha, 0, problems, true, [], 0);
        }

        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        var lines = text.Split('\n');
        var header = lines[0].TrimEnd('\r').Split(',');
        if (!HeaderIsValid(header, name, problems))
        {
            return new ParsedFile(path, name, sha, 0, problems, true, [], 0);
        }

        // Column index → station code, for the registry's stations only.
        var selected = new List<(int Index, string Code)>();
        for (var i = 3; i < header.Length; i++)
        {
            var code = header[i].Trim();
            if (registry.Find(code) is { } station)
            {
                selected.Add((i, station.Code));
            }
        }

        var parsedRows = new List<(int Line, long HourEnd, int Type, decimal?[] Values)>();
        var firstLineOfKey = new Dictionary<(long, int), int>();
        var rejectedLines = new HashSet<int>();
        var rows = 0;
        for (var n = 1; n < lines.Length; n++)
        {
            var raw = lines[n].TrimEnd('\r');
            if (raw.Length == 0)
            {
                continue; // an empty line (usually the last) holds no data
            }

            var lineNo = n + 1;
            rows++;
            if (progress is not null && rows % 20_000 == 0)
            {
                progress($"  {name}: {rows:N0} rows read");
            }

            var fields = raw.Split(',');
            if (fields.Length != header.Length)
            {
                Reject(lineNo, null, $"expected {header.Length} fields as in the header, found {fields.Length}");
                continue;
            }

            if (!TryParseDate(fields[0], out var date))
            {
                Reject(lineNo, "date", $"date '{fields[0]}' does not parse (expected YYYYMMDD)");
                continue;
            }

            if (!int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var hour) || hour > 23)
            {
                Reject(lineNo, "hour", $"hour '{fields[1]}' is not a whole number from 0 to 23");
                continue;
            }

            var typeCode = fields[2].Trim();
            var type = PublishedTypes.IndexOf(typeCode);
            if (type < 0)
            {
                Reject(lineNo, "type", $"unknown type '{typeCode}' (expected one of {string.Join(", ", PublishedTypes.All.Select(t => t.Code))})");
                continue;
            }

            var hourEnd = ChinaTime.ToUnix(date, hour);
            if (firstLineOfKey.TryGetValue((hourEnd, type), out var first))
            {
                // Two rows for the same hour and type: we cannot know which one is right, so neither is published.
                Reject(lineNo, "type", $"duplicate row: {fields[0]} hour {hour} {typeCode} already appears at line {first}");
                if (rejectedLines.Add(first))
                {
                    problems.Add(new ImportProblem(name, first, "type", $"duplicate row: {fields[0]} hour {hour} {typeCode} appears again at line {lineNo}"));
                }

                continue;
            }

            firstLineOfKey[(hourEnd, type)] = lineNo;
            var values = new decimal?[selected.Count];
            var ok = true;
            for (var s = 0; s < selected.Count && ok; s++)
            {
                var (index, code) = selected[s];
                var cell = fields[index].Trim();
                if (cell.Length == 0)
                {
                    continue;
                }

                if (!TryParseValue(cell, out var value))
                {
                    ok = false;
                    Reject(lineNo, code, $"'{cell}' is not a number ({typeCode})");
                }
                else if (value < 0)
                {
                    ok = false;
                    Reject(lineNo, code, $"negative value {cell} for {typeCode}");
                }
                else if (value > PublishedTypes.All[type].MaxPlausible)
                {
                    ok = false;
                    Reject(lineNo, code, $"{typeCode} value {cell} {PublishedTypes.All[type].Unit} is physically impossible (above {PublishedTypes.All[type].MaxPlausible})".Replace("  ", " ", StringComparison.Ordinal));
                }
                else if (value.Scale > MaxDecimals)
                {
                    // Stored values keep 3 decimals; more would be altered on storage, so refuse rather than change them.
                    ok = false;
                    Reject(lineNo, code, $"{typeCode} value {cell} has more than {MaxDecimals} decimals");
                }
                else if (type == PublishedTypes.Aqi && decimal.Truncate(value) != value)
                {
                    ok = false;
                    Reject(lineNo, code, $"AQI value {cell} is not a whole number");
                }
                else
                {
                    values[s] = value;
                }
            }

            if (ok)
            {
                parsedRows.Add((lineNo, hourEnd, type, values));
            }
        }

        var stationHours = new Dictionary<(string, long), ParsedStationHour>();
        foreach (var (lineNo, hourEnd, type, values) in parsedRows)
        {
            if (rejectedLines.Contains(lineNo))
            {
                continue;
            }

            for (var s = 0; s < selected.Count; s++)
            {
                if (values[s] is not { } value)
                {
                    continue;
                }

                var key = (selected[s].Code, hourEnd);
                if (!stationHours.TryGetValue(key, out var record))
                {
                    record = new ParsedStationHour(selected[s].Code, hourEnd, new decimal?[PublishedTypes.Count], lineNo);
                    stationHours[key] = record;
                }

                record.Values[type] = value;
            }
        }

        var ordered = stationHours.Values.OrderBy(r => r.HourEndUnix).ThenBy(r => r.Station, StringComparer.Ordinal).ToList();
        return new ParsedFile(path, name, sha, rows, problems, false, ordered, rejectedLines.Count);

        void Reject(int lineNo, string? column, string reason)
        {
            rejectedLines.Add(lineNo);
            problems.Add(new ImportProblem(name, lineNo, column, reason));
        }
    }

    private static bool HeaderIsValid(string[] header, string name, List<ImportProblem> problems)
    {
        string[] expected = ["date", "hour", "type"];
        if (header.Length < 4)
        {
            problems.Add(new ImportProblem(name, 1, null, $"bad header: expected 'date,hour,type,<station codes…>', found '{string.Join(",", header)}'"));
            return false;
        }

        for (var i = 0; i < expected.Length; i++)
        {
            if (!string.Equals(header[i].Trim(), expected[i], StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(new ImportProblem(name, 1, $"column {i + 1}", $"bad header: column {i + 1} is '{header[i]}', expected '{expected[i]}'"));
                return false;
            }
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 3; i < header.Length; i++)
        {
            var code = header[i].Trim();
            if (code.Length == 0)
            {
                problems.Add(new ImportProblem(name, 1, $"column {i + 1}", "bad header: empty station code"));
                return false;
            }

            if (!seen.Add(code))
            {
                problems.Add(new ImportProblem(name, 1, code, $"bad header: station {code} appears in two columns"));
                return false;
            }
        }

        return true;
    }

    private static bool TryParseDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text.Trim(), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private static bool TryParseValue(string text, out decimal value)
    {
        // Sign allowed so that a negative number is reported as negative, not as "not a number".
        return decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    private static int LineOfByte(byte[] bytes, int index)
    {
        var line = 1;
        for (var i = 0; i < index && i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                line++;
            }
        }

        return line;
    }
}
