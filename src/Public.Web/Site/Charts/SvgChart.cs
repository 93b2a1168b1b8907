using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Components;
using Public.Standards.AirQuality;

namespace Public.Web.Site.Charts;

/// <summary>One line of a chart: its name (legend and description), its values in label order (null is a gap).</summary>
internal sealed record ChartSeries(string Name, IReadOnlyList<decimal?> Values, bool Dashed = false, bool Step = false);

/// <summary>
/// What every chart of the site says: an id unique on the page, a title and the axis titles (units and the time
/// convention), in the page's language. The data table next to the chart stays the text alternative.
/// </summary>
internal sealed record ChartText(string Id, string Title, string XAxis, string YAxis, bool En);

/// <summary>
/// The site's one chart renderer: inline SVG drawn on the server, so a chart needs no script, no library download
/// and no second request, and it is in the static export as it is on the live site. Each chart is an image for
/// assistive technology (role="img" named by its &lt;title&gt; and described by a &lt;desc&gt; that gives the range, the
/// highest, lowest and latest values); the page keeps the data table. AQI charts draw the HJ 633 level bands in
/// their colours and with their names, so colour is never the only cue.
/// </summary>
internal static class SvgChart
{
    // The drawing box: 400 user units wide scales to the column (≈ 0.82 on a 360 px phone, at most 1.44 on a
    // desktop, where the CSS caps it at 36rem), so 12-unit text stays readable on both.
    private const double Width = 400;
    private const double Height = 250;
    private const double Left = 40;
    private const double Right = 8;
    private const double Top = 26;
    private const double Bottom = 46;
    private const double PlotWidth = Width - Left - Right;
    private const double PlotHeight = Height - Top - Bottom;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly string[] LineColours = ["#0b3d91", "#a40000", "#2d6a00"];

    /// <summary>A time series as lines; with <paramref name="aqiBands"/> the y axis is AQI and the level bands are drawn.</summary>
    public static MarkupString Line(ChartText text, IReadOnlyList<string> labels, IReadOnlyList<ChartSeries> series, bool aqiBands = false)
    {
        var max = series.SelectMany(s => s.Values).Max() ?? 0m;
        var (top, ticks) = aqiBands ? AqiScale(max) : NiceScale(max);
        var svg = Open(text, Describe(text, labels, series));
        if (aqiBands)
        {
            Bands(svg, top, text.En, names: false);
        }

        Grid(svg, top, ticks);
        XTicks(svg, labels, step: PlotWidth / Math.Max(1, labels.Count - 1), offset: 0);
        for (var i = 0; i < series.Count; i++)
        {
            Path(svg, series[i], top, LineColours[i % LineColours.Length], labels.Count);
        }

        if (aqiBands)
        {
            Bands(svg, top, text.En, names: true);
        }

        Legend(svg, series);
        return Close(svg);
    }

    /// <summary>Bars, one per label (months of a year); an optional reference line (a target) is drawn across.</summary>
    public static MarkupString Bars(ChartText text, IReadOnlyList<string> labels, ChartSeries series, (decimal Value, string Name)? reference = null)
    {
        var max = Math.Max(series.Values.Max() ?? 0m, reference?.Value ?? 0m);
        var (top, ticks) = NiceScale(max);
        var svg = Open(text, Describe(text, labels, [series]) + (reference is { } r ? $" {r.Name}: {Num(r.Value)}." : ""));
        Grid(svg, top, ticks);
        var slot = PlotWidth / Math.Max(1, labels.Count);
        XTicks(svg, labels, slot, slot / 2);
        for (var i = 0; i < series.Values.Count; i++)
        {
            if (series.Values[i] is not { } v)
            {
                continue;
            }

            var h = (double)v / top * PlotHeight;
            svg.Append(Inv, $"<rect x=\"{F(Left + (i * slot) + (slot * .15))}\" y=\"{F(Top + PlotHeight - h)}\" width=\"{F(slot * .7)}\" height=\"{F(h)}\" fill=\"#0b5cad\"/>");
        }

        if (reference is { } line)
        {
            var y = Y((double)line.Value, top);
            svg.Append(Inv, $"<path d=\"M{F(Left)} {F(y)}H{F(Width - Right)}\" stroke=\"#a40000\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>");
            svg.Append(Inv, $"<text x=\"{F(Width - Right - 2)}\" y=\"{F(y - 4)}\" text-anchor=\"end\" fill=\"#a40000\">{Esc(line.Name)} {Num(line.Value)}</text>");
        }

        return Close(svg);
    }

