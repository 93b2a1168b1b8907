using System.Globalization;
using Microsoft.AspNetCore.Components;
using Public.Standards.AirQuality;

namespace Public.Web.Site.Charts;

/// <summary>A point on the station map: where it is (WGS-84 as published), its name and, when known, its latest AQI.</summary>
internal sealed record MapPoint(string Code, string Name, double Lon, double Lat, int? Aqi);

/// <summary>A key polluter on the map (WGS-84 as in the registry), drawn as a square so that it is told from a station by shape, not colour.</summary>
internal sealed record MapSite(string Id, string Name, double Lon, double Lat);

/// <summary>
/// The station map: an inline SVG on a local equirectangular projection (x scaled by cos of the mean latitude, so a
/// kilometre is the same length both ways at the city's scale), with a graticule, a scale bar and a north arrow. No
/// tile server and no script: it is in the page and in the static export. No boundary or road data is drawn: none
/// with a licence that allows republishing was at hand, and the map says so. On the enterprise pages the key polluters
/// are drawn too, as squares, labelled by name when there are few enough to label without clutter.
/// </summary>
internal static class SvgMap
{
    private const double Width = 400;
    private const double Height = 360;
    private const double Pad = 34;
    private const double KmPerDegree = 111.32;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    // Where a label may go, in order of preference: right of the dot, left, then above or below on either side.
    private static readonly (double Dx, double Dy, bool End)[] Candidates = [(10, 4, false), (-10, 4, true), (10, -9, false), (10, 16, false), (-10, -9, true), (-10, 16, true)];

    /// <summary>At most this many key polluters are labelled by name; beyond it the squares alone (the page's table names them).</summary>
    public const int MaxLabelledSites = 6;

