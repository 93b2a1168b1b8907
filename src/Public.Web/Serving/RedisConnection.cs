using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Public.Web.Serving;

/// <summary>
/// The one shared <see cref="ConnectionMultiplexer"/> (when <c>ConnectionStrings:Redis</c> is set) and the
/// decision whether to use it right now. Redis is an accelerator, never a dependency: the connection is made
/// in the background (a Redis that is down at start delays nothing), commands fail fast instead of queueing
/// while it is disconnected, and after any failure or timeout a breaker sends requests straight to the store
/// for a short while. The multiplexer reconnects by itself; state changes are logged once, as warnings.
/// </summary>
public sealed class RedisConnection : IDisposable
{
    private readonly ILogger<RedisConnection> _logger;
    private readonly TimeSpan _breaker;
    private readonly Task<ConnectionMultiplexer>? _connecting;
    // Environment.TickCount64: elapsed time, unaffected by a test's fixed clock or by wall-clock jumps.
    private long _openUntilMilliseconds;
    private int _degraded;

    public RedisConnection(IConfiguration configuration, IOptions<ServingOptions> options, ILogger<RedisConnection> logger)
    {
        _logger = logger;
        _breaker = TimeSpan.FromMilliseconds(options.Value.RedisBreakerMilliseconds);
        var connectionString = configuration.GetConnectionString("Redis");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return;
        }

        var timeout = options.Value.RedisTimeoutMilliseconds;
        Timeout = TimeSpan.FromMilliseconds(timeout);
        var config = ConfigurationOptions.Parse(connectionString);
        config.AbortOnConnectFail = false;
        config.ConnectTimeout = Math.Max(timeout * 4, 1000);
        config.SyncTimeout = timeout;
        config.AsyncTimeout = timeout;
        config.ConnectRetry = 1;
        // Timeouts are detected on the heartbeat: check often enough for a 250 ms timeout to mean about that.
        config.HeartbeatInterval = TimeSpan.FromMilliseconds(Math.Max(100, timeout));
        // While disconnected, fail at once instead of holding commands in a backlog until they time out.
        config.BacklogPolicy = BacklogPolicy.FailFast;
        config.ReconnectRetryPolicy = new ExponentialRetry(250, 5_000);
        config.ClientName ??= "jinzhou-public";
        Configured = true;
        Endpoint = string.Join(",", config.EndPoints.Select(e => e.ToString()));
        _connecting = ConnectAsync(config);
    }

    public bool Configured { get; }

    /// <summary>The bound on any one Redis call made while serving a request.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>host:port of the configured server(s), for /readyz.</summary>
    public string? Endpoint { get; }

    /// <summary>The multiplexer once the first connection attempt has finished (connected or not), else null.</summary>
    public ConnectionMultiplexer? Multiplexer => _connecting is { IsCompletedSuccessfully: true } t ? t.Result : null;

    public bool IsConnected => Multiplexer?.IsConnected == true;

    /// <summary>"not configured", "connected", "disconnected" or "degraded" (connected, but recently failing).</summary>
    public string State => !Configured ? "not configured" : !IsConnected ? "disconnected" : BreakerOpen ? "degraded" : "connected";

    private bool BreakerOpen => Environment.TickCount64 < Interlocked.Read(ref _openUntilMilliseconds);

    /// <summary>The database to use for this request, or null: then answer from the store.</summary>
    public IDatabase? TryGetDatabase()
    {
        var multiplexer = Multiplexer;
        if (multiplexer is null || !multiplexer.IsConnected || BreakerOpen)
        {
            return null;
        }

        if (Interlocked.Exchange(ref _degraded, 0) == 1 && _logger.IsEnabled(LogLevel.Information))
        {
            _logger.LogInformation("Redis {Endpoint} is used again", Endpoint);
        }

        return multiplexer.GetDatabase();
    }

    /// <summary>A command failed or timed out: skip Redis for a while, and say so once.</summary>
    public void ReportFailure(Exception e)
    {
        Interlocked.Exchange(ref _openUntilMilliseconds, Environment.TickCount64 + (long)_breaker.TotalMilliseconds);
        if (Interlocked.Exchange(ref _degraded, 1) == 0)
        {
            _logger.LogWarning("Redis {Endpoint} failed ({Error}); answering from the store for {Seconds:F1} s before trying again",
                Endpoint, e.Message, _breaker.TotalSeconds);
        }
    }

    private async Task<ConnectionMultiplexer> ConnectAsync(ConfigurationOptions config)
    {
        // Off the startup path: with AbortOnConnectFail=false this returns a multiplexer even when Redis is down.
        await Task.Yield();
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(config);
        multiplexer.ConnectionFailed += (_, e) =>
        {
            if (_logger.IsEnabled(LogLevel.Warning))
            {
                _logger.LogWarning("Redis connection lost ({Endpoint}, {Failure}); answering from the store until it is back", e.EndPoint, e.FailureType);
            }
        };
        multiplexer.ConnectionRestored += (_, e) =>
        {
            if (_logger.IsEnabled(LogLevel.Information))
            {
                _logger.LogInformation("Redis connection restored ({Endpoint})", e.EndPoint);
            }
        };
        if (!multiplexer.IsConnected)
        {
            _logger.LogWarning("Redis {Endpoint} unavailable at start; answering from the store and reconnecting in the background", Endpoint);
        }

        return multiplexer;
    }

    public void Dispose()
    {
        if (_connecting is { IsCompletedSuccessfully: true })
        {
            _connecting.Result.Dispose();
        }
    }
}
