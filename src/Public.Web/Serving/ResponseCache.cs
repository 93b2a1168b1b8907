using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Public.Web.Serving;

/// <summary>One cached answer: the bytes as sent (in one content coding) and the headers that describe them.</summary>
public sealed record CachedResponse(string ContentType, string? ContentDisposition, string? ContentEncoding, string ETag, byte[] Body);

[JsonSerializable(typeof(CachedResponse))]
internal sealed partial class ServingJsonContext : JsonSerializerContext;

/// <summary>Where a cached answer came from, for the X-Cache header and the metrics.</summary>
public enum CacheTier
{
    None,
    Memory,
    Redis,
}

/// <summary>
/// Two tiers: an in-process LRU-ish memory cache in front of Redis (when configured). Keys always carry the
/// store's data version, so no entry ever needs invalidating — a new version simply asks for new keys, and old
/// ones age out (memory: size cap, and dropped at once on a version change; Redis: TTL). Redis errors and
/// timeouts are reported to <see cref="RedisConnection"/> and answered as a miss.
/// </summary>
public sealed class ResponseCache : IDisposable
{
    private readonly MemoryCache _memory;
    private readonly RedisConnection _redis;
    private readonly TimeSpan _redisTtl;

    public ResponseCache(RedisConnection redis, DataVersionMonitor versions, IOptions<ServingOptions> options)
    {
        _redis = redis;
        _redisTtl = TimeSpan.FromMinutes(options.Value.RedisTtlMinutes);
        _memory = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.MemoryCacheMegabytes * 1024L * 1024L, CompactionPercentage = 0.25 });
        // Every key held belongs to the old version now: free the memory instead of waiting for it to age out.
        versions.Changed += _ => _memory.Compact(1.0);
    }

    public async ValueTask<(CachedResponse? Response, CacheTier Tier)> GetAsync(string key)
    {
        if (_memory.TryGetValue(key, out CachedResponse? local) && local is not null)
        {
            return (local, CacheTier.Memory);
        }

        if (_redis.TryGetDatabase() is not { } db)
        {
            return (null, CacheTier.None);
        }

        try
        {
            var value = await db.StringGetAsync(RedisKey(key)).WaitAsync(_redis.Timeout);
            if (value.IsNull)
            {
                return (null, CacheTier.None);
            }

            var response = JsonSerializer.Deserialize((byte[])value!, ServingJsonContext.Default.CachedResponse);
            if (response is null)
            {
                return (null, CacheTier.None);
            }

            SetMemory(key, response);
            return (response, CacheTier.Redis);
        }
        // Whatever Redis or its client throws, the answer comes from the store: Redis is never the reason for a 5xx.
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _redis.ReportFailure(e);
            return (null, CacheTier.None);
        }
    }

    /// <summary>The entry of this process's memory tier, or null (Redis is not asked).</summary>
    public CachedResponse? InMemory(string key) => _memory.TryGetValue(key, out CachedResponse? local) ? local : null;

    public void Set(string key, CachedResponse response)
    {
        SetMemory(key, response);
        if (_redis.TryGetDatabase() is not { } db)
        {
            return;
        }

        try
        {
            // Fire and forget: the request that computed the answer does not wait for Redis.
            db.StringSet(RedisKey(key), JsonSerializer.SerializeToUtf8Bytes(response, ServingJsonContext.Default.CachedResponse), _redisTtl,
                flags: CommandFlags.FireAndForget);
        }
        // Whatever Redis or its client throws, the answer comes from the store: Redis is never the reason for a 5xx.
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _redis.ReportFailure(e);
        }
    }

    private void SetMemory(string key, CachedResponse response) =>
        _memory.Set(key, response, new MemoryCacheEntryOptions { Size = response.Body.Length + 256, SlidingExpiration = TimeSpan.FromMinutes(30) });

    private static RedisKey RedisKey(string key) => new("jinzhou:r:" + key);

    public void Dispose() => _memory.Dispose();
}
