using GraphQL.Types;
using Public.Web.Api;
using Public.Web.Contract;

namespace Public.Web.GraphQL;

/// <summary>The <c>meta</c> root field: what every REST response says about itself (license, source, demo, conventions).</summary>
internal sealed class MetaQueryFields : IQueryFieldsContributor
{
    public void AddFields(ObjectGraphType query) =>
        query.Field<NonNullGraphType<MetaGraphType>>("meta")
            .Description("元数据 / License, source, demo flag and the time and unit conventions of the data (the `meta` of REST responses).")
            .Resolve(c => c.Service<MetaFactory>().Create());
}

/// <summary>The meta of REST responses, without its paging (the GraphQL meta is not a page: connections page).</summary>
internal sealed class MetaGraphType() : DeclaredObjectGraphType<Meta>(new GraphFields<Meta>().Omit("page").Omit("limit").Omit("found"));
