using System.Globalization;
using Microsoft.Extensions.Options;
using Public.Web.Infrastructure;

namespace Public.Web.Serving;

/// <summary>Endpoint metadata: answer this endpoint from the data cache (for endpoints outside the cached path prefixes).</summary>
public sealed class DataCachedMetadata(bool cached)
{
    public bool Cached { get; } = cached;
}

/// <summary>Endpoint metadata: this endpoint's answers may be kept this long by clients and CDNs.</summary>
public sealed class FreshnessMetadata(TimeSpan maxAge)
{
    public TimeSpan MaxAge { get; } = maxAge;
}

/// <summary>Endpoint conventions of the serving layer, for features whose routes need something else than the default.</summary>
public static class ServingConventions
{
    /// <summary>Answer from the data cache with ETag, compression and Cache-Control, like everything under the cached prefixes.</summary>
    public static TBuilder CachedAsData<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new DataCachedMetadata(true));

    /// <summary>Never cache (an endpoint under a cached prefix whose answer is not a function of the data version).</summary>
    public static TBuilder NotCachedAsData<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new DataCachedMetadata(false));

    public static TBuilder WithFreshness<TBuilder>(this TBuilder builder, TimeSpan maxAge) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new FreshnessMetadata(maxAge));
}

/// <summary>
/// <c>Cache-Control</c> by resource, decided from the request alone so every feature gets it without code:
/// an answer about a closed period — route values <c>year</c>/<c>month</c>, or a <c>to</c>/<c>date</c> query
/// parameter, that ended before today (Asia/Shanghai) — is long-lived; so are reference tables; everything
/// else (the latest hours, default ranges that end today, a year in progress) gets the short max-age.
/// </summary>
public sealed class FreshnessPolicy(IOptions<ServingOptions> options, TimeProvider time)
{
    // The hour labelled D+1 00:00 belongs to day D and is published shortly after midnight, sometimes late:
    // a day counts as closed two hours after it ended.
    private static readonly TimeSpan LatePublication = TimeSpan.FromHours(2);

    private readonly ServingOptions _options = options.Value;

    public string CacheControl(HttpContext context) => "public, max-age=" + MaxAge(context).TotalSeconds.ToString("F0", CultureInfo.InvariantCulture);

    public TimeSpan MaxAge(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<FreshnessMetadata>() is { } declared)
        {
            return declared.MaxAge;
        }

        var path = context.Request.Path;
        var closed = _options.LongLivedPaths.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase))
            || (PeriodEnd(context) is { } end && end < DateOnly.MaxValue && ChinaTime.Now(time) >= ChinaTime.FromUnix(ChinaTime.DayStart(end.AddDays(1))) + LatePublication);
        return TimeSpan.FromSeconds(closed ? _options.LongMaxAgeSeconds : _options.ShortMaxAgeSeconds);
    }

    /// <summary>The last local day the request asks about, when it names one; null for "up to now".</summary>
    internal static DateOnly? PeriodEnd(HttpContext context)
    {
        var route = context.Request.RouteValues;
        if (Int(route["year"]) is { } year and >= 1 and <= 9999)
        {
            return Int(route["month"]) is { } month and >= 1 and <= 12
                ? new DateOnly(year, month, 1).AddMonths(1).AddDays(-1)
                : new DateOnly(year, 12, 31);
        }

        var query = context.Request.Query;
        foreach (var name in new[] { "to", "date" })
        {
            if (DateOnly.TryParseExact(query[name].ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }
        }

        return null;
    }

    private static int? Int(object? value) => value switch
    {
        int i => i,
        string s when int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var i) => i,
        _ => null,
    };
}
