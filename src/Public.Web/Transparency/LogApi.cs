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

    public static void MapLogApi(this IEndpointRouteBuilder routes)
    {
        var log = routes.MapGroup(Prefix).ExcludeFromDescription();
        log.MapGet("/checkpoint", (LogStore store, HttpContext context) => store.ReadHead() is { } head
            ? Text(context, head.Note, Short) : NoCheckpoint());
        log.MapGet("/checkpoints/{size}", (string size, LogStore store, HttpContext context) =>
            long.TryParse(size, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            && store.CheckpointNote(n) is { } note ? Text(context, note, Immutable) : Results.NotFound());
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
    }

    private static IResult Text(HttpContext context, string text, string cacheControl)
    {
        context.Response.Headers.CacheControl = cacheControl;
        return Results.Bytes(Encoding.UTF8.GetBytes(text), "text/plain; charset=utf-8");
    }

    private static IResult NoCheckpoint() => Results.Problem(title: "未找到 / Not found", detail: "日志尚无签名检查点 / the log has no signed checkpoint yet", statusCode: 404);
}
