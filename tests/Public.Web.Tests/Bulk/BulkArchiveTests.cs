using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Public.Web.Tests.Hosting;
using Public.Web.Tests.SharedData;

namespace Public.Web.Tests.Bulk;

/// <summary>The yearly archives, descriptors and catalog over the real 2019 H1 Jinzhou data, checked against the source file and the API.</summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class BulkArchiveTests(RealDataApp real) : IClassFixture<RealDataApp>
{
    private const string StationHours2019 = "/bulk/station-hours/2019.csv.gz";

    // The CNEMC type of each concentration column of the station-hours archive (independent of the code's table).
    private static readonly Dictionary<string, string> TypeOfColumn = new(StringComparer.Ordinal)
    {
        ["pm25_ugm3"] = "PM2.5", ["pm25_24h_ugm3"] = "PM2.5_24h", ["pm10_ugm3"] = "PM10", ["pm10_24h_ugm3"] = "PM10_24h",
        ["so2_ugm3"] = "SO2", ["so2_24h_ugm3"] = "SO2_24h", ["no2_ugm3"] = "NO2", ["no2_24h_ugm3"] = "NO2_24h",
        ["o3_ugm3"] = "O3", ["o3_24h_ugm3"] = "O3_24h", ["o3_8h_ugm3"] = "O3_8h", ["o3_8h_24h_ugm3"] = "O3_8h_24h",
        ["co_mgm3"] = "CO", ["co_24h_mgm3"] = "CO_24h",
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StationHoursArchiveOf2019HoldsEveryValueOfTheSourceFile()
    {
        var (header, rows) = await StationHoursAsync();
        var col = header.Select((h, i) => (h, i)).ToDictionary(x => x.h, x => x.i, StringComparer.Ordinal);
        var seen = new HashSet<(string Date, int Hour, string Station)>();
        foreach (var row in rows)
        {
            var time = DateTimeOffset.Parse(row[col["time"]], CultureInfo.InvariantCulture);
            Assert.Equal(TimeSpan.FromHours(8), time.Offset);
            var (date, hour, station) = (time.ToString("yyyyMMdd", CultureInfo.InvariantCulture), time.Hour, row[col["station"]]);
            seen.Add((date, hour, station));
            foreach (var (column, type) in TypeOfColumn)
            {
                var cell = row[col[column]];
                var expected = real.Facts.Value(date, hour, type, station);
                Assert.True(expected == (cell.Length == 0 ? null : decimal.Parse(cell, CultureInfo.InvariantCulture)),
                    $"{station} {time:O} {column}: archive '{cell}', source file {expected?.ToString(CultureInfo.InvariantCulture) ?? "blank"}");
            }

            var published = real.Facts.Value(date, hour, "AQI", station);
            Assert.Equal(published?.ToString(CultureInfo.InvariantCulture) ?? "", row[col["publishedAqi"]]);
        }

        // Every station-hour of the source with a value dated 2019 (natural days: 2019-01-01 00:00 belongs to 2018-12-31).
        var expectedHours = real.Facts.Stations.SelectMany(s => Enumerable.Range(0, 181).SelectMany(d => CnemcCsvFacts.LabelsOfDay(new DateOnly(2019, 1, 1).AddDays(d)))
            .Where(l => real.Facts.HasHour(l.Date, l.Hour, s)).Select(l => (l.Date, l.Hour, s))).ToHashSet();
        Assert.Equal(expectedHours.Count, rows.Count);
        Assert.True(expectedHours.SetEquals(seen), "the archive's station-hours are the source file's");
    }

    [Fact]
    public async Task StationHoursArchiveOf2019RoundTripsAgainstTheLongSeriesOfTheApi()
    {
        var (header, rows) = await StationHoursAsync();
        var col = header.Select((h, i) => (h, i)).ToDictionary(x => x.h, x => x.i, StringComparer.Ordinal);
        var byKey = rows.ToDictionary(r => (r[col["station"]], DateTimeOffset.Parse(r[col["time"]], CultureInfo.InvariantCulture)));
        var compared = 0;
        foreach (var station in real.Facts.Stations)
        {
            var hours = (await real.Client.GetJsonAsync($"/api/v1/stations/{station}/hourly?from=2019-01-01&to=2019-12-31")).Results().ToList();
            Assert.Equal(hours.Count, rows.Count(r => r[col["station"]] == station));
            foreach (var hour in hours)
            {
                var row = byKey[(station, hour.GetProperty("time").GetDateTimeOffset())];
                Assert.Equal(Text(hour.GetProperty("aqi")), row[col["aqi"]]);
                Assert.Equal(Text(hour.GetProperty("publishedAqi")), row[col["publishedAqi"]]);
                Assert.Equal(Text(hour.GetProperty("version")), row[col["version"]]);
                Assert.Equal(string.Join(' ', hour.GetProperty("primaryPollutants").EnumerateArray().Select(p => p.GetString())), row[col["primaryPollutants"]]);
                Assert.Equal(hour.GetProperty("level").ValueKind == JsonValueKind.Null ? "" : hour.GetProperty("level").Str("nameEn"), row[col["level"]]);
                foreach (var value in hour.GetProperty("values").EnumerateArray())
                {
                    var column = TypeOfColumn.Single(t => t.Value == value.Str("type")).Key;
                    var cell = row[col[column]];
                    decimal? expected = value.GetProperty("value").ValueKind == JsonValueKind.Null ? null : value.GetProperty("value").GetDecimal();
                    decimal? actual = cell.Length == 0 ? null : decimal.Parse(cell, CultureInfo.InvariantCulture);
                    Assert.Equal(expected, actual);
                    compared++;
                }
            }
        }

        Assert.True(compared > 250_000, $"compared {compared} values");
    }

    [Fact]
    public async Task ArchivesAreServedAsTheyAreWithLengthStrongETagAndRanges()
    {
        using var head = await real.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, StationHours2019), Ct);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal("application/gzip", head.Content.Headers.ContentType?.MediaType);
        Assert.Empty(head.Content.Headers.ContentEncoding);
        var (bytes, response) = await BulkFiles.DownloadAsync(real.Client, StationHours2019);
        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Equal(bytes.Length, response.Content.Headers.ContentLength);
        Assert.Equal($"\"{BulkFiles.Sha256(bytes)}\"", response.Headers.ETag?.ToString());
        Assert.False(response.Headers.ETag!.IsWeak);

        using var ranged = new HttpRequestMessage(HttpMethod.Get, StationHours2019);
        ranged.Headers.Range = new RangeHeaderValue(100, 199);
        using var part = await real.Client.SendAsync(ranged, Ct);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal(bytes[100..200], await part.Content.ReadAsByteArrayAsync(Ct));

        using var again = new HttpRequestMessage(HttpMethod.Get, StationHours2019);
        again.Headers.IfNoneMatch.Add(response.Headers.ETag);
        using var notModified = await real.Client.SendAsync(again, Ct);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task SizesAndHashesAgreeAcrossTheDescriptorTheCatalogSha256SumsAndTheFiles()
    {
        var sums = Encoding.UTF8.GetString((await BulkFiles.DownloadAsync(real.Client, "/bulk/SHA256SUMS")).Bytes)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split("  ")).ToDictionary(p => p[1], p => p[0], StringComparer.Ordinal);
        var package = JsonNode.Parse((await BulkFiles.DownloadAsync(real.Client, "/bulk/datapackage.json")).Bytes)!;
        var catalog = JsonNode.Parse((await BulkFiles.DownloadAsync(real.Client, "/catalog.jsonld")).Bytes)!;
        var distributions = catalog["dcat:dataset"]!.AsArray().SelectMany(d => d!["dcat:distribution"]!.AsArray())
            .ToDictionary(d => d!["dcat:downloadURL"]!["@id"]!.GetValue<string>(), d => d!);

        var resources = package["resources"]!.AsArray();
        Assert.Equal(sums.Count, resources.Count);
        Assert.Contains(sums.Keys, k => k == "station-hours/2019.parquet");
        foreach (var resource in resources)
        {
            var path = resource!["path"]!.GetValue<string>();
            var (bytes, response) = await BulkFiles.DownloadAsync(real.Client, "/bulk/" + path);
            var sha = BulkFiles.Sha256(bytes);
            Assert.Equal(sums[path], sha);
            Assert.Equal("sha256:" + sha, resource["hash"]!.GetValue<string>());
            Assert.Equal(bytes.Length, resource["bytes"]!.GetValue<long>());
            Assert.Equal($"\"{sha}\"", response.Headers.ETag?.ToString());
            if (path != "stations.csv")
            {
                var distribution = distributions.Single(d => d.Key.EndsWith("/bulk/" + path, StringComparison.Ordinal)).Value;
                Assert.Equal(sha, distribution["spdx:checksum"]!["spdx:checksumValue"]!["@value"]!.GetValue<string>());
                Assert.Equal(bytes.Length.ToString(CultureInfo.InvariantCulture), distribution["dcat:byteSize"]!["@value"]!.GetValue<string>());
            }
        }
    }

    [Fact]
    public async Task DescriptorsValidateAgainstTheOfficialDataPackageV2Profiles()
    {
        var urls = new[] { "/bulk/datapackage.json", "/bulk/station-hours/datapackage.json", "/bulk/city-days/datapackage.json" };
        foreach (var url in urls)
        {
            var package = JsonDocument.Parse((await BulkFiles.DownloadAsync(real.Client, url)).Bytes).RootElement;
            BulkChecks.AssertValidDescriptor(package, url);
        }
    }

    [Fact]
    public async Task DataFilesHoldWhatTheirTableSchemasDeclare()
    {
        var package = JsonDocument.Parse((await BulkFiles.DownloadAsync(real.Client, "/bulk/datapackage.json")).Bytes).RootElement;
        var stations = BulkFiles.ReadCsv(Encoding.UTF8.GetString((await BulkFiles.DownloadAsync(real.Client, "/bulk/stations.csv")).Bytes)).Rows
            .Select(r => r[0]).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(real.Facts.Stations.Order(), stations.Order());
        foreach (var resource in package.GetProperty("resources").EnumerateArray().Where(r => r.Str("format") == "csv"))
        {
            var bytes = (await BulkFiles.DownloadAsync(real.Client, "/bulk/" + resource.Str("path"))).Bytes;
            var text = Encoding.UTF8.GetString(resource.TryGetProperty("compression", out _) ? BulkFiles.Gunzip(bytes) : bytes);
            Assert.False(text.StartsWith('\uFEFF'), "archives have no BOM");
            var (header, rows) = BulkFiles.ReadCsv(text);
            BulkChecks.AssertRowsMatchSchema(resource, header, rows);
            var schema = resource.GetProperty("schema");
            if (schema.TryGetProperty("foreignKeys", out var foreign))
            {
                foreach (var fk in foreign.EnumerateArray())
                {
                    Assert.Equal("stations", fk.GetProperty("reference").Str("resource"));
                    var c = Array.IndexOf(header, fk.GetProperty("fields")[0].GetString());
                    Assert.All(rows, r => Assert.Contains(r[c], stations));
                }
            }
        }
    }

    [Fact]
    public async Task EveryDownloadUrlOfTheDcatCatalogAnswersWithItsMediaTypeAndChecksum()
    {
        var catalog = JsonNode.Parse((await BulkFiles.DownloadAsync(real.Client, "/catalog.jsonld")).Bytes)!.AsObject();
        // An inline context of prefixes only: no processor fetches anything.
        Assert.All(catalog["@context"]!.AsObject(), p => Assert.StartsWith("http", p.Value!.GetValue<string>(), StringComparison.Ordinal));
        Assert.Equal("dcat:Catalog", catalog["@type"]!.GetValue<string>());
        var datasets = catalog["dcat:dataset"]!.AsArray();
        // The air-quality series and the assessments of the real 2019 data (and whatever else the store holds: the plan's targets).
        Assert.Superset(new HashSet<string>(["station-hours", "station-days", "city-hours", "city-days", "assessments"], StringComparer.Ordinal),
            datasets.Select(d => d!["dct:identifier"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal));
        var checkedFiles = 0;
        foreach (var dataset in datasets)
        {
            Assert.Equal(["zh-CN", "en"], dataset!["dct:title"]!.AsArray().Select(t => t!["@language"]!.GetValue<string>()));
            Assert.NotNull(dataset["dct:temporal"]!["dcat:startDate"]);
            Assert.NotNull(dataset["dcat:contactPoint"]);
            Assert.NotNull(dataset["dct:accrualPeriodicity"]);
            foreach (var distribution in dataset["dcat:distribution"]!.AsArray())
            {
                var url = distribution!["dcat:downloadURL"]!["@id"]!.GetValue<string>();
                var (bytes, response) = await BulkFiles.DownloadAsync(real.Client, new Uri(url).PathAndQuery);
                var media = distribution["dcat:compressFormat"] is { } compressed ? compressed["@id"]!.GetValue<string>() : distribution["dcat:mediaType"]!["@id"]!.GetValue<string>();
                Assert.EndsWith("/" + response.Content.Headers.ContentType!.MediaType, media, StringComparison.Ordinal);
                Assert.Equal(BulkFiles.Sha256(bytes), distribution["spdx:checksum"]!["spdx:checksumValue"]!["@value"]!.GetValue<string>());
                checkedFiles++;
            }
        }

        Assert.True(checkedFiles >= 8, $"{checkedFiles} files");
        var turtle = Encoding.UTF8.GetString((await BulkFiles.DownloadAsync(real.Client, "/catalog.ttl")).Bytes);
        Assert.Contains("a dcat:Catalog", turtle, StringComparison.Ordinal);
        Assert.Equal(checkedFiles, turtle.Split("a dcat:Distribution").Length - 1);
    }

    private async Task<(string[] Header, List<string[]> Rows)> StationHoursAsync()
    {
        var (bytes, _) = await BulkFiles.DownloadAsync(real.Client, StationHours2019);
        return BulkFiles.ReadCsv(Encoding.UTF8.GetString(BulkFiles.Gunzip(bytes)));
    }

    private static string Text(JsonElement e) => e.ValueKind == JsonValueKind.Null ? "" : e.GetRawText();
}
