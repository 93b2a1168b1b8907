using System.Net;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Serving;

[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class OperationsTests : IDisposable
{
    private readonly PublicWebApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task ReadyzReportsTheStoreAndThatRedisIsNotConfigured()
    {
        _app.Import(_app.WriteText("a.csv", "date,hour,type,1767A\n20190301,1,AQI,57\n"));

        var ready = await _app.Client.GetJsonAsync("/readyz");

        Assert.Equal("ready", ready.Str("status"));
        Assert.True(ready.GetProperty("store").GetProperty("reachable").GetBoolean());
        Assert.Equal(1, ready.GetProperty("store").GetProperty("dataVersion").GetInt64());
        Assert.Equal("not configured", ready.GetProperty("redis").Str("state"));
        // No read replica is configured (SQLite, or PostgreSQL without ConnectionStrings:PostgresRead).
        Assert.Equal(System.Text.Json.JsonValueKind.Null, ready.GetProperty("store").GetProperty("replicas").ValueKind);
    }

    [Fact]
    public async Task MetricsShowRequestLatencyCacheHitsAndImportLag()
    {
        _app.Import(_app.WriteText("a.csv", "date,hour,type,1767A\n20190301,1,AQI,57\n"));
        for (var i = 0; i < 4; i++)
        {
            using var r = await _app.Client.GetAsync(new Uri("/api/v1/stations", UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        var text = await _app.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Contains("http_request_duration_seconds_bucket", text, StringComparison.Ordinal);
        Assert.Contains("jinzhou_cache_requests_total{result=\"miss\",tier=\"store\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("jinzhou_cache_requests_total{result=\"hit\",tier=\"memory\"} 3", text, StringComparison.Ordinal);
        Assert.Contains("jinzhou_cache_hit_ratio 0.75", text, StringComparison.Ordinal);
        Assert.Contains("jinzhou_data_version 1", text, StringComparison.Ordinal);
        var lag = System.Text.RegularExpressions.Regex.Match(text, @"^jinzhou_import_lag_seconds ([0-9.e+-]+)$", System.Text.RegularExpressions.RegexOptions.Multiline);
        Assert.True(lag.Success, "import lag reported");
        Assert.InRange(double.Parse(lag.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 0, 300);
        Assert.Contains("jinzhou_redis_connected 0", text, StringComparison.Ordinal);
        Assert.DoesNotContain("jinzhou_replica", text, StringComparison.Ordinal);
    }
}
