using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Public.Web.Api;
using Public.Web.Contract;
using Public.Web.Infrastructure;

namespace Public.Web.Penalties;

public sealed record PenaltyListQuery(
    [property: Description("First decision date, YYYY-MM-DD, inclusive")][FromQuery(Name = "from")] string? From,
    [property: Description("Last decision date, YYYY-MM-DD, inclusive")][FromQuery(Name = "to")] string? To,
    [property: Description("District (区县), exact name, e.g. 太和区")][FromQuery(Name = "district")] string? District,
    [property: Description("Industry, exact name")][FromQuery(Name = "industry")] string? Industry,
    [property: Description("Violation category, exact name")][FromQuery(Name = "violation")] string? Violation,
    [property: Description("Penalty types, comma-separated, any of: fine (daily penalties included), daily, stop-production, limit-production, seal-up, confiscation, warning")][FromQuery(Name = "type")] string? Type,
    [property: Description("Least total of fines in CNY (one-off fine + daily continuous penalty)")][FromQuery(Name = "minAmount")] string? MinAmount,
    [property: Description("Most total of fines in CNY")][FromQuery(Name = "maxAmount")] string? MaxAmount,
    [property: Description("Party: a unified social credit code (exact), or part of the name")][FromQuery(Name = "party")] string? Party,
    [property: Description("json (default) or csv")][FromQuery(Name = "format")] string? Format,
    [property: Description("Page number, from 1")][FromQuery(Name = "page")] string? Page,
    [property: Description("Rows per page (max 1000)")][FromQuery(Name = "limit")] string? Limit)
{
    public PenaltyFilter Filter() => PenaltyQueries.ParseFilter(From, To, District, Industry, Violation, Type, MinAmount, MaxAmount, Party);
}

public sealed record PenaltyStatsQuery(
    [property: Description("Group by: year, district, industry or violation")][FromQuery(Name = "by")] string? By,
    [property: Description("First decision date, YYYY-MM-DD, inclusive")][FromQuery(Name = "from")] string? From,
    [property: Description("Last decision date, YYYY-MM-DD, inclusive")][FromQuery(Name = "to")] string? To,
    [property: Description("District, exact name")][FromQuery(Name = "district")] string? District,
    [property: Description("Industry, exact name")][FromQuery(Name = "industry")] string? Industry,
    [property: Description("Violation category, exact name")][FromQuery(Name = "violation")] string? Violation,
    [property: Description("Penalty types, comma-separated")][FromQuery(Name = "type")] string? Type,
    [property: Description("Least total of fines in CNY")][FromQuery(Name = "minAmount")] string? MinAmount,
    [property: Description("Most total of fines in CNY")][FromQuery(Name = "maxAmount")] string? MaxAmount,
    [property: Description("Party: credit code or part of the name")][FromQuery(Name = "party")] string? Party,
    [property: Description("json (default) or csv")][FromQuery(Name = "format")] string? Format);

/// <summary>REST endpoints of the penalties feature under <c>/api/v1</c>, and the Atom feed of new decisions.</summary>
internal static class PenaltiesApi
{
    public const string FeedPath = "/feeds/penalties.atom";
    private const int FeedEntries = 50;

    public const string RealSource = "锦州市生态环境局公开的行政处罚决定书，每条记录附原文链接及其 SHA-256 / Penalty decisions as published by the Jinzhou Ecology and Environment Bureau; each record links its source document with the document's SHA-256";
    public const string Units = "金额为人民币元（CNY），精确到分；日期为当地日期（Asia/Shanghai）/ Amounts in CNY (yuan), exact to the fen; dates are local dates (Asia/Shanghai)";

    public static IEndpointRouteBuilder MapPenaltiesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1").WithTags(OpenApiTags.Penalties);
        group.MapGet("/penalties", ListPenalties).WithName("ListPenalties")
            .WithSummary("行政处罚决定（可筛选，可导出 CSV）Penalty decisions with filters; CSV includes the legal basis").ListOf<PenaltyDto>(PenaltyCsv);
        group.MapGet("/penalties/{id:long}", GetPenalty).WithName("GetPenalty")
            .WithSummary("单个处罚决定及全部版本 One decision with its full version history").ItemOf<PenaltyDetailDto>();
        group.MapGet("/penalties/stats", PenaltyStats).WithName("PenaltyStats")
            .WithSummary("处罚统计：数量与罚款总额 Count and total fines by year, district, industry or violation").ListOf<PenaltyStatsDto>(StatsCsv);
        group.MapGet("/penalties/types", (MetaFactory meta) =>
        {
            var types = PenaltyQueries.Types();
            return Results.Ok(new ListResponse<PenaltyTypeDto>(Meta(meta, 1, types.Count, types.Count), types));
        }).WithName("ListPenaltyTypes").WithSummary("处罚种类 Penalty types (values of the type filter)").ListOf<PenaltyTypeDto>();
        group.MapGet("/parties/{creditCode}/penalties", PartyPenalties).WithName("PartyPenalties")
            .WithSummary("某一当事人（统一社会信用代码）的处罚 Penalties of one party by unified social credit code").ListOf<PenaltyDto>(PenaltyCsv);

