using System.Collections.ObjectModel;

namespace Public.Standards.AirQuality;

/// <summary>One row of a 表1 column: the concentration at which the IAQI equals <see cref="Iaqi"/>.</summary>
public sealed record Breakpoint(int Iaqi, decimal Concentration);

public static class IaqiTables
{
    // HJ 633-2012 表1: the IAQI rows shared by every column.
    private static readonly int[] IaqiRows = [0, 50, 100, 150, 200, 300, 400, 500];

    // HJ 633-2012 表1, µg/m³ (CO mg/m³). Cross-checked against go-aqi and two other public tables (standards.md §1.1 [V]).
    private static readonly IReadOnlyList<Breakpoint> So2_24h = Column(0, 50, 150, 475, 800, 1600, 2100, 2620);
    // HJ 633-2012 表1 注(2): the SO2 1h column stops at IAQI 200 / 800 µg/m³; above it no 1h IAQI is defined.
    private static readonly IReadOnlyList<Breakpoint> So2_1h = Column(0, 150, 500, 650, 800);
    private static readonly IReadOnlyList<Breakpoint> No2_24h = Column(0, 40, 80, 180, 280, 565, 750, 940);
    private static readonly IReadOnlyList<Breakpoint> No2_1h = Column(0, 100, 200, 700, 1200, 2340, 3090, 3840);
    private static readonly IReadOnlyList<Breakpoint> Pm10_24h_2012 = Column(0, 50, 150, 250, 350, 420, 500, 600);
    private static readonly IReadOnlyList<Breakpoint> Co_24h = Column(0, 2, 4, 14, 24, 36, 48, 60);
    private static readonly IReadOnlyList<Breakpoint> Co_1h = Column(0, 5, 10, 35, 60, 90, 120, 150);
    private static readonly IReadOnlyList<Breakpoint> O3_1h = Column(0, 160, 200, 300, 400, 800, 1000, 1200);
    // HJ 633-2012 表1 注(3): the O3 8h column stops at IAQI 300 / 800 µg/m³; above it the 1h IAQI is used.
    private static readonly IReadOnlyList<Breakpoint> O3_8h = Column(0, 100, 160, 215, 265, 800);
    private static readonly IReadOnlyList<Breakpoint> Pm25_24h_2012 = Column(0, 35, 75, 115, 150, 250, 350, 500);

    // HJ 633-2026 表1: only the PM columns change (IAQI 100 at PM2.5 60, PM10 120). No primary text was
    // retrieved; two independent implementations agree (standards.md §0.2 [V, secondary]).
    private static readonly IReadOnlyList<Breakpoint> Pm25_24h_2026 = Column(0, 35, 60, 115, 150, 250, 350, 500);
    private static readonly IReadOnlyList<Breakpoint> Pm10_24h_2026 = Column(0, 50, 120, 250, 350, 420, 500, 600);

    /// <summary>The 表1 column for the indicator in the given edition, lowest breakpoint first.</summary>
    public static IReadOnlyList<Breakpoint> Get(AqiEdition edition, AqiIndicator indicator)
    {
        if (edition is not (AqiEdition.HJ633_2012 or AqiEdition.HJ633_2026))
        {
            throw new ArgumentOutOfRangeException(nameof(edition), edition, null);
        }

        var is2026 = edition == AqiEdition.HJ633_2026;
        return indicator switch
        {
            AqiIndicator.SO2_1h => So2_1h,
            AqiIndicator.SO2_24h => So2_24h,
            AqiIndicator.NO2_1h => No2_1h,
            AqiIndicator.NO2_24h => No2_24h,
            AqiIndicator.PM10_24h => is2026 ? Pm10_24h_2026 : Pm10_24h_2012,
            AqiIndicator.PM25_24h => is2026 ? Pm25_24h_2026 : Pm25_24h_2012,
            AqiIndicator.CO_1h => Co_1h,
            AqiIndicator.CO_24h => Co_24h,
            AqiIndicator.O3_1h => O3_1h,
            AqiIndicator.O3_8h => O3_8h,
            _ => throw new ArgumentOutOfRangeException(nameof(indicator), indicator, null),
        };
    }

    private static ReadOnlyCollection<Breakpoint> Column(params decimal[] concentrations) =>
        Array.AsReadOnly(concentrations.Select((c, i) => new Breakpoint(IaqiRows[i], c)).ToArray());
}