    public static MarkupString Stations(ChartText text, IReadOnlyList<MapPoint> points, string? highlight = null, IReadOnlyList<MapSite>? sites = null, string? highlightSite = null)
    {
        sites ??= [];
        var all = points.Select(p => (p.Lon, p.Lat)).Concat(sites.Select(s => (s.Lon, s.Lat))).ToList();
        var lat0 = all.Average(p => p.Lat);
        var kx = KmPerDegree * Math.Cos(lat0 * Math.PI / 180);
        var (minLon, maxLon) = (all.Min(p => p.Lon), all.Max(p => p.Lon));
        var (minLat, maxLat) = (all.Min(p => p.Lat), all.Max(p => p.Lat));
        // Kilometres per SVG unit: the larger of the two spans fills its side; the map is centred on the stations.
        var spanX = Math.Max((maxLon - minLon) * kx, 1);
        var spanY = Math.Max((maxLat - minLat) * KmPerDegree, 1);
        var unitsPerKm = Math.Min((Width - (2 * Pad)) / spanX, (Height - (2 * Pad)) / spanY);
        var cx = (minLon + maxLon) / 2;
        var cy = (minLat + maxLat) / 2;
        double X(double lon) => (Width / 2) + ((lon - cx) * kx * unitsPerKm);
        double Y(double lat) => (Height / 2) - ((lat - cy) * KmPerDegree * unitsPerKm);

        var listed = string.Join(text.En ? "; " : "；", points.Select(p =>
            $"{p.Name} ({p.Code}) {p.Lon.ToString("0.000", Inv)}°E {p.Lat.ToString("0.000", Inv)}°N" + (p.Aqi is { } a ? $", AQI {a} {Level(a, text.En)}" : "")));
        var desc = (text.En
            ? "Positions of the monitoring stations on a local projection, north up, with a scale bar. No roads or boundaries are drawn. "
            : "各监测站位置（局部投影，上北下南，附比例尺）；未绘制道路与行政边界。") + listed;
        if (sites.Count > 0)
        {
            desc += (text.En ? ". Key polluters (squares): " : "。重点排污单位（方块）：")
                + string.Join(text.En ? "; " : "；", sites.Select(s => $"{s.Name} {s.Lon.ToString("0.000", Inv)}°E {s.Lat.ToString("0.000", Inv)}°N"));
        }

        var svg = SvgChart.Open(text, desc, Width, Height, "chart map");
        svg.Append(Inv, $"<rect x=\"0\" y=\"0\" width=\"{F(Width)}\" height=\"{F(Height)}\" fill=\"#f4f7fa\"/>");

        // Graticule every 0.05° (about 4–5 km here), labelled on the left and bottom edges.
        const double step = 0.05;
        svg.Append("<g stroke=\"#0001\" stroke-width=\"1\">");
        var lons = Ticks(cx - (Width / 2 / unitsPerKm / kx), cx + (Width / 2 / unitsPerKm / kx), step);
        var lats = Ticks(cy - (Height / 2 / unitsPerKm / KmPerDegree), cy + (Height / 2 / unitsPerKm / KmPerDegree), step);
        foreach (var lon in lons)
        {
            svg.Append(Inv, $"<path d=\"M{F(X(lon))} 0V{F(Height)}\"/>");
        }

        foreach (var lat in lats)
        {
            svg.Append(Inv, $"<path d=\"M0 {F(Y(lat))}H{F(Width)}\"/>");
        }

        svg.Append("</g><g fill=\"#444\">");
        // Longitude labels are wide: only every n-th line gets one, so that they never touch.
        var every = Math.Max(1, (int)Math.Ceiling(64 / (step * kx * unitsPerKm)));
        foreach (var lon in lons.Where((l, i) => i % every == 0 && X(l) is > 30 and < Width - 30))
        {
            svg.Append(Inv, $"<text x=\"{F(X(lon))}\" y=\"{F(Height - 4)}\" text-anchor=\"middle\">{lon.ToString("0.00", Inv)}°E</text>");
        }

        foreach (var lat in lats.Where(l => Y(l) is > 14 and < Height - 20))
        {
            svg.Append(Inv, $"<text x=\"3\" y=\"{F(Y(lat) - 3)}\">{lat.ToString("0.00", Inv)}°N</text>");
        }

        svg.Append("</g>");

        // North arrow (top right) and a scale bar of a round length near a quarter of the width (bottom right).
        svg.Append(Inv, $"<path d=\"M{F(Width - 20)} 10l7 18h-14z\" fill=\"#333\"/><text x=\"{F(Width - 20)}\" y=\"42\" text-anchor=\"middle\" font-weight=\"700\">{(text.En ? "N" : "北")}</text>");
        var km = new[] { 1.0, 2, 5, 10, 20 }.LastOrDefault(k => k * unitsPerKm <= Width / 4, 1);
        var bar = km * unitsPerKm;
        var bx = Width - 12 - bar;
        svg.Append(Inv, $"<path d=\"M{F(bx)} {F(Height - 26)}v5h{F(bar)}v-5\" fill=\"none\" stroke=\"#333\" stroke-width=\"1.5\"/><text x=\"{F(bx + (bar / 2))}\" y=\"{F(Height - 30)}\" text-anchor=\"middle\">{km.ToString("0", Inv)} km</text>");

        // Stations: a dot in the colour of the latest level (grey without one), the name and AQI beside it, placed
        // where it covers no other dot or label.
        var taken = points.Select(p => Box(X(p.Lon) - 7, Y(p.Lat) - 7, 14, 14)).Concat(sites.Select(s => Box(X(s.Lon) - 6, Y(s.Lat) - 6, 12, 12))).ToList();
        foreach (var p in points.OrderBy(p => p.Code == highlight ? 0 : 1).ThenBy(p => p.Lat))
        {
            var (x, y) = (X(p.Lon), Y(p.Lat));
            var colour = p.Aqi is { } aqi ? AqiLevels.For(aqi).Hex : "#bbb";
            var mine = p.Code == highlight;
            if (mine)
            {
                svg.Append(Inv, $"<circle cx=\"{F(x)}\" cy=\"{F(y)}\" r=\"12\" fill=\"none\" stroke=\"#0b5cad\" stroke-width=\"3\"/>");
            }

            svg.Append(Inv, $"<circle data-station=\"{p.Code}\" cx=\"{F(x)}\" cy=\"{F(y)}\" r=\"6.5\" fill=\"{colour}\" stroke=\"#222\" stroke-width=\"1.2\"/>");
            var label = p.Name + (p.Aqi is { } v ? " " + v.ToString(Inv) : "");
            var w = Label(label);
            (double X, double Y, double W, double H) BoxOf((double Dx, double Dy, bool End) o) => Box(o.End ? x + o.Dx - w : x + o.Dx, y + o.Dy - 11, w, 14);
            var inside = Candidates.Where(o => BoxOf(o) is var b && b.X >= 0 && b.X + b.W <= Width).ToList();
            var spot = inside.FirstOrDefault(o => !taken.Any(t => Overlaps(t, BoxOf(o))), inside.Count > 0 ? inside[0] : Candidates[0]);
            taken.Add(BoxOf(spot));
            svg.Append(Inv, $"<text x=\"{F(x + spot.Dx)}\" y=\"{F(y + spot.Dy)}\"{(spot.End ? " text-anchor=\"end\"" : "")}{(mine ? " font-weight=\"700\"" : "")} stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">{SvgChart.Esc(label)}</text>");
        }

        // Key polluters: a dark square each (the highlighted one ringed), named beside it when there are few.
        foreach (var s in sites.OrderBy(s => s.Id == highlightSite ? 0 : 1).ThenBy(s => s.Lat))
        {
            var (x, y) = (X(s.Lon), Y(s.Lat));
            var mine = s.Id == highlightSite;
            if (mine)
            {
                svg.Append(Inv, $"<rect x=\"{F(x - 11)}\" y=\"{F(y - 11)}\" width=\"22\" height=\"22\" fill=\"none\" stroke=\"#0b5cad\" stroke-width=\"3\"/>");
            }

            svg.Append(Inv, $"<rect data-enterprise=\"{SvgChart.Esc(s.Id)}\" x=\"{F(x - 5.5)}\" y=\"{F(y - 5.5)}\" width=\"11\" height=\"11\" fill=\"#5b2a86\" stroke=\"#fff\" stroke-width=\"1.2\"/>");
            if (sites.Count > MaxLabelledSites && !mine)
            {
                continue;
            }

            var w = Label(s.Name);
            (double X, double Y, double W, double H) BoxOf((double Dx, double Dy, bool End) o) => Box(o.End ? x + o.Dx - w : x + o.Dx, y + o.Dy - 11, w, 14);
            var inside = Candidates.Where(o => BoxOf(o) is var b && b.X >= 0 && b.X + b.W <= Width).ToList();
            var spot = inside.FirstOrDefault(o => !taken.Any(t => Overlaps(t, BoxOf(o))), inside.Count > 0 ? inside[0] : Candidates[0]);
            taken.Add(BoxOf(spot));
            svg.Append(Inv, $"<text x=\"{F(x + spot.Dx)}\" y=\"{F(y + spot.Dy)}\"{(spot.End ? " text-anchor=\"end\"" : "")}{(mine ? " font-weight=\"700\"" : "")} fill=\"#5b2a86\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">{SvgChart.Esc(s.Name)}</text>");
        }

        return SvgChart.Close(svg);
    }

    private static string Level(int aqi, bool en) => en ? AqiLevels.For(aqi).NameEn : AqiLevels.For(aqi).NameZh;

    private static List<double> Ticks(double from, double to, double step)
    {
        var ticks = new List<double>();
        for (var t = Math.Ceiling(from / step) * step; t <= to; t += step)
        {
            ticks.Add(Math.Round(t, 4));
        }

        return ticks;
    }

    /// <summary>Width of a label at 12 units: CJK characters are square, Latin ones about 0.6 em.</summary>
    private static double Label(string s) => s.Sum(c => c > 0x2E80 ? 12 : 7) + 2;

    private static (double X, double Y, double W, double H) Box(double x, double y, double w, double h) => (x, y, w, h);

    private static bool Overlaps((double X, double Y, double W, double H) a, (double X, double Y, double W, double H) b) =>
        a.X < b.X + b.W && b.X < a.X + a.W && a.Y < b.Y + b.H && b.Y < a.Y + a.H;

    private static string F(double v) => Math.Round(v, 1).ToString("0.#", Inv);
}
