using Public.Web.AirQuality;
using Public.Web.Contract;
using Public.Web.Transparency;

namespace Public.Web.Warnings;

/// <summary>A warning level as shown everywhere: code, Chinese name, grade, English name and colour (never colour alone).</summary>
[Resource("WarningLevelInfo", "预警级别", "A warning level with its code, Chinese name, grade, English name and colour.")]
public sealed record WarningLevelDto(
    [property: Field("级别代码", "REST code: blue, yellow, orange or red.", Values = ["blue", "yellow", "orange", "red"])] string Code,
    [property: Field("名称", "Chinese name, e.g. 橙色预警.", Example = "橙色预警")] string Name,
    [property: Field("等级", "Response grade, e.g. Ⅱ级.", Example = "Ⅱ级")] string Grade,
    [property: Field("英文名称", "English name, e.g. Orange warning.")] string NameEn,
    [property: Field("颜色", "Colour for display, hex RGB (always shown with the name).")] string Color);

[Resource("WarningArea", "预警区域", "The area of a warning or event: the whole city (锦州市) or listed districts.")]
public sealed record AreaDto(
    [property: Field("区域代码", "\"city\", or the districts' names joined by ';'.")] string Code,
    [property: Field("名称", "Chinese name.")] string Name,
    [property: Field("英文名称", "English name.")] string NameEn,
    [property: Field("区县", "The districts named (empty for the whole city).")] IReadOnlyList<string> Districts);

/// <summary>One event of a warning's timeline (or, in the versions list, one version of it).</summary>
[Resource("WarningEvent", "预警事件", "One notice of a warning — issue 发布, upgrade 升级, downgrade 降级 or lift 解除 — or one version of it.")]
public sealed record WarningEventDto(
    [property: Field("序号", "1, 2, 3… in time order within the warning.")] int Seq,
    [property: Field("事件", "issue, upgrade, downgrade or lift.", Values = ["issue", "upgrade", "downgrade", "lift"])] string Event,
    [property: Field("事件（中文）", "The event in Chinese: 发布, 升级, 降级 or 解除.", Values = ["发布", "升级", "降级", "解除"])] string EventZh,
    [property: Field("生效时间", "When the notice takes effect, Asia/Shanghai.", Example = "2019-01-01T01:00:00+08:00")] DateTimeOffset Time,
    [property: Field("生效时间（UTC）", "The same instant in UTC.", Example = "2018-12-31T17:00:00Z")] DateTimeOffset TimeUtc,
    [property: Field("预计结束", "The end the notice announces, if any.")] DateTimeOffset? Until,
    [property: Field("级别", "Level set by the notice; null for a lift.")] WarningLevelDto? Level,
    [property: Field("区域", "Area of the notice.")] AreaDto Area,
    [property: Field("发布机构", "Issuing authority.")] string Authority,
    [property: Field("文号", "Document number of the notice.")] string? DocumentNumber,
    [property: Field("依据", "Forecast, primary pollutant and meteorology the notice rests on.")] WarningBasis Basis,
    [property: Field("措施", "Measures ordered by the notice.")] WarningMeasures Measures,
    [property: Field("原文", "The published notice: link and SHA-256; null when not given.")] SourceDocument? Document,
    [property: Field("版本号", "Version of this event (1 = first publication).")] int Version,
    [property: Field("当前版本", "Whether this version is the one in force.")] bool Current,
    [property: Field("记录时间", "When this version was stored.")] DateTimeOffset RecordedAt,
    [property: Field("来源文件", "Source file of this version.")] string Source,
    [property: Field("更正原因", "Why this version exists (correction reason and the fields that changed).")] string? Reason)
{
    [Field(LogRefField.Zh, LogRefField.En)]
    public LogRefDto? Log { get; init; }
}

