using GraphQL;
using GraphQL.Types;
using Public.Web.GraphQL;

namespace Public.Web.Enterprises.GraphQL;

/// <summary>
/// The key-polluter root fields: <c>enterprises</c> and <c>enterprise</c> — the REST routes /api/v1/enterprises and
/// /api/v1/enterprises/{creditCode}, answered by <see cref="EnterpriseQueries"/>; outlets' series hang below.
/// </summary>
internal sealed class EnterpriseQueryFields : IQueryFieldsContributor
{
    public void AddFields(ObjectGraphType query)
    {
        query.Connection<EnterpriseGraphType, object?>("enterprises",
                "重点排污单位名录 / Enterprises on the key-polluter list, by credit code (REST /api/v1/enterprises).")
            .Argument<EnterpriseFilterGraphType>("filter", "筛选 / District, industry, list year, search text (the REST parameters).")
            .Resolve(c =>
            {
                var filter = (c.GetArgument<EnterpriseListFilter?>("filter") ?? new EnterpriseListFilter()).Parse();
                var first = Paging.First(c.GetArgument<int?>("first"));
                var start = Paging.Start(c.GetArgument<string?>("after"));
                var page = c.Service<EnterpriseQueries>().Window(filter, start, first, out var found);
                return Paging.Window(page, start, found);
            });
        query.Field<EnterpriseGraphType>("enterprise")
            .Description("单个重点排污单位 / One enterprise by credit code with its outlets (REST /api/v1/enterprises/{creditCode}); a malformed code is BAD_PARAMETER naming the problem, an unknown one NOT_FOUND.")
            .Argument<NonNullGraphType<StringGraphType>>("creditCode", "统一社会信用代码 / The enterprise's code (GB 32100-2015).")
            .Resolve(c => c.Service<EnterpriseQueries>().Get(c.GetArgument<string>("creditCode")));
    }
}
