using GraphQL;
using GraphQL.Types;
using Public.Standards.AirQuality;
using Public.Web.AirQuality;
using Public.Web.Contract;
using Public.Web.GraphQL;

namespace Public.Web.Reference.GraphQL;

/// <summary>The reference root fields: pollutants, AQI levels, editions, breakpoint tables, the plan's targets.</summary>
internal sealed class ReferenceQueryFields : IQueryFieldsContributor
{
    public void AddFields(ObjectGraphType query)
    {
        query.Connection<DeclaredObjectGraphType<PollutantDto>, object?>("pollutants", "污染物 / The six AQI pollutants with names and units (REST /reference/pollutants).")
            .Resolve(c => c.Page(ReferenceData.Pollutants()));
        query.Connection<AqiLevelGraphType, object?>("aqiLevels", "空气质量指数级别 / The six AQI levels with colours, health effects and advice (REST /reference/aqi-levels).")
            .Resolve(c => c.Page(ReferenceData.AqiLevels()));
        query.Connection<DeclaredObjectGraphType<EditionDto>, object?>("editions", "标准版本 / HJ 633 editions and the dates they apply to (REST /reference/editions).")
            .Resolve(c => c.Page(ReferenceData.Editions()));
        query.Connection<DeclaredObjectGraphType<BreakpointTableDto>, object?>("breakpointTables", "IAQI 分段浓度限值表 / The IAQI breakpoint tables of HJ 633 表1, by edition (REST /reference/breakpoints).")
            .Argument<AqiEditionGraphType>("edition", "标准版本 / Only this edition (default both).")
            .Resolve(c =>
            {
                var edition = c.GetArgument<AqiEdition?>("edition");
                return c.Page(ReferenceData.BreakpointTables(edition is { } e ? [e] : Enum.GetValues<AqiEdition>()));
            });
        query.Connection<DeclaredObjectGraphType<PlanTarget>, object?>("planTargets", "行动方案目标 / The action plan's (锦政发〔2018〕33号) quantitative targets by year (REST /reference/plan-targets).")
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

/// <summary>An AQI level with its number also as an enum value.</summary>
internal sealed class AqiLevelGraphType() : DeclaredObjectGraphType<AqiLevelDto>(new GraphFields<AqiLevelDto>().After("number", type =>
    type.Field<NonNullGraphType<AirQuality.GraphQL.AqiCategoryGraphType>>("category").Description("级别 / The level as an enum value.").Resolve(c => c.Source.Number)));
