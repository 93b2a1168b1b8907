using System.Text;

namespace Public.Web.Infrastructure;

/// <summary>A CSV record: the line it starts on and its fields.</summary>
internal sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);

/// <summary>
/// RFC 4180 reading for the import formats, with the line each record starts on (a quoted field may hold
/// line breaks); LF or CRLF. Empty lines hold no record and are skipped. The first malformed spot stops the
/// reading and is returned as an error with its line: a quote inside an unquoted field, text after a
/// closing quote, a quoted field not closed.
/// </summary>
internal static class CsvReader
{
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
        var fieldStarted = false;
        var closedQuote = false;
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
                        closedQuote = true;
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
                case '"' when !fieldStarted:
                    quoted = true;
                    fieldStarted = true;
                    break;
                case ',':
                    EndField();
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    break;
                case '\n':
                    EndField();
                    EndRecord();
                    line++;
                    recordLine = line;
                    break;
                default:
                    if (closedQuote)
                    {
                        (error, errorLine) = ("text after the closing quote of a field", line);
                        return records;
                    }

                    if (c == '"')
                    {
                        (error, errorLine) = ("a quote inside an unquoted field (quote the whole field and double the inner quotes: \"\")", line);
                        return records;
                    }

                    fieldStarted = true;
                    field.Append(c);
                    break;
            }
        }

        if (quoted)
        {
            (error, errorLine) = ("a quoted field is not closed before the end of the file", recordLine);
            return records;
        }

        if (field.Length > 0 || fields.Count > 0 || fieldStarted)
        {
            EndField();
            EndRecord();
        }

        return records;

        void EndField()
        {
            fields.Add(field.ToString());
            field.Clear();
            fieldStarted = false;
            closedQuote = false;
        }

        void EndRecord()
        {
            if (!(fields.Count == 1 && fields[0].Length == 0))
            {
                records.Add(new CsvRecord(recordLine, fields.ToList()));
            }

            fields.Clear();
        }
    }
}
