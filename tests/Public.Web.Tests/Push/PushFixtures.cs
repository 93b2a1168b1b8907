using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Public.Tests.SharedData;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Push;

/// <summary>One event as a browser's EventSource would see it.</summary>
internal sealed record SseEvent(string? Id, string Type, string Data)
{
    public JsonElement Json => JsonDocument.Parse(Data).RootElement;
}

/// <summary>
/// A client of <c>/api/v1/stream</c> written from the SSE format (WHATWG HTML §9.2), not from the server's code:
/// lines <c>field: value</c>, a blank line ends an event, <c>:</c> starts a comment, <c>event</c> defaults to "message".
/// </summary>
internal sealed class SseClient : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<SseEvent> _events = Channel.CreateUnbounded<SseEvent>();
    private Task? _reading;

    private SseClient(HttpClient http)
    {
        _http = http;
    }

    public HttpResponseMessage Response { get; private set; } = null!;

    public int Comments { get; private set; }

    public static async Task<SseClient> ConnectAsync(Uri baseAddress, string path = "/api/v1/stream", string? lastEventId = null)
    {
        var client = new SseClient(new HttpClient { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan });
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.AcceptEncoding.ParseAdd("br, gzip");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        client.Response = await client._http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, client.Response.StatusCode);
        client._reading = client.ReadAsync();
        // The server's first write (retry and a comment) has arrived: the stream is registered with the hub.
        await PushWait.UntilAsync(() => client.Comments > 0, TimeSpan.FromSeconds(20), "the stream's opening comment");
        return client;
    }

    private async Task ReadAsync()
    {
        try
        {
            await using var stream = await Response.Content.ReadAsStreamAsync(_stop.Token);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            string? id = null, type = null;
            var data = new StringBuilder();
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (data.Length > 0)
                    {
                        _events.Writer.TryWrite(new SseEvent(id, type ?? "message", data.ToString().TrimEnd('\n')));
                    }

                    id = null;
                    type = null;
                    data.Clear();
                    continue;
                }

                if (line.StartsWith(':'))
                {
                    Comments++;
                    continue;
                }

                var colon = line.IndexOf(':', StringComparison.Ordinal);
                var field = colon < 0 ? line : line[..colon];
                var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
                switch (field)
                {
                    case "id":
                        id = value;
                        break;
                    case "event":
                        type = value;
                        break;
                    case "data":
                        data.Append(value).Append('\n');
                        break;
                    case "retry":
                        Comments++;
                        break;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
        {
        }
        finally
        {
            _events.Writer.TryComplete();
        }
    }

    /// <summary>The next event of the given type (others are skipped), or a failure after <paramref name="limit"/>.</summary>
    public async Task<SseEvent> NextAsync(string type, TimeSpan limit)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            while (true)
            {
                var e = await _events.Reader.ReadAsync(timeout.Token);
                if (e.Type == type)
                {
                    return e;
                }
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"no '{type}' event within {limit.TotalSeconds} s");
            throw;
        }
    }

    /// <summary>Every event received within <paramref name="quiet"/> from now on.</summary>
    public async Task<List<SseEvent>> DrainAsync(TimeSpan quiet)
    {
        var list = new List<SseEvent>();
        using var timeout = new CancellationTokenSource(quiet);
        try
        {
            while (true)
            {
                list.Add(await _events.Reader.ReadAsync(timeout.Token));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
        }

        return list;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        Response.Dispose();
        _http.Dispose();
        if (_reading is not null)
        {
            await _reading;
        }

        _stop.Dispose();
    }
}

/// <summary>
/// A real HTTP receiver (HttpListener on a free loopback port) that records every POST and answers as the test
/// says: a status and a delay per request number (1-based).
/// </summary>
internal sealed class Receiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<int, (int Status, TimeSpan Delay)> _answer;
    private int _count;

    public Receiver(Func<int, (int Status, TimeSpan Delay)>? answer = null)
    {
        _answer = answer ?? (_ => (200, TimeSpan.Zero));
        Port = RedisServer.FreePort();
        Url = $"http://127.0.0.1:{Port}/hook";
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _ = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string Url { get; }

    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>Answered requests (the response was sent).</summary>
    public int Answered;

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                var n = Interlocked.Increment(ref _count);
                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                var body = await reader.ReadToEndAsync();
                var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!.ToLowerInvariant(), k => context.Request.Headers[k] ?? "", StringComparer.Ordinal);
                Requests.Enqueue(new Received(n, DateTimeOffset.UtcNow, headers, body, context.Request.ContentType));
                var (status, delay) = _answer(n);
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay);
                }

                context.Response.StatusCode = status;
                context.Response.Close();
                Interlocked.Increment(ref Answered);
            });
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
    }
}

internal sealed record Received(int Number, DateTimeOffset At, IReadOnlyDictionary<string, string> Headers, string Body, string? ContentType);

internal static class PushWait
{
    public static async Task UntilAsync(Func<bool> condition, TimeSpan limit, string what)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < limit, $"{what}: not within {limit.TotalSeconds} s");
            await Task.Delay(25, TestContext.Current.CancellationToken);
        }
    }
}

/// <summary>Slices of the real 2019 H1 Jinzhou file (the header and the lines of some dates), written into a test's own folder.</summary>
internal static class RealSlices
{
    public static string Day(PublicWebApp app, string date, string? name = null)
    {
        var lines = File.ReadAllLines(SharedDataLocator.RequireJinzhouHourly());
        var slice = lines.Take(1).Concat(lines.Skip(1).Where(l => l.StartsWith(date + ",", StringComparison.Ordinal)));
        return app.WriteText(name ?? $"china_sites_{date}.csv", string.Join("\n", slice) + "\n");
    }

    /// <summary>First and last hour label (end of the hour, +08:00) with any value, read from the CSV itself.</summary>
    public static (DateTimeOffset First, DateTimeOffset Last, int StationHours) Range(string path)
    {
        var lines = File.ReadAllLines(path);
        var first = DateTimeOffset.MaxValue;
        var last = DateTimeOffset.MinValue;
        var hours = new HashSet<(string, string, string)>();
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var cells = line.Split(',');
            if (!cells.Skip(3).Any(c => c.Trim().Length > 0))
            {
                continue;
            }

            var label = new DateTimeOffset(DateTime.ParseExact(cells[0], "yyyyMMdd", CultureInfo.InvariantCulture), TimeSpan.FromHours(8))
                .AddHours(int.Parse(cells[1], CultureInfo.InvariantCulture));
            first = label < first ? label : first;
            last = label > last ? label : last;
            for (var i = 3; i < cells.Length; i++)
            {
                if (cells[i].Trim().Length > 0)
                {
                    hours.Add((cells[0], cells[1], i.ToString(CultureInfo.InvariantCulture)));
                }
            }
        }

        return (first, last, hours.Count);
    }
}
