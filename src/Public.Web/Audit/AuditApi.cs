using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Public.Web.Api;
using Public.Web.Contract;
using Public.Web.Infrastructure;
using Public.Web.SelfMonitoring;

namespace Public.Web.Audit;

public sealed record AuditRankingQuery(
    [property: Description("The year audited, e.g. 2019 (the annual report covering it was due on 15 March of the next year)")][property: ParameterSchema(Required = true, Minimum = AuditService.MinYear)][FromQuery(Name = "year")] string? Year,
    [property: Description("District (区县), exact name, e.g. 太和区")][FromQuery(Name = "district")] string? District,
    [property: Description("Industry, exact name, e.g. 火力发电")][FromQuery(Name = "industry")] string? Industry,
    [property: Description("Statuses, comma-separated, any of: late, missing, inconsistent, incomplete, low-data-rate, ok (a row matches when it has any)")][FromQuery(Name = "status")] string? Status,
    [property: Description("json (default) or csv")][FromQuery(Name = "format")] string? Format,
    [property: Description("Page number, from 1")][FromQuery(Name = "page")] string? Page,
    [property: Description("Rows per page (max 1000)")][FromQuery(Name = "limit")] string? Limit);

/// <summary>REST of the NGO audit: the ranking, one enterprise's audit with its evidence, and the method.</summary>
internal static class AuditApi
{
    public const string Units = "日期为当地日期（Asia/Shanghai）；浓度 mg/m³（按基准氧含量折算）；数据率 0–1；超标倍数 = 折算浓度 ÷ 限值；score 0–100 / Dates are local (Asia/Shanghai); concentrations mg/m³ at the reference O2; rates 0–1; multiple = corrected ÷ limit; score 0–100";

    public const string Source = "本站根据企业披露报告、行政处罚决定与企业自行监测数据（" + SelfMonitoringApi.Label + "）计算 / Computed by this site from enterprise disclosures, penalty decisions and enterprise self-monitoring data (not reviewed by the environment authority)";

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1").WithTags(OpenApiTags.Audit);
        group.MapGet("/audit", Ranking).WithName("AuditRanking")
            .WithSummary("信息披露审计排名（按年度；可按区县、行业、状态筛选；可导出 CSV）Disclosure audit ranking for a year, with filters and CSV").ListOf<AuditRankingRowDto>(Columns);
        group.MapGet("/audit/method", (MetaFactory meta) => Results.Ok(new ItemResponse<AuditMethodDto>(Meta(meta), AuditMethod.Describe())))
            .WithName("AuditMethod").WithSummary("审计方法（每一项如何计算、扣分规则、等级、各年度法律依据）The audit method as data: each point, scoring, grades and legal basis per period").ItemOf<AuditMethodDto>();
        group.MapGet("/audit/{creditCode}/{year}", Detail).WithName("AuditDetail")
            .WithSummary("单个企业某年度的审计结果及证据 One enterprise's audit for a year, each point with its evidence").ItemOf<AuditDto>();
        return routes;
    }

    public static Meta Meta(MetaFactory factory, int? page = null, int? limit = null, int? found = null)
    {
        var meta = factory.Create(page, limit, found);
        return meta with { Source = meta.Demo ? meta.Source + " / " + SelfMonitoringApi.Label : Source, Units = Units };
    }

    public static IReadOnlySet<string>? ParseStatuses(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var s = part.ToLowerInvariant();
            if (!AuditService.Statuses.Filters.Contains(s))
            {
                throw new BadParameterException("status", $"unknown status '{part}' (statuses: {string.Join(", ", AuditService.Statuses.Filters)})");
            }

            set.Add(s);
        }

        return set;
    }

    /// <summary>The ranking rows of a year after the filters (ranks stay city-wide).</summary>
    public static List<AuditRankingRowDto> Rows(AuditService audit, int year, string? district, string? industry, IReadOnlySet<string>? statuses) =>
        audit.Ranking(year)
            .Where(r => (district is null || r.Audit.District == district) && (industry is null || r.Audit.Industry == industry)
                && (statuses is null || r.Audit.Statuses.Any(statuses.Contains)))
            .Select(r => AuditService.Row(r.Audit, r.Rank)).ToList();

    private static IResult Ranking([AsParameters] AuditRankingQuery q, HttpRequest request, AuditService audit, MetaFactory meta) => Problems.Guard(() =>
    {
        var year = q.Year is null ? throw new BadParameterException("year", "name the year audited, e.g. year=2019") : AuditService.ParseYear(q.Year);
        var rows = Rows(audit, year, Blank(q.District), Blank(q.Industry), ParseStatuses(q.Status));
        var csv = QueryParameters.WantsCsv(request, q.Format);
        var (page, limit) = QueryParameters.Paging(q.Page, q.Limit, csv ? QueryParameters.MaxLimit : QueryParameters.DefaultLimit);
        var pageRows = rows.Skip((page - 1) * limit).Take(limit).ToList();
        return csv
            ? Results.File(Columns.Write(pageRows), Csv.ContentType, $"audit-{year.ToString(CultureInfo.InvariantCulture)}.csv")
            : Results.Ok(new ListResponse<AuditRankingRowDto>(Meta(meta, page, limit, rows.Count), pageRows));
    });

    private static IResult Detail(string creditCode, [ParameterSchema(Minimum = AuditService.MinYear)] string year, AuditService audit, MetaFactory meta) => Problems.Guard(() =>
        Results.Ok(new ItemResponse<AuditDto>(Meta(meta), audit.Get(creditCode, AuditService.ParseYear(year)))));

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static readonly CsvLayout<AuditRankingRowDto> Columns = CsvLayout.Of<AuditRankingRowDto>()
        .Fields("rank", "creditCode", "name", "district", "industry", "year", "score", "grade", "annualReport", "annualDaysLate",
            "missingCategories", "penalties", "temporaryOnTime", "temporaryLate", "temporaryMissing", "dataRate", "exceedanceHours",
            "maxMultiple", "inconsistent", "statuses", "detailUrl")
        .Labelled();
}
