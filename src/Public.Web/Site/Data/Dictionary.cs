using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Public.Web.Contract;

namespace Public.Web.Site.Data;

/// <summary>What a data-dictionary page says about a record's fields, read from <see cref="ContractCatalog"/>.</summary>
internal static class Dictionary
{
    /// <summary>The record and every record nested in it (depth first, each once), the record itself first.</summary>
    public static IReadOnlyList<Type> Records(Type record)
    {
        var seen = new List<Type>();
        void Visit(Type t)
        {
            if (seen.Contains(t))
            {
                return;
            }

            seen.Add(t);
            foreach (var f in ContractCatalog.Fields(t))
            {
                if (f.RecordType is { } nested)
                {
                    Visit(nested);
                }
            }
        }

        Visit(record);
        return seen;
    }

    /// <summary>The record's field names, comma-separated (nested records' fields in brackets), or "—" when the catalog cannot read it.</summary>
    public static string FieldNames(Type record)
    {
        try
        {
            return Names(record, []);
        }
        catch (InvalidOperationException)
        {
            return "—";
        }
    }

    private static string Names(Type record, List<Type> path)
    {
        path.Add(record);
        var names = ContractCatalog.Fields(record).Select(f => f.RecordType is { } nested && !path.Contains(nested) && f.IsList
            ? $"{f.Name}[{Names(nested, path)}]"
            : f.Name);
        var text = string.Join(", ", names);
        path.Remove(record);
        return text;
    }

    /// <summary>The HTML id of a nested record's table on the page.</summary>
    public static string Anchor(Type record) => "record-" + ContractCatalog.Name(record);

    /// <summary>The field's type in words, e.g. "整数" / "whole number", "list of text".</summary>
    public static string TypeInWords(ContractField field, bool en)
    {
        var kind = field.Kind switch
        {
            FieldKind.Text => en ? "text" : "文本",
            FieldKind.Whole => en ? "whole number" : "整数",
            FieldKind.Exact => en ? "decimal number (exact)" : "十进制数（精确值）",
            FieldKind.Binary => en ? "floating-point number" : "浮点数",
            FieldKind.Boolean => en ? "true or false" : "布尔值（true/false）",
            FieldKind.Date => en ? "date (YYYY-MM-DD)" : "日期（YYYY-MM-DD）",
            FieldKind.DateTime => en ? "time (ISO 8601 with offset)" : "时间（ISO 8601，含时区偏移）",
            FieldKind.LocalDateTime => en ? "local time as sent (ISO 8601 without offset)" : "当地时间，按原样（ISO 8601，无时区偏移）",
            FieldKind.Record => (en ? "record " : "记录 ") + ContractCatalog.Name(field.RecordType!),
            _ => field.Kind.ToString(),
        };
        if (field.Doc is { Decimals: >= 0 } doc)
        {
            kind += en ? $", {doc.Decimals} decimal places" : $"，{doc.Decimals} 位小数";
        }

        return field.IsList ? (en ? "list of " + kind : kind + " 的列表") : kind;
    }

    /// <summary>Whether the value may be null, in words.</summary>
    public static string Nullability(ContractField field, bool en)
    {
        var text = field.Nullable ? (en ? "may be null" : "可为 null") : (en ? "always present" : "总有值");
        if (field.IsList && field.ElementNullable)
        {
            text += en ? "; elements may be null" : "；元素可为 null";
        }

        return text;
    }

    /// <summary>
    /// An example row built from the declarations' examples (<see cref="FieldAttribute.Example"/>), nested records
    /// expanded; a field without an example is null. Null when no field declares one.
    /// </summary>
    public static JsonObject? DeclaredExample(Type record) => Example(record, []);

    private static JsonObject? Example(Type record, List<Type> path)
    {
        if (path.Contains(record))
        {
            return null;
        }

        path.Add(record);
        var row = new JsonObject();
        var any = false;
        foreach (var f in ContractCatalog.Fields(record))
        {
            JsonNode? value = null;
            if (f.RecordType is { } nested)
            {
                value = Example(nested, path);
            }
            else if (f.Doc?.Example is { } example)
            {
                value = Literal(f.Kind, example);
            }

            any |= value is not null;
            row[f.Name] = f.IsList && value is not null ? new JsonArray(value) : value;
        }

        path.Remove(record);
        return any ? row : null;
    }

    private static JsonValue Literal(FieldKind kind, string example) => kind switch
    {
        FieldKind.Whole or FieldKind.Exact or FieldKind.Binary when decimal.TryParse(example, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
        FieldKind.Boolean when bool.TryParse(example, out var b) => JsonValue.Create(b),
        _ => JsonValue.Create(example),
    };

    /// <summary>A row as the API writes it (the app's JSON options), indented for reading.</summary>
    public static string Json(object row, JsonSerializerOptions apiOptions) =>
        JsonSerializer.Serialize(row, row.GetType(), Indented.GetValue(apiOptions, o => new JsonSerializerOptions(o) { WriteIndented = true }));

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<JsonSerializerOptions, JsonSerializerOptions> Indented = [];
}
