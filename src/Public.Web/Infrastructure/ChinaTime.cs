namespace Public.Web.Infrastructure;

/// <summary>
/// Time conventions of the whole system. China Standard Time is a fixed UTC+08:00 (no daylight saving
/// since 1991), so a fixed offset is exact for all data we hold and needs no tz database.
/// Hourly values are labelled with the END of the averaging hour (the CNEMC convention): the value
/// labelled 2019-01-01 01:00 is the mean of 00:00–01:00. A natural day D therefore holds the hours
/// labelled D 01:00 … D+1 00:00 ("the 24 hours before midnight", HJ 633-2012 §5.1).
/// </summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public const string ZoneName = "Asia/Shanghai (UTC+08:00)";

    public static DateTimeOffset FromUnix(long unixSeconds) => DateTimeOffset.FromUnixTimeSeconds(unixSeconds).ToOffset(Offset);

    public static long ToUnix(DateOnly date, int hour) =>
        new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), Offset).AddHours(hour).ToUnixTimeSeconds();

    /// <summary>Unix seconds of local midnight at the start of the day: the day's hours are (start, start + 86400].</summary>
    public static long DayStart(DateOnly date) => ToUnix(date, 0);

    /// <summary>The natural day an hour (given by its end label) belongs to.</summary>
    public static DateOnly DayOfHourEnd(long hourEndUnix) => DateOnly.FromDateTime(FromUnix(hourEndUnix - 1).DateTime);

    public static DateTimeOffset Now(TimeProvider time) => time.GetUtcNow().ToOffset(Offset);

    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(Now(time).DateTime);

    public static string Iso(DateTimeOffset value) => value.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);

    public static string IsoUtc(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
