using System.Globalization;
using GraphQL.Types;
using Public.Standards.AirQuality;
using Public.Web.GraphQL;

namespace Public.Web.AirQuality.GraphQL;

/// <summary>Where to look for stations: a bounding box or a point with a radius (the REST bbox and near/radius).</summary>
internal sealed class StationFilter
{
    public BoundingBox? Bbox { get; set; }

    public NearPoint? Near { get; set; }

    /// <summary>The REST parameter strings, so that both APIs go through the same parser and checks.</summary>
    public (string? Bbox, string? Near, string? Radius) AsRestParameters() =>
        (Bbox is { } b ? string.Join(',', new[] { b.MinLon, b.MinLat, b.MaxLon, b.MaxLat }.Select(Number)) : null,
         Near is { } n ? Number(n.Lat) + "," + Number(n.Lon) : null,
         Near?.Radius is { } r ? Number(r) : null);

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

internal sealed class BoundingBox
{
    public double MinLon { get; set; }

    public double MinLat { get; set; }

    public double MaxLon { get; set; }

    public double MaxLat { get; set; }
}

internal sealed class NearPoint
{
    public double Lat { get; set; }

    public double Lon { get; set; }

    public double? Radius { get; set; }
}

/// <summary>A range of local dates and the pollutants to include (the REST from, to, pollutants).</summary>
internal sealed class SeriesFilter
{
    public DateOnly? From { get; set; }

    public DateOnly? To { get; set; }

    public List<Pollutant>? Pollutants { get; set; }

    /// <summary>Days only: keep days whose AQI level is at least this (1–6).</summary>
    public int? MinLevel { get; set; }

    /// <summary>Versions only: keep hours that have more than one version.</summary>
    public bool? ChangedOnly { get; set; }

    public static string? Text(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public IReadOnlySet<Pollutant>? PollutantSet => Pollutants is { Count: > 0 } p ? p.ToHashSet() : null;

    /// <summary>A stable key of the pollutant selection, part of a batch loader's name.</summary>
    public string PollutantKey => PollutantSet is { } set ? string.Join('+', set.Order()) : "all";
}

internal sealed class StationFilterGraphType : InputObjectGraphType<StationFilter>
{
    public StationFilterGraphType()
    {
        Name = "StationFilter";
        Description = "站点筛选 / Where to look for stations: either a bounding box or a point with a radius, not both (REST bbox / near).";
        Field<BoundingBoxGraphType>("bbox").Description("矩形范围 / Stations inside this box (WGS 84 degrees).");
        Field<NearPointGraphType>("near").Description("附近 / Stations within a radius of a point.");
    }
}

internal sealed class BoundingBoxGraphType : InputObjectGraphType<BoundingBox>
{
    public BoundingBoxGraphType()
    {
        Name = "BoundingBox";
        Description = "矩形范围 / A bounding box in WGS 84 degrees, min ≤ max.";
        Field<NonNullGraphType<FloatGraphType>>("minLon").Description("最小经度 / Western edge, degrees east.");
        Field<NonNullGraphType<FloatGraphType>>("minLat").Description("最小纬度 / Southern edge, degrees north.");
        Field<NonNullGraphType<FloatGraphType>>("maxLon").Description("最大经度 / Eastern edge, degrees east.");
        Field<NonNullGraphType<FloatGraphType>>("maxLat").Description("最大纬度 / Northern edge, degrees north.");
    }
}

internal sealed class NearPointGraphType : InputObjectGraphType<NearPoint>
{
    public NearPointGraphType()
    {
        Name = "NearPoint";
        Description = "附近 / A point and a radius.";
        Field<NonNullGraphType<FloatGraphType>>("lat").Description("纬度 / Latitude, degrees north.");
        Field<NonNullGraphType<FloatGraphType>>("lon").Description("经度 / Longitude, degrees east.");
        Field<FloatGraphType>("radius").Description("半径（米）/ Radius in metres, more than 0 and at most 1,000,000; default 10,000.");
    }
}

internal sealed class HourFilterGraphType : InputObjectGraphType<SeriesFilter>
{
    public HourFilterGraphType()
    {
        Name = "HourFilter";
        Description = "小时序列筛选 / Which hours: local dates from/to (inclusive, at most 366 days; default the last 7 days with data) and pollutants.";
        Field<LocalDateGraphType>("from").Description("起始日期 / First local date, inclusive.");
        Field<LocalDateGraphType>("to").Description("结束日期 / Last local date, inclusive (its hours run to the next day's 00:00 label).");
        Field<ListGraphType<NonNullGraphType<PollutantCodeGraphType>>>("pollutants").Description("污染物 / Only these pollutants' values (default all).");
    }
}

internal sealed class DayFilterGraphType : InputObjectGraphType<SeriesFilter>
{
    public DayFilterGraphType()
    {
        Name = "DayFilter";
        Description = "日序列筛选 / Which days: local dates from/to (inclusive, at most 3,660 days; default the last 30 days with data), pollutants, minimum AQI category.";
        Field<LocalDateGraphType>("from").Description("起始日期 / First local date, inclusive.");
        Field<LocalDateGraphType>("to").Description("结束日期 / Last local date, inclusive.");
        Field<ListGraphType<NonNullGraphType<PollutantCodeGraphType>>>("pollutants").Description("污染物 / Only these pollutants' values (default all).");
        Field<AqiCategoryGraphType>("minLevel").Description("最低级别 / Only days whose daily AQI is in this category or worse (days without a valid AQI are left out).");
    }
}

internal sealed class VersionFilterGraphType : InputObjectGraphType<SeriesFilter>
{
    public VersionFilterGraphType()
    {
        Name = "VersionFilter";
        Description = "版本筛选 / Which hour versions: local dates from/to (inclusive, at most 366 days; default the last 7 days) and whether only changed hours.";
        Field<LocalDateGraphType>("from").Description("起始日期 / First local date, inclusive.");
        Field<LocalDateGraphType>("to").Description("结束日期 / Last local date, inclusive.");
        Field<BooleanGraphType>("changedOnly").Description("仅含更正 / Only hours that have more than one version.");
    }
}