    /// <summary>
    /// A year of daily AQI levels: one row per month, one cell per day, coloured by level, with the level names as
    /// the legend (colour plus name). Days without a valid AQI stay grey.
    /// </summary>
    public static MarkupString Calendar(ChartText text, int year, IReadOnlyList<(DateOnly Date, int? Level)> days)
    {
        const double cell = 11.4;
        const double row = 15;
        const double x0 = 40;
        const double y0 = 22;
        var byDate = days.ToDictionary(d => d.Date, d => d.Level);
        var counts = AqiLevels.All.Select(l => (Level: l, Days: days.Count(d => d.Level == l.Number))).ToList();
        var described = string.Join(text.En ? ", " : "，", counts.Select(c => text.En ? $"{c.Level.NameEn} {c.Days} days" : $"{c.Level.NameZh} {c.Days} 天"));
        var missing = days.Count(d => d.Level is null);
        var desc = text.En
            ? $"{year}: {described}; {missing} days without a valid AQI. Rows are months, columns days of the month."
            : $"{year} 年：{described}；无有效 AQI {missing} 天。每行一个月，每列为当月日期。";
        var svg = Open(text, desc, Width, y0 + (12 * row) + 70);
        for (var d = 1; d <= 31; d += 5)
        {
            svg.Append(Inv, $"<text x=\"{F(x0 + ((d - 1) * cell) + (cell / 2))}\" y=\"{F(y0 - 6)}\" text-anchor=\"middle\">{d}</text>");
        }

        for (var m = 1; m <= 12; m++)
        {
            var y = y0 + ((m - 1) * row);
            svg.Append(Inv, $"<text x=\"{F(x0 - 6)}\" y=\"{F(y + cell - 1)}\" text-anchor=\"end\">{(text.En ? CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedMonthName(m) : m + "月")}</text>");
            for (var day = 1; day <= DateTime.DaysInMonth(year, m); day++)
            {
                var date = new DateOnly(year, m, day);
                if (!byDate.TryGetValue(date, out var level))
                {
                    continue;
                }

                var colour = level is { } n ? AqiLevels.All[n - 1].Hex : "#ddd";
                svg.Append(Inv, $"<rect x=\"{F(x0 + ((day - 1) * cell))}\" y=\"{F(y)}\" width=\"{F(cell - 1.4)}\" height=\"{F(cell - 1.4)}\" fill=\"{colour}\"/>");
            }
        }

        // Legend: swatch, name and range of every level, in two columns of three (12 units: Lighthouse's legible size).
        var ly = y0 + (12 * row) + 10;
        for (var i = 0; i < AqiLevels.All.Count; i++)
        {
            var l = AqiLevels.All[i];
            var x = 4 + (i / 3 * 196);
            var y = ly + (i % 3 * 18);
            svg.Append(Inv, $"<rect x=\"{F(x)}\" y=\"{F(y)}\" width=\"12\" height=\"12\" fill=\"{l.Hex}\" stroke=\"#0004\"/><text x=\"{F(x + 16)}\" y=\"{F(y + 11)}\">{Esc(text.En ? l.NameEn : l.NameZh)} {l.MinAqi}–{l.MaxAqi}</text>");
        }

        return Close(svg);
    }

    /// <summary>The opening of every chart and map: the image role, its title and description, the axis titles.</summary>
    internal static StringBuilder Open(ChartText text, string description, double width = Width, double height = Height, string css = "chart")
    {
        var svg = new StringBuilder(4096);
        svg.Append(Inv, $"<svg class=\"{css}\" viewBox=\"0 0 {F(width)} {F(height)}\" role=\"img\" aria-labelledby=\"{text.Id}-t {text.Id}-d\" id=\"{text.Id}\" font-size=\"12\" fill=\"#1a1a1a\">");
        svg.Append(Inv, $"<title id=\"{text.Id}-t\">{Esc(text.Title)}</title><desc id=\"{text.Id}-d\">{Esc(description)}</desc>");
        if (text.YAxis.Length > 0)
        {
            svg.Append(Inv, $"<text x=\"2\" y=\"14\">{Esc(text.YAxis)}</text>");
        }

        if (text.XAxis.Length > 0)
        {
            svg.Append(Inv, $"<text x=\"{F(Left + (PlotWidth / 2))}\" y=\"{F(height - 4)}\" text-anchor=\"middle\">{Esc(text.XAxis)}</text>");
        }

        return svg;
    }

