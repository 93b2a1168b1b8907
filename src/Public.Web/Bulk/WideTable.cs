using System.Collections;
using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;
using Public.Web.Api;
using Public.Web.Contract;

namespace Public.Web.Bulk;

/// <summary>
/// One column of a wide table: its name (the CSV header, the Parquet column, the JSON key), the kind of its values,
/// its unit and meaning. Read from the contract declarations (<see cref="FieldAttribute"/>) wherever the column is
/// one field; declared where the table pivots (one column per pollutant and statistic).
/// </summary>
/// <param name="Values">The closed set of values of a text column, from the declaration (a Table Schema enum).</param>
/// <param name="Required">Whether a row always has a value (a primary-key column, a non-null field).</param>
public sealed record WideColumn(string Name, FieldKind Kind, string? Unit, string Zh, string En, IReadOnlyList<string>? Values, bool Required)
{
    /// <summary>
    /// For a column that holds a list of records (a warning's observed days, an outlet's pollutants): <c>array</c>, the
    /// Table Schema type of a JSON-encoded cell, written as the API writes that list. Null for every other column.
    /// </summary>
    public string? JsonType { get; init; }

    /// <summary>"站点编码 / Station code."</summary>
    public string Description => Bilingual.Join(Zh, En);
}

/// <summary>A foreign key of a wide table: its column refers to a field of another published table.</summary>
public sealed record WideForeignKey(string Column, string Resource, string Field);

/// <summary>A wide table seen without its row type: what the writers, descriptors and the catalog read.</summary>
public interface IWideTable
{
    IReadOnlyList<WideColumn> Columns { get; }

    IReadOnlyList<string> PrimaryKey { get; }

    IReadOnlyList<WideForeignKey> ForeignKeys { get; }
}

/// <summary>
/// The wide shape of a record type, declared once: one row per record, one typed column per value. The same
/// declaration answers <c>?shape=wide</c> on the API (JSON and CSV) and writes the yearly archives (CSV and Parquet)
/// and their Table Schemas, so the three can never disagree. A cell is a string, an int, a decimal, a double, a bool,
/// a <see cref="DateOnly"/>, a <see cref="DateTimeOffset"/> or null (missing); lists are written space-joined.
/// </summary>
public sealed class WideTable<T> : IWideTable
{
    private readonly List<(WideColumn Column, Func<T, object?> Value)> _columns = [];
    private readonly List<string> _key = [];
    private readonly List<WideForeignKey> _foreign = [];

    public IReadOnlyList<WideColumn> Columns => _columns.Select(c => c.Column).ToList();

    public IReadOnlyList<string> PrimaryKey => _key;

    public IReadOnlyList<WideForeignKey> ForeignKeys => _foreign;

    /// <summary>
    /// A contract field by its path of JSON names (<c>level.nameEn</c>); the column is named after the path in camelCase
    /// (<c>levelNameEn</c>) unless <paramref name="name"/> renames it; kind, unit, meaning and values come from the declaration.
    /// </summary>
    public WideTable<T> Field(string path, string? name = null) => Field(r => r, path, name);

    /// <summary>A contract field of a part of the row (a CEMS hour's outlet, a warning event's warning).</summary>
    public WideTable<T> Field<TPart>(Func<T, TPart?> part, string path, string? name = null) =>
        Add(part, CsvLayout.Resolve(typeof(TPart), path), name ?? CsvLayout.Header(path));

