using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Penalties;

/// <summary>The penalties REST routes and feed over the ten known decisions of <see cref="PenaltyDataApp"/>.</summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class PenaltiesApiTests(PenaltyDataApp data) : IClassFixture<PenaltyDataApp>
{
    private HttpClient Client => data.Client;

    /// <summary>The journalist's question of issue 8, as one call.</summary>
    [Fact]
    public async Task AllFinesOver100000In2019WithTheirLegalBasisAreOneCsvCall()
    {
        using var response = await Client.GetAsync(
            new Uri("/api/v1/penalties?from=2019-01-01&to=2019-12-31&type=fine&minAmount=100000&format=csv", UriKind.Relative),
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes.Take(3).ToArray());
        var table = Rfc4180.Records(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));
        var header = table[0];
        var rows = table.Skip(1).Select(r => header.Zip(r).ToDictionary(p => p.First, p => p.Second)).ToList();
        // From the fixture: 107 (12-31, bound included), 106 (daily penalty: a fine per day), 102 (exactly 100,000), 101.
        // Not 103 (99,999.99), 104 (2018), 105 (2020), 108 (warning), 109 (confiscation), 110 (corrected to 80,000).
        Assert.Equal(["测试罚〔2019〕107号", "测试罚〔2019〕106号", "测试罚〔2019〕102号", "测试罚〔2019〕101号"], rows.Select(r => r["decisionNumber"]).ToArray());
        Assert.Equal(["120000.00", "1500000.00", "100000.00", "250000.00"], rows.Select(r => r["fineTotal"]).ToArray());
        Assert.All(rows, r => Assert.Equal("《中华人民共和国大气污染防治法》", r["legalBasisLaw"]));
        Assert.Equal(["第一百条第（三）项", "第一百二十三条", "第九十九条第（二）项", "第九十九条第（二）项"], rows.Select(r => r["legalBasisArticle"]).ToArray());
        Assert.Equal(("10", "150000.00", "1500000.00"), (rows[1]["dailyPenaltyDays"], rows[1]["dailyPenaltyAmount"], rows[1]["dailyPenaltyTotal"]));
        Assert.Equal("fine daily stop-production", rows[1]["types"]);
    }

    [Theory]
    [InlineData("type=daily", new[] { "106" })]
    [InlineData("type=warning,confiscation", new[] { "108", "109" })]
    [InlineData("type=stop-production", new[] { "106" })]
    [InlineData("district=古塔区", new[] { "107", "108", "109" })]
    [InlineData("industry=黑色金属冶炼和压延加工业", new[] { "106" })]
    [InlineData("violation=自动监测设备未正常运行", new[] { "107" })]
    [InlineData("party=钢铁", new[] { "106" })]
    [InlineData("party=" + PenaltyRows.PartyB, new[] { "107", "103", "102" })]
    [InlineData("party=91210703pdy009022p", new[] { "107", "103", "102" })]
    [InlineData("maxAmount=99999.99&type=fine", new[] { "103", "110" })]
    [InlineData("minAmount=300000&maxAmount=500000", new[] { "105", "104" })]
    [InlineData("from=2019-12-31&to=2020-01-01", new[] { "105", "107" })]
    public async Task FiltersReturnExactlyTheMatchingDecisionsNewestFirst(string query, string[] expected)
    {
        var list = await Client.GetJsonAsync("/api/v1/penalties?" + query);

        Assert.Equal(expected, list.Results().Select(r => Suffix(r.Str("decisionNumber"))).ToArray());
        Assert.Equal(expected.Length, list.GetProperty("meta").GetProperty("found").GetInt32());
    }

    [Fact]
    public async Task ListIsPagedWithTheTotalFound()
    {
        var page2 = await Client.GetJsonAsync("/api/v1/penalties?limit=3&page=2");

        var meta = page2.GetProperty("meta");
        Assert.Equal((2, 3, 10), (meta.GetProperty("page").GetInt32(), meta.GetProperty("limit").GetInt32(), meta.GetProperty("found").GetInt32()));
        // Newest first: 105, 107, 106 | 103, 102, 108 | …
        Assert.Equal(["103", "102", "108"], page2.Results().Select(r => Suffix(r.Str("decisionNumber"))).ToArray());
        Assert.Contains("行政处罚决定书", meta.Str("source"), StringComparison.Ordinal);
        Assert.Contains("CNY", meta.Str("units"), StringComparison.Ordinal);
        Assert.False(meta.GetProperty("demo").GetBoolean());
    }

    [Fact]
    public async Task ListShowsTheStructuredDecision()
    {
        var list = await Client.GetJsonAsync("/api/v1/penalties?party=钢铁");

        var p = Assert.Single(list.Results());
        Assert.Equal("示例测试钢铁有限公司", p.GetProperty("party").Str("name"));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, p.GetProperty("party").GetProperty("creditCode").ValueKind);
        var daily = p.GetProperty("dailyPenalty");
        Assert.Equal((10, 150000m, 1500000m), (daily.GetProperty("days").GetInt32(), daily.GetProperty("dailyAmount").GetDecimal(), daily.GetProperty("total").GetDecimal()));
        Assert.Equal("2019-09-09", p.Str("decisionDate"));
        Assert.Equal("https://example.invalid/decisions/test.pdf", p.GetProperty("sourceDocument").Str("url"));
        Assert.Equal("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", p.GetProperty("sourceDocument").Str("sha256"));
        Assert.Equal(["fine", "daily", "stop-production"], p.GetProperty("types").EnumerateArray().Select(t => t.GetString()!).ToArray());
    }

    [Fact]
    public async Task PartyRouteListsThePenaltiesOfOneCreditCode()
    {
        var list = await Client.GetJsonAsync($"/api/v1/parties/{PenaltyRows.PartyB}/penalties");

        Assert.Equal(["107", "103", "102"], list.Results().Select(r => Suffix(r.Str("decisionNumber"))).ToArray());
        Assert.All(list.Results(), r => Assert.Equal(PenaltyRows.PartyB, r.GetProperty("party").Str("creditCode")));
    }

    [Fact]
    public async Task StatisticsByYearCountTheDecisionsAndTotalTheirFines()
    {
        var stats = await Client.GetJsonAsync("/api/v1/penalties/stats?by=year");

        var rows = stats.Results().Select(r => (r.Str("key"), r.GetProperty("count").GetInt32(), r.GetProperty("fineTotal").GetDecimal(), r.GetProperty("confiscationTotal").GetDecimal())).ToList();
        // 2019: 101 250,000 + 102 100,000 + 103 99,999.99 + 106 1,500,000 + 107 120,000 + 110 80,000 (as corrected) = 2,149,999.99;
        // 108 and 109 count but add no fine; 109 adds 500,000 confiscated.
        Assert.Equal([("2018", 1, 500000m, 0m), ("2019", 8, 2149999.99m, 500000m), ("2020", 1, 300000m, 0m)], rows);
    }

    [Fact]
    public async Task StatisticsByDistrictHonourTheFilters()
    {
        var stats = await Client.GetJsonAsync("/api/v1/penalties/stats?by=district&from=2019-01-01&to=2019-12-31&type=fine");

        var rows = stats.Results().Select(r => (r.Str("key"), r.GetProperty("count").GetInt32(), r.GetProperty("fineTotal").GetDecimal())).ToList();
        // Ordinal order of the district names. 太和区: 101 250,000 + 110 80,000; 古塔区: 107; 凌河区: 102 + 103; 凌海市: 106.
        Assert.Equal([("凌河区", 2, 199999.99m), ("凌海市", 1, 1500000m), ("古塔区", 1, 120000m), ("太和区", 2, 330000m)], rows);
    }

    [Fact]
    public async Task StatisticsComeAsCsvToo()
    {
        var csv = await Client.GetStringAsync(new Uri("/api/v1/penalties/stats?by=violation&format=csv", UriKind.Relative), TestContext.Current.CancellationToken);

        var table = Rfc4180.Records(csv.TrimStart('\uFEFF'));
        Assert.Equal(["by", "key", "count", "fineTotal", "confiscationTotal", "currency"], table[0]);
        Assert.Contains(table, r => r[1] == "拒不改正超标排放（按日连续处罚）" && r[2] == "1" && r[3] == "1500000.00");
    }

    [Theory]
    [InlineData("/api/v1/penalties?type=fines", "type")]
    [InlineData("/api/v1/penalties?minAmount=abc", "minAmount")]
    [InlineData("/api/v1/penalties?minAmount=-5", "minAmount")]
    [InlineData("/api/v1/penalties?maxAmount=1.001", "maxAmount")]
    [InlineData("/api/v1/penalties?minAmount=500&maxAmount=100", "minAmount")]
    [InlineData("/api/v1/penalties?from=2019-13-01", "from")]
    [InlineData("/api/v1/penalties?from=2019-12-01&to=2019-01-01", "from")]
    [InlineData("/api/v1/penalties?party=91210711PDY009014G", "party")]
    [InlineData("/api/v1/penalties?format=xml", "format")]
    [InlineData("/api/v1/penalties?limit=1001", "limit")]
    [InlineData("/api/v1/penalties/stats", "by")]
    [InlineData("/api/v1/penalties/stats?by=month", "by")]
    [InlineData("/api/v1/parties/12345/penalties", "creditCode")]
    [InlineData("/api/v1/parties/91210711PDY009014G/penalties", "creditCode")]
    public async Task BadParameterIsABadRequestProblemNamingIt(string url, string parameter)
    {
        var problem = await Client.GetProblemAsync(url, HttpStatusCode.BadRequest);

        Assert.Equal(parameter, problem.Str("parameter"));
        Assert.False(string.IsNullOrWhiteSpace(problem.Str("detail")));
    }

    [Fact]
    public async Task BadPartyCodeProblemSaysWhichCheckDigitWasExpected()
    {
        var problem = await Client.GetProblemAsync("/api/v1/parties/91210711PDY009014G/penalties", HttpStatusCode.BadRequest);

        Assert.Contains("expected 'F'", problem.Str("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownIdIsANotFoundProblem()
    {
        var problem = await Client.GetProblemAsync("/api/v1/penalties/999999", HttpStatusCode.NotFound);

        Assert.Equal("id", problem.Str("parameter"));
    }

    [Fact]
    public async Task AtomFeedHasOneEntryPerDecisionLinkingItsRecordAndSource()
    {
        using var response = await Client.GetAsync(new Uri("/feeds/penalties.atom", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        XNamespace atom = "http://www.w3.org/2005/Atom";
        var feed = XDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Root!;
        Assert.Equal(atom + "feed", feed.Name);
        Assert.NotNull(feed.Element(atom + "updated"));
        var entries = feed.Elements(atom + "entry").ToList();
        Assert.Equal(10, entries.Count);
        Assert.Equal(10, entries.Select(e => e.Element(atom + "id")!.Value).Distinct().Count());
        Assert.All(entries, e => Assert.StartsWith("urn:uuid:", e.Element(atom + "id")!.Value, StringComparison.Ordinal));
        var corrected = Assert.Single(entries, e => e.Element(atom + "title")!.Value.Contains("110号", StringComparison.Ordinal));
        Assert.Contains("已更正", corrected.Element(atom + "title")!.Value, StringComparison.Ordinal);
        Assert.Contains("行政复议决定变更罚款数额", corrected.Element(atom + "summary")!.Value, StringComparison.Ordinal);
        var self = corrected.Elements(atom + "link").Single(l => (string?)l.Attribute("rel") == "alternate");
        var detail = await Client.GetJsonAsync(new Uri((string)self.Attribute("href")!).PathAndQuery);
        Assert.Equal("测试罚〔2019〕110号", detail.GetProperty("result").GetProperty("penalty").Str("decisionNumber"));
        Assert.Contains(corrected.Elements(atom + "link"), l => (string?)l.Attribute("rel") == "related" && (string?)l.Attribute("href") == "https://example.invalid/decisions/test.pdf");
    }

    [Fact]
    public async Task ListCarriesAStrongETagAndAnswers304WhenUnchanged()
    {
        using var first = await Client.GetAsync(new Uri("/api/v1/penalties?type=fine", UriKind.Relative), TestContext.Current.CancellationToken);
        var tag = first.Headers.ETag;
        Assert.NotNull(tag);

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/penalties?type=fine", UriKind.Relative));
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(tag.Tag));
        using var second = await Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    private static string Suffix(string decisionNumber) => decisionNumber[^4..^1];
}
