namespace Public.Standards.AirQuality;

/// <summary>Edition of the AQI technical regulation whose 表1 applies.</summary>
public enum AqiEdition
{
    HJ633_2012,
    HJ633_2026,
}

public static class AqiEditions
{
    // HJ 633-2026 takes effect on 2026-03-01 together with GB 3095-2026 (standards.md §0.1 [V], news reports).
    public static readonly DateOnly Edition2026EffectiveFrom = new(2026, 3, 1);

    /// <summary>The edition in force on the local (Asia/Shanghai) calendar date of the data.</summary>
    public static AqiEdition ForDate(DateOnly localDate) =>
        localDate >= Edition2026EffectiveFrom ? AqiEdition.HJ633_2026 : AqiEdition.HJ633_2012;

    public static string Name(AqiEdition e) => e switch
    {
        AqiEdition.HJ633_2012 => "HJ 633-2012",
        AqiEdition.HJ633_2026 => "HJ 633-2026",
        _ => throw new ArgumentOutOfRangeException(nameof(e), e, null),
    };
}
