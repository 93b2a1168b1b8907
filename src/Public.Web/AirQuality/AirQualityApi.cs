using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Public.Web.Api;
using Public.Web.Infrastructure;

namespace Public.Web.AirQuality;

public sealed record RangeQuery(
    [property: Description("First local date (Asia/Shanghai), YYYY-MM-DD, inclusive")][FromQuery(Name = "from")] string? From,
    [property: Description("Last local date, YYYY-MM-DD, inclusive")][FromQuery(Name = "to")] string? To,
    [property: Description("Comma-separated pollutants: PM2.5,PM10,SO2,NO2,O3,CO")][FromQuery(Name = "pollutants")] string? Pollutants,
    [property: Description("json (default) or csv")][FromQuery(Name = "format")] string? Format,
    [property: Description("Page number, from 1")][FromQuery(Name = "page")] string? Page,
    [property: Description("Rows per page")][FromQuery(Name = "limit")] string? Limit);

public sealed record StationListQuery(
    [property: Description("minLon,minLat,maxLon,maxLat")][FromQuery(Name = "bbox")] string? Bbox,
    [property: Description("lat,lon — with radius (metres)")][FromQuery(Name = "near")] string? Near,
    [property: Description("Radius in metres for near")][FromQuery(Name = "radius")] string? Radius,
    [property: Description("json (default) or csv")][FromQuery(Name = "format")] string? Format,
    [property: Description("Page number, from 1")][FromQuery(Name = "page")] string? Page,
    [property: Description("Rows per page (max 1000)")][FromQuery(Name = "limit")] string? Limit);

/// <summary>REST endpoints of the air-quality feature under <c>/api/v1</c>.</summary>
internal static class AirQualityApi
{
    public static RouteGroupBuilder MapAirQualityApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1").WithTags("Air quality 空气质量");

