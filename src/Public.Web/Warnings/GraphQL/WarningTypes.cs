using GraphQL.Types;
using Public.Standards.Warnings;
using Public.Web.AirQuality.GraphQL;
using Public.Web.GraphQL;

namespace Public.Web.Warnings.GraphQL;

/// <summary>A warning (REST WarningDto); its timeline, versions and reduction lists are batched across warnings.</summary>
internal sealed class WarningGraphType : ObjectGraphType<WarningDto>
{
    public WarningGraphType()
    {
        Name = "Warning";
        Description = "重污染天气预警 / A heavy-pollution weather warning: one episode from issue (发布) to lift (解除), with its comparison with observed data. Same fields as REST /api/v1/warnings.";
        Field<NonNullGraphType<StringGraphType>>("id").Description("预警编号 / Warning id as imported (used in URLs).").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("status").Description("状态 / Status now: active, scheduled, lifted or expired (the codes of the WarningStatus enum).").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<WarningAreaGraphType>>("area").Description("预警区域 / The whole city or listed districts.").Resolve(c => c.Source.Area);
        Field<NonNullGraphType<OffsetDateTimeGraphType>>("start").Description("开始时间 / When the issue took effect, Asia/Shanghai.").Resolve(c => c.Source.Start);
        Field<NonNullGraphType<OffsetDateTimeGraphType>>("startUtc").Description("开始时间（UTC）/ The same instant in UTC.").Resolve(c => c.Source.StartUtc);
        Field<OffsetDateTimeGraphType>("end").Description("结束时间 / When it ended (lifted, or expired at the announced end); null while in force.").Resolve(c => c.Source.End);
        Field<OffsetDateTimeGraphType>("plannedEnd").Description("预计结束时间 / The end announced so far: the lift time or the latest notice's end.").Resolve(c => c.Source.PlannedEnd);
        Field<NonNullGraphType<DecimalGraphType>>("durationHours").Description("持续时长（小时）/ Duration in hours, one decimal; runs to now while in force.").Resolve(c => c.Source.DurationHours);
        Field<NonNullGraphType<WarningLevelInfoGraphType>>("issuedLevel").Description("发布级别 / Level at issue.").Resolve(c => c.Source.IssuedLevel);
        Field<NonNullGraphType<WarningLevelInfoGraphType>>("highestLevel").Description("最高级别 / Highest level reached (what the level filter compares).").Resolve(c => c.Source.HighestLevel);
        Field<WarningLevelInfoGraphType>("currentLevel").Description("当前级别 / Level in force now; null unless active.").Resolve(c => c.Source.CurrentLevel);
        Field<NonNullGraphType<StringGraphType>>("authority").Description("发布机构 / Issuing authority of the issue notice.").Resolve(c => c.Source.Authority);
        Field<StringGraphType>("documentNumber").Description("文号 / Document number of the issue notice.").Resolve(c => c.Source.DocumentNumber);
        Field<NonNullGraphType<IntGraphType>>("events").Description("事件数 / Number of events (issue, upgrades, downgrades, lift); the events themselves are `timeline`.").Resolve(c => c.Source.Events);
        Field<NonNullGraphType<ObservedComparisonGraphType>>("observed")
            .Description("与实测对比 / Comparison with the observed city daily AQI during the warning — a comparison, not a verdict.").Resolve(c => c.Source.Observed);

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<WarningEventGraphType>>>>("timeline")
            .Description("事件时间线 / The events in seq order, current versions (REST /warnings/{id} timeline). Batched: one store read for all warnings asked.")
            .Resolve(c => WarningLoaders.Timeline(c, c.Source.Id));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<WarningEventGraphType>>>>("versions")
            .Description("全部版本 / Every version of every event, superseded ones with current false (REST /warnings/{id}/versions). Batched across warnings.")
            .Resolve(c => WarningLoaders.Versions(c, c.Source.Id));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ReductionListGraphType>>>>("reductionLists")
            .Description("应急减排清单 / The emission-reduction lists valid at the warning's events (REST /warnings/{id} reductionLists). Batched across warnings.")
            .Resolve(c => WarningLoaders.ReductionLists(c, c.Source.Id));
    }
}

