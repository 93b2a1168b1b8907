using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Warnings;

/// <summary>The Atom feed and the CAP 1.2 feed (OASIS CAP 1.2, urn:oasis:names:tc:emergency:cap:1.2) of the sample warnings.</summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed partial class WarningFeedTests : IDisposable
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Cap = "urn:oasis:names:tc:emergency:cap:1.2";

    // CAP 1.2 §3.2 value lists.
    private static readonly string[] Statuses = ["Actual", "Exercise", "System", "Test", "Draft"];
    private static readonly string[] MsgTypes = ["Alert", "Update", "Cancel", "Ack", "Error"];
    private static readonly string[] Scopes = ["Public", "Restricted", "Private"];
    private static readonly string[] Categories = ["Geo", "Met", "Safety", "Security", "Rescue", "Fire", "Health", "Env", "Transport", "Infra", "CBRNE", "Other"];
    private static readonly string[] ResponseTypes = ["Shelter", "Evacuate", "Prepare", "Execute", "Avoid", "Monitor", "Assess", "AllClear", "None"];
    private static readonly string[] Urgencies = ["Immediate", "Expected", "Future", "Past", "Unknown"];
    private static readonly string[] Severities = ["Extreme", "Severe", "Moderate", "Minor", "Unknown"];
    private static readonly string[] Certainties = ["Observed", "Likely", "Possible", "Unlikely", "Unknown"];

    // CAP 1.2 schema order of the children of <alert> and <info> (xs:sequence).
    private static readonly string[] AlertOrder =
        ["identifier", "sender", "sent", "status", "msgType", "source", "scope", "restriction", "addresses", "code", "note", "references", "incidents", "info"];

    private static readonly string[] InfoOrder =
    [
        "language", "category", "event", "responseType", "urgency", "severity", "certainty", "audience", "eventCode", "effective", "onset",
        "expires", "senderName", "headline", "description", "instruction", "web", "contact", "parameter", "resource", "area",
    ];

    private readonly WarningsApp _app = new(new DateTimeOffset(2023, 6, 1, 12, 0, 0, WarningsApp.China));

    public WarningFeedTests()
    {
        Assert.True(_app.ImportWarnings(WarningsApp.Sample("warnings.csv")).Clean);
    }

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task TheCapFeedIsAnAtomFeedWhoseEntriesLinkToAndCarryOneCapAlertEach()
    {
        var (feed, contentType) = await GetXmlAsync("/feeds/warnings.cap");

        Assert.Equal("application/atom+xml", contentType);
        Assert.Equal(Atom + "feed", feed.Root!.Name);
        Assert.NotNull(feed.Root.Element(Atom + "id"));
        Assert.NotNull(feed.Root.Element(Atom + "updated"));
        var entries = feed.Root.Elements(Atom + "entry").ToList();
        Assert.Equal(6, entries.Count); // the six events of the two sample warnings
        foreach (var entry in entries)
        {
            var inline = entry.Element(Atom + "content")!.Element(Cap + "alert")!;
            Assert.Equal("application/cap+xml", entry.Element(Atom + "content")!.Attribute("type")!.Value);
            var link = entry.Elements(Atom + "link").Single(l => (string?)l.Attribute("rel") == "alternate");
            Assert.Equal("application/cap+xml", (string?)link.Attribute("type"));
            var (alert, alertType) = await GetXmlAsync(new Uri(link.Attribute("href")!.Value).PathAndQuery);
            Assert.Equal("application/cap+xml", alertType);
            Assert.Equal(Cap + "alert", alert.Root!.Name);
            Assert.Equal(inline.Element(Cap + "identifier")!.Value, alert.Root.Element(Cap + "identifier")!.Value);
        }
    }

    [Fact]
    public async Task EveryAlertHasTheRequiredCapElementsWithValuesFromTheSpecLists()
    {
        foreach (var alert in await AlertsAsync())
        {
            var id = alert.Element(Cap + "identifier")!.Value;
            Assert.Matches(NoSpaceCommaLtAmp(), id);
            Assert.Matches(NoSpaceCommaLtAmp(), alert.Element(Cap + "sender")!.Value);
            Assert.Matches(CapDateTime(), alert.Element(Cap + "sent")!.Value);
            Assert.Equal("Actual", alert.Element(Cap + "status")!.Value);
            Assert.Contains(alert.Element(Cap + "status")!.Value, Statuses);
            Assert.Contains(alert.Element(Cap + "msgType")!.Value, MsgTypes);
            Assert.Equal("Public", alert.Element(Cap + "scope")!.Value);
            Assert.Contains(alert.Element(Cap + "scope")!.Value, Scopes);
            AssertInSchemaOrder(alert, AlertOrder);

            var infos = alert.Elements(Cap + "info").ToList();
            Assert.Equal(["zh-CN", "en-US"], infos.Select(i => i.Element(Cap + "language")!.Value));
            foreach (var info in infos)
            {
                Assert.Equal("Env", info.Element(Cap + "category")!.Value);
                Assert.Contains(info.Element(Cap + "category")!.Value, Categories);
                Assert.False(string.IsNullOrWhiteSpace(info.Element(Cap + "event")!.Value));
                Assert.All(info.Elements(Cap + "responseType"), r => Assert.Contains(r.Value, ResponseTypes));
                Assert.Contains(info.Element(Cap + "urgency")!.Value, Urgencies);
                Assert.Contains(info.Element(Cap + "severity")!.Value, Severities);
                Assert.Contains(info.Element(Cap + "certainty")!.Value, Certainties);
                Assert.Matches(CapDateTime(), info.Element(Cap + "onset")!.Value);
                Assert.All(info.Elements(Cap + "expires"), e => Assert.Matches(CapDateTime(), e.Value));
                Assert.False(string.IsNullOrWhiteSpace(info.Element(Cap + "headline")!.Value));
                Assert.False(string.IsNullOrWhiteSpace(info.Element(Cap + "description")!.Value));
                Assert.False(string.IsNullOrWhiteSpace(info.Element(Cap + "instruction")!.Value));
                AssertInSchemaOrder(info, InfoOrder);
                var area = info.Element(Cap + "area")!;
                Assert.False(string.IsNullOrWhiteSpace(area.Element(Cap + "areaDesc")!.Value));
                Assert.True(area.Elements(Cap + "polygon").Any() || area.Elements(Cap + "circle").Any(), $"{id}: an area needs a polygon or circle");
                Assert.All(area.Elements(Cap + "circle"), c => Assert.Matches(CapCircle(), c.Value));
            }
        }
    }

    [Fact]
    public async Task AWarningsMessagesAreAlertThenUpdatesThenCancelEachReferencingAllEarlierOnes()
    {
        var alerts = (await AlertsAsync())
            .Where(a => a.Element(Cap + "incidents")!.Value == "SAMPLE-2022-02")
            .OrderBy(a => DateTimeOffset.Parse(a.Element(Cap + "sent")!.Value, System.Globalization.CultureInfo.InvariantCulture))
            .ToList();

        Assert.Equal(["Alert", "Update", "Update", "Cancel"], alerts.Select(a => a.Element(Cap + "msgType")!.Value));
        // 黄色 → Moderate, 橙色 → Severe, back to 黄色, then the lift.
        Assert.Equal(["Moderate", "Severe", "Moderate", "Minor"], alerts.Select(a => a.Element(Cap + "info")!.Element(Cap + "severity")!.Value));
        Assert.Equal("Past", alerts[3].Element(Cap + "info")!.Element(Cap + "urgency")!.Value);
        Assert.Equal("AllClear", alerts[3].Element(Cap + "info")!.Element(Cap + "responseType")!.Value);
        Assert.Null(alerts[0].Element(Cap + "references"));
        for (var i = 1; i < alerts.Count; i++)
        {
            var expected = alerts.Take(i).Select(a => $"{a.Element(Cap + "sender")!.Value},{a.Element(Cap + "identifier")!.Value},{a.Element(Cap + "sent")!.Value}");
            Assert.Equal(expected.Order(StringComparer.Ordinal), alerts[i].Element(Cap + "references")!.Value.Split(' ').Order(StringComparer.Ordinal));
        }

        var area = alerts[0].Element(Cap + "info")!.Element(Cap + "area")!;
        Assert.Equal("锦州市古塔区、凌河区、太和区", area.Element(Cap + "areaDesc")!.Value);
        Assert.Equal(["210702", "210703", "210711"], area.Elements(Cap + "geocode").Select(g => g.Element(Cap + "value")!.Value));
        // expires: the end the notice announced.
        Assert.Equal("2022-12-18T12:00:00+08:00", alerts[0].Element(Cap + "info")!.Element(Cap + "expires")!.Value);
    }

    [Fact]
    public async Task ACorrectionIsAnUpdateThatReferencesTheCorrectedMessageAndSaysWhy()
    {
        var corrected = File.ReadAllText(WarningsApp.Sample("warnings.csv"))
            .Replace("2022-02-09T13:30+08:00,2022-02-11T00:00+08:00,orange", "2022-02-09T13:30+08:00,2022-02-11T12:00+08:00,orange", StringComparison.Ordinal);
        Assert.True(_app.ImportWarnings(_app.WriteText("corrected.csv", corrected)).Clean);

        var alerts = await AlertsAsync();

        var v2 = alerts.Single(a => a.Element(Cap + "identifier")!.Value.EndsWith("SAMPLE-2022-01.1.v2", StringComparison.Ordinal));
        Assert.Equal("Update", v2.Element(Cap + "msgType")!.Value);
        Assert.Contains("SAMPLE-2022-01.1.v1,", v2.Element(Cap + "references")!.Value, StringComparison.Ordinal);
        Assert.Contains("changed until", v2.Element(Cap + "note")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheAtomFeedHasOneEntryPerWarningWithTheRequiredAtomElements()
    {
        var (feed, contentType) = await GetXmlAsync("/feeds/warnings.atom");

        Assert.Equal("application/atom+xml", contentType);
        var root = feed.Root!;
        foreach (var required in new[] { "id", "title", "updated", "author" })
        {
            Assert.NotNull(root.Element(Atom + required));
        }

        Assert.Contains(root.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "self");
        var entries = root.Elements(Atom + "entry").ToList();
        Assert.Equal(["tag:jinzhou-blue-sky.open-data,2018:warnings/SAMPLE-2022-02", "tag:jinzhou-blue-sky.open-data,2018:warnings/SAMPLE-2022-01"],
            entries.Select(e => e.Element(Atom + "id")!.Value));
        foreach (var entry in entries)
        {
            Assert.Matches(CapDateTime(), entry.Element(Atom + "updated")!.Value);
            Assert.False(string.IsNullOrWhiteSpace(entry.Element(Atom + "title")!.Value));
        }

        Assert.Contains("橙色预警（Ⅱ级）", entries[0].Element(Atom + "title")!.Value, StringComparison.Ordinal);
        Assert.Equal("orange", entries[0].Element(Atom + "category")!.Attribute("term")!.Value);
    }

    [Fact]
    public async Task AnUnknownCapMessageIsANotFoundProblem()
    {
        var problem = await _app.Client.GetProblemAsync("/feeds/warnings/cap/nope.xml", HttpStatusCode.NotFound);

        Assert.Equal("identifier", problem.Str("parameter"));
    }

    private async Task<List<XElement>> AlertsAsync()
    {
        var (feed, _) = await GetXmlAsync("/feeds/warnings.cap");
        return feed.Root!.Elements(Atom + "entry").Select(e => e.Element(Atom + "content")!.Element(Cap + "alert")!).ToList();
    }

    private async Task<(XDocument Document, string? MediaType)> GetXmlAsync(string url)
    {
        using var response = await _app.Client.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} gave {(int)response.StatusCode}: {body}");
        return (XDocument.Parse(body), response.Content.Headers.ContentType?.MediaType);
    }

    private static void AssertInSchemaOrder(XElement element, string[] order)
    {
        var positions = element.Elements().Select(e => Array.IndexOf(order, e.Name.LocalName)).ToList();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order(), positions);
    }

    // CAP 1.2 §3.3.2: dateTime with an explicit offset, no "Z".
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")]
    private static partial Regex CapDateTime();

    [GeneratedRegex("^[^\\s,<&]+$")]
    private static partial Regex NoSpaceCommaLtAmp();

    // "lat,lon radius-km"
    [GeneratedRegex(@"^-?\d+(\.\d+)?,-?\d+(\.\d+)? \d+(\.\d+)?$")]
    private static partial Regex CapCircle();
}
