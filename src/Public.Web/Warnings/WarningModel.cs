using Public.Standards.Warnings;
using Public.Web.Contract;

namespace Public.Web.Warnings;

/// <summary>What a warning notice does: 发布 (issue), 升级 (upgrade), 降级 (downgrade), 解除 (lift).</summary>
public enum WarningEventKind
{
    Issue,
    Upgrade,
    Downgrade,
    Lift,
}

public static class WarningEventKinds
{
    public static string Code(WarningEventKind kind) => kind switch
    {
        WarningEventKind.Issue => "issue",
        WarningEventKind.Upgrade => "upgrade",
        WarningEventKind.Downgrade => "downgrade",
        WarningEventKind.Lift => "lift",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static string NameZh(WarningEventKind kind) => kind switch
    {
        WarningEventKind.Issue => "发布",
        WarningEventKind.Upgrade => "升级",
        WarningEventKind.Downgrade => "降级",
        WarningEventKind.Lift => "解除",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static bool TryParse(string? text, out WarningEventKind kind)
    {
        WarningEventKind? found = text?.Trim().ToLowerInvariant() switch
        {
            "issue" or "发布" => WarningEventKind.Issue,
            "upgrade" or "升级" => WarningEventKind.Upgrade,
            "downgrade" or "降级" => WarningEventKind.Downgrade,
            "lift" or "解除" => WarningEventKind.Lift,
            _ => null,
        };
        kind = found ?? default;
        return found is not null;
    }
}

/// <summary>One day of the forecast a notice is based on: the daily AQI range (a single value when low = high).</summary>
[Resource("ForecastDay", "预报日", "One day of a forecast: the daily AQI range (one value when low = high).")]
public sealed record ForecastDay(
    [property: Field("日期", "Local date.", Example = "2019-01-01")] DateOnly Date,
    [property: Field("AQI 下限", "Low end of the forecast daily AQI.")] int AqiLow,
    [property: Field("AQI 上限", "High end of the forecast daily AQI.")] int AqiHigh);

/// <summary>The basis of a notice: the forecast daily AQI by day, the primary pollutant, the meteorology.</summary>
[Resource("WarningBasis", "预警依据", "What a notice rests on: the forecast daily AQI by day, the primary pollutant, the meteorology.")]
public sealed record WarningBasis(
    [property: Field("预报", "Forecast daily AQI by day.")] IReadOnlyList<ForecastDay> Forecast,
    [property: Field("首要污染物", "Primary pollutant forecast.")] string? PrimaryPollutant,
    [property: Field("气象条件", "Meteorological conditions given.")] string? Meteorology)
{
    public static readonly WarningBasis Empty = new([], null, null);
}

/// <summary>The measures in force: the ordered emission cut and what the notice says for each kind of measure.</summary>
[Resource("WarningMeasures", "应急措施", "The measures of a notice, as it words them.")]
public sealed record WarningMeasures(
    [property: Field("减排比例（%）", "Ordered cut of emissions, percent.", Unit = "%")] decimal? EmissionCutPercent,
    [property: Field("错峰生产", "Staggered production.")] string? StaggeredProduction,
    [property: Field("交通管控", "Traffic restriction.")] string? TrafficRestriction,
    [property: Field("停止施工", "Construction halt.")] string? ConstructionHalt,
    [property: Field("学校户外活动", "Schools' outdoor activities.")] string? SchoolOutdoorActivities,
    [property: Field("公众建议", "Advice to the public.")] string? PublicAdvice)
{
    public static readonly WarningMeasures None = new(null, null, null, null, null, null);
}

/// <summary>The published notice: where it is and the SHA-256 of its bytes as retrieved.</summary>
[Resource("WarningDocument", "预警通知原文", "Where the published notice is, and the SHA-256 of its bytes as retrieved.")]
public sealed record SourceDocument(
    [property: Field("链接", "Link to the notice (http/https).")] string Url,
    [property: Field("SHA-256 摘要", "SHA-256 of the notice's bytes, lower-case hex.")] string Sha256);

/// <summary>
/// One event of a warning as published. <see cref="Time"/> is when it takes effect; <see cref="Until"/> the
/// end the notice announces, if any. Lifts carry no level. Events of a warning are numbered 1, 2, 3… in time order.
/// </summary>
public sealed record WarningEvent(
    string WarningId,
    int Seq,
    WarningEventKind Kind,
    DateTimeOffset Time,
    DateTimeOffset? Until,
    WarningLevel? Level,
    WarningArea Area,
    string Authority,
    string? DocumentNumber,
    WarningBasis Basis,
    WarningMeasures Measures,
    SourceDocument? Document);

/// <summary>One line of an emergency emission-reduction list (应急减排清单, "一厂一策"): what an enterprise does at a level.</summary>
public sealed record ReductionEntry(
    string ListId,
    string? ListTitle,
    DateOnly? ValidFrom,
    DateOnly? ValidTo,
    WarningLevel Level,
    string Enterprise,
    string Uscc,
    string Measure);
