using System.Globalization;
using Microsoft.Extensions.Options;
using Npgsql;
using Public.Web.Infrastructure;
using StackExchange.Redis;

namespace Public.Web.Serving;

/// <summary>
/// What this replica believes the store's data version is; every cache key carries it. It learns of a new
/// version in three ways: at once for a commit by this process (<see cref="Database.HighestLocalBump"/>);
/// within milliseconds from the process that committed it elsewhere — through a Redis pub/sub message when
/// <c>ConnectionStrings:Redis</c> is set, else, on PostgreSQL, through the store itself: the bump's <c>pg_notify</c>
/// (<see cref="Database.DataVersionChannel"/>), which PostgreSQL delivers at commit to this monitor's own LISTEN
/// connection on the primary (reopened after a failure); and at the latest after
/// <see cref="ServingOptions.VersionPollMilliseconds"/> by reading the store, which also covers a lost message, a Redis
/// that is down or a listening connection being reopened. The number it believes is always one read from the store,
/// never one taken from a message, so it can never run ahead of the data this replica can read.
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
    private bool _listening;

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

    /// <summary>True while the LISTEN connection on the PostgreSQL primary is open (never on SQLite, nor with Redis).</summary>
    public bool Listening => Volatile.Read(ref _listening);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var listening = _database.PostgresPrimary is { } primary && !_redis.Configured ? ListenAsync(primary, stoppingToken) : Task.CompletedTask;
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
        await listening;
    }

    /// <summary>
    /// Holds a connection of its own on the primary that LISTENs to <see cref="Database.DataVersionChannel"/> and reads
    /// the store at each notification; after a failure it opens a new one (waiting 1 s, doubling up to 30 s), the poll
    /// covering the gap.
    /// </summary>
    private async Task ListenAsync(NpgsqlDataSource primary, CancellationToken stoppingToken)
    {
        var retry = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await primary.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, _) => RefreshOnNews("a notification from PostgreSQL");
                await using (var listen = connection.CreateCommand())
                {
                    listen.CommandText = "LISTEN " + Database.DataVersionChannel;
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                Volatile.Write(ref _listening, true);
                // A commit before the LISTEN notified nobody here: read once now.
                RefreshOnNews("listening to PostgreSQL");
                retry = TimeSpan.FromSeconds(1);
                while (true)
                {
                    // Notifications are raised while waiting; a quiet connection is checked now and then, so a dead one is replaced.
                    if (!await connection.WaitAsync(TimeSpan.FromSeconds(30), stoppingToken))
                    {
                        await using var ping = connection.CreateCommand();
                        ping.CommandText = "SELECT 1";
                        await ping.ExecuteScalarAsync(stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Whatever broke the connection (a restarted primary, a network cut), the answer is a new connection.
                _logger.LogWarning(e, "The LISTEN connection for data-version notifications failed; opening a new one in {Seconds} s (polling meanwhile)", retry.TotalSeconds);
            }
            finally
            {
                Volatile.Write(ref _listening, false);
            }

            try
            {
                await Task.Delay(retry, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            retry = TimeSpan.FromSeconds(Math.Min(retry.TotalSeconds * 2, 30));
        }
    }

    /// <summary>Another process says a version was committed: read the store (a failure waits for the next news or poll).</summary>
    private void RefreshOnNews(string what)
    {
        try
        {
            Refresh();
        }
        catch (Exception e) when (e is System.Data.Common.DbException or IOException)
        {
            _logger.LogWarning(e, "Could not read the data version after {What}", what);
        }
    }

    private void EnsureSubscribed()
    {
        if (_subscribed || _redis.Multiplexer is not { IsConnected: true } multiplexer)
        {
            return;
        }

        // The multiplexer re-subscribes by itself after a reconnect; subscribing once is enough.
        multiplexer.GetSubscriber().Subscribe(Channel(_current.StoreId), (_, _) => RefreshOnNews("an announcement on Redis"));
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
