using GraphQL;
using GraphQL.DataLoader;
using Public.Web.Api;
using Public.Web.GraphQL;

namespace Public.Web.AirQuality.GraphQL;

/// <summary>
/// Resolvers of a station's series. Each goes through a per-request batch loader keyed by station code, so that
/// <c>stations { hourly/daily/versions/latest }</c> costs one store query per series and arguments, whatever the
/// number of stations. Dates, defaults and limits are those of REST (<see cref="QueryParameters"/>).
/// </summary>
internal static class StationSeries
{
    public static IDataLoaderResult<LatestDto?> Latest(IResolveFieldContext context, string code)
    {
        var queries = context.Service<AirQualityQueries>();
        return context.Request().Loader<LatestDto>("latest", codes => queries.Latest(codes)).Load(code);
    }

    public static IDataLoaderResult<Connection> Hourly(IResolveFieldContext context, string code)
    {
        var queries = context.Service<AirQualityQueries>();
        var filter = context.GetArgument<SeriesFilter?>("filter") ?? new SeriesFilter();
        var (from, to) = Range(context, filter, 7, AirQualityQueries.HourlyMaxDays);
        var pollutants = filter.PollutantSet;
        var (first, after) = PageArguments(context);
        return context.Request()
            .Loader<IReadOnlyList<HourDto>>($"hourly|{from}|{to}|{filter.PollutantKey}", codes => queries.StationHourly(codes, from, to, pollutants))
            .Load(code, hours => Paging.Slice(hours ?? [], first, after));
    }

    public static IDataLoaderResult<Connection> Daily(IResolveFieldContext context, string code)
    {
        var queries = context.Service<AirQualityQueries>();
        var filter = context.GetArgument<SeriesFilter?>("filter") ?? new SeriesFilter();
        var (from, to) = Range(context, filter, 30, AirQualityQueries.DailyMaxDays);
        var (first, after) = PageArguments(context);
        return context.Request()
            .Loader<IReadOnlyList<DayDto>>($"daily|{from}|{to}", codes => queries.StationDaily(codes, from, to))
            .Load(code, days => Paging.Slice(FilterDays(days ?? [], filter), first, after));
    }

    public static IDataLoaderResult<Connection> Versions(IResolveFieldContext context, string code)
    {
        var queries = context.Service<AirQualityQueries>();
        var filter = context.GetArgument<SeriesFilter?>("filter") ?? new SeriesFilter();
        var (from, to) = Range(context, filter, 7, AirQualityQueries.HourlyMaxDays);
        var changedOnly = filter.ChangedOnly ?? false;
        var (first, after) = PageArguments(context);
        return context.Request()
            .Loader<IReadOnlyList<HourVersionDto>>($"versions|{from}|{to}|{changedOnly}", codes => queries.StationVersions(codes, from, to, changedOnly))
            .Load(code, versions => Paging.Slice(versions ?? [], first, after));
    }

    /// <summary>The REST date range rules; the default end (latest day with data) is read once per request.</summary>
    public static (DateOnly From, DateOnly To) Range(IResolveFieldContext context, SeriesFilter filter, int defaultDays, int maxDays)
    {
        var latest = filter.From is null || filter.To is null
            ? context.Request().Once("latestDay", () => context.Service<AirQualityQueries>().LatestDay())
            : default;
        return QueryParameters.DateRange(SeriesFilter.Text(filter.From), SeriesFilter.Text(filter.To), latest, defaultDays, maxDays);
    }

    /// <summary>The daily pollutant selection of REST, and the minimum category of GraphQL.</summary>
    public static List<DayDto> FilterDays(IEnumerable<DayDto> days, SeriesFilter filter)
    {
        var pollutants = filter.PollutantSet;
        return days
            .Where(d => filter.MinLevel is not { } min || (d.Level is { } level && level.Number >= min))
            .Select(d => pollutants is null
                ? d
                : d with { Values = d.Values.Where(v => Standards.AirQuality.Pollutants.TryParse(v.Pollutant, out var p) && pollutants.Contains(p)).ToList() })
            .ToList();
    }

    /// <summary>first/after read and checked in the resolver, so a bad value fails before anything is loaded.</summary>
    public static (int First, string? After) PageArguments(IResolveFieldContext context)
    {
        var first = Paging.First(context.GetArgument<int?>("first"));
        var after = context.GetArgument<string?>("after");
        _ = Paging.Slice(Array.Empty<string>(), first, after); // validates the cursor
        return (first, after);
    }
}
