using System.Text;
using Public.Web.Api;
using Public.Web.Contract;

namespace Public.Web.Transparency;

/// <summary>
/// The log over HTTP: the C2SP tlog-tiles files under <c>/log/</c> (plain HTTP, so a mirror needs nothing but a
/// client) and the JSON proofs under <c>/api/v1/log/</c>.
/// </summary>
internal static class LogApi
{
    public const string Prefix = "/log";
    private const string Immutable = "public, max-age=31536000, immutable";
    // The checkpoint moves with every import: caches may keep it a few seconds, not longer.
    private const string Short = "public, max-age=5";
    private const string Cosigned = "public, max-age=60";

    public static void MapLogApi(this IEndpointRouteBuilder routes)
    {
        var log = routes.MapGroup(Prefix).ExcludeFromDescription();
        log.MapGet("/checkpoint", (LogStore store, HttpContext context) => store.ReadHead() is { } head
            ? Text(context, head.Note, Short) : NoCheckpoint());
        log.MapGet("/checkpoints/{size}", (string size, LogStore store, HttpContext context) =>
            long.TryParse(size, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            && store.CheckpointNote(n) is { } note ? Text(context, note, Immutable) : Results.NotFound());
        log.MapGet("/cosignatures/{size}", (string size, LogStore store, WitnessStore witnesses, HttpContext context) =>
        {
            if (!long.TryParse(size, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || store.CheckpointNote(n) is not { } note)
            {
                return Results.Problem(title: "未找到 / Not found", detail: $"没有树大小为 {size} 的签名检查点 / no checkpoint was signed at tree size '{size}'", statusCode: 404);
            }

            var lines = witnesses.Of(n);
            // A witness may cosign later: the answer may grow, so it is not immutable.
            return lines.Count == 0
                ? Results.Problem(title: "未找到 / Not found", detail: $"尚无见证方联署树大小为 {n} 的检查点 / no witness has cosigned the checkpoint of {n} leaves yet", statusCode: 404)
                : Text(context, note + string.Concat(lines.Select(l => l.Line)), Cosigned);
        });
        log.MapGet("/vkey", (LogReader reader, HttpContext context) => Text(context, reader.VerifierKey + "\n", Short));
        log.MapGet("/tile/{**path}", (string path, LogReader reader, HttpContext context) =>
        {
            if (Tiles.ParseTilePath(path) is not { } tile || reader.Tile(tile.Level, tile.Index, tile.Width) is not { } bytes)
            {
                return Results.NotFound();
            }

            context.Response.Headers.CacheControl = Immutable;
            return Results.Bytes(bytes, "application/octet-stream");
        });

        var api = routes.MapGroup("/api/v1/log").WithTags(OpenApiTags.Transparency);
        api.MapGet("/checkpoint", (LogReader reader, MetaFactory meta) => Problems.Guard(() => Results.Ok(new ItemResponse<CheckpointDto>(meta.Create(), reader.Checkpoint()))))
            .WithName("GetLogCheckpoint").WithSummary("透明日志最新签名检查点 The transparency log's latest signed checkpoint").ItemOf<CheckpointDto>();
        api.MapGet("/proof/inclusion", ([ParameterSchema(Required = true)] string? dataset, [ParameterSchema(Required = true)] string? id, [ParameterSchema(Required = true, Minimum = 1, Integer = true)] string? version, LogReader reader, MetaFactory meta) =>
            Problems.Guard(() => Results.Ok(new ItemResponse<InclusionProofDto>(meta.Create(), reader.Inclusion(dataset, id, version)))))
            .WithName("GetLogInclusionProof").WithSummary("记录版本的包含证明 Inclusion proof of a record version in the signed log").ItemOf<InclusionProofDto>();
        api.MapGet("/proof/consistency", ([ParameterSchema(Required = true, Minimum = 1, Integer = true)] string? from, [ParameterSchema(Minimum = 1, Integer = true)] string? to, LogReader reader, MetaFactory meta) =>
            Problems.Guard(() => Results.Ok(new ItemResponse<ConsistencyProofDto>(meta.Create(), reader.Consistency(from, to)))))
            .WithName("GetLogConsistencyProof").WithSummary("两个树大小之间的一致性证明 Consistency proof between two tree sizes").ItemOf<ConsistencyProofDto>();
        api.MapGet("/witnesses", (WitnessOptions options, WitnessStore witnesses, MetaFactory meta) => Problems.Guard(() =>
        {
            var list = Witnesses(options, witnesses);
            return Results.Ok(new ListResponse<WitnessDto>(meta.Create(found: list.Count), list));
        }))
            .WithName("GetLogWitnesses").WithSummary("日志见证方及其最新联署 The log's witnesses and the latest checkpoint each cosigned").ListOf<WitnessDto>();
    }

    /// <summary>The configured witnesses with their latest stored cosignature (shared by the API and the transparency page).</summary>
    internal static List<WitnessDto> Witnesses(WitnessOptions options, WitnessStore store)
    {
        var latest = store.Latest();
        return options.Witnesses.Select(w =>
        {
            var c = latest.FirstOrDefault(l => l.Witness == w.Name && l.KeyId == w.KeyIdHex);
            var at = c is null ? (DateTimeOffset?)null : DateTimeOffset.FromUnixTimeSeconds(c.Timestamp);
            return new WitnessDto(w.Name, w.VerifierKey, c?.TreeSize, at?.ToOffset(Infrastructure.ChinaTime.Offset), at,
                c is null ? null : $"{Prefix}/cosignatures/{c.TreeSize.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }).ToList();
    }

    private static IResult Text(HttpContext context, string text, string cacheControl)
    {
        context.Response.Headers.CacheControl = cacheControl;
        return Results.Bytes(Encoding.UTF8.GetBytes(text), "text/plain; charset=utf-8");
    }

    private static IResult NoCheckpoint() => Results.Problem(title: "未找到 / Not found", detail: "日志尚无签名检查点 / the log has no signed checkpoint yet", statusCode: 404);
}
