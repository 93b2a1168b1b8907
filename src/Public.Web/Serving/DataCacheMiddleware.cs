using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.IO.Hashing;
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
/// <c>Accept</c>; a miss runs the endpoint once (concurrent misses of one key wait for it) into pooled buffers, sends
/// a 200 and keeps it after sending;</item>
/// <item>a strong ETag: a 128-bit hash (XXH128) of the uncompressed body (without <c>generatedAt</c>), suffixed per content
/// coding (<c>-br</c>, <c>-gzip</c>) since each coding is a different representation; <c>If-None-Match</c> →
/// 304, else <c>If-Modified-Since</c> against <c>Last-Modified</c> (the commit time of the data version);</item>
/// <item>Brotli or gzip, compressed once per version and kept compressed, so a hit costs no compression; concurrent
/// requests for the same answer in the same coding compress it once (the others take those bytes: a station's year in
/// the long shape is 16 MB, about 0.4 s of Brotli, and 32 clients asking at once compressed it 32 times);</item>
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
    private readonly ConcurrentDictionary<string, Lazy<CachedResponse>> _encoding = new(StringComparer.Ordinal);
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
        if (response is not null)
        {
            metrics.Lookup(true, tier);
            await WriteAsync(context, response, version, hit: true);
            return;
        }

        var (identity, identityTier) = encoding is null ? (null, CacheTier.None) : await cache.GetAsync(key + ":" + Identity);
        if (identity is not null)
        {
            var (encoded, done) = EncodeOnce(key + ":" + encoding, identity, encoding!);
            try
            {
                metrics.Lookup(true, identityTier);
                await WriteAsync(context, encoded, version, hit: true);
            }
            finally
            {
                done();
            }

            return;
        }

        // A miss: the first of concurrent misses of a key runs the endpoint, the others wait for its answer.
        var mine = new TaskCompletionSource<CachedResponse?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var leader = _inflight.GetOrAdd(key, mine.Task);
        try
        {
            var ranEndpoint = true;
            if (leader == mine.Task)
            {
                identity = await RunEndpointAsync(context, mine, next);
            }
            else if (await WaitForAsync(leader, context) is { } shared)
            {
                identity = shared;
                ranEndpoint = false;
            }
            else
            {
                identity = await RunEndpointAsync(context, null, next);
            }

            if (identity is null)
            {
                // Not cacheable (an error, say): the endpoint has written its answer already.
                return;
            }

            var (encoded, done) = encoding is null ? (identity, () => { }) : EncodeOnce(key + ":" + encoding, identity, encoding);
            // A hit without a tier waited for a concurrent miss of the same key: served from this process.
            metrics.Lookup(!ranEndpoint, ranEndpoint ? CacheTier.None : CacheTier.Memory);
            try
            {
                await WriteAsync(context, encoded, version, hit: !ranEndpoint);
            }
            finally
            {
                // Kept once the answer is on its way (or its client gone): the client does not wait for the cache (with
                // Redis, for the entry's serialisation). The in-flight entry stays until then, so a request arriving
                // meanwhile takes this answer instead of running the endpoint again.
                if (ranEndpoint)
                {
                    cache.Set(key + ":" + Identity, identity);
                }

                done();
            }
        }
        finally
        {
            if (leader == mine.Task)
            {
                // Followers that found no answer (the endpoint threw, or its answer is not cacheable) run it themselves.
                mine.TrySetResult(null);
                _inflight.TryRemove(new KeyValuePair<string, Task<CachedResponse?>>(key, mine.Task));
            }
        }
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

    /// <summary>The answer of a concurrent miss of the same key; null when it has none to share, or takes too long.</summary>
    private static async Task<CachedResponse?> WaitForAsync(Task<CachedResponse?> leader, HttpContext context)
    {
        try
        {
            return await leader.WaitAsync(WaitForOtherMiss, context.RequestAborted);
        }
        catch (TimeoutException)
        {
            // The first request is slow; run this one too rather than wait longer.
            return null;
        }
    }

    /// <summary>
    /// Runs the endpoint into a pooled buffer. A cacheable 200 becomes the identity entry (handed to concurrent misses
    /// through <paramref name="followers"/> at once); anything else is copied out as it is and gives null.
    /// </summary>
    private static async Task<CachedResponse?> RunEndpointAsync(HttpContext context, TaskCompletionSource<CachedResponse?>? followers, RequestDelegate next)
    {
        var original = context.Response.Body;
        using var buffer = new PooledBody();
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
            await buffer.WriteToAsync(original, context.RequestAborted);
            return null;
        }

        var body = buffer.ToArray();
        var tag = Tag(body, null);
        var response = new CachedResponse(context.Response.ContentType ?? "application/octet-stream",
            headers.ContentDisposition.Count > 0 ? headers.ContentDisposition.ToString() : null, null, tag, body);
        followers?.TrySetResult(response);
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

    /// <summary>
    /// The answer in <paramref name="encoding"/> (<paramref name="entryKey"/>: its cache key), compressed by the first of
    /// concurrent requests, the others taking its bytes. <c>Done</c>, called once the answer is on its way, keeps the
    /// compressed answer (by its compressor only) and ends the sharing: a later request finds it in the cache.
    /// </summary>
    private (CachedResponse Response, Action Done) EncodeOnce(string entryKey, CachedResponse identity, string encoding)
    {
        var compressed = false;
        var mine = new Lazy<CachedResponse>(() =>
        {
            // Kept by a compressor that finished after this request looked in the cache: not compressed again.
            if (cache.InMemory(entryKey) is { } kept)
            {
                return kept;
            }

            var encoded = Encode(identity, encoding);
            compressed = true;
            metrics.Compressed(encoding);
            return encoded;
        }, LazyThreadSafetyMode.ExecutionAndPublication);
        var shared = _encoding.GetOrAdd(entryKey, mine);
        if (shared != mine)
        {
            return (shared.Value, () => { });
        }

        try
        {
            var response = mine.Value;
            return (response, () =>
            {
                try
                {
                    if (compressed)
                    {
                        cache.Set(entryKey, response);
                    }
                }
                finally
                {
                    _encoding.TryRemove(new KeyValuePair<string, Lazy<CachedResponse>>(entryKey, mine));
                }
            });
        }
        catch
        {
            _encoding.TryRemove(new KeyValuePair<string, Lazy<CachedResponse>>(entryKey, mine));
            throw;
        }
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
        var hash = identityTag is not null ? identityTag.Trim('"') : BodyHash(body!);
        return "\"" + hash + (encoding is null ? "" : "-" + encoding) + "\"";
    }

    /// <summary>
    /// The identity ETag's value: XXH128 of the body without the value of <c>"generatedAt"</c> (the one part that changes
    /// when the data do not), base64url. Any change of the bytes changes it (bar a 2⁻¹²⁸ accident: nobody can choose
    /// our answers to collide), and it costs a tenth of SHA-256's time on a 460 KB series, on every miss's critical path.
    /// </summary>
    internal static string BodyHash(ReadOnlySpan<byte> body)
    {
        var hash = new XxHash128();
        var generatedAt = GeneratedAtValue(body);
        hash.Append(body[..generatedAt.Start]);
        hash.Append(body[generatedAt.End..]);
        Span<byte> digest = stackalloc byte[16];
        hash.GetCurrentHash(digest);
        return Convert.ToBase64String(digest).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Where the value of <c>"generatedAt"</c> is in the body ([start, end) of the text between its quotes); an empty range at the end when it has none.</summary>
    internal static (int Start, int End) GeneratedAtValue(ReadOnlySpan<byte> body)
    {
        var marker = "\"generatedAt\":\""u8;
        var at = body.IndexOf(marker);
        var end = at < 0 ? -1 : body[(at + marker.Length)..].IndexOf((byte)'"');
        return end < 0 ? (body.Length, body.Length) : (at + marker.Length, at + marker.Length + end);
    }
}