/// <summary>
/// A warning (an episode from issue to lift). <see cref="End"/> is when it ended (lifted, or expired at the
/// end its last notice announced); null while in force. Duration runs to now while in force.
/// </summary>
[Resource("Warning", "重污染天气预警", "A heavy-pollution weather warning: one episode from issue (发布) to lift (解除), with its comparison with observed data. Same fields as REST /api/v1/warnings.")]
public sealed record WarningDto(
    [property: Field("预警编号", "Warning id as imported (used in URLs).", Example = "DEMO-20191221")] string Id,
    [property: Field("状态", "Status now: active, scheduled, lifted or expired (the codes of the WarningStatus enum).", Values = ["active", "scheduled", "lifted", "expired"])] string Status,
    [property: Field("预警区域", "The whole city or listed districts.")] AreaDto Area,
    [property: Field("开始时间", "When the issue took effect, Asia/Shanghai.", Example = "2019-12-21T12:00:00+08:00")] DateTimeOffset Start,
    [property: Field("开始时间（UTC）", "The same instant in UTC.", Example = "2019-12-21T04:00:00Z")] DateTimeOffset StartUtc,
    [property: Field("结束时间", "When it ended (lifted, or expired at the announced end); null while in force.")] DateTimeOffset? End,
    [property: Field("预计结束时间", "The end announced so far: the lift time or the latest notice's end.")] DateTimeOffset? PlannedEnd,
    [property: Field("持续时长（小时）", "Duration in hours, one decimal; runs to now while in force.", Unit = "h")] decimal DurationHours,
    [property: Field("发布级别", "Level at issue.")] WarningLevelDto IssuedLevel,
    [property: Field("最高级别", "Highest level reached (what the level filter compares).")] WarningLevelDto HighestLevel,
    [property: Field("当前级别", "Level in force now; null unless active.")] WarningLevelDto? CurrentLevel,
    [property: Field("发布机构", "Issuing authority of the issue notice.")] string Authority,
    [property: Field("文号", "Document number of the issue notice.")] string? DocumentNumber,
    [property: Field("事件数", "Number of events (issue, upgrades, downgrades, lift); the events themselves are `timeline`.")] int Events,
    [property: Field("与实测对比", "Comparison with the observed city daily AQI during the warning — a comparison, not a verdict.")] ObservedComparisonDto Observed);

[Resource("WarningDetail", "预警详情", "A warning with its timeline and reduction lists (REST /api/v1/warnings/{id}).")]
public sealed record WarningDetailDto(
    [property: Field("预警", "The warning.")] WarningDto Warning,
    [property: Field("事件时间线", "The events in seq order, current versions.")] IReadOnlyList<WarningEventDto> Timeline,
    [property: Field("应急减排清单", "The emission-reduction lists valid at the warning's events.")] IReadOnlyList<ReductionListDto> ReductionLists);

/// <summary>An observed city day: the daily AQI of the city series and whether it meets the scheme's weakest threshold.</summary>
[Resource("ObservedDay", "实测日", "An observed city day: the daily AQI of the city series and whether it meets the scheme's lowest warning threshold.")]
public sealed record ObservedDayDto(
    [property: Field("日期", "Local date.", Example = "2019-01-01")] DateOnly Date,
    [property: Field("日 AQI", "City daily AQI; null without valid data.")] int? Aqi,
    [property: Field("AQI 级别", "AQI level of that value (HJ 633 表2).")] LevelDto? AqiLevel,
    [property: Field("首要污染物", "Primary pollutants of the day.")] IReadOnlyList<string> PrimaryPollutants,
    [property: Field("达到阈值", "Whether the day meets the lowest warning threshold of the scheme in force.")] bool MeetsThreshold);

/// <summary>
/// How a warning compares with the observed city daily AQI during its period — a comparison, not a verdict:
/// warnings are issued on forecasts. DataSupport: supported, lowerLevel, notSupported or noData.
/// </summary>
[Resource("ObservedComparison", "与实测对比", "How a warning compares with the observed city daily AQI during its period — a comparison, not a verdict (warnings are issued on forecasts).")]
public sealed record ObservedComparisonDto(
    [property: Field("实测支持", "supported, lowerLevel, notSupported or noData.", Values = ["supported", "lowerLevel", "notSupported", "noData"])] string DataSupport,
    [property: Field("实测对应级别", "The level the observed data met; null when none.")] WarningLevelDto? ObservedLevel,
    [property: Field("预警标准", "Id of the scheme in force at the start (see warningCriteria).")] string Scheme,
    [property: Field("标准已核实", "Whether that scheme's thresholds are verified.")] bool SchemeVerified,
    [property: Field("最高日 AQI", "Highest observed city daily AQI during the warning.")] int? MaxDailyAqi,
    [property: Field("最高日期", "Date of that highest value.")] DateOnly? MaxDailyAqiDate,
    [property: Field("超阈值天数", "Days whose AQI met the scheme's lowest warning threshold.")] int DaysMeetingThreshold,
    [property: Field("发现", "Kinds of difference found for this warning: issuedLate, liftedEarly, noDataSupport, levelAboveObserved, levelBelowObserved.", Values = ["issuedLate", "liftedEarly", "noDataSupport", "levelAboveObserved", "levelBelowObserved"])] IReadOnlyList<string> Findings,
    [property: Field("实测日", "The observed city days of the warning's period.")] IReadOnlyList<ObservedDayDto> Days,
    [property: Field("说明", "What this comparison is and is not.")] string Note);

