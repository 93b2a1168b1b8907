using Public.Standards.AirQuality;
using Public.Web.Api;
using Public.Web.AirQuality;
using Public.Web.AirQuality.Store;
using Public.Web.Contract;

namespace Public.Web.Reference;

public sealed record PollutantDto(string Code, string NameZh, string NameEn, string Unit, int Decimals);

public sealed record AqiLevelDto(int Number, int MinAqi, int? MaxAqi, string Grade, string Name, string NameEn, string Color, string ColorEn,
    string Hex, string Rgb, string Cmyk, string HealthEffect, string HealthEffectEn, string Advice, string AdviceEn);

public sealed record BreakpointDto(int Iaqi, decimal Concentration);

public sealed record BreakpointTableDto(string Edition, string Indicator, string Pollutant, string Averaging, string Unit, IReadOnlyList<BreakpointDto> Breakpoints);

public sealed record EditionDto(string Name, DateOnly? EffectiveFrom, DateOnly? EffectiveUntil);

public sealed record ImportFileDto(string Name, string Sha256, int Rows, string Status);

public sealed record ImportBatchDto(long Id, string Kind, string StartedAt, string? FinishedAt, int Files, int Rows, int ValuesStored,
    int NewRecords, int NewVersions, int Unchanged, int Rejected, string Status, IReadOnlyList<ImportFileDto> FileList);

/// <summary>The reference data as published by REST and GraphQL alike (the query service of this feature).</summary>
public static class ReferenceData
{
    public static IReadOnlyList<PollutantDto> Pollutants() =>
        Standards.AirQuality.Pollutants.All.Select(p => new PollutantDto(Standards.AirQuality.Pollutants.Code(p), Standards.AirQuality.Pollutants.NameZh(p),
            Standards.AirQuality.Pollutants.NameEn(p), Standards.AirQuality.Pollutants.Unit(p), Standards.AirQuality.Pollutants.Decimals(p))).ToList();

    public static IReadOnlyList<AqiLevelDto> AqiLevels() =>
        Standards.AirQuality.AqiLevels.All.Select(l => new AqiLevelDto(l.Number, l.MinAqi, l.Number == Standards.AirQuality.AqiLevels.All.Count ? null : l.MaxAqi,
            l.GradeZh, l.NameZh, l.NameEn, l.ColorZh, l.ColorEn, l.Hex, l.Rgb, l.Cmyk, l.HealthEffectZh, l.HealthEffectEn, l.AdviceZh, l.AdviceEn)).ToList();

    public static IReadOnlyList<EditionDto> Editions() =>
    [
        new(AqiEditions.Name(AqiEdition.HJ633_2012), new DateOnly(2016, 1, 1), AqiEditions.Edition2026EffectiveFrom.AddDays(-1)),
        new(AqiEditions.Name(AqiEdition.HJ633_2026), AqiEditions.Edition2026EffectiveFrom, null),
    ];

    /// <summary>The IAQI breakpoint tables (HJ 633 表1) of the given editions, every indicator.</summary>
    public static IReadOnlyList<BreakpointTableDto> BreakpointTables(IEnumerable<AqiEdition> editions) =>
        editions.SelectMany(e => Enum.GetValues<AqiIndicator>().Select(i =>
        {
            var pollutant = AirQualityQueries.IndicatorPollutant(i);
            var averaging = i.ToString()[(i.ToString().IndexOf('_', StringComparison.Ordinal) + 1)..];
            return new BreakpointTableDto(AqiEditions.Name(e), i.ToString(), Standards.AirQuality.Pollutants.Code(pollutant), averaging,
                Standards.AirQuality.Pollutants.Unit(pollutant), IaqiTables.Get(e, i).Select(b => new BreakpointDto(b.Iaqi, b.Concentration)).ToList());
        })).ToList();
}

/// <summary>Reference data: pollutants, AQI levels, breakpoint tables by edition, the plan's targets, the import log.</summary>
internal static class ReferenceApi
{
    public static RouteGroupBuilder MapReferenceApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1").WithTags(OpenApiTags.Reference);
        group.MapGet("/reference/pollutants", (MetaFactory meta) =>
            Results.Ok(new ListResponse<PollutantDto>(meta.Create(1, Pollutants.All.Count, Pollutants.All.Count), ReferenceData.Pollutants())))
            .WithName("ListPollutants").WithSummary("污染物及单位 Pollutants with units").ListOf<PollutantDto>();

        group.MapGet("/reference/aqi-levels", (MetaFactory meta) =>
            Results.Ok(new ListResponse<AqiLevelDto>(meta.Create(1, AqiLevels.All.Count, AqiLevels.All.Count), ReferenceData.AqiLevels())))
            .WithName("ListAqiLevels").WithSummary("AQI 级别、颜色与健康建议 AQI levels with colours and advice (HJ 633 表2)").ListOf<AqiLevelDto>();

        group.MapGet("/reference/editions", (MetaFactory meta) =>
        {
            var editions = ReferenceData.Editions();
            return Results.Ok(new ListResponse<EditionDto>(meta.Create(1, editions.Count, editions.Count), editions));
        }).WithName("ListAqiEditions").WithSummary("HJ 633 版本及适用日期 AQI editions and the dates they apply to").ListOf<EditionDto>();

        group.MapGet("/reference/breakpoints", (string? edition, MetaFactory meta) => Problems.Guard(() =>
        {
            var editions = edition switch
            {
                null or "" => Enum.GetValues<AqiEdition>(),
                "2012" or "HJ633-2012" => [AqiEdition.HJ633_2012],
                "2026" or "HJ633-2026" => [AqiEdition.HJ633_2026],
                _ => throw new BadParameterException("edition", $"edition '{edition}' is not known (2012 or 2026)"),
            };
            var tables = ReferenceData.BreakpointTables(editions);
            return Results.Ok(new ListResponse<BreakpointTableDto>(meta.Create(1, tables.Count, tables.Count), tables));
        })).WithName("ListBreakpoints").WithSummary("IAQI 分段浓度限值表（按版本）IAQI breakpoint tables by edition").ListOf<BreakpointTableDto>();

        group.MapGet("/reference/plan-targets", (PlanTargets targets, MetaFactory meta) =>
            Results.Ok(new ListResponse<PlanTarget>(meta.Create(1, targets.Targets.Count, targets.Targets.Count), targets.Targets)))
            .WithName("ListPlanTargets").WithSummary("行动方案（锦政发〔2018〕33号）量化目标 The action plan's quantitative targets").ListOf<PlanTarget>();

        group.MapGet("/imports", (string? page, string? limit, AirQualityStore store, MetaFactory meta) => Problems.Guard(() =>
        {
            var (p, l) = QueryParameters.Paging(page, limit);
            var batches = store.Batches((p - 1) * l, l, out var total);
            return Results.Ok(new ListResponse<ImportBatchDto>(meta.Create(p, l, total), batches.Select(b => new ImportBatchDto(
                b.Batch.Id, b.Batch.Kind, b.Batch.StartedAt, b.Batch.FinishedAt, b.Batch.Files, b.Batch.Rows, b.Batch.ValuesStored,
                b.Batch.NewRecords, b.Batch.NewVersions, b.Batch.Unchanged, b.Batch.Rejected, b.Batch.Status,
                b.Files.Select(f => new ImportFileDto(f.Name, f.Sha256, f.Rows, f.Status)).ToList())).ToList()));
        })).WithName("ListImports").WithSummary("导入记录（含文件 SHA-256）Import log with each file's SHA-256").ListOf<ImportBatchDto>();
        return group;
    }
}
