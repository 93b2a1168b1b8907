using System.Globalization;
using System.Text.Json;

namespace Public.Standards.Calendar;

/// <summary>A State Council General Office notice (国务院办公厅通知) that fixes a year's holidays: title, number (文号), date and gov.cn link.</summary>
public sealed record HolidayNotice(string Title, string? DocumentNumber, DateOnly Date, string Url);

/// <summary>One holiday of a notice: the days off (放假调休, <see cref="From"/>–<see cref="To"/> inclusive) and the weekend days worked instead (调休上班).</summary>
public sealed record Holiday(string Name, string NameEn, DateOnly From, DateOnly To, IReadOnlyList<DateOnly> Workdays, string? Notice);

/// <summary>
/// One year's holiday arrangement as published (content/calendar/{year}.json). A year's notice may reach into the
/// year before (e.g. New Year 2019 starts on 2018-12-30 and 2018-12-29 is worked): those days belong to this file.
/// </summary>
public sealed record HolidayYear(int Year, IReadOnlyList<HolidayNotice> Notices, IReadOnlyList<Holiday> Holidays)
{
    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>Parses a calendar file; <paramref name="name"/> names it in errors. Any missing or malformed field is an error naming it.</summary>
    public static HolidayYear Parse(string json, string name)
    {
        using var document = JsonDocument.Parse(json, Options);
        var root = document.RootElement;
        var year = Required(root, "year", name).GetInt32();
        var notices = new List<HolidayNotice>();
        foreach (var n in Required(root, "notices", name).EnumerateArray())
        {
            var number = n.TryGetProperty("documentNumber", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            notices.Add(new HolidayNotice(Text(n, "title", name), number, Date(n, "date", name), Text(n, "url", name)));
        }

        if (notices.Count == 0)
        {
            throw new FormatException($"{name}: notices: at least the year's notice is required (title, number, date, url)");
        }

        var holidays = new List<Holiday>();
        foreach (var h in Required(root, "holidays", name).EnumerateArray())
        {
            var from = Date(h, "from", name);
            var to = Date(h, "to", name);
            if (to < from)
            {
                throw new FormatException($"{name}: holiday {Text(h, "name", name)}: 'to' {to:yyyy-MM-dd} is before 'from' {from:yyyy-MM-dd}");
            }

            var workdays = Required(h, "workdays", name).EnumerateArray()
                .Select(w => ParseDate(w.GetString(), "workdays", name)).ToList();
            var notice = h.TryGetProperty("notice", out var nn) && nn.ValueKind == JsonValueKind.String ? nn.GetString() : null;
            holidays.Add(new Holiday(Text(h, "name", name), Text(h, "nameEn", name), from, to, workdays, notice));
        }

        return new HolidayYear(year, notices, holidays);
    }

    private static JsonElement Required(JsonElement e, string field, string name) =>
        e.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw new FormatException($"{name}: field '{field}' is required");

    private static string Text(JsonElement e, string field, string name) =>
        Required(e, field, name).GetString() is { Length: > 0 } s ? s : throw new FormatException($"{name}: field '{field}' must not be empty");

    private static DateOnly Date(JsonElement e, string field, string name) => ParseDate(Text(e, field, name), field, name);

    private static DateOnly ParseDate(string? text, string field, string name) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new FormatException($"{name}: field '{field}': '{text}' is not a date YYYY-MM-DD");
}
