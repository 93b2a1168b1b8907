using System.Globalization;
using System.Text;

namespace Public.Web.Infrastructure.Publication;

/// <summary>
/// The log id of a record: its natural key's parts joined with '.', each part kept as it is where it is made of
/// <c>A–Z a–z 0–9 -</c> and every other character written as '_' and the hex of its UTF-8 bytes (a '.' inside a part
/// is <c>_2E</c>, a Chinese character three bytes such as <c>_E9_94_A6</c>). So an id is one URL path segment of
/// <c>[A-Za-z0-9._-]</c>, two records never share one, and the key can be read back from it.
/// </summary>
internal static class RecordIds
{
    public static string Of(IEnumerable<object?> parts) => string.Join('.', parts.Select(Part));

    public static string Part(object? value)
    {
        var text = value switch
        {
            null => "",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        var sb = new StringBuilder(text.Length);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.IsAscii && (char.IsAsciiLetterOrDigit((char)rune.Value) || rune.Value == '-'))
            {
                sb.Append((char)rune.Value);
                continue;
            }

            var n = rune.EncodeToUtf8(bytes);
            foreach (var b in bytes[..n])
            {
                sb.Append('_').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    /// <summary>Whether a text can be a log id (checked on the route before it reaches SQL).</summary>
    public static bool IsValid(string id) =>
        id.Length is > 0 and <= 1000 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-') && id.Trim('.').Length > 0;
}