    /// <summary>
    /// Every contract field of a part of the row, in declaration order, flattened: a nested record becomes its fields
    /// (<c>issuedLevel.code</c> → <c>issuedLevelCode</c>), a list of values one space-joined column, a list of records
    /// one JSON column (Table Schema <c>array</c>, as the API writes it). <paramref name="prefix"/> starts the names
    /// (<c>outlet</c> → <c>outletCode</c>); <paramref name="except"/> names the fields (paths) left out, each of which
    /// the caller publishes elsewhere (an enterprise's outlets are their own dataset).
    /// </summary>
    public WideTable<T> Flatten<TPart>(Func<T, TPart?> part, string? prefix = null, params string[] except)
    {
        var left = except.ToHashSet(StringComparer.Ordinal);
        Walk(typeof(TPart), []);
        if (left.Count > 0)
        {
            throw new InvalidOperationException($"{typeof(TPart).Name} has no field {string.Join(", ", left)} to leave out");
        }

        return this;

        void Walk(Type type, List<PropertyInfo> path)
        {
            foreach (var field in ContractCatalog.Fields(type))
            {
                var properties = new List<PropertyInfo>(path) { field.Property };
                var dotted = string.Join('.', properties.Select(ContractCatalog.JsonName));
                if (left.Remove(dotted))
                {
                    continue;
                }

                if (field.Kind == FieldKind.Record && !field.IsList)
                {
                    Walk(field.RecordType!, properties);
                    continue;
                }

                var header = CsvLayout.Header(dotted);
                Add(part, properties, prefix is null ? header : prefix + char.ToUpperInvariant(header[0]) + header[1..]);
            }
        }
    }

    private WideTable<T> Add<TPart>(Func<T, TPart?> part, IReadOnlyList<PropertyInfo> properties, string name)
    {
        var last = properties[^1];
        var doc = last.GetCustomAttribute<FieldAttribute>()
            ?? throw new InvalidOperationException($"{typeof(TPart).Name}.{string.Join('.', properties.Select(p => p.Name))} has no [Field] declaration: a wide column needs its meaning");
        var field = ContractCatalog.Fields(last.DeclaringType!).First(f => f.Property.Name == last.Name);
        var (zh, en) = (doc.Zh, doc.En);
        if (properties.Count > 1 && properties[^2].GetCustomAttribute<FieldAttribute>() is { } parent)
        {
            // level.nameEn: "级别（英文名称）/ AQI level of aqi: English name, e.g. Good."
            (zh, en) = ($"{parent.Zh}（{doc.Zh}）", $"{parent.En.TrimEnd('.')}: {doc.En}");
        }

        var records = field.IsList && field.Kind == FieldKind.Record;
        var kind = records ? FieldKind.Record : field.IsList ? FieldKind.Text : field.Kind;
        // Nested fields may be null when the part is (a level of a missing AQI).
        var required = !field.Nullable && !field.IsList && properties.Take(properties.Count - 1).All(p => !IsNullable(p));
        var column = new WideColumn(name, kind, doc.Unit, zh, en, field.IsList ? null : doc.Values, required) { JsonType = records ? "array" : null };
        // Compiled getters, not PropertyInfo.GetValue: a year of CEMS hours is millions of cells.
        var getters = properties.Select(Getter).ToArray();
        _columns.Add((column, row =>
        {
            object? value = part(row);
            foreach (var getter in getters)
            {
                if (value is null)
                {
                    return null;
                }

                value = getter(value);
            }

            return value switch
            {
                null => null,
                _ when records => JsonSerializer.Serialize(value, value.GetType(), WideTable.ApiJson),
                IEnumerable list and not string => Join(list),
                _ => value,
            };
        }));
        return this;
    }

    /// <summary>Several contract fields under their own names.</summary>
    public WideTable<T> Fields(params string[] paths)
    {
        foreach (var path in paths)
        {
            Field(path);
        }

        return this;
    }

    /// <summary>A column that is no single field (one value of a pivoted list): its meaning and unit are declared here.</summary>
    public WideTable<T> Column(string name, FieldKind kind, string zh, string en, Func<T, object?> value, string? unit = null)
    {
        _columns.Add((new WideColumn(name, kind, unit, zh, en, null, false), value));
        return this;
    }

    /// <summary>The columns that identify a row.</summary>
    public WideTable<T> Key(params string[] columns)
    {
        foreach (var c in columns)
        {
            _ = Index(c);
        }

        _key.AddRange(columns);
        return this;
    }

