using Public.Standards.AirQuality;
using Public.Web.AirQuality;
using Public.Web.AirQuality.Store;
using Public.Web.Api;
using Public.Web.Contract;

namespace Public.Web.Reference;

[Resource("Pollutant", "污染物", "One of the six AQI pollutants with its unit and reporting precision.")]
public sealed record PollutantDto(
    [property: Field("编码", "CNEMC code, e.g. PM2.5.", Example = "PM2.5")] string Code,
    [property: Field("中文名称", "Chinese name.")] string NameZh,
    [property: Field("英文名称", "English name.")] string NameEn,
    [property: Field("单位", "Unit: µg/m³, CO in mg/m³.", Values = ["µg/m³", "mg/m³"])] string Unit,
    [property: Field("小数位", "Decimals used in reporting.")] int Decimals);

[Resource("AqiLevel", "空气质量指数级别", "An AQI level of HJ 633-2012 表2 with its colour (附录A), health effects and advice.")]
public sealed record AqiLevelDto(
    [property: Field("级别序号", "Level number, 1–6.")] int Number,
    [property: Field("AQI 下限", "Lowest AQI of the level.")] int MinAqi,
    [property: Field("AQI 上限", "Highest AQI of the level; null for level 6 (no upper bound).")] int? MaxAqi,
    [property: Field("级别", "Chinese grade, e.g. 一级.", Example = "一级")] string Grade,
    [property: Field("类别", "Chinese name, e.g. 优.", Example = "优")] string Name,
    [property: Field("英文名称", "English name.")] string NameEn,
    [property: Field("颜色", "Colour name (Chinese).")] string Color,
    [property: Field("颜色（英文）", "Colour name in English.")] string ColorEn,
    [property: Field("颜色值", "Hex RGB.")] string Hex,
    [property: Field("RGB 颜色值", "Colour as R,G,B.")] string Rgb,
    [property: Field("CMYK 颜色值", "Colour for print as C,M,Y,K.")] string Cmyk,
    [property: Field("对健康影响", "Health effects (Chinese).")] string HealthEffect,
    [property: Field("对健康影响（英文）", "Health effects in English.")] string HealthEffectEn,
    [property: Field("建议措施", "Advice (Chinese).")] string Advice,
    [property: Field("建议措施（英文）", "Advice in English.")] string AdviceEn);

[Resource("Breakpoint", "分段点", "One breakpoint: an IAQI and its concentration limit.")]
public sealed record BreakpointDto(
    [property: Field("空气质量分指数", "IAQI.")] int Iaqi,
    [property: Field("浓度限值", "Concentration limit in the table's unit.")] decimal Concentration);

[Resource("BreakpointTable", "IAQI 分段表", "The IAQI breakpoints of one indicator (pollutant and averaging period) in one edition (HJ 633 表1).")]
public sealed record BreakpointTableDto(
    [property: Field("标准版本", "Edition of the table, e.g. HJ 633-2012.", Values = ["HJ 633-2012", "HJ 633-2026"])] string Edition,
    [property: Field("指标", "Indicator: pollutant and averaging, e.g. PM25_24h.", Example = "PM25_24h")] string Indicator,
    [property: Field("污染物", "CNEMC code.")] string Pollutant,
    [property: Field("平均时段", "Averaging period: 1h, 8h or 24h.", Values = ["1h", "8h", "24h"])] string Averaging,
    [property: Field("单位", "Unit: µg/m³, CO in mg/m³.", Values = ["µg/m³", "mg/m³"])] string Unit,
    [property: Field("分段点", "IAQI and the concentration limit at it.")] IReadOnlyList<BreakpointDto> Breakpoints);

[Resource("AqiEditionInfo", "标准版本", "An HJ 633 edition and the local dates it applies to.")]
public sealed record EditionDto(
    [property: Field("名称", "Name of the edition, e.g. HJ 633-2012.", Values = ["HJ 633-2012", "HJ 633-2026"])] string Name,
    [property: Field("施行日期", "First date of data it applies to.")] DateOnly? EffectiveFrom,
    [property: Field("废止前一日", "Last date it applies to; null while in force.")] DateOnly? EffectiveUntil);

