using Public.Web.Api;
using Public.Web.Contract;
using Public.Web.Enterprises;
using Public.Web.Penalties;
using Public.Web.Penalties.Store;

namespace Public.Web.Disclosures;

/// <summary>REST of an enterprise's disclosure reports and statements (right of reply).</summary>
internal static class DisclosuresApi
{
    public const string Units = "日期为当地日期（Asia/Shanghai）；dueDate：年度报告为次年3月15日，临时报告为收到法律文书后第5个工作日（按国务院办公厅节假日安排）/ Dates are local (Asia/Shanghai); dueDate: 15 March of the next year for annual reports, the 5th working day after receipt for temporary reports (State Council holiday calendar)";

    public const string RealSource = "企业环境信息依法披露报告及企业公开说明，每条记录附原文链接及其 SHA-256 / Enterprise disclosure reports and published statements; each record links its document with its SHA-256";

    public static IEndpointRouteBuilder MapDisclosuresApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1").WithTags(OpenApiTags.Audit);
        group.MapGet("/enterprises/{creditCode}/disclosures", List).WithName("EnterpriseDisclosures")
            .WithSummary("企业环境信息披露报告（年度报告、临时报告）及到期日 An enterprise's disclosure reports (annual and temporary) with due dates").ListOf<DisclosureDto>();
        group.MapGet("/enterprises/{creditCode}/statements", Statements).WithName("EnterpriseStatements")
            .WithSummary("企业对超标或处罚的公开说明（回应权）An enterprise's published statements on exceedances or penalties (right of reply)").ListOf<StatementDto>();
        return routes;
    }

    public static Meta Meta(MetaFactory factory, int? page = null, int? limit = null, int? found = null)
    {
        var meta = factory.Create(page, limit, found);
        return meta with { Source = meta.Demo ? meta.Source : RealSource, Units = Units };
    }

    /// <summary>Penalty ids by decision number for the enterprise, so a temporary report links the decision it answers.</summary>
    public static Dictionary<string, long> PenaltyIds(PenaltyStore penalties, string creditCode) =>
        penalties.Current(new PenaltyFilter(PartyCreditCode: creditCode), 0, 10_000, out _)
            .GroupBy(p => p.Decision.DecisionNumber, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().PenaltyId, StringComparer.Ordinal);

    private static IResult List(string creditCode, EnterpriseStore enterprises, PenaltyStore penalties, DisclosureQueries queries, MetaFactory meta) => Problems.Guard(() =>
    {
        var enterprise = EnterprisesApi.Find(creditCode, enterprises);
        var rows = queries.Disclosures(enterprise.CreditCode, PenaltyIds(penalties, enterprise.CreditCode));
        return Results.Ok(new ListResponse<DisclosureDto>(Meta(meta, 1, rows.Count, rows.Count), rows));
    });

    private static IResult Statements(string creditCode, EnterpriseStore enterprises, DisclosureQueries queries, MetaFactory meta) => Problems.Guard(() =>
    {
        var enterprise = EnterprisesApi.Find(creditCode, enterprises);
        var rows = queries.Statements(enterprise.CreditCode);
        return Results.Ok(new ListResponse<StatementDto>(Meta(meta, 1, rows.Count, rows.Count), rows));
    });
}
