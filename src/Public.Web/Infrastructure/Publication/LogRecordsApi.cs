using System.Globalization;

namespace Public.Web.Infrastructure.Publication;

/// <summary>
/// <c>GET /log/records/{dataset}/{id}/v{version}.json</c>: the exact published bytes of one logged record version, as
/// the pipeline hashed them into its leaf, so anyone can recompute the leaf without trusting a canonicalisation step.
/// A logged version never changes, so the answer is cacheable for ever. Plain HTTP beside the tiles (no OpenAPI
/// entry, like the rest of <c>/log/</c>).
/// </summary>
internal static class LogRecordsApi
{
    // The same cache policy as the tiles: a logged version is immutable.
    private const string Immutable = "public, max-age=31536000, immutable";

    public static void MapLogRecords(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/log/records/{dataset}/{id}/{file}", (string dataset, string id, string file, Transparency.LogStore log, HttpContext context) =>
        {
            if (PublishedDatasets.Find(dataset) is null)
            {
                return NotFound($"数据集 '{dataset}' 不在日志中（可用：{Names}）", $"dataset '{dataset}' is not logged (logged: {Names})");
            }

            if (!RecordIds.IsValid(id))
            {
                return NotFound($"记录 id '{id}' 不是日志 id（只含 A–Z a–z 0–9 . _ -）", $"record id '{id}' is not a log id (only A–Z a–z 0–9 . _ -)");
            }

            if (!file.StartsWith('v') || !file.EndsWith(".json", StringComparison.Ordinal)
                || !long.TryParse(file.AsSpan(1, file.Length - 6), NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
            {
                return NotFound($"'{file}' 应为 v<版本号>.json，版本号从 1 起", $"'{file}' should be v<version>.json, the version a whole number from 1");
            }

            if (log.RecordBytes(dataset, id, version) is not { } bytes)
            {
                return NotFound($"日志中没有 {dataset}/{id} 的第 {version} 版", $"the log has no version {version} of {dataset}/{id}");
            }

            context.Response.Headers.CacheControl = Immutable;
            return Results.Bytes(bytes, "application/json");
        }).ExcludeFromDescription();

    private static string Names => string.Join(", ", PublishedDatasets.All.Select(d => d.Name));

    private static IResult NotFound(string zh, string en) => Results.Problem(title: "未找到 / Not found", detail: $"{zh} / {en}", statusCode: 404);
}