/// <summary>A warning level as shown everywhere: code, names, grade and colour (never colour alone).</summary>
internal sealed class WarningLevelInfoGraphType : ObjectGraphType<WarningLevelDto>
{
    public WarningLevelInfoGraphType()
    {
        Name = "WarningLevelInfo";
        Description = "预警级别 / A warning level with its code, Chinese name, grade, English name and colour.";
        Field<NonNullGraphType<StringGraphType>>("code").Description("级别代码 / REST code: blue, yellow, orange or red.").Resolve(c => c.Source.Code);
        Field<NonNullGraphType<WarningLevelGraphType>>("value").Description("级别 / The level as an enum value.")
            .Resolve(c => WarningLevels.TryParse(c.Source.Code, out var level) ? level : throw new InvalidOperationException($"unknown level code '{c.Source.Code}'"));
        Field<NonNullGraphType<StringGraphType>>("name").Description("名称 / Chinese name, e.g. 橙色预警.").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>>("grade").Description("等级 / Response grade, e.g. Ⅱ级.").Resolve(c => c.Source.Grade);
        Field<NonNullGraphType<StringGraphType>>("nameEn").Description("英文名称 / English name, e.g. Orange warning.").Resolve(c => c.Source.NameEn);
        Field<NonNullGraphType<StringGraphType>>("color").Description("颜色 / Colour for display, hex RGB (always shown with the name).").Resolve(c => c.Source.Color);
    }
}

internal sealed class WarningAreaGraphType : ObjectGraphType<AreaDto>
{
    public WarningAreaGraphType()
    {
        Name = "WarningArea";
        Description = "预警区域 / The area of a warning or event: the whole city (锦州市) or listed districts.";
        Field<NonNullGraphType<StringGraphType>>("code").Description("区域代码 / \"city\", or the districts' names joined by ';'.").Resolve(c => c.Source.Code);
        Field<NonNullGraphType<StringGraphType>>("name").Description("名称 / Chinese name.").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>>("nameEn").Description("英文名称 / English name.").Resolve(c => c.Source.NameEn);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("districts").Description("区县 / The districts named (empty for the whole city).").Resolve(c => c.Source.Districts);
    }
}