    internal static MarkupString Close(StringBuilder svg) => new(svg.Append("</svg>").ToString());

    /// <summary>The HJ 633 bands up to the scale's top: their colours (pale, under the lines) or their names (over them).</summary>
    private static void Bands(StringBuilder svg, double top, bool en, bool names)
    {
        foreach (var level in AqiLevels.All)
        {
            var low = level.Number == 1 ? 0 : level.MinAqi - 1;
            if (low >= top)
            {
                break;
            }

            var high = Math.Min(level.MaxAqi, top);
            var y = Y(high, top);
            var h = Y(low, top) - y;
            if (names)
            {
                // Drawn over the lines with a white halo, so a line crossing the name does not hide it.
                if (h >= 12)
                {
                    svg.Append(Inv, $"<text x=\"{F(Width - Right - 3)}\" y=\"{F(y + 11)}\" text-anchor=\"end\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">{Esc(en ? level.NameEn : level.NameZh)}</text>");
                }
            }
            else
            {
                svg.Append(Inv, $"<rect x=\"{F(Left)}\" y=\"{F(y)}\" width=\"{F(PlotWidth)}\" height=\"{F(h)}\" fill=\"{level.Hex}\" fill-opacity=\".22\"/>");
            }
        }
    }

    private static void Grid(StringBuilder svg, double top, IReadOnlyList<double> ticks)
    {
        svg.Append("<g stroke=\"#0002\">");
        foreach (var t in ticks)
        {
            svg.Append(Inv, $"<path d=\"M{F(Left)} {F(Y(t, top))}H{F(Width - Right)}\"/>");
        }

        svg.Append("</g><g text-anchor=\"end\">");
        foreach (var t in ticks)
        {
            svg.Append(Inv, $"<text x=\"{F(Left - 4)}\" y=\"{F(Y(t, top) + 4)}\">{F(t)}</text>");
        }

        svg.Append(Inv, $"</g><path d=\"M{F(Left)} {F(Top)}V{F(Top + PlotHeight)}H{F(Width - Right)}\" stroke=\"#555\" fill=\"none\"/>");
    }

    /// <summary>As many x labels as fit without overlapping, evenly spread, the last one always shown.</summary>
    private static void XTicks(StringBuilder svg, IReadOnlyList<string> labels, double step, double offset)
    {
        if (labels.Count == 0)
        {
            return;
        }

        // Labels are centred under their tick but kept inside the box; going from the latest back, a label that would
        // touch the one to its right is left out (its tick stays).
        var half = (labels.Max(l => l.Length) * 3.4) + 4;
        var fit = Math.Max(1, (int)(PlotWidth / ((half * 2) + 8)));
        var every = Math.Max(1, (int)Math.Ceiling(labels.Count / (double)fit));
        double? rightmost = null;
        svg.Append("<g text-anchor=\"middle\">");
        for (var i = labels.Count - 1; i >= 0; i -= every)
        {
            var x = Left + offset + (i * step);
            var centre = Math.Clamp(x, half, Width - half);
            svg.Append(Inv, $"<path d=\"M{F(x)} {F(Top + PlotHeight)}v4\" stroke=\"#555\"/>");
            if (rightmost is not { } r || centre + half <= r - half - 4)
            {
                svg.Append(Inv, $"<text x=\"{F(centre)}\" y=\"{F(Top + PlotHeight + 16)}\">{Esc(labels[i])}</text>");
                rightmost = centre;
            }
        }

        svg.Append("</g>");
    }

    private static void Path(StringBuilder svg, ChartSeries series, double top, string colour, int count)
    {
        var step = PlotWidth / Math.Max(1, count - 1);
        var d = new StringBuilder();
        var pen = false;
        double? lastY = null;
        for (var i = 0; i < series.Values.Count; i++)
        {
            if (series.Values[i] is not { } v)
            {
                pen = false;
                lastY = null;
                continue;
            }

            var x = Left + (i * step);
            var y = Y((double)v, top);
            if (!pen)
            {
                d.Append(Inv, $"M{F(x)} {F(y)}");
            }
            else if (series.Step && lastY is { } previous && previous != y)
            {
                d.Append(Inv, $"H{F(x)}V{F(y)}");
            }
            else
            {
                d.Append(Inv, $"L{F(x)} {F(y)}");
            }

            pen = true;
            lastY = y;
        }

        // A lone value between gaps is a dot, not an invisible zero-length line.
        var lone = series.Values.Count(v => v is not null) == 1;
        svg.Append(Inv, $"<path d=\"{d}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{(lone ? 6 : 2)}\" stroke-linecap=\"round\" stroke-linejoin=\"round\"{(series.Dashed ? " stroke-dasharray=\"6 4\"" : "")}/>");
    }

