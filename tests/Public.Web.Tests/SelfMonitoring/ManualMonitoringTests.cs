using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Public.Web.Enterprises;
using Public.Web.SelfMonitoring;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.SelfMonitoring;

/// <summary>Manual monitoring results: import (CSV/JSON, whole file or nothing, versions) and the REST series.</summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class ManualMonitoringTests
{
    private const string Plant = "91210711PDY400013M";

    private static PublicWebApp App()
    {
        var app = new PublicWebApp(time: new FixedTime(new DateTimeOffset(2019, 12, 1, 12, 0, 0, TimeSpan.FromHours(8))));
        Assert.True(app.Services.GetRequiredService<EnterpriseImporter>().Import([Sample("enterprises", "registry.csv")]).Clean);
        return app;
    }

    private static string Sample(string folder, string file)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Public.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir!.FullName, "content", "samples", folder, file);
    }

    [Fact]
    public async Task TheSampleImportsAndIsServedWithCorrectionAndExceedance()
    {
        using var app = App();
        var importer = app.Services.GetRequiredService<ManualMonitoringImporter>();

        var summary = importer.Import([Sample("monitoring", "manual-results.csv")]);

        Assert.True(summary.Clean, string.Join('\n', summary.Problems));
        Assert.Equal((3, 3), (summary.Results, summary.New));
        var rows = (await app.Client.GetJsonAsync($"/api/v1/enterprises/{Plant}/outlets/DA002/manual")).Results().ToList();
        // From the sample file: 38.5 and 131.2 mg/m³ against 120 (no O2: compared as reported).
        Assert.Equal([("2019-03-12", 38.5m, false, "YBJC-2019-0031"), ("2019-06-18", 131.2m, true, "YBJC-2019-0107")],
            rows.Select(r => (r.Str("samplingDate")!, r.GetProperty("value").GetDecimal(), r.GetProperty("exceeded").GetBoolean(), r.Str("reportNumber")!)));
        Assert.Equal("示例样表检测有限公司", rows[0].Str("lab"));
        Assert.Equal("https://example.org/reports/YBJC-2019-0031.pdf", rows[0].Str("link"));
        // DA001 (reference O2 6 %): 24 at 9 % → 24 × 15 / 12 = 30, below 200.
        var so2 = (await app.Client.GetJsonAsync($"/api/v1/enterprises/{Plant}/outlets/DA001/manual")).Results().Single();
        Assert.Equal((30m, false), (so2.GetProperty("corrected").GetDecimal(), so2.GetProperty("exceeded").GetBoolean()));

        Assert.Equal((0, 0, 3), (importer.Import([Sample("monitoring", "manual-results.csv")]) is var again ? (again.New, again.NewVersions, again.Unchanged) : default));
    }

    [Fact]
    public async Task AChangedResultIsANewVersionWithTheChangedFields()
    {
        using var app = App();
        var importer = app.Services.GetRequiredService<ManualMonitoringImporter>();
        importer.Import([Sample("monitoring", "manual-results.csv")]);
        var corrected = app.WriteText("correction.json", JsonSerializer.Serialize(new[]
        {
            new { creditCode = Plant, outletCode = "DA002", pollutant = "a34013", samplingDate = "2019-06-18", value = 113.2m, unit = "mg/m³",
                limit = 120m, lab = "示例样表检测有限公司", reportNumber = "YBJC-2019-0107" },
        }));

        var summary = importer.Import([corrected]);

        Assert.Equal((0, 1), (summary.New, summary.NewVersions));
        var all = (await app.Client.GetJsonAsync($"/api/v1/enterprises/{Plant}/outlets/DA002/manual?versions=true&from=2019-06-01&to=2019-06-30")).Results().ToList();
        Assert.Equal([(1, true), (2, false)], all.Select(r => (r.GetProperty("version").GetInt32(), r.GetProperty("superseded").GetBoolean())));
        Assert.Equal("changed: value 131.2 → 113.2; link https://example.org/reports/YBJC-2019-0107.pdf → blank", all[1].Str("reason"));
        var current = (await app.Client.GetJsonAsync($"/api/v1/enterprises/{Plant}/outlets/DA002/manual?from=2019-06-01&to=2019-06-30")).Results().Single();
        Assert.Equal((113.2m, false), (current.GetProperty("value").GetDecimal(), current.GetProperty("exceeded").GetBoolean()));
    }

    [Fact]
    public void AFileWithProblemsIsRejectedWholeWithLineAndField()
    {
        using var app = App();
        var file = app.WriteText("bad.csv", string.Join('\n',
            "creditCode,outletCode,pollutant,samplingDate,value,unit,oxygen,limit,lab,reportNumber,link",
            "91210711PDY400013M,DA002,a34013,2019-03-12,38.5,mg/m³,,120,示例实验室,R1,",
            "91210711PDY400013M,DA009,a34013,2019-03-12,38.5,mg/m³,,120,示例实验室,R2,",
            "91210711PDY400013M,DA002,a34013,2019-13-01,-1,ppm,25,120,示例实验室,R3,ftp://x",
            "91210711PDY400013M,DA002,a34013,2019-12-02,1,mg/m³,,,示例实验室,R4,",
            "91210711PDY400013M,DA002,a34013,2019-03-12,40,mg/m³,,120,示例实验室,R1,",
            "91210711PDY400013M,DA002,,2019-03-12,40,mg/m³,,120,,R5,") + "\n");

        var summary = app.Services.GetRequiredService<ManualMonitoringImporter>().Import([file]);

        Assert.Equal(1, summary.FilesRejected);
        Assert.Equal(
        [
            "bad.csv:3 [outletCode]: 示例样表热电有限公司 has no outlet DA009 (outlets: DA001, DA002)",
            "bad.csv:4 [link]: 'ftp://x' is not an http(s) address",
            "bad.csv:4 [oxygen]: 25 is not an O2 content (0 to under 21 %)",
            "bad.csv:4 [samplingDate]: '2019-13-01' is not a date YYYY-MM-DD",
            "bad.csv:4 [unit]: 'ppm' is not one of mg/m³, mg/m3, µg/m³, ng/m³, mg/L, μg/L, 无量纲, dB(A), kg/h, %",
            "bad.csv:4 [value]: '-1' is not a number (use a decimal point, no sign, thousands separator or unit)",
            "bad.csv:5 [samplingDate]: 2019-12-02 is in the future",
            "bad.csv:6 [reportNumber]: the same result (enterprise, outlet, pollutant, sampling date, report) is already at line 2",
            "bad.csv:7 [lab]: missing",
            "bad.csv:7 [pollutant]: missing",
        ], summary.Problems.Select(p => p.ToString()).Order(StringComparer.Ordinal));
        Assert.Empty(app.Services.GetRequiredService<ManualResultStore>().ForOutlet(Plant, "DA002", null, null, true));
    }

    [Fact]
    public async Task TheDemoHasQuarterlyResultsForTheManualOutlets()
    {
        using var app = new PublicWebApp(demo: true, time: PublicWebApp.EarlyDemoClock, seededOnce: true);
        // Enterprise 4 (index 4) has three outlets; DA002 is manual, sampled each quarter of 2019; its Q3 particulate exceeds.
        var e = DemoEnterprises.All[4];
        var rows = (await app.Client.GetJsonAsync($"/api/v1/enterprises/{e.CreditCode}/outlets/DA002/manual")).Results().ToList();
        Assert.Equal(12, rows.Count);
        Assert.Equal(["2019-08-14"], rows.Where(r => r.GetProperty("exceeded").GetBoolean()).Select(r => r.Str("samplingDate")));
        Assert.Contains("企业自行监测数据，未经生态环境部门审核", (await app.Client.GetJsonAsync($"/api/v1/enterprises/{e.CreditCode}/outlets/DA002/manual")).GetProperty("meta").GetProperty("source").GetString(), StringComparison.Ordinal);
    }
}
