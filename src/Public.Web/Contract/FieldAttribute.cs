namespace Public.Web.Contract;

/// <summary>
/// Declares one field of a published record, once: what it means in Chinese and English, its unit, the values it may
/// take, an example. Put it on the record's positional parameter as <c>[property: Field("…", "…")]</c>. Every face of
/// the record reads it from here — the OpenAPI schema, the GraphQL type, the CSV column notes and the data
/// dictionary pages — so a meaning is never written twice. See <see cref="ContractCatalog"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class FieldAttribute(string zh, string en) : Attribute
{
    /// <summary>Meaning in Chinese (short: a noun phrase, e.g. 站点编码).</summary>
    public string Zh { get; } = zh;

    /// <summary>Meaning in English (a sentence; conventions and units may be named here too).</summary>
    public string En { get; } = en;

    /// <summary>The unit of the value as written (µg/m³, mg/m³, %, 元, m); null for codes, names, counts and times.</summary>
    public string? Unit { get; init; }

    /// <summary>An example value as it appears in JSON (a string's text without quotes).</summary>
    public string? Example { get; init; }

    /// <summary>The closed set of values a string field takes; a client may treat an unknown one as "other" (values may be added in v1).</summary>
    public string[]? Values { get; init; }

    /// <summary>Fixed decimal places of a number, when the standard fixes them (e.g. CO to one decimal); -1 when not fixed.</summary>
    public int Decimals { get; init; } = -1;

    /// <summary>When set, the field is deprecated: the text says what replaces it and from when it will be gone.</summary>
    public string? Deprecated { get; init; }

    /// <summary>The description as one line, Chinese first: <c>站点编码 / National station code.</c></summary>
    public string Description => Bilingual.Join(Zh, En);
}

/// <summary>
/// Declares a published record type: its name in the contract (OpenAPI schema and GraphQL type) and its meaning.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ResourceAttribute(string name, string zh, string en) : Attribute
{
    /// <summary>The type's name in GraphQL and in the OpenAPI components (e.g. <c>Station</c>).</summary>
    public string Name { get; } = name;

    public string Zh { get; } = zh;

    public string En { get; } = en;

    public string Description => Bilingual.Join(Zh, En);
}

/// <summary>How a Chinese and an English text are written as one line.</summary>
public static class Bilingual
{
    /// <summary>
    /// <c>zh / en</c>; after a full-width closing bracket no space precedes the slash (<c>城市（英文）/ City in English.</c>):
    /// the bracket carries its own spacing, and that is how the published descriptions have always been written.
    /// </summary>
    public static string Join(string zh, string en) => zh.EndsWith('）') ? $"{zh}/ {en}" : $"{zh} / {en}";
}
