using System.Collections;
using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using Public.Web.Infrastructure;

namespace Public.Web.Contract;

/// <summary>One CSV column as the OpenAPI document describes it: its header, meaning and unit.</summary>
public sealed record CsvColumnInfo(string Name, string? Zh, string? En, string? Unit)
{
    /// <summary>"站点编码 / National station code (µg/m³)", or null when nothing is declared.</summary>
    public string? Description => Zh is null || En is null ? null
        : Bilingual.Join(Zh, En) + (Unit is null ? "" : $"（{Unit}）");
}

/// <summary>A CSV layout, seen from outside its row type: the columns OpenAPI describes.</summary>
public interface ICsvLayout
{
    IReadOnlyList<CsvColumnInfo> Columns { get; }
}

/// <summary>
/// The CSV layout of a published record, built from its contract fields: <c>Field("party.name")</c> is the column
/// <c>partyName</c>, its meaning and unit come from the field's <see cref="FieldAttribute"/>, and its text from
/// <see cref="CsvLayout.Format"/> (one formatting per kind, the same text as the JSON value). A different header or a computed column is written
/// out where a layout needs it, and only there. The same object writes the file and describes it in OpenAPI.
/// </summary>
public sealed class CsvLayout<T> : ICsvLayout
{
    /// <summary>
    /// A column: its description, and a factory of its value function for one file (<see cref="Write"/>). A field of a
    /// part of a flattened row (the hour of each of its values) remembers the part it formatted last, so the hour's
    /// columns are formatted once per hour, not once per value: the state lives in the function of that one file.
    /// </summary>
    private readonly List<(CsvColumnInfo Info, Func<Func<T, string?>> ForFile)> _columns = [];

    public IReadOnlyList<CsvColumnInfo> Columns => _columns.Select(c => c.Info).ToList();

    /// <summary>
    /// A contract field of the row, by its path of JSON names (<c>latest.aqi</c>); the header is the path in
    /// camelCase (<c>latestAqi</c>) unless <paramref name="name"/> renames it. <paramref name="decimals"/> fixes the
    /// decimal places of a number where the file has always had them (amounts in yuan: 2).
    /// </summary>
    public CsvLayout<T> Field(string path, string? name = null, int decimals = -1) => Field(r => r, path, name, decimals);

    /// <summary>A contract field of a part of the row (a flattened row: the hour and one of its values).</summary>
    public CsvLayout<T> Field<TPart>(Func<T, TPart> part, string path, string? name = null, int decimals = -1)
    {
        var properties = CsvLayout.Resolve(typeof(TPart), path);
        var doc = properties[^1].GetCustomAttribute<FieldAttribute>();
        // The path read by compiled code, not by reflection per cell (a year of hours is hundreds of thousands of cells).
        var read = CsvLayout.Reader<TPart>(properties);
        string? Text(TPart value) => CsvLayout.Format(read(value), decimals);
        Func<Func<T, string?>> forFile = typeof(TPart).IsValueType
            ? () => row => Text(part(row))
            : () =>
            {
                object? last = null;
                string? text = null;
                return row =>
                {
                    var p = part(row);
                    if (p is null || !ReferenceEquals(p, last))
                    {
                        last = p;
                        text = Text(p);
                    }

                    return text;
                };
            };
        _columns.Add((new CsvColumnInfo(name ?? CsvLayout.Header(path), doc?.Zh, doc?.En, doc?.Unit), forFile));
        return this;
    }

    /// <summary>Several contract fields of the row, each under its own name.</summary>
    public CsvLayout<T> Fields(params string[] paths)
    {
        foreach (var path in paths)
        {
            Field(path);
        }

        return this;
    }

    /// <summary>Several contract fields of a part of the row.</summary>
    public CsvLayout<T> Fields<TPart>(Func<T, TPart> part, params string[] paths)
    {
        foreach (var path in paths)
        {
            Field(part, path);
        }

        return this;
    }

