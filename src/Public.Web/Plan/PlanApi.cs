using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Public.Web.Api;
using Public.Web.Contract;
using Public.Web.Infrastructure;

namespace Public.Web.Plan;

public sealed record PlanTargetListQuery(
    [property: Description("Measure id (goals, m01 … m32, s01 … s06)")][FromQuery(Name = "measure")] string? Measure,
    [property: Description("Department id (lead or supporting), e.g. huanbao")][FromQuery(Name = "department")] string? Department,
    [property: Description("A year of the plan (2018–2020): targets with a value or deadline in it")][FromQuery(Name = "year")] string? Year,
    [property: Description("Status: met, not-met, on-track, overdue or not-reported (in the year, when given; else in any year)")][FromQuery(Name = "status")] string? Status,
    [property: Description("json (default) or csv (one row per target and year)")][FromQuery(Name = "format")] string? Format,
    [property: Description("Page number, from 1")][FromQuery(Name = "page")] string? Page,
    [property: Description("Rows per page (max 1000)")][FromQuery(Name = "limit")] string? Limit);

public sealed record PlanProgressListQuery(
    [property: Description("Target id, e.g. m01-a")][FromQuery(Name = "target")] string? Target,
    [property: Description("Measure id")][FromQuery(Name = "measure")] string? Measure,
    [property: Description("Department id of the reporting body")][FromQuery(Name = "department")] string? Department,
    [property: Description("Year of the period reported")][FromQuery(Name = "year")] string? Year,
    [property: Description("json (default) or csv")][FromQuery(Name = "format")] string? Format,
    [property: Description("Page number, from 1")][FromQuery(Name = "page")] string? Page,
    [property: Description("Rows per page (max 1000)")][FromQuery(Name = "limit")] string? Limit);

/// <summary>REST endpoints of the plan tracker under <c>/api/v1/plan</c>, and the Atom feed of new progress reports.</summary>
internal static class PlanApi
{
    public const string FeedPath = "/feeds/plan.atom";
    private const int FeedEntries = 50;

    public const string Source = "锦政发〔2018〕33号 原文（本站整理为数据，见 content/plan/）；进展报告来自各报告单位公开的文件，每条附来源；状态由本站计算 / The plan's text (as data in content/plan/); progress reports from the documents each body published, each with its source; statuses computed by this site";
    public const string Units = "各目标的单位见其 unit 字段（%、万吨、台、µg/m³ …）；日期为当地日期（Asia/Shanghai）/ Each target's unit is in its unit field; dates are local dates (Asia/Shanghai)";

    public static IEndpointRouteBuilder MapPlanApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/plan").WithTags(OpenApiTags.Plan);
        group.MapGet("", (PlanQueries queries, MetaFactory meta) => Results.Ok(new ItemResponse<PlanDto>(Meta(meta), queries.Plan())))
            .WithName("GetPlan").WithSummary("行动方案：总体目标、章节、措施与记分卡 The action plan: goals, sections, measures and scorecard")
            .ItemOf<PlanDto>();
        group.MapGet("/measures/{id}", (string id, PlanQueries queries, MetaFactory meta) => Problems.Guard(() =>
                Results.Ok(new ItemResponse<PlanMeasureDto>(Meta(meta), queries.Measure(id)))))
            .WithName("GetPlanMeasure").WithSummary("单项措施及其目标 One measure with its targets and departments")
            .ItemOf<PlanMeasureDto>();
        group.MapGet("/targets", ListTargets).WithName("ListPlanMeasureTargets")
            .WithSummary("行动方案目标及逐年状态（可筛选，可导出 CSV）Targets with their status per year; filters; CSV")
            .ListOf<PlanMeasureTargetDto>(TargetCsv);
        group.MapGet("/targets/{id}", (string id, PlanQueries queries, MetaFactory meta) => Problems.Guard(() =>
                Results.Ok(new ItemResponse<PlanTargetDetailDto>(Meta(meta), queries.Target(id)))))
            .WithName("GetPlanMeasureTarget").WithSummary("单个目标及其报告与版本 One target with its reports and their versions")
            .ItemOf<PlanTargetDetailDto>();
        group.MapGet("/departments", (PlanQueries queries, MetaFactory meta) =>
            {
                var departments = queries.Departments();
                return Results.Ok(new ListResponse<PlanDepartmentDto>(Meta(meta, 1, departments.Count, departments.Count), departments));
            })
            .WithName("ListPlanDepartments").WithSummary("责任单位：承担的目标与报告 Responsible bodies: what each owes and reported")
            .ListOf<PlanDepartmentDto>();
        group.MapGet("/departments/{id}", (string id, PlanQueries queries, MetaFactory meta) => Problems.Guard(() =>
                Results.Ok(new ItemResponse<PlanDepartmentDetailDto>(Meta(meta), queries.Department(id)))))
            .WithName("GetPlanDepartment").WithSummary("单个责任单位 One body: the targets it leads and supports, its reports")
            .ItemOf<PlanDepartmentDetailDto>();
        group.MapGet("/progress", ListProgress).WithName("ListPlanProgress")
            .WithSummary("进展报告（可筛选，可导出 CSV）Progress reports with filters; CSV")
            .ListOf<PlanProgressReportDto>(ReportCsv);