/// <summary>One event of a timeline, or one version of it (REST WarningEventDto).</summary>
internal sealed class WarningEventGraphType : ObjectGraphType<WarningEventDto>
{
    public WarningEventGraphType()
    {
        Name = "WarningEvent";
        Description = "预警事件 / One notice of a warning — issue 发布, upgrade 升级, downgrade 降级 or lift 解除 — or one version of it.";
        Field<NonNullGraphType<IntGraphType>>("seq").Description("序号 / 1, 2, 3… in time order within the warning.").Resolve(c => c.Source.Seq);
        Field<NonNullGraphType<StringGraphType>>("event").Description("事件 / issue, upgrade, downgrade or lift.").Resolve(c => c.Source.Event);
        Field<NonNullGraphType<StringGraphType>>("eventZh").Description("事件（中文）/ The event in Chinese: 发布, 升级, 降级 or 解除.").Resolve(c => c.Source.EventZh);
        Field<NonNullGraphType<OffsetDateTimeGraphType>>("time").Description("生效时间 / When the notice takes effect, Asia/Shanghai.").Resolve(c => c.Source.Time);
        Field<NonNullGraphType<OffsetDateTimeGraphType>>("timeUtc").Description("生效时间（UTC）/ The same instant in UTC.").Resolve(c => c.Source.TimeUtc);
        Field<OffsetDateTimeGraphType>("until").Description("预计结束 / The end the notice announces, if any.").Resolve(c => c.Source.Until);
        Field<WarningLevelInfoGraphType>("level").Description("级别 / Level set by the notice; null for a lift.").Resolve(c => c.Source.Level);
        Field<NonNullGraphType<WarningAreaGraphType>>("area").Description("区域 / Area of the notice.").Resolve(c => c.Source.Area);
        Field<NonNullGraphType<StringGraphType>>("authority").Description("发布机构 / Issuing authority.").Resolve(c => c.Source.Authority);
        Field<StringGraphType>("documentNumber").Description("文号 / Document number of the notice.").Resolve(c => c.Source.DocumentNumber);
        Field<NonNullGraphType<WarningBasisGraphType>>("basis").Description("依据 / Forecast, primary pollutant and meteorology the notice rests on.").Resolve(c => c.Source.Basis);
        Field<NonNullGraphType<WarningMeasuresGraphType>>("measures").Description("措施 / Measures ordered by the notice.").Resolve(c => c.Source.Measures);
        Field<WarningDocumentGraphType>("document").Description("原文 / The published notice: link and SHA-256; null when not given.").Resolve(c => c.Source.Document);
        Field<NonNullGraphType<IntGraphType>>("version").Description("版本号 / Version of this event (1 = first publication).").Resolve(c => c.Source.Version);
        Field<NonNullGraphType<BooleanGraphType>>("current").Description("当前版本 / Whether this version is the one in force.").Resolve(c => c.Source.Current);
        Field<NonNullGraphType<OffsetDateTimeGraphType>>("recordedAt").Description("记录时间 / When this version was stored.").Resolve(c => c.Source.RecordedAt);
        Field<NonNullGraphType<StringGraphType>>("source").Description("来源文件 / Source file of this version.").Resolve(c => c.Source.Source);
        Field<StringGraphType>("reason").Description("更正原因 / Why this version exists (correction reason and the fields that changed).").Resolve(c => c.Source.Reason);
    }
}

internal sealed class WarningBasisGraphType : ObjectGraphType<WarningBasis>
{
    public WarningBasisGraphType()
    {
        Name = "WarningBasis";
        Description = "预警依据 / What a notice rests on: the forecast daily AQI by day, the primary pollutant, the meteorology.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ForecastDayGraphType>>>>("forecast").Description("预报 / Forecast daily AQI by day.").Resolve(c => c.Source.Forecast);
        Field<StringGraphType>("primaryPollutant").Description("首要污染物 / Primary pollutant forecast.").Resolve(c => c.Source.PrimaryPollutant);
        Field<StringGraphType>("meteorology").Description("气象条件 / Meteorological conditions given.").Resolve(c => c.Source.Meteorology);
    }
}

internal sealed class ForecastDayGraphType : ObjectGraphType<ForecastDay>
{
    public ForecastDayGraphType()
    {
        Name = "ForecastDay";
        Description = "预报日 / One day of a forecast: the daily AQI range (one value when low = high).";
        Field<NonNullGraphType<LocalDateGraphType>>("date").Description("日期 / Local date.").Resolve(c => c.Source.Date);
        Field<NonNullGraphType<IntGraphType>>("aqiLow").Description("AQI 下限 / Low end of the forecast daily AQI.").Resolve(c => c.Source.AqiLow);
        Field<NonNullGraphType<IntGraphType>>("aqiHigh").Description("AQI 上限 / High end of the forecast daily AQI.").Resolve(c => c.Source.AqiHigh);
    }
}

