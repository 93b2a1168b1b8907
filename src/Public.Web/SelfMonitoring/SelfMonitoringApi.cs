using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Public.Standards.Emissions;
using Public.Web.Api;
using Public.Web.Infrastructure;

namespace Public.Web.SelfMonitoring;

public sealed record HourlySeriesQuery(
    [property: Description("HJ 212 pollutant code, e.g. a21026 (SO2), a21002 (NOx), a34013 (particulate)")][FromQuery(Name = "pollutant")] string? Pollutant,
    [property: Description("First day, YYYY-MM-DD (DataTime as sent), inclusive")][FromQuery(Name = "from")] string? From,
    [property: Description("Last day, YYYY-MM-DD, inclusive")][FromQuery(Name = "to")] string? To,
    [property: Description("json (default) or csv")][FromQuery(Name = "format")] string? Format);

/// <summary>
/// One hour of an outlet's self-monitoring: the value as sent, its HJ 212 flag, the O2 of that hour, the value at
/// the reference O2, the limit in force that day and whether it was exceeded (judged only for flag N values
/// with an O2 reading).
/// </summary>
public sealed record HourlyEmissionDto(
    DateTime DataTime,
    string Pollutant,
    decimal Measured,
    string? Flag,
    decimal? Oxygen,
    decimal? ReferenceOxygen,
    decimal? Corrected,
    decimal? Limit,
    bool SpecialLimit,
    bool? Exceeded,
    decimal? Multiple);

/// <summary>REST for self-monitoring (CEMS) data, under the enterprise's outlet.</summary>
internal static class SelfMonitoringApi
{
    public const string Label = SelfMonitoringQueries.Label;
    public const string Source = Label + " / Enterprise self-monitoring data, not reviewed by the environment authority (HJ 212-2017 hourly data, CN 2061)";
    public const string Units = "mg/m³；O2 为 %；corrected = 按基准氧含量折算 C = C′ × (21 − O2基准)/(21 − O2实测)；dataTime 为数采仪所发 DataTime（当地时间）/ mg/m³; O2 in %; corrected to the reference O2; dataTime is the logger's DataTime as sent (local time)";

    public static IEndpointRouteBuilder MapSelfMonitoringApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/enterprises/{creditCode}/outlets/{outletCode}/hourly", Hourly).WithName("OutletHourlyEmissions")
            .WithTags("Key polluters 重点排污单位")
            .WithSummary("排放口小时监测数据（企业自行监测，未经审核），含折算浓度、限值与超标标记 Hourly self-monitoring values with O2 correction, limits and exceedances");
        routes.MapGet("/api/v1/enterprises/{creditCode}/outlets/{outletCode}/data-rate", DataRate).WithName("OutletDataRate")
            .WithTags("Key polluters 重点排污单位")
            .WithSummary("排放口逐月有效数据率 Effective data rate per month: hours with a value flagged N / hours of the month");
        return routes;
    }

    private static IResult Hourly(string creditCode, string outletCode, [AsParameters] HourlySeriesQuery q, HttpRequest request,
        SelfMonitoringQueries queries, MetaFactory metaFactory) => Problems.Guard(() =>
    {
        var (enterprise, outlet, pollutant) = queries.Resolve(creditCode, outletCode, q.Pollutant);
        var (from, to) = queries.Range(q.From, q.To);
        var rows = queries.Hourly(outlet, pollutant, from, to);
        if (QueryParameters.WantsCsv(request, q.Format))
        {
            return Results.File(Csv.Write(rows, Columns), Csv.ContentType, $"hourly-{enterprise.CreditCode}-{outlet.Code}-{pollutant.Code}.csv");
        }

        var meta = metaFactory.Create(1, rows.Count, rows.Count);
        meta = meta with { Source = meta.Demo ? meta.Source + " / " + Label : Source, Units = Units };
        return Results.Ok(new ListResponse<HourlyEmissionDto>(meta, rows));
    });

    private static IResult DataRate(string creditCode, string outletCode, [FromQuery(Name = "pollutant")] string? pollutantCode,
        [FromQuery(Name = "year")] string? yearText, [FromQuery(Name = "format")] string? format, HttpRequest request,
        SelfMonitoringQueries queries, MetaFactory metaFactory) => Problems.Guard(() =>
    {
        var (enterprise, outlet, pollutant) = queries.Resolve(creditCode, outletCode, pollutantCode);
        var year = SelfMonitoringQueries.Year(yearText);
        var rows = queries.DataRate(outlet, pollutant, year);
        if (QueryParameters.WantsCsv(request, format))
        {
            return Results.File(Csv.Write(rows, RateColumns), Csv.ContentType, $"data-rate-{enterprise.CreditCode}-{outlet.Code}-{pollutant.Code}-{year}.csv");
        }

        var meta = metaFactory.Create(1, rows.Count, rows.Count);
        meta = meta with { Source = meta.Demo ? meta.Source + " / " + Label : Source, Units = "rate = validHours / expectedHours（0–1）" };
        return Results.Ok(new ListResponse<EffectiveDataRate>(meta, rows));
    });

    private static readonly (string, Func<EffectiveDataRate, string?>)[] RateColumns =
    [
        ("year", r => r.Year.ToString(CultureInfo.InvariantCulture)), ("month", r => r.Month.ToString(CultureInfo.InvariantCulture)),
        ("expectedHours", r => r.ExpectedHours.ToString(CultureInfo.InvariantCulture)), ("validHours", r => r.ValidHours.ToString(CultureInfo.InvariantCulture)),
        ("rate", r => r.Rate.ToString(CultureInfo.InvariantCulture)), ("label", _ => Label),
    ];

    private static string? Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static readonly (string, Func<HourlyEmissionDto, string?>)[] Columns =
    [
        ("dataTime", r => r.DataTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)), ("pollutant", r => r.Pollutant),
        ("measured", r => Number(r.Measured)), ("flag", r => r.Flag), ("oxygen", r => Number(r.Oxygen)), ("referenceOxygen", r => Number(r.ReferenceOxygen)),
        ("corrected", r => Number(r.Corrected)), ("limit", r => Number(r.Limit)), ("specialLimit", r => r.SpecialLimit ? "true" : "false"),
        ("exceeded", r => r.Exceeded is null ? null : r.Exceeded.Value ? "true" : "false"), ("multiple", r => Number(r.Multiple)),
        ("label", _ => Label),
    ];
}