    private static void Legend(StringBuilder svg, IReadOnlyList<ChartSeries> series)
    {
        if (series.Count < 2)
        {
            return;
        }

        var x = Left + 60;
        for (var i = 0; i < series.Count; i++)
        {
            var s = series[i];
            svg.Append(Inv, $"<path d=\"M{F(x)} 10h18\" stroke=\"{LineColours[i % LineColours.Length]}\" stroke-width=\"2\"{(s.Dashed ? " stroke-dasharray=\"6 4\"" : "")}/><text x=\"{F(x + 22)}\" y=\"14\">{Esc(s.Name)}</text>");
            x += 40 + (s.Name.Length * 7);
        }
    }

    /// <summary>Range, highest, lowest and latest value of every series, in the page's language.</summary>
    private static string Describe(ChartText text, IReadOnlyList<string> labels, IReadOnlyList<ChartSeries> series)
    {
        if (labels.Count == 0)
        {
            return text.En ? "No data." : "无数据。";
        }

        var b = new StringBuilder(text.En ? $"{labels.Count} values from {labels[0]} to {labels[^1]}." : $"共 {labels.Count} 个时段，{labels[0]} 至 {labels[^1]}。");
        foreach (var s in series)
        {
            var known = s.Values.Select((v, i) => (v, i)).Where(p => p.v is not null).ToList();
            if (known.Count == 0)
            {
                b.Append(text.En ? $" {s.Name}: no data." : $"{s.Name}：无数据。");
                continue;
            }

            var hi = known.MaxBy(p => p.v);
            var lo = known.MinBy(p => p.v);
            var last = known[^1];
            b.Append(text.En
                ? $" {s.Name}: highest {Num(hi.v)} ({labels[hi.i]}), lowest {Num(lo.v)} ({labels[lo.i]}), latest {Num(last.v)} ({labels[last.i]})."
                : $"{s.Name}：最高 {Num(hi.v)}（{labels[hi.i]}），最低 {Num(lo.v)}（{labels[lo.i]}），最新 {Num(last.v)}（{labels[last.i]}）。");
        }

        return b.ToString();
    }

    /// <summary>AQI axis: up to the top of the level holding the highest value (at least "good"), ticks at level bounds.</summary>
    private static (double Top, IReadOnlyList<double> Ticks) AqiScale(decimal max)
    {
        var top = AqiLevels.For((int)Math.Max(100, Math.Min(500, max))).MaxAqi;
        return (top, AqiLevels.All.Select(l => (double)l.MaxAqi).Where(t => t <= top).Prepend(0).ToList());
    }

    /// <summary>A round top (1, 2, 2.5, 5 × 10ⁿ) a little above the highest value, and five ticks.</summary>
    private static (double Top, IReadOnlyList<double> Ticks) NiceScale(decimal max)
    {
        var target = Math.Max((double)max * 1.05, 1e-9);
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(target / 5)));
        var step = new[] { 1, 2, 2.5, 5, 10 }.Select(f => f * magnitude).First(s => s * 5 >= target);
        return (step * 5, Enumerable.Range(0, 6).Select(i => i * step).ToList());
    }

    private static double Y(double value, double top) => Top + PlotHeight - (Math.Clamp(value, 0, top) / top * PlotHeight);

    private static string F(double v) => Math.Round(v, 1).ToString("0.#", Inv);

    private static string Num(decimal? v) => SiteText.Number(v);

    internal static string Esc(string s) => WebUtility.HtmlEncode(s);
}
