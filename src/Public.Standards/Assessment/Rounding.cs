namespace Public.Standards.Assessment;

public static class Rounding
{
    /// <summary>
    /// GB/T 8170-2008 数值修约: 四舍六入五成双. On a decimal (an exact value) this is banker's rounding:
    /// a 5 followed by non-zero digits is not a midpoint and rounds up anyway, as the standard requires.
    /// </summary>
    public static decimal Gb8170(decimal value, int decimals)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(decimals);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(decimals, 28);
        return Math.Round(value, decimals, MidpointRounding.ToEven);
    }
}