    /// <summary>A column that refers to a field of another published table (station code → stations).</summary>
    public WideTable<T> References(string column, string resource, string field)
    {
        _ = Index(column);
        _foreign.Add(new WideForeignKey(column, resource, field));
        return this;
    }

    /// <summary>The cells of the rows, in column order.</summary>
    public WideRows Rows(IEnumerable<T> rows) => Rows(rows, null);

    /// <summary>
    /// The cells of the chosen columns (all when <paramref name="fields"/> is empty): <c>fields=time,pm25_ugm3</c>.
    /// An unknown column is a 400 naming the parameter and listing the columns.
    /// </summary>
    public WideRows Rows(IEnumerable<T> rows, string? fields)
    {
        var chosen = Choose(fields);
        var columns = chosen.Select(i => _columns[i]).ToList();
        var cells = rows.Select(r =>
        {
            var row = new object?[columns.Count];
            for (var i = 0; i < columns.Count; i++)
            {
                row[i] = columns[i].Value(r);
            }

            return row;
        }).ToList();
        return new WideRows(columns.Select(c => c.Column).ToList(), cells);
    }

    /// <summary>The indexes of the columns <paramref name="fields"/> chooses (all when empty), with the same 400 as <see cref="Rows(IEnumerable{T}, string?)"/>.</summary>
    public IReadOnlyList<int> ColumnIndexes(string? fields) => Choose(fields);

    private List<int> Choose(string? fields)
    {
        if (string.IsNullOrWhiteSpace(fields))
        {
            return Enumerable.Range(0, _columns.Count).ToList();
        }

        var chosen = new List<int>();
        foreach (var name in fields.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var i = _columns.FindIndex(c => string.Equals(c.Column.Name, name, StringComparison.Ordinal));
            if (i < 0)
            {
                throw new BadParameterException("fields", $"fields: unknown column '{name}' of the wide shape (columns: {string.Join(", ", _columns.Select(c => c.Column.Name))})");
            }

            if (!chosen.Contains(i))
            {
                chosen.Add(i);
            }
        }

        return chosen;
    }

    private int Index(string column)
    {
        var i = _columns.FindIndex(c => c.Column.Name == column);
        return i >= 0 ? i : throw new InvalidOperationException($"{typeof(T).Name} wide table has no column '{column}'");
    }

    private static Func<object, object?> Getter(PropertyInfo property)
    {
        var target = Expression.Parameter(typeof(object), "record");
        var read = Expression.Property(Expression.Convert(target, property.DeclaringType!), property);
        return Expression.Lambda<Func<object, object?>>(Expression.Convert(read, typeof(object)), target).Compile();
    }

    private static bool IsNullable(PropertyInfo property) =>
        !property.PropertyType.IsValueType ? new NullabilityInfoContext().Create(property).ReadState == NullabilityState.Nullable
            : Nullable.GetUnderlyingType(property.PropertyType) is not null;

    private static string? Join(IEnumerable list)
    {
        var parts = list.Cast<object?>().Select(v => CsvLayout.Format(v, -1)).ToList();
        return parts.Count == 0 ? null : string.Join(' ', parts);
    }
}

/// <summary>Rows of a wide table as cells, with the columns they hold.</summary>
public sealed record WideRows(IReadOnlyList<WideColumn> Columns, IReadOnlyList<object?[]> Cells);

/// <summary>Builds wide tables.</summary>
public static class WideTable
{
    public static WideTable<T> Of<T>() => new();

    /// <summary>How the API writes JSON (readable Chinese and units, times with their offset): a JSON cell is the API's text.</summary>
    public static JsonSerializerOptions ApiJson { get; } = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new Infrastructure.IsoTimeConverter() },
    };

    /// <summary>The unit as it may appear in a column name: <c>µg/m³</c> → <c>ugm3</c>, <c>mg/m³</c> → <c>mgm3</c>.</summary>
    public static string UnitSlug(string unit) => unit switch
    {
        "µg/m³" => "ugm3",
        "mg/m³" => "mgm3",
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "no column-name form for this unit"),
    };
}
