using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Public.Standards.Emissions;
using Public.Web.Api;
using Public.Web.Contract;
using Public.Web.Enterprises;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Publication;
using Public.Web.Transparency;

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
[Resource("HourlyEmission", "小时排放监测值", "One hour of an outlet's self-monitoring (" + SelfMonitoringQueries.Label + " / " + SelfMonitoringQueries.LabelEn + "). Concentrations in mg/m³, O2 in %.")]
public sealed record HourlyEmissionDto(
    [property: Field("数据时间", "The data logger's DataTime as sent, local time (Asia/Shanghai) without offset, yyyy-MM-ddTHH:mm:ss, as in REST.", Example = "2019-01-01T01:00:00")] DateTime DataTime,
    [property: Field("污染物代码", "HJ 212 code.")] string Pollutant,
    [property: Field("实测浓度（mg/m³）", "Value as sent, mg/m³ at the measured O2.", Unit = "mg/m³")] decimal Measured,
    [property: Field("数据标记", "HJ 212 data flag: N normal, F stopped, M maintenance, S set, D fault, C calibration, T over range, B communication.", Values = ["N", "F", "M", "S", "D", "C", "T", "B"])] string? Flag,
    [property: Field("含氧量（%）", "O2 of the same hour (a19001, flag N); null without one.", Unit = "%")] decimal? Oxygen,
    [property: Field("基准氧含量（%）", "The outlet's reference O2.", Unit = "%")] decimal? ReferenceOxygen,
    [property: Field("折算浓度（mg/m³）", "C = C′ × (21 − O2ref)/(21 − O2meas), three decimals; null without an O2 reading.", Unit = "mg/m³")] decimal? Corrected,
    [property: Field("限值（mg/m³）", "The limit in force that day.", Unit = "mg/m³")] decimal? Limit,
    [property: Field("是否特别排放限值", "Whether the limit in force is the special limit.")] bool SpecialLimit,
    [property: Field("是否超标", "Corrected value strictly above the limit; judged only for flag N values with a corrected value, else null.")] bool? Exceeded,
    [property: Field("超标倍数", "Corrected value ÷ limit, three decimals, when exceeded; else null.")] decimal? Multiple);

/// <summary>One day of an outlet's self-monitoring for one pollutant: mean of the valid (N) hours, the mean of their O2-corrected values, the limit in force and whether the day exceeded it.</summary>
[Resource("DailyEmission", "日排放监测值", "One day of an outlet's self-monitoring for one pollutant: mean of the valid hours, the O2-corrected mean, the limit in force and whether the day exceeded it (unreviewed enterprise data).")]
public sealed record DailyEmissionDto(
    [property: Field("日期", "Local date (DataTime as sent).", Example = "2019-01-01")] DateOnly Date,
    [property: Field("污染物代码", "HJ 212 code.", Example = "a21026")] string Pollutant,
    [property: Field("小时数", "Hours with a value.")] int Hours,
    [property: Field("有效小时数", "Hours flagged N (or sent without a flag).")] int ValidHours,
    [property: Field("折算小时数", "Valid hours with an O2 reading (so a corrected value).")] int CorrectedHours,
    [property: Field("有效日", "Whether the day has enough valid hours (20) for a daily mean.")] bool Valid,
    [property: Field("日均值", "Mean of the valid hours as sent, mg/m³.", Unit = "mg/m³")] decimal? Mean,
    [property: Field("折算日均值", "Mean of the corrected valid hours, mg/m³.", Unit = "mg/m³")] decimal? CorrectedMean,
    [property: Field("基准氧含量", "The outlet's reference O2, percent.", Unit = "%")] decimal? ReferenceOxygen,
    [property: Field("限值", "The limit in force that day, mg/m³.", Unit = "mg/m³")] decimal? Limit,
    [property: Field("是否特别排放限值", "Whether the limit in force is the special limit.")] bool SpecialLimit,
    [property: Field("是否超标", "Corrected mean strictly above the limit; null when not judged.")] bool? Exceeded,
    [property: Field("超标倍数", "Corrected mean ÷ limit when exceeded; else null.")] decimal? Multiple,
    [property: Field("超标小时数", "Hours whose corrected value exceeded the limit.")] int ExceedingHours);