internal sealed class WarningMeasuresGraphType : ObjectGraphType<WarningMeasures>
{
    public WarningMeasuresGraphType()
    {
        Name = "WarningMeasures";
        Description = "应急措施 / The measures of a notice, as it words them.";
        Field<DecimalGraphType>("emissionCutPercent").Description("减排比例（%）/ Ordered cut of emissions, percent.").Resolve(c => c.Source.EmissionCutPercent);
        Field<StringGraphType>("staggeredProduction").Description("错峰生产 / Staggered production.").Resolve(c => c.Source.StaggeredProduction);
        Field<StringGraphType>("trafficRestriction").Description("交通管控 / Traffic restriction.").Resolve(c => c.Source.TrafficRestriction);
        Field<StringGraphType>("constructionHalt").Description("停止施工 / Construction halt.").Resolve(c => c.Source.ConstructionHalt);
        Field<StringGraphType>("schoolOutdoorActivities").Description("学校户外活动 / Schools' outdoor activities.").Resolve(c => c.Source.SchoolOutdoorActivities);
        Field<StringGraphType>("publicAdvice").Description("公众建议 / Advice to the public.").Resolve(c => c.Source.PublicAdvice);
    }
}

internal sealed class WarningDocumentGraphType : ObjectGraphType<SourceDocument>
{
    public WarningDocumentGraphType()
    {
        Name = "WarningDocument";
        Description = "预警通知原文 / Where the published notice is, and the SHA-256 of its bytes as retrieved.";
        Field<NonNullGraphType<StringGraphType>>("url").Description("链接 / Link to the notice (http/https).").Resolve(c => c.Source.Url);
        Field<NonNullGraphType<StringGraphType>>("sha256").Description("SHA-256 摘要 / SHA-256 of the notice's bytes, lower-case hex.").Resolve(c => c.Source.Sha256);
    }
}

/// <summary>The comparison of one warning with the observed data (REST <c>observed</c>).</summary>
internal sealed class ObservedComparisonGraphType : ObjectGraphType<ObservedComparisonDto>
{
    public ObservedComparisonGraphType()
    {
        Name = "ObservedComparison";
        Description = "与实测对比 / How a warning compares with the observed city daily AQI during its period — a comparison, not a verdict (warnings are issued on forecasts).";
        Field<NonNullGraphType<StringGraphType>>("dataSupport").Description("实测支持 / supported, lowerLevel, notSupported or noData.").Resolve(c => c.Source.DataSupport);
        Field<WarningLevelInfoGraphType>("observedLevel").Description("实测对应级别 / The level the observed data met; null when none.").Resolve(c => c.Source.ObservedLevel);
        Field<NonNullGraphType<StringGraphType>>("scheme").Description("预警标准 / Id of the scheme in force at the start (see warningCriteria).").Resolve(c => c.Source.Scheme);
        Field<NonNullGraphType<BooleanGraphType>>("schemeVerified").Description("标准已核实 / Whether that scheme's thresholds are verified.").Resolve(c => c.Source.SchemeVerified);
        Field<IntGraphType>("maxDailyAqi").Description("最高日 AQI / Highest observed city daily AQI during the warning.").Resolve(c => c.Source.MaxDailyAqi);
        Field<LocalDateGraphType>("maxDailyAqiDate").Description("最高日期 / Date of that highest value.").Resolve(c => c.Source.MaxDailyAqiDate);
        Field<NonNullGraphType<IntGraphType>>("daysMeetingThreshold").Description("超阈值天数 / Days whose AQI met the scheme's lowest warning threshold.").Resolve(c => c.Source.DaysMeetingThreshold);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("findings")
            .Description("发现 / Kinds of difference found for this warning: issuedLate, liftedEarly, noDataSupport, levelAboveObserved, levelBelowObserved.").Resolve(c => c.Source.Findings);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ObservedDayGraphType>>>>("days").Description("实测日 / The observed city days of the warning's period.").Resolve(c => c.Source.Days);
        Field<NonNullGraphType<StringGraphType>>("note").Description("说明 / What this comparison is and is not.").Resolve(c => c.Source.Note);
    }
}

