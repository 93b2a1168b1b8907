namespace Public.Web.Push;

/// <summary>The event stream, section <c>Push</c>.</summary>
public sealed class PushOptions
{
    /// <summary>How many of the latest events each replica keeps for clients that reconnect with <c>Last-Event-ID</c>.</summary>
    public int Backlog { get; set; } = 1_000;

    /// <summary>A comment line this often keeps proxies from closing an idle stream (seconds).</summary>
    public int HeartbeatSeconds { get; set; } = 15;

    /// <summary>Largest number of import batches described in one go (a replica that was down for long catches up in steps).</summary>
    public int BatchesPerRead { get; set; } = 200;
}

/// <summary>Signed webhooks, section <c>Webhooks</c>: subscribers are configured by the operator, never registered through the API.</summary>
public sealed class WebhookOptions
{
    public List<WebhookSubscriber> Subscribers { get; set; } = [];

    /// <summary>Bearer token of <c>GET /api/v1/webhooks/deliveries</c>; the route answers 404 while it is unset.</summary>
    public string? OperatorKey { get; set; }

    /// <summary>Wait before the first retry; each later retry waits twice as long as the one before (capped at <see cref="MaxBackoff"/>).</summary>
    public TimeSpan BackoffBase { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait between two attempts.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(2);

    /// <summary>A delivery not accepted this long after its event is given up (status <c>failed</c>).</summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Per attempt: a receiver slower than this counts as a failure (seconds).</summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>How often the worker looks for due deliveries (milliseconds); a new event wakes it at once.</summary>
    public int PollMilliseconds { get; set; } = 1_000;
}

/// <summary>One receiver: where to POST, the Standard Webhooks secret (<c>whsec_</c> + base64), which event types.</summary>
public sealed class WebhookSubscriber
{
    public string Url { get; set; } = "";

    public string Secret { get; set; } = "";

    /// <summary><c>data</c>, <c>warning</c>, <c>penalty</c>, <c>plan-progress</c>; empty means all.</summary>
    public List<string> Events { get; set; } = [];
}

/// <summary>WebSub (W3C Recommendation, 2018), section <c>WebSub</c>.</summary>
public sealed class WebSubOptions
{
    /// <summary>The hub the Atom feeds advertise (<c>rel="hub"</c>) and the server notifies; off when unset.</summary>
    public string? Hub { get; set; }
}
