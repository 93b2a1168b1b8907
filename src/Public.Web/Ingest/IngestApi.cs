using System.Globalization;
using Prometheus;
using Public.Web.Api;
using Public.Web.Contract;
using Public.Web.Infrastructure;
using Public.Web.Serving;

namespace Public.Web.Ingest;

[Resource("IngestSourceState", "定时导入来源状态", "One configured source of scheduled ingestion: where it reads, its last good run, its last failure and the data lag (GET /readyz).")]
public sealed record IngestSourceStateDto(
    [property: Field("来源", "The feed, as the import verb names it.", Values = ["cnemc", "warnings", "penalties", "hj212", "plan-progress"], Example = "cnemc")] string Source,
    [property: Field("位置", "The folder (full path) or http(s) base URL the files come from.")] string Location,
    [property: Field("周期", "Seconds between runs (Ingest:<Feed>:Every).", Unit = "s")] int EverySeconds,
    [property: Field("最近运行", "When the last run finished; null before the first.")] DateTimeOffset? LastRunAt,
    [property: Field("最近成功", "When the last run without any failed or rejected file finished; null when none did.")] DateTimeOffset? LastSuccessAt,
    [property: Field("最近失败", "When a file last failed or was rejected; null when none ever did.")] DateTimeOffset? LastFailureAt,
    [property: Field("失败原因", "Why: the file and the importer's problems (file:line [field]: reason) or the fetch error.")] string? LastFailure,
    [property: Field("最近导入", "When a run last imported a file; null when none has.")] DateTimeOffset? LastImportAt,
    [property: Field("最新数据时间", "The newest hour stored of this source's data (hour-end label, +08:00); null for feeds without hours or an empty store.")] DateTimeOffset? NewestHour,
    [property: Field("数据滞后", "Now minus the newest hour stored, in seconds; null when there is no such hour.", Unit = "s")] long? DataLagSeconds);

[Resource("IngestFile", "定时导入文件", "What a scheduled run did with one file, when it is worth recording.")]
public sealed record IngestFileDto(
    [property: Field("文件名", "File name (as the import log keeps it).")] string Name,
    [property: Field("位置", "Full URL or path it was read from.")] string Location,
    [property: Field("结果", "imported; rejected (nothing written, see reason); failed (could not fetch or import, retried next run); missing (a past day the source does not have); busy (another replica held its lease).",
        Values = ["imported", "rejected", "failed", "missing", "busy"])] string Outcome,
    [property: Field("批次编号", "The import batch it became (as in /api/v1/imports); null unless imported.")] long? Batch,
    [property: Field("SHA-256", "SHA-256 of the bytes fetched, lower-case hex; null when nothing was fetched.")] string? Sha256,
    [property: Field("原因", "For a rejection or failure, why (file:line [field]: reason, as the import verb says it); for an import, the lines left out, if any.")] string? Reason,
    [property: Field("时间", "When (UTC, ISO 8601).")] string At);

[Resource("IngestRun", "定时导入运行", "One scheduled run of one source: what it checked and what came of it (GET /api/v1/imports/runs).")]
public sealed record IngestRunDto(
    [property: Field("运行编号", "Run id (the run of a batch in /api/v1/imports).")] long Id,
    [property: Field("来源", "The feed.", Values = ["cnemc", "warnings", "penalties", "hj212", "plan-progress"], Example = "cnemc")] string Source,
    [property: Field("位置", "The folder or base URL.")] string Location,
    [property: Field("副本", "The replica that ran it (host/process/random).")] string Replica,
    [property: Field("开始时间", "When the run started (UTC, ISO 8601).")] string StartedAt,
    [property: Field("结束时间", "When it finished (UTC, ISO 8601); null while running.")] string? FinishedAt,
    [property: Field("状态", "ok, failed (a file failed or was rejected) or running.", Values = ["ok", "failed", "running"])] string Status,
    [property: Field("检查文件数", "Files looked at.")] int Checked,
    [property: Field("未修改", "Files the source answered 304 Not Modified for.")] int NotModified,
    [property: Field("已导入", "Files imported.")] int Imported,
    [property: Field("内容未变", "Files fetched whose bytes were imported before (nothing added).")] int Unchanged,
    [property: Field("拒绝", "Files rejected whole.")] int Rejected,
    [property: Field("失败", "Fetches or imports that failed (retried next run).")] int Failed,
    [property: Field("文件", "The files worth recording (imported, rejected, failed, missing, busy).")] IReadOnlyList<IngestFileDto> Files);