[Resource("LevelReached", "达到级别", "A level an episode met, and when.")]
public sealed record LevelReachedDto(
    [property: Field("级别", "The level.")] WarningLevelDto Level,
    [property: Field("时间", "When its condition was first met.")] DateTimeOffset At);

[Resource("ObservedEpisode", "实测污染过程", "A heavy-pollution episode found in the observed city daily AQI by the scheme of its dates.")]
public sealed record ObservedEpisodeDto(
    [property: Field("起始日期", "First day.")] DateOnly From,
    [property: Field("结束日期", "Last day.")] DateOnly To,
    [property: Field("对应级别", "The warning level the episode met.")] WarningLevelDto Level,
    [property: Field("标准", "Scheme id applied.")] string Scheme,
    [property: Field("最高 AQI", "Highest daily AQI of the episode.")] int PeakAqi,
    [property: Field("合并段数", "Runs merged into this episode (at most the merge gap apart).")] int Parts,
    [property: Field("级别变化", "When each level was first met.")] IReadOnlyList<LevelReachedDto> Progression,
    [property: Field("实测日", "The days of the episode.")] IReadOnlyList<ObservedDayDto> Days,
    [property: Field("对应预警", "Ids of the warnings in force during it.")] IReadOnlyList<string> Warnings);

/// <summary>One point where issued warnings and observed data differ, with the days and values that show it.</summary>
[Resource("ConsistencyFinding", "差异", "One point where issued warnings and observed data differ, with the days and values that show it.")]
public sealed record FindingDto(
    [property: Field("类型", "notIssued, issuedLate, liftedEarly, noDataSupport, levelAboveObserved or levelBelowObserved.", Values = ["notIssued", "issuedLate", "liftedEarly", "noDataSupport", "levelAboveObserved", "levelBelowObserved"])] string Kind,
    [property: Field("标题（中文）", "Title in Chinese.")] string Title,
    [property: Field("标题（英文）", "Title in English.")] string TitleEn,
    [property: Field("预警编号", "The warning concerned; null for an episode without warning.")] string? WarningId,
    [property: Field("过程起始", "First day of the observed episode concerned.")] DateOnly? EpisodeFrom,
    [property: Field("过程结束", "Last day of that episode.")] DateOnly? EpisodeTo,
    [property: Field("预警级别", "Highest level of the warning.")] WarningLevelDto? WarningLevel,
    [property: Field("实测级别", "Level the observed data met.")] WarningLevelDto? ObservedLevel,
    [property: Field("说明（中文）", "Explanation in Chinese.")] string Explanation,
    [property: Field("说明（英文）", "Explanation in English.")] string ExplanationEn,
    [property: Field("证据", "The days and values that show it.")] IReadOnlyList<ObservedDayDto> Evidence);

[Resource("SchemePeriod", "标准适用期", "A warning scheme and the dates it applies to.")]
public sealed record SchemePeriodDto(
    [property: Field("标准", "Scheme id.")] string Id,
    [property: Field("起始日期", "First date it applies; null for no start.")] DateOnly? From,
    [property: Field("截止日期", "First date it no longer applies; null while in force.")] DateOnly? Until,
    [property: Field("已核实", "Whether its thresholds are verified.")] bool Verified);

[Resource("WarningConsistency", "预警与实测对比", "Issued warnings compared with the observed city daily AQI over a period, by the scheme of each date — a comparison, not a verdict.")]
public sealed record ConsistencyDto(
    [property: Field("说明（中文）", "What this view is, in Chinese.")] string Notice,
    [property: Field("说明（英文）", "What this view is, in English.")] string NoticeEn,
    [property: Field("起始日期", "First local date of the period.")] DateOnly From,
    [property: Field("结束日期", "Last local date of the period.")] DateOnly To,
    [property: Field("依据", "The observed series used and where the criteria are.")] string Basis,
    [property: Field("适用标准", "The schemes in force during the period.")] IReadOnlyList<SchemePeriodDto> Schemes,
    [property: Field("预警数", "Warnings in force during the period.")] int Warnings,
    [property: Field("实测过程数", "Episodes the observed data called for.")] int ObservedEpisodes,
    [property: Field("实测过程", "The episodes the observed data called for, with the warnings in force during each.")] IReadOnlyList<ObservedEpisodeDto> Episodes,
    [property: Field("差异", "Where issued warnings and observed data differ, with the days and values that show it.")] IReadOnlyList<FindingDto> Findings);

