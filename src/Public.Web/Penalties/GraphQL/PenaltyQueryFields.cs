using System.Globalization;
using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;
using Public.Web.Contract;
using Public.Web.GraphQL;

namespace Public.Web.Penalties.GraphQL;

/// <summary>
/// The penalties root fields: <c>penalties</c>, <c>penalty</c>, <c>partyPenalties</c>, <c>penaltyStatistics</c>,
/// <c>penaltyTypes</c> — each a REST route of /api/v1, answered by <see cref="PenaltyQueries"/>.
/// </summary>
internal sealed class PenaltyQueryFields : IQueryFieldsContributor
{
    public void AddFields(ObjectGraphType query)
    {
        query.Connection<PenaltyGraphType, object?>("penalties",
                "行政处罚决定 / Penalty decisions (latest versions), newest decision first (REST /api/v1/penalties).")
            .Argument<PenaltyFilterGraphType>("filter", "筛选 / Dates, district, industry, violation, types, amounts, party (the REST parameters).")
            .Resolve(c => List(c, Filter(c)));
        query.Field<PenaltyGraphType>("penalty")
            .Description("单个处罚决定 / One decision by id, with its versions (REST /api/v1/penalties/{id}); an unknown id is an error NOT_FOUND naming it.")
            .Argument<NonNullGraphType<IntGraphType>>("id", "编号 / Id of the decision (the id field).")
            .Resolve(c => c.Service<PenaltyQueries>().Get(c.GetArgument<int>("id")).Penalty);
        query.Connection<PenaltyGraphType, object?>("partyPenalties",
                "当事人的处罚 / The penalties of one party by credit code (REST /api/v1/parties/{creditCode}/penalties).")
            .Argument<NonNullGraphType<StringGraphType>>("creditCode", "统一社会信用代码 / The party's code, checked per GB 32100-2015.")
            .Argument<PenaltyFilterGraphType>("filter", "筛选 / The list's filters, except party.")
            .Resolve(c =>
            {
                var filter = c.GetArgument<PenaltyListFilter?>("filter") ?? new PenaltyListFilter();
                var code = PenaltyQueries.RequirePartyCode(c.GetArgument<string>("creditCode"), filter.Party);
                return List(c, filter.Parse() with { PartyCreditCode = code });
            });
        query.Connection<DeclaredObjectGraphType<PenaltyStatsDto>, object?>("penaltyStatistics",
                "处罚统计 / Count, total fines and total confiscations per year, district, industry or violation, of the decisions the filter keeps (REST /api/v1/penalties/stats).")
            .Argument<NonNullGraphType<PenaltyStatsByGraphType>>("by", "分组 / What to group by.")
            .Argument<PenaltyFilterGraphType>("filter", "筛选 / The list's filters.")
            .Resolve(c => c.Page(c.Service<PenaltyQueries>().Stats(c.GetArgument<PenaltyStatsBy>("by"), Filter(c))));
        query.Connection<PenaltyTypeInfoGraphType, object?>("penaltyTypes", "处罚种类 / The penalty types, the values of the type filter (REST /api/v1/penalties/types).")
            .Resolve(c => c.Page(PenaltyQueries.Types()));
    }

    private static PenaltyFilter Filter(IResolveFieldContext context) =>
        (context.GetArgument<PenaltyListFilter?>("filter") ?? new PenaltyListFilter()).Parse();

    /// <summary>One page read by the store itself (LIMIT/OFFSET), with the cursor's position as offset.</summary>
    private static Connection List(IResolveFieldContext context, PenaltyFilter filter)
    {
        var first = Paging.First(context.GetArgument<int?>("first"));
        var start = Paging.Start(context.GetArgument<string?>("after"));
        var page = context.Service<PenaltyQueries>().Window(filter, start, first, out var found);
        return Paging.Window(page, start, found);
    }
}

/// <summary>A decision's version history through a per-request batch loader: a page of N decisions costs one store read.</summary>
internal static class PenaltyLoaders
{
    public static IDataLoaderResult<IReadOnlyList<PenaltyVersionDto>> Versions(IResolveFieldContext context, long id)
    {
        var queries = context.Service<PenaltyQueries>();
        return context.Request()
            .Loader("penaltyHistories", keys =>
            {
                var histories = queries.Histories(keys.Select(k => long.Parse(k, CultureInfo.InvariantCulture)).ToList());
                return histories.ToDictionary(h => h.Key.ToString(CultureInfo.InvariantCulture), h => h.Value, StringComparer.Ordinal);
            })
            .Load(id.ToString(CultureInfo.InvariantCulture), versions => versions ?? []);
    }
}
