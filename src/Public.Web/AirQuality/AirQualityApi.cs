using System.ComponentModel;
using System.Text.Json;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Mvc;
using Public.Web.Api;
using Public.Web.Bulk;
using Public.Web.Contract;

namespace Public.Web.AirQuality;

public sealed record RangeQuery(
    [property: Description("First local date (Asia/Shanghai), YYYY-MM-DD, inclusive")][FromQuery(Name = "from")] string? From,
    [property: Description("Last local date, YYYY-MM-DD, inclusive")][FromQuery(Name = "to")] string? To,
    [property: Description("Comma-separated pollutants: PM2.5,PM10,SO2,NO2,O3,CO")][FromQuery(Name = "pollutants")] string? Pollutants,
    [property: Description("json (default) or csv")][FromQuery(Name = "format")] string? Format,
    [property: Description("long (default: one row per value) or wide (one row per hour or day, one column per value; JSON column-wise)")][FromQuery(Name = "shape")] string? Shape,
    [property: Description("Page number, from 1")][FromQuery(Name = "page")] string? Page,
    [property: Description("Rows per page (max 10000)")][property: ParameterSchema(Maximum = QueryParameters.SeriesMaxLimit, Default = QueryParameters.SeriesMaxLimit)][FromQuery(Name = "limit")] string? Limit);

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
        var group = routes.MapGroup("/api/v1").WithTags(OpenApiTags.AirQuality);

        group.MapGet("/stations", ListStations).WithName("ListStations")
            .WithSummary("监测站点及最新读数 Stations with their latest reading").ListOf<StationDto>(StationCsv);
        group.MapGet("/stations/{code}", GetStation).WithName("GetStation")
            .WithSummary("单个站点 One station").ItemOf<StationDto>();
        group.MapGet("/stations/{code}/hourly", StationHourly).WithName("StationHourly")
            .WithSummary("站点小时序列 Station hourly series (values, units, IAQI, computed aqi and publishedAqi)").ListOf<HourDto>(HourValueCsv);
        group.MapGet("/stations/{code}/hourly/versions", StationVersions).WithName("StationHourlyVersions")
            .WithSummary("站点小时数据的全部版本 Every version of a station's hours, superseded ones included").ListOf<HourVersionDto>(VersionCsv);
        group.MapGet("/stations/{code}/daily", StationDaily).WithName("StationDaily")
            .WithSummary("站点日序列 Station daily series (GB 3095 validity, daily AQI)").ListOf<DayDto>(DayCsv);
        group.MapGet("/city/hourly", CityHourly).WithName("CityHourly")
            .WithSummary("城市小时序列 City hourly series (mean of the assessment stations)").ListOf<CityHourDto>(CityHourCsv);
        group.MapGet("/city/daily", CityDaily).WithName("CityDaily")
            .WithSummary("城市日序列 City daily series").ListOf<DayDto>(DayCsv);
        group.MapGet("/city/assessment/{year:int}", YearAssessment).WithName("CityAssessmentYear")
            .WithSummary("城市年度评价（HJ 663）及行动方案目标 City annual assessment with the plan's targets").ItemOf<AssessmentDto>();
        group.MapGet("/city/assessment/{year:int}/{month:int}", MonthAssessment).WithName("CityAssessmentMonth")
            .WithSummary("城市月度评价 City monthly assessment").ItemOf<AssessmentDto>();
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
            ? Results.File(StationCsv.Write(pageItems), Infrastructure.Csv.ContentType, "stations.csv")
            : Results.Ok(new ListResponse<StationDto>(meta.Create(page, limit, found), pageItems));
    });

    private static IResult GetStation(string code, AirQualityQueries queries, MetaFactory meta) => Problems.Guard(() =>
        Results.Ok(new ItemResponse<StationDto>(meta.Create(), queries.Station(queries.RequireStation(code)))));

    /// <summary>The hourly series; internal for <see cref="WideHoursWarmUp"/>, which runs it once at start-up.</summary>
    internal static IResult StationHourly(string code, [AsParameters] RangeQuery q, HttpRequest request, AirQualityQueries queries, MetaFactory meta, MonthChunks chunks,
        IOptions<JsonOptions> json) => Problems.Guard(() =>
    {
        queries.RequireStation(code);
        var (from, to) = QueryParameters.DateRange(q.From, q.To, queries.LatestDay, 7, AirQualityQueries.HourlyMaxDays);
        var pollutants = QueryParameters.Pollutants(q.Pollutants);
        var (page, limit) = QueryParameters.Paging(q.Page, q.Limit, QueryParameters.SeriesMaxLimit, QueryParameters.SeriesMaxLimit);
        var csv = QueryParameters.WantsCsv(request, q.Format);
        if (WideShape.WantsWide(q.Shape))
        {
            // The wide shape is read and written lean (a year is one request): the same columns and values.
            var columns = AirWideTables.StationHours.ColumnIndexes(request.Query["fields"]);
            var wide = queries.StationHourlyWide(code, from, to, pollutants);
            var start = (int)Math.Min((long)(page - 1) * limit, wide.Count);
            var count = Math.Min(limit, wide.Count - start);
            var pageMeta = meta.Create(page, limit, wide.Count);
            if (csv)
            {
                using (wide)
                {
                    return Results.File(WideFormats.Csv(wide.Rows(columns, start, count), bom: true), Infrastructure.Csv.ContentType, $"{code}-hourly-wide-{from:yyyyMMdd}-{to:yyyyMMdd}.csv");
                }
            }

            // Disposed (its pooled arrays returned) once the answer is written.
            return new WideHoursJson(wide, pageMeta, columns, start, count);
        }

        // The CSV has no column for the log references: read only for JSON.
        var station = queries.RequireStation(code).Code;
        IReadOnlyList<HourDto> Read(DateOnly first, DateOnly last) => queries.StationHourly([station], first, last, pollutants, withLog: !csv)[station];
        // A day chunk's hours are read once for both formats (every pollutant, with the references the CSV leaves out).
        if (pollutants is null && page == 1 && MonthChunks.Spans(from, to, byDay: true) is { } spans
            && BySpan("station-hourly:" + station, csv, spans, limit, meta, chunks, json.Value.SerializerOptions,
                (first, last) => first == last ? queries.StationHourlyDay(station, first) : Read(first, last),
                hours => HourValueCsv.Write(hours.SelectMany(h => h.Values.Select(v => (h, v)))), request.HttpContext.Response) is { } bytes)
        {
            return csv ? Results.Bytes(bytes, Infrastructure.Csv.ContentType, $"{code}-hourly-{from:yyyyMMdd}-{to:yyyyMMdd}.csv") : Results.Bytes(bytes, "application/json; charset=utf-8");
        }

        var rows = Read(from, to);
        var items = rows.Skip((page - 1) * limit).Take(limit).ToList();

        if (csv)
        {
            var flat = items.SelectMany(h => h.Values.Select(v => (h, v)));
            return Results.File(HourValueCsv.Write(flat), Infrastructure.Csv.ContentType, $"{code}-hourly-{from:yyyyMMdd}-{to:yyyyMMdd}.csv");
        }

        return Results.Ok(new ListResponse<HourDto>(meta.Create(page, limit, rows.Count), items));
    });

    private static IResult StationVersions(string code, [AsParameters] RangeQuery q, [Description("Only hours that have more than one version")] string? changedOnly,
        HttpRequest request, AirQualityQueries queries, MetaFactory meta) => Problems.Guard(() =>
    {
        queries.RequireStation(code);
        var (from, to) = QueryParameters.DateRange(q.From, q.To, queries.LatestDay, 7, AirQualityQueries.HourlyMaxDays);
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
            return Results.File(VersionCsv.Write(flat), Infrastructure.Csv.ContentType, $"{code}-versions.csv");
        }

        return Results.Ok(new ListResponse<HourVersionDto>(meta.Create(page, limit, rows.Count), items));
    });

    private static IResult StationDaily(string code, [AsParameters] RangeQuery q, HttpRequest request, AirQualityQueries queries, MetaFactory meta, MonthChunks chunks,
        IOptions<JsonOptions> json) => Problems.Guard(() =>
    {
        var station = queries.RequireStation(code).Code;
        var (from, to) = QueryParameters.DateRange(q.From, q.To, queries.LatestDay, 30, AirQualityQueries.DailyMaxDays);
        return Days((first, last) => queries.StationDaily(station, first, last), "station-daily:" + station, from, to, q, request, meta, chunks, json.Value.SerializerOptions,
            $"{code}-daily-{from:yyyyMMdd}-{to:yyyyMMdd}.csv");
    });

    private static IResult CityDaily([AsParameters] RangeQuery q, HttpRequest request, AirQualityQueries queries, MetaFactory meta, MonthChunks chunks,
        IOptions<JsonOptions> json) => Problems.Guard(() =>
    {
        var (from, to) = QueryParameters.DateRange(q.From, q.To, queries.LatestDay, 30, AirQualityQueries.DailyMaxDays);
        return Days(queries.CityDaily, "city-daily", from, to, q, request, meta, chunks, json.Value.SerializerOptions, $"city-daily-{from:yyyyMMdd}-{to:yyyyMMdd}.csv");
    });

    /// <summary>A daily series; over whole months (the long shape, first page, every pollutant) from month chunks (<see cref="MonthChunks"/>).</summary>
    private static IResult Days(Func<DateOnly, DateOnly, IReadOnlyList<DayDto>> read, string kind, DateOnly from, DateOnly to, RangeQuery q, HttpRequest request, MetaFactory meta,
        MonthChunks chunks, JsonSerializerOptions json, string fileName)
    {
        var csv = QueryParameters.WantsCsv(request, q.Format);
        var (page, limit) = QueryParameters.Paging(q.Page, q.Limit, QueryParameters.SeriesMaxLimit, QueryParameters.SeriesMaxLimit);
        if (!WideShape.WantsWide(q.Shape) && q.Pollutants is not { Length: > 0 } && page == 1 && MonthChunks.Spans(from, to, byDay: false) is { } months
            && BySpan(kind, csv, months, limit, meta, chunks, json, read, DayCsv.Write, request.HttpContext.Response) is { } bytes)
        {
            return csv ? Results.Bytes(bytes, Infrastructure.Csv.ContentType, fileName) : Results.Bytes(bytes, "application/json; charset=utf-8");
        }

        return Days(read(from, to), q, request, meta, fileName);
    }

    private static IResult Days(IReadOnlyList<DayDto> rows, RangeQuery q, HttpRequest request, MetaFactory meta, string fileName)
    {
        var (page, limit) = QueryParameters.Paging(q.Page, q.Limit, QueryParameters.SeriesMaxLimit, QueryParameters.SeriesMaxLimit);
        var pollutants = QueryParameters.Pollutants(q.Pollutants);
        var items = rows.Skip((page - 1) * limit).Take(limit)
            .Select(d => pollutants is null ? d : d with { Values = d.Values.Where(v => Standards.AirQuality.Pollutants.TryParse(v.Pollutant, out var p) && pollutants.Contains(p)).ToList() })
            .ToList();
        if (WideShape.WantsWide(q.Shape))
        {
            return WideShape.Answer(AirWideTables.Days, items, request.Query["fields"], QueryParameters.WantsCsv(request, q.Format), meta.Create(page, limit, rows.Count), fileName.Replace("-daily-", "-daily-wide-", StringComparison.Ordinal));
        }

        return QueryParameters.WantsCsv(request, q.Format)
            ? Results.File(DayCsv.Write(items), Infrastructure.Csv.ContentType, fileName)
            : Results.Ok(new ListResponse<DayDto>(meta.Create(page, limit, rows.Count), items));
    }

    private static IResult CityHourly([AsParameters] RangeQuery q, HttpRequest request, AirQualityQueries queries, MetaFactory meta, MonthChunks chunks,
        IOptions<JsonOptions> json) => Problems.Guard(() =>
    {
        var (from, to) = QueryParameters.DateRange(q.From, q.To, queries.LatestDay(), 7, AirQualityQueries.HourlyMaxDays);
        var pollutants = QueryParameters.Pollutants(q.Pollutants);
        var (page, limit) = QueryParameters.Paging(q.Page, q.Limit, QueryParameters.SeriesMaxLimit, QueryParameters.SeriesMaxLimit);
        var wantsCsv = QueryParameters.WantsCsv(request, q.Format);
        if (!WideShape.WantsWide(q.Shape) && pollutants is null && page == 1 && MonthChunks.Spans(from, to, byDay: true) is { } spans
            && BySpan("city-hourly", wantsCsv, spans, limit, meta, chunks, json.Value.SerializerOptions, (first, last) => queries.CityHourly(first, last, null),
                hours => CityHourCsv.Write(hours.SelectMany(h => h.Values.Select(v => (h, v)))), request.HttpContext.Response) is { } bytes)
        {
            return wantsCsv
                ? Results.Bytes(bytes, Infrastructure.Csv.ContentType, $"city-hourly-{from:yyyyMMdd}-{to:yyyyMMdd}.csv")
                : Results.Bytes(bytes, "application/json; charset=utf-8");
        }

        var rows = queries.CityHourly(from, to, pollutants);
        var items = rows.Skip((page - 1) * limit).Take(limit).ToList();
        if (WideShape.WantsWide(q.Shape))
        {
            return WideShape.Answer(AirWideTables.CityHours, items, request.Query["fields"], QueryParameters.WantsCsv(request, q.Format), meta.Create(page, limit, rows.Count), $"city-hourly-wide-{from:yyyyMMdd}-{to:yyyyMMdd}.csv");
        }

        if (QueryParameters.WantsCsv(request, q.Format))
        {
            var flat = items.SelectMany(h => h.Values.Select(v => (h, v)));
            return Results.File(CityHourCsv.Write(flat), Infrastructure.Csv.ContentType, $"city-hourly-{from:yyyyMMdd}-{to:yyyyMMdd}.csv");
        }

        return Results.Ok(new ListResponse<CityHourDto>(meta.Create(page, limit, rows.Count), items));
    });

    /// <summary>
    /// A series over whole months (or a few days) from chunks (<see cref="MonthChunks"/>): the same bytes as the ordinary path —
    /// the JSON envelope written by the same serializer around the months' items, the CSV's header before the months'
    /// lines (<paramref name="writeCsv"/> of no rows is the header alone). Null when the rows do not fit on the first
    /// page (the ordinary path pages them).
    /// </summary>
    /// <remarks>The bytes are pooled (<see cref="MonthChunks.Join"/>): returned when <paramref name="response"/> completes, once written.</remarks>
    private static ReadOnlyMemory<byte>? BySpan<T>(string kind, bool csv, IReadOnlyList<(DateOnly First, DateOnly Last)> spans, int limit, MetaFactory meta, MonthChunks chunks,
        JsonSerializerOptions json, Func<DateOnly, DateOnly, IReadOnlyList<T>> read, Func<IReadOnlyList<T>, byte[]> writeCsv, HttpResponse response)
    {
        ReadOnlyMemory<byte> Answer(PooledBytes joined)
        {
            response.RegisterForDispose(joined);
            return joined.Memory;
        }

        if (csv)
        {
            var header = writeCsv([]);
            var lines = chunks.Months(kind + ".csv", spans, (first, last) =>
            {
                var rows = read(first, last);
                return (rows.Count, writeCsv(rows)[header.Length..]);
            });
            return lines.Sum(l => l.Rows) > limit ? null : Answer(MonthChunks.Join(header, lines.Select(l => l.Bytes), [], []));
        }

        var items = chunks.Months(kind + ".json", spans, (first, last) =>
        {
            var rows = read(first, last);
            // The month's items without the list's brackets.
            var list = JsonSerializer.SerializeToUtf8Bytes(rows, json);
            return (rows.Count, list[1..^1]);
        });
        var found = items.Sum(i => i.Rows);
        if (found > limit)
        {
            return null;
        }

        var envelope = JsonSerializer.SerializeToUtf8Bytes(new ListResponse<T>(meta.Create(1, limit, found), []), json);
        // {"meta":{…},"results":[]}: the items go between the brackets.
        var at = envelope.AsSpan().LastIndexOf("[]}"u8);
        return at < 0 || at != envelope.Length - 3
            ? throw new InvalidOperationException("the list envelope no longer ends with its results")
            : Answer(MonthChunks.Join(envelope.AsSpan(0, at + 1), items.Select(i => i.Bytes), ","u8, envelope.AsSpan(at + 1)));
    }

    private static IResult YearAssessment(int year, AirQualityQueries queries, MetaFactory meta) => Problems.Guard(() =>
        Results.Ok(new ItemResponse<AssessmentDto>(meta.Create(), queries.CityAssessment(year, null))));

    private static IResult MonthAssessment(int year, int month, AirQualityQueries queries, MetaFactory meta) => Problems.Guard(() =>
        Results.Ok(new ItemResponse<AssessmentDto>(meta.Create(), queries.CityAssessment(year, month))));

    // ---- CSV layouts: contract fields, renamed only where the header has always differed ----

    private static readonly CsvLayout<StationDto> StationCsv = CsvLayout.Of<StationDto>()
        .Fields("code", "name", "nameEn", "city", "district", "lon", "lat")
        .Field("typeEn", name: "type")
        .Fields("latest.time", "latest.aqi")
        .Field("latest.level.nameEn", name: "latestLevel");

    private static readonly CsvLayout<(HourDto H, ValueDto V)> HourValueCsv = CsvLayout.Of<(HourDto H, ValueDto V)>()
        .Fields(x => x.H, "station", "time", "timeUtc")
        .Fields(x => x.V, "pollutant", "type", "period", "value", "unit", "flag", "iaqi")
        .Fields(x => x.H, "aqi", "publishedAqi")
        .Field(x => x.H, "level.nameEn", name: "level")
        .Fields(x => x.H, "primaryPollutants", "edition", "version");

    private static readonly CsvLayout<(HourVersionDto H, ValueDto V)> VersionCsv = CsvLayout.Of<(HourVersionDto H, ValueDto V)>()
        .Fields(x => x.H, "station", "time", "version", "current", "recordedAt", "source", "sourceLine", "reason")
        .Fields(x => x.V, "type", "value", "unit");

    private static readonly CsvLayout<DayDto> DayCsv = BuildDayCsv();

    /// <summary>The daily file pivots the values: one value column and one count column per statistic.</summary>
    private static CsvLayout<DayDto> BuildDayCsv()
    {
        var layout = CsvLayout.Of<DayDto>().Fields("area", "date", "aqi").Field("level.nameEn", name: "level").Fields("primaryPollutants", "edition");
        foreach (var (pollutant, statistic, name, symbol, zh, en) in AirWideTables.DayStatistics)
        {
            var unit = WideTable.UnitSlug(symbol);
            DayValueDto? Value(DayDto d) => d.Values.FirstOrDefault(v => v.Pollutant == pollutant && v.Statistic == statistic);
            layout.Column($"{name}_{unit}", zh, en, d => Value(d)?.Value, symbol)
                .Column($"{name}_count", zh + "的有效小时数（站点）或参与站点数（城市）", en + ": valid hours (station) or contributing stations (city)", d => Value(d)?.Count);
        }

        return layout;
    }

    private static readonly CsvLayout<(CityHourDto H, ValueDto V)> CityHourCsv = CsvLayout.Of<(CityHourDto H, ValueDto V)>()
        .Fields(x => x.H, "time", "timeUtc")
        .Fields(x => x.V, "pollutant", "value", "unit", "iaqi")
        .Field(x => x.H, "aqi")
        .Field(x => x.H, "level.nameEn", name: "level")
        .Fields(x => x.H, "primaryPollutants", "stations", "edition");
}