/// <summary>The state of scheduled ingestion as the API, /readyz and /metrics show it.</summary>
internal sealed class IngestStatus(IngestStore store, IReadOnlyList<FeedOptions> feeds, TimeProvider time)
{
    public IReadOnlyList<IngestSourceStateDto> Sources() => feeds.Select(f =>
    {
        var state = store.State(f.Feed.Name);
        DateTimeOffset? newest = f.Feed.IsCnemc ? store.NewestStationHour() is { } h ? ChinaTime.FromUnix(h) : null
            : f.Feed == IngestFeed.Hj212 ? store.NewestCemsHour() : null;
        return new IngestSourceStateDto(f.Feed.Name, f.Source, (int)f.Every.TotalSeconds, Time(state.LastRunAt), Time(state.LastSuccessAt), Time(state.LastFailureAt),
            state.LastFailure, Time(state.LastImportAt), newest, newest is { } n ? (long)Math.Max(0, (time.GetUtcNow() - n).TotalSeconds) : null);
    }).ToList();

    public IReadOnlyList<IngestRunDto> Runs(string? source, int offset, int limit, out int total) =>
        store.Runs(source, offset, limit, out total).Select(r => new IngestRunDto(r.Run.Id, r.Run.Feed, r.Run.Source, r.Run.Owner, r.Run.StartedAt, r.Run.FinishedAt,
            r.Run.Status, r.Run.Checked, r.Run.NotModified, r.Run.Imported, r.Run.Unchanged, r.Run.Rejected, r.Run.Failed,
            r.Files.Select(f => new IngestFileDto(f.Name, f.Location, f.Outcome, f.BatchId, f.Sha256, f.Reason, f.At)).ToList())).ToList();

    private static DateTimeOffset? Time(string? utc) =>
        utc is not null && DateTimeOffset.TryParse(utc, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t.ToOffset(ChinaTime.Offset) : null;
}

/// <summary>Registration, the runs route and the metrics of scheduled ingestion.</summary>
internal static class IngestApi
{
    public static void AddIngest(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(sp => FeedOptions.Read(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<IngestStore>();
        services.AddSingleton<IngestStatus>();
        services.AddSingleton<FileFetcher>();
        services.AddSingleton<IngestService>();
        // The service is always registered; with no feed configured its loop has nothing to do and returns at once.
        services.AddHostedService(sp => sp.GetRequiredService<IngestService>());
    }

    public static void MapIngest(this WebApplication app)
    {
        app.MapGet("/api/v1/imports/runs", (string? source, string? page, string? limit, IngestStatus status, MetaFactory meta) => Problems.Guard(() =>
        {
            if (source is not null && !IngestFeed.All.Any(f => f.Name == source))
            {
                throw new BadParameterException("source", $"source '{source}' is not a feed (one of {string.Join(", ", IngestFeed.All.Select(f => f.Name))})");
            }

            var (p, l) = QueryParameters.Paging(page, limit);
            var runs = status.Runs(source, (p - 1) * l, l, out var total);
            return Results.Ok(new ListResponse<IngestRunDto>(meta.Create(p, l, total), runs));
        }))
            .WithTags(OpenApiTags.Reference).WithName("ListIngestRuns")
            .WithSummary("定时导入的运行记录（含被拒文件及原因）Scheduled ingestion runs, with rejected files and their reasons")
            // Runs are recorded without a new data version: never answer them from the data cache.
            .NotCachedAsData()
            .ListOf<IngestRunDto>();

        var registry = app.Services.GetRequiredService<ServingMetrics>().Registry;
        var status = app.Services.GetRequiredService<IngestStatus>();
        var factory = Metrics.WithCustomRegistry(registry);
        var success = factory.CreateGauge("jinzhou_ingest_last_success_timestamp_seconds", "Unix time of the last scheduled run of a source without a failed or rejected file (0: none).", "source");
        var failure = factory.CreateGauge("jinzhou_ingest_last_failure_timestamp_seconds", "Unix time a file of a source last failed or was rejected (0: never).", "source");
        var reason = factory.CreateGauge("jinzhou_ingest_last_failure_info", "1, labelled with the source and the reason of its last failure (the first 200 characters).", "source", "reason");
        var lag = factory.CreateGauge("jinzhou_ingest_data_lag_seconds", "Now minus the newest hour stored of a source's data (hour-end label).", "source");
        registry.AddBeforeCollectCallback(() =>
        {
            foreach (var s in status.Sources())
            {
                success.WithLabels(s.Source).Set(s.LastSuccessAt?.ToUnixTimeSeconds() ?? 0);
                failure.WithLabels(s.Source).Set(s.LastFailureAt?.ToUnixTimeSeconds() ?? 0);
                if (s.LastFailure is { } why)
                {
                    foreach (var old in reason.GetAllLabelValues().Where(v => v[0] == s.Source).ToList())
                    {
                        reason.RemoveLabelled(old);
                    }

                    reason.WithLabels(s.Source, why.Length > 200 ? why[..200] : why).Set(1);
                }

                if (s.DataLagSeconds is { } seconds)
                {
                    lag.WithLabels(s.Source).Set(seconds);
                }
            }
        });
    }
}
