using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DuckDB.NET.Data;
using Public.Web.Tests.Contract;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Bulk;

/// <summary>Class fixture: one demo store (every dataset, up to <see cref="PublicWebApp.DemoClock"/>) whose yearly archives the tests of a class read.</summary>
public sealed class DemoBulkApp : IDisposable
{
    private readonly Lazy<PublicWebApp> _app = new(() => new PublicWebApp(demo: true, time: PublicWebApp.DemoClock, seededOnce: true));

    public PublicWebApp App => _app.Value;

    public HttpClient Client => App.Client;

    public void Dispose()
    {
        if (_app.IsValueCreated)
        {
            _app.Value.Dispose();
        }
    }
}

/// <summary>
/// The yearly archives of every dataset beyond the air-quality series, over the demo store: each archive's rows are the
/// REST API's rows of that year (counts and every value, the API's JSON flattened by the test's own reader), the files
/// hold what their Table Schemas declare (keys and foreign keys included), the descriptors validate against the
/// official profiles, and DuckDB reads every Parquet file with the CSV's row count and typed columns. (It sets no time
/// zone, so it runs in parallel with the other classes; <see cref="ParquetDuckDbTests"/>, which does, runs alone.)
/// </summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class RecordArchiveTests(DemoBulkApp demo) : IClassFixture<DemoBulkApp>
{
    private static readonly string[] DatasetIds =
    [
        "assessments", "warnings", "warning-events", "reduction-lists", "penalties", "enterprises", "outlets",
        "cems-hours", "cems-days", "manual-results", "disclosures", "statements", "plan-targets", "plan-reports",
    ];

    public static TheoryData<string> Datasets => new(DatasetIds);

    private HttpClient Client => demo.Client;

    [Theory]
    [MemberData(nameof(Datasets))]
    public async Task ArchiveOfAYearHoldsTheRestApisRowsOfThatYear(string dataset)
    {
        var (year, resource) = await YearAsync(dataset);
        var (header, rows) = await ReadArchiveAsync($"/bulk/{dataset}/{year}.csv.gz");
        var types = resource.GetProperty("schema").GetProperty("fields").EnumerateArray().ToDictionary(f => f.Str("name"), f => f.Str("type"), StringComparer.Ordinal);
        var key = resource.GetProperty("schema").GetProperty("primaryKey").EnumerateArray().Select(k => Array.IndexOf(header, k.GetString())).ToList();
        Assert.DoesNotContain(-1, key);

        var expected = await ApiRowsAsync(dataset, year);
        Assert.True(expected.Count > 0, $"{dataset} {year}: the API has no rows");
        Assert.Equal(expected.Count, rows.Count);
        var byKey = rows.ToDictionary(r => string.Join('|', key.Select(c => r[c])), StringComparer.Ordinal);
        var compared = 0;
        foreach (var api in expected)
        {
            var id = string.Join('|', key.Select(c => Text(Lookup(api, header[c], dataset))));
            Assert.True(byKey.TryGetValue(id, out var row), $"{dataset} {year}: the API's row {id} is not in the archive");
            for (var c = 0; c < header.Length; c++)
            {
                var value = Lookup(api, header[c], dataset);
                AssertCell(value, row![c], types[header[c]], $"{dataset} {year} row {id} column {header[c]}");
                compared++;
            }
        }

        Assert.True(compared >= expected.Count * 5, $"{dataset}: compared {compared} cells");
    }

    [Fact]
    public async Task EveryDatasetHasArchivesDescribedByValidDescriptorsWhoseFilesHoldWhatTheirSchemasDeclare()
    {
        var package = await PackageAsync("/bulk/datapackage.json");
        BulkChecks.AssertValidDescriptor(package, "/bulk/datapackage.json");
        var resources = package.GetProperty("resources").EnumerateArray().ToList();
        var datasets = resources.Select(r => r.Str("name")).Where(n => n != "stations").Select(n => n[..n.LastIndexOf('-', n.LastIndexOf('-') - 1)]).ToHashSet(StringComparer.Ordinal);
        // Every record dataset has archives (the air-quality series are there too).
        Assert.Superset(DatasetIds.ToHashSet(StringComparer.Ordinal), datasets);

        // Every CSV file of the record datasets against its schema; foreign keys against the files they name.
        var files = new Dictionary<string, (string[] Header, List<string[]> Rows)>(StringComparer.Ordinal);
        async Task<(string[] Header, List<string[]> Rows)> Read(JsonElement resource)
        {
            var name = resource.Str("name");
            if (!files.TryGetValue(name, out var file))
            {
                var bytes = (await BulkFiles.DownloadAsync(Client, "/bulk/" + resource.Str("path"))).Bytes;
                file = BulkFiles.ReadCsv(Encoding.UTF8.GetString(resource.TryGetProperty("compression", out _) ? BulkFiles.Gunzip(bytes) : bytes));
                files[name] = file;
            }

            return file;
        }

        var byName = resources.ToDictionary(r => r.Str("name"), StringComparer.Ordinal);
        var checkedFiles = 0;
        foreach (var resource in resources.Where(r => r.Str("format") == "csv" && DatasetIds.Any(d => r.Str("name").StartsWith(d + "-", StringComparison.Ordinal) && char.IsAsciiDigit(r.Str("name")[d.Length + 1]))))
        {
            var (header, rows) = await Read(resource);
            BulkChecks.AssertRowsMatchSchema(resource, header, rows);
            if (resource.GetProperty("schema").TryGetProperty("foreignKeys", out var foreign))
            {
                foreach (var fk in foreign.EnumerateArray())
                {
                    var target = byName[fk.GetProperty("reference").Str("resource")];
                    var (targetHeader, targetRows) = await Read(target);
                    var column = Array.IndexOf(header, fk.GetProperty("fields")[0].GetString());
                    var targetColumn = Array.IndexOf(targetHeader, fk.GetProperty("reference").GetProperty("fields")[0].GetString());
                    var known = targetRows.Select(r => r[targetColumn]).ToHashSet(StringComparer.Ordinal);
                    Assert.All(rows, r => Assert.True(known.Contains(r[column]), $"{resource.Str("name")}: {r[column]} is not in {target.Str("name")}"));
                }
            }

            checkedFiles++;
        }

        Assert.True(checkedFiles >= DatasetIds.Length, $"{checkedFiles} files checked");
        foreach (var dataset in DatasetIds)
        {
            BulkChecks.AssertValidDescriptor(await PackageAsync($"/bulk/{dataset}/datapackage.json"), dataset);
        }
    }

    [Fact]
    public async Task DuckDbReadsEveryRecordDatasetsParquetWithTheCsvsRowsAndTypedColumns()
    {
        using var db = new DuckDBConnection("Data Source=:memory:");
        db.Open();
        foreach (var dataset in DatasetIds)
        {
            var (year, resource) = await YearAsync(dataset, "parquet");
            var (bytes, response) = await BulkFiles.DownloadAsync(Client, $"/bulk/{dataset}/{year}.parquet");
            Assert.Equal("application/vnd.apache.parquet", response.Content.Headers.ContentType?.MediaType);
            var file = Path.Combine(demo.App.Folder, $"{dataset}-{year}.parquet");
            await File.WriteAllBytesAsync(file, bytes, TestContext.Current.CancellationToken);
            var (_, rows) = await ReadArchiveAsync($"/bulk/{dataset}/{year}.csv.gz");

            using var count = db.CreateCommand();
            count.CommandText = $"SELECT count(*) FROM '{file}'";
            Assert.Equal(rows.Count, Convert.ToInt32(count.ExecuteScalar(), CultureInfo.InvariantCulture));
            using var describe = db.CreateCommand();
            describe.CommandText = $"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM '{file}')";
            var types = new Dictionary<string, string>(StringComparer.Ordinal);
            using (var reader = describe.ExecuteReader())
            {
                while (reader.Read())
                {
                    types[reader.GetString(0)] = reader.GetString(1);
                }
            }

            foreach (var field in resource.GetProperty("schema").GetProperty("fields").EnumerateArray())
            {
                var expected = field.Str("type") switch
                {
                    "datetime" => "TIMESTAMP WITH TIME ZONE",
                    "number" => "DOUBLE",
                    "integer" => "INTEGER",
                    "boolean" => "BOOLEAN",
                    "date" => "DATE",
                    _ => "VARCHAR",
                };
                Assert.True(types.TryGetValue(field.Str("name"), out var actual), $"{dataset}: no column {field.Str("name")} in the Parquet file");
                Assert.True(expected == actual, $"{dataset}.{field.Str("name")}: {actual}, expected {expected}");
            }

            Assert.Equal(types.Count, resource.GetProperty("schema").GetProperty("fields").GetArrayLength());
        }
    }

    [Fact]
    public async Task OpenDataPageListsEveryDatasetsYearlyFilesInBothLanguages()
    {
        var sums = Encoding.UTF8.GetString((await BulkFiles.DownloadAsync(Client, "/bulk/SHA256SUMS")).Bytes)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split("  ")[1]).Where(p => p.EndsWith(".csv.gz", StringComparison.Ordinal)).ToList();
        foreach (var page in new[] { "/data", "/en/data" })
        {
            var html = Encoding.UTF8.GetString((await BulkFiles.DownloadAsync(Client, page)).Bytes);
            foreach (var dataset in DatasetIds)
            {
                Assert.Contains($"id=\"bulk-{dataset}\"", html, StringComparison.Ordinal);
                Assert.Contains($"/bulk/{dataset}/datapackage.json", html, StringComparison.Ordinal);
            }

            // Every archive of the records is linked, each year with its size.
            foreach (var path in sums.Where(p => DatasetIds.Contains(p[..p.IndexOf('/', StringComparison.Ordinal)])))
            {
                Assert.Contains($"href=\"/bulk/{path}\"", html, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task DcatCatalogExpandedByAJsonLdProcessorIsTheTurtlesGraphWithTitlesDownloadUrlsMediaTypesAndChecksums()
    {
        var check = NodeTools.Require("dcat-check.mjs");
        _ = NodeTools.Require("node_modules/jsonld/package.json");
        _ = NodeTools.Require("node_modules/n3/package.json");
        var work = NodeTools.WorkFolder();
        try
        {
            var jsonldFile = Path.Combine(work.FullName, "catalog.jsonld");
            var turtleFile = Path.Combine(work.FullName, "catalog.ttl");
            await File.WriteAllBytesAsync(jsonldFile, (await BulkFiles.DownloadAsync(Client, "/catalog.jsonld")).Bytes, TestContext.Current.CancellationToken);
            await File.WriteAllBytesAsync(turtleFile, (await BulkFiles.DownloadAsync(Client, "/catalog.ttl")).Bytes, TestContext.Current.CancellationToken);
            var (exit, stdout, stderr) = await NodeTools.RunAsync(NodeTools.Folder, TimeSpan.FromSeconds(120), check, jsonldFile, turtleFile);
            Assert.True(exit == 0, $"dcat-check.mjs exited {exit}: {stderr}");
            var report = JsonDocument.Parse(stdout).RootElement;

            // The same graph: equal as sets of canonical N-Quads (RDFC-1.0), none left over on either side.
            Assert.Empty(report.GetProperty("onlyInJsonLd").EnumerateArray());
            Assert.Empty(report.GetProperty("onlyInTurtle").EnumerateArray());
            Assert.Equal(report.GetProperty("triples").GetInt32(), report.GetProperty("turtleTriples").GetInt32());
            Assert.True(report.GetProperty("triples").GetInt32() > 1000, $"{report.GetProperty("triples").GetInt32()} triples");
            Assert.Single(report.GetProperty("catalogs").EnumerateArray());

            const string Dcat = "http://www.w3.org/ns/dcat#";
            const string Dct = "http://purl.org/dc/terms/";
            var sums = Encoding.UTF8.GetString((await BulkFiles.DownloadAsync(Client, "/bulk/SHA256SUMS")).Bytes)
                .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split("  ")).ToDictionary(p => p[1], p => p[0], StringComparer.Ordinal);
            var package = await PackageAsync("/bulk/datapackage.json");
            var datasetIds = package.GetProperty("resources").EnumerateArray().Select(r => r.Str("name")).Where(n => n != "stations")
                .Select(n => n[..n.LastIndexOf('-', n.LastIndexOf('-') - 1)]).ToHashSet(StringComparer.Ordinal);
            var datasets = report.GetProperty("datasets").EnumerateArray().ToList();
            Assert.Equal(datasetIds.Order(StringComparer.Ordinal), datasets.Select(d => d.GetProperty("properties").GetProperty(Dct + "identifier")[0].Str("value")).Order(StringComparer.Ordinal));
            foreach (var dataset in datasets)
            {
                var titles = dataset.GetProperty("properties").GetProperty(Dct + "title").EnumerateArray().ToList();
                Assert.Contains(titles, t => t.GetProperty("language").GetString() == "zh-cn" || t.GetProperty("language").GetString() == "zh-CN");
                Assert.Contains(titles, t => t.GetProperty("language").GetString() == "en");
                Assert.NotEmpty(dataset.GetProperty("properties").GetProperty(Dcat + "distribution").EnumerateArray());
            }

            var distributions = report.GetProperty("distributions").EnumerateArray().ToList();
            Assert.Equal(sums.Count - 1, distributions.Count);
            var checksums = report.GetProperty("checksums");
            foreach (var distribution in distributions)
            {
                var p = distribution.GetProperty("properties");
                var url = p.GetProperty(Dcat + "downloadURL")[0].Str("id");
                var path = url[(url.IndexOf("/bulk/", StringComparison.Ordinal) + "/bulk/".Length)..];
                var media = p.GetProperty(Dcat + "mediaType")[0].Str("id");
                Assert.StartsWith("http://www.iana.org/assignments/media-types/", media, StringComparison.Ordinal);
                Assert.EndsWith(path.EndsWith(".parquet", StringComparison.Ordinal) ? "/application/vnd.apache.parquet" : "/text/csv", media, StringComparison.Ordinal);
                var checksum = checksums.GetProperty(p.GetProperty("http://spdx.org/rdf/terms#checksum")[0].Str("id"));
                Assert.Equal(sums[path], checksum.GetProperty("http://spdx.org/rdf/terms#checksumValue")[0].Str("value"));
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    // ---- the archive and its descriptor ----------------------------------------------------------------------

    private async Task<JsonElement> PackageAsync(string url) => JsonDocument.Parse((await BulkFiles.DownloadAsync(Client, url)).Bytes).RootElement.Clone();

    /// <summary>
    /// The dataset's year with the most rows (from its descriptor) and that year's resource of the format; for CEMS hours
    /// the one with the fewest (a whole year of every outlet's pollutants is a million API rows, too many for a test
    /// run on a shared machine: the demo's January 2020 is compared in full instead).
    /// </summary>
    private async Task<(int Year, JsonElement Resource)> YearAsync(string dataset, string format = "csv")
    {
        var package = await PackageAsync($"/bulk/{dataset}/datapackage.json");
        var resources = package.GetProperty("resources").EnumerateArray().Where(r => r.Str("name") != "stations" && r.Str("format") == format).ToList();
        Assert.NotEmpty(resources);
        int Rows(JsonElement r) => int.Parse(r.Str("description").Split('(')[^1].Split(' ')[0], CultureInfo.InvariantCulture);
        var busiest = dataset == "cems-hours" ? resources.MinBy(Rows) : resources.MaxBy(Rows);
        return (int.Parse(busiest.Str("path")[..4], CultureInfo.InvariantCulture), busiest);
    }

    private async Task<(string[] Header, List<string[]> Rows)> ReadArchiveAsync(string url)
    {
        var (bytes, response) = await BulkFiles.DownloadAsync(Client, url);
        Assert.Equal("application/gzip", response.Content.Headers.ContentType?.MediaType);
        return BulkFiles.ReadCsv(Encoding.UTF8.GetString(BulkFiles.Gunzip(bytes)));
    }

    // ---- the API's rows of a year, flattened by the test ----------------------------------------------------

    private async Task<List<Dictionary<string, JsonElement>>> ApiRowsAsync(string dataset, int year)
    {
        var (from, to) = ($"{year}-01-01", $"{year}-12-31");
        bool InYear(JsonElement row, string field) => row.Str(field).StartsWith(year.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        switch (dataset)
        {
            case "assessments":
            {
                var rows = new List<Dictionary<string, JsonElement>> { Flat((await Client.GetJsonAsync($"/api/v1/city/assessment/{year}")).GetProperty("result")) };
                for (var month = 1; month <= 12; month++)
                {
                    var assessment = (await Client.GetJsonAsync($"/api/v1/city/assessment/{year}/{month}")).GetProperty("result");
                    // The archive holds the months within the city's series (the demo store has every day of its years).
                    if (assessment.GetProperty("expectedDays").GetInt32() > 0 && assessment.GetProperty("validAqiDays").GetInt32() > 0)
                    {
                        rows.Add(Flat(assessment));
                    }
                }

                return rows;
            }

            case "warnings":
                return (await AllAsync($"/api/v1/warnings?from={from}&to={to}")).Where(w => Local(w, "start").Year == year).Select(w => Flat(w)).ToList();
            case "warning-events":
            {
                var rows = new List<Dictionary<string, JsonElement>>();
                foreach (var warning in (await AllAsync($"/api/v1/warnings?from={from}&to={to}")).Where(w => Local(w, "start").Year == year))
                {
                    var detail = (await Client.GetJsonAsync($"/api/v1/warnings/{warning.Str("id")}")).GetProperty("result");
                    rows.AddRange(detail.GetProperty("timeline").EnumerateArray().Select(e => Flat(e, extra: new() { ["warningId"] = warning.GetProperty("id") })));
                }

                return rows;
            }

            case "reduction-lists":
            {
                var rows = new List<Dictionary<string, JsonElement>>();
                foreach (var list in (await AllAsync("/api/v1/warnings/reduction-lists")).Where(l => ListYear(l) == year))
                {
                    var extra = new Dictionary<string, JsonElement> { ["listTitle"] = list.GetProperty("title"), ["listValidFrom"] = list.GetProperty("validFrom"), ["listValidTo"] = list.GetProperty("validTo") };
                    rows.AddRange((await AllAsync($"/api/v1/warnings/reduction-lists/{list.Str("id")}")).Select(e => Flat(e, extra: extra)));
                }

                return rows;
            }

            case "penalties":
                return (await AllAsync($"/api/v1/penalties?from={from}&to={to}")).Select(p => Flat(p)).ToList();
            case "enterprises":
                return (await AllAsync($"/api/v1/enterprises?year={year}")).Select(e => Flat(e, except: "outlets")).ToList();
            case "outlets":
            {
                var rows = new List<Dictionary<string, JsonElement>>();
                foreach (var enterprise in await AllAsync($"/api/v1/enterprises?year={year}"))
                {
                    rows.AddRange((await AllAsync($"/api/v1/enterprises/{enterprise.Str("creditCode")}/outlets"))
                        .Select(o => Flat(o, prefix: "outlet", extra: new() { ["creditCode"] = enterprise.GetProperty("creditCode") })));
                }

                return rows;
            }

            case "cems-hours" or "cems-days" or "manual-results":
            {
                var rows = new List<Dictionary<string, JsonElement>>();
                var route = dataset switch { "cems-hours" => "hourly", "cems-days" => "daily", _ => "manual" };
                foreach (var enterprise in await AllAsync("/api/v1/enterprises"))
                {
                    foreach (var outlet in await AllAsync($"/api/v1/enterprises/{enterprise.Str("creditCode")}/outlets"))
                    {
                        var extra = new Dictionary<string, JsonElement> { ["creditCode"] = enterprise.GetProperty("creditCode"), ["outletCode"] = outlet.GetProperty("code") };
                        var url = $"/api/v1/enterprises/{enterprise.Str("creditCode")}/outlets/{outlet.Str("code")}/{route}?from={from}&to={to}";
                        if (dataset == "manual-results")
                        {
                            rows.AddRange((await Client.GetJsonAsync(url)).Results().Select(r => Flat(r, extra: extra)));
                            continue;
                        }

                        if (outlet.GetProperty("mn").ValueKind == JsonValueKind.Null)
                        {
                            continue;
                        }

                        foreach (var pollutant in outlet.GetProperty("pollutants").EnumerateArray())
                        {
                            foreach (var r in (await Client.GetJsonAsync($"{url}&pollutant={pollutant.Str("code")}")).Results())
                            {
                                var own = new Dictionary<string, JsonElement>(extra);
                                if (dataset == "cems-hours")
                                {
                                    // The logger's local DataTime as an Asia/Shanghai time with its offset.
                                    own["time"] = JsonSerializer.SerializeToElement(r.Str("dataTime") + "+08:00");
                                }

                                rows.Add(Flat(r, extra: own));
                            }
                        }
                    }
                }

                return rows;
            }

            case "disclosures" or "statements":
            {
                var rows = new List<Dictionary<string, JsonElement>>();
                foreach (var enterprise in await AllAsync("/api/v1/enterprises"))
                {
                    var all = (await Client.GetJsonAsync($"/api/v1/enterprises/{enterprise.Str("creditCode")}/{dataset}")).Results();
                    rows.AddRange(all.Where(r => InYear(r, dataset == "disclosures" ? "filedDate" : "date")).Select(r => Flat(r)));
                }

                return rows;
            }

            case "plan-targets":
                return (await AllAsync($"/api/v1/plan/targets?year={year}")).Select(t => Flat(t)).ToList();
            case "plan-reports":
                return (await AllAsync($"/api/v1/plan/progress?year={year}")).Select(t => Flat(t)).ToList();
            default:
                throw new ArgumentOutOfRangeException(nameof(dataset), dataset, "no API reading for this dataset");
        }
    }

    private async Task<List<JsonElement>> AllAsync(string url)
    {
        var rows = new List<JsonElement>();
        for (var page = 1; ; page++)
        {
            var answer = await Client.GetJsonAsync($"{url}{(url.Contains('?', StringComparison.Ordinal) ? '&' : '?')}limit=1000&page={page}");
            var results = answer.Results().ToList();
            rows.AddRange(results);
            if (results.Count < 1000)
            {
                return rows;
            }
        }
    }

    private static DateTimeOffset Local(JsonElement row, string field) => row.GetProperty(field).GetDateTimeOffset().ToOffset(TimeSpan.FromHours(8));

    private static int ListYear(JsonElement list) =>
        (list.GetProperty("validFrom").ValueKind == JsonValueKind.String ? list.Str("validFrom") : list.Str("validTo")) is { } date ? int.Parse(date[..4], CultureInfo.InvariantCulture) : 0;

    /// <summary>An API row as columns: nested objects by their path in camelCase (<c>issuedLevel.code</c> → <c>issuedLevelCode</c>).</summary>
    private static Dictionary<string, JsonElement> Flat(JsonElement row, string? prefix = null, string? except = null, Dictionary<string, JsonElement>? extra = null)
    {
        var result = extra is null ? new Dictionary<string, JsonElement>(StringComparer.Ordinal) : new Dictionary<string, JsonElement>(extra, StringComparer.Ordinal);
        void Walk(JsonElement e, string path)
        {
            foreach (var p in e.EnumerateObject())
            {
                if (path.Length == 0 && p.Name == except)
                {
                    continue;
                }

                var name = path.Length == 0 ? p.Name : path + char.ToUpperInvariant(p.Name[0]) + p.Name[1..];
                if (p.Value.ValueKind == JsonValueKind.Object)
                {
                    Walk(p.Value, name);
                }
                else
                {
                    result[name] = p.Value;
                }
            }
        }

        Walk(row, prefix ?? "");
        return result;
    }

    /// <summary>The API's value of a column; a column under a null object (the level of a lifted warning) is null; any other unknown column fails.</summary>
    private static JsonElement Lookup(Dictionary<string, JsonElement> row, string column, string dataset)
    {
        if (row.TryGetValue(column, out var value))
        {
            return value;
        }

        var parent = row.Where(p => p.Value.ValueKind == JsonValueKind.Null && column.StartsWith(p.Key, StringComparison.Ordinal) && column.Length > p.Key.Length && char.IsUpper(column[p.Key.Length]));
        Assert.True(parent.Any(), $"{dataset}: the archive's column {column} is not in the API's row ({string.Join(", ", row.Keys)})");
        return parent.First().Value;
    }

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => "",
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Array => string.Join(' ', value.EnumerateArray().Select(Text)),
        _ => value.GetRawText(),
    };

    private static void AssertCell(JsonElement api, string cell, string type, string where)
    {
        if (type == "array")
        {
            Assert.True(api.ValueKind == JsonValueKind.Null ? cell.Length == 0 : JsonNode.DeepEquals(JsonNode.Parse(api.GetRawText()), JsonNode.Parse(cell)),
                $"{where}: archive {cell}, API {api.GetRawText()}");
            return;
        }

        if (api.ValueKind == JsonValueKind.Number)
        {
            Assert.True(decimal.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture) == api.GetDecimal(), $"{where}: archive {cell}, API {api.GetRawText()}");
            return;
        }

        Assert.True(Text(api) == cell, $"{where}: archive '{cell}', API {api.GetRawText()}");
    }
}