        routes.MapGet(FeedPath, Feed).WithName("PenaltiesFeed").WithTags(OpenApiTags.Feeds)
            .WithSummary("新处罚决定的 Atom 订阅 Atom feed of newly published decisions")
            .Answers("application/atom+xml", "Atom 1.0 订阅（最新 50 条）/ Atom 1.0 feed (the newest 50 decisions)");
        return routes;
    }

    /// <summary>The common envelope, naming the source and units of penalty data (demo data stays labelled as demo).</summary>
    public static Meta Meta(MetaFactory factory, int? page = null, int? limit = null, int? found = null)
    {
        var meta = factory.Create(page, limit, found);
        return meta with { Source = meta.Demo ? meta.Source : RealSource, Units = Units };
    }

    private static IResult ListPenalties([AsParameters] PenaltyListQuery q, HttpRequest request, PenaltyQueries queries, MetaFactory meta) => Problems.Guard(() =>
        List(q.Filter(), q, request, queries, meta, "penalties.csv"));

    private static IResult PartyPenalties(string creditCode, [AsParameters] PenaltyListQuery q, HttpRequest request, PenaltyQueries queries, MetaFactory meta) => Problems.Guard(() =>
    {
        var code = PenaltyQueries.RequirePartyCode(creditCode, q.Party);
        return List(q.Filter() with { PartyCreditCode = code }, q, request, queries, meta, $"penalties-{code}.csv");
    });

    private static IResult List(PenaltyFilter filter, PenaltyListQuery q, HttpRequest request, PenaltyQueries queries, MetaFactory meta, string fileName)
    {
        var csv = QueryParameters.WantsCsv(request, q.Format);
        // A CSV download is meant to be the whole answer: its default page is the largest one.
        var (page, limit) = QueryParameters.Paging(q.Page, q.Limit, csv ? QueryParameters.MaxLimit : QueryParameters.DefaultLimit);
        var items = queries.List(filter, page, limit, out var found);
        return csv
            ? Results.File(PenaltyCsv.Write(items), Csv.ContentType, fileName)
            : Results.Ok(new ListResponse<PenaltyDto>(Meta(meta, page, limit, found), items));
    }

    private static IResult GetPenalty(long id, PenaltyQueries queries, MetaFactory meta) => Problems.Guard(() =>
        Results.Ok(new ItemResponse<PenaltyDetailDto>(Meta(meta), queries.Get(id))));

    private static IResult PenaltyStats([AsParameters] PenaltyStatsQuery q, HttpRequest request, PenaltyQueries queries, MetaFactory meta) => Problems.Guard(() =>
    {
        var by = PenaltyQueries.ParseStatsBy(q.By);
        var filter = PenaltyQueries.ParseFilter(q.From, q.To, q.District, q.Industry, q.Violation, q.Type, q.MinAmount, q.MaxAmount, q.Party);
        var csv = QueryParameters.WantsCsv(request, q.Format);
        var rows = queries.Stats(by, filter);
        return csv
            ? Results.File(StatsCsv.Write(rows), Csv.ContentType, $"penalties-by-{q.By!.ToLowerInvariant()}.csv")
            : Results.Ok(new ListResponse<PenaltyStatsDto>(Meta(meta, 1, rows.Count, rows.Count), rows));
    });

    private static IResult Feed(HttpRequest request, PenaltyQueries queries, MetaFactory meta, TimeProvider time)
    {
        var baseUrl = Push.WebSubLinks.FeedBase(request);
        var xml = PenaltyFeed.Write(queries.Newest(FeedEntries), baseUrl, meta.IsDemo, ChinaTime.Now(time), Push.WebSubLinks.Hub(request));
        return Results.Bytes(xml, "application/atom+xml; charset=utf-8");
    }

    // ---- CSV layouts: contract fields; amounts keep their two places (yuan and fen) ----

    private static readonly CsvLayout<PenaltyDto> PenaltyCsv = CsvLayout.Of<PenaltyDto>()
        .Fields("id", "decisionNumber", "authority", "party.name", "party.creditCode", "district", "industry",
            "violation.category", "violation.summary", "legalBasis.law", "legalBasis.article", "types")
        .Field("fineAmount", decimals: 2)
        .Field("dailyPenalty.days")
        .Field("dailyPenalty.dailyAmount", name: "dailyPenaltyAmount", decimals: 2)
        .Field("dailyPenalty.total", decimals: 2)
        .Field("fineTotal", decimals: 2)
        .Fields("productionOrder", "sealUp")
        .Field("confiscationAmount", decimals: 2)
        .Fields("confiscatedItems", "warning", "currency", "decisionDate", "serviceDate", "publicationDate",
            "rectification.requirement", "rectification.status", "paymentStatus", "appealStatus")
        .Field("sourceDocument.url", name: "sourceUrl")
        .Field("sourceDocument.sha256", name: "sourceSha256")
        .Fields("version", "recordedAt", "correctionReason", "correctionDate");

    private static readonly CsvLayout<PenaltyStatsDto> StatsCsv = CsvLayout.Of<PenaltyStatsDto>()
        .Fields("by", "key", "count")
        .Field("fineTotal", decimals: 2)
        .Field("confiscationTotal", decimals: 2)
        .Field("currency");
}
