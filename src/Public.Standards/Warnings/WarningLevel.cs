namespace Public.Standards.Warnings;

/// <summary>
/// Heavy-pollution weather warning levels (重污染天气预警). The national schemes since 环办大气函〔2018〕875号
/// have three: 黄色 (Ⅲ级), 橙色 (Ⅱ级), 红色 (Ⅰ级). Blue (蓝色, Ⅳ级) appears only in the 2017 MEP slides and
/// in the 2015 Liaoning plan (standards.md §3.1, A1.1); it is kept so that a configured scheme may use it.
/// The numbers order the levels: a higher number is a more severe warning.
/// </summary>
public enum WarningLevel
{
    Blue = 1,
    Yellow = 2,
    Orange = 3,
    Red = 4,
}

public static class WarningLevels
{
    public static IReadOnlyList<WarningLevel> All { get; } = [WarningLevel.Blue, WarningLevel.Yellow, WarningLevel.Orange, WarningLevel.Red];

    /// <summary>The code used in files and URLs: blue, yellow, orange, red.</summary>
    public static string Code(WarningLevel level) => level switch
    {
        WarningLevel.Blue => "blue",
        WarningLevel.Yellow => "yellow",
        WarningLevel.Orange => "orange",
        WarningLevel.Red => "red",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, null),
    };

    /// <summary>蓝色 / 黄色 / 橙色 / 红色.</summary>
    public static string ColorZh(WarningLevel level) => level switch
    {
        WarningLevel.Blue => "蓝色",
        WarningLevel.Yellow => "黄色",
        WarningLevel.Orange => "橙色",
        WarningLevel.Red => "红色",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, null),
    };

    /// <summary>The grade of the plans' response chapters: Ⅳ级 (blue) … Ⅰ级 (red).</summary>
    public static string GradeZh(WarningLevel level) => level switch
    {
        WarningLevel.Blue => "Ⅳ级",
        WarningLevel.Yellow => "Ⅲ级",
        WarningLevel.Orange => "Ⅱ级",
        WarningLevel.Red => "Ⅰ级",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, null),
    };

    public static string NameZh(WarningLevel level) => ColorZh(level) + "预警";

    public static string NameEn(WarningLevel level) => level switch
    {
        WarningLevel.Blue => "Blue",
        WarningLevel.Yellow => "Yellow",
        WarningLevel.Orange => "Orange",
        WarningLevel.Red => "Red",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, null),
    } + " warning";

    /// <summary>Colour of the level for display (always shown with its name, never alone).</summary>
    public static string Hex(WarningLevel level) => level switch
    {
        WarningLevel.Blue => "#1E6FD9",
        WarningLevel.Yellow => "#FFD400",
        WarningLevel.Orange => "#FF7E00",
        WarningLevel.Red => "#E60012",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, null),
    };

    /// <summary>
    /// Reads a level as publishers write it: the code (<c>orange</c>), the colour (<c>橙色</c>, <c>橙色预警</c>)
    /// or the grade (<c>Ⅱ级</c>, <c>II级</c>, <c>II</c>). Case and surrounding blanks do not matter.
    /// </summary>
    public static bool TryParse(string? text, out WarningLevel level)
    {
        level = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var t = text.Trim().ToUpperInvariant();
        if (t.EndsWith("预警", StringComparison.Ordinal))
        {
            t = t[..^2];
        }

        if (t.EndsWith('级'))
        {
            t = t[..^1];
        }

        WarningLevel? found = t switch
        {
            "BLUE" or "蓝色" or "蓝" or "IV" or "Ⅳ" => WarningLevel.Blue,
            "YELLOW" or "黄色" or "黄" or "III" or "Ⅲ" => WarningLevel.Yellow,
            "ORANGE" or "橙色" or "橙" or "II" or "Ⅱ" => WarningLevel.Orange,
            "RED" or "红色" or "红" or "I" or "Ⅰ" => WarningLevel.Red,
            _ => null,
        };
        if (found is { } f)
        {
            level = f;
            return true;
        }

        return false;
    }
}
