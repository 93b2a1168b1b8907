using System.Text;
using System.Text.Json;
using Public.Web.AirQuality.Import;

namespace Public.Web.Infrastructure;

/// <summary>One record of an import file: its fields by name (blank = absent) and the line it starts on.</summary>
internal sealed record RawRecord(int Line, IReadOnlyDictionary<string, string> Fields);

internal sealed record RecordFile(string Name, string Sha256, IReadOnlyList<RawRecord> Records, IReadOnlyList<ImportProblem> Problems);

/// <summary>
/// The field names of a file format: all of them, the ones a CSV header must have, the JSON top-level key, and whether
/// a JSON field may be a list of strings (stored in the CSV form "a;b;c").
/// </summary>
internal sealed record RecordFormat(string What, string JsonKey, IReadOnlyCollection<string> AllFields, IReadOnlyList<string> HeaderRequired, bool ListsAllowed = true);

/// <summary>
/// Reads a record file (penalties, disclosures, statements) into named fields: CSV (RFC 4180, a header of
/// field names; quoted fields may hold commas and line breaks) or JSON (an array of objects, or <c>{"&lt;key&gt;": [...]}</c>), chosen by the extension; UTF-8 with or
/// without BOM. Checks the shape only; the meaning is checked by the validator.
/// </summary>
internal static class RecordFileReader
{
    public static RecordFile Read(string path, string name, RecordFormat format)
    {
        var file = ImportFileText.Read(path, name);
        if (file.Problem is { } unreadable)
        {
            return new RecordFile(name, file.Sha256, [], [unreadable]);
        }

        var sha = file.Sha256;
        var text = file.Text;

        var problems = new List<ImportProblem>();
        var records = name.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? ReadJson(text, name, format, problems)
            : ReadCsv(text, name, format, problems);
        return new RecordFile(name, sha, records, problems);
    }

    private static List<RawRecord> ReadCsv(string text, string name, RecordFormat format, List<ImportProblem> problems)
    {
        var rows = CsvReader.Read(text, out var error, out var errorLine);
        if (error is not null)
        {
            problems.Add(new ImportProblem(name, errorLine, null, error));
            return [];
        }

        if (rows.Count == 0)
        {
            problems.Add(new ImportProblem(name, 1, null, "the file is empty: expected a header line of field names"));
            return [];
        }

        var header = rows[0].Fields.Select(h => h.Trim()).ToList();
        var before = problems.Count;
        for (var i = 0; i < header.Count; i++)
        {
            if (!format.AllFields.Contains(header[i]))
            {
                problems.Add(new ImportProblem(name, 1, $"column {i + 1}", $"bad header: unknown field '{header[i]}' (fields: {string.Join(", ", format.AllFields)})"));
            }
            else if (header.IndexOf(header[i]) != i)
            {
                problems.Add(new ImportProblem(name, 1, $"column {i + 1}", $"bad header: field '{header[i]}' appears twice"));
            }
        }

        foreach (var required in format.HeaderRequired.Where(r => !header.Contains(r)))
        {
            problems.Add(new ImportProblem(name, 1, required, $"bad header: the required field '{required}' is missing"));
        }

        if (problems.Count > before)
        {
            return [];
        }

        var records = new List<RawRecord>();
        foreach (var (line, fields) in rows.Skip(1))
        {
            if (fields.Count != header.Count)
            {
                problems.Add(new ImportProblem(name, line, null, $"expected {header.Count} fields as in the header, found {fields.Count}"));
                continue;
            }

            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < header.Count; i++)
            {
                map[header[i]] = fields[i].Trim();
            }

            records.Add(new RawRecord(line, map));
        }

        return records;
    }

    private static List<RawRecord> ReadJson(string text, string name, RecordFormat format, List<ImportProblem> problems)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var records = new List<RawRecord>();
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            if (!reader.Read())
            {
                problems.Add(new ImportProblem(name, 1, null, $"the file is empty: expected a JSON array of {format.What} objects"));
                return [];
            }

            if (reader.TokenType == JsonTokenType.StartObject
                && (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName || reader.GetString() != format.JsonKey || !reader.Read()))
            {
                problems.Add(new ImportProblem(name, LineOf(bytes, reader.TokenStartIndex), null, $"expected a JSON array, or an object whose only property is \"{format.JsonKey}\" holding the array"));
                return [];
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                problems.Add(new ImportProblem(name, LineOf(bytes, reader.TokenStartIndex), null, $"expected a JSON array of {format.What} objects"));
                return [];
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var line = LineOf(bytes, reader.TokenStartIndex);
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    problems.Add(new ImportProblem(name, line, null, $"expected a {format.What} object, found {reader.TokenType}"));
                    reader.Skip();
                    continue;
                }

                using var document = JsonDocument.ParseValue(ref reader);
                var map = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (!format.AllFields.Contains(property.Name))
                    {
                        problems.Add(new ImportProblem(name, line, property.Name, $"unknown field '{property.Name}' (fields: {string.Join(", ", format.AllFields)})"));
                        continue;
                    }

                    switch (property.Value.ValueKind)
                    {
                        case JsonValueKind.String:
                            map[property.Name] = property.Value.GetString()!.Trim();
                            break;
                        case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                            // Numbers as written (no trip through double), so 1234567.89 stays exact.
                            map[property.Name] = property.Value.GetRawText();
                            break;
                        case JsonValueKind.Null:
                            map[property.Name] = "";
                            break;
                        case JsonValueKind.Array when format.ListsAllowed && property.Value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String):
                            // Lists (categories) may be JSON arrays of strings; stored as the CSV form "a;b;c".
                            map[property.Name] = string.Join(';', property.Value.EnumerateArray().Select(e => e.GetString()!.Trim()));
                            break;
                        default:
                            problems.Add(new ImportProblem(name, line, property.Name, $"'{property.Name}' must be a string, number, true/false{(format.ListsAllowed ? ", null or a list of strings" : " or null")}, not {property.Value.ValueKind}"));
                            break;
                    }
                }

                records.Add(new RawRecord(line, map));
            }
        }
        catch (JsonException e)
        {
            problems.Add(new ImportProblem(name, (int)(e.LineNumber ?? 0) + 1, null, "not valid JSON: " + e.Message));
            return [];
        }

        return records;
    }

    private static int LineOf(byte[] bytes, long index) => 1 + bytes.AsSpan(0, (int)Math.Min(index, bytes.Length)).Count((byte)'\n');
}
