using Public.Web.AirQuality;

namespace Public.Web.Warnings;

/// <summary>A warning level as shown everywhere: code, Chinese name, grade, English name and colour (never colour alone).</summary>
public sealed record WarningLevelDto(string Code, string Name, string Grade, string NameEn, string Color);

public sealed record AreaDto(string Code, string Name, string NameEn, IReadOnlyList<string> Districts);

/// <summary>One event of a warning's timeline (or, in the versions list, one version of it).</summary>
public sealed record WarningEventDto(
    int Seq,
    string Event,
    string EventZh,
    DateTimeOffset Time,
    DateTimeOffset TimeUtc,
    DateTimeOffset? Until,
    WarningLevelDto? Level,
    AreaDto Area,
    string Authority,
    string? DocumentNumber,
    WarningBasis Basis,
    WarningMeasures Measures,
    SourceDocument? Document,
    int Version,
    bool Current,
    DateTimeOffset RecordedAt,
    string Source,
    string? Reason);

/// <summary>
/// A warning (an episode from issue to lift). <see cref="End"/> is when it ended (lifted, or expired at the
/// end its last notice announced); null while in force. Duration runs to now while in force.
/// </summary>
public sealed record WarningDto(
    string Id,
    string Status,
    AreaDto Area,
    DateTimeOffset Start,
    DateTimeOffset StartUtc,
    DateTimeOffset? End,
    DateTimeOffset? PlannedEnd,
    decimal DurationHours,
    WarningLevelDto IssuedLevel,
    WarningLevelDto HighestLevel,
    WarningLevelDto? CurrentLevel,
    string Authority,
    string? DocumentNumber,
    int Events,
    ObservedComparisonDto Observed);

public sealed record WarningDetailDto(WarningDto Warning, IReadOnlyList<WarningEventDto> Timeline, IReadOnlyList<ReductionListDto> ReductionLists);

/// <summary>An observed city day: the daily AQI of the city series and whether it meets the scheme's weakest threshold.</summary>
public sealed record ObservedDayDto(DateOnly Date, int? Aqi, LevelDto? AqiLevel, IReadOnlyList<string> PrimaryPollutants, bool MeetsThreshold);

/// <summary>
/// How a warning compares with the observed city daily AQI during its period — a comparison, not a verdict:
/// warnings are issued on forecasts. DataSupport: supported, lowerLevel, notSupported or noData.
/// </summary>
public sealed record ObservedComparisonDto(
    string DataSupport,
    WarningLevelDto? ObservedLevel,
    string Scheme,
    bool SchemeVerified,
    int? MaxDailyAqi,
    DateOnly? MaxDailyAqiDate,
    int DaysMeetingThreshold,
    IReadOnlyList<string> Findings,
    IReadOnlyList<ObservedDayDto> Days,
    string Note);

public sealed record LevelReachedDto(WarningLevelDto Level, DateTimeOffset At);

public sealed record ObservedEpisodeDto(
    DateOnly From,
    DateOnly To,
    WarningLevelDto Level,
    string Scheme,
    int PeakAqi,
    int Parts,
    IReadOnlyList<LevelReachedDto> Progression,
    IReadOnlyList<ObservedDayDto> Days,
    IReadOnlyList<string> Warnings);

/// <summary>One point where issued warnings and observed data differ, with the days and values that show it.</summary>
public sealed record FindingDto(
    string Kind,
    string Title,
    string TitleEn,
    string? WarningId,
    DateOnly? EpisodeFrom,
    DateOnly? EpisodeTo,
    WarningLevelDto? WarningLevel,
    WarningLevelDto? ObservedLevel,
    string Explanation,
    string ExplanationEn,
    IReadOnlyList<ObservedDayDto> Evidence);

public sealed record SchemePeriodDto(string Id, DateOnly? From, DateOnly? Until, bool Verified);

public sealed record ConsistencyDto(
    string Notice,
    string NoticeEn,
    DateOnly From,
    DateOnly To,
    string Basis,
    IReadOnlyList<SchemePeriodDto> Schemes,
    int Warnings,
    int ObservedEpisodes,
    IReadOnlyList<ObservedEpisodeDto> Episodes,
    IReadOnlyList<FindingDto> Findings);

public sealed record SchemeRuleDto(WarningLevelDto Level, string Trigger, string Text, int? EmissionCutPercent);

public sealed record SchemeDto(
    string Id, string Name, string NameEn, string Document, bool Verified, string Notes, DateOnly? From, DateOnly? Until,
    int MergeGapHours, bool ExcludesOzoneDays, IReadOnlyList<SchemeRuleDto> Rules);

public sealed record CriteriaDto(string Method, IReadOnlyList<SchemeDto> Schemes);

public sealed record LevelCountDto(WarningLevelDto Level, int Enterprises);

public sealed record ReductionListDto(string Id, string? Title, DateOnly? ValidFrom, DateOnly? ValidTo, int Entries, IReadOnlyList<LevelCountDto> Levels);

public sealed record ReductionEntryDto(
    string ListId, WarningLevelDto Level, string Enterprise, string Uscc, string Measure, int Version, DateTimeOffset RecordedAt, string Source, string? Reason);
