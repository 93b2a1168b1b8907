using System.Globalization;
using Microsoft.AspNetCore.Components;

namespace Public.Web.Site;

/// <summary>
/// Base of every site component: the language comes from the path (<c>/en/…</c> is English, everything else
/// Chinese), so a page's cache key (path + data version) already holds its language.
/// </summary>
public abstract class SitePage : ComponentBase
{
    [CascadingParameter]
    public HttpContext? HttpContext { get; set; }

    protected bool En => SiteText.IsEnglish(HttpContext);

    protected string L(string zh, string en) => En ? en : zh;

    /// <summary>A site path in the page's language: "/air/2019" → "/en/air/2019" on English pages.</summary>
    protected string Href(string path) => SiteText.Localize(path, En);

    /// <summary>The same page in the other language.</summary>
    protected string OtherLanguageHref()
    {
        var path = SiteText.RequestedPath(HttpContext);
        return En ? SiteText.Chinese(path) : SiteText.Localize(path, true);
    }

    protected static string N(decimal? value) => SiteText.Number(value);

    protected static string N(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "—";

    protected static string Time(DateTimeOffset t) => t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    protected static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>An hour on a chart's time axis: "12-04 08:00" (the year is in the chart's description and table).</summary>
    protected static string ShortTime(DateTimeOffset t) => t.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A day on a chart's time axis: "12-04".</summary>
    protected static string ShortDate(DateOnly d) => d.ToString("MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The x-axis title of every hourly chart: the site's time convention.</summary>
    protected string HourAxis => L("北京时间（UTC+08:00），小时结束时刻", "China Standard Time (UTC+08:00), end of each hour");

    /// <summary>The x-axis title of every daily chart.</summary>
    protected string DayAxis => L("日期（自然日按北京时间）", "Date (days in China Standard Time)");

    protected void SetNotFound()
    {
        if (HttpContext is { Response.HasStarted: false } context)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }
}
