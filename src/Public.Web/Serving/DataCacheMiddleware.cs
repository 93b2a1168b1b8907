using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Public.Web.Serving;

/// <summary>
/// The HTTP layer of every cacheable GET (the <see cref="ServingOptions.CachedPaths"/> prefixes — /api, /graphql,
/// feeds — and endpoints marked <see cref="ServingConventions.CachedAsData{TBuilder}"/>), whatever feature
/// answers it:
/// <list type="bullet">
/// <item>answers come from <see cref="ResponseCache"/> under a key of store, data version, path, query and
/// <c>Accept</c>; a miss runs the endpoint once (concurrent misses of one key wait for it) and keeps a 200;</item>
/// <item>a strong ETag: the SHA-256 of the uncompressed body (without <c>generatedAt</c>), suffixed per content
/// coding (<c>-br</c>, <c>-gzip</c>) since each coding is a different representation; <c>If-None-Match</c> →
/// 304, else <c>If-Modified-Since</c> against <c>Last-Modified</c> (the commit time of the data version);</item>
/// <item>Brotli or gzip, compressed once per version and kept compressed, so a hit costs no compression;</item>
/// <item><c>Cache-Control</c> from <see cref="FreshnessPolicy"/>, <c>Vary: Accept, Accept-Encoding</c>, and
/// <c>X-Cache: hit|miss</c> (hit: the endpoint did not run for this request).</item>
/// </list>
/// Anything else (errors, non-GET) passes through untouched.
/// </summary>
internal sealed class DataCacheMiddleware(RequestDelegate next, ResponseCache cache, DataVersionMonitor versions, FreshnessPolicy freshness,
    ServingMetrics metrics, IOptions<ServingOptions> options, TimeProvider time)
{
    private const string Identity = "identity";
    private static readonly TimeSpan WaitForOtherMiss = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Task<CachedResponse?>> _inflight = new(StringComparer.Ordinal);
    private readonly List<string> _paths = options.Value.CachedPaths;

    public async Task InvokeAsync(HttpContext context)
    {
        if (!IsCacheable(context))
        {
            await next(context);
            return;
        }

        var version = versions.Current;
        var encoding = ChooseEncoding(context.Request.Headers.AcceptEncoding);
        var key = Key(context.Request, version, freshness.MaxAge(context));
        var (response, tier) = await cache.GetAsync(key + ":" + (encoding ?? Identity));
        var ranEndpoint = false;
        if (response is null)
        {
            var (identity, identityTier) = encoding is null ? (null, CacheTier.None) : await cache.GetAsync(key + ":" + Identity);
            tier = identityTier;
            if (identity is null)
            {
                (identity, ranEndpoint) = await ProduceAsync(context, key);
                if (identity is null)
                {
                    // Not cacheable (an error, say): the endpoint has written its answer already.
                    return;
                }
            }

            response = encoding is null ? identity : Encode(identity, encoding);
            if (encoding is not null)
            {
                cache.Set(key + ":" + encoding, response);
            }
        }

        // A hit without a tier waited for a concurrent miss of the same key: served from this process.
        metrics.Lookup(!ranEndpoint, !ranEndpoint && tier == CacheTier.None ? CacheTier.Memory : tier);
        await WriteAsync(context, response, version, hit: !ranEndpoint);
    }

    private bool IsCacheable(HttpContext context)
    {
        // The server's own static export renders with its own base URL (Export:BaseUrl), which the cache key does not
        // hold: its answers must neither come from the cache nor go into it.
        if (!HttpMethods.IsGet(context.Request.Method) || Export.ExportRequestFeature.BaseUrlOf(context) is not null)
        {
            return false;
        }

        if (context.GetEndpoint()?.Metadata.GetMetadata<DataCachedMetadata>() is { } declared)
        {
            return declared.Cached;
        }

        var path = context.Request.Path;
        foreach (var prefix in _paths)
        {
            if (path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Runs the endpoint for the first of concurrent misses of a key; the others wait for its answer.</summary>
    private async Task<(CachedResponse? Response, bool RanEndpoint)> ProduceAsync(HttpContext context, string key)
    {
        var mine = new TaskCompletionSource<CachedResponse?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var leader = _inflight.GetOrAdd(key, mine.Task);
        if (leader != mine.Task)
        {
            try
            {
                if (await leader.WaitAsync(WaitForOtherMiss, context.RequestAborted) is { } shared)
                {
                    return (shared, false);
                }
            }
            catch (TimeoutException)
            {
                // The first request is slow; run this one too rather than wait longer.
            }

            return (await RunEndpointAsync(context, key), true);
        }

        try
        {
            var produced = await RunEndpointAsync(context, key);
            mine.SetResult(produced);
            return (produced, true);
        }
        catch (Exception)
        {
            mine.TrySetResult(null);
            throw;
        }
        finally
        {
            _inflight.TryRemove(new KeyValuePair<string, Task<CachedResponse?>>(key, mine.Task));
        }
    }

    private async Task<CachedResponse?> RunEndpointAsync(HttpContext context, string key)
    {
        var original = context.Response.Body;
        await using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        var headers = context.Response.Headers;
        if (context.Response.StatusCode != StatusCodes.Status200OK || headers.ContainsKey(HeaderNames.SetCookie) || headers.ContainsKey(HeaderNames.ContentEncoding)
            || NotStorable(headers.CacheControl))
        {
            buffer.Position = 0;
            await buffer.CopyToAsync(original, context.RequestAborted);
            return null;
        }

        var body = buffer.ToArray();
        var response = new CachedResponse(context.Response.ContentType ?? "application/octet-stream",
            headers.ContentDisposition.Count > 0 ? headers.ContentDisposition.ToString() : null, null, Tag(body, null), body);
        cache.Set(key + ":" + Identity, response);
        return response;
    }

    /// <summary>The endpoint said this answer must not be kept (GraphQL does so for errors such as an unknown persisted query).</summary>
    private static bool NotStorable(Microsoft.Extensions.Primitives.StringValues cacheControl)
    {
        foreach (var value in cacheControl)
        {
            if (value is not null && (value.Contains("no-store", StringComparison.OrdinalIgnoreCase) || value.Contains("private", StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }

    private async Task WriteAsync(HttpContext context, CachedResponse entry, Infrastructure.DataVersion version, bool hit)
    {
        var response = context.Response;
        var headers = response.Headers;
        headers.ETag = entry.ETag;
        headers.Vary = "Accept, Accept-Encoding";
        headers.CacheControl = freshness.CacheControl(context);
        if (version.At is { } at)
        {
            headers.LastModified = at.ToString("R", CultureInfo.InvariantCulture);
        }

        headers["X-Cache"] = hit ? "hit" : "miss";
        headers["X-Data-Version"] = version.Number.ToString(CultureInfo.InvariantCulture);
        headers.Remove(HeaderNames.ContentLength);
        if (NotModified(context.Request, entry.ETag, version.At))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            headers.Remove(HeaderNames.ContentType);
            headers.Remove(HeaderNames.ContentDisposition);
            headers.Remove(HeaderNames.ContentEncoding);
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = entry.ContentType;
        if (entry.ContentDisposition is { } disposition)
        {
            headers.ContentDisposition = disposition;
        }

        if (entry.ContentEncoding is { } encoding)
        {
            headers.ContentEncoding = encoding;
        }
        else
        {
            headers.Remove(HeaderNames.ContentEncoding);
        }

        response.ContentLength = entry.Body.Length;
        await response.Body.WriteAsync(entry.Body, context.RequestAborted);
    }

    private static bool NotModified(HttpRequest request, string etag, DateTimeOffset? lastModified)
    {
        var ifNoneMatch = request.Headers.IfNoneMatch;
        if (ifNoneMatch.Count > 0)
        {
            foreach (var value in ifNoneMatch)
            {
                foreach (var candidate in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    // If-None-Match uses the weak comparison (RFC 9110 §13.1.2): W/"x" matches "x".
                    var tag = candidate.StartsWith("W/", StringComparison.Ordinal) ? candidate[2..] : candidate;
                    if (tag == "*" || tag == etag)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        return lastModified is { } modified
            && DateTimeOffset.TryParse(request.Headers.IfModifiedSince.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since)
            && modified.ToUnixTimeSeconds() <= since.ToUnixTimeSeconds();
    }

    /// <summary>br when accepted (best ratio, and we compress once), else gzip, else none; q=0 refuses.</summary>
    internal static string? ChooseEncoding(Microsoft.Extensions.Primitives.StringValues acceptEncoding)
    {
        bool br = false, gzip = false;
        foreach (var value in acceptEncoding)
        {
            foreach (var part in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var semicolon = part.IndexOf(';', StringComparison.Ordinal);
                var coding = (semicolon < 0 ? part : part[..semicolon]).Trim();
                if (semicolon >= 0 && part[(semicolon + 1)..].Replace(" ", "", StringComparison.Ordinal) is var q
                    && q.StartsWith("q=", StringComparison.OrdinalIgnoreCase)
                    && double.TryParse(q[2..], NumberStyles.Float, CultureInfo.InvariantCulture, out var quality) && quality <= 0)
                {
                    continue;
                }

                br |= coding.Equals("br", StringComparison.OrdinalIgnoreCase) || coding == "*";
                gzip |= coding.Equals("gzip", StringComparison.OrdinalIgnoreCase);
            }
        }

        return br ? "br" : gzip ? "gzip" : null;
    }

    /// <summary>
    /// Store, data version, a period of the answer's max-age, and a hash of what was asked. The period is there
    /// for answers that also depend on the clock (warnings in force, a year in progress, default ranges ending
    /// today): no answer is kept longer than the max-age it is sent with, even when the data do not change.
    /// </summary>
    private string Key(HttpRequest request, Infrastructure.DataVersion version, TimeSpan maxAge)
    {
        var what = request.PathBase + request.Path + request.QueryString + "\n" + request.Headers.Accept;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(what)).AsSpan(0, 16));
        var period = time.GetUtcNow().ToUnixTimeSeconds() / Math.Max(1, (long)maxAge.TotalSeconds);
        return version.StoreId + ":" + version.Number.ToString(CultureInfo.InvariantCulture) + ":" + period.ToString(CultureInfo.InvariantCulture) + ":" + hash;
    }

    private static CachedResponse Encode(CachedResponse identity, string encoding)
    {
        using var output = new MemoryStream(identity.Body.Length / 4 + 64);
        using (Stream compressor = encoding == "br"
                   ? new BrotliStream(output, CompressionLevel.Optimal, leaveOpen: true)
                   : new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            compressor.Write(identity.Body);
        }

        return identity with { ContentEncoding = encoding, ETag = Tag(null, identity.ETag, encoding), Body = output.ToArray() };
    }

    private static string Tag(byte[] body, string? encoding) => Tag(body, null, encoding);

    private static string Tag(byte[]? body, string? identityTag, string? encoding)
    {
        var hash = identityTag is not null
            ? identityTag.Trim('"')
            : Convert.ToBase64String(SHA256.HashData(StableBody(body!))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return "\"" + hash + (encoding is null ? "" : "-" + encoding) + "\"";
    }

    /// <summary>The body without the value of <c>"generatedAt"</c> (the one part that changes when the data do not).</summary>
    internal static byte[] StableBody(byte[] body)
    {
        var marker = "\"generatedAt\":\""u8;
        var at = body.AsSpan().IndexOf(marker);
        if (at < 0)
        {
            return body;
        }

        var start = at + marker.Length;
        var end = body.AsSpan(start).IndexOf((byte)'"');
        if (end < 0)
        {
            return body;
        }

        return [.. body.AsSpan(0, start), .. body.AsSpan(start + end)];
    }
}
