using System.Net;
using System.Text.RegularExpressions;

namespace Public.Web.Ingest;

internal enum FetchStatus
{
    Got,
    NotModified,
    NotFound,
    Failed,
}

/// <summary>The answer for one location: its bytes and validators, "not modified", "not found" (not yet published), or a failure with its reason.</summary>
internal sealed record FetchResult(FetchStatus Status, byte[]? Bytes = null, string? ETag = null, string? LastModified = null, string? Reason = null)
{
    public static readonly FetchResult NotModified = new(FetchStatus.NotModified);
    public static readonly FetchResult NotFound = new(FetchStatus.NotFound);

    public static FetchResult Failed(string reason) => new(FetchStatus.Failed, Reason: reason);
}

/// <summary>
/// Fetches the files of a feed over HTTP: conditional GETs with the validators of the last answer (ETag →
/// <c>If-None-Match</c>, Last-Modified → <c>If-Modified-Since</c>), a timeout per attempt, and retries with
/// exponential backoff and full jitter for what may pass (5xx, 408, 429, a timeout, a refused or reset connection).
/// 404 and 410 mean "not published (yet)"; any other 4xx is a failure not worth retrying.
/// </summary>
internal sealed partial class FileFetcher(TimeProvider time) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        AutomaticDecompression = DecompressionMethods.All,
        ConnectTimeout = TimeSpan.FromSeconds(15),
        // A mirror behind DNS round-robin: pick up address changes.
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
        DefaultRequestHeaders = { { "User-Agent", "JinzhouBlueSky-Ingest/1 (+https://github.com/)" } },
    };

    public async Task<FetchResult> GetAsync(FeedOptions feed, Uri url, FetchState? prior, CancellationToken stopping)
    {
        var reason = "";
        for (var attempt = 0; ; attempt++)
        {
            if (attempt > 0)
            {
                // Exponential backoff with jitter: base × 2^(n−1), plus up to as much again at random, so replicas that
                // failed together do not retry together.
                var delay = feed.RetryDelay * Math.Pow(2, attempt - 1);
                await Task.Delay(delay + delay * Random.Shared.NextDouble(), time, stopping);
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (prior?.ETag is { } etag)
            {
                request.Headers.TryAddWithoutValidation("If-None-Match", etag);
            }

            if (prior?.LastModified is { } modified)
            {
                request.Headers.TryAddWithoutValidation("If-Modified-Since", modified);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            timeout.CancelAfter(feed.Timeout);
            try
            {
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                var code = (int)response.StatusCode;
                if (code == 304)
                {
                    return FetchResult.NotModified;
                }

                if (code is 404 or 410)
                {
                    return FetchResult.NotFound;
                }

                if (response.IsSuccessStatusCode)
                {
                    var bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token);
                    return new FetchResult(FetchStatus.Got, bytes, response.Headers.ETag?.ToString(), response.Content.Headers.LastModified?.ToString("R"));
                }

                reason = $"{url}: HTTP {code} {response.ReasonPhrase}";
                if (code < 500 && code is not (408 or 429))
                {
                    return FetchResult.Failed(reason);
                }
            }
            catch (HttpRequestException e)
            {
                reason = $"{url}: {e.Message}";
            }
            catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
            {
                reason = $"{url}: no complete answer within {feed.Timeout.TotalSeconds:0.###} s";
            }

            if (attempt >= feed.Retries)
            {
                return FetchResult.Failed($"{reason} (gave up after {attempt + 1} attempt(s))");
            }
        }
    }

    /// <summary>The file names an http(s) folder lists (the links of its index page) that have one of the feed's extensions.</summary>
    public async Task<(IReadOnlyList<string> Names, string? Failure)> ListAsync(FeedOptions feed, CancellationToken stopping)
    {
        var index = await GetAsync(feed, feed.BaseUrl!, null, stopping);
        if (index.Status != FetchStatus.Got)
        {
            return ([], index.Reason ?? $"{feed.BaseUrl}: the folder's index answered {index.Status}");
        }

        var html = System.Text.Encoding.UTF8.GetString(index.Bytes!);
        // A link counts when it resolves to a file directly inside the folder ("name", "./name" or "/folder/name").
        var folder = feed.BaseUrl!.AbsolutePath;
        var names = Href().Matches(html)
            .Select(m => Uri.TryCreate(feed.BaseUrl, m.Groups[1].Value, out var link) && link.Authority == feed.BaseUrl!.Authority
                && link.AbsolutePath.StartsWith(folder, StringComparison.Ordinal) ? Uri.UnescapeDataString(link.AbsolutePath[folder.Length..]) : "")
            .Where(n => n.Length > 0 && !n.Contains('/', StringComparison.Ordinal) && !n.Contains('\\', StringComparison.Ordinal) && !n.StartsWith('.')
                && feed.Feed.Extensions.Any(e => n.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        return (names, null);
    }

    [GeneratedRegex("href\\s*=\\s*\"([^\"?#]+)\"", RegexOptions.IgnoreCase)]
    private static partial Regex Href();

    public void Dispose() => _http.Dispose();
}