internal sealed class ObservedDayGraphType : ObjectGraphType<ObservedDayDto>
{
    public ObservedDayGraphType()
    {
        Name = "ObservedDay";
        Description = "实测日 / An observed city day: the daily AQI of the city series and whether it meets the scheme's lowest warning threshold.";
        Field<NonNullGraphType<LocalDateGraphType>>("date").Description("日期 / Local date.").Resolve(c => c.Source.Date);
        Field<IntGraphType>("aqi").Description("日 AQI / City daily AQI; null without valid data.").Resolve(c => c.Source.Aqi);
        Field<LevelGraphType>("aqiLevel").Description("AQI 级别 / AQI level of that value (HJ 633 表2).").Resolve(c => c.Source.AqiLevel);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("primaryPollutants").Description("首要污染物 / Primary pollutants of the day.").Resolve(c => c.Source.PrimaryPollutants);
        Field<NonNullGraphType<BooleanGraphType>>("meetsThreshold").Description("达到阈值 / Whether the day meets the lowest warning threshold of the scheme in force.").Resolve(c => c.Source.MeetsThreshold);
    }
}

/// <summary>The consistency view (REST /warnings/consistency); its long lists are connections.</summary>
internal sealed class WarningConsistencyGraphType : ObjectGraphType<ConsistencyDto>
{
    public WarningConsistencyGraphType()
    {
        Name = "WarningConsistency";
        Description = "预警与实测对比 / Issued warnings compared with the observed city daily AQI over a period, by the scheme of each date — a comparison, not a verdict.";
        Field<NonNullGraphType<StringGraphType>>("notice").Description("说明（中文）/ What this view is, in Chinese.").Resolve(c => c.Source.Notice);
        Field<NonNullGraphType<StringGraphType>>("noticeEn").Description("说明（英文）/ What this view is, in English.").Resolve(c => c.Source.NoticeEn);
        Field<NonNullGraphType<LocalDateGraphType>>("from").Description("起始日期 / First local date of the period.").Resolve(c => c.Source.From);
        Field<NonNullGraphType<LocalDateGraphType>>("to").Description("结束日期 / Last local date of the period.").Resolve(c => c.Source.To);
        Field<NonNullGraphType<StringGraphType>>("basis").Description("依据 / The observed series used and where the criteria are.").Resolve(c => c.Source.Basis);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SchemePeriodGraphType>>>>("schemes").Description("适用标准 / The schemes in force during the period.").Resolve(c => c.Source.Schemes);
        Field<NonNullGraphType<IntGraphType>>("warnings").Description("预警数 / Warnings in force during the period.").Resolve(c => c.Source.Warnings);
        Field<NonNullGraphType<IntGraphType>>("observedEpisodes").Description("实测过程数 / Episodes the observed data called for.").Resolve(c => c.Source.ObservedEpisodes);
        this.Connection<ObservedEpisodeGraphType, ConsistencyDto>("episodes", "实测过程 / The episodes the observed data called for, with the warnings in force during each.")
            .Resolve(c => c.Page(c.Source.Episodes));
        this.Connection<ConsistencyFindingGraphType, ConsistencyDto>("findings", "差异 / Where issued warnings and observed data differ, with the days and values that show it.")
            .Resolve(c => c.Page(c.Source.Findings));
    }
}

internal sealed class SchemePeriodGraphType : ObjectGraphType<SchemePeriodDto>
{
    public SchemePeriodGraphType()
    {
        Name = "SchemePeriod";
        Description = "标准适用期 / A warning scheme and the dates it applies to.";
        Field<NonNullGraphType<StringGraphType>>("id").Description("标准 / Scheme id.").Resolve(c => c.Source.Id);
        Field<LocalDateGraphType>("from").Description("起始日期 / First date it applies; null for no start.").Resolve(c => c.Source.From);
        Field<LocalDateGraphType>("until").Description("截止日期 / First date it no longer applies; null while in force.").Resolve(c => c.Source.Until);
        Field<NonNullGraphType<BooleanGraphType>>("verified").Description("已核实 / Whether its thresholds are verified.").Resolve(c => c.Source.Verified);
    }
}

