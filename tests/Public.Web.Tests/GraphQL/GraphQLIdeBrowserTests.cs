using Microsoft.Playwright;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.GraphQL;

/// <summary>
/// Browser tests: the GraphQL IDE in Debian's Chromium (Playwright cannot download browsers here) against the app
/// on real Kestrel with demo data.
/// </summary>
[Trait("Category", "Browser")]
[Collection(DemoOnKestrel.Name)]
public sealed class GraphQLIdeBrowserTests(DemoKestrelApp demo)
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task IdePageLoadsInChromiumAndRunsTheFirstExampleQuery()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} not found: run tests/run.sh, which installs Debian's chromium package.");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync();
        var failed = new List<string>();
        page.RequestFailed += (_, request) => failed.Add(request.Url);
        page.PageError += (_, error) => failed.Add("script error: " + error);

        var graphqlResponses = new List<IResponse>();
        page.Response += (_, response) =>
        {
            if (response.Url.EndsWith("/graphql", StringComparison.Ordinal))
            {
                lock (graphqlResponses)
                {
                    graphqlResponses.Add(response);
                }
            }
        };

        await page.GotoAsync(new Uri(demo.BaseAddress, "/graphql/ui").ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Execute query (Ctrl-Enter)" }).ClickAsync();

        var result = page.Locator(".graphiql-response");
        await Assertions.Expect(result).ToContainTextAsync("\"code\": \"1767A\"", new() { Timeout = 30_000 });
        await Assertions.Expect(result).ToContainTextAsync("\"primaryPollutants\"");
        await Assertions.Expect(result).Not.ToContainTextAsync("\"errors\"");
        Assert.Empty(failed);

        // GraphiQL introspected the schema at load (docs, completion): that passed the limits too.
        var bodies = new List<string>();
        foreach (var response in graphqlResponses.ToList())
        {
            bodies.Add(await response.TextAsync());
        }

        var schema = Assert.Single(bodies, b => b.Contains("\"__schema\"", StringComparison.Ordinal));
        Assert.DoesNotContain("\"errors\"", schema, StringComparison.Ordinal);
        Assert.Contains("\"Station\"", schema, StringComparison.Ordinal);
    }
}
