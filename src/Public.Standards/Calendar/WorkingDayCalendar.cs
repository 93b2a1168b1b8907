using System.Globalization;

namespace Public.Standards.Calendar;

/// <summary>A date the calendar cannot judge: no holiday notice for its year is loaded.</summary>
public sealed class CalendarNotCoveredException(DateOnly date, string covered)
    : Exception($"no holiday notice for {date.Year} is loaded (the working-day calendar covers {covered}), so {date:yyyy-MM-dd} cannot be judged")
{
    public DateOnly Date { get; } = date;
}

/// <summary>
/// China's working days (工作日): Monday to Friday, except the public holidays of the State Council's notices, plus the
/// weekend days those notices make working days (调休上班). Used for deadlines counted in working days, such as the
/// temporary disclosure report (临时报告) due within 5 working days (企业环境信息依法披露管理办法).
/// A date is judged only when the notice of its year is loaded (the days of a notice that fall in the year before —
/// New Year from 30 December — count as covered too); anything else throws <see cref="CalendarNotCoveredException"/>
/// rather than guess.
/// </summary>
public sealed class WorkingDayCalendar
{
    private readonly Dictionary<DateOnly, bool> _special = [];
    private readonly Dictionary<DateOnly, Holiday> _holidayOf = [];
    private readonly DateOnly _first;
    private readonly DateOnly _last;

    public WorkingDayCalendar(IEnumerable<HolidayYear> years)
    {
        Years = years.OrderBy(y => y.Year).ToList();
        if (Years.Count == 0)
        {
            throw new ArgumentException("the calendar needs at least one year", nameof(years));
        }

        for (var i = 1; i < Years.Count; i++)
        {
            if (Years[i].Year != Years[i - 1].Year + 1)
            {
                throw new ArgumentException($"the calendar's years must be consecutive: {Years[i - 1].Year} is followed by {Years[i].Year}", nameof(years));
            }
        }

        foreach (var year in Years)
        {
            foreach (var holiday in year.Holidays)
            {
                for (var d = holiday.From; d <= holiday.To; d = d.AddDays(1))
                {
                    Set(d, false, year.Year);
                    _holidayOf[d] = holiday;
                }

                foreach (var w in holiday.Workdays)
                {
                    Set(w, true, year.Year);
                }
            }
        }

        _first = new DateOnly(Years[0].Year, 1, 1);
        var earliest = _special.Keys.DefaultIfEmpty(_first).Min();
        if (earliest < _first)
        {
            _first = earliest;
        }

        _last = new DateOnly(Years[^1].Year, 12, 31);
    }

    public IReadOnlyList<HolidayYear> Years { get; }

    /// <summary>The first and last date judged.</summary>
    public (DateOnly First, DateOnly Last) Coverage => (_first, _last);

    private void Set(DateOnly date, bool working, int year)
    {
        if (_special.TryGetValue(date, out var existing) && existing != working)
        {
            throw new ArgumentException($"{date:yyyy-MM-dd} is both a holiday and a working day in the {year} arrangement");
        }

        _special[date] = working;
    }

    public bool Covers(DateOnly date) => date >= _first && date <= _last;

    public bool IsWorkingDay(DateOnly date)
    {
        Check(date);
        return _special.TryGetValue(date, out var working)
            ? working
            : date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
    }

    /// <summary>The public holiday a date belongs to, if any.</summary>
    public Holiday? HolidayOn(DateOnly date) => _holidayOf.GetValueOrDefault(date);

    /// <summary>
    /// The <paramref name="days"/>-th working day after <paramref name="start"/> (the start day itself never counts,
    /// whether or not it is a working day): "within 5 working days of receiving" on a Friday before National Day
    /// ends on the fifth working day after it. <paramref name="days"/> = 0 gives the start.
    /// </summary>
    public DateOnly AddWorkingDays(DateOnly start, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var date = start;
        for (var counted = 0; counted < days;)
        {
            date = date.AddDays(1);
            if (IsWorkingDay(date))
            {
                counted++;
            }
        }

        return date;
    }

    /// <summary>Working days d with <paramref name="after"/> &lt; d ≤ <paramref name="until"/> (0 when until ≤ after).</summary>
    public int WorkingDaysBetween(DateOnly after, DateOnly until)
    {
        var count = 0;
        for (var d = after.AddDays(1); d <= until; d = d.AddDays(1))
        {
            if (IsWorkingDay(d))
            {
                count++;
            }
        }

        return count;
    }

    private void Check(DateOnly date)
    {
        if (!Covers(date))
        {
            throw new CalendarNotCoveredException(date, string.Create(CultureInfo.InvariantCulture, $"{_first:yyyy-MM-dd} to {_last:yyyy-MM-dd}"));
        }
    }
}
