using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Public.Web.Api;
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
    private const string Tag = "Plan 行动方案";

    public const string Source = "锦政发〔2018〕33号 原文（本站整理为数据，见 content/plan/）；进展报告来自各报告单位公开的文件，每条附来源；状态由本站计算 / The plan's text (as data in content/plan/); progress reports from the documents each body published, each with its source; statuses computed by this site";
    public const string Units = "各目标的单位见其 unit 字段（%、万吨、台、µg/m³ …）；日期为当地日期（Asia/Shanghai）/ Each target's unit is in its unit field; dates are local dates (Asia/Shanghai)";

    public static IEndpointRouteBuilder MapPlanApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/plan").WithTags(Tag);
        group.MapGet("", (PlanQueries queries, MetaFactory meta) => Results.Ok(new ItemResponse<PlanDto>(Meta(meta), queries.Plan())))
            .WithName("GetPlan").WithSummary("行动方案：总体目标、章节、措施与记分卡 The action plan: goals, sections, measures and scorecard")
            .Produces<ItemResponse<PlanDto>>(200);
        group.MapGet("/measures/{id}", (string id, PlanQueries queries, MetaFactory meta) => Problems.Guard(() =>
                Results.Ok(new ItemResponse<PlanMeasureDto>(Meta(meta), queries.Measure(id)))))
            .WithName("GetPlanMeasure").WithSummary("单项措施及其目标 One measure with its targets and departments")
            .Produces<ItemResponse<PlanMeasureDto>>(200).ProducesProblem(404);
        group.MapGet("/targets", ListTargets).WithName("ListPlanMeasureTargets")
            .WithSummary("行动方案目标及逐年状态（可筛选，可导出 CSV）Targets with their status per year; filters; CSV")
            .Produces<ListResponse<PlanMeasureTargetDto>>(200).Produces(200, contentType: "text/csv").ProducesProblem(400);
        group.MapGet("/targets/{id}", (string id, PlanQueries queries, MetaFactory meta) => Problems.Guard(() =>
                Results.Ok(new ItemResponse<PlanTargetDetailDto>(Meta(meta), queries.Target(id)))))
            .WithName("GetPlanMeasureTarget").WithSummary("单个目标及其报告与版本 One target with its reports and their versions")
            .Produces<ItemResponse<PlanTargetDetailDto>>(200).ProducesProblem(404);
        group.MapGet("/departments", (PlanQueries queries, MetaFactory meta) =>
            {
                var departments = queries.Departments();
                return Results.Ok(new ListResponse<PlanDepartmentDto>(Meta(meta, 1, departments.Count, departments.Count), departments));
            })
            .WithName("ListPlanDepartments").WithSummary("责任单位：承担的目标与报告 Responsible bodies: what each owes and reported")
            .Produces<ListResponse<PlanDepartmentDto>>(200);
        group.MapGet("/departments/{id}", (string id, PlanQueries queries, MetaFactory meta) => Problems.Guard(() =>
                Results.Ok(new ItemResponse<PlanDepartmentDetailDto>(Meta(meta), queries.Department(id)))))
            .WithName("GetPlanDepartment").WithSummary("单个责任单位 One body: the targets it leads and supports, its reports")
            .Produces<ItemResponse<PlanDepartmentDetailDto>>(200).ProducesProblem(404);
        group.MapGet("/progress", ListProgress).WithName("ListPlanProgress")
            .WithSummary("进展报告（可筛选，可导出 CSV）Progress reports with filters; CSV")
            .Produces<ListResponse<PlanProgressReportDto>>(200).Produces(200, contentType: "text/csv").ProducesProblem(400);

        routes.MapGet(FeedPath, Feed).WithName("PlanFeed").WithTags(Tag)
            .WithSummary("新进展报告的 Atom 订阅 Atom feed of newly recorded progress reports")
            .Produces(200, contentType: "application/atom+xml");
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
            ? Results.File(Csv.Write(items.SelectMany(t => t.Years.Where(y => filter.Year is null || y.Year == filter.Year).Select(y => (t, y))), TargetColumns),
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
            ? Results.File(Csv.Write(items, ReportColumns), Csv.ContentType, "plan-progress.csv")
            : Results.Ok(new ListResponse<PlanProgressReportDto>(Meta(meta, page, limit, all.Count), items));
    });

    private static IResult Feed(HttpRequest request, PlanQueries queries, MetaFactory meta, TimeProvider time)
    {
        var baseUrl = $"{request.Scheme}://{request.Host}{request.PathBase}";
        var xml = PlanFeed.Write(queries.Newest(FeedEntries), baseUrl, meta.IsDemo, ChinaTime.Now(time));
        return Results.Bytes(xml, "application/atom+xml; charset=utf-8");
    }

    private static string? Date(DateOnly? value) => value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? Bool(bool? value) => value is { } b ? (b ? "true" : "false") : null;

    private static readonly (string, Func<(PlanMeasureTargetDto T, PlanTargetYearDto Y), string?>)[] TargetColumns =
    [
        ("id", r => r.T.Id), ("measureId", r => r.T.MeasureId), ("clause", r => r.T.Clause), ("metric", r => r.T.Metric), ("metricEn", r => r.T.MetricEn),
        ("kind", r => r.T.Kind), ("unit", r => r.T.Unit), ("baseline", r => r.T.Baseline), ("comparator", r => r.T.Comparator),
        ("lead", r => string.Join(';', r.T.Lead.Select(d => d.Name))), ("support", r => string.Join(';', r.T.Support.Select(d => d.Name))),
        ("year", r => Csv.Field(r.Y.Year)), ("targetValue", r => Csv.Field(r.Y.TargetValue)), ("deadline", r => Date(r.Y.Deadline)),
        ("status", r => r.Y.Status), ("statusZh", r => r.Y.StatusZh), ("basis", r => r.Y.Basis), ("provisional", r => Bool(r.Y.Provisional)),
        ("reportedValue", r => Csv.Field(r.Y.ReportedValue)), ("reportedDone", r => Bool(r.Y.ReportedDone)),
        ("reportId", r => r.Y.ReportId?.ToString(CultureInfo.InvariantCulture)), ("measuredValue", r => Csv.Field(r.Y.MeasuredValue)),
        ("disagreement", r => Bool(r.Y.Disagreement)), ("measuredBy", r => r.T.MeasuredBy), ("explanation", r => r.Y.Explanation),
    ];

    private static readonly (string, Func<PlanProgressReportDto, string?>)[] ReportColumns =
    [
        ("id", r => r.Id.ToString(CultureInfo.InvariantCulture)), ("target", r => r.TargetId), ("measure", r => r.MeasureId), ("period", r => r.Period),
        ("value", r => Csv.Field(r.Value)), ("done", r => Bool(r.Done)), ("completedOn", r => Date(r.CompletedOn)), ("reportingBody", r => r.ReportingBody),
        ("department", r => r.DepartmentId), ("note", r => r.Note), ("sourceTitle", r => r.Source.Title), ("sourceIssuer", r => r.Source.Issuer),
        ("sourceDocumentNumber", r => r.Source.DocumentNumber), ("sourceDate", r => Date(r.Source.Date)), ("sourceUrl", r => r.Source.Url),
        ("sourceSha256", r => r.Source.Sha256), ("demo", r => Bool(r.Demo)), ("version", r => Csv.Field(r.Version)),
        ("recordedAt", r => IsoTimeConverter.Format(r.RecordedAt)), ("reason", r => r.Reason),
    ];
}
