using System.Xml.Linq;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Push;

/// <summary>WebSub (W3C Recommendation 23 January 2018): discovery links in the Atom feeds and the publish ping to the hub.</summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class WebSubTests
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    [Fact]
    public async Task TheFeedsAdvertiseTheHubAndTheirSelfUrlAndTheHubIsPingedWhenThePenaltiesFeedChanges()
    {
        using var hub = new Receiver();
        using var app = new PublicWebApp(settings: new Dictionary<string, string>
        {
            ["WebSub:Hub"] = hub.Url,
            ["Site:BaseUrl"] = "https://open-data.example.org",
            ["Webhooks:PollMilliseconds"] = "50",
        });

        foreach (var feed in new[] { "/feeds/penalties.atom", "/feeds/warnings.atom", "/feeds/warnings.cap", "/feeds/plan.atom" })
        {
            var xml = XDocument.Parse(await app.Client.GetStringAsync(new Uri(feed, UriKind.Relative), TestContext.Current.CancellationToken));
            var links = xml.Root!.Elements(Atom + "link").ToDictionary(l => (string)l.Attribute("rel")!, l => (string)l.Attribute("href")!);
            Assert.Equal(hub.Url, links["hub"]);
            Assert.Equal("https://open-data.example.org" + feed, links["self"]);
        }

        var csv = Penalties.PenaltyRows.Csv(Penalties.PenaltyRows.Valid("测试罚〔2019〕301号", ("decisionDate", "2019-03-12")));
        var summary = app.Services.GetRequiredServiceOf<Public.Web.Penalties.Import.PenaltyImporter>().Import([app.WriteText("penalties.csv", csv)]);
        Assert.True(summary.Clean, string.Join("\n", summary.Problems));

        await PushWait.UntilAsync(() => !hub.Requests.IsEmpty, TimeSpan.FromSeconds(30), "a publish ping");
        var ping = Assert.Single(hub.Requests);
        Assert.StartsWith("application/x-www-form-urlencoded", ping.ContentType, StringComparison.Ordinal);
        var form = ping.Body.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p[1].Replace('+', ' ')));
        Assert.Equal("publish", form["hub.mode"]);
        Assert.Equal("https://open-data.example.org/feeds/penalties.atom", form["hub.url"]);
    }

    [Fact]
    public async Task WithoutAHubTheFeedsHaveNoHubLink()
    {
        using var app = new PublicWebApp();
        var xml = XDocument.Parse(await app.Client.GetStringAsync(new Uri("/feeds/penalties.atom", UriKind.Relative), TestContext.Current.CancellationToken));
        Assert.DoesNotContain(xml.Root!.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "hub");
        Assert.Contains(xml.Root!.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "self");
    }
}