    /// <summary>A column that is no single field (a pivot, a count, a constant label): its meaning is declared here.</summary>
    public CsvLayout<T> Column(string name, string zh, string en, Func<T, object?> value, string? unit = null)
    {
        Func<T, string?> text = row => CsvLayout.Format(value(row), -1);
        _columns.Add((new CsvColumnInfo(name, zh, en, unit), () => text));
        return this;
    }

    /// <summary>The file: UTF-8 with BOM, this header, one line per row.</summary>
    public byte[] Write(IEnumerable<T> rows) => Csv.Write(rows, _columns.Select(c => (c.Info.Name, c.ForFile())).ToList());
}

/// <summary>Builds layouts and formats a value for CSV, once for every layout.</summary>
public static class CsvLayout
{
    public static CsvLayout<T> Of<T>() => new();

    /// <summary>
    /// A value as CSV text, by kind: times ISO 8601 with their offset (a bare DateTime — CEMS DataTime as sent — without),
    /// dates YYYY-MM-DD, numbers invariant (fixed places when given), booleans true/false, lists space-joined.
    /// </summary>
    public static string? Format(object? value, int decimals) => value switch
    {
        null => null,
        string s => s,
        DateTimeOffset t => IsoTimeConverter.Format(t),
        DateTime t => t.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        decimal m => decimals >= 0 ? m.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : m.ToString(CultureInfo.InvariantCulture),
        double x => x.ToString("R", CultureInfo.InvariantCulture),
        float x => x.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable list => string.Join(' ', list.Cast<object?>().Select(v => Format(v, decimals))),
        _ => throw new InvalidOperationException($"a {value.GetType().Name} is not a CSV value: name one of its fields"),
    };

    /// <summary>The header of a path: <c>party.creditCode</c> → <c>partyCreditCode</c>.</summary>
    public static string Header(string path)
    {
        var parts = path.Split('.');
        return parts[0] + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }

    /// <summary>
    /// Reads the value at the end of a path of properties (<see cref="Resolve"/>) from a <typeparamref name="TPart"/>,
    /// boxed; null when the part or any property on the way is null. Compiled once per column.
    /// </summary>
    public static Func<TPart, object?> Reader<TPart>(IReadOnlyList<PropertyInfo> properties)
    {
        var part = Expression.Parameter(typeof(TPart), "part");
        var done = Expression.Label(typeof(object), "done");
        var steps = new List<Expression>();
        var variables = new List<ParameterExpression>();
        Expression current = part;
        foreach (var property in properties)
        {
            if (!current.Type.IsValueType)
            {
                steps.Add(Expression.IfThen(Expression.ReferenceEqual(current, Expression.Constant(null, current.Type)), Expression.Return(done, Expression.Constant(null))));
            }
            else if (Nullable.GetUnderlyingType(current.Type) is not null)
            {
                steps.Add(Expression.IfThen(Expression.Not(Expression.Property(current, "HasValue")), Expression.Return(done, Expression.Constant(null))));
                current = Expression.Property(current, "Value");
            }

            var step = Expression.Variable(property.PropertyType);
            variables.Add(step);
            steps.Add(Expression.Assign(step, Expression.Property(current, property)));
            current = step;
        }

        // Boxing a nullable value gives null or its value, as reflection's GetValue does.
        steps.Add(Expression.Label(done, Expression.Convert(current, typeof(object))));
        return Expression.Lambda<Func<TPart, object?>>(Expression.Block(typeof(object), variables, steps), part).Compile();
    }

    /// <summary>The properties along a path of JSON names; throws at startup for a name the record does not have.</summary>
    public static IReadOnlyList<PropertyInfo> Resolve(Type type, string path)
    {
        var properties = new List<PropertyInfo>();
        foreach (var name in path.Split('.'))
        {
            var property = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).FirstOrDefault(p => ContractCatalog.JsonName(p) == name)
                ?? throw new InvalidOperationException($"{type.Name} has no field '{name}' (path '{path}')");
            properties.Add(property);
            type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        }

        return properties;
    }
}
