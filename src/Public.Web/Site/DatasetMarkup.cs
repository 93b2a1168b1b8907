using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Public.Web.Api;

namespace Public.Web.Site;

/// <summary>
/// schema.org <c>Dataset</c> / <c>DataCatalog</c> markup (JSON-LD) for the data pages: names and descriptions in Chinese
/// and English (language-tagged values), license, creator and publisher, temporal and spatial coverage, the measured
/// variables with their units, and the CSV/JSON downloads. JSON-LD is a data block (<c>type="application/ld+json"</c>):
/// browsers do not run it, so the CSP's <c>script-src 'self'</c> does not apply to it.
/// </summary>
internal static class DatasetMarkup
{
    public const string LicenseUrl = "https://creativecommons.org/licenses/by/4.0/";

    /// <summary>Readable Chinese, but &lt; &gt; &amp; ' " still escaped, so no text can close the script element.</summary>
    private static readonly JsonSerializerOptions _json = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    /// <summary>Jinzhou city (锦州市) bounding box, south-west and north-east corners: latitude 40.6–42.1°N, longitude 120.7–122.6°E.</summary>
    private const string CityBox = "40.6 120.7 42.1 122.6";

    private static readonly (string Code, string Zh, string En, string Unit, string? UnitCode)[] _variables =
    [
        ("PM2.5", "细颗粒物 PM₂.₅ 浓度", "PM2.5 concentration", "µg/m³", "GQ"),
        ("PM10", "可吸入颗粒物 PM₁₀ 浓度", "PM10 concentration", "µg/m³", "GQ"),
        ("SO2", "二氧化硫 SO₂ 浓度", "SO2 concentration", "µg/m³", "GQ"),
        ("NO2", "二氧化氮 NO₂ 浓度", "NO2 concentration", "µg/m³", "GQ"),
        ("CO", "一氧化碳 CO 浓度", "CO concentration", "mg/m³", "GP"),
        ("O3", "臭氧 O₃ 浓度", "O3 concentration", "µg/m³", "GQ"),
        ("AQI", "空气质量指数 AQI（HJ 633）", "Air quality index AQI (HJ 633)", "dimensionless", null),
    ];

    public static object Text(string zh, string en) => new object[]
    {
        new Dictionary<string, string> { ["@language"] = "zh-CN", ["@value"] = zh },
        new Dictionary<string, string> { ["@language"] = "en", ["@value"] = en },
    };

    public static string Origin(HttpContext? context) => SiteText.PublicOrigin(context);

    public static IReadOnlyList<object> AirVariables() => _variables.Select(v =>
    {
        var property = new Dictionary<string, object?>
        {
            ["@type"] = "PropertyValue",
            ["propertyID"] = v.Code,
            ["name"] = Text(v.Zh, v.En),
            ["unitText"] = v.Unit,
        };
        if (v.UnitCode is not null)
        {
            property["unitCode"] = v.UnitCode;
        }

        return (object)property;
    }).ToList();

    public static object City() => new Dictionary<string, object?>
    {
        ["@type"] = "Place",
        ["name"] = Text("辽宁省锦州市", "Jinzhou, Liaoning, China"),
        ["geo"] = new Dictionary<string, object?> { ["@type"] = "GeoShape", ["box"] = CityBox },
    };

    public static object Point(string nameZh, string nameEn, double lat, double lon) => new Dictionary<string, object?>
    {
        ["@type"] = "Place",
        ["name"] = Text(nameZh, nameEn),
        ["geo"] = new Dictionary<string, object?> { ["@type"] = "GeoCoordinates", ["latitude"] = lat, ["longitude"] = lon },
    };

    public static string Interval(DateOnly from, DateOnly to) =>
        from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "/" + to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static Dictionary<string, object?> Organization(string zh, string en, string? url) => new()
    {
        ["@type"] = "Organization",
        ["name"] = Text(zh, en),
        ["url"] = url,
    };

    /// <summary>A dataset whose downloads are the API path as JSON and with <c>format=csv</c> as CSV.</summary>
    public static Dictionary<string, object?> Dataset(string origin, string pageUrl, (string Zh, string En) name, (string Zh, string En) description,
        string temporalCoverage, object spatialCoverage, IReadOnlyList<object> variables, string apiPath, bool demo)
    {
        var csv = apiPath + (apiPath.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "format=csv";
        return new Dictionary<string, object?>
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "Dataset",
            ["name"] = Text(name.Zh, name.En),
            ["description"] = Text(
                description.Zh + (demo ? "（" + MetaFactory.DemoNoticeText + "）" : ""),
                description.En + (demo ? " (Demo data — not real measurements.)" : "")),
            ["url"] = origin + pageUrl,
            ["inLanguage"] = new[] { "zh-CN", "en" },
            ["isAccessibleForFree"] = true,
            ["license"] = LicenseUrl,
            ["creator"] = demo
                ? Organization(SiteText.SiteNameZh + "（演示数据生成器）", SiteText.SiteNameEn + " (demo data generator)", origin + "/")
                : Organization("中国环境监测总站", "China National Environmental Monitoring Centre (CNEMC)", null),
            ["publisher"] = Organization(SiteText.SiteNameZh, SiteText.SiteNameEn, origin + "/"),
            ["temporalCoverage"] = temporalCoverage,
            ["spatialCoverage"] = spatialCoverage,
            ["variableMeasured"] = variables,
            ["distribution"] = new object[]
            {
                new Dictionary<string, object?> { ["@type"] = "DataDownload", ["encodingFormat"] = "text/csv", ["contentUrl"] = origin + csv },
                new Dictionary<string, object?> { ["@type"] = "DataDownload", ["encodingFormat"] = "application/json", ["contentUrl"] = origin + apiPath },
            },
        };
    }

    public static string Serialize(object markup) => JsonSerializer.Serialize(markup, _json);
}
