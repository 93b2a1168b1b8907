using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Public.Web.Api;
using Public.Web.Contract;
using Public.Web.Infrastructure;

namespace Public.Web.Warnings;

public sealed record WarningListQuery(
    [property: Description("Highest level the warning reached: blue, yellow, orange, red (comma-separated for several)")][FromQuery(Name = "level")] string? Level,
    [property: Description("First local date (Asia/Shanghai), YYYY-MM-DD: warnings in force on or after it")][FromQuery(Name = "from")] string? From,
    [property: Description("Last local date, YYYY-MM-DD: warnings in force on or before it")][FromQuery(Name = "to")] string? To,
    [property: Description("active, scheduled, lifted, expired (comma-separated for several)")][FromQuery(Name = "status")] string? Status,
    [property: Description("json (default) or csv")][FromQuery(Name = "format")] string? Format,
    [property: Description("Page number, from 1")][FromQuery(Name = "page")] string? Page,
    [property: Description("Rows per page (max 1000)")][FromQuery(Name = "limit")] string? Limit);

public sealed record ConsistencyQuery(
    [property: Description("First local date, YYYY-MM-DD (default: 365 days before to)")][FromQuery(Name = "from")] string? From,
    [property: Description("Last local date, YYYY-MM-DD (default: today)")][FromQuery(Name = "to")] string? To,
    [property: Description("json (default) or csv (the findings)")][FromQuery(Name = "format")] string? Format);

public sealed record ReductionListQuery(
    [property: Description("Only this level: blue, yellow, orange, red")][FromQuery(Name = "level")] string? Level,
    [property: Description("json (default) or csv")][FromQuery(Name = "format")] string? Format,
    [property: Description("Page number, from 1")][FromQuery(Name = "page")] string? Page,
    [property: Description("Rows per page (max 1000)")][FromQuery(Name = "limit")] string? Limit);

/// <summary>REST endpoints of the warnings feature under <c>/api/v1/warnings</c>.</summary>
internal static class WarningsApi
{
    public const string RealSource =
        "重污染天气预警：发布机构的预警通知（见各事件的 authority、documentNumber、document）；实测对比：中国环境监测总站实时发布数据（未经审核）。Warnings: the issuing authority's notices (see each event's authority, documentNumber and document); observed data: CNEMC real-time release (unreviewed).";

