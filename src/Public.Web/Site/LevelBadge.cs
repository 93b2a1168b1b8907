using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Components;
using Public.Web.AirQuality;

namespace Public.Web.Site;

/// <summary>
/// An AQI level as a badge: its colour always next to its name, never colour alone. Markup rather than a component: the
/// tables show one a row (48 hours and 30 days on a station page, the stations and 48 hours on the home page: some 80 a
/// page), and a component each meant creating, parameterising and diffing that many components on every render.
/// </summary>
internal static class LevelBadge
{
    public static MarkupString Html(LevelDto? level, bool en) => new(level is { } l
        ? string.Create(CultureInfo.InvariantCulture,
            $"<span class=\"level\" style=\"background:{Encode(l.Color)};color:{Encode(SiteText.TextOn(l.Color))}\">{Encode(en ? l.NameEn : l.Name)}<span class=\"grade\"> · {Encode(en ? "level " + l.Number : l.Grade)}</span></span>")
        : en ? "<span class=\"level level-none\">no valid data</span>" : "<span class=\"level level-none\">无有效数据</span>");

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
