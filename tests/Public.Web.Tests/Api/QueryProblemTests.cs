using System.Net;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Api;

/// <summary>Every bad query parameter is a 400 RFC 9457 problem that names the parameter; never a 500.</summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class QueryProblemTests : IDisposable
{
    private const string Hourly = "/api/v1/stations/1767A/hourly";

    private readonly PublicWebApp _app = new();

    public void Dispose() => _app.Dispose();

    [Theory]
    [InlineData(Hourly + "?from=2019-13-01&to=2019-12-31", "from")]
    [InlineData(Hourly + "?from=2019-01-01&to=2019-1-2", "to")]
    [InlineData(Hourly + "?from=20190101", "from")]
    [InlineData(Hourly + "?from=2019-02-01&to=2019-01-01", "from")]
    [InlineData(Hourly + "?from=2019-01-01&to=2020-01-02", "to")]
    [InlineData(Hourly + "?from=2019-01-01&to=2019-01-01&pollutants=PM2.5,PM3", "pollutants")]
    [InlineData(Hourly + "?from=2019-01-01&to=2019-01-01&page=0", "page")]
    [InlineData(Hourly + "?from=2019-01-01&to=2019-01-01&page=two", "page")]
    [InlineData(Hourly + "?from=2019-01-01&to=2019-01-01&limit=0", "limit")]
    [InlineData(Hourly + "?from=2019-01-01&to=2019-01-01&limit=10001", "limit")]
    [InlineData(Hourly + "?from=2019-01-01&to=2019-01-01&format=xml", "format")]
    [InlineData("/api/v1/stations/1767A/hourly/versions?changedOnly=yes", "changedOnly")]
    [InlineData("/api/v1/stations/1767A/daily?pollutants=NOX", "pollutants")]
    [InlineData("/api/v1/city/daily?from=2019-01-01&to=2029-01-12", "to")]
    [InlineData("/api/v1/city/hourly?from=2019-01-01&to=2019-01-01&limit=-1", "limit")]
    [InlineData("/api/v1/city/assessment/2019/13", "month")]
    [InlineData("/api/v1/city/assessment/1999", "year")]
    [InlineData("/api/v1/stations?limit=1001", "limit")]
    [InlineData("/api/v1/stations?format=html", "format")]
    [InlineData("/api/v1/stations?bbox=121.3,40.7,120.9,41.2", "bbox")]
    [InlineData("/api/v1/stations?near=41.1", "near")]
    [InlineData("/api/v1/stations?radius=500", "radius")]
    [InlineData("/api/v1/imports?page=-1", "page")]
    [InlineData("/api/v1/reference/breakpoints?edition=2020", "edition")]
    public async Task BadParameterIsABadRequestProblemNamingIt(string url, string parameter)
    {
        var problem = await _app.Client.GetProblemAsync(url, HttpStatusCode.BadRequest);

        Assert.Equal(parameter, problem.Str("parameter"));
        Assert.False(string.IsNullOrWhiteSpace(problem.Str("detail")));
        Assert.False(string.IsNullOrWhiteSpace(problem.Str("title")));
    }

    [Fact]
    public async Task BboxAndNearTogetherIsABadRequestProblemNamingOneOfThem()
    {
        var problem = await _app.Client.GetProblemAsync("/api/v1/stations?bbox=120.9,40.7,121.3,41.2&near=41.1,121.1", HttpStatusCode.BadRequest);

        Assert.True(problem.Str("parameter") is "bbox" or "near", problem.Str("parameter"));
        Assert.Contains("near", problem.Str("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HourlyRangeOf366DaysIsAllowedAnd367IsNot()
    {
        await _app.Client.GetJsonAsync(Hourly + "?from=2019-01-01&to=2020-01-01");
        var problem = await _app.Client.GetProblemAsync(Hourly + "?from=2019-01-01&to=2020-01-02", HttpStatusCode.BadRequest);

        Assert.Contains("366", problem.Str("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProblemDetailQuotesTheBadValue()
    {
        var problem = await _app.Client.GetProblemAsync(Hourly + "?pollutants=PM3", HttpStatusCode.BadRequest);

        Assert.Contains("'PM3'", problem.Str("detail"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/stations?page=2147483647&limit=2")]
    [InlineData("/api/v1/imports?page=2147483647&limit=1000")]
    [InlineData("/api/v1/stations/1767A/hourly?from=2019-01-01&to=2019-01-01&page=2147483647&limit=10000")]
    public async Task APageFarBeyondTheLastIsEmptyOrABadPageProblem(string url)
    {
        if (url.Contains("imports", StringComparison.Ordinal) || url.Contains("hourly", StringComparison.Ordinal))
        {
            _app.Import(_app.WriteText("a.csv", "date,hour,type,1767A\n20190101,1,AQI,57\n"));
        }

        using var response = await _app.Client.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);

        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            var problem = await _app.Client.GetProblemAsync(url, HttpStatusCode.BadRequest);
            Assert.Equal("page", problem.Str("parameter"));
            return;
        }

        var list = await _app.Client.GetJsonAsync(url);
        Assert.Empty(list.Results());
        Assert.True(list.GetProperty("meta").GetProperty("found").GetInt32() > 0);
    }
}
