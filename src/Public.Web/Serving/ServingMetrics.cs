using Prometheus;

namespace Public.Web.Serving;

/// <summary>
/// What an operator scrapes at <c>/metrics</c> (Prometheus text format, prometheus-net): request rate and
/// latency histogram (<c>http_request_duration_seconds</c>, by endpoint), cache lookups and hit ratio, the data
/// version and the import lag (now − commit time of the data version), Redis state and rate-limit rejections.
/// A registry per app, so that several apps in one test process do not add up.
/// </summary>
public sealed class ServingMetrics
{
    private readonly Counter _lookups;
    private long _hits;
    private long _misses;

    public ServingMetrics(DataVersionMonitor versions, RedisConnection redis, TimeProvider time)
    {
        Registry = Metrics.NewCustomRegistry();
        DotNetStats.Register(Registry);
        var factory = Metrics.WithCustomRegistry(Registry);
        _lookups = factory.CreateCounter("jinzhou_cache_requests_total", "Cacheable GET requests by result (hit, miss) and where the answer came from (memory, redis, store).",
            "result", "tier");
        var ratio = factory.CreateGauge("jinzhou_cache_hit_ratio", "Hits / (hits + misses) of cacheable GET requests since start.");
        var version = factory.CreateGauge("jinzhou_data_version", "The store's data version this replica serves.");
        var lag = factory.CreateGauge("jinzhou_import_lag_seconds", "Seconds since the served data version was committed (the last import or seed).");
        var connected = factory.CreateGauge("jinzhou_redis_connected", "1 when Redis is configured and connected, else 0.");
        RateLimited = factory.CreateCounter("jinzhou_rate_limited_total", "Requests refused with 429.");
        Registry.AddBeforeCollectCallback(() =>
        {
            var hits = Interlocked.Read(ref _hits);
            var total = hits + Interlocked.Read(ref _misses);
            ratio.Set(total == 0 ? 0 : (double)hits / total);
            var current = versions.Current;
            version.Set(current.Number);
            lag.Set(current.At is { } at ? Math.Max(0, (time.GetUtcNow() - at).TotalSeconds) : 0);
            connected.Set(redis.IsConnected ? 1 : 0);
        });
    }

    public CollectorRegistry Registry { get; }

    public Counter RateLimited { get; }

    public void Lookup(bool hit, CacheTier tier)
    {
        Interlocked.Increment(ref hit ? ref _hits : ref _misses);
        _lookups.WithLabels(hit ? "hit" : "miss", tier switch { CacheTier.Memory => "memory", CacheTier.Redis => "redis", _ => "store" }).Inc();
    }
}
