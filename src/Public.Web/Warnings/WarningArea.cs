using System.Globalization;

namespace Public.Web.Warnings;

/// <summary>A district (or county-level city) of Jinzhou a warning may name, with its GB/T 2260 code when it has one.</summary>
public sealed record District(string Name, string NameEn, string? Code, IReadOnlyList<string> Aliases);

/// <summary>
/// The area of a warning: the whole city (锦州市) or listed districts. Two areas overlap when either is the
/// whole city or they share a district.
/// </summary>
public sealed record WarningArea
{
    public const string CityCode = "city";

    // GB/T 2260 administrative division codes of Jinzhou (210700) and its county-level units [M: from
    // knowledge of the code list, not checked against the current edition]. The development zone has no code.
    public const string CityDivisionCode = "210700";

    public static IReadOnlyList<District> Districts { get; } =
    [
        new("古塔区", "Guta District", "210702", []),
        new("凌河区", "Linghe District", "210703", []),
        new("太和区", "Taihe District", "210711", []),
        new("黑山县", "Heishan County", "210726", []),
        new("义县", "Yi County", "210727", []),
        new("凌海市", "Linghai City", "210781", []),
        new("北镇市", "Beizhen City", "210782", []),
        new("锦州经济技术开发区", "Jinzhou Economic and Technological Development Zone", null, ["开发区", "经济技术开发区", "滨海新区", "锦州滨海新区"]),
    ];

    /// <summary>
    /// A circle covering the whole of Jinzhou (lat,lon radius-km, the CAP 1.2 circle form). APPROXIMATE: the
    /// city's boundary polygon is not in our data; this circle around the administrative area (about
    /// 120.7–122.6°E, 40.7–42.1°N) errs on the side of covering it.
    /// </summary>
    public const string CapCircle = "41.40,121.60 115";

    private WarningArea(bool wholeCity, IReadOnlyList<District> districts)
    {
        WholeCity = wholeCity;
        DistrictList = districts;
    }

    public static WarningArea City { get; } = new(true, []);

    public bool WholeCity { get; }

    public IReadOnlyList<District> DistrictList { get; }

    /// <summary>"city" or the districts' names joined by ';' in registry order: how the store and CSV hold it.</summary>
    public string Code => WholeCity ? CityCode : string.Join(';', DistrictList.Select(d => d.Name));

    public string NameZh => WholeCity ? "锦州市" : "锦州市" + string.Join("、", DistrictList.Select(d => d.Name));

    public string NameEn => WholeCity ? "Jinzhou City" : "Jinzhou: " + string.Join(", ", DistrictList.Select(d => d.NameEn));

    public bool Overlaps(WarningArea other) =>
        WholeCity || other.WholeCity || DistrictList.Intersect(other.DistrictList).Any();

    public bool Equals(WarningArea? other) => other is not null && Code == other.Code;

    public override int GetHashCode() => Code.GetHashCode(StringComparison.Ordinal);

    /// <summary>
    /// Reads "city", "锦州市" or "全市", or districts separated by ';' or '、' (names or aliases). On failure,
    /// <paramref name="error"/> says which name is unknown.
    /// </summary>
    public static bool TryParse(string? text, out WarningArea area, out string? error)
    {
        area = City;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "area is required: city (锦州市) or districts separated by ';'";
            return false;
        }

        var t = text.Trim();
        if (t.Equals(CityCode, StringComparison.OrdinalIgnoreCase) || t is "锦州市" or "全市" or "锦州")
        {
            return true;
        }

        var found = new HashSet<District>();
        foreach (var part in t.Split([';', '、', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var name = part.StartsWith("锦州市", StringComparison.Ordinal) && part.Length > 3 ? part[3..] : part;
            var district = Districts.FirstOrDefault(d => d.Name == name || d.Aliases.Contains(name) ||
                string.Equals(d.NameEn, name, StringComparison.OrdinalIgnoreCase));
            if (district is null)
            {
                error = string.Create(CultureInfo.InvariantCulture,
                    $"unknown district '{part}' (known: {string.Join("、", Districts.Select(d => d.Name))}, or city for the whole city)");
                return false;
            }

            found.Add(district);
        }

        if (found.Count == 0)
        {
            error = "area is required: city (锦州市) or districts separated by ';'";
            return false;
        }

        area = new WarningArea(false, Districts.Where(found.Contains).ToList());
        return true;
    }
}
