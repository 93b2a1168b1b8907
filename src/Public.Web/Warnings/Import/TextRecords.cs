using System.Text;
using System.Text.Json;

namespace Public.Web.Warnings.Import;

/// <summary>A CSV record: the line it starts on and its fields.</summary>
internal sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);

/// <summary>RFC 4180 reading with the line each record starts on (a quoted field may hold line breaks).</summary>
internal static class CsvText
{
    /// <summary>Reads all records; a record that is one empty field (a blank line) is skipped.</summary>
    public static List<CsvRecord> Read(string text, out string? error, out int errorLine)
    {
        error = null;
        errorLine = 0;
        var records = new List<CsvRecord>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        var quotedField = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0 && !quotedField:
                    quoted = true;
                    quotedField = true;
                    break;
                case '"':
                    error = "a quote inside an unquoted field (quote the whole field and double the quote: \"\")";
                    errorLine = line;
                    return records;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    quotedField = false;
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    quotedField = false;
                    Add();
                    line++;
                    recordLine = line;
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }

        if (quoted)
        {
            error = "a quoted field is not closed";
            errorLine = recordLine;
            return records;
        }

        fields.Add(field.ToString());
        Add();
        return records;

        void Add()
        {
            if (!(fields.Count == 1 && fields[0].Length == 0))
            {
                records.Add(new CsvRecord(recordLine, fields.ToList()));
            }

            fields.Clear();
        }
    }
}

/// <summary>A JSON value with the line it starts on, so that problems in JSON files can name their line too.</summary>
internal sealed class JsonNode
{
    public JsonValueKind Kind { get; private init; }

    public int Line { get; private init; }

    /// <summary>The string's value, or the number's text as written.</summary>
    public string? Text { get; private init; }

    public List<(string Name, JsonNode Value)> Properties { get; } = [];

    public List<JsonNode> Items { get; } = [];

    /// <summary>Parses a whole document; a syntax error becomes a <see cref="JsonException"/> with its line.</summary>
    public static JsonNode Parse(byte[] utf8)
    {
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == '\n')
            {
                lineStarts.Add(i + 1);
            }
        }

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (!reader.Read())
        {
            throw new JsonException("the file is empty", null, 0, 0);
        }

        var root = Read(ref reader, lineStarts);
        if (reader.Read())
        {
            throw new JsonException("more than one JSON value in the file", null, LineOf(lineStarts, reader.TokenStartIndex) - 1, 0);
        }

        return root;
    }

    private static JsonNode Read(ref Utf8JsonReader reader, List<int> lineStarts)
    {
        var line = LineOf(lineStarts, reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                var node = new JsonNode { Kind = JsonValueKind.Object, Line = line };
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var name = reader.GetString()!;
                    reader.Read();
                    node.Properties.Add((name, Read(ref reader, lineStarts)));
                }

                return node;
            }

            case JsonTokenType.StartArray:
            {
                var node = new JsonNode { Kind = JsonValueKind.Array, Line = line };
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    node.Items.Add(Read(ref reader, lineStarts));
                }

                return node;
            }

            case JsonTokenType.String:
                return new JsonNode { Kind = JsonValueKind.String, Line = line, Text = reader.GetString() };
            case JsonTokenType.Number:
                return new JsonNode { Kind = JsonValueKind.Number, Line = line, Text = Encoding.UTF8.GetString(reader.ValueSpan) };
            case JsonTokenType.True:
                return new JsonNode { Kind = JsonValueKind.True, Line = line, Text = "true" };
            case JsonTokenType.False:
                return new JsonNode { Kind = JsonValueKind.False, Line = line, Text = "false" };
            default:
                return new JsonNode { Kind = JsonValueKind.Null, Line = line };
        }
    }

    private static int LineOf(List<int> lineStarts, long offset)
    {
        var index = lineStarts.BinarySearch((int)offset);
        return (index >= 0 ? index : ~index - 1) + 1;
    }
}
