using GraphQL;
using GraphQL.Types;
using Public.Web.Contract;
using Public.Web.GraphQL;

namespace Public.Web.Plan.GraphQL;

/// <summary>
/// The plan tracker's root fields, one per REST route of /api/v1/plan, answered by <see cref="PlanQueries"/>:
/// <c>plan</c>, <c>planMeasure</c>, <c>planMeasureTargets</c>, <c>planMeasureTarget</c>, <c>planDepartments</c>,
/// <c>planDepartment</c>, <c>planProgress</c>. (The assessment's two yearly targets stay at <c>planTargets</c>.) The object
/// types are derived from the records' declarations (<see cref="DeclaredObjectGraphType{T}"/>), nothing restated.
/// </summary>
internal sealed class PlanQueryFields : IQueryFieldsContributor
{
    public void AddFields(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<DeclaredObjectGraphType<PlanDto>>>("plan")
            .Description("行动方案 / The action plan 锦政发〔2018〕33号: goals, sections, measures, counts and scorecard (REST /api/v1/plan).")
            .Resolve(c => c.Service<PlanQueries>().Plan());
        query.Field<NonNullGraphType<DeclaredObjectGraphType<PlanMeasureDto>>>("planMeasure")
            .Description("单项措施 / One measure with its targets (REST /api/v1/plan/measures/{id}); an unknown id is an error NOT_FOUND naming it.")
            .Argument<NonNullGraphType<StringGraphType>>("id", "措施编号 / Measure id: goals, m01 … m32, s01 … s06.")
            .Resolve(c => c.Service<PlanQueries>().Measure(c.GetArgument<string>("id")));
        query.Connection<DeclaredObjectGraphType<PlanMeasureTargetDto>, object?>("planMeasureTargets",
                "行动方案目标 / The plan's targets with their status per year (REST /api/v1/plan/targets).")
            .Argument<StringGraphType>("measure", "措施编号 / Only this measure's targets.")
            .Argument<StringGraphType>("department", "单位编号 / Only targets this body leads or supports.")
            .Argument<IntGraphType>("year", "年份 / Only targets with a value or deadline in this year (2018–2020).")
            .Argument<StringGraphType>("status", "状态 / met, not-met, on-track, overdue or not-reported (in the year, when given).")
            .Resolve(c =>
            {
                var queries = c.Service<PlanQueries>();
                var year = c.GetArgument<int?>("year");
                var filter = queries.ParseTargetFilter(c.GetArgument<string?>("measure"), c.GetArgument<string?>("department"),
                    year?.ToString(System.Globalization.CultureInfo.InvariantCulture), c.GetArgument<string?>("status"));
                return c.Page(queries.Targets(filter));
            });
        query.Field<NonNullGraphType<DeclaredObjectGraphType<PlanTargetDetailDto>>>("planMeasureTarget")
            .Description("单个目标 / One target with its reports and their versions (REST /api/v1/plan/targets/{id}).")
            .Argument<NonNullGraphType<StringGraphType>>("id", "目标编号 / Target id, e.g. m01-a.")
            .Resolve(c => c.Service<PlanQueries>().Target(c.GetArgument<string>("id")));
        query.Connection<DeclaredObjectGraphType<PlanDepartmentDto>, object?>("planDepartments", "责任单位 / The bodies the plan makes responsible (REST /api/v1/plan/departments).")
            .Resolve(c => c.Page(c.Service<PlanQueries>().Departments()));
        query.Field<NonNullGraphType<DeclaredObjectGraphType<PlanDepartmentDetailDto>>>("planDepartment")
            .Description("单个责任单位 / One body: what it owes and what it reported (REST /api/v1/plan/departments/{id}).")
            .Argument<NonNullGraphType<StringGraphType>>("id", "单位编号 / Department id, e.g. huanbao.")
            .Resolve(c => c.Service<PlanQueries>().Department(c.GetArgument<string>("id")));
        query.Connection<DeclaredObjectGraphType<PlanProgressReportDto>, object?>("planProgress", "进展报告 / Progress reports, newest first (REST /api/v1/plan/progress).")
            .Argument<StringGraphType>("target", "目标编号 / Only reports on this target.")
            .Argument<StringGraphType>("measure", "措施编号 / Only reports on this measure's targets.")
            .Argument<StringGraphType>("department", "单位编号 / Only reports by this body.")
            .Argument<IntGraphType>("year", "年份 / Only reports for a period in this year.")
            .Resolve(c =>
            {
                var queries = c.Service<PlanQueries>();
                var year = c.GetArgument<int?>("year");
                return c.Page(queries.Progress(queries.ParseProgressFilter(c.GetArgument<string?>("target"), c.GetArgument<string?>("measure"),
                    c.GetArgument<string?>("department"), year?.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            });
    }
}
