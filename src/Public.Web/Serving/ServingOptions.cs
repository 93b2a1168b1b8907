namespace Public.Web.Serving;

/// <summary>
/// Settings of the serving path, bound from configuration section <c>Serving</c> (environment
/// <c>Serving__...</c>), rate limits from <c>RateLimiting</c> and Redis from <c>ConnectionStrings:Redis</c>.
/// </summary>
public sealed class ServingOptions
{
    /// <summary>GET requests under these path prefixes are answered from the data cache (with ETags and compression).</summary>
    public List<string> CachedPaths { get; set; } = ["/api", "/graphql", "/feeds"];

    /// <summary>Path prefixes whose answers only change with a deployment (reference tables): the long max-age.</summary>
    public List<string> LongLivedPaths { get; set; } = ["/api/v1/reference"];

    /// <summary>max-age of answers about data that can still change (the latest hours, a year in progress).</summary>
    public int ShortMaxAgeSeconds { get; set; } = 60;

    /// <summary>max-age of answers about closed periods (a past day, month or year) and reference tables.</summary>
    public int LongMaxAgeSeconds { get; set; } = 86_400;

    /// <summary>Size cap of the in-process cache; the least recently used answers go first.</summary>
    public int MemoryCacheMegabytes { get; set; } = 256;

    /// <summary>How long an answer stays in Redis. Keys carry the data version, so this only bounds memory, not staleness.</summary>
    public int RedisTtlMinutes { get; set; } = 60;

    /// <summary>Redis connect, command and pub/sub timeouts: a slow Redis must not make requests slow.</summary>
    public int RedisTimeoutMilliseconds { get; set; } = 250;

    /// <summary>After a Redis failure, requests skip Redis (go to the store) for this long before trying it again.</summary>
    public int RedisBreakerMilliseconds { get; set; } = 2_000;

    /// <summary>The fallback when no invalidation message arrives: how often each replica reads the store's data version.</summary>
    public int VersionPollMilliseconds { get; set; } = 500;

    /// <summary>Largest request body accepted (the API is read-only; GraphQL POST bodies are the largest).</summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>A request that takes longer than this is cancelled (504).</summary>
    public int RequestTimeoutSeconds { get; set; } = 30;
}

/// <summary>Per-client (IP) request limits, section <c>RateLimiting</c>.</summary>
public sealed class RateLimitingOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Generous by default: journalists script against us. One fixed window per minute and client.</summary>
    public int PermitPerMinute { get; set; } = 1_200;

    /// <summary>Window length; one minute unless a test or an operator wants otherwise.</summary>
    public int WindowSeconds { get; set; } = 60;

    /// <summary>Share the counters across replicas through Redis when it is configured (else per instance).</summary>
    public bool UseRedis { get; set; } = true;
}
