using Prometheus;

namespace Public.Web.Serving;

/// <summary>
/// What an operator scrapes at <c>/metrics</c> (Prometheus text format, prometheus-net): request rate and
/// latency histogram (<c>http_request_duration_seconds</c>, by endpoint), cache lookups and hit ratio, the data
/// version and the import lag (now − commit time of the data version), Redis state and rate-limit rejections, and, with
/// PostgreSQL read replicas, how reads went to them (<c>jinzhou_replica_reads_total</c> by outcome, <c>jinzhou_replica_available</c>).
/// A registry per app, so that several apps in one test process do not add up.
/// </summary>
public sealed class ServingMetrics
{
    private readonly Counter _lookups;
    private readonly Counter _compressions;
    private long _hits;
    private long _misses;

    public ServingMetrics(DataVersionMonitor versions, RedisConnection redis, TimeProvider time, Infrastructure.Database database)
    {
        Registry = Metrics.NewCustomRegistry();
        DotNetStats.Register(Registry);
        var factory = Metrics.WithCustomRegistry(Registry);
        _lookups = factory.CreateCounter("jinzhou_cache_requests_total", "Cacheable GET requests by result (hit, miss) and where the answer came from (memory, redis, store).",
            "result", "tier");
        _compressions = factory.CreateCounter("jinzhou_cache_compressions_total", "Answers compressed for the data cache, by content coding (br, gzip): once per answer, coding and data version, however many clients ask at once.",
            "encoding");
        var ratio = factory.CreateGauge("jinzhou_cache_hit_ratio", "Hits / (hits + misses) of cacheable GET requests since start.");
        var version = factory.CreateGauge("jinzhou_data_version", "The store's data version this replica serves.");
        var lag = factory.CreateGauge("jinzhou_import_lag_seconds", "Seconds since the served data version was committed (the last import or seed).");
        var connected = factory.CreateGauge("jinzhou_redis_connected", "1 when Redis is configured and connected, else 0.");
        RateLimited = factory.CreateCounter("jinzhou_rate_limited_total", "Requests refused with 429.");
        // Only with replicas configured: a store without them has no such series (rather than a row of zeros).
        var replicas = database.Replicas;
        var replicaReads = replicas is null ? null : factory.CreateCounter("jinzhou_replica_reads_total",
            "Reads of read-only requests by outcome: replica (answered by a read replica), lagging (sent to the primary: no replica had replayed the data version needed in time), failed (a replica failed; the read went, or was re-run, on the primary).",
            "outcome");
        var replicaAvailable = replicas is null ? null : factory.CreateGauge("jinzhou_replica_available", "1 when reads may go to the read replicas, 0 while they are kept off after a failure (Store:ReplicaRetrySeconds).");
        Registry.AddBeforeCollectCallback(() =>
        {
            var hits = Interlocked.Read(ref _hits);
            var total = hits + Interlocked.Read(ref _misses);
            ratio.Set(total == 0 ? 0 : (double)hits / total);
            var current = versions.Current;
            version.Set(current.Number);
            lag.Set(current.At is { } at ? Math.Max(0, (time.GetUtcNow() - at).TotalSeconds) : 0);
            connected.Set(redis.IsConnected ? 1 : 0);
            if (replicas is not null)
            {
                replicaReads!.WithLabels("replica").IncTo(replicas.Reads);
                replicaReads.WithLabels("lagging").IncTo(replicas.Lagging);
                replicaReads.WithLabels("failed").IncTo(replicas.Failures);
                replicaAvailable!.Set(replicas.Available ? 1 : 0);
            }
        });
    }

    public CollectorRegistry Registry { get; }

    public Counter RateLimited { get; }

    /// <summary>One answer compressed in <paramref name="encoding"/> for the data cache.</summary>
    public void Compressed(string encoding) => _compressions.WithLabels(encoding).Inc();

    /// <summary>Answers compressed in <paramref name="encoding"/> since start.</summary>
    public long Compressions(string encoding) => (long)_compressions.WithLabels(encoding).Value;

    public void Lookup(bool hit, CacheTier tier)
    {
        Interlocked.Increment(ref hit ? ref _hits : ref _misses);
        _lookups.WithLabels(hit ? "hit" : "miss", tier switch { CacheTier.Memory => "memory", CacheTier.Redis => "redis", _ => "store" }).Inc();
    }
}
