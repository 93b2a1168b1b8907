using System.Globalization;
using Public.Standards.AirQuality;

namespace Public.Web.Api;

/// <summary>One reusable parser per query concern (paging, dates, pollutants, format), each naming its parameter on error.</summary>
internal static class QueryParameters
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>A time series returns up to a year of hourly values in one page.</summary>
    public const int SeriesMaxLimit = 10_000;

    public static (int Page, int Limit) Paging(string? page, string? limit, int defaultLimit = DefaultLimit, int maxLimit = MaxLimit)
    {
        var p = 1;
        if (!string.IsNullOrEmpty(page) && (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out p) || p < 1))
        {
            throw new BadParameterException("page", $"page '{page}' must be a whole number ≥ 1");
        }

        var l = defaultLimit;
        if (!string.IsNullOrEmpty(limit) && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out l) || l < 1 || l > maxLimit))
        {
            throw new BadParameterException("limit", $"limit '{limit}' must be a whole number from 1 to {maxLimit}");
        }

        // The offset of the page must stay a valid row number (no int overflow into page 1).
        if ((long)(p - 1) * l > int.MaxValue)
        {
            throw new BadParameterException("page", $"page {p} is beyond any result at limit {l}");
        }

        return (p, l);
    }

    public static DateOnly? Date(string? value, string name)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw new BadParameterException(name, $"{name} '{value}' is not a date of the form YYYY-MM-DD (local date, Asia/Shanghai)");
        }

        // Ranges reach a day past their end: the last representable dates would overflow into a 500.
        if (date.Year > 2100)
        {
            throw new BadParameterException(name, $"{name} '{value}' is out of range (years up to 2100)");
        }

        return date;
    }

    /// <summary>Parses from/to (inclusive local dates), defaulting to the last <paramref name="defaultDays"/> days up to <paramref name="defaultTo"/>.</summary>
    public static (DateOnly From, DateOnly To) DateRange(string? from, string? to, DateOnly defaultTo, int defaultDays, int maxDays) =>
        DateRange(from, to, () => defaultTo, defaultDays, maxDays);

    /// <summary>As above, the default end asked for only when <paramref name="to"/> is not given (it may cost a store query).</summary>
    public static (DateOnly From, DateOnly To) DateRange(string? from, string? to, Func<DateOnly> defaultTo, int defaultDays, int maxDays)
    {
        var f = Date(from, "from");
        var t = Date(to, "to");
        var end = t ?? (defaultTo() is var d && f is { } ff && ff.AddDays(defaultDays - 1) < d ? ff.AddDays(defaultDays - 1) : d);
        var start = f ?? end.AddDays(-(defaultDays - 1));
        if (start > end)
        {
            throw new BadParameterException("from", $"from ({start:yyyy-MM-dd}) is after to ({end:yyyy-MM-dd})");
        }

        if (end.DayNumber - start.DayNumber + 1 > maxDays)
        {
            throw new BadParameterException("to", $"the range {start:yyyy-MM-dd} … {end:yyyy-MM-dd} is too large: at most {maxDays} days per request");
        }

        return (start, end);
    }

    public static IReadOnlySet<Pollutant>? Pollutants(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var set = new HashSet<Pollutant>();
        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Standards.AirQuality.Pollutants.TryParse(part, out var p))
            {
                throw new BadParameterException("pollutants", $"unknown pollutant '{part}' (known: {string.Join(", ", Standards.AirQuality.Pollutants.All.Select(Standards.AirQuality.Pollutants.Code))})");
            }

            set.Add(p);
        }

        return set;
    }

    public static bool WantsCsv(HttpRequest request, string? format)
    {
        if (string.IsNullOrEmpty(format))
        {
            return request.Headers.Accept.Any(a => a is not null && a.Contains("text/csv", StringComparison.OrdinalIgnoreCase));
        }

        return format.ToLowerInvariant() switch
        {
            "csv" => true,
            "json" => false,
            _ => throw new BadParameterException("format", $"format '{format}' is not supported (json or csv)"),
        };
    }
}
