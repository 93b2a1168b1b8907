using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Public.Standards.Identifiers;
using Public.Web.Enterprises;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Enterprises;

/// <summary>The key-polluter registry: the demo enterprises, the JSON import and its problems, and the REST API.</summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class EnterpriseRegistryTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public void DemoEnterprisesAreFictionalWithValidPdyCodesAndUniqueMns()
    {
        var all = DemoEnterprises.All;

        Assert.Equal(30, all.Count);
        Assert.All(all, e =>
        {
            Assert.StartsWith("示例", e.Name, StringComparison.Ordinal);
            Assert.True(UnifiedSocialCreditCode.IsValid(e.CreditCode), e.CreditCode);
            // GB 11714-1997 internal range, in the PDY3xxxx block (penalties use PDY0…, warnings PDY2…).
            Assert.Equal("PDY3", e.CreditCode[8..12]);
            Assert.NotEmpty(e.Outlets);
            Assert.Equal(Outlet.Main, e.Outlets[0].Type);
        });
        Assert.Equal(30, all.Select(e => e.CreditCode).Distinct().Count());
        var mns = all.SelectMany(e => e.Outlets).Where(o => o.Mn is not null).Select(o => o.Mn!).ToList();
        Assert.Equal(mns.Count, mns.Distinct().Count());
        Assert.All(mns, mn => Assert.True(mn.Length <= 24));
    }

    [Fact]
    public void DemoEnterprisesPassTheImportRules()
    {
        using var app = new PublicWebApp();
        var file = app.WriteText("demo.json", JsonSerializer.Serialize(new { enterprises = DemoEnterprises.All }, Web));

        var content = EnterpriseFile.Read(file);

        Assert.Empty(content.Problems);
        var read = content.Enterprises.Select(p => p.Enterprise).ToList();
        Assert.Equal(DemoEnterprises.All.Select(e => e.CreditCode), read.Select(e => e.CreditCode));
        Assert.Equal(JsonSerializer.Serialize(DemoEnterprises.All, Web), JsonSerializer.Serialize(read, Web));
    }

    [Fact]
    public async Task ImportedEnterprisesAreListedFilteredAndShownWithTheirOutlets()
    {
        using var app = new PublicWebApp();
        var summary = Import(app, DemoEnterprises.All.Take(10));
        Assert.True(summary.Clean, string.Join('\n', summary.Problems));
        Assert.Equal((10, 10, 0), (summary.Enterprises, summary.New, summary.NewVersions));

        var all = await app.Client.GetJsonAsync("/api/v1/enterprises");
        Assert.Equal(10, all.GetProperty("meta").GetProperty("found").GetInt32());
        Assert.False(all.GetProperty("meta").GetProperty("demo").GetBoolean());

        var expectedInDistrict = DemoEnterprises.All.Take(10).Count(e => e.District == "太和区");
        var district = await app.Client.GetJsonAsync("/api/v1/enterprises?district=太和区");
        Assert.Equal(expectedInDistrict, district.GetProperty("meta").GetProperty("found").GetInt32());
        Assert.All(district.GetProperty("results").EnumerateArray(), e => Assert.Equal("太和区", e.GetProperty("district").GetString()));

        var expectedIn2018 = DemoEnterprises.All.Take(10).Count(e => e.ListEntries.Any(l => l.Year == 2018));
        var year = await app.Client.GetJsonAsync("/api/v1/enterprises?year=2018&industry=火力发电");
        Assert.Equal(DemoEnterprises.All.Take(10).Count(e => e.Industry == "火力发电" && e.ListEntries.Any(l => l.Year == 2018)),
            year.GetProperty("meta").GetProperty("found").GetInt32());
        Assert.True(expectedIn2018 < 10, "some demo enterprise joined the list after 2018");

        var code = DemoEnterprises.All[4].CreditCode;
        var one = (await app.Client.GetJsonAsync($"/api/v1/enterprises/{code}")).GetProperty("result");
        Assert.Equal(DemoEnterprises.All[4].Name, one.GetProperty("name").GetString());
        var outlet = one.GetProperty("outlets")[0];
        Assert.Equal("main", outlet.GetProperty("type").GetString());
        Assert.Equal("automatic", outlet.GetProperty("monitoring").GetString());
        Assert.Equal("a21026", outlet.GetProperty("pollutants")[1].GetProperty("code").GetString());
        Assert.Equal(400m, outlet.GetProperty("pollutants")[1].GetProperty("limit").GetDecimal());
        Assert.Equal(200m, outlet.GetProperty("pollutants")[1].GetProperty("specialLimit").GetDecimal());
        Assert.Equal("2020-01-01", outlet.GetProperty("specialLimitsFrom").GetString());

        var outlets = await app.Client.GetJsonAsync($"/api/v1/enterprises/{code}/outlets");
        Assert.Equal(DemoEnterprises.All[4].Outlets.Count, outlets.GetProperty("results").GetArrayLength());
        Assert.Contains("mg/m³", outlets.GetProperty("meta").GetProperty("units").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CsvListsEnterprisesAndOutletPollutants()
    {
        using var app = new PublicWebApp();
        Import(app, DemoEnterprises.All.Take(3));

        var list = await GetTextAsync(app, "/api/v1/enterprises?format=csv");
        var lines = list.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("creditCode,name,industry,district,", lines[0], StringComparison.Ordinal);
        Assert.Equal(4, lines.Length);

        var e = DemoEnterprises.All[2];
        var outlets = await GetTextAsync(app, $"/api/v1/enterprises/{e.CreditCode}/outlets?format=csv");
        var rows = outlets.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1 + e.Outlets.Sum(o => o.Pollutants.Count), rows.Length);
        Assert.Contains("limitMgPerM3", rows[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMalformedCodeIs400NamingTheCheckDigitAndAnUnknownOne404()
    {
        using var app = new PublicWebApp();

        var bad = await app.Client.GetProblemAsync("/api/v1/enterprises/91210711PDY300014G", HttpStatusCode.BadRequest);
        Assert.Equal("creditCode", bad.GetProperty("parameter").GetString());
        Assert.Contains("check digit", bad.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var unknown = await app.Client.GetProblemAsync($"/api/v1/enterprises/{DemoEnterprises.CreditCode(0)}", HttpStatusCode.NotFound);
        Assert.Equal("creditCode", unknown.GetProperty("parameter").GetString());

        var year = await app.Client.GetProblemAsync("/api/v1/enterprises?year=19", HttpStatusCode.BadRequest);
        Assert.Equal("year", year.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task AFileWithAnyProblemIsRejectedWholeWithFileAndFieldNamed()
    {
        using var app = new PublicWebApp();
        var good = DemoEnterprises.All[0];
        var badCode = DemoEnterprises.All[1] with { CreditCode = DemoEnterprises.All[1].CreditCode[..17] + (DemoEnterprises.All[1].CreditCode[17] == '0' ? "1" : "0") };
        var badOutlet = DemoEnterprises.All[2] with { Outlets = [DemoEnterprises.All[2].Outlets[0] with { Type = "stack" }] };
        var file = app.WriteText("registry.json", JsonSerializer.Serialize(new { enterprises = new[] { good, badCode, badOutlet } }, Web));

        var summary = app.Services.GetRequiredService<EnterpriseImporter>().Import([file]);

        Assert.Equal(1, summary.FilesRejected);
        // The file is one line of JSON: every enterprise starts on line 1.
        Assert.Contains(summary.Problems, p => p.ToString().StartsWith("registry.json:1 [enterprises[1].creditCode]: bad credit code (GB 32100-2015): check digit", StringComparison.Ordinal));
        Assert.Contains(summary.Problems, p => p.ToString() == "registry.json:1 [enterprises[2].outlets[0].type]: 'stack' is not main or general");
        var list = await app.Client.GetJsonAsync("/api/v1/enterprises");
        Assert.Equal(0, list.GetProperty("meta").GetProperty("found").GetInt32());
    }

    [Fact]
    public void AnMnAlreadyUsedByAnotherEnterpriseIsRefused()
    {
        using var app = new PublicWebApp();
        Import(app, DemoEnterprises.All.Take(1));
        var other = DemoEnterprises.All[1];
        var clash = other with { Outlets = [other.Outlets[0] with { Mn = DemoEnterprises.All[0].Outlets[0].Mn }] };

        var summary = Import(app, [clash]);

        var problem = Assert.Single(summary.Problems).ToString();
        Assert.Contains($"[enterprises[0].outlets[0].mn]: MN {DemoEnterprises.All[0].Outlets[0].Mn} already belongs to an outlet of {DemoEnterprises.All[0].CreditCode}", problem, StringComparison.Ordinal);
        Assert.Equal(1, summary.FilesRejected);
    }

    [Fact]
    public void ReimportWithAChangeAddsAVersionAndKeepsOneCurrentRowPerEnterprise()
    {
        using var app = new PublicWebApp();
        Import(app, DemoEnterprises.All.Take(2));

        var again = Import(app, [DemoEnterprises.All[0] with { Name = "示例改名有限公司" }]);

        Assert.Equal((1, 0, 1, 0), (again.Enterprises, again.New, again.NewVersions, again.Unchanged));
        var store = app.Services.GetRequiredService<EnterpriseStore>();
        Assert.Equal("示例改名有限公司", store.Get(DemoEnterprises.All[0].CreditCode)!.Name);
        store.List(null, null, null, 0, 100, out var found);
        Assert.Equal(2, found);
    }

    [Fact]
    public async Task ADemoDatabaseHasTheThirtyDemoEnterprises()
    {
        using var app = new PublicWebApp(demo: true, time: PublicWebApp.EarlyDemoClock, seededOnce: true);

        var list = await app.Client.GetJsonAsync("/api/v1/enterprises?limit=1");

        Assert.Equal(30, list.GetProperty("meta").GetProperty("found").GetInt32());
        Assert.True(list.GetProperty("meta").GetProperty("demo").GetBoolean());

        // Demo CEMS data: enterprise 0's episode of 2019-12-12 08:00-10:00 exceeds, marked and labelled.
        var plant = DemoEnterprises.All[0];
        var series = await app.Client.GetJsonAsync($"/api/v1/enterprises/{plant.CreditCode}/outlets/{plant.Outlets[0].Code}/hourly?pollutant=a21026&from=2019-12-01&to=2020-01-31");
        Assert.Contains("企业自行监测数据，未经生态环境部门审核", series.GetProperty("meta").GetProperty("source").GetString(), StringComparison.Ordinal);
        var exceeded = series.Results().Where(r => r.GetProperty("exceeded").ValueKind == JsonValueKind.True).ToList();
        Assert.Equal(["2019-12-12T08:00:00", "2019-12-12T09:00:00", "2019-12-12T10:00:00", "2020-01-15T20:00:00", "2020-01-15T21:00:00"],
            exceeded.Select(r => r.Str("dataTime")));
        Assert.All(exceeded, r => Assert.InRange(r.GetProperty("multiple").GetDecimal(), 1.75m, 1.85m));
        Assert.Contains(series.Results(), r => r.Str("flag") == "M" && r.GetProperty("exceeded").ValueKind == JsonValueKind.Null);
        var rate = await app.Client.GetJsonAsync($"/api/v1/enterprises/{plant.CreditCode}/outlets/{plant.Outlets[0].Code}/data-rate?pollutant=a21026&year=2019");
        Assert.InRange(rate.Results().ElementAt(11).GetProperty("rate").GetDecimal(), 0.95m, 0.99m);
    }

    private static EnterpriseImportSummary Import(PublicWebApp app, IEnumerable<Enterprise> enterprises)
    {
        var file = app.WriteText($"e-{Guid.NewGuid():N}.json", JsonSerializer.Serialize(new { enterprises }, Web));
        return app.Services.GetRequiredService<EnterpriseImporter>().Import([file]);
    }

    private static async Task<string> GetTextAsync(PublicWebApp app, string url)
    {
        using var response = await app.Client.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        return Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }
}
