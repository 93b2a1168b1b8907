using System.Text;

namespace Public.Web.Tests;

/// <summary>
/// The tests' own RFC 4180 reader, written independently of the app's CSV code so that a test reading a CSV answer
/// checks it rather than repeating it: quoted fields, doubled quotes, CRLF or LF line ends, a leading BOM dropped.
/// </summary>
internal static class Rfc4180
{
    /// <summary>Every record of the text, the header first.</summary>
    public static List<string[]> Records(string text)
    {
        text = text.TrimStart('\uFEFF');
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                fields.Add(field.ToString());
                field.Clear();
                records.Add([.. fields]);
                fields.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add([.. fields]);
        }

        return records;
    }
}
