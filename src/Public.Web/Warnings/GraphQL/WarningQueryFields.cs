using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;
using Public.Standards.Warnings;
using Public.Web.Contract;
using Public.Web.GraphQL;

namespace Public.Web.Warnings.GraphQL;

/// <summary>
/// The warnings root fields: <c>warnings</c>, <c>activeWarnings</c>, <c>warning</c>, <c>warningConsistency</c>,
/// <c>warningCriteria</c>, <c>reductionLists</c>, <c>reductionList</c> — each the REST route of the same name,
/// answered by <see cref="WarningQueries"/>.
/// </summary>
internal sealed class WarningQueryFields : IQueryFieldsContributor
{
    public void AddFields(ObjectGraphType query)
    {
        query.Connection<WarningGraphType, object?>("warnings",
                "重污染天气预警 / Warnings in force at any time in [from, to], newest first, each with its comparison with observed data (REST /api/v1/warnings).")
            .Argument<WarningFilterGraphType>("filter", "筛选 / Highest level, period, status (the REST parameters).")
            .Resolve(c =>
            {
                var filter = (c.GetArgument<WarningListFilter?>("filter") ?? new WarningListFilter()).Parse();
                var first = Paging.First(c.GetArgument<int?>("first"));
                var start = Paging.Start(c.GetArgument<string?>("after"));
                var (page, found) = c.Service<WarningQueries>().Window(filter, start, first);
                return Paging.Window(page, start, found);
            });
        query.Connection<WarningGraphType, object?>("activeWarnings", "当前生效的预警 / Warnings in force now (REST /api/v1/warnings/active).")
            .Resolve(c => c.Page(c.Service<WarningQueries>().Active()));
        query.Field<WarningGraphType>("warning")
            .Description("单个预警 / One warning by id with its timeline, versions and reduction lists (REST /api/v1/warnings/{id}); an unknown id is an error NOT_FOUND naming it.")
            .Argument<NonNullGraphType<StringGraphType>>("id", "预警编号 / Warning id, e.g. DEMO-20191221.")
            .Resolve(c => c.Service<WarningQueries>().Summary(c.GetArgument<string>("id")));
        query.Field<NonNullGraphType<WarningConsistencyGraphType>>("warningConsistency")
            .Description("预警与实测对比 / Issued warnings compared with the observed city daily AQI over a period — a comparison, not a verdict (REST /api/v1/warnings/consistency).")
            .Argument<ConsistencyFilterGraphType>("filter", "时段 / The period (default the last 365 days, at most 3,660).")
            .Resolve(c =>
            {
                var queries = c.Service<WarningQueries>();
                var period = c.GetArgument<ConsistencyPeriod?>("filter") ?? new ConsistencyPeriod();
                var (from, to) = queries.ConsistencyRange(WarningListFilter.Text(period.From), WarningListFilter.Text(period.To));
                return queries.Consistency(from, to);
            });
        query.Field<NonNullGraphType<DeclaredObjectGraphType<CriteriaDto>>>("warningCriteria")
            .Description("预警分级标准 / The warning schemes, their triggers, dates and verification status (REST /api/v1/warnings/criteria).")
            .Resolve(c => c.Service<WarningQueries>().Criteria());
        query.Connection<ReductionListGraphType, object?>("reductionLists", "应急减排清单 / The emission-reduction lists, newest first (REST /api/v1/warnings/reduction-lists).")
            .Resolve(c => c.Page(c.Service<WarningQueries>().ReductionLists()));
        query.Field<ReductionListGraphType>("reductionList")
            .Description("单份减排清单 / One emission-reduction list by id with its entries (REST /api/v1/warnings/reduction-lists/{id}); an unknown id is an error NOT_FOUND.")
            .Argument<NonNullGraphType<StringGraphType>>("id", "清单编号 / List id, e.g. DEMO-2019-2020.")
            .Resolve(c => c.Service<WarningQueries>().ReductionList(c.GetArgument<string>("id")));
    }
}

/// <summary>
/// The nested lists of warnings and reduction lists, each through a per-request batch loader keyed by id, so that a
/// page of N warnings with their timelines (or versions, or lists; or N lists with their entries) costs the store
/// reads of one.
/// </summary>
internal static class WarningLoaders
{
    public static IDataLoaderResult<IReadOnlyList<WarningEventDto>> Timeline(IResolveFieldContext context, string id)
    {
        var queries = context.Service<WarningQueries>();
        return context.Request().Loader("warningTimelines", ids => queries.Timelines(ids)).Load(id, events => events ?? []);
    }

    public static IDataLoaderResult<IReadOnlyList<WarningEventDto>> Versions(IResolveFieldContext context, string id)
    {
        var queries = context.Service<WarningQueries>();
        return context.Request().Loader("warningVersions", ids => queries.Versions(ids)).Load(id, events => events ?? []);
    }

    public static IDataLoaderResult<IReadOnlyList<ReductionListDto>> ReductionLists(IResolveFieldContext context, string id)
    {
        var queries = context.Service<WarningQueries>();
        return context.Request().Loader("warningReductionLists", ids => queries.ReductionListsAt(ids)).Load(id, lists => lists ?? []);
    }

    public static IDataLoaderResult<Connection> Entries(IResolveFieldContext context, string listId)
    {
        var queries = context.Service<WarningQueries>();
        var level = context.GetArgument<WarningLevel?>("level");
        // first/after checked now, so a bad value fails before anything is loaded.
        var first = Paging.First(context.GetArgument<int?>("first"));
        var after = context.GetArgument<string?>("after");
        _ = Paging.Start(after);
        return context.Request()
            .Loader($"reductionEntries|{level}", ids => queries.ReductionEntries(ids, level))
            .Load(listId, entries => Paging.Slice(entries ?? [], first, after));
    }
}