[Resource("ImportFile", "导入文件", "One file of an import batch with its SHA-256.")]
public sealed record ImportFileDto(
    [property: Field("文件名", "File name as imported.")] string Name,
    [property: Field("SHA-256", "SHA-256 of the file's bytes, lower-case hex.")] string Sha256,
    [property: Field("行数", "Rows read from the file.")] int Rows,
    [property: Field("状态", "Status of the file's import.")] string Status);

[Resource("ImportBatch", "导入批次", "One import: what was read, what was stored and what was refused (REST /api/v1/imports).")]
public sealed record ImportBatchDto(
    [property: Field("批次编号", "Batch id (the batch of each stored version).")] long Id,
    [property: Field("导入类型", "What was imported, e.g. cnemc, registry, penalties, demo.", Example = "cnemc")] string Kind,
    [property: Field("开始时间", "When the import started (UTC, ISO 8601).")] string StartedAt,
    [property: Field("结束时间", "When it finished (UTC, ISO 8601); null while running.")] string? FinishedAt,
    [property: Field("文件数", "Files read.")] int Files,
    [property: Field("行数", "Rows read.")] int Rows,
    [property: Field("存储值数", "Values stored.")] int ValuesStored,
    [property: Field("新记录", "Records new to the store.")] int NewRecords,
    [property: Field("新版本", "Corrections stored as new versions.")] int NewVersions,
    [property: Field("未变", "Records identical to their current version (nothing added).")] int Unchanged,
    [property: Field("拒绝", "Rows refused.")] int Rejected,
    [property: Field("状态", "Status of the batch.")] string Status,
    [property: Field("文件", "The files with their SHA-256.")] IReadOnlyList<ImportFileDto> FileList,
    [property: Field("定时运行", "The scheduled ingestion run that made this batch (GET /api/v1/imports/runs); null for a manual import, the listener or demo data.")] long? Run = null,
    [property: Field("定时来源", "The feed of that run, e.g. cnemc; null when not scheduled.", Values = ["cnemc", "warnings", "penalties", "hj212", "plan-progress"])] string? Source = null,
    [property: Field("来源位置", "The URL or file path the scheduled run read the file from; null when not scheduled.")] string? Location = null);

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

        group.MapGet("/imports", (string? page, string? limit, AirQualityStore store, Ingest.IngestStore ingest, MetaFactory meta) => Problems.Guard(() =>
        {
            var (p, l) = QueryParameters.Paging(page, limit);
            var batches = store.Batches((p - 1) * l, l, out var total);
            var scheduled = ingest.BatchTags(batches.Select(b => b.Batch.Id).ToList());
            return Results.Ok(new ListResponse<ImportBatchDto>(meta.Create(p, l, total), batches.Select(b => new ImportBatchDto(
                b.Batch.Id, b.Batch.Kind, b.Batch.StartedAt, b.Batch.FinishedAt, b.Batch.Files, b.Batch.Rows, b.Batch.ValuesStored,
                b.Batch.NewRecords, b.Batch.NewVersions, b.Batch.Unchanged, b.Batch.Rejected, b.Batch.Status,
                b.Files.Select(f => new ImportFileDto(f.Name, f.Sha256, f.Rows, f.Status)).ToList(),
                scheduled.TryGetValue(b.Batch.Id, out var t) ? t.Run : null, scheduled.TryGetValue(b.Batch.Id, out t) ? t.Feed : null,
                scheduled.TryGetValue(b.Batch.Id, out t) ? t.Location : null)).ToList()));
        })).WithName("ListImports").WithSummary("导入记录（含文件 SHA-256）Import log with each file's SHA-256").ListOf<ImportBatchDto>();
        return group;
    }
}
