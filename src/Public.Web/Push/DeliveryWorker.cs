using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Public.Web.Site;

namespace Public.Web.Push;

/// <summary>
/// Turns the hub's events into queued deliveries (signed webhooks for the subscribers that asked for the event's
/// type, WebSub publish pings for the feeds the event changes) and sends them in the background with retries:
/// an import only commits and returns; nothing here runs on its thread or holds its transaction. A failed
/// attempt (not 2xx, an error, or slower than <see cref="WebhookOptions.TimeoutSeconds"/>) is retried after
/// <see cref="WebhookOptions.BackoffBase"/> × 2^(attempt−1), capped at <see cref="WebhookOptions.MaxBackoff"/>,
/// until <see cref="WebhookOptions.RetryFor"/> after the event; every attempt is logged.
/// </summary>
internal sealed class DeliveryWorker : BackgroundService
{
    public const string WebhookKind = "webhook";
    public const string WebSubKind = "websub";
    private const int MaxInFlight = 16;

    private readonly PushHub _hub;
    private readonly DeliveryStore _store;
    private readonly StoreChanges _changes;
    private readonly WebhookOptions _webhooks;
    private readonly string? _hubUrl;
    private readonly string? _origin;
    private readonly TimeProvider _time;
    private readonly ILogger<DeliveryWorker> _logger;
    private readonly Dictionary<string, (WebhookSubscriber Subscriber, byte[] Key)> _subscribers = new(StringComparer.Ordinal);
    private readonly Channel<IReadOnlyList<PushEvent>> _incoming = Channel.CreateUnbounded<IReadOnlyList<PushEvent>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly HttpClient _http;
    private int _inFlight;

