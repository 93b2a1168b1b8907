using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using RedisRateLimiting;

namespace Public.Web.Serving;

/// <summary>The outcome of one request against its client's window, with what the rate-limit headers say.</summary>
public readonly record struct RateLimitDecision(bool Allowed, int Limit, long Remaining, int ResetSeconds, bool Shared);

/// <summary>
/// Fixed windows of <see cref="RateLimitingOptions.PermitPerMinute"/> requests per client IP. With Redis the
/// window is shared by all replicas (RedisRateLimiting's fixed-window Lua script — checked to work with
/// StackExchange.Redis 3.4 by <c>RateLimitRedisTests</c>); without Redis, or while Redis is down or slow, each
/// instance counts on its own. A limiter failure never refuses a request.
/// A replica takes permits from the shared window in chunks (2% of the limit, at most 100; one at a time for
/// small limits) and spends them locally: one Redis round trip per chunk instead of per request. The price is
/// that a client spread over several replicas may be refused while another replica still holds up to a
/// chunk of its permits — nothing for a limit meant to be generous.
/// </summary>
public sealed class ClientRateLimiter : IDisposable
{
    private readonly RateLimitingOptions _options;
    private readonly RedisConnection _redis;
    private readonly PartitionedRateLimiter<string>? _shared;
    private readonly ConcurrentDictionary<string, LocalWindow> _local = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Allowance> _allowances = new(StringComparer.Ordinal);
    private readonly int _chunk;
    private long _lastSweep;

    public ClientRateLimiter(IOptions<RateLimitingOptions> options, RedisConnection redis)
    {
        _options = options.Value;
        _redis = redis;
        _chunk = Math.Clamp(_options.PermitPerMinute / 50, 1, 100);
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
        Sweep(Environment.TickCount64, _options.WindowSeconds * 1000L);
        if (_shared is not null && _redis.TryGetDatabase() is not null)
        {
            var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var allowance = _allowances.GetOrAdd(client, _ => new Allowance());
            lock (allowance)
            {
                if (allowance.Left > 0 && nowMs < allowance.WindowEndMs)
                {
                    allowance.Left--;
                    return new RateLimitDecision(true, _options.PermitPerMinute, allowance.RemainingShared + allowance.Left,
                        (int)Math.Ceiling((allowance.WindowEndMs - nowMs) / 1000.0), Shared: true);
                }
            }

            try
            {
                var (decision, taken) = await AcquireSharedAsync(client, _chunk, cancellationToken);
                if (!decision.Allowed && taken > 1)
                {
                    (decision, taken) = await AcquireSharedAsync(client, 1, cancellationToken);
                }

                if (decision.Allowed)
                {
                    lock (allowance)
                    {
                        allowance.Left = taken - 1;
                        allowance.RemainingShared = decision.Remaining;
                        allowance.WindowEndMs = nowMs + (decision.ResetSeconds * 1000L);
                    }

                    return decision with { Remaining = decision.Remaining + taken - 1 };
                }

                return decision;
            }
            // Whatever Redis or its client throws, the answer comes from the store: Redis is never the reason for a 5xx.
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _redis.ReportFailure(e);
            }
        }

        return AcquireLocal(client);
    }

    private async Task<(RateLimitDecision Decision, int Taken)> AcquireSharedAsync(string client, int permits, CancellationToken cancellationToken)
    {
        using var lease = await _shared!.AcquireAsync(client, permits, cancellationToken).AsTask().WaitAsync(_redis.Timeout, cancellationToken);
        return (FromLease(lease), permits);
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

        var nowUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach (var (client, allowance) in _allowances)
        {
            if (nowUnixMs >= allowance.WindowEndMs)
            {
                _allowances.TryRemove(new KeyValuePair<string, Allowance>(client, allowance));
            }
        }
    }

    public void Dispose() => _shared?.Dispose();

    /// <summary>Permits this replica took from a client's shared window and has not spent yet.</summary>
    private sealed class Allowance
    {
        public int Left { get; set; }

        public long RemainingShared { get; set; }

        public long WindowEndMs { get; set; }
    }

    private sealed class LocalWindow
    {
        public long Start { get; set; }

        public long Count { get; set; }
    }
}