/// <summary>One version of an hourly value: as sent, when recorded, from where, why, and whether a later version replaced it.</summary>
[Resource("HourlyVersion", "小时监测数据版本", "One version of an hourly self-monitoring value: as sent, when recorded, from where, why, and whether a later version replaced it.")]
public sealed record HourlyVersionDto(
    [property: Field("数据时间", "The data logger's DataTime as sent, local time without offset.", Example = "2019-01-01T01:00:00")] DateTime DataTime,
    [property: Field("污染物代码", "HJ 212 code.", Example = "a21026")] string Pollutant,
    [property: Field("版本号", "Version (1 = first received).")] int Version,
    [property: Field("实测浓度", "Value as sent (Avg), mg/m³.", Unit = "mg/m³")] decimal Measured,
    [property: Field("最小值", "Min as sent.")] decimal? Min,
    [property: Field("最大值", "Max as sent.")] decimal? Max,
    [property: Field("数据标记", "HJ 212 data flag as sent.", Values = ["N", "F", "M", "S", "D", "C", "T", "B"])] string? Flag,
    [property: Field("记录时间", "When this version was stored (UTC, ISO 8601).")] string RecordedAt,
    [property: Field("来源", "Source file, or tcp <address>.")] string Source,
    [property: Field("来源行", "Line in the source file; null for TCP.")] int? SourceLine,
    [property: Field("更正原因", "Why this version exists.")] string? Reason,
    [property: Field("已被取代", "Whether a later version replaced this one.")] bool Superseded)
{
    [Field(LogRefField.Zh, LogRefField.En)]
    public LogRefDto? Log { get; init; }
}

/// <summary>REST for self-monitoring (CEMS) data, under the enterprise's outlet.</summary>
internal static class SelfMonitoringApi
{
    public const string Label = SelfMonitoringQueries.Label;
    public const string Source = Label + " / Enterprise self-monitoring data, not reviewed by the environment authority (HJ 212-2017 hourly data, CN 2061)";
    public const string Units = "mg/m³；O2 为 %；corrected = 按基准氧含量折算 C = C′ × (21 − O2基准)/(21 − O2实测)；dataTime 为数采仪所发 DataTime（当地时间）/ mg/m³; O2 in %; corrected to the reference O2; dataTime is the logger's DataTime as sent (local time)";