    public DeliveryWorker(PushHub hub, DeliveryStore store, StoreChanges changes, IOptions<WebhookOptions> webhooks, IOptions<WebSubOptions> webSub,
        IConfiguration configuration, TimeProvider time, ILogger<DeliveryWorker> logger)
    {
        _hub = hub;
        _store = store;
        _changes = changes;
        _webhooks = webhooks.Value;
        _time = time;
        _logger = logger;
        foreach (var s in _webhooks.Subscribers)
        {
            // Validated at start (WebhookOptionsValidator): the key is there.
            _subscribers[s.Url] = (s, StandardWebhooks.Key(s.Secret, out _)!);
        }

        _hubUrl = string.IsNullOrWhiteSpace(webSub.Value.Hub) ? null : webSub.Value.Hub;
        _origin = Uri.TryCreate(configuration[SiteText.BaseUrlKey], UriKind.Absolute, out var b) ? b.GetLeftPart(UriPartial.Path).TrimEnd('/') : null;
        if (_hubUrl is not null && _origin is null)
        {
            _logger.LogWarning("WebSub:Hub is set but {Key} is not: the hub cannot be told the feeds' public URLs, so no publish ping is sent", SiteText.BaseUrlKey);
        }

        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), AllowAutoRedirect = false })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("jinzhou-blue-sky-push/1");
    }

    private bool Active => _subscribers.Count > 0 || (_hubUrl is not null && _origin is not null);

    /// <summary>The feeds whose content an event changes (WebSub topics), as paths.</summary>
    public static IEnumerable<string> FeedsOf(PushEvent e) => e.Type switch
    {
        PushEventTypes.Warning => [WebSubLinks.WarningsAtom, WebSubLinks.WarningsCap],
        PushEventTypes.Penalty => [Penalties.PenaltiesApi.FeedPath],
        PushEventTypes.PlanProgress => [Plan.PlanApi.FeedPath],
        _ => [],
    };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Active)
        {
            return;
        }

        await Task.Yield();
        long since;
        while (true)
        {
            try
            {
                since = _store.Watermark(_changes.LatestBatch());
                break;
            }
            catch (System.Data.Common.DbException e)
            {
                _logger.LogWarning(e, "Could not read the delivery queue's watermark; trying again");
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }

        _hub.Published += events => _incoming.Writer.TryWrite(events);
        await _hub.Ready.WaitAsync(stoppingToken);
        // Events committed while this replica was down (or before it subscribed): queued once, whichever replica comes first.
        _incoming.Writer.TryWrite(_hub.BacklogAfter(since));
        var poll = TimeSpan.FromMilliseconds(Math.Max(10, _webhooks.PollMilliseconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (_incoming.Reader.TryRead(out var events))
                {
                    Enqueue(events);
                }

                Dispatch(stoppingToken);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                timeout.CancelAfter(poll);
                try
                {
                    await Task.WhenAny(_incoming.Reader.WaitToReadAsync(timeout.Token).AsTask(), _wake.Reader.ReadAsync(timeout.Token).AsTask());
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is System.Data.Common.DbException or IOException)
            {
                _logger.LogWarning(e, "Webhook queue: the store did not answer; trying again");
                await Task.Delay(poll, stoppingToken);
            }
        }
    }

    private void Enqueue(IReadOnlyList<PushEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        var now = _time.GetUtcNow();
        var rows = new List<(string, string, string, string, string)>();
        foreach (var e in events)
        {
            foreach (var (url, (subscriber, _)) in _subscribers)
            {
                if (subscriber.Events.Count == 0 || subscriber.Events.Contains(e.Type, StringComparer.Ordinal))
                {
                    // The Standard Webhooks payload: type, timestamp, data. The body is fixed now, so every retry sends the same bytes.
                    var body = "{\"type\":" + System.Text.Json.JsonSerializer.Serialize(e.Type) + ",\"timestamp\":\"" + Infrastructure.IsoTimeConverter.Format(now.ToUniversalTime())
                        + "\",\"data\":" + e.Json + "}";
                    rows.Add((url, WebhookKind, e.Id, e.Type, body));
                }
            }

            if (_hubUrl is not null && _origin is not null)
            {
                foreach (var feed in FeedsOf(e))
                {
                    var topic = _origin + feed;
                    // One ping per feed and batch, however many of the batch's events touch it.
                    rows.Add((_hubUrl, WebSubKind, e.Batch.ToString(CultureInfo.InvariantCulture) + " " + feed, e.Type,
                        "hub.mode=publish&hub.url=" + Uri.EscapeDataString(topic)));
                }
            }
        }

        var added = _store.Enqueue(rows, events.Max(e => e.Batch), now.ToUnixTimeMilliseconds());
        if (added > 0 && _logger.IsEnabled(LogLevel.Information))
        {
            _logger.LogInformation("Queued {Count} delivery(ies) for {Events} event(s)", added, events.Count);
        }
    }

    private void Dispatch(CancellationToken stoppingToken)
    {
        var free = MaxInFlight - Volatile.Read(ref _inFlight);
        if (free <= 0)
        {
            return;
        }

        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var lease = now + (long)TimeSpan.FromSeconds(_webhooks.TimeoutSeconds * 2 + 5).TotalMilliseconds;
        foreach (var delivery in _store.Claim(free, now, lease))
        {
            Interlocked.Increment(ref _inFlight);
            _ = Task.Run(async () =>
            {
                try
                {
                    await SendAsync(delivery, stoppingToken);
                }
                finally
                {
                    Interlocked.Decrement(ref _inFlight);
                    _wake.Writer.TryWrite(true);
                }
            }, CancellationToken.None);
        }
    }

    private async Task SendAsync(Delivery delivery, CancellationToken stoppingToken)
    {
        var started = _time.GetUtcNow();
        var watch = Stopwatch.StartNew();
        int? status = null;
        string? error = null;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Target);
            if (delivery.Kind == WebSubKind)
            {
                request.Content = new StringContent(delivery.Body, Encoding.UTF8, "application/x-www-form-urlencoded");
            }
            else
            {
                if (!_subscribers.TryGetValue(delivery.Target, out var subscriber))
                {
                    // The operator removed the subscriber: give up at once, and say why in the log.
                    _store.Record(delivery, started.ToUnixTimeMilliseconds(), null, "subscriber no longer configured in Webhooks:Subscribers", 0, DeliveryStore.Failed, null);
                    return;
                }

                var id = "evt_" + delivery.EventId;
                var timestamp = started.ToUnixTimeSeconds();
                request.Content = new StringContent(delivery.Body, new UTF8Encoding(false), "application/json");
                request.Headers.Add("webhook-id", id);
                request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
                request.Headers.Add("webhook-signature", StandardWebhooks.Sign(subscriber.Key, id, timestamp, delivery.Body));
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(_webhooks.TimeoutSeconds));
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                error = $"HTTP {status} {response.ReasonPhrase}";
            }
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            error = $"no answer within {_webhooks.TimeoutSeconds} s (Webhooks:TimeoutSeconds)";
        }
        catch (OperationCanceledException)
        {
            // Shutting down: the lease runs out and the delivery is taken up again after the restart.
            return;
        }
        catch (HttpRequestException e)
        {
            error = e.Message;
        }

        var at = started.ToUnixTimeMilliseconds();
        if (error is null)
        {
            _store.Record(delivery, at, status, null, watch.ElapsedMilliseconds, DeliveryStore.Delivered, null);
            return;
        }

        var attempt = delivery.Attempts + 1;
        var wait = Backoff(attempt);
        var next = _time.GetUtcNow().Add(wait);
        var giveUp = next.ToUnixTimeMilliseconds() - delivery.CreatedAtMs > (long)_webhooks.RetryFor.TotalMilliseconds;
        _store.Record(delivery, at, status, error, watch.ElapsedMilliseconds, giveUp ? DeliveryStore.Failed : DeliveryStore.Pending,
            giveUp ? null : next.ToUnixTimeMilliseconds());
        if (_logger.IsEnabled(LogLevel.Warning))
        {
            _logger.LogWarning("Delivery {Id} of event {Event} to {Target} failed (attempt {Attempt}: {Error}); {Next}", delivery.Id, delivery.EventId,
                delivery.Target, attempt, error, giveUp ? "given up after " + _webhooks.RetryFor : "next attempt in " + wait);
        }
    }

    /// <summary>BackoffBase × 2^(attempt−1), capped.</summary>
    internal TimeSpan Backoff(int attempt)
    {
        var factor = Math.Pow(2, Math.Min(attempt - 1, 30));
        var wait = TimeSpan.FromMilliseconds(Math.Min(_webhooks.BackoffBase.TotalMilliseconds * factor, _webhooks.MaxBackoff.TotalMilliseconds));
        return wait;
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }
}