    public static RouteGroupBuilder MapWarningsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/warnings").WithTags(OpenApiTags.Warnings);
        group.MapGet("/", ListWarnings).WithName("ListWarnings")
            .WithSummary("重污染天气预警列表（含与实测数据的对比）Heavy-pollution warnings, each with its comparison with observed data").ListOf<WarningDto>(WarningCsv);
        group.MapGet("/active", ActiveWarnings).WithName("ActiveWarnings")
            .WithSummary("当前生效的预警 Warnings in force now").ListOf<WarningDto>(WarningCsv);
        group.MapGet("/consistency", Consistency).WithName("WarningConsistency")
            .WithSummary("预警与实测城市日AQI的对比（不是结论）Issued warnings compared with the observed city daily AQI (a comparison, not a verdict)").ItemOf<ConsistencyDto>(FindingCsv);
        group.MapGet("/criteria", Criteria).WithName("WarningCriteria")
            .WithSummary("预警分级标准及适用日期 The warning criteria and the dates each applies").ItemOf<CriteriaDto>();
        group.MapGet("/reduction-lists", ReductionLists).WithName("ReductionLists")
            .WithSummary("应急减排清单 Emergency emission-reduction lists").ListOf<ReductionListDto>();
        group.MapGet("/reduction-lists/{id}", ReductionList).WithName("ReductionList")
            .WithSummary("一份应急减排清单的企业与措施 The enterprises and measures of one list").ListOf<ReductionEntryDto>(EntryCsv);
        group.MapGet("/{id}", GetWarning).WithName("GetWarning")
            .WithSummary("单个预警及其事件时间线 One warning with its event timeline").ItemOf<WarningDetailDto>();
        group.MapGet("/{id}/versions", WarningVersions).WithName("WarningVersions")
            .WithSummary("预警各事件的全部版本（含更正）Every version of a warning's events, corrections included").ListOf<WarningEventDto>(EventCsv);
        return group;
    }

    private static Meta CreateMeta(MetaFactory meta, int? page = null, int? limit = null, int? found = null)
    {
        var m = meta.Create(page, limit, found);
        return m.Demo ? m : m with { Source = RealSource };
    }

    private static IResult ListWarnings([AsParameters] WarningListQuery q, HttpRequest request, WarningQueries queries, MetaFactory meta) => Problems.Guard(() =>
    {
        var (page, limit) = QueryParameters.Paging(q.Page, q.Limit);
        var csv = QueryParameters.WantsCsv(request, q.Format);
        var filter = WarningQueries.ParseFilter(q.Level, q.From, q.To, q.Status);
        var (items, found) = queries.List(filter, page, limit);
        return csv
            ? Results.File(WarningCsv.Write(items), Csv.ContentType, "warnings.csv")
            : Results.Ok(new ListResponse<WarningDto>(CreateMeta(meta, page, limit, found), items));
    });

    private static IResult ActiveWarnings([Description("json (default) or csv")] string? format, HttpRequest request, WarningQueries queries, MetaFactory meta) => Problems.Guard(() =>
    {
        var csv = QueryParameters.WantsCsv(request, format);
        var items = queries.Active();
        return csv
            ? Results.File(WarningCsv.Write(items), Csv.ContentType, "warnings-active.csv")
            : Results.Ok(new ListResponse<WarningDto>(CreateMeta(meta, 1, items.Count, items.Count), items));
    });

    private static IResult GetWarning(string id, WarningQueries queries, MetaFactory meta) => Problems.Guard(() =>
        Results.Ok(new ItemResponse<WarningDetailDto>(CreateMeta(meta), queries.Detail(id))));

    private static IResult WarningVersions(string id, [Description("json (default) or csv")] string? format, HttpRequest request, WarningQueries queries, MetaFactory meta) =>
        Problems.Guard(() =>
        {
            var csv = QueryParameters.WantsCsv(request, format);
            var rows = queries.Versions(id);
            return csv
                ? Results.File(EventCsv.Write(rows), Csv.ContentType, $"warning-{id}-versions.csv")
                : Results.Ok(new ListResponse<WarningEventDto>(CreateMeta(meta, 1, rows.Count, rows.Count), rows));
        });

    private static IResult Consistency([AsParameters] ConsistencyQuery q, HttpRequest request, WarningQueries queries, MetaFactory meta) => Problems.Guard(() =>
    {
        var (from, to) = queries.ConsistencyRange(q.From, q.To);
        var csv = QueryParameters.WantsCsv(request, q.Format);
        var result = queries.Consistency(from, to);
        return csv
            ? Results.File(FindingCsv.Write(result.Findings), Csv.ContentType, $"warnings-consistency-{from:yyyyMMdd}-{to:yyyyMMdd}.csv")
            : Results.Ok(new ItemResponse<ConsistencyDto>(CreateMeta(meta), result));
    });

    private static IResult Criteria(WarningQueries queries, MetaFactory meta) =>
        Results.Ok(new ItemResponse<CriteriaDto>(CreateMeta(meta), queries.Criteria()));

    private static IResult ReductionLists(WarningQueries queries, MetaFactory meta)
    {
        var lists = queries.ReductionLists();
        return Results.Ok(new ListResponse<ReductionListDto>(CreateMeta(meta, 1, lists.Count, lists.Count), lists));
    }

    private static IResult ReductionList(string id, [AsParameters] ReductionListQuery q, HttpRequest request, WarningQueries queries, MetaFactory meta) => Problems.Guard(() =>
    {
        var (page, limit) = QueryParameters.Paging(q.Page, q.Limit);
        var csv = QueryParameters.WantsCsv(request, q.Format);
        var rows = queries.ReductionEntries(id, WarningQueries.ParseLevel(q.Level));
        var items = rows.Skip((page - 1) * limit).Take(limit).ToList();
        return csv
            ? Results.File(EntryCsv.Write(items), Csv.ContentType, $"reduction-list-{id}.csv")
            : Results.Ok(new ListResponse<ReductionEntryDto>(CreateMeta(meta, page, limit, rows.Count), items));
    });

    // ---- CSV layouts: contract fields; a level or area is written as its code ----

    private static string Days(IEnumerable<ObservedDayDto> days) =>
        string.Join(' ', days.Select(d => d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ":" + (d.Aqi?.ToString(CultureInfo.InvariantCulture) ?? "NA")));

    private const string DaysZh = "逐日城市 AQI（日期:AQI，无数据为 NA，空格分隔）";
    private const string DaysEn = "Daily city AQI as date:AQI pairs (NA without data), space-separated";

    private static readonly CsvLayout<WarningDto> WarningCsv = CsvLayout.Of<WarningDto>()
        .Fields("id", "status")
        .Field("area.code", name: "area")
        .Fields("start", "startUtc", "end", "plannedEnd", "durationHours")
        .Field("issuedLevel.code", name: "issuedLevel")
        .Field("highestLevel.code", name: "highestLevel")
        .Field("currentLevel.code", name: "currentLevel")
        .Fields("authority", "documentNumber", "events", "observed.dataSupport")
        .Field("observed.observedLevel.code", name: "observedLevel")
        .Fields("observed.maxDailyAqi", "observed.maxDailyAqiDate", "observed.daysMeetingThreshold")
        .Column("observedDailyAqi", DaysZh, DaysEn, w => Days(w.Observed.Days))
        .Field("observed.findings", name: "findings")
        .Field("observed.scheme", name: "scheme");

    private static readonly CsvLayout<WarningEventDto> EventCsv = CsvLayout.Of<WarningEventDto>()
        .Fields("seq", "version", "current", "event", "time", "until")
        .Field("level.code", name: "level")
        .Field("area.code", name: "area")
        .Fields("authority", "documentNumber")
        .Field("measures.emissionCutPercent", name: "emissionCutPercent")
        .Field("document.url", name: "documentUrl")
        .Field("document.sha256", name: "documentSha256")
        .Fields("recordedAt", "source", "reason");

    private static readonly CsvLayout<FindingDto> FindingCsv = CsvLayout.Of<FindingDto>()
        .Field("kind")
        .Field("titleEn", name: "title")
        .Fields("warningId", "episodeFrom", "episodeTo")
        .Field("warningLevel.code", name: "warningLevel")
        .Field("observedLevel.code", name: "observedLevel")
        .Field("explanationEn", name: "explanation")
        .Column("evidenceDailyAqi", DaysZh, DaysEn, f => Days(f.Evidence));

    private static readonly CsvLayout<ReductionEntryDto> EntryCsv = CsvLayout.Of<ReductionEntryDto>()
        .Field("listId")
        .Field("level.code", name: "level")
        .Fields("enterprise", "uscc", "measure", "version", "recordedAt", "source");
}