        group.MapGet("/stations", ListStations).WithName("ListStations")
            .WithSummary("监测站点及最新读数 Stations with their latest reading");
        group.MapGet("/stations/{code}", GetStation).WithName("GetStation")
            .WithSummary("单个站点 One station");
        group.MapGet("/stations/{code}/hourly", StationHourly).WithName("StationHourly")
            .WithSummary("站点小时序列 Station hourly series (values, units, IAQI, computed aqi and publishedAqi)");
        group.MapGet("/stations/{code}/hourly/versions", StationVersions).WithName("StationHourlyVersions")
            .WithSummary("站点小时数据的全部版本 Every version of a station's hours, superseded ones included");
        group.MapGet("/stations/{code}/daily", StationDaily).WithName("StationDaily")
            .WithSummary("站点日序列 Station daily series (GB 3095 validity, daily AQI)");
        group.MapGet("/city/hourly", CityHourly).WithName("CityHourly")
            .WithSummary("城市小时序列 City hourly series (mean of the assessment stations)");
        group.MapGet("/city/daily", CityDaily).WithName("CityDaily")
            .WithSummary("城市日序列 City daily series");
        group.MapGet("/city/assessment/{year:int}", YearAssessment).WithName("CityAssessmentYear")
            .WithSummary("城市年度评价（HJ 663）及行动方案目标 City annual assessment with the plan's targets");
        group.MapGet("/city/assessment/{year:int}/{month:int}", MonthAssessment).WithName("CityAssessmentMonth")
            .WithSummary("城市月度评价 City monthly assessment");
        return group;
    }

    private static IResult ListStations([AsParameters] StationListQuery q, HttpRequest request, AirQualityQueries queries, MetaFactory meta) => Problems.Guard(() =>
    {
        var (page, limit) = QueryParameters.Paging(q.Page, q.Limit);
        var csv = QueryParameters.WantsCsv(request, q.Format);
        var stations = Geo.Filter(queries.Registry.All, q.Bbox, q.Near, q.Radius);
        var found = stations.Count;
        var pageItems = queries.Stations(stations.Skip((page - 1) * limit).Take(limit));
        return csv
            ? Results.File(Infrastructure.Csv.Write(pageItems, StationColumns), Infrastructure.Csv.ContentType, "stations.csv")
            : Results.Ok(new ListResponse<StationDto>(meta.Create(page, limit, found), pageItems));
    });

    private static IResult GetStation(string code, AirQualityQueries queries, MetaFactory meta) => Problems.Guard(() =>
        Results.Ok(new ItemResponse<StationDto>(meta.Create(), queries.Station(queries.RequireStation(code)))));

    private static IResult StationHourly(string code, [AsParameters] RangeQuery q, HttpRequest request, AirQualityQueries queries, MetaFactory meta) => Problems.Guard(() =>
    {
        queries.RequireStation(code);
        var (from, to) = QueryParameters.DateRange(q.From, q.To, queries.LatestDay(), 7, AirQualityQueries.HourlyMaxDays);
        var pollutants = QueryParameters.Pollutants(q.Pollutants);
        var (page, limit) = QueryParameters.Paging(q.Page, q.Limit, QueryParameters.SeriesMaxLimit, QueryParameters.SeriesMaxLimit);
        var csv = QueryParameters.WantsCsv(request, q.Format);
        var rows = queries.StationHourly(code, from, to, pollutants);
        var items = rows.Skip((page - 1) * limit).Take(limit).ToList();
        if (csv)
        {
            var flat = items.SelectMany(h => h.Values.Select(v => (h, v)));
            return Results.File(Infrastructure.Csv.Write(flat, HourValueColumns), Infrastructure.Csv.ContentType, $"{code}-hourly-{from:yyyyMMdd}-{to:yyyyMMdd}.csv");
        }

        return Results.Ok(new ListResponse<HourDto>(meta.Create(page, limit, rows.Count), items));
    });

    private static IResult StationVersions(string code, [AsParameters] RangeQuery q, [Description("Only hours that have more than one version")] string? changedOnly,
        HttpRequest request, AirQualityQueries queries, MetaFactory meta) => Problems.Guard(() =>
    {
        queries.RequireStation(code);
        var (from, to) = QueryParameters.DateRange(q.From, q.To, queries.LatestDay(), 7, AirQualityQueries.HourlyMaxDays);
        var (page, limit) = QueryParameters.Paging(q.Page, q.Limit, QueryParameters.SeriesMaxLimit, QueryParameters.SeriesMaxLimit);
        var only = changedOnly switch
        {
            null or "" or "false" => false,
            "true" => true,
            _ => throw new BadParameterException("changedOnly", $"changedOnly '{changedOnly}' must be true or false"),
        };
        var rows = queries.StationVersions(code, from, to, only);
        var items = rows.Skip((page - 1) * limit).Take(limit).ToList();
        if (QueryParameters.WantsCsv(request, q.Format))
        {
            var flat = items.SelectMany(h => h.Values.Select(v => (h, v)));
            return Results.File(Infrastructure.Csv.Write(flat, VersionColumns), Infrastructure.Csv.ContentType, $"{code}-versions.csv");
        }

        return Results.Ok(new ListResponse<HourVersionDto>(meta.Create(page, limit, rows.Count), items));
    });

    private static IResult StationDaily(string code, [AsParameters] RangeQuery q, HttpRequest request, AirQualityQueries queries, MetaFactory meta) => Problems.Guard(() =>
    {
        queries.RequireStation(code);
        var (from, to) = QueryParameters.DateRange(q.From, q.To, queries.LatestDay(), 30, AirQualityQueries.DailyMaxDays);
        return Days(queries.StationDaily(code, from, to), q, request, meta, $"{code}-daily-{from:yyyyMMdd}-{to:yyyyMMdd}.csv");
    });

    private static IResult CityDaily([AsParameters] RangeQuery q, HttpRequest request, AirQualityQueries queries, MetaFactory meta) => Problems.Guard(() =>
    {
        var (from, to) = QueryParameters.DateRange(q.From, q.To, queries.LatestDay(), 30, AirQualityQueries.DailyMaxDays);
        return Days(queries.CityDaily(from, to), q, request, meta, $"city-daily-{from:yyyyMMdd}-{to:yyyyMMdd}.csv");
    });

    private static IResult Days(IReadOnlyList<DayDto> rows, RangeQuery q, HttpRequest request, MetaFactory meta, string fileName)
    {
        var (page, limit) = QueryParameters.Paging(q.Page, q.Limit, QueryParameters.SeriesMaxLimit, QueryParameters.SeriesMaxLimit);
        var pollutants = QueryParameters.Pollutants(q.Pollutants);
        var items = rows.Skip((page - 1) * limit).Take(limit)
            .Select(d => pollutants is null ? d : d with { Values = d.Values.Where(v => Standards.AirQuality.Pollutants.TryParse(v.Pollutant, out var p) && pollutants.Contains(p)).ToList() })
            .ToList();
        return QueryParameters.WantsCsv(request, q.Format)
            ? Results.File(Infrastructure.Csv.Write(items, DayColumns), Infrastructure.Csv.ContentType, fileName)
            : Results.Ok(new ListResponse<DayDto>(meta.Create(page, limit, rows.Count), items));
    }

    private static IResult CityHourly([AsParameters] RangeQuery q, HttpRequest request, AirQualityQueries queries, MetaFactory meta) => Problems.Guard(() =>
    {
        var (from, to) = QueryParameters.DateRange(q.From, q.To, queries.LatestDay(), 7, AirQualityQueries.HourlyMaxDays);
        var pollutants = QueryParameters.Pollutants(q.Pollutants);
        var (page, limit) = QueryParameters.Paging(q.Page, q.Limit, QueryParameters.SeriesMaxLimit, QueryParameters.SeriesMaxLimit);
        var rows = queries.CityHourly(from, to, pollutants);
        var items = rows.Skip((page - 1) * limit).Take(limit).ToList();
        if (QueryParameters.WantsCsv(request, q.Format))
        {
            var flat = items.SelectMany(h => h.Values.Select(v => (h, v)));
            return Results.File(Infrastructure.Csv.Write(flat, CityHourColumns), Infrastructure.Csv.ContentType, $"city-hourly-{from:yyyyMMdd}-{to:yyyyMMdd}.csv");
        }

        return Results.Ok(new ListResponse<CityHourDto>(meta.Create(page, limit, rows.Count), items));
    });

    private static IResult YearAssessment(int year, AirQualityQueries queries, MetaFactory meta) => Problems.Guard(() =>
        Results.Ok(new ItemResponse<AssessmentDto>(meta.Create(), queries.CityAssessment(year, null))));

    private static IResult MonthAssessment(int year, int month, AirQualityQueries queries, MetaFactory meta) => Problems.Guard(() =>
        Results.Ok(new ItemResponse<AssessmentDto>(meta.Create(), queries.CityAssessment(year, month))));

    // ---- CSV layouts (English field names) ----

    private static string Iso(DateTimeOffset t) => IsoTimeConverter.Format(t);

    private static readonly (string, Func<StationDto, string?>)[] StationColumns =
    [
        ("code", s => s.Code), ("name", s => s.Name), ("nameEn", s => s.NameEn), ("city", s => s.City), ("district", s => s.District),
        ("lon", s => s.Lon.ToString(CultureInfo.InvariantCulture)), ("lat", s => s.Lat.ToString(CultureInfo.InvariantCulture)),
        ("type", s => s.TypeEn), ("latestTime", s => s.Latest is { } l ? Iso(l.Time) : null), ("latestAqi", s => Infrastructure.Csv.Field(s.Latest?.Aqi)),
        ("latestLevel", s => s.Latest?.Level?.NameEn),
    ];

    private static readonly (string, Func<(HourDto H, ValueDto V), string?>)[] HourValueColumns =
    [
        ("station", x => x.H.Station), ("time", x => Iso(x.H.Time)), ("timeUtc", x => Iso(x.H.TimeUtc)),
        ("pollutant", x => x.V.Pollutant), ("type", x => x.V.Type), ("period", x => x.V.Period),
        ("value", x => Infrastructure.Csv.Field(x.V.Value)), ("unit", x => x.V.Unit), ("flag", x => x.V.Flag),
        ("iaqi", x => Infrastructure.Csv.Field(x.V.Iaqi)), ("aqi", x => Infrastructure.Csv.Field(x.H.Aqi)),
        ("publishedAqi", x => Infrastructure.Csv.Field(x.H.PublishedAqi)), ("level", x => x.H.Level?.NameEn),
        ("primaryPollutants", x => string.Join(' ', x.H.PrimaryPollutants)), ("edition", x => x.H.Edition), ("version", x => Infrastructure.Csv.Field(x.H.Version)),
    ];

    private static readonly (string, Func<(HourVersionDto H, ValueDto V), string?>)[] VersionColumns =
    [
        ("station", x => x.H.Station), ("time", x => Iso(x.H.Time)), ("version", x => Infrastructure.Csv.Field(x.H.Version)),
        ("current", x => x.H.Current ? "true" : "false"), ("recordedAt", x => Iso(x.H.RecordedAt)), ("source", x => x.H.Source),
        ("sourceLine", x => Infrastructure.Csv.Field(x.H.SourceLine)), ("reason", x => x.H.Reason),
        ("type", x => x.V.Type), ("value", x => Infrastructure.Csv.Field(x.V.Value)), ("unit", x => x.V.Unit),
    ];

    private static readonly (string, Func<DayDto, string?>)[] DayColumns = BuildDayColumns();

    private static (string, Func<DayDto, string?>)[] BuildDayColumns()
    {
        var columns = new List<(string, Func<DayDto, string?>)>
        {
            ("area", d => d.Area), ("date", d => d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("aqi", d => Infrastructure.Csv.Field(d.Aqi)), ("level", d => d.Level?.NameEn),
            ("primaryPollutants", d => string.Join(' ', d.PrimaryPollutants)), ("edition", d => d.Edition),
        };
        foreach (var (pollutant, statistic, name, unit) in new[]
                 {
                     ("PM2.5", "24h", "pm25", "ugm3"), ("PM10", "24h", "pm10", "ugm3"), ("SO2", "24h", "so2", "ugm3"), ("NO2", "24h", "no2", "ugm3"),
                     ("O3", "max-8h", "o3Max8h", "ugm3"), ("O3", "max-1h", "o3Max1h", "ugm3"), ("CO", "24h", "co", "mgm3"),
                 })
        {
            columns.Add(($"{name}_{unit}", d => Infrastructure.Csv.Field(d.Values.FirstOrDefault(v => v.Pollutant == pollutant && v.Statistic == statistic)?.Value)));
            columns.Add(($"{name}_count", d => Infrastructure.Csv.Field(d.Values.FirstOrDefault(v => v.Pollutant == pollutant && v.Statistic == statistic)?.Count)));
        }

        return columns.ToArray();
    }

    private static readonly (string, Func<(CityHourDto H, ValueDto V), string?>)[] CityHourColumns =
    [
        ("time", x => Iso(x.H.Time)), ("timeUtc", x => Iso(x.H.TimeUtc)), ("pollutant", x => x.V.Pollutant),
        ("value", x => Infrastructure.Csv.Field(x.V.Value)), ("unit", x => x.V.Unit), ("iaqi", x => Infrastructure.Csv.Field(x.V.Iaqi)),
        ("aqi", x => Infrastructure.Csv.Field(x.H.Aqi)), ("level", x => x.H.Level?.NameEn), ("primaryPollutants", x => string.Join(' ', x.H.PrimaryPollutants)),
        ("stations", x => Infrastructure.Csv.Field(x.H.Stations)), ("edition", x => x.H.Edition),
    ];
}