/// <summary>Refuses to start with a subscriber that could never be delivered to, naming the setting.</summary>
internal sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        var errors = new List<string>();
        for (var i = 0; i < options.Subscribers.Count; i++)
        {
            var s = options.Subscribers[i];
            var key = $"Webhooks:Subscribers:{i}";
            if (!Uri.TryCreate(s.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                errors.Add($"{key}:Url '{s.Url}' is not an absolute http(s) URL");
            }

            if (StandardWebhooks.Key(s.Secret, out var error) is null)
            {
                errors.Add($"{key}:Secret {error}");
            }

            foreach (var type in s.Events.Where(t => !PushEventTypes.All.Contains(t, StringComparer.Ordinal)))
            {
                errors.Add($"{key}:Events '{type}' is not an event type (one of {string.Join(", ", PushEventTypes.All)})");
            }
        }

        foreach (var twice in options.Subscribers.GroupBy(s => s.Url, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add($"Webhooks:Subscribers: the URL '{twice.Key}' is configured {twice.Count()} times; list its event types once");
        }

        if (options.BackoffBase <= TimeSpan.Zero)
        {
            errors.Add("Webhooks:BackoffBase must be positive");
        }

        if (options.TimeoutSeconds <= 0)
        {
            errors.Add("Webhooks:TimeoutSeconds must be positive");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