[Resource("WarningSchemeRule", "分级条件", "The trigger of one level of a scheme.")]
public sealed record SchemeRuleDto(
    [property: Field("级别", "The level.")] WarningLevelDto Level,
    [property: Field("条件表达式", "Trigger expression, e.g. AQI>200:48h.", Example = "AQI>200:48h")] string Trigger,
    [property: Field("条件（中文）", "The trigger as the scheme words it.")] string Text,
    [property: Field("减排比例（%）", "Emission cut of the level, percent.", Unit = "%")] int? EmissionCutPercent);

[Resource("WarningScheme", "预警分级标准", "One warning scheme: its document, thresholds per level and the dates it applies in Jinzhou.")]
public sealed record SchemeDto(
    [property: Field("标准", "Scheme id, e.g. national-2018.", Example = "national-2018")] string Id,
    [property: Field("名称", "Chinese name.")] string Name,
    [property: Field("英文名称", "English name.")] string NameEn,
    [property: Field("文件", "The document that sets it, e.g. 环办大气函〔2018〕875号.", Example = "环办大气函〔2018〕875号")] string Document,
    [property: Field("已核实", "Whether its thresholds are verified.")] bool Verified,
    [property: Field("备注", "What is known and unknown about it.")] string Notes,
    [property: Field("起始日期", "First date it applies; null for no start.")] DateOnly? From,
    [property: Field("截止日期", "First date it no longer applies; null while in force.")] DateOnly? Until,
    [property: Field("合并间隔（小时）", "Episodes at most this far apart count as one.", Unit = "h")] int MergeGapHours,
    [property: Field("排除臭氧日", "Whether ozone-driven days are not counted.")] bool ExcludesOzoneDays,
    [property: Field("分级条件", "The trigger of each level.")] IReadOnlyList<SchemeRuleDto> Rules);

[Resource("WarningCriteria", "预警分级标准", "The warning schemes, their triggers, the dates each applies and whether they are verified.")]
public sealed record CriteriaDto(
    [property: Field("方法", "How episodes and levels are found (Chinese and English).")] string Method,
    [property: Field("标准", "The schemes in date order.")] IReadOnlyList<SchemeDto> Schemes);

[Resource("ReductionLevelCount", "级别企业数", "How many enterprises a list names at one level.")]
public sealed record LevelCountDto(
    [property: Field("级别", "The level.")] WarningLevelDto Level,
    [property: Field("企业数", "Enterprises at that level.")] int Enterprises);

[Resource("ReductionList", "应急减排清单", "An emergency emission-reduction list (一厂一策): per level, the enterprises and their measures.")]
public sealed record ReductionListDto(
    [property: Field("清单编号", "List id as imported.", Example = "DEMO-2019-2020")] string Id,
    [property: Field("标题", "Title.")] string? Title,
    [property: Field("生效日期", "First date it applies.")] DateOnly? ValidFrom,
    [property: Field("截止日期", "Last date it applies.")] DateOnly? ValidTo,
    [property: Field("条目数", "Number of entries (enterprise × level), as in REST; the entries themselves are `entryList`.")] int Entries,
    [property: Field("各级别企业数", "Enterprises per level.")] IReadOnlyList<LevelCountDto> Levels);

[Resource("ReductionEntry", "减排清单条目", "What one enterprise does at one warning level.")]
public sealed record ReductionEntryDto(
    [property: Field("清单编号", "The list.")] string ListId,
    [property: Field("级别", "The warning level.")] WarningLevelDto Level,
    [property: Field("企业名称", "Enterprise as registered.")] string Enterprise,
    [property: Field("统一社会信用代码", "Unified social credit code (GB 32100-2015, checked on import).", Example = "91210711PDY400013M")] string Uscc,
    [property: Field("减排措施", "The measure at this level.")] string Measure,
    [property: Field("版本号", "Version of this entry (1 = first publication).")] int Version,
    [property: Field("记录时间", "When this version was stored.")] DateTimeOffset RecordedAt,
    [property: Field("来源文件", "Source file.")] string Source,
    [property: Field("更正原因", "Why this version exists.")] string? Reason)
{
    [Field(LogRefField.Zh, LogRefField.En)]
    public LogRefDto? Log { get; init; }
}
