using GraphQL;
using GraphQL.Types;
using Public.Standards.AirQuality;
using Public.Web.AirQuality;
using Public.Web.GraphQL;

namespace Public.Web.Reference.GraphQL;

/// <summary>The reference root fields: pollutants, AQI levels, editions, breakpoint tables, the plan's targets.</summary>
internal sealed class ReferenceQueryFields : IQueryFieldsContributor
{
    public void AddFields(ObjectGraphType query)
    {
        query.Connection<PollutantGraphType, object?>("pollutants", "污染物 / The six AQI pollutants with names and units (REST /reference/pollutants).")
            .Resolve(c => c.Page(ReferenceData.Pollutants()));
        query.Connection<AqiLevelGraphType, object?>("aqiLevels", "空气质量指数级别 / The six AQI levels with colours, health effects and advice (REST /reference/aqi-levels).")
            .Resolve(c => c.Page(ReferenceData.AqiLevels()));
        query.Connection<AqiEditionInfoGraphType, object?>("editions", "标准版本 / HJ 633 editions and the dates they apply to (REST /reference/editions).")
            .Resolve(c => c.Page(ReferenceData.Editions()));
        query.Connection<BreakpointTableGraphType, object?>("breakpointTables", "IAQI 分段浓度限值表 / The IAQI breakpoint tables of HJ 633 表1, by edition (REST /reference/breakpoints).")
            .Argument<AqiEditionGraphType>("edition", "标准版本 / Only this edition (default both).")
            .Resolve(c =>
            {
                var edition = c.GetArgument<AqiEdition?>("edition");
                return c.Page(ReferenceData.BreakpointTables(edition is { } e ? [e] : Enum.GetValues<AqiEdition>()));
            });
        query.Connection<PlanTargetGraphType, object?>("planTargets", "行动方案目标 / The action plan's (锦政发〔2018〕33号) quantitative targets by year (REST /reference/plan-targets).")
            .Resolve(c => c.Page(c.Service<PlanTargets>().Targets));
    }
}

internal sealed class AqiEditionGraphType : EnumerationGraphType
{
    public AqiEditionGraphType()
    {
        Name = "AqiEdition";
        Description = "标准版本 / Edition of HJ 633 (环境空气质量指数（AQI）技术规定) whose tables apply.";
        Add("HJ633_2012", AqiEdition.HJ633_2012, "HJ 633-2012 版 / The 2012 edition; applies to data before 2026-03-01.");
        Add("HJ633_2026", AqiEdition.HJ633_2026, "HJ 633-2026 版 / The 2026 edition; applies to data from 2026-03-01.");
    }
}

internal sealed class PollutantGraphType : ObjectGraphType<PollutantDto>
{
    public PollutantGraphType()
    {
        Name = "Pollutant";
        Description = "污染物 / One of the six AQI pollutants with its unit and reporting precision.";
        Field<NonNullGraphType<StringGraphType>>("code").Description("编码 / CNEMC code, e.g. PM2.5.").Resolve(c => c.Source.Code);
        Field<NonNullGraphType<StringGraphType>>("nameZh").Description("中文名称 / Chinese name.").Resolve(c => c.Source.NameZh);
        Field<NonNullGraphType<StringGraphType>>("nameEn").Description("英文名称 / English name.").Resolve(c => c.Source.NameEn);
        Field<NonNullGraphType<StringGraphType>>("unit").Description("单位 / Unit: µg/m³, CO in mg/m³.").Resolve(c => c.Source.Unit);
        Field<NonNullGraphType<IntGraphType>>("decimals").Description("小数位 / Decimals used in reporting.").Resolve(c => c.Source.Decimals);
    }
}

