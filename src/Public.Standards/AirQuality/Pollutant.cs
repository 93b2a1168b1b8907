namespace Public.Standards.AirQuality;

/// <summary>The six pollutants of GB 3095-2012 that enter the AQI (HJ 633-2012 §3).</summary>
public enum Pollutant
{
    SO2,
    NO2,
    PM10,
    CO,
    O3,
    /// <summary>Displayed as "PM2.5".</summary>
    PM25,
}

public static class Pollutants
{
    // HJ 633-2012 表1 column order; also the order used when listing primary/exceeding pollutants.
    private static readonly Pollutant[] AllArray =
        [Pollutant.SO2, Pollutant.NO2, Pollutant.PM10, Pollutant.CO, Pollutant.O3, Pollutant.PM25];

    public static IReadOnlyList<Pollutant> All { get; } = Array.AsReadOnly(AllArray);

    /// <summary>The code as spelled in CNEMC releases ("PM2.5", not "PM25").</summary>
    public static string Code(Pollutant p) => p switch
    {
        Pollutant.SO2 => "SO2",
        Pollutant.NO2 => "NO2",
        Pollutant.PM10 => "PM10",
        Pollutant.CO => "CO",
        Pollutant.O3 => "O3",
        Pollutant.PM25 => "PM2.5",
        _ => throw new ArgumentOutOfRangeException(nameof(p), p, null),
    };

    /// <summary>
    /// Accepts the CNEMC code and common variants, case-insensitively, ignoring '.', '_', '-', spaces
    /// and subscript digits: "PM2.5", "pm25", "PM2_5", "SO₂".
    /// </summary>
    public static bool TryParse(string? code, out Pollutant p)
    {
        p = default;
        if (string.IsNullOrWhiteSpace(code))
        {
            return false;
        }

        var normalized = new System.Text.StringBuilder(code.Length);
        foreach (var c in code)
        {
            if (c is '.' or '_' or '-' or ' ')
            {
                continue;
            }

            // Subscript digits U+2080..U+2089 ("SO₂", "PM₂.₅") map to ASCII digits.
            normalized.Append(c is >= '\u2080' and <= '\u2089' ? (char)('0' + (c - '\u2080')) : char.ToUpperInvariant(c));
        }

        switch (normalized.ToString())
        {
            case "SO2": p = Pollutant.SO2; return true;
            case "NO2": p = Pollutant.NO2; return true;
            case "PM10": p = Pollutant.PM10; return true;
            case "CO": p = Pollutant.CO; return true;
            case "O3": p = Pollutant.O3; return true;
            case "PM25": p = Pollutant.PM25; return true;
            default: return false;
        }
    }

    // HJ 633-2012 表1 注: CO in mg/m³, all others in µg/m³ (U+00B5 micro sign, U+00B3 superscript three).
    public static string Unit(Pollutant p) =>
        p == Pollutant.CO ? "mg/m\u00B3" : (IsKnown(p) ? "\u00B5g/m\u00B3" : throw Unknown(p));

    public static string NameZh(Pollutant p) => p switch
    {
        Pollutant.SO2 => "二氧化硫",
        Pollutant.NO2 => "二氧化氮",
        Pollutant.PM10 => "可吸入颗粒物",
        Pollutant.CO => "一氧化碳",
        Pollutant.O3 => "臭氧",
        Pollutant.PM25 => "细颗粒物",
        _ => throw Unknown(p),
    };

    public static string NameEn(Pollutant p) => p switch
    {
        Pollutant.SO2 => "Sulphur dioxide",
        Pollutant.NO2 => "Nitrogen dioxide",
        Pollutant.PM10 => "Inhalable particulate matter (PM10)",
        Pollutant.CO => "Carbon monoxide",
        Pollutant.O3 => "Ozone",
        Pollutant.PM25 => "Fine particulate matter (PM2.5)",
        _ => throw Unknown(p),
    };

    // Reporting practice (standards.md §1.2, §2.2 [V as practice]): integers in µg/m³, CO to 1 decimal in mg/m³.
    public static int Decimals(Pollutant p) => p == Pollutant.CO ? 1 : (IsKnown(p) ? 0 : throw Unknown(p));

    private static bool IsKnown(Pollutant p) => Array.IndexOf(AllArray, p) >= 0;

    private static ArgumentOutOfRangeException Unknown(Pollutant p) => new(nameof(p), p, "Unknown pollutant.");
}
