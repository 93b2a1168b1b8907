using System.Globalization;
using Public.Web.AirQuality.Stations;

namespace Public.Web.Api;

/// <summary>The two geographic filters of every list: <c>bbox=minLon,minLat,maxLon,maxLat</c> or <c>near=lat,lon&amp;radius=m</c>.</summary>
internal static class Geo
{
    private const double EarthRadiusMetres = 6_371_008.8;
    private const double DefaultRadiusMetres = 10_000;

    public static List<Station> Filter(IReadOnlyList<Station> stations, string? bbox, string? near, string? radius)
    {
        if (!string.IsNullOrEmpty(bbox) && !string.IsNullOrEmpty(near))
        {
            throw new BadParameterException("bbox", "use either bbox or near, not both");
        }

        if (!string.IsNullOrEmpty(bbox))
        {
            var b = Numbers(bbox, "bbox", 4, "minLon,minLat,maxLon,maxLat");
            if (b[0] > b[2] || b[1] > b[3] || b[0] < -180 || b[2] > 180 || b[1] < -90 || b[3] > 90)
            {
                throw new BadParameterException("bbox", $"bbox '{bbox}' must be minLon,minLat,maxLon,maxLat with min ≤ max, within ±180/±90");
            }

            return stations.Where(s => s.Lon >= b[0] && s.Lon <= b[2] && s.Lat >= b[1] && s.Lat <= b[3]).ToList();
        }

        if (!string.IsNullOrEmpty(near))
        {
            var p = Numbers(near, "near", 2, "lat,lon");
            if (p[0] is < -90 or > 90 || p[1] is < -180 or > 180)
            {
                throw new BadParameterException("near", $"near '{near}' must be lat,lon within ±90/±180");
            }

            var r = DefaultRadiusMetres;
            if (!string.IsNullOrEmpty(radius) &&
                (!double.TryParse(radius, NumberStyles.Float, CultureInfo.InvariantCulture, out r) || r <= 0 || r > 1_000_000))
            {
                throw new BadParameterException("radius", $"radius '{radius}' must be metres, more than 0 and at most 1,000,000");
            }

            return stations.Where(s => DistanceMetres(p[0], p[1], s.Lat, s.Lon) <= r).ToList();
        }

        if (!string.IsNullOrEmpty(radius))
        {
            throw new BadParameterException("radius", "radius needs near=lat,lon");
        }

        return stations.ToList();
    }

    private static double[] Numbers(string text, string name, int count, string form)
    {
        var parts = text.Split(',');
        var values = new double[parts.Length];
        if (parts.Length != count || parts.Select((p, i) => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i])).Any(ok => !ok))
        {
            throw new BadParameterException(name, $"{name} '{text}' must be {form}");
        }

        return values;
    }

    public static double DistanceMetres(double lat1, double lon1, double lat2, double lon2)
    {
        static double Rad(double d) => d * Math.PI / 180;
        var dLat = Rad(lat2 - lat1);
        var dLon = Rad(lon2 - lon1);
        var a = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) + (Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * EarthRadiusMetres * Math.Asin(Math.Sqrt(a));
    }
}