internal sealed class AqiLevelGraphType : ObjectGraphType<AqiLevelDto>
{
    public AqiLevelGraphType()
    {
        Name = "AqiLevel";
        Description = "空气质量指数级别 / An AQI level of HJ 633-2012 表2 with its colour (附录A), health effects and advice.";
        Field<NonNullGraphType<IntGraphType>>("number").Description("级别序号 / Level number, 1–6.").Resolve(c => c.Source.Number);
        Field<NonNullGraphType<AirQuality.GraphQL.AqiCategoryGraphType>>("category").Description("级别 / The level as an enum value.").Resolve(c => c.Source.Number);
        Field<NonNullGraphType<IntGraphType>>("minAqi").Description("AQI 下限 / Lowest AQI of the level.").Resolve(c => c.Source.MinAqi);
        Field<IntGraphType>("maxAqi").Description("AQI 上限 / Highest AQI of the level; null for level 6 (no upper bound).").Resolve(c => c.Source.MaxAqi);
        Field<NonNullGraphType<StringGraphType>>("grade").Description("级别 / Chinese grade, e.g. 一级.").Resolve(c => c.Source.Grade);
        Field<NonNullGraphType<StringGraphType>>("name").Description("类别 / Chinese name, e.g. 优.").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>>("nameEn").Description("英文名称 / English name.").Resolve(c => c.Source.NameEn);
        Field<NonNullGraphType<StringGraphType>>("color").Description("颜色 / Colour name (Chinese).").Resolve(c => c.Source.Color);
        Field<NonNullGraphType<StringGraphType>>("colorEn").Description("颜色（英文）/ Colour name in English.").Resolve(c => c.Source.ColorEn);
        Field<NonNullGraphType<StringGraphType>>("hex").Description("颜色值 / Hex RGB.").Resolve(c => c.Source.Hex);
        Field<NonNullGraphType<StringGraphType>>("rgb").Description("RGB 颜色值 / Colour as R,G,B.").Resolve(c => c.Source.Rgb);
        Field<NonNullGraphType<StringGraphType>>("cmyk").Description("CMYK 颜色值 / Colour for print as C,M,Y,K.").Resolve(c => c.Source.Cmyk);
        Field<NonNullGraphType<StringGraphType>>("healthEffect").Description("对健康影响 / Health effects (Chinese).").Resolve(c => c.Source.HealthEffect);
        Field<NonNullGraphType<StringGraphType>>("healthEffectEn").Description("对健康影响（英文）/ Health effects in English.").Resolve(c => c.Source.HealthEffectEn);
        Field<NonNullGraphType<StringGraphType>>("advice").Description("建议措施 / Advice (Chinese).").Resolve(c => c.Source.Advice);
        Field<NonNullGraphType<StringGraphType>>("adviceEn").Description("建议措施（英文）/ Advice in English.").Resolve(c => c.Source.AdviceEn);
    }
}

internal sealed class AqiEditionInfoGraphType : ObjectGraphType<EditionDto>
{
    public AqiEditionInfoGraphType()
    {
        Name = "AqiEditionInfo";
        Description = "标准版本 / An HJ 633 edition and the local dates it applies to.";
        Field<NonNullGraphType<StringGraphType>>("name").Description("名称 / Name of the edition, e.g. HJ 633-2012.").Resolve(c => c.Source.Name);
        Field<LocalDateGraphType>("effectiveFrom").Description("施行日期 / First date of data it applies to.").Resolve(c => c.Source.EffectiveFrom);
        Field<LocalDateGraphType>("effectiveUntil").Description("废止前一日 / Last date it applies to; null while in force.").Resolve(c => c.Source.EffectiveUntil);
    }
}

internal sealed class BreakpointTableGraphType : ObjectGraphType<BreakpointTableDto>
{
    public BreakpointTableGraphType()
    {
        Name = "BreakpointTable";
        Description = "IAQI 分段表 / The IAQI breakpoints of one indicator (pollutant and averaging period) in one edition (HJ 633 表1).";
        Field<NonNullGraphType<StringGraphType>>("edition").Description("标准版本 / Edition of the table, e.g. HJ 633-2012.").Resolve(c => c.Source.Edition);
        Field<NonNullGraphType<StringGraphType>>("indicator").Description("指标 / Indicator: pollutant and averaging, e.g. PM25_24h.").Resolve(c => c.Source.Indicator);
        Field<NonNullGraphType<StringGraphType>>("pollutant").Description("污染物 / CNEMC code.").Resolve(c => c.Source.Pollutant);
        Field<NonNullGraphType<StringGraphType>>("averaging").Description("平均时段 / Averaging period: 1h, 8h or 24h.").Resolve(c => c.Source.Averaging);
        Field<NonNullGraphType<StringGraphType>>("unit").Description("单位 / Unit: µg/m³, CO in mg/m³.").Resolve(c => c.Source.Unit);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<BreakpointGraphType>>>>("breakpoints").Description("分段点 / IAQI and the concentration limit at it.").Resolve(c => c.Source.Breakpoints);
    }
}

internal sealed class BreakpointGraphType : ObjectGraphType<BreakpointDto>
{
    public BreakpointGraphType()
    {
        Name = "Breakpoint";
        Description = "分段点 / One breakpoint: an IAQI and its concentration limit.";
        Field<NonNullGraphType<IntGraphType>>("iaqi").Description("空气质量分指数 / IAQI.").Resolve(c => c.Source.Iaqi);
        Field<NonNullGraphType<DecimalGraphType>>("concentration").Description("浓度限值 / Concentration limit in the table's unit.").Resolve(c => c.Source.Concentration);
    }
}

internal sealed class PlanTargetGraphType : ObjectGraphType<PlanTarget>
{
    public PlanTargetGraphType()
    {
        Name = "PlanTarget";
        Description = "年度目标 / The action plan's quantitative targets for one year.";
        Field<NonNullGraphType<IntGraphType>>("year").Description("年份 / Year.").Resolve(c => c.Source.Year);
        Field<DecimalGraphType>("pm25AnnualMean").Description("PM2.5 年均浓度目标 / Target PM2.5 annual mean, µg/m³.").Resolve(c => c.Source.Pm25AnnualMean);
        Field<DecimalGraphType>("goodDaysRatioPercent").Description("优良天数比例目标 / Target good-days ratio, percent.").Resolve(c => c.Source.GoodDaysRatioPercent);
    }
}
