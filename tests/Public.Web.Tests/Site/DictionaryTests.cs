using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Public.Web.Enterprises;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Site;

/// <summary>
/// The data dictionary (/data/{dataset}): each page lists exactly the fields the JSON API writes for its record — the
/// API's own answer is the independent fact — with a description in the page's language, and an example row that is
/// the API's first record.
/// </summary>
[Collection(DemoOnKestrel.Name)]
public sealed partial class DictionaryTests(DemoKestrelApp demo)
{
    private HttpClient Client => demo.Client;

    private static readonly string Enterprise0 = DemoEnterprises.CreditCode(0);

    /// <summary>Each dataset with an API call whose first record (or single result) is one row of it.</summary>
    public static TheoryData<string, string> DatasetsAndTheirApi() => new()
    {
        { "stations", "/api/v1/stations" },
        { "station-hourly", "/api/v1/stations/1767A/hourly?from=2019-01-01&to=2019-01-01" },
        { "station-daily", "/api/v1/stations/1767A/daily?from=2019-01-01&to=2019-01-31" },
        { "city-hourly", "/api/v1/city/hourly?from=2019-01-01&to=2019-01-01" },
        { "city-daily", "/api/v1/city/daily?from=2019-01-01&to=2019-01-31" },
        { "assessments", "/api/v1/city/assessment/2019" },
        { "warnings", "/api/v1/warnings" },
        { "penalties", "/api/v1/penalties" },
        { "enterprises", "/api/v1/enterprises" },
        { "cems-hourly", $"/api/v1/enterprises/{Enterprise0}/outlets/DA001/hourly?pollutant=a21026&from=2019-12-12&to=2019-12-12" },
        { "cems-daily", $"/api/v1/enterprises/{Enterprise0}/outlets/DA001/daily?pollutant=a21026&from=2019-12-01&to=2019-12-31" },
        { "manual-monitoring", "manual" },
        { "disclosures", $"/api/v1/enterprises/{Enterprise0}/disclosures" },
        { "statements", $"/api/v1/enterprises/{Enterprise0}/statements" },
        { "audit", "/api/v1/audit?year=2019" },
    };

    [Theory]
    [MemberData(nameof(DatasetsAndTheirApi))]
    public async Task DictionaryPageListsExactlyTheFieldsTheJsonApiWritesForItsRecord(string dataset, string api)
    {
        var row = await FirstRecordAsync(api == "manual" ? await ManualResultsUrlAsync() : api);
        var written = row.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
        foreach (var path in new[] { "/data/" + dataset, "/en/data/" + dataset })
        {
            var (status, html) = await Client.GetPageAsync(path);
            Assert.True(status == HttpStatusCode.OK, $"GET {path} gave {(int)status}");
            var listed = FieldRow().Matches(html).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(written, listed);
        }
    }

    [Fact]
    public async Task EveryFieldOfStationsHasADescriptionInThePagesLanguage()
    {
        // Passes once the [Field] declarations are on the records (the graphql helper's commit).
        foreach (var (path, script) in new[] { ("/data/stations", @"\p{IsCJKUnifiedIdeographs}"), ("/en/data/stations", "[A-Za-z]") })
        {
            var (_, html) = await Client.GetPageAsync(path);
            var rows = FieldRowWithDescription().Matches(html).ToList();
            Assert.NotEmpty(rows);
            Assert.All(rows, m => Assert.Matches(script, WebUtility.HtmlDecode(m.Groups[2].Value)));
        }
    }

    [Fact]
    public async Task TheExampleRowOfStationsIsTheFirstRecordTheApiReturns()
    {
        var first = (await Client.GetJsonAsync("/api/v1/stations")).Results().First();
        var (_, html) = await Client.GetPageAsync("/en/data/stations");
        var example = JsonDocument.Parse(WebUtility.HtmlDecode(ExampleBlock().Match(html).Groups[1].Value)).RootElement;
        Assert.Equal(first.Str("code"), example.Str("code"));
        Assert.Equal(first.Str("name"), example.Str("name"));
        Assert.Equal(first.GetProperty("lat").GetDouble(), example.GetProperty("lat").GetDouble());
    }

    /// <summary>The series whose example row is read from their default period's first day: it is still the API's first record of the period.</summary>
    [Theory]
    [InlineData("station-hourly", "/api/v1/stations/1767A/hourly")]
    [InlineData("station-daily", "/api/v1/stations/1767A/daily")]
    [InlineData("city-hourly", "/api/v1/city/hourly")]
    [InlineData("city-daily", "/api/v1/city/daily")]
    public async Task TheExampleRowOfASeriesIsTheFirstRecordOfItsDefaultPeriod(string dataset, string api)
    {
        var first = (await Client.GetJsonAsync(api)).Results().First();
        var (_, html) = await Client.GetPageAsync("/en/data/" + dataset);
        var example = JsonDocument.Parse(WebUtility.HtmlDecode(ExampleBlock().Match(html).Groups[1].Value)).RootElement;
        Assert.True(JsonElement.DeepEquals(first, example), $"API: {first}\nexample: {example}");
    }

    [Fact]
    public async Task DictionaryPageNamesItsRoutesGraphQLTypeAndDownloads()
    {
        var (_, html) = await Client.GetPageAsync("/data/penalties");
        Assert.Contains("<code>GET /api/v1/penalties</code>", html, StringComparison.Ordinal);
        Assert.Contains("<code>Penalty</code>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/api/v1/penalties?format=csv\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/api/v1/penalties\"", html, StringComparison.Ordinal);
        // Nested records are expanded on the page and linked from the field that holds them.
        Assert.Matches("<a href=\"#record-[A-Za-z]+\">", html);
    }

    [Fact]
    public async Task AnUnknownDatasetIsA404()
    {
        var (status, html) = await Client.GetPageAsync("/en/data/no-such-dataset");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("en", SiteHtml.HtmlLang(html));
    }

    private async Task<JsonElement> FirstRecordAsync(string url)
    {
        var answer = await Client.GetJsonAsync(url);
        if (answer.TryGetProperty("result", out var single))
        {
            return single;
        }

        var rows = answer.Results().ToList();
        Assert.True(rows.Count > 0, $"{url} returned no rows");
        return rows[0];
    }

    /// <summary>The manual results of the first manually monitored outlet of the demo registry.</summary>
    private async Task<string> ManualResultsUrlAsync()
    {
        foreach (var e in (await Client.GetJsonAsync("/api/v1/enterprises?limit=1000")).Results())
        {
            foreach (var outlet in e.GetProperty("outlets").EnumerateArray().Where(o => o.Str("monitoring") == "manual"))
            {
                var url = $"/api/v1/enterprises/{e.Str("creditCode")}/outlets/{outlet.Str("code")}/manual";
                if ((await Client.GetJsonAsync(url)).Results().Any())
                {
                    return url;
                }
            }
        }

        throw new InvalidOperationException("the demo registry has no manual results");
    }

    [GeneratedRegex("<tr data-field=\"([^\"]+)\"")]
    private static partial Regex FieldRow();

    [GeneratedRegex("<tr data-field=\"([^\"]+)\".*?<td data-description>([^<]*)</td>", RegexOptions.Singleline)]
    private static partial Regex FieldRowWithDescription();

    [GeneratedRegex("<pre tabindex=\"0\"><code>(.*?)</code></pre>", RegexOptions.Singleline)]
    private static partial Regex ExampleBlock();
}
