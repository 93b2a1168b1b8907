using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Push;

/// <summary>Signed webhooks to a real local receiver, with retries, the delivery log and the never-blocking promise.</summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class WebhookTests
{
    // 32 random bytes, the form the Standard Webhooks specification gives secrets in.
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw4HtsPBzNbqw=";
    private const string OperatorKey = "operator-test-key";

    /// <param name="store">The settings naming a store of <see cref="TestStore"/> kept across apps (with <paramref name="databasePath"/>), e.g. for a restart.</param>
    private static PublicWebApp App(Receiver receiver, string events = "data", string backoff = "00:00:00.100", string? databasePath = null, bool operatorKey = true, string timeout = "1",
        IReadOnlyDictionary<string, string>? store = null)
    {
        var settings = new Dictionary<string, string>(store ?? new Dictionary<string, string>())
        {
            ["Webhooks:Subscribers:0:Url"] = receiver.Url,
            ["Webhooks:Subscribers:0:Secret"] = Secret,
            ["Webhooks:Subscribers:0:Events:0"] = events,
            ["Webhooks:BackoffBase"] = backoff,
            ["Webhooks:PollMilliseconds"] = "50",
            // A delivery leased by a stopped process is free again after 2 × timeout + 5 s.
            ["Webhooks:TimeoutSeconds"] = timeout,
        };
        if (operatorKey)
        {
            settings["Webhooks:OperatorKey"] = OperatorKey;
        }

        return new PublicWebApp(settings: settings, databasePath: databasePath);
    }

    /// <summary>
    /// The specification's verification, written here from its text: the key is the base64 after "whsec_"; the signed
    /// content is "{webhook-id}.{webhook-timestamp}.{body}"; the header holds space-separated "v1,{base64 HMAC-SHA256}".
    /// </summary>
    private static bool Verifies(Received r, string secret)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var content = $"{r.Headers["webhook-id"]}.{r.Headers["webhook-timestamp"]}.{r.Body}";
        using var hmac = new HMACSHA256(key);
        var expected = Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(content)));
        return r.Headers["webhook-signature"].Split(' ').Any(s => s == "v1," + expected);
    }

    [Fact]
    public async Task ADeliveryIsSignedPerStandardWebhooksAndAnIndependentVerifierAcceptsIt()
    {
        using var receiver = new Receiver();
        using var app = App(receiver);
        await WaitForWorkerAsync(app);
        var import = app.Import(RealSlices.Day(app, "20190301"));

        await PushWait.UntilAsync(() => !receiver.Requests.IsEmpty, TimeSpan.FromSeconds(30), "a delivery");
        var r = receiver.Requests.Single();

        Assert.True(Verifies(r, Secret), "signature does not verify: " + r.Headers["webhook-signature"]);
        Assert.False(Verifies(r, "whsec_" + Convert.ToBase64String(new byte[32])), "a wrong secret must not verify");
        Assert.Equal($"evt_{import.BatchId}.0", r.Headers["webhook-id"]);
        var sent = long.Parse(r.Headers["webhook-timestamp"], CultureInfo.InvariantCulture);
        Assert.InRange(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - sent, -5, 60);
        Assert.StartsWith("application/json", r.ContentType, StringComparison.Ordinal);
        var body = JsonDocument.Parse(r.Body).RootElement;
        Assert.Equal("data", body.GetProperty("type").GetString());
        Assert.Equal(import.BatchId, body.GetProperty("data").GetProperty("batch").GetInt64());
        Assert.Contains(body.GetProperty("data").GetProperty("datasets").EnumerateArray(), d => d.GetProperty("dataset").GetString() == "station-hourly");
        // The body was not altered after signing: a changed byte no longer verifies.
        Assert.False(Verifies(r with { Body = r.Body.Replace("station-hourly", "station-hourlx", StringComparison.Ordinal) }, Secret));
    }

    [Fact]
    public async Task AReceiverThatFailsFiveTimesThenSucceedsGetsTheDeliveryWithGrowingWaitsAndTheLogShowsEachAttempt()
    {
        using var receiver = new Receiver(n => (n <= 5 ? 500 : 204, TimeSpan.Zero));
        using var app = App(receiver, backoff: "00:00:00.100");
        await WaitForWorkerAsync(app);
        app.Import(RealSlices.Day(app, "20190301"));

        await PushWait.UntilAsync(() => Volatile.Read(ref receiver.Answered) >= 6, TimeSpan.FromSeconds(60), "six attempts");
        var attempts = receiver.Requests.OrderBy(r => r.Number).ToList();

        Assert.Single(attempts.Select(r => r.Headers["webhook-id"]).Distinct());
        Assert.Single(attempts.Select(r => r.Body).Distinct());
        Assert.All(attempts, r => Assert.True(Verifies(r, Secret)));
        // Backoff 0.1 s × 2^(n−1): the waits before retries 2…6 are at least 0.1, 0.2, 0.4, 0.8, 1.6 s.
        for (var i = 1; i < attempts.Count; i++)
        {
            var wait = attempts[i].At - attempts[i - 1].At;
            Assert.True(wait >= TimeSpan.FromMilliseconds(100 * Math.Pow(2, i - 1) - 30), $"wait before attempt {i + 1} was {wait.TotalMilliseconds} ms");
        }

        var delivery = (await EventuallyDeliveredAsync(app)).Single();
        Assert.Equal("delivered", delivery.GetProperty("status").GetString());
        Assert.Equal(6, delivery.GetProperty("attempts").GetInt32());
        var statuses = delivery.GetProperty("attemptLog").EnumerateArray().Select(a => a.GetProperty("status").GetInt32()).ToList();
        Assert.Equal([500, 500, 500, 500, 500, 204], statuses);
        Assert.Equal(6, receiver.Requests.Count);
    }

    [Fact]
    public async Task ASlowReceiverDoesNotDelayTheImport()
    {
        var slow = TimeSpan.FromSeconds(8);
        using var receiver = new Receiver(_ => (200, slow));
        using var app = App(receiver, events: "data", timeout: "30");
        await WaitForWorkerAsync(app);
        var first = RealSlices.Day(app, "20190301");
        var second = RealSlices.Day(app, "20190302");

        app.Import(first);
        await PushWait.UntilAsync(() => !receiver.Requests.IsEmpty, TimeSpan.FromSeconds(30), "the first delivery is being received");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var summary = app.Import(second);
        var took = clock.Elapsed;

        Assert.True(summary.NewRecords > 0);
        // The receiver is still holding the first delivery when the second import has committed.
        Assert.Equal(0, Volatile.Read(ref receiver.Answered));
        Assert.True(took < slow, $"the import took {took.TotalSeconds:F1} s while the receiver was slow");
        await PushWait.UntilAsync(() => Volatile.Read(ref receiver.Answered) >= 2, TimeSpan.FromSeconds(60), "both deliveries answered");
    }

    [Fact]
    public async Task APendingDeliverySurvivesARestartAndIsDeliveredAfterIt()
    {
        var down = true;
        using var receiver = new Receiver(_ => (Volatile.Read(ref down) ? 503 : 200, TimeSpan.Zero));
        // The store outlives the first app (an app deletes only its own folder; a PostgreSQL database stays until the server stops).
        var database = Path.Combine(Directory.CreateTempSubdirectory("push-restart-").FullName, "kept.db");
        var store = TestStore.For().Fresh();
        using (var app = App(receiver, backoff: "00:00:01", databasePath: database, store: store))
        {
            await WaitForWorkerAsync(app);
            app.Import(RealSlices.Day(app, "20190301"));
            await PushWait.UntilAsync(() => Volatile.Read(ref receiver.Answered) > 0, TimeSpan.FromSeconds(30), "a first, failed attempt");
            // The receiver's answer reaches the worker a moment after the receiver counts it: stop the first app only
            // once the failed attempt is in the delivery log, or the restart rightly finds no attempt recorded.
            await PushWait.UntilAsync(() =>
            {
                var log = DeliveriesAsync(app, OperatorKey).GetAwaiter().GetResult();
                return log.GetProperty("results").EnumerateArray().Any(r => r.GetProperty("attempts").GetInt32() >= 1);
            }, TimeSpan.FromSeconds(30), "the failed attempt recorded in the delivery log");
        }

        Volatile.Write(ref down, false);
        var before = receiver.Requests.Count;
        using var restarted = App(receiver, backoff: "00:00:01", databasePath: database, store: store);

        await PushWait.UntilAsync(() => receiver.Requests.Any(r => r.Number > before), TimeSpan.FromSeconds(30), "the delivery after the restart");
        var delivery = (await EventuallyDeliveredAsync(restarted)).Single();
        Assert.True(delivery.GetProperty("attempts").GetInt32() >= 2);
    }

    [Fact]
    public async Task TheDeliveryLogIsOffWithoutAnOperatorKeyAndNeedsTheKeyWhenOn()
    {
        using var receiver = new Receiver();
        using (var off = App(receiver, operatorKey: false))
        {
            using var response = await off.Client.GetAsync(new Uri("/api/v1/webhooks/deliveries", UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        using var on = App(receiver);
        using var anonymous = await on.Client.GetAsync(new Uri("/api/v1/webhooks/deliveries", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        using var wrong = await SendAsync(on, "not-the-key");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        using var right = await SendAsync(on, OperatorKey);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("no-store", right.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AStartWithABadSubscriberSecretFailsNamingTheSetting()
    {
        var e = Assert.ThrowsAny<Exception>(() =>
        {
            using var app = new PublicWebApp(settings: new Dictionary<string, string>
            {
                ["Webhooks:Subscribers:0:Url"] = "http://127.0.0.1:9/hook",
                ["Webhooks:Subscribers:0:Secret"] = "not a secret",
            });
        });
        Assert.Contains("Webhooks:Subscribers:0:Secret", e.ToString(), StringComparison.Ordinal);
    }

    private static async Task WaitForWorkerAsync(PublicWebApp app)
    {
        // The first request starts the host (and its background services) on a TestServer.
        using var _ = await app.Client.GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);
        await Task.Delay(300, TestContext.Current.CancellationToken);
    }

    private static async Task<HttpResponseMessage> SendAsync(PublicWebApp app, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/webhooks/deliveries");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await app.Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static async Task<JsonElement> DeliveriesAsync(PublicWebApp app, string key)
    {
        using var response = await SendAsync(app, key);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
    }

    private static async Task<List<JsonElement>> EventuallyDeliveredAsync(PublicWebApp app)
    {
        List<JsonElement> results = [];
        await PushWait.UntilAsync(() =>
        {
            var log = DeliveriesAsync(app, OperatorKey).GetAwaiter().GetResult();
            results = log.GetProperty("results").EnumerateArray().ToList();
            return results.Count > 0 && results.All(r => r.GetProperty("status").GetString() == "delivered");
        }, TimeSpan.FromSeconds(30), "delivered in the log");
        return results;
    }
}
