using System.Text;
using System.Text.Json;
using Public.Web.AirQuality.Import;
using Public.Web.Infrastructure;

namespace Public.Web.Penalties.Import;

/// <summary>One record of an import file: its fields by name (blank = absent) and the line it starts on.</summary>
internal sealed record RawPenalty(int Line, IReadOnlyDictionary<string, string> Fields);

internal sealed record PenaltyFile(string Name, string Sha256, IReadOnlyList<RawPenalty> Records, IReadOnlyList<ImportProblem> Problems);

/// <summary>
/// Reads a penalties file into named fields: CSV (RFC 4180, header of field names, quoted fields may hold commas
/// and line breaks) or JSON (an array of objects, or <c>{"penalties": [...]}</c>), chosen by the extension.
/// UTF-8 with or without BOM. Checks the shape only (names, encoding, syntax); the meaning is checked by
/// <see cref="PenaltyValidator"/>.
/// </summary>
internal static class PenaltyFileReader
{
    public static PenaltyFile Read(string path, string name)
    {
        var file = ImportFileText.Read(path, name);
        if (file.Problem is { } unreadable)
        {
            return new PenaltyFile(name, file.Sha256, [], [unreadable]);
        }

        var sha = file.Sha256;
        var text = file.Text;

        var problems = new List<ImportProblem>();
        var records = name.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? ReadJson(text, name, problems)
            : ReadCsv(text, name, problems);
        return new PenaltyFile(name, sha, records, problems);
    }

    // ---- CSV ----------------------------------------------------------------------------------------

    private static List<RawPenalty> ReadCsv(string text, string name, List<ImportProblem> problems)
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
        if (!HeaderIsValid(header, name, problems))
        {
            return [];
        }

        var records = new List<RawPenalty>();
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

            records.Add(new RawPenalty(line, map));
        }

        return records;
    }

    private static bool HeaderIsValid(List<string> header, string name, List<ImportProblem> problems)
    {
        var before = problems.Count;
        for (var i = 0; i < header.Count; i++)
        {
            if (!PenaltyFormat.AllFields.Contains(header[i]))
            {
                problems.Add(new ImportProblem(name, 1, $"column {i + 1}", $"bad header: unknown field '{header[i]}' (fields: {string.Join(", ", PenaltyFormat.AllFields)})"));
            }
            else if (header.IndexOf(header[i]) != i)
            {
                problems.Add(new ImportProblem(name, 1, $"column {i + 1}", $"bad header: field '{header[i]}' appears twice"));
            }
        }

        foreach (var required in PenaltyFormat.RequiredFields.Where(r => !header.Contains(r)))
        {
            problems.Add(new ImportProblem(name, 1, required, $"bad header: the required field '{required}' is missing"));
        }

        return problems.Count == before;
    }

    // ---- JSON ---------------------------------------------------------------------------------------

    private static List<RawPenalty> ReadJson(string text, string name, List<ImportProblem> problems)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var records = new List<RawPenalty>();
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            if (!reader.Read())
            {
                problems.Add(new ImportProblem(name, 1, null, "the file is empty: expected a JSON array of penalty objects"));
                return [];
            }

            if (reader.TokenType == JsonTokenType.StartObject)
            {
                // {"penalties": [...]}: find the array, refuse anything else at the top.
                if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName || reader.GetString() != "penalties" || !reader.Read())
                {
                    problems.Add(new ImportProblem(name, LineOf(bytes, reader.TokenStartIndex), null, "expected a JSON array, or an object whose only property is \"penalties\" holding the array"));
                    return [];
                }
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                problems.Add(new ImportProblem(name, LineOf(bytes, reader.TokenStartIndex), null, "expected a JSON array of penalty objects"));
                return [];
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var line = LineOf(bytes, reader.TokenStartIndex);
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    problems.Add(new ImportProblem(name, line, null, $"expected a penalty object, found {reader.TokenType}"));
                    reader.Skip();
                    continue;
                }

                using var document = JsonDocument.ParseValue(ref reader);
                var map = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (!PenaltyFormat.AllFields.Contains(property.Name))
                    {
                        problems.Add(new ImportProblem(name, line, property.Name, $"unknown field '{property.Name}' (fields: {string.Join(", ", PenaltyFormat.AllFields)})"));
                        continue;
                    }

                    switch (property.Value.ValueKind)
                    {
                        case JsonValueKind.String:
                            map[property.Name] = property.Value.GetString()!.Trim();
                            break;
                        case JsonValueKind.Number:
                            // The number as written (no trip through double), so 1234567.89 stays exact.
                            map[property.Name] = property.Value.GetRawText();
                            break;
                        case JsonValueKind.True or JsonValueKind.False:
                            map[property.Name] = property.Value.GetRawText();
                            break;
                        case JsonValueKind.Null:
                            map[property.Name] = "";
                            break;
                        default:
                            problems.Add(new ImportProblem(name, line, property.Name, $"'{property.Name}' must be a string, number, true/false or null, not {property.Value.ValueKind}"));
                            break;
                    }
                }

                records.Add(new RawPenalty(line, map));
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
