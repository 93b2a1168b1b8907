using System.Text;
using System.Text.Json;

namespace Public.Web.Warnings.Import;

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
