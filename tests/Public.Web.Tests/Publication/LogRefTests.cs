using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Publication;

/// <summary>The demo site (seeded through the publication pipeline, up to <see cref="PublicWebApp.DemoClock"/>), shared by the tests of a class that only read it.</summary>
public sealed class DemoLogApp : IDisposable
{
    private readonly Lazy<PublicWebApp> _app = new(() => new PublicWebApp(demo: true, time: PublicWebApp.DemoClock, seededOnce: true));

    public HttpClient Client => _app.Value.Client;

    public void Dispose()
    {
        if (_app.IsValueCreated)
        {
            _app.Value.Dispose();
        }
    }
}

/// <summary>
/// Every versioned record in a REST answer carries <c>log { index, sha256 }</c>: the SHA-256 is that of the bytes served
/// at /log/records/…, and the index is the leaf whose inclusion proof leads to the signed checkpoint's root. The record
/// ids, the SHA-256 and the Merkle audit-path check are computed here, from the specifications, not by the code under test.
/// </summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class LogRefTests(DemoLogApp demo) : IClassFixture<DemoLogApp>
{
    private HttpClient Client => demo.Client;

    [Fact]
    public async Task StationHoursAndTheirVersionsCarryTheirLeaf()
    {
        var station = (await Client.GetJsonAsync("/api/v1/stations")).Results().First().Str("code");
        var hours = (await Client.GetJsonAsync($"/api/v1/stations/{station}/hourly?from=2019-12-01&to=2019-12-01")).Results().ToList();
        Assert.Equal(24, hours.Count);
        foreach (var hour in hours.Take(3).Append(hours[^1]))
        {
            await AssertLoggedAsync(hour, "station-hours", HourId(station, hour.Str("time")), hour.GetProperty("version").GetInt64());
        }

        var versions = (await Client.GetJsonAsync($"/api/v1/stations/{station}/hourly/versions?from=2019-12-01&to=2019-12-01")).Results().ToList();
        Assert.NotEmpty(versions);
        await AssertLoggedAsync(versions[0], "station-hours", HourId(station, versions[0].Str("time")), versions[0].GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task WarningEventsAndReductionEntriesCarryTheirLeaf()
    {
        var warning = (await Client.GetJsonAsync("/api/v1/warnings?limit=1")).Results().First().Str("id");
        var detail = (await Client.GetJsonAsync($"/api/v1/warnings/{warning}")).GetProperty("result");
        var timeline = detail.GetProperty("timeline").EnumerateArray().ToList();
        Assert.NotEmpty(timeline);
        foreach (var e in timeline)
        {
            await AssertLoggedAsync(e, "warning-events", Id(warning, e.GetProperty("seq").GetInt64().ToString(CultureInfo.InvariantCulture)), e.GetProperty("version").GetInt64());
        }

        var versions = (await Client.GetJsonAsync($"/api/v1/warnings/{warning}/versions")).Results().First();
        await AssertLoggedAsync(versions, "warning-events", Id(warning, versions.GetProperty("seq").GetInt64().ToString(CultureInfo.InvariantCulture)), versions.GetProperty("version").GetInt64());

        var list = (await Client.GetJsonAsync("/api/v1/warnings/reduction-lists")).Results().First().Str("id");
        var entries = (await Client.GetJsonAsync($"/api/v1/warnings/reduction-lists/{list}?limit=3")).Results().ToList();
        Assert.NotEmpty(entries);
        foreach (var entry in entries)
        {
            await AssertLoggedAsync(entry, "reduction-entries", Id(list, entry.GetProperty("level").Str("code"), entry.Str("uscc")), entry.GetProperty("version").GetInt64());
        }
    }

    [Fact]
    public async Task PenaltiesAndEachOfTheirVersionsCarryTheirLeaf()
    {
        var penalty = (await Client.GetJsonAsync("/api/v1/penalties?limit=1")).Results().First();
        await AssertLoggedAsync(penalty, "penalties", Id(penalty.Str("decisionNumber")), penalty.GetProperty("version").GetInt64());
        var detail = (await Client.GetJsonAsync($"/api/v1/penalties/{penalty.GetProperty("id").GetInt64()}")).GetProperty("result");
        foreach (var version in detail.GetProperty("versions").EnumerateArray())
        {
            var record = version.GetProperty("record");
            await AssertLoggedAsync(record, "penalties", Id(record.Str("decisionNumber")), record.GetProperty("version").GetInt64());
        }
    }

    [Fact]
    public async Task EnterprisesTheirDisclosuresStatementsAndMonitoringCarryTheirLeaf()
    {
        var enterprises = (await Client.GetJsonAsync("/api/v1/enterprises?limit=1000")).Results().ToList();
        var first = enterprises[0];
        var code = first.Str("creditCode");
        var latest = (await Client.GetJsonAsync($"/api/v1/enterprises/{code}/versions")).Results().Max(v => v.GetProperty("version").GetInt64());
        await AssertLoggedAsync(first, "enterprises", Id(code), latest);
        await AssertLoggedAsync((await Client.GetJsonAsync($"/api/v1/enterprises/{code}")).GetProperty("result"), "enterprises", Id(code), latest);

        var (disclosures, statements) = (0, 0);
        foreach (var c in enterprises.Select(e => e.Str("creditCode")).Take(20))
        {
            foreach (var d in (await Client.GetJsonAsync($"/api/v1/enterprises/{c}/disclosures")).Results().Take(2))
            {
                await AssertLoggedAsync(d, "disclosures", Id(d.Str("id")), d.GetProperty("version").GetInt64());
                disclosures++;
            }

            foreach (var st in (await Client.GetJsonAsync($"/api/v1/enterprises/{c}/statements")).Results().Take(2))
            {
                await AssertLoggedAsync(st, "statements", Id(st.Str("id")), st.GetProperty("version").GetInt64());
                statements++;
            }
        }

        Assert.True(disclosures > 0 && statements > 0, $"the demo's first 20 enterprises gave {disclosures} disclosures and {statements} statements");

        var (automatic, outlet) = enterprises.SelectMany(e => e.GetProperty("outlets").EnumerateArray().Select(o => (e, o)))
            .First(p => p.o.TryGetProperty("monitoring", out var m) && m.GetString() == "automatic");
        var pollutant = outlet.GetProperty("pollutants").EnumerateArray().First().Str("code");
        var cems = (await Client.GetJsonAsync($"/api/v1/enterprises/{automatic.Str("creditCode")}/outlets/{outlet.Str("code")}/hourly/versions?pollutant={pollutant}&from=2019-12-01&to=2019-12-01")).Results().First();
        // The log holds an MN's whole hour as one record, its DataTime as the number yyyyMMddHHmmss.
        var dataTime = DateTime.ParseExact(cems.Str("dataTime"), "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        await AssertLoggedAsync(cems, "cems-hours", Id(outlet.Str("mn"), dataTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)), cems.GetProperty("version").GetInt64());

        var (manualEnterprise, manualOutlet) = enterprises.SelectMany(e => e.GetProperty("outlets").EnumerateArray().Select(o => (e, o)))
            .First(p => p.o.TryGetProperty("monitoring", out var m) && m.GetString() == "manual");
        var manual = (await Client.GetJsonAsync($"/api/v1/enterprises/{manualEnterprise.Str("creditCode")}/outlets/{manualOutlet.Str("code")}/manual")).Results().First();
        await AssertLoggedAsync(manual, "manual-results",
            Id(manualEnterprise.Str("creditCode"), manualOutlet.Str("code"), manual.Str("pollutant"), manual.Str("samplingDate"), manual.Str("reportNumber")),
            manual.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task PlanProgressReportsCarryTheirLeaf()
    {
        var reports = (await Client.GetJsonAsync("/api/v1/plan/progress?limit=3")).Results().ToList();
        Assert.NotEmpty(reports);
        foreach (var r in reports)
        {
            await AssertLoggedAsync(r, "plan-reports", Id(r.Str("targetId"), r.Str("period"), r.Str("reportingBody")), r.GetProperty("version").GetInt64());
        }
    }

    [Fact]
    public async Task GraphQLGivesTheSameLogReferenceAsRest()
    {
        var penalty = (await Client.GetJsonAsync("/api/v1/penalties?limit=1")).Results().First();
        using var response = await Client.PostAsync(new Uri("/graphql", UriKind.Relative), new StringContent(
            JsonSerializer.Serialize(new { query = "{ penalties(first: 1) { edges { node { decisionNumber log { index sha256 } } } } }" }), Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var node = JsonDocument.Parse(body).RootElement.GetProperty("data").GetProperty("penalties").GetProperty("edges")[0].GetProperty("node");
        Assert.Equal(penalty.Str("decisionNumber"), node.Str("decisionNumber"));
        Assert.Equal(penalty.GetProperty("log").GetProperty("index").GetInt64(), node.GetProperty("log").GetProperty("index").GetInt64());
        Assert.Equal(penalty.GetProperty("log").Str("sha256"), node.GetProperty("log").Str("sha256"));
    }

    [Theory]
    [InlineData("", "在透明日志中的证明：", "日志证明")]
    [InlineData("/en", "Proof in the transparency log: ", "log proof")]
    public async Task RecordPagesLinkTheirInclusionProofAndRecordBytesInBothLanguages(string language, string heading, string compact)
    {
        var penalty = (await Client.GetJsonAsync("/api/v1/penalties?limit=1")).Results().First();
        var warning = (await Client.GetJsonAsync("/api/v1/warnings?limit=1")).Results().First().Str("id");
        var enterprise = (await Client.GetJsonAsync("/api/v1/enterprises?limit=1")).Results().First().Str("creditCode");
        var measure = (await Client.GetJsonAsync("/api/v1/plan/progress?limit=1")).Results().First().Str("measureId");
        foreach (var (page, text) in new[]
        {
            ($"{language}/penalties/{penalty.GetProperty("id").GetInt64()}", heading),
            ($"{language}/enterprises/{enterprise}", heading),
            ($"{language}/warnings/{warning}", compact),
            ($"{language}/plan/{measure}", compact),
        })
        {
            var html = await Client.GetStringAsync(new Uri(page, UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.Contains(text, html, StringComparison.Ordinal);
            var links = System.Text.RegularExpressions.Regex.Matches(html, "href=\"(/(?:api/v1/log/proof/inclusion|log/records/)[^\"]*)\"")
                .Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
            Assert.True(links.Count >= 2, $"{page} links {links.Count} proof or record-bytes URLs");
            foreach (var link in links.Take(4))
            {
                using var response = await Client.GetAsync(new Uri(link, UriKind.Relative), TestContext.Current.CancellationToken);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{page} links {link}: {(int)response.StatusCode}");
            }
        }

        // The penalty page's proof is the proof of the decision's current version, and names its leaf.
        var html2 = await Client.GetStringAsync(new Uri($"{language}/penalties/{penalty.GetProperty("id").GetInt64()}", UriKind.Relative), TestContext.Current.CancellationToken);
        var id = Id(penalty.Str("decisionNumber"));
        Assert.Contains(WebUtility.HtmlEncode($"/api/v1/log/proof/inclusion?dataset=penalties&id={id}&version={penalty.GetProperty("version").GetInt64()}"), html2, StringComparison.Ordinal);
        Assert.Contains(penalty.GetProperty("log").Str("sha256"), html2, StringComparison.Ordinal);
    }

    /// <summary>
    /// log.sha256 is the SHA-256 of the served record bytes; log.index is the leaf the inclusion proof names, whose
    /// envelope names this dataset, id, version and hash, and whose audit path leads to the checkpoint's root.
    /// </summary>
    private async Task AssertLoggedAsync(JsonElement record, string dataset, string id, long version)
    {
        Assert.True(record.TryGetProperty("log", out var log) && log.ValueKind == JsonValueKind.Object, $"{dataset}/{id} v{version} has no log: {record}");
        var sha = log.Str("sha256");
        var index = log.GetProperty("index").GetInt64();
        var bytes = await Client.GetByteArrayAsync(new Uri($"/log/records/{dataset}/{id}/v{version}.json", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), sha);

        var proof = (await Client.GetJsonAsync($"/api/v1/log/proof/inclusion?dataset={dataset}&id={id}&version={version}")).GetProperty("result");
        Assert.Equal(index, proof.GetProperty("leafIndex").GetInt64());
        var envelope = proof.Str("envelope");
        Assert.StartsWith($"bluesky-log/v1\nkind record\ndataset {dataset}\nid {id}\nversion {version}\nsha256 {sha}\n", envelope, StringComparison.Ordinal);
        var lines = proof.Str("checkpoint").Split('\n');
        var size = long.Parse(lines[1], CultureInfo.InvariantCulture);
        var root = Convert.FromBase64String(lines[2]);
        var path = proof.GetProperty("auditPath").EnumerateArray().Select(h => Convert.FromBase64String(h.GetString()!)).ToList();
        Assert.True(InclusionRoot(index, size, SHA256.HashData([0x00, .. Encoding.UTF8.GetBytes(envelope)]), path) is { } computed && computed.AsSpan().SequenceEqual(root),
            $"the audit path of {dataset}/{id} v{version} (leaf {index} of {size}) does not lead to the checkpoint's root");
    }

    /// <summary>RFC 9162 §2.1.3.2: the root an audit path gives for leaf <paramref name="index"/> of a tree of <paramref name="size"/> leaves; null when the path is malformed.</summary>
    private static byte[]? InclusionRoot(long index, long size, byte[] leafHash, List<byte[]> path)
    {
        if (index >= size)
        {
            return null;
        }

        var (fn, sn, r) = (index, size - 1, leafHash);
        foreach (var p in path)
        {
            if (sn == 0)
            {
                return null;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = SHA256.HashData([0x01, .. p, .. r]);
                while ((fn & 1) == 0 && fn != 0)
                {
                    (fn, sn) = (fn >> 1, sn >> 1);
                }
            }
            else
            {
                r = SHA256.HashData([0x01, .. r, .. p]);
            }

            (fn, sn) = (fn >> 1, sn >> 1);
        }

        return sn == 0 ? r : null;
    }

    /// <summary>A station-hour's log id: the station and the hour's end in China time (UTC+8), to the hour.</summary>
    private static string HourId(string station, string time) =>
        Id(station, DateTimeOffset.Parse(time, CultureInfo.InvariantCulture).ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture));

    /// <summary>A log id as publication.md defines it: parts joined by '.', A–Z a–z 0–9 - kept, every other byte of the UTF-8 as _XX.</summary>
    private static string Id(params string[] parts) => string.Join('.', parts.Select(part =>
    {
        var sb = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(part))
        {
            sb.Append(b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-'
                ? ((char)b).ToString() : "_" + b.ToString("X2", CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }));
}
