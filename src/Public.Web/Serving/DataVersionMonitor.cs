using System.Globalization;
using Microsoft.Extensions.Options;
using Public.Web.Infrastructure;
using StackExchange.Redis;

namespace Public.Web.Serving;

/// <summary>
/// What this replica believes the store's data version is; every cache key carries it. It learns of a new
/// version in three ways: at once for a commit by this process (<see cref="Database.HighestLocalBump"/>),
/// within milliseconds through a Redis pub/sub message from the replica or import process that committed it,
/// and at the latest after <see cref="ServingOptions.VersionPollMilliseconds"/> by reading the store itself,
/// which also covers a lost message or a Redis that is down (on PostgreSQL this polling is what carries a version
/// across machines without Redis: every replica reads the one primary). The number it believes is always one read from
/// the store, never one taken from a message, so it can never run ahead of the data this replica can read.
/// </summary>
public sealed class DataVersionMonitor : BackgroundService
{
    private readonly Database _database;
    private readonly RedisConnection _redis;
    private readonly ILogger<DataVersionMonitor> _logger;
    private readonly TimeSpan _poll;
    private readonly Lock _refreshLock = new();
    private DataVersion _current;
    private long? _localBumpSeenAt;
    private bool _subscribed;

    public DataVersionMonitor(Database database, RedisConnection redis, IOptions<ServingOptions> options, ILogger<DataVersionMonitor> logger)
    {
        _database = database;
        _redis = redis;
        _logger = logger;
        _poll = TimeSpan.FromMilliseconds(options.Value.VersionPollMilliseconds);
        _current = database.ReadDataVersion();
        database.DataVersionBumped += version => _ = AnnounceWhenCommittedAsync(version);
    }

    /// <summary>Raised (on the refreshing thread) when the version moves; caches drop what they hold.</summary>
    public event Action<DataVersion>? Changed;

    /// <summary>The Redis channel on which the replicas of one store announce its new versions.</summary>
    public static RedisChannel Channel(string storeId) => RedisChannel.Literal("jinzhou:" + storeId + ":data-version");

    public DataVersion Current
    {
        get
        {
            var current = Volatile.Read(ref _current);
            // This process has written a newer version: read the store until that commit is visible.
            return _database.HighestLocalBump > current.Number ? Refresh(announce: true) : current;
        }
    }

    /// <summary>Reads the store's version now; announces it on Redis when it is new and <paramref name="announce"/>.</summary>
    public DataVersion Refresh(bool announce = false)
    {
        DataVersion read;
        DataVersion before;
        lock (_refreshLock)
        {
            read = _database.ReadDataVersion();
            before = _current;
            if (read.Number <= before.Number)
            {
                ForgetStaleLocalBump(read);
                return before;
            }

            Volatile.Write(ref _current, read);
        }

        if (_logger.IsEnabled(LogLevel.Information))
        {
            _logger.LogInformation("Data version {Before} → {After} (committed {At})", before.Number, read.Number, read.At);
        }

        Changed?.Invoke(read);
        if (announce)
        {
            Announce(_redis, read);
        }

        return read;
    }

    /// <summary>Tells the other replicas that <paramref name="version"/> is committed (fire and forget unless <paramref name="wait"/>).</summary>
    public static void Announce(RedisConnection redis, DataVersion version, bool wait = false)
    {
        if (redis.TryGetDatabase() is not { } db)
        {
            return;
        }

        try
        {
            db.Publish(Channel(version.StoreId), version.Number.ToString(CultureInfo.InvariantCulture), wait ? CommandFlags.None : CommandFlags.FireAndForget);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            redis.ReportFailure(e);
        }
    }

    /// <summary>
    /// A writer in this process (an import, the demo seeder) is about to commit <paramref name="version"/>: watch
    /// for the commit and announce it to the other replicas at once, rather than at this replica's next poll.
    /// </summary>
    private async Task AnnounceWhenCommittedAsync(long version)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(10);
            try
            {
                if (Refresh(announce: true).Number >= version)
                {
                    return;
                }
            }
            catch (Exception e) when (e is System.Data.Common.DbException or IOException)
            {
                _logger.LogWarning(e, "Could not read the data version after a local write");
                return;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Subscribing is retried often (Redis may come up late) even when polling the store is rare.
        var tick = TimeSpan.FromMilliseconds(Math.Min(_poll.TotalMilliseconds, 250));
        using var timer = new PeriodicTimer(tick);
        var sincePoll = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            try
            {
                EnsureSubscribed();
                if (sincePoll.Elapsed >= _poll)
                {
                    sincePoll.Restart();
                    // A change found by polling was not announced by its writer (no Redis there, or a lost message).
                    Refresh(announce: true);
                }
            }
            catch (Exception e) when (e is System.Data.Common.DbException or IOException or RedisException or TimeoutException)
            {
                _logger.LogWarning(e, "Could not read the data version or subscribe to its announcements; trying again");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private void EnsureSubscribed()
    {
        if (_subscribed || _redis.Multiplexer is not { IsConnected: true } multiplexer)
        {
            return;
        }

        // The multiplexer re-subscribes by itself after a reconnect; subscribing once is enough.
        multiplexer.GetSubscriber().Subscribe(Channel(_current.StoreId), (_, _) =>
        {
            try
            {
                Refresh();
            }
            catch (Exception e) when (e is System.Data.Common.DbException or IOException)
            {
                _logger.LogWarning(e, "Could not read the data version after an announcement");
            }
        });
        _subscribed = true;
    }

    /// <summary>A local bump whose transaction rolled back never becomes visible: stop re-reading for it after a while.</summary>
    private void ForgetStaleLocalBump(DataVersion visible)
    {
        if (_database.HighestLocalBump <= visible.Number)
        {
            _localBumpSeenAt = null;
            return;
        }

        var now = Environment.TickCount64;
        _localBumpSeenAt ??= now;
        if (now - _localBumpSeenAt > 30_000)
        {
            _database.ForgetLocalBumpsAbove(visible.Number);
            _localBumpSeenAt = null;
        }
    }
}