internal sealed class ObservedEpisodeGraphType : ObjectGraphType<ObservedEpisodeDto>
{
    public ObservedEpisodeGraphType()
    {
        Name = "ObservedEpisode";
        Description = "实测污染过程 / A heavy-pollution episode found in the observed city daily AQI by the scheme of its dates.";
        Field<NonNullGraphType<LocalDateGraphType>>("from").Description("起始日期 / First day.").Resolve(c => c.Source.From);
        Field<NonNullGraphType<LocalDateGraphType>>("to").Description("结束日期 / Last day.").Resolve(c => c.Source.To);
        Field<NonNullGraphType<WarningLevelInfoGraphType>>("level").Description("对应级别 / The warning level the episode met.").Resolve(c => c.Source.Level);
        Field<NonNullGraphType<StringGraphType>>("scheme").Description("标准 / Scheme id applied.").Resolve(c => c.Source.Scheme);
        Field<NonNullGraphType<IntGraphType>>("peakAqi").Description("最高 AQI / Highest daily AQI of the episode.").Resolve(c => c.Source.PeakAqi);
        Field<NonNullGraphType<IntGraphType>>("parts").Description("合并段数 / Runs merged into this episode (at most the merge gap apart).").Resolve(c => c.Source.Parts);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LevelReachedGraphType>>>>("progression").Description("级别变化 / When each level was first met.").Resolve(c => c.Source.Progression);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ObservedDayGraphType>>>>("days").Description("实测日 / The days of the episode.").Resolve(c => c.Source.Days);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("warnings").Description("对应预警 / Ids of the warnings in force during it.").Resolve(c => c.Source.Warnings);
    }
}

internal sealed class LevelReachedGraphType : ObjectGraphType<LevelReachedDto>
{
    public LevelReachedGraphType()
    {
        Name = "LevelReached";
        Description = "达到级别 / A level an episode met, and when.";
        Field<NonNullGraphType<WarningLevelInfoGraphType>>("level").Description("级别 / The level.").Resolve(c => c.Source.Level);
        Field<NonNullGraphType<OffsetDateTimeGraphType>>("at").Description("时间 / When its condition was first met.").Resolve(c => c.Source.At);
    }
}

internal sealed class ConsistencyFindingGraphType : ObjectGraphType<FindingDto>
{
    public ConsistencyFindingGraphType()
    {
        Name = "ConsistencyFinding";
        Description = "差异 / One point where issued warnings and observed data differ, with the days and values that show it.";
        Field<NonNullGraphType<StringGraphType>>("kind").Description("类型 / notIssued, issuedLate, liftedEarly, noDataSupport, levelAboveObserved or levelBelowObserved.").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<StringGraphType>>("title").Description("标题（中文）/ Title in Chinese.").Resolve(c => c.Source.Title);
        Field<NonNullGraphType<StringGraphType>>("titleEn").Description("标题（英文）/ Title in English.").Resolve(c => c.Source.TitleEn);
        Field<StringGraphType>("warningId").Description("预警编号 / The warning concerned; null for an episode without warning.").Resolve(c => c.Source.WarningId);
        Field<LocalDateGraphType>("episodeFrom").Description("过程起始 / First day of the observed episode concerned.").Resolve(c => c.Source.EpisodeFrom);
        Field<LocalDateGraphType>("episodeTo").Description("过程结束 / Last day of that episode.").Resolve(c => c.Source.EpisodeTo);
        Field<WarningLevelInfoGraphType>("warningLevel").Description("预警级别 / Highest level of the warning.").Resolve(c => c.Source.WarningLevel);
        Field<WarningLevelInfoGraphType>("observedLevel").Description("实测级别 / Level the observed data met.").Resolve(c => c.Source.ObservedLevel);
        Field<NonNullGraphType<StringGraphType>>("explanation").Description("说明（中文）/ Explanation in Chinese.").Resolve(c => c.Source.Explanation);
        Field<NonNullGraphType<StringGraphType>>("explanationEn").Description("说明（英文）/ Explanation in English.").Resolve(c => c.Source.ExplanationEn);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ObservedDayGraphType>>>>("evidence").Description("证据 / The days and values that show it.").Resolve(c => c.Source.Evidence);
    }
}

