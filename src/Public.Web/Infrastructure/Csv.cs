using System.Text;

namespace Public.Web.Infrastructure;

/// <summary>RFC 4180 CSV, UTF-8 with BOM so that Excel and WPS open Chinese text correctly.</summary>
public static class Csv
{
    public const string ContentType = "text/csv; charset=utf-8";

    /// <summary>The characters that make a field quoted.</summary>
    private static readonly System.Buffers.SearchValues<char> _special = System.Buffers.SearchValues.Create(",\"\r\n");

    public static string Field(string? value)
    {
        if (value is null)
        {
            return "";
        }

        return value.AsSpan().IndexOfAny(_special) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    /// <summary>
    /// Writes a table: a header of English field names and one line per row (CRLF line ends, per RFC 4180). The
    /// published files are written through <see cref="Contract.CsvLayout{T}"/>, which turns values into text.
    /// </summary>
    public static byte[] Write<T>(IEnumerable<T> rows, IReadOnlyList<(string Header, Func<T, string?> Value)> columns)
    {
        var sb = new StringBuilder();
        sb.Append('\uFEFF');
        sb.AppendJoin(',', columns.Select(c => Field(c.Header))).Append("\r\n");
        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append(',');
                }

                sb.Append(Field(columns[i].Value(row)));
            }

            sb.Append("\r\n");
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
