using System.Text.Json;
using Public.Standards.Calendar;
using Public.Tests.SharedData;

namespace Public.Standards.Tests.Calendar;

public sealed class WorkingDayCalendarTests
{
    private static readonly WorkingDayCalendar Calendar = CalendarFiles.Calendar();

    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    // Friday 2019-09-27 before National Day: Sun 09-29 is worked (1), Mon 09-30 (2), 10-01…07 off, Tue 10-08 (3), 10-09 (4), 10-10 (5).
    [InlineData("2019-09-27", 5, "2019-10-10")]
    // Friday 2020-01-17: Sun 01-19 is worked (1), 01-20 (2), 01-21 (3), 01-22 (4), 01-23 (5).
    [InlineData("2020-01-17", 5, "2020-01-23")]
    // Thursday 2020-01-23: Spring Festival 01-24…02-02 (extended; the Sat 02-01 working day cancelled) → Mon 02-03.
    [InlineData("2020-01-23", 1, "2020-02-03")]
    // Friday 2018-02-09: Sun 02-11 is worked (1), 02-12 (2), 02-13 (3), then 02-14 (4), 02-15…21 off, Thu 02-22 (5).
    [InlineData("2018-02-09", 5, "2018-02-22")]
    // Friday 2019-12-27: Sat 12-28 off, Sun 12-29 off, Mon 12-30 (1), Tue 12-31 (2), 01-01 off, 01-02 (3), 01-03 (4), Mon 01-06 (5).
    [InlineData("2019-12-27", 5, "2020-01-06")]
    // Friday 2018-12-28: Sat 12-29 is worked (1), 12-30…01-01 off, 01-02 (2), 01-03 (3), 01-04 (4), Mon 01-07 (5).
    [InlineData("2018-12-28", 5, "2019-01-07")]
    // Served on a Saturday (2019-03-16): the start day never counts; Mon 03-18 … Fri 03-22.
    [InlineData("2019-03-16", 5, "2019-03-22")]
    // May Day 2019 as amended (国办发明电〔2019〕2号): Sun 04-28 worked, 05-01…04 off, Sun 05-05 worked.
    [InlineData("2019-04-26", 2, "2019-04-29")]
    [InlineData("2019-04-30", 1, "2019-05-05")]
    [InlineData("2019-04-30", 0, "2019-04-30")]
    public void AddWorkingDaysMatchesHandCount(string start, int days, string expected) =>
        Assert.Equal(D(expected), Calendar.AddWorkingDays(D(start), days));

    [Theory]
    [InlineData("2019-10-01", false)] // National Day
    [InlineData("2019-09-29", true)]  // Sunday worked
    [InlineData("2019-10-12", true)]  // Saturday worked
    [InlineData("2019-10-13", false)] // ordinary Sunday
    [InlineData("2018-12-29", true)]  // Saturday worked, listed in the 2019 notice
    [InlineData("2018-12-31", false)] // New Year 2019 holiday, in 2018
    [InlineData("2020-02-01", false)] // the 2020 extension cancelled this working Saturday
    [InlineData("2019-03-15", true)]  // ordinary Friday
    [InlineData("2026-02-28", true)]  // Saturday worked after the 2026 Spring Festival
    public void IsWorkingDayFollowsTheNotices(string date, bool working) =>
        Assert.Equal(working, Calendar.IsWorkingDay(D(date)));

    [Fact]
    public void WorkingDaysBetweenCountsTheDaysAfterTheFirstUpToTheSecond()
    {
        // 2019-10-10 → 2019-10-15: 10-11 Fri, 10-12 Sat worked, 10-14 Mon, 10-15 Tue = 4.
        Assert.Equal(4, Calendar.WorkingDaysBetween(D("2019-10-10"), D("2019-10-15")));
        Assert.Equal(0, Calendar.WorkingDaysBetween(D("2019-10-15"), D("2019-10-10")));
        // The whole National Day week 2019-09-30 → 2019-10-07 holds no working day after 09-30.
        Assert.Equal(0, Calendar.WorkingDaysBetween(D("2019-09-30"), D("2019-10-07")));
    }

    [Fact]
    public void DatesOutsideTheLoadedNoticesAreRefusedNotGuessed()
    {
        var e = Assert.Throws<CalendarNotCoveredException>(() => Calendar.IsWorkingDay(D("2027-03-01")));
        Assert.Contains("2027", e.Message, StringComparison.Ordinal);
        Assert.Throws<CalendarNotCoveredException>(() => Calendar.IsWorkingDay(D("2017-06-01")));
        // The 2018 notice's New Year starts on 2017-12-30, so that day is judged.
        Assert.False(Calendar.IsWorkingDay(D("2017-12-30")));
    }

    [Fact]
    public void EveryFileNamesItsNoticeWithAGovCnLink()
    {
        var years = CalendarFiles.Years();
        Assert.Equal(Enumerable.Range(2018, 9), years.Select(y => y.Year));
        foreach (var year in years)
        {
            Assert.NotEmpty(year.Notices);
            Assert.All(year.Notices, n => Assert.StartsWith("国务院办公厅关于", n.Title, StringComparison.Ordinal));
            Assert.All(year.Notices, n => Assert.Matches(@"^https?://www\.gov\.cn/", n.Url));
            // Seven holidays a year (Mid-Autumn and National Day count as one when they are joined).
            Assert.InRange(year.Holidays.Count, 6, 7);
        }
    }

    [Fact]
    public void ABadFileIsRefusedWithItsNameAndField()
    {
        var e = Assert.Throws<FormatException>(() => HolidayYear.Parse("""{"year": 2019, "notices": [{"title": "t", "date": "2019-13-01", "url": "u"}], "holidays": []}""", "x.json"));
        Assert.Contains("x.json", e.Message, StringComparison.Ordinal);
        Assert.Contains("date", e.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Every date of 2018–2026 judged the same as the independent holiday-cn dataset (shared data): its files list the
    /// days off and the working weekend days of each year's notices, some of them in the adjacent year (New Year), so
    /// all files are read and each date is looked up wherever it is listed.
    /// </summary>
    [Fact]
    public void EveryDateOf2018To2026AgreesWithHolidayCn()
    {
        var listed = new Dictionary<DateOnly, bool>();
        for (var year = 2018; year <= 2026; year++)
        {
            var path = SharedDataLocator.RequireFile("holiday-cn", $"{year}.json");
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            foreach (var day in document.RootElement.GetProperty("days").EnumerateArray())
            {
                listed[D(day.GetProperty("date").GetString()!)] = !day.GetProperty("isOffDay").GetBoolean();
            }
        }

        var disagreements = new List<string>();
        for (var d = new DateOnly(2018, 1, 1); d <= new DateOnly(2026, 12, 31); d = d.AddDays(1))
        {
            var theirs = listed.TryGetValue(d, out var w) ? w : d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
            if (Calendar.IsWorkingDay(d) != theirs)
            {
                disagreements.Add($"{d:yyyy-MM-dd} ({d.DayOfWeek}): ours {(Calendar.IsWorkingDay(d) ? "working" : "off")}, holiday-cn {(theirs ? "working" : "off")}");
            }
        }

        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements));
        Assert.True(listed.Count > 250, $"only {listed.Count} dates read from holiday-cn");
    }
}