/// <summary>The criteria (REST /warnings/criteria).</summary>
internal sealed class WarningCriteriaGraphType : ObjectGraphType<CriteriaDto>
{
    public WarningCriteriaGraphType()
    {
        Name = "WarningCriteria";
        Description = "预警分级标准 / The warning schemes, their triggers, the dates each applies and whether they are verified.";
        Field<NonNullGraphType<StringGraphType>>("method").Description("方法 / How episodes and levels are found (Chinese and English).").Resolve(c => c.Source.Method);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<WarningSchemeGraphType>>>>("schemes").Description("标准 / The schemes in date order.").Resolve(c => c.Source.Schemes);
    }
}

internal sealed class WarningSchemeGraphType : ObjectGraphType<SchemeDto>
{
    public WarningSchemeGraphType()
    {
        Name = "WarningScheme";
        Description = "预警分级标准 / One warning scheme: its document, thresholds per level and the dates it applies in Jinzhou.";
        Field<NonNullGraphType<StringGraphType>>("id").Description("标准 / Scheme id, e.g. national-2018.").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("name").Description("名称 / Chinese name.").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>>("nameEn").Description("英文名称 / English name.").Resolve(c => c.Source.NameEn);
        Field<NonNullGraphType<StringGraphType>>("document").Description("文件 / The document that sets it, e.g. 环办大气函〔2018〕875号.").Resolve(c => c.Source.Document);
        Field<NonNullGraphType<BooleanGraphType>>("verified").Description("已核实 / Whether its thresholds are verified.").Resolve(c => c.Source.Verified);
        Field<NonNullGraphType<StringGraphType>>("notes").Description("备注 / What is known and unknown about it.").Resolve(c => c.Source.Notes);
        Field<LocalDateGraphType>("from").Description("起始日期 / First date it applies; null for no start.").Resolve(c => c.Source.From);
        Field<LocalDateGraphType>("until").Description("截止日期 / First date it no longer applies; null while in force.").Resolve(c => c.Source.Until);
        Field<NonNullGraphType<IntGraphType>>("mergeGapHours").Description("合并间隔（小时）/ Episodes at most this far apart count as one.").Resolve(c => c.Source.MergeGapHours);
        Field<NonNullGraphType<BooleanGraphType>>("excludesOzoneDays").Description("排除臭氧日 / Whether ozone-driven days are not counted.").Resolve(c => c.Source.ExcludesOzoneDays);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<WarningSchemeRuleGraphType>>>>("rules").Description("分级条件 / The trigger of each level.").Resolve(c => c.Source.Rules);
    }
}

internal sealed class WarningSchemeRuleGraphType : ObjectGraphType<SchemeRuleDto>
{
    public WarningSchemeRuleGraphType()
    {
        Name = "WarningSchemeRule";
        Description = "分级条件 / The trigger of one level of a scheme.";
        Field<NonNullGraphType<WarningLevelInfoGraphType>>("level").Description("级别 / The level.").Resolve(c => c.Source.Level);
        Field<NonNullGraphType<StringGraphType>>("trigger").Description("条件表达式 / Trigger expression, e.g. AQI>200:48h.").Resolve(c => c.Source.Trigger);
        Field<NonNullGraphType<StringGraphType>>("text").Description("条件（中文）/ The trigger as the scheme words it.").Resolve(c => c.Source.Text);
        Field<IntGraphType>("emissionCutPercent").Description("减排比例（%）/ Emission cut of the level, percent.").Resolve(c => c.Source.EmissionCutPercent);
    }
}

