using System.Globalization;
using Public.Web.Enterprises;

namespace Public.Web.Site.Enterprises;

/// <summary>Names and formats of the enterprise pages: HJ 212 pollutant codes, outlet types and monitoring modes in both languages.</summary>
public static class EmissionText
{
    public static string Pollutant(string code, bool en) => code switch
    {
        "a34013" => en ? "Particulate matter" : "颗粒物",
        "a21026" => "SO₂",
        "a21002" => "NOx",
        "a19001" => "O₂",
        "a21005" => "CO",
        "a24088" => en ? "Non-methane hydrocarbons" : "非甲烷总烃",
        _ => code,
    };

    public static string OutletType(string type, bool en) => type switch
    {
        Outlet.Main => en ? "main" : "主要排放口",
        Outlet.General => en ? "general" : "一般排放口",
        _ => type,
    };

    public static string Monitoring(string mode, bool en) => mode switch
    {
        Outlet.Automatic => en ? "automatic (CEMS)" : "自动监测",
        Outlet.Manual => en ? "manual" : "手工监测",
        _ => mode,
    };

    /// <summary>A DataTime as sent: yyyy-MM-dd HH:mm.</summary>
    public static string DataTime(DateTime time) => time.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A month as yyyy-MM.</summary>
    public static string Month(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
