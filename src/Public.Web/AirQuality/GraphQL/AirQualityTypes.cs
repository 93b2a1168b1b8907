using GraphQL.Types;
using Public.Web.Contract;
using Public.Web.GraphQL;

namespace Public.Web.AirQuality.GraphQL;

/// <summary>A monitoring station (REST /stations/{code}); its latest reading and its series are batched across stations.</summary>
internal sealed class StationGraphType : DeclaredObjectGraphType<StationDto>
{
    public StationGraphType()
        : base(new GraphFields<StationDto>().Resolve("latest", c => StationSeries.Latest(c, c.Source.Code)))
    {
        this.Connection<DeclaredObjectGraphType<HourDto>, StationDto>("hourly",
                "小时序列 / Hourly values with units and IAQI, our computed aqi and the publishedAqi (REST /stations/{code}/hourly). Batched across stations.")
            .Argument<HourFilterGraphType>("filter", "筛选 / Dates (default the last 7 days with data) and pollutants.")
            .Resolve(c => StationSeries.Hourly(c, c.Source.Code));
        this.Connection<DeclaredObjectGraphType<DayDto>, StationDto>("daily",
                "日序列 / Daily values (GB 3095 validity counts) and daily AQI (REST /stations/{code}/daily). Batched across stations.")
            .Argument<DayFilterGraphType>("filter", "筛选 / Dates (default the last 30 days with data), pollutants, minimum category.")
            .Resolve(c => StationSeries.Daily(c, c.Source.Code));
        this.Connection<DeclaredObjectGraphType<HourVersionDto>, StationDto>("versions",
                "历史版本 / Every version of the station's hours, superseded ones included (REST /stations/{code}/hourly/versions).")
            .Argument<VersionFilterGraphType>("filter", "筛选 / Dates (default the last 7 days with data) and changedOnly.")
            .Resolve(c => StationSeries.Versions(c, c.Source.Code));
    }
}

/// <summary>The AQI level shown next to every AQI, with its number as an enum value next to the number.</summary>
internal sealed class LevelGraphType() : DeclaredObjectGraphType<LevelDto>(new GraphFields<LevelDto>().After("number", type =>
    type.Field<NonNullGraphType<AqiCategoryGraphType>>("category").Description("级别 / The level as an enum value.").Resolve(c => c.Source.Number)));
