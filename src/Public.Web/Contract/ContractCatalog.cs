using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Public.Web.Contract;

/// <summary>The kind of a field's value, as every face of the contract needs to know it.</summary>
public enum FieldKind
{
    /// <summary>Text.</summary>
    Text,
    /// <summary>A whole number.</summary>
    Whole,
    /// <summary>A decimal number as published (never a binary float: 1.3 stays 1.3).</summary>
    Exact,
    /// <summary>A binary floating-point number (coordinates).</summary>
    Binary,
    Boolean,
    /// <summary>A local date, <c>YYYY-MM-DD</c>.</summary>
    Date,
    /// <summary>An instant with its offset, ISO 8601 (<c>2019-01-01T01:00:00+08:00</c>, UTC with <c>Z</c>).</summary>
    DateTime,
    /// <summary>A nested record (see <see cref="ContractField.RecordType"/>).</summary>
    Record,
    /// <summary>
    /// A local date and time without offset, exactly as a source wrote it (<c>2019-01-01T01:00:00</c>): the HJ 212
    /// DataTime of enterprise data loggers, which carry no zone and are published as sent.
    /// </summary>
    LocalDateTime,
}

/// <summary>
/// One field of a published record, read once from the record type and its <see cref="FieldAttribute"/>.
/// </summary>
/// <param name="Name">The field's name in JSON, GraphQL and (by default) CSV: camelCase.</param>
/// <param name="Property">The record's property.</param>
/// <param name="Kind">The kind of the value (of each element, for a list).</param>
/// <param name="Nullable">Whether the value (the list itself, for a list) may be null.</param>
/// <param name="IsList">Whether the field holds a list.</param>
/// <param name="ElementNullable">For a list: whether an element may be null.</param>
/// <param name="RecordType">For <see cref="FieldKind.Record"/>: the nested record type.</param>
/// <param name="Doc">The declaration; null only for a field that has none yet (a test requires one on every published field).</param>
public sealed record ContractField(
    string Name, PropertyInfo Property, FieldKind Kind, bool Nullable, bool IsList, bool ElementNullable,
    Type? RecordType, FieldAttribute? Doc)
{
    /// <summary>The value of this field on a record.</summary>
    public object? GetValue(object record) => Property.GetValue(record);
}

/// <summary>
/// Reads the declarations of published records (<see cref="ResourceAttribute"/>, <see cref="FieldAttribute"/>)
/// with their CLR shape — name, kind, nullability, list — once per type. OpenAPI, GraphQL, CSV and the data dictionary
/// are all generated from what this returns.
/// </summary>
public static class ContractCatalog
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyList<ContractField>> Cache = new();
    private static readonly NullabilityInfoContext Nullability = new();
    private static readonly Lock NullabilityLock = new();

    /// <summary>The fields of a record type in declaration order (the order of the positional parameters).</summary>
    public static IReadOnlyList<ContractField> Fields(Type type) => Cache.GetOrAdd(type, Read);

    /// <summary>The fields of <typeparamref name="T"/>.</summary>
    public static IReadOnlyList<ContractField> Fields<T>() => Fields(typeof(T));

    /// <summary>One field by its contract name; throws when the record has no such field (a programming error).</summary>
    public static ContractField Field<T>(string name) =>
        Fields<T>().FirstOrDefault(f => f.Name == name)
        ?? throw new InvalidOperationException($"{typeof(T).Name} has no field '{name}'");

    /// <summary>The record's declaration, or null when it has none.</summary>
    public static ResourceAttribute? Resource(Type type) => type.GetCustomAttribute<ResourceAttribute>();

    /// <summary>The record's contract name: its <see cref="ResourceAttribute.Name"/>, else the CLR name without "Dto".</summary>
    public static string Name(Type type) => Resource(type)?.Name
        ?? (type.Name.EndsWith("Dto", StringComparison.Ordinal) ? type.Name[..^3] : type.Name);

    /// <summary>The field's name as System.Text.Json writes it with the web defaults (camelCase), or its [JsonPropertyName].</summary>
    public static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    private static IReadOnlyList<ContractField> Read(Type type)
    {
        // Positional records: the order of the primary constructor's parameters is the order the author wrote;
        // GetProperties' order is the same in practice, but the constructor says it.
        var order = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()?
            .GetParameters().Select((p, i) => (p.Name, i)).ToDictionary(x => x.Name!, x => x.i, StringComparer.Ordinal)
            ?? [];
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetMethod is not null && p.GetIndexParameters().Length == 0 && p.GetCustomAttribute<JsonIgnoreAttribute>() is not { Condition: JsonIgnoreCondition.Always }
                && p.Name != "EqualityContract")
            .OrderBy(p => order.TryGetValue(p.Name, out var i) ? i : int.MaxValue)
            .ToList();
        return properties.Select(Describe).ToList();
    }

    private static ContractField Describe(PropertyInfo property)
    {
        NullabilityInfo info;
        lock (NullabilityLock)
        {
            info = Nullability.Create(property);
        }

        var type = property.PropertyType;
        var nullable = info.ReadState == NullabilityState.Nullable;
        var isList = false;
        var elementNullable = false;
        if (type != typeof(string) && ElementType(type) is { } element)
        {
            isList = true;
            elementNullable = info.GenericTypeArguments is [var arg] ? arg.ReadState == NullabilityState.Nullable : info.ElementType?.ReadState == NullabilityState.Nullable;
            type = element;
        }

        var underlying = System.Nullable.GetUnderlyingType(type);
        if (underlying is not null)
        {
            type = underlying;
            if (isList)
            {
                elementNullable = true;
            }
            else
            {
                nullable = true;
            }
        }

        var kind = KindOf(type);
        return new ContractField(JsonName(property), property, kind, nullable, isList, elementNullable,
            kind == FieldKind.Record ? type : null, property.GetCustomAttribute<FieldAttribute>());
    }

    private static Type? ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(IReadOnlyList<>) || definition == typeof(List<>) || definition == typeof(IEnumerable<>)
                || definition == typeof(IReadOnlyCollection<>) || definition == typeof(IList<>)))
        {
            return type.GetGenericArguments()[0];
        }

        return null;
    }

    /// <summary>The kind of a CLR type (not a list, not nullable).</summary>
    public static FieldKind KindOf(Type type)
    {
        if (type == typeof(string) || type.IsEnum)
        {
            return FieldKind.Text;
        }

        if (type == typeof(int) || type == typeof(long) || type == typeof(short))
        {
            return FieldKind.Whole;
        }

        if (type == typeof(decimal))
        {
            return FieldKind.Exact;
        }

        if (type == typeof(double) || type == typeof(float))
        {
            return FieldKind.Binary;
        }

        if (type == typeof(bool))
        {
            return FieldKind.Boolean;
        }

        if (type == typeof(DateOnly))
        {
            return FieldKind.Date;
        }

        if (type == typeof(DateTimeOffset))
        {
            return FieldKind.DateTime;
        }

        if (type == typeof(DateTime))
        {
            // A bare DateTime has no zone. The house style keeps it out of public shapes except for the HJ 212
            // DataTime of self-monitoring, which is published as the logger sent it (local time, no offset).
            return FieldKind.LocalDateTime;
        }

        return FieldKind.Record;
    }
}