/// <summary>An emission-reduction list (REST ReductionListDto); its entries are a connection, batched across lists.</summary>
internal sealed class ReductionListGraphType : ObjectGraphType<ReductionListDto>
{
    public ReductionListGraphType()
    {
        Name = "ReductionList";
        Description = "应急减排清单 / An emergency emission-reduction list (一厂一策): per level, the enterprises and their measures.";
        Field<NonNullGraphType<StringGraphType>>("id").Description("清单编号 / List id as imported.").Resolve(c => c.Source.Id);
        Field<StringGraphType>("title").Description("标题 / Title.").Resolve(c => c.Source.Title);
        Field<LocalDateGraphType>("validFrom").Description("生效日期 / First date it applies.").Resolve(c => c.Source.ValidFrom);
        Field<LocalDateGraphType>("validTo").Description("截止日期 / Last date it applies.").Resolve(c => c.Source.ValidTo);
        Field<NonNullGraphType<IntGraphType>>("entries").Description("条目数 / Number of entries (enterprise × level), as in REST; the entries themselves are `entryList`.").Resolve(c => c.Source.Entries);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ReductionLevelCountGraphType>>>>("levels").Description("各级别企业数 / Enterprises per level.").Resolve(c => c.Source.Levels);
        this.Connection<ReductionEntryGraphType, ReductionListDto>("entryList",
                "清单条目 / The entries, by level then enterprise (REST /warnings/reduction-lists/{id}). Batched across lists.")
            .Argument<WarningLevelGraphType>("level", "级别 / Only the entries of this level.")
            .Resolve(c => WarningLoaders.Entries(c, c.Source.Id));
    }
}

internal sealed class ReductionLevelCountGraphType : ObjectGraphType<LevelCountDto>
{
    public ReductionLevelCountGraphType()
    {
        Name = "ReductionLevelCount";
        Description = "级别企业数 / How many enterprises a list names at one level.";
        Field<NonNullGraphType<WarningLevelInfoGraphType>>("level").Description("级别 / The level.").Resolve(c => c.Source.Level);
        Field<NonNullGraphType<IntGraphType>>("enterprises").Description("企业数 / Enterprises at that level.").Resolve(c => c.Source.Enterprises);
    }
}

internal sealed class ReductionEntryGraphType : ObjectGraphType<ReductionEntryDto>
{
    public ReductionEntryGraphType()
    {
        Name = "ReductionEntry";
        Description = "减排清单条目 / What one enterprise does at one warning level.";
        Field<NonNullGraphType<StringGraphType>>("listId").Description("清单编号 / The list.").Resolve(c => c.Source.ListId);
        Field<NonNullGraphType<WarningLevelInfoGraphType>>("level").Description("级别 / The warning level.").Resolve(c => c.Source.Level);
        Field<NonNullGraphType<StringGraphType>>("enterprise").Description("企业名称 / Enterprise as registered.").Resolve(c => c.Source.Enterprise);
        Field<NonNullGraphType<StringGraphType>>("uscc").Description("统一社会信用代码 / Unified social credit code (GB 32100-2015, checked on import).").Resolve(c => c.Source.Uscc);
        Field<NonNullGraphType<StringGraphType>>("measure").Description("减排措施 / The measure at this level.").Resolve(c => c.Source.Measure);
        Field<NonNullGraphType<IntGraphType>>("version").Description("版本号 / Version of this entry (1 = first publication).").Resolve(c => c.Source.Version);
        Field<NonNullGraphType<OffsetDateTimeGraphType>>("recordedAt").Description("记录时间 / When this version was stored.").Resolve(c => c.Source.RecordedAt);
        Field<NonNullGraphType<StringGraphType>>("source").Description("来源文件 / Source file.").Resolve(c => c.Source.Source);
        Field<StringGraphType>("reason").Description("更正原因 / Why this version exists.").Resolve(c => c.Source.Reason);
    }
}
