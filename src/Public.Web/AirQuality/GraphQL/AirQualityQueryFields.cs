using GraphQL;
using GraphQL.Types;
using Public.Web.Api;
using Public.Web.GraphQL;

namespace Public.Web.AirQuality.GraphQL;

/// <summary>The air-quality root fields: <c>station</c>, <c>stations</c>, <c>city</c>.</summary>
internal sealed class AirQualityQueryFields : IQueryFieldsContributor
{
    public void AddFields(ObjectGraphType query)
    {
        query.Field<StationGraphType>("station")
            .Description("监测站点 / One station by its code (REST /api/v1/stations/{code}); an unknown code is an error NOT_FOUND naming it.")
            .Argument<NonNullGraphType<StringGraphType>>("code", "站点编码 / Station code, e.g. 1767A (case-insensitive).")
            .Resolve(c =>
            {
                var queries = c.Service<AirQualityQueries>();
                return AirQualityQueries.Describe(queries.RequireStation(c.GetArgument<string>("code")), null);
            });
        query.Connection<StationGraphType, object?>("stations", "监测站点列表 / The stations, optionally within a box or near a point (REST /api/v1/stations).")
            .Argument<StationFilterGraphType>("filter", "筛选 / A bounding box or a point with a radius.")
            .Resolve(c =>
            {
                var queries = c.Service<AirQualityQueries>();
                var (bbox, near, radius) = (c.GetArgument<StationFilter?>("filter") ?? new StationFilter()).AsRestParameters();
                var (first, after) = StationSeries.PageArguments(c);
                var stations = Geo.Filter(queries.Registry.All, bbox, near, radius);
                return Paging.Slice(stations.Select(s => AirQualityQueries.Describe(s, null)).ToList(), first, after);
            });
        query.Field<NonNullGraphType<CityGraphType>>("city")
            .Description("城市 / The city series and assessments (REST /api/v1/city/...).")
            .Resolve(c =>
            {
                var stations = c.Service<AirQualityQueries>().Registry.CityStations;
                var station = stations.Count > 0 ? stations[0] : null;
                return new CityInfo(station?.City ?? "锦州", station?.CityEn ?? "Jinzhou");
            });
    }
}
