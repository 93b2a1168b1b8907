using System.Text.RegularExpressions;

namespace Public.Web.Tests.Site;

/// <summary>What the map tests read from a page's station map: the SVG, its station dots, its scale bar; and the great-circle distance they are checked against.</summary>
internal static partial class MapSvg
{
    /// <summary>Great-circle distance in km (haversine, mean Earth radius 6,371 km), independent of the app's projection.</summary>
    public static double Haversine(double lon1, double lat1, double lon2, double lat2)
    {
        const double r = 6371.0;
        double Rad(double d) => d * Math.PI / 180;
        var h = Math.Pow(Math.Sin(Rad(lat2 - lat1) / 2), 2) + (Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Pow(Math.Sin(Rad(lon2 - lon1) / 2), 2));
        return 2 * r * Math.Asin(Math.Sqrt(h));
    }

    [GeneratedRegex("<svg class=\"chart map\".*?</svg>", RegexOptions.Singleline)]
    public static partial Regex Map();

    [GeneratedRegex("<circle data-station=\"([0-9A-Z]+)\" cx=\"([0-9.]+)\" cy=\"([0-9.]+)\"")]
    public static partial Regex Dot();

    [GeneratedRegex("v5h([0-9.]+)v-5\" [^>]*/><text [^>]*>([0-9]+) km</text>")]
    public static partial Regex Scale();
}
