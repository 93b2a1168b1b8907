using System.Data.Common;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Public.Web.Enterprises;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Enterprises;

/// <summary>The registry's versions (append-only, reason = changed fields) and its CSV import (file:line [column]: reason).</summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class EnterpriseVersionsAndCsvTests
{
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static EnterpriseImportSummary Import(PublicWebApp app, string name, IEnumerable<Enterprise> enterprises) =>
        app.Services.GetRequiredService<EnterpriseImporter>().Import([app.WriteText(name, JsonSerializer.Serialize(new { enterprises }, Indented))]);

    [Fact]
    public async Task AnIdenticalReimportAddsNothingAndAChangedOneAddsAVersionNamingTheChangedFields()
    {
        using var app = new PublicWebApp();
        var e = DemoEnterprises.All[0];
        Assert.True(Import(app, "first.json", [e, DemoEnterprises.All[1]]).Clean);

        var same = Import(app, "same.json", [e, DemoEnterprises.All[1]]);
        Assert.Equal((0, 0, 2), (same.New, same.NewVersions, same.Unchanged));

        var changed = e with
        {
            Name = "示例改名热电有限公司",
            ListEntries = [.. e.ListEntries, new ListEntry(2022, "大气")],
            Outlets = [e.Outlets[0] with { HeightM = 80m }],
        };
        var second = Import(app, "second.json", [DemoEnterprises.All[1], changed]);
        Assert.Equal((0, 1, 1), (second.New, second.NewVersions, second.Unchanged));

        var versions = (await app.Client.GetJsonAsync($"/api/v1/enterprises/{e.CreditCode}/versions")).Results().ToList();
        Assert.Equal(2, versions.Count);
        Assert.Equal((1, "first.json", 3, JsonValueKind.Null), (versions[0].GetProperty("version").GetInt32(), versions[0].Str("source"),
            versions[0].GetProperty("sourceLine").GetInt32(), versions[0].GetProperty("reason").ValueKind));
        Assert.Equal(e.Name, versions[0].GetProperty("enterprise").Str("name"));
        // In second.json the changed enterprise is the second object of the indented array: line 3 + the lines of the first.
        var firstLines = JsonSerializer.Serialize(DemoEnterprises.All[1], Indented).Split('\n').Length;
        Assert.Equal((2, "second.json", 3 + firstLines), (versions[1].GetProperty("version").GetInt32(), versions[1].Str("source"), versions[1].GetProperty("sourceLine").GetInt32()));
        Assert.Equal($"changed: name {e.Name} → 示例改名热电有限公司; listEntries +2022:大气; outlets[DA001]: heightM 60 → 80", versions[1].Str("reason"));
        Assert.NotEqual(versions[0].GetProperty("batchId").GetInt64(), versions[1].GetProperty("batchId").GetInt64());

        // The current state is the latest version.
        var current = (await app.Client.GetJsonAsync($"/api/v1/enterprises/{e.CreditCode}")).GetProperty("result");
        Assert.Equal("示例改名热电有限公司", current.Str("name"));
        Assert.Equal(80m, current.GetProperty("outlets")[0].GetProperty("heightM").GetDecimal());
        var in2022 = await app.Client.GetJsonAsync("/api/v1/enterprises?year=2022");
        Assert.Equal(1, in2022.GetProperty("meta").GetProperty("found").GetInt32());
    }

    [Fact]
    public void TheVersionTableRefusesUpdateAndDelete()
    {
        using var app = new PublicWebApp();
        Assert.True(Import(app, "r.json", [DemoEnterprises.All[0]]).Clean);
        using var connection = app.OpenStore();
        foreach (var sql in new[] { "UPDATE enterprise_version SET reason = 'x'", "DELETE FROM enterprise_version" })
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            var error = Assert.ThrowsAny<DbException>(() => command.ExecuteNonQuery());
            Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheSampleCsvImportsWithItsOutletsPollutantsAndListYears()
    {
        using var app = new PublicWebApp();
        var sample = Path.Combine(RepositoryRoot(), "content", "samples", "enterprises", "registry.csv");

        var summary = app.Services.GetRequiredService<EnterpriseImporter>().Import([sample]);

        Assert.True(summary.Clean, string.Join('\n', summary.Problems));
        Assert.Equal((3, 3), (summary.Enterprises, summary.New));
        // Read off the sample file: the power plant's rows 2–5.
        var plant = (await app.Client.GetJsonAsync("/api/v1/enterprises/91210711PDY400013M")).GetProperty("result");
        Assert.Equal(("示例样表热电有限公司", "太和区", "SAMPLE-PERMIT-0001"), (plant.Str("name"), plant.Str("district"), plant.Str("permitNumber")));
        Assert.Equal([2019, 2020], plant.GetProperty("listEntries").EnumerateArray().Select(l => l.GetProperty("year").GetInt32()));
        var outlets = plant.GetProperty("outlets");
        Assert.Equal(2, outlets.GetArrayLength());
        Assert.Equal(("DA001", "main", 120m, "JZSAMPLE000101", 6m, "2020-01-01"), (outlets[0].Str("code"), outlets[0].Str("type"),
            outlets[0].GetProperty("heightM").GetDecimal(), outlets[0].Str("mn"), outlets[0].GetProperty("referenceOxygen").GetDecimal(), outlets[0].Str("specialLimitsFrom")));
        Assert.Equal(["a34013:30:20", "a21026:200:50", "a21002:100:100"], outlets[0].GetProperty("pollutants").EnumerateArray()
            .Select(p => $"{p.Str("code")}:{p.GetProperty("limit").GetDecimal()}:{p.GetProperty("specialLimit").GetDecimal()}"));
        Assert.Equal(("DA002", "manual", JsonValueKind.Null), (outlets[1].Str("code"), outlets[1].Str("monitoring"), outlets[1].GetProperty("pollutants")[0].GetProperty("specialLimit").ValueKind));
        var chemical = (await app.Client.GetJsonAsync("/api/v1/enterprises/91210781PDY40003XL")).GetProperty("result");
        Assert.Equal(0, chemical.GetProperty("outlets").GetArrayLength());

        // The same file again adds nothing.
        var again = app.Services.GetRequiredService<EnterpriseImporter>().Import([sample]);
        Assert.Equal((0, 0, 3), (again.New, again.NewVersions, again.Unchanged));
    }

    [Fact]
    public void ACsvWithProblemsIsRejectedWholeWithFileLineColumnAndReason()
    {
        using var app = new PublicWebApp();
        const string Header = "creditCode,name,industry,district,listYears,outletCode,outletType,heightM,monitoring,referenceOxygen,pollutant,limit";
        var csv = string.Join('\n',
            Header,
            "91210711PDY400013M,示例甲,火力发电,太和区,2019,DA001,main,120,automatic,6,a21026,200",
            "91210711PDY400013M,示例乙,,,,DA001,,,,,a21002,100",
            "91210711PDY400013M,,,,,DA002,stack,abc,manual,,a34013,30",
            "91210703PDY400021Y,示例丙,供热,凌河区,2019,,,,,,,",
            "91210781PDY40003XL,示例丁,化工,凌海市,20x9,DA001,main,60,automatic,9,SO2,50",
            "91210781PDY40003XL,,,,,DA001,,,,,a21026,-5",
            "91210781PDY40003XL,,,,,DA001,,,,,a21026,40");
        var file = app.WriteText("bad.csv", csv + "\n");

        var summary = app.Services.GetRequiredService<EnterpriseImporter>().Import([file]);

        Assert.Equal(1, summary.FilesRejected);
        var problems = summary.Problems.Select(p => p.ToString()).ToList();
        Assert.Contains("bad.csv:3 [name]: '示例乙' differs from '示例甲' at line 2 for the same enterprise 91210711PDY400013M (leave it blank or repeat it exactly)", problems);
        Assert.Contains("bad.csv:4 [heightM]: 'abc' is not a number (use a decimal point, no thousands separator or unit)", problems);
        Assert.Contains("bad.csv:4 [outletType]: 'stack' is not main or general", problems);
        Assert.Contains(problems, p => p.StartsWith("bad.csv:5 [creditCode]: bad credit code (GB 32100-2015): check digit", StringComparison.Ordinal));
        Assert.Contains("bad.csv:6 [listYears]: '20x9' is not a year or year:category such as 2019 or 2019:大气", problems);
        Assert.Contains("bad.csv:6 [pollutant]: 'SO2' is not an HJ 212 pollutant code (a letter and 5 digits, e.g. a21026)", problems);
        Assert.Contains("bad.csv:7 [limit]: limits are positive mg/m³", problems);
        Assert.Contains("bad.csv:8 [pollutant]: outlet DA001 lists a21026 twice (first at line 7)", problems);
        Assert.Equal(8, problems.Count);
        Assert.Empty(app.Services.GetRequiredService<EnterpriseStore>().List(null, null, null, 0, 10, out _));
    }

    [Fact]
    public void CsvValuesCheckedAfterReadingNameTheirRowAndColumn()
    {
        using var app = new PublicWebApp();
        var csv = string.Join('\n',
            "creditCode,name,industry,district,listYears,outletCode,outletType,monitoring,pollutant,limit,mn",
            "91210781PDY40003XL,示例丁,化工,凌海市,2019,DA001,main,automatic,a21026,50,",
            "91210781PDY40003XL,,,,,DA001,,,SO2,50,",
            "91210781PDY40003XL,,,,,DA002,general,weekly,a21002,-5,");
        var file = app.WriteText("late.csv", csv + "\n");

        var problems = app.Services.GetRequiredService<EnterpriseImporter>().Import([file]).Problems.Select(p => p.ToString()).ToList();

        Assert.Equal(
        [
            "late.csv:3 [pollutant]: 'SO2' is not an HJ 212 pollutant code (a letter and 5 digits, e.g. a21026)",
            "late.csv:4 [limit]: limits are positive mg/m³",
            "late.csv:4 [monitoring]: 'weekly' is not automatic or manual",
        ], problems.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ChineseColumnNamesAndOutletValuesAreAccepted()
    {
        using var app = new PublicWebApp();
        var csv = string.Join('\n',
            "统一社会信用代码,单位名称,行业,区县,名录年份,排放口编号,排放口类型,排放口高度,监测方式,基准氧含量,MN,污染物代码,排放限值,特别排放限值,特别排放限值起始日期",
            "91210781PDY40003XL,示例丁,化工,凌海市,2019 2020,DA001,主要排放口,60,自动监测,9,JZCSV01,a21026,400,200,2020-01-01",
            "91210781PDY40003XL,,,,,DA002,一般排放口,20,手工监测,,,a34013,80,,");
        var file = app.WriteText("中文表头.csv", csv + "\n", bom: true);

        var summary = app.Services.GetRequiredService<EnterpriseImporter>().Import([file]);

        Assert.True(summary.Clean, string.Join('\n', summary.Problems));
        var e = app.Services.GetRequiredService<EnterpriseStore>().Get("91210781PDY40003XL")!;
        Assert.Equal(("示例丁", "凌海市"), (e.Name, e.District));
        Assert.Equal([("DA001", "main", "automatic", "JZCSV01"), ("DA002", "general", "manual", (string?)null)],
            e.Outlets.Select(o => (o.Code, o.Type, o.Monitoring, o.Mn)));
        Assert.Equal(new OutletPollutant("a21026", 400m, 200m), e.Outlets[0].Pollutants.Single());
        Assert.Equal(new DateOnly(2020, 1, 1), e.Outlets[0].SpecialLimitsFrom);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Public.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Public.sln not found above " + AppContext.BaseDirectory);
    }
}
