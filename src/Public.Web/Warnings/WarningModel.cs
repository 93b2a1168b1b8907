using Public.Standards.Warnings;

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
public sealed record ForecastDay(DateOnly Date, int AqiLow, int AqiHigh);

/// <summary>The basis of a notice: the forecast daily AQI by day, the primary pollutant, the meteorology.</summary>
public sealed record WarningBasis(IReadOnlyList<ForecastDay> Forecast, string? PrimaryPollutant, string? Meteorology)
{
    public static readonly WarningBasis Empty = new([], null, null);
}

/// <summary>The measures in force: the ordered emission cut and what the notice says for each kind of measure.</summary>
public sealed record WarningMeasures(
    decimal? EmissionCutPercent,
    string? StaggeredProduction,
    string? TrafficRestriction,
    string? ConstructionHalt,
    string? SchoolOutdoorActivities,
    string? PublicAdvice)
{
    public static readonly WarningMeasures None = new(null, null, null, null, null, null);
}

/// <summary>The published notice: where it is and the SHA-256 of its bytes as retrieved.</summary>
public sealed record SourceDocument(string Url, string Sha256);

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
