using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using RedisRateLimiting;
using StackExchange.Redis;

namespace Public.Web.Serving;

/// <summary>The outcome of one request against its client's window, with what the rate-limit headers say.</summary>
public readonly record struct RateLimitDecision(bool Allowed, int Limit, long Remaining, int ResetSeconds, bool Shared);

/// <summary>
/// Fixed windows of <see cref="RateLimitingOptions.PermitPerMinute"/> requests per client IP. With Redis the
/// window is shared by all replicas (RedisRateLimiting's fixed-window Lua script — checked to work with
/// StackExchange.Redis 3.4 by <c>RateLimitRedisTests</c>); without Redis, or while Redis is down or slow, each
/// instance counts on its own. A limiter failure never refuses a request.
/// </summary>
public sealed class ClientRateLimiter : IDisposable
{
    private readonly RateLimitingOptions _options;
    private readonly RedisConnection _redis;
    private readonly PartitionedRateLimiter<string>? _shared;
    private readonly ConcurrentDictionary<string, LocalWindow> _local = new(StringComparer.Ordinal);
    private long _lastSweep;

    public ClientRateLimiter(IOptions<RateLimitingOptions> options, RedisConnection redis)
    {
        _options = options.Value;
        _redis = redis;
        if (redis.Configured && _options.UseRedis)
        {
            var redisOptions = new RedisFixedWindowRateLimiterOptions
            {
                PermitLimit = _options.PermitPerMinute,
                Window = TimeSpan.FromSeconds(_options.WindowSeconds),
                // Only asked for after TryGetDatabase() found the multiplexer connected.
                ConnectionMultiplexerFactory = () => redis.Multiplexer!,
            };
            _shared = PartitionedRateLimiter.Create<string, string>(client =>
                RateLimitPartition.Get(client, key => new RedisFixedWindowRateLimiter<string>("jinzhou:" + key, redisOptions)));
        }
    }

    public async ValueTask<RateLimitDecision> AcquireAsync(string client, CancellationToken cancellationToken)
    {
        if (_shared is not null && _redis.TryGetDatabase() is not null)
        {
            try
            {
                using var lease = await _shared.AcquireAsync(client, 1, cancellationToken).AsTask().WaitAsync(_redis.Timeout, cancellationToken);
                return FromLease(lease);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                _redis.ReportFailure(e);
            }
        }

        return AcquireLocal(client);
    }

    private RateLimitDecision FromLease(RateLimitLease lease)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var remaining = lease.TryGetMetadata(RateLimitMetadataName.Remaining.Name, out var r) ? Convert.ToInt64(r, CultureInfo.InvariantCulture) : 0;
        var reset = _options.WindowSeconds;
        if (lease.TryGetMetadata(RateLimitMetadataName.Reset.Name, out var x))
        {
            // The fixed-window lease gives the window's end in Unix seconds (its docs say seconds left): accept both.
            var value = Convert.ToInt64(x, CultureInfo.InvariantCulture);
            reset = (int)Math.Clamp(value > 1_000_000_000 ? value - now : value, 0, _options.WindowSeconds);
        }

        return new RateLimitDecision(lease.IsAcquired, _options.PermitPerMinute, remaining, reset, Shared: true);
    }

    private RateLimitDecision AcquireLocal(string client)
    {
        // A window starts at a client's first request (as in the Redis script), not at a clock boundary.
        var windowMs = _options.WindowSeconds * 1000L;
        var nowMs = Environment.TickCount64;
        Sweep(nowMs, windowMs);
        var window = _local.GetOrAdd(client, _ => new LocalWindow { Start = nowMs });
        long count;
        long start;
        lock (window)
        {
            if (nowMs >= window.Start + windowMs)
            {
                window.Start = nowMs;
                window.Count = 0;
            }

            start = window.Start;
            count = window.Count < _options.PermitPerMinute ? ++window.Count : _options.PermitPerMinute + 1;
        }

        var allowed = count <= _options.PermitPerMinute;
        var reset = (int)Math.Ceiling((start + windowMs - nowMs) / 1000.0);
        return new RateLimitDecision(allowed, _options.PermitPerMinute, Math.Max(0, _options.PermitPerMinute - count), reset, Shared: false);
    }

    /// <summary>Drops the counters of ended windows once per window length, so that many clients do not grow the table forever.</summary>
    private void Sweep(long nowMs, long windowMs)
    {
        var last = Interlocked.Read(ref _lastSweep);
        if (nowMs - last < windowMs || Interlocked.CompareExchange(ref _lastSweep, nowMs, last) != last)
        {
            return;
        }

        foreach (var (client, window) in _local)
        {
            if (nowMs >= window.Start + windowMs)
            {
                _local.TryRemove(new KeyValuePair<string, LocalWindow>(client, window));
            }
        }
    }

    public void Dispose() => _shared?.Dispose();

    private sealed class LocalWindow
    {
        public long Start { get; set; }

        public long Count { get; set; }
    }
}
