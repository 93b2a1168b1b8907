using GraphQL.Types;
using Public.Web.Api;

namespace Public.Web.GraphQL;

/// <summary>The <c>meta</c> root field: what every REST response says about itself (license, source, demo, conventions).</summary>
internal sealed class MetaQueryFields : IQueryFieldsContributor
{
    public void AddFields(ObjectGraphType query) =>
        query.Field<NonNullGraphType<MetaGraphType>>("meta")
            .Description("元数据 / License, source, demo flag and the time and unit conventions of the data (the `meta` of REST responses).")
            .Resolve(c => c.Service<MetaFactory>().Create());
}

internal sealed class MetaGraphType : ObjectGraphType<Meta>
{
    public MetaGraphType()
    {
        Name = "Meta";
        Description = "元数据 / What the data are and how to read them: license, source, demo flag, time zone, hour convention, units.";
        Field<NonNullGraphType<StringGraphType>>("license").Description("许可 / License of our compilation and computed values.").Resolve(c => c.Source.License);
        Field<NonNullGraphType<StringGraphType>>("source").Description("数据来源 / Where the data come from.").Resolve(c => c.Source.Source);
        Field<NonNullGraphType<BooleanGraphType>>("demo").Description("演示数据 / True when the store holds generated demo data, not real measurements.").Resolve(c => c.Source.Demo);
        Field<StringGraphType>("demoNotice").Description("演示数据说明 / The demo notice, null for real data.").Resolve(c => c.Source.DemoNotice);
        Field<NonNullGraphType<OffsetDateTimeGraphType>>("generatedAt").Description("生成时间 / When this answer was generated (Asia/Shanghai).").Resolve(c => c.Source.GeneratedAt);
        Field<NonNullGraphType<StringGraphType>>("timeZone").Description("时区 / Time zone of local times.").Resolve(c => c.Source.TimeZone);
        Field<NonNullGraphType<StringGraphType>>("hourConvention").Description("小时标记约定 / Hourly values are labelled with the END of the averaging hour.").Resolve(c => c.Source.HourConvention);
        Field<NonNullGraphType<StringGraphType>>("units").Description("单位 / Units of the values.").Resolve(c => c.Source.Units);
    }
}
