using System.Globalization;
using GraphQL.Types;
using GraphQLParser.AST;
using Public.Web.Infrastructure;

namespace Public.Web.GraphQL;

/// <summary>
/// <c>Date</c>: a local calendar date in Asia/Shanghai, <c>YYYY-MM-DD</c> — the same form as the REST
/// <c>from</c>/<c>to</c> parameters and <c>date</c> fields.
/// </summary>
internal sealed class LocalDateGraphType : ScalarGraphType
{
    public LocalDateGraphType()
    {
        Name = "Date";
        Description = "日期（北京时间本地日期）/ A local calendar date in Asia/Shanghai (UTC+08:00), written YYYY-MM-DD, e.g. \"2019-01-01\". " +
            "Natural day D holds the hourly values labelled D 01:00 … D+1 00:00.";
    }

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLStringValue s => Parse(s.Value.ToString()),
        GraphQLNullValue => null,
        _ => ThrowLiteralConversionError(value, "a date is written as a string \"YYYY-MM-DD\""),
    };

    public override object? ParseValue(object? value) => value switch
    {
        null => null,
        string s => Parse(s),
        DateOnly d => d,
        _ => ThrowValueConversionError(value),
    };

    public override object? Serialize(object? value) => value switch
    {
        null => null,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => ThrowSerializationError(value),
    };

    private static DateOnly Parse(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw new FormatException($"'{text}' is not a date of the form YYYY-MM-DD (local date, Asia/Shanghai)");
}

/// <summary>
/// <c>DateTime</c>: an ISO 8601 instant with its offset, written exactly as REST writes it
/// (<c>2019-01-01T01:00:00+08:00</c>; UTC as <c>2018-12-31T17:00:00Z</c>).
/// </summary>
internal sealed class OffsetDateTimeGraphType : ScalarGraphType
{
    public OffsetDateTimeGraphType()
    {
        Name = "DateTime";
        Description = "带时区偏移的时间 / An ISO 8601 date-time with its UTC offset, e.g. \"2019-01-01T01:00:00+08:00\" (local, Asia/Shanghai) " +
            "or \"2018-12-31T17:00:00Z\" (UTC). An offset is required on input.";
    }

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLStringValue s => Parse(s.Value.ToString()),
        GraphQLNullValue => null,
        _ => ThrowLiteralConversionError(value, "a date-time is written as an ISO 8601 string with offset"),
    };

    public override object? ParseValue(object? value) => value switch
    {
        null => null,
        string s => Parse(s),
        DateTimeOffset d => d,
        _ => ThrowValueConversionError(value),
    };

    public override object? Serialize(object? value) => value switch
    {
        null => null,
        DateTimeOffset d => IsoTimeConverter.Format(d),
        _ => ThrowSerializationError(value),
    };

    private static DateTimeOffset Parse(string text)
    {
        // A time without offset would silently mean the server's zone; refuse it instead.
        var hasOffset = text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
        return hasOffset && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw new FormatException($"'{text}' is not an ISO 8601 date-time with offset (e.g. 2019-01-01T01:00:00+08:00)");
    }
}