        routes.MapGet(FeedPath, Feed).WithName("PlanFeed").WithTags(OpenApiTags.Plan)
            .WithSummary("新进展报告的 Atom 订阅 Atom feed of newly recorded progress reports")
            .Answers("application/atom+xml", "Atom 1.0 订阅（最新 50 条进展报告）/ Atom 1.0 feed (the newest 50 progress reports)");
        return routes;
    }

    /// <summary>The common envelope, naming the plan's sources (demo data stays labelled as demo).</summary>
    public static Meta Meta(MetaFactory factory, int? page = null, int? limit = null, int? found = null)
    {
        var meta = factory.Create(page, limit, found);
        return meta with { Source = meta.Demo ? meta.Source : Source, Units = Units };
    }

    private static IResult ListTargets([AsParameters] PlanTargetListQuery q, HttpRequest request, PlanQueries queries, MetaFactory meta) => Problems.Guard(() =>
    {
        var filter = queries.ParseTargetFilter(q.Measure, q.Department, q.Year, q.Status);
        var csv = QueryParameters.WantsCsv(request, q.Format);
        var (page, limit) = QueryParameters.Paging(q.Page, q.Limit, csv ? QueryParameters.MaxLimit : QueryParameters.DefaultLimit);
        var all = queries.Targets(filter);
        var items = all.Skip((page - 1) * limit).Take(limit).ToList();
        return csv
            ? Results.File(TargetCsv.Write(items.SelectMany(t => t.Years.Where(y => filter.Year is null || y.Year == filter.Year).Select(y => (t, y)))),
                Csv.ContentType, "plan-targets.csv")
            : Results.Ok(new ListResponse<PlanMeasureTargetDto>(Meta(meta, page, limit, all.Count), items));
    });

    private static IResult ListProgress([AsParameters] PlanProgressListQuery q, HttpRequest request, PlanQueries queries, MetaFactory meta) => Problems.Guard(() =>
    {
        var filter = queries.ParseProgressFilter(q.Target, q.Measure, q.Department, q.Year);
        var csv = QueryParameters.WantsCsv(request, q.Format);
        var (page, limit) = QueryParameters.Paging(q.Page, q.Limit, csv ? QueryParameters.MaxLimit : QueryParameters.DefaultLimit);
        var all = queries.Progress(filter);
        var items = all.Skip((page - 1) * limit).Take(limit).ToList();
        return csv
            ? Results.File(ReportCsv.Write(items), Csv.ContentType, "plan-progress.csv")
            : Results.Ok(new ListResponse<PlanProgressReportDto>(Meta(meta, page, limit, all.Count), items));
    });

    private static IResult Feed(HttpRequest request, PlanQueries queries, MetaFactory meta, TimeProvider time)
    {
        var baseUrl = Push.WebSubLinks.FeedBase(request);
        var xml = PlanFeed.Write(queries.Newest(FeedEntries), baseUrl, meta.IsDemo, ChinaTime.Now(time), Push.WebSubLinks.Hub(request));
        return Results.Bytes(xml, "application/atom+xml; charset=utf-8");
    }

    // ---- CSV layouts: contract fields (names, meanings and units from the records' declarations) ----

    /// <summary>One row per target and year.</summary>
    private static readonly CsvLayout<(PlanMeasureTargetDto T, PlanTargetYearDto Y)> TargetCsv = CsvLayout.Of<(PlanMeasureTargetDto T, PlanTargetYearDto Y)>()
        .Fields(r => r.T, "id", "measureId", "clause", "metric", "metricEn", "kind", "unit", "baseline", "comparator")
        .Column("lead", "牵头单位", "Lead bodies as written in the plan, separated by ';'.", r => string.Join(';', r.T.Lead.Select(d => d.Name)))
        .Column("support", "配合单位", "Supporting bodies as written in the plan, separated by ';'.", r => string.Join(';', r.T.Support.Select(d => d.Name)))
        .Fields(r => r.Y, "year", "targetValue", "deadline", "status", "statusZh", "basis", "provisional", "reportedValue", "reportedDone",
            "reportId", "measuredValue", "disagreement")
        .Fields(r => r.T, "measuredBy")
        .Fields(r => r.Y, "explanation");

    private static readonly CsvLayout<PlanProgressReportDto> ReportCsv = CsvLayout.Of<PlanProgressReportDto>()
        .Fields("id")
        .Field("targetId", name: "target")
        .Field("measureId", name: "measure")
        .Fields("period", "value", "done", "completedOn", "reportingBody")
        .Field("departmentId", name: "department")
        .Fields("note", "source.title", "source.issuer", "source.documentNumber", "source.date", "source.url", "source.sha256", "demo", "version",
            "recordedAt", "reason");
}
