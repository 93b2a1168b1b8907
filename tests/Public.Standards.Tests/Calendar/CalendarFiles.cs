using Public.Standards.Calendar;

namespace Public.Standards.Tests.Calendar;

/// <summary>The repository's calendar files (content/calendar/{year}.json), found from the test binaries upwards.</summary>
internal static class CalendarFiles
{
    public static string Folder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "content", "calendar");
            if (File.Exists(Path.Combine(candidate, "2019.json")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("content/calendar not found above " + AppContext.BaseDirectory);
    }

    public static IReadOnlyList<HolidayYear> Years() =>
        Directory.EnumerateFiles(Folder(), "*.json").Order(StringComparer.Ordinal)
            .Select(f => HolidayYear.Parse(File.ReadAllText(f), Path.GetFileName(f))).ToList();

    public static WorkingDayCalendar Calendar() => new(Years());
}
