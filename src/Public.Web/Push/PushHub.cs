using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Public.Web.Serving;

namespace Public.Web.Push;

/// <summary>
/// The events of this replica: learns that the data changed from <see cref="DataVersionMonitor"/> (which says how news of
/// another process's commit arrives: Redis, PostgreSQL's notification or the poll), asks
/// <see cref="StoreChanges"/> what changed since the last batch it described, keeps the latest events as a bounded
/// backlog (filled from the store at start, so a restart or another replica loses nothing within it) and hands
/// new events to the connected streams and to <see cref="Published"/> (webhooks, WebSub).
/// </summary>
internal sealed class PushHub : BackgroundService
{
    private readonly StoreChanges _changes;
    private readonly PushOptions _options;
    private readonly ILogger<PushHub> _logger;
    private readonly Lock _lock = new();
    private readonly LinkedList<PushEvent> _backlog = new();
    private readonly HashSet<Channel<PushEvent>> _clients = [];
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _watermark;
    private long _backlogStart;

    public PushHub(StoreChanges changes, DataVersionMonitor versions, IOptions<PushOptions> options, ILogger<PushHub> logger)
    {
        _changes = changes;
        _options = options.Value;
        _logger = logger;
        versions.Changed += _ => _wake.Writer.TryWrite(true);
    }

    /// <summary>New events, in order, once per event on this replica (raised on the hub's own thread).</summary>
    public event Action<IReadOnlyList<PushEvent>>? Published;

    /// <summary>Completes when the backlog has been read from the store.</summary>
    public Task Ready => _ready.Task;

    /// <summary>The last batch described.</summary>
    public long Watermark => Interlocked.Read(ref _watermark);

    /// <summary>Streams connected to this replica.</summary>
    public int Clients
    {
        get
        {
            lock (_lock)
            {
                return _clients.Count;
            }
        }
    }

    /// <summary>
    /// Registers a stream and returns, atomically with it, the backlog events after <paramref name="lastEventId"/>
    /// (none when null): nothing published meanwhile is missed or sent twice. <c>Gap</c> is true when the id is older
    /// than the backlog (events were lost to the client; it should reload what it shows).
    /// </summary>
    public (IReadOnlyList<PushEvent> Missed, bool Gap, ChannelReader<PushEvent> Live, IDisposable Subscription) Subscribe((long Batch, int Seq)? lastEventId)
    {
        var channel = Channel.CreateBounded<PushEvent>(new BoundedChannelOptions(Math.Max(16, _options.Backlog)) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        lock (_lock)
        {
            var missed = lastEventId is { } last ? _backlog.Where(e => e.IsAfter(last)).ToList() : [];
            var gap = lastEventId is { } l && l.Batch < _backlogStart && !_backlog.Any(e => e.Batch == l.Batch && e.Seq == l.Seq);
            _clients.Add(channel);
            return (missed, gap, channel.Reader, new Unsubscribe(this, channel));
        }
    }

    /// <summary>The backlog's events of the batches after <paramref name="batch"/>.</summary>
    public IReadOnlyList<PushEvent> BacklogAfter(long batch)
    {
        lock (_lock)
        {
            return _backlog.Where(e => e.Batch > batch).ToList();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                LoadBacklog();
                break;
            }
            catch (Exception e) when (e is System.Data.Common.DbException or IOException)
            {
                _logger.LogWarning(e, "Could not read the recent import batches for the event backlog; trying again");
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }

        _ready.TrySetResult();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A wake-up from the version monitor, or at the latest every few seconds (a lost wake-up costs a delay, never an event).
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                try
                {
                    await _wake.Reader.ReadAsync(timeout.Token);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                }

                ReadNew();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is System.Data.Common.DbException or IOException)
            {
                _logger.LogWarning(e, "Could not read what the last import changed; trying again");
            }
        }
    }

    /// <summary>Reads the batches committed since the last one described and publishes their events.</summary>
    internal void ReadNew()
    {
        while (true)
        {
            var (events, through) = _changes.After(Watermark, _options.BatchesPerRead);
            if (through == Watermark)
            {
                return;
            }

            List<Channel<PushEvent>> slow = [];
            lock (_lock)
            {
                Interlocked.Exchange(ref _watermark, through);
                foreach (var e in events)
                {
                    Append(e);
                    foreach (var client in _clients)
                    {
                        if (!client.Writer.TryWrite(e))
                        {
                            slow.Add(client);
                        }
                    }
                }

                foreach (var client in slow)
                {
                    // A client that cannot keep up is closed; it resumes with Last-Event-ID from the backlog.
                    client.Writer.TryComplete();
                    _clients.Remove(client);
                }
            }

            if (events.Count > 0)
            {
                if (_logger.IsEnabled(LogLevel.Information))
                {
                    _logger.LogInformation("Push: {Count} event(s) through batch {Batch}", events.Count, through);
                }

                Published?.Invoke(events);
            }
        }
    }

    private void LoadBacklog()
    {
        var start = _changes.BatchBefore(Math.Max(1, _options.Backlog));
        var watermark = start;
        var loaded = new List<PushEvent>();
        while (true)
        {
            var (events, through) = _changes.After(watermark, _options.BatchesPerRead);
            loaded.AddRange(events);
            if (through == watermark)
            {
                break;
            }

            watermark = through;
        }

        lock (_lock)
        {
            _backlogStart = start;
            foreach (var e in loaded)
            {
                Append(e);
            }

            Interlocked.Exchange(ref _watermark, watermark);
        }
    }

    private void Append(PushEvent e)
    {
        _backlog.AddLast(e);
        while (_backlog.Count > Math.Max(1, _options.Backlog))
        {
            _backlogStart = _backlog.First!.Value.Batch;
            _backlog.RemoveFirst();
        }
    }

    private sealed class Unsubscribe(PushHub hub, Channel<PushEvent> channel) : IDisposable
    {
        public void Dispose()
        {
            lock (hub._lock)
            {
                hub._clients.Remove(channel);
            }

            channel.Writer.TryComplete();
        }
    }
}
