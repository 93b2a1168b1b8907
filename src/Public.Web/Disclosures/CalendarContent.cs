using Public.Standards.Calendar;
using Public.Web.Infrastructure;

namespace Public.Web.Disclosures;

/// <summary>Loads the working-day calendar from content/calendar/{year}.json (one file per year's holiday notice).</summary>
internal static class CalendarContent
{
    public const string Folder = "calendar";

    public static WorkingDayCalendar Load(ContentFiles content)
    {
        var folder = content.PathOf(Folder);
        var files = Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal).ToList() : [];
        if (files.Count == 0)
        {
            throw new InvalidOperationException($"no holiday calendar files in {folder} (content/calendar/{{year}}.json)");
        }

        return new WorkingDayCalendar(files.Select(f => HolidayYear.Parse(File.ReadAllText(f), Path.GetFileName(f))));
    }
}
