using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Site;

/// <summary>
/// schema.org Dataset markup (JSON-LD) on the data pages: the fields a dataset search engine needs, values checked
/// against the API and the standards (units of GB 3095-2012), and every download answering.
/// </summary>
[Collection(DemoOnKestrel.Name)]
public sealed partial class DatasetMarkupTests(DemoKestrelApp demo)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/stations/1767A")]
    [InlineData("/en/stations/1767A")]
    [InlineData("/air/2019")]
    [InlineData("/en/air/2019")]
    public async Task StationAndYearPagesDescribeTheirDatasetWithDownloadsThatAnswer(string path)
    {
        var dataset = await SingleMarkupAsync(path);
        Assert.Equal("https://schema.org", dataset.GetProperty("@context").GetString());
        Assert.Equal("Dataset", dataset.GetProperty("@type").GetString());
        await CheckDatasetAsync(dataset, expectVariables: true);

        if (path.EndsWith("/air/2019", StringComparison.Ordinal))
        {
            Assert.Equal("2019-01-01/2019-12-31", dataset.GetProperty("temporalCoverage").GetString());
            // The city box holds every station of the API.
            var box = dataset.GetProperty("spatialCoverage").GetProperty("geo").GetProperty("box").GetString()!.Split(' ').Select(decimal.Parse).ToArray();
            using var stations = JsonDocument.Parse(await demo.Client.GetStringAsync("/api/v1/stations", Cancel));
            foreach (var s in stations.RootElement.GetProperty("results").EnumerateArray())
            {
                var (lat, lon) = (s.GetProperty("lat").GetDecimal(), s.GetProperty("lon").GetDecimal());
                Assert.True(lat >= box[0] && lat <= box[2] && lon >= box[1] && lon <= box[3], $"{s.GetProperty("code")} at {lat},{lon} outside {string.Join(' ', box)}");
            }
        }
        else
        {
            using var station = JsonDocument.Parse(await demo.Client.GetStringAsync("/api/v1/stations/1767A", Cancel));
            var geo = dataset.GetProperty("spatialCoverage").GetProperty("geo");
            Assert.Equal("GeoCoordinates", geo.GetProperty("@type").GetString());
            Assert.Equal(station.RootElement.GetProperty("result").GetProperty("lat").GetDouble(), geo.GetProperty("latitude").GetDouble());
            Assert.Equal(station.RootElement.GetProperty("result").GetProperty("lon").GetDouble(), geo.GetProperty("longitude").GetDouble());
            Assert.Matches(@"^\d{4}-01-01/\d{4}-\d{2}-\d{2}$", dataset.GetProperty("temporalCoverage").GetString());
        }
    }

    [Theory]
    [InlineData("/data")]
    [InlineData("/en/data")]
    public async Task OpenDataPageIsADataCatalogOfEveryDatasetOnIt(string path)
    {
        var (_, html) = await demo.Client.GetPageAsync(path);
        var catalog = await SingleMarkupAsync(path);
        Assert.Equal("DataCatalog", catalog.GetProperty("@type").GetString());
        CheckBothLanguages(catalog.GetProperty("name"));
        Assert.Equal("https://creativecommons.org/licenses/by/4.0/", catalog.GetProperty("license").GetString());
        var datasets = catalog.GetProperty("dataset").EnumerateArray().ToList();
        // One Dataset per dataset section of the page.
        Assert.Equal(SectionRegex().Count(html), datasets.Count);
        Assert.True(datasets.Count >= 7);
        foreach (var d in datasets)
        {
            Assert.Equal("Dataset", d.GetProperty("@type").GetString());
            await CheckDatasetAsync(d, expectVariables: false);
        }
    }

    private async Task<JsonElement> SingleMarkupAsync(string path)
    {
        var (status, html) = await demo.Client.GetPageAsync(path);
        Assert.Equal(HttpStatusCode.OK, status);
        var blocks = JsonLdRegex().Matches(html);
        Assert.Single(blocks);
        // A data block, never executable: the text is JSON (no HTML entities), and nothing in it could end the element.
        Assert.DoesNotContain("</", blocks[0].Groups[1].Value, StringComparison.Ordinal);
        return JsonDocument.Parse(blocks[0].Groups[1].Value).RootElement.Clone();
    }

    private static void CheckBothLanguages(JsonElement text)
    {
        var languages = text.EnumerateArray().ToDictionary(t => t.GetProperty("@language").GetString()!, t => t.GetProperty("@value").GetString()!);
        Assert.Equal(["en", "zh-CN"], languages.Keys.Order(StringComparer.Ordinal));
        Assert.All(languages.Values, v => Assert.False(string.IsNullOrWhiteSpace(v)));
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", languages["zh-CN"]);
    }

    private async Task CheckDatasetAsync(JsonElement dataset, bool expectVariables)
    {
        CheckBothLanguages(dataset.GetProperty("name"));
        CheckBothLanguages(dataset.GetProperty("description"));
        Assert.Equal("https://creativecommons.org/licenses/by/4.0/", dataset.GetProperty("license").GetString());
        Assert.Equal("Organization", dataset.GetProperty("creator").GetProperty("@type").GetString());
        Assert.Equal("Organization", dataset.GetProperty("publisher").GetProperty("@type").GetString());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}/(\d{4}-\d{2}-\d{2}|\.\.)$", dataset.GetProperty("temporalCoverage").GetString());
        Assert.True(dataset.GetProperty("spatialCoverage").TryGetProperty("geo", out _));
        if (expectVariables || dataset.TryGetProperty("variableMeasured", out _))
        {
            var units = dataset.GetProperty("variableMeasured").EnumerateArray()
                .ToDictionary(v => v.GetProperty("propertyID").GetString()!, v => v.GetProperty("unitText").GetString());
            // GB 3095-2012: concentrations in µg/m³, CO in mg/m³; the AQI (HJ 633) has no unit.
            Assert.Equal("µg/m³", units["PM2.5"]);
            Assert.Equal("µg/m³", units["O3"]);
            Assert.Equal("mg/m³", units["CO"]);
            Assert.Equal("dimensionless", units["AQI"]);
        }

        var downloads = dataset.GetProperty("distribution").EnumerateArray().ToList();
        Assert.Equal(["application/json", "text/csv"], downloads.Select(d => d.GetProperty("encodingFormat").GetString()!).Order(StringComparer.Ordinal));
        foreach (var d in downloads)
        {
            Assert.Equal("DataDownload", d.GetProperty("@type").GetString());
            var url = new Uri(d.GetProperty("contentUrl").GetString()!);
            Assert.True(url.IsAbsoluteUri);
            using var response = await demo.Client.GetAsync(url.PathAndQuery, Cancel);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} → {(int)response.StatusCode}");
            Assert.Equal(d.GetProperty("encodingFormat").GetString(), response.Content.Headers.ContentType?.MediaType);
        }
    }

    [GeneratedRegex("""<script type="application/ld\+json">(.*?)</script>""", RegexOptions.Singleline)]
    private static partial Regex JsonLdRegex();

    [GeneratedRegex("<section class=\"dataset\" aria-labelledby=")]
    private static partial Regex SectionRegex();
}