    public static IEndpointRouteBuilder MapSelfMonitoringApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/enterprises/{creditCode}/outlets/{outletCode}/hourly", Hourly).WithName("OutletHourlyEmissions")
            .WithTags(OpenApiTags.KeyPolluters)
            .WithSummary("排放口小时监测数据（企业自行监测，未经审核），含折算浓度、限值与超标标记 Hourly self-monitoring values with O2 correction, limits and exceedances").ListOf<HourlyEmissionDto>(HourlyCsv);
        routes.MapGet("/api/v1/enterprises/{creditCode}/outlets/{outletCode}/data-rate", DataRate).WithName("OutletDataRate")
            .WithTags(OpenApiTags.KeyPolluters)
            .WithSummary("排放口逐月有效数据率 Effective data rate per month: hours with a value flagged N / hours of the month").ListOf<EffectiveDataRate>(RateCsv);
        routes.MapGet("/api/v1/enterprises/{creditCode}/outlets/{outletCode}/hourly/versions", Versions).WithName("OutletHourlyEmissionVersions")
            .WithTags(OpenApiTags.KeyPolluters)
            .WithSummary("排放口小时数据的全部版本（重发改值保留原值）Every version of the hourly values, superseded ones included; changedOnly=true for resent hours only").ListOf<HourlyVersionDto>(VersionCsv);
        routes.MapGet("/api/v1/enterprises/{creditCode}/outlets/{outletCode}/daily", Daily).WithName("OutletDailyEmissions")
            .WithTags(OpenApiTags.KeyPolluters)
            .WithSummary("排放口日均值（有效性、折算浓度、日超标）Daily means with validity (≥ 20 valid hours, an assumption), O2-corrected mean and daily exceedance").ListOf<DailyEmissionDto>(DailyCsv);
        routes.MapGet("/api/v1/enterprises/{creditCode}/outlets/{outletCode}/manual", Manual).WithName("OutletManualResults")
            .WithTags(OpenApiTags.KeyPolluters)
            .WithSummary("排放口手工监测结果（采样日期、检测机构、报告编号）Manual monitoring results with sampling date, laboratory and report number; versions=true for every version").ListOf<ManualResultDto>(ManualCsv);
        routes.MapGet("/api/v1/enterprises/{creditCode}/emissions/summary", Summary).WithName("EnterpriseEmissionSummary")
            .WithTags(OpenApiTags.KeyPolluters)
            .WithSummary("企业年度超标与有效数据率汇总（按排放口、污染物）Yearly summary per outlet and pollutant: exceedance hours and episodes, maximum multiple, exceedance days, valid hours, effective data rate").ListOf<OutletPollutantSummary>(SummaryCsv);
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
            return Results.File(HourlyCsv.Write(rows), Csv.ContentType, $"hourly-{enterprise.CreditCode}-{outlet.Code}-{pollutant.Code}.csv");
        }

        var meta = metaFactory.Create(1, rows.Count, rows.Count);
        meta = meta with { Source = meta.Demo ? meta.Source + " / " + Label : Source, Units = Units };
        return Results.Ok(new ListResponse<HourlyEmissionDto>(meta, rows));
    });

    private static IResult DataRate(string creditCode, string outletCode, [FromQuery(Name = "pollutant")] string? pollutantCode,
        [FromQuery(Name = "year")][ParameterSchema(Required = true)] string? yearText, [FromQuery(Name = "format")] string? format, HttpRequest request,
        SelfMonitoringQueries queries, MetaFactory metaFactory) => Problems.Guard(() =>
    {
        var (enterprise, outlet, pollutant) = queries.Resolve(creditCode, outletCode, pollutantCode);
        var year = SelfMonitoringQueries.Year(yearText);
        var rows = queries.DataRate(outlet, pollutant, year);
        if (QueryParameters.WantsCsv(request, format))
        {
            return Results.File(RateCsv.Write(rows), Csv.ContentType, $"data-rate-{enterprise.CreditCode}-{outlet.Code}-{pollutant.Code}-{year}.csv");
        }

        var meta = metaFactory.Create(1, rows.Count, rows.Count);
        meta = meta with { Source = meta.Demo ? meta.Source + " / " + Label : Source, Units = "rate = validHours / expectedHours（0–1）" };
        return Results.Ok(new ListResponse<EffectiveDataRate>(meta, rows));
    });

    private static Meta SeriesMeta(MetaFactory metaFactory, int count, string units)
    {
        var meta = metaFactory.Create(1, count, count);
        return meta with { Source = meta.Demo ? meta.Source + " / " + Label : Source, Units = units };
    }

    private static IResult Versions(string creditCode, string outletCode, [AsParameters] HourlySeriesQuery q,
        [FromQuery(Name = "changedOnly")] string? changedOnly, HttpRequest request,
        SelfMonitoringQueries queries, CemsStore store, MetaFactory metaFactory) => Problems.Guard(() =>
    {
        var (enterprise, outlet, pollutant) = queries.Resolve(creditCode, outletCode, q.Pollutant);
        var (from, to) = queries.Range(q.From, q.To);
        var only = changedOnly switch
        {
            null or "" or "false" => false,
            "true" => true,
            _ => throw new BadParameterException("changedOnly", $"changedOnly '{changedOnly}' must be true or false"),
        };
        var versions = outlet.Mn is null ? [] : store.Versions(outlet.Mn, [pollutant.Code], from.ToDateTime(TimeOnly.MinValue), to.AddDays(1).ToDateTime(TimeOnly.MinValue), only);
        // The log holds the MN's whole hour (every pollutant) as one record: each pollutant's row carries that hour's version.
        var log = LogRefs.Read(store.Database, PublishedDatasets.CemsHours, versions, v => [outlet.Mn, CemsStore.Key(v.Value.DataTime)], v => v.Version);
        var rows = versions
            .Select(v => new HourlyVersionDto(v.Value.DataTime, v.Value.Pollutant, v.Version, v.Value.Value, v.Value.Min, v.Value.Max, v.Value.Flag,
                v.RecordedAt, v.Source, v.SourceLine, v.Reason, v.Superseded) { Log = log.Of([outlet.Mn, CemsStore.Key(v.Value.DataTime)], v.Version) }).ToList();
        if (QueryParameters.WantsCsv(request, q.Format))
        {
            return Results.File(VersionCsv.Write(rows), Csv.ContentType, $"hourly-versions-{enterprise.CreditCode}-{outlet.Code}-{pollutant.Code}.csv");
        }

        return Results.Ok(new ListResponse<HourlyVersionDto>(SeriesMeta(metaFactory, rows.Count, Units + "；recordedAt 为 UTC / recordedAt in UTC"), rows));
    });

    private static IResult Daily(string creditCode, string outletCode, [AsParameters] HourlySeriesQuery q, HttpRequest request,
        SelfMonitoringQueries series, EmissionSummaryQueries queries, MetaFactory metaFactory, TimeProvider time) => Problems.Guard(() =>
    {
        var (enterprise, outlet, pollutant) = series.Resolve(creditCode, outletCode, q.Pollutant);
        var (from, to) = QueryParameters.DateRange(q.From, q.To, ChinaTime.Today(time), 31, SelfMonitoringQueries.MaxDays);
        var rows = DailyRows(queries, outlet, pollutant, from, to);
        if (QueryParameters.WantsCsv(request, q.Format))
        {
            return Results.File(DailyCsv.Write(rows), Csv.ContentType, $"daily-{enterprise.CreditCode}-{outlet.Code}-{pollutant.Code}.csv");
        }

        return Results.Ok(new ListResponse<DailyEmissionDto>(SeriesMeta(metaFactory, rows.Count, Units + "；" + EmissionValidity.DailyRule), rows));
    });

    private static IResult Summary(string creditCode, [FromQuery(Name = "year")][ParameterSchema(Required = true)] string? yearText, [FromQuery(Name = "format")] string? format,
        HttpRequest request, EnterpriseStore enterprises, EmissionSummaryQueries queries, MetaFactory metaFactory) => Problems.Guard(() =>
    {
        var enterprise = EnterprisesApi.Find(creditCode, enterprises);
        if (yearText is null || !int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 2000 or > 2100)
        {
            throw new BadParameterException("year", $"year '{yearText}' must be a year such as 2019");
        }

        var rows = queries.Summary(enterprise, year);
        if (QueryParameters.WantsCsv(request, format))
        {
            return Results.File(SummaryCsv.Write(rows), Csv.ContentType, $"emission-summary-{enterprise.CreditCode}-{year}.csv");
        }

        return Results.Ok(new ListResponse<OutletPollutantSummary>(SeriesMeta(metaFactory, rows.Count,
            "effectiveDataRate = validHours / expectedHours（0–1）；maxMultiple = 折算浓度 / 限值；exceedanceEpisodes = 连续超标小时段数 / runs of consecutive exceeding hours；" +
            EmissionValidity.DailyRule), rows));
    });

    private static IResult Manual(string creditCode, string outletCode, [FromQuery(Name = "from")] string? fromText, [FromQuery(Name = "to")] string? toText,
        [FromQuery(Name = "versions")] string? versionsText, [FromQuery(Name = "format")] string? format, HttpRequest request,
        EnterpriseStore enterprises, ManualResultStore store, MetaFactory metaFactory) => Problems.Guard(() =>
    {
        var enterprise = EnterprisesApi.Find(creditCode, enterprises);
        var outlet = enterprise.Outlets.FirstOrDefault(o => o.Code == outletCode)
            ?? throw new NotFoundException("outletCode", $"{enterprise.Name} has no outlet {outletCode}");
        DateOnly? Date(string? text, string name) => string.IsNullOrEmpty(text) ? null
            : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
            : throw new BadParameterException(name, $"{name} '{text}' must be a date YYYY-MM-DD");
        var all = versionsText switch
        {
            null or "" or "false" => false,
            "true" => true,
            _ => throw new BadParameterException("versions", $"versions '{versionsText}' must be true or false"),
        };
        var rows = ManualRows(store, enterprise.CreditCode, outlet, Date(fromText, "from"), Date(toText, "to"), all);
        if (QueryParameters.WantsCsv(request, format))
        {
            return Results.File(ManualCsv.Write(rows), Csv.ContentType, $"manual-{enterprise.CreditCode}-{outlet.Code}.csv");
        }

        return Results.Ok(new ListResponse<ManualResultDto>(SeriesMeta(metaFactory, rows.Count,
            "value 按报告所列单位；corrected = 按基准氧含量折算 (mg/m³)；exceeded = 折算值（无 O2 时为报告值）> 限值 / value in the report's unit; corrected to the reference O2; exceeded = corrected (else reported) value above the limit"), rows));
    });

    /// <summary>An outlet's daily means as the daily route answers them (the yearly archives read them here too).</summary>
    internal static List<DailyEmissionDto> DailyRows(EmissionSummaryQueries queries, Outlet outlet, OutletPollutant pollutant, DateOnly from, DateOnly to) =>
        queries.Daily(outlet, pollutant, from, to).Select(d => new DailyEmissionDto(d.Date, pollutant.Code, d.Hours, d.ValidHours,
            d.CorrectedHours, d.Valid, Round(d.Mean), Round(d.CorrectedMean), outlet.ReferenceOxygen, d.Limit?.LimitMgPerM3,
            d.Limit is not null && d.Limit.InForceFrom != DateOnly.MinValue, d.Exceeded, Round(d.Multiple), d.ExceedingHours)).ToList();

    /// <summary>An outlet's manual results as the manual route answers them (the yearly archives read them here too).</summary>
    internal static List<ManualResultDto> ManualRows(ManualResultStore store, string creditCode, Outlet outlet, DateOnly? from, DateOnly? to, bool all)
    {
        var results = store.ForOutlet(creditCode, outlet.Code, from, to, all);
        var log = LogRefs.Read(store.Database, PublishedDatasets.ManualResults, results, v => ManualKey(v.Result), v => v.Version);
        return results.Select(v =>
        {
            var r = v.Result;
            decimal? corrected = r.Oxygen is { } o2 && outlet.ReferenceOxygen is { } reference && r.Unit == "mg/m³" ? OxygenCorrection.Correct(r.Value, o2, reference) : null;
            bool? exceeded = r.Limit is { } limit ? (corrected ?? r.Value) > limit : null;
            return new ManualResultDto(r.Pollutant, r.SamplingDate, r.Value, r.Unit, r.Oxygen, outlet.ReferenceOxygen, Round(corrected), r.Limit, exceeded,
                r.Lab, r.ReportNumber, r.Link, v.Version, v.RecordedAt, v.Source, v.Reason, v.Superseded) { Log = log.Of(ManualKey(r), v.Version) };
        }).ToList();
    }

    // The key of manual_result_version as the log names it (the date as stored, yyyy-MM-dd).
    private static object?[] ManualKey(ManualResult r) =>
        [r.CreditCode, r.OutletCode, r.Pollutant, r.SamplingDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.ReportNumber];

    private static decimal? Round(decimal? value) => value is { } v ? Math.Round(v, 3, MidpointRounding.ToEven) : null;

    // ---- CSV layouts: contract fields, each file ending with the label of what the data are ----

    /// <summary>The last column of every self-monitoring file: the data are the enterprise's own, not reviewed.</summary>
    public static CsvLayout<T> Labelled<T>(this CsvLayout<T> layout) =>
        layout.Column("label", "数据性质", "What the data are: enterprise self-monitoring, not reviewed by the environment authority", _ => Label);

    private static readonly CsvLayout<ManualResultDto> ManualCsv = CsvLayout.Of<ManualResultDto>()
        .Fields("pollutant", "samplingDate", "value", "unit", "oxygen", "referenceOxygen", "corrected", "limit", "exceeded", "lab",
            "reportNumber", "link", "version", "recordedAt", "source", "reason", "superseded")
        .Labelled();

    private static readonly CsvLayout<HourlyVersionDto> VersionCsv = CsvLayout.Of<HourlyVersionDto>()
        .Fields("dataTime", "pollutant", "version", "measured", "min", "max", "flag", "recordedAt", "source", "sourceLine", "reason", "superseded")
        .Labelled();

    private static readonly CsvLayout<DailyEmissionDto> DailyCsv = CsvLayout.Of<DailyEmissionDto>()
        .Fields("date", "pollutant", "hours", "validHours", "correctedHours", "valid", "mean", "correctedMean", "referenceOxygen", "limit",
            "specialLimit", "exceeded", "multiple", "exceedingHours")
        .Labelled();

    private static readonly CsvLayout<OutletPollutantSummary> SummaryCsv = CsvLayout.Of<OutletPollutantSummary>()
        .Fields("outletCode", "outletName", "mn", "pollutant", "referenceOxygen", "year", "expectedHours", "validHours", "effectiveDataRate",
            "exceedanceHours", "exceedanceEpisodes", "maxMultiple", "maxMultipleAt", "validDays", "exceedanceDays", "daysWithExceedingHours")
        .Labelled();

    private static readonly CsvLayout<EffectiveDataRate> RateCsv = CsvLayout.Of<EffectiveDataRate>()
        .Fields("year", "month", "expectedHours", "validHours", "rate")
        .Labelled();

    private static readonly CsvLayout<HourlyEmissionDto> HourlyCsv = CsvLayout.Of<HourlyEmissionDto>()
        .Fields("dataTime", "pollutant", "measured", "flag", "oxygen", "referenceOxygen", "corrected", "limit", "specialLimit", "exceeded", "multiple")
        .Labelled();
}
