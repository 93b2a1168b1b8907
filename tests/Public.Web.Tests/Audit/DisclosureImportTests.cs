using System.Data.Common;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Public.Web.AirQuality.Import;
using Public.Web.Disclosures.Import;
using Public.Web.Enterprises;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Audit;

/// <summary>
/// <c>import disclosures</c> and <c>import statements</c>: problems as file:line [field]: reason, each file atomic,
/// identical re-import adds nothing, a changed record needs a correctionReason and becomes a version, the stores refuse
/// UPDATE and DELETE, and a demo database refuses imports.
/// </summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class DisclosureImportTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private static readonly Enterprise Power = DemoEnterprises.All[0];

    // A valid code that is not in the registry of these tests (only the first two demo enterprises are).
    private static readonly string Unregistered = DemoEnterprises.CreditCode(5);

    private const string Header = "id,creditCode,kind,year,filedDate,categories,claimsNoExceedance,reportedExceedanceHours,triggerDecisionNumber,triggerReceivedDate,url,sha256,correctionReason";

    private static PublicWebApp App()
    {
        var app = new PublicWebApp();
        var registry = app.WriteText("registry.json", JsonSerializer.Serialize(new { enterprises = DemoEnterprises.All.Take(2) }, Web));
        Assert.True(app.Services.GetRequiredService<EnterpriseImporter>().Import([registry]).Clean);
        return app;
    }

    private static DisclosureImporter Importer(PublicWebApp app) => app.Services.GetRequiredService<DisclosureImporter>();

    private static long Count(PublicWebApp app, string table)
    {
        using var connection = app.OpenStore();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Row(string id, string kind = "annual", string year = "2019", string filed = "2020-03-10", string categories = "basic;pollution",
        string claims = "", string hours = "", string trigger = "", string received = "", string url = "https://example.invalid/r.pdf", string sha = "", string reason = "",
        string? code = null) =>
        $"{id},{code ?? Power.CreditCode},{kind},{year},{filed},{categories},{claims},{hours},{trigger},{received},{url},{sha},{reason}";

    [Fact]
    public void EachBadFieldIsReportedByFileLineAndFieldAndTheFileIsRejectedWhole()
    {
        using var app = App();
        var file = app.WriteText("bad.csv", string.Join('\n',
            Header,
            Row("good-1"),
            Row("r-3", code: Unregistered),
            Row("r-4", code: "91210702PDY300012X"),
            Row("r-5", filed: "2019-12-31"),
            Row("r-6", categories: "basic;weather"),
            Row("r-7", claims: "maybe"),
            Row("r-8", sha: "abc"),
            Row("r-9", trigger: "X罚〔2019〕1号"),
            Row("r-10", kind: "temporary", year: "", categories: "", trigger: "X罚〔2019〕1号", received: "2019-10-10", filed: "2019-10-09"),
            Row("good-1"),
            Row("r-12", kind: "quarterly"),
            Row("r-13", claims: "true", hours: "3"),
            Row("r-14", url: "ftp://example.invalid/r.pdf"),
            Row("r-15", filed: "2099-01-01")) + "\n");

        var summary = Importer(app).ImportDisclosures([file]);

        var problems = summary.Problems.Select(p => p.ToString()).ToList();
        Assert.Contains($"bad.csv:3 [creditCode]: {Unregistered} is not in the key-polluter registry; import the enterprise first (import enterprises)", problems);
        Assert.Contains(problems, p => p.StartsWith("bad.csv:4 [creditCode]: '91210702PDY300012X' is not a valid unified social credit code", StringComparison.Ordinal));
        Assert.Contains("bad.csv:5 [filedDate]: an annual report for 2019 cannot be filed on 2019-12-31, before the year ended", problems);
        Assert.Contains(problems, p => p.StartsWith("bad.csv:6 [categories]: unknown category 'weather'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("bad.csv:7 [claimsNoExceedance]: 'maybe' must be true or false", StringComparison.Ordinal));
        Assert.Contains("bad.csv:8 [sha256]: 'abc' is not a SHA-256 (64 hexadecimal digits)", problems);
        Assert.Contains("bad.csv:9 [triggerDecisionNumber]: only a temporary report has a trigger; an annual report covers a year", problems);
        Assert.Contains("bad.csv:10 [filedDate]: filed on 2019-10-09, before the triggering document was received on 2019-10-10", problems);
        Assert.Contains("bad.csv:11 [id]: id good-1 appears twice in this file", problems);
        Assert.Contains(problems, p => p.StartsWith("bad.csv:12 [kind]: unknown kind 'quarterly'", StringComparison.Ordinal));
        Assert.Contains("bad.csv:13 [reportedExceedanceHours]: the report cannot both claim no exceedance and report 3 exceedance hours", problems);
        Assert.Contains("bad.csv:14 [url]: 'ftp://example.invalid/r.pdf' is not an http(s) link", problems);
        Assert.Contains(problems, p => p.StartsWith("bad.csv:15 [filedDate]: 2099-01-01 is in the future", StringComparison.Ordinal));
        Assert.Equal(13, problems.Count);
        Assert.Equal(1, summary.FilesRejected);
        Assert.Equal(0, Count(app, "disclosure")); // the good line 2 was not written either
    }

    [Fact]
    public void ABadHeaderAndBadJsonAreNamed()
    {
        using var app = App();
        var csv = app.WriteText("header.csv", "id,creditCode,kind,filed\nx,y,z,w\n");
        var json = app.WriteText("bad.json", "{\"disclosures\": [{\"id\": \"a\", \"colour\": \"red\"}]}");

        var problems = Importer(app).ImportDisclosures([csv, json]).Problems.Select(p => p.ToString()).ToList();

        Assert.Contains(problems, p => p.StartsWith("header.csv:1 [column 4]: bad header: unknown field 'filed'", StringComparison.Ordinal));
        Assert.Contains("header.csv:1 [filedDate]: bad header: the required field 'filedDate' is missing", problems);
        Assert.Contains(problems, p => p.StartsWith("bad.json:1 [colour]: unknown field 'colour'", StringComparison.Ordinal));
    }

    [Fact]
    public void IdenticalReimportAddsNothingAndAChangeNeedsAReasonThenBecomesAVersion()
    {
        using var app = App();
        var original = app.WriteText("a.csv", Header + "\n" + Row("a-2019") + "\n");
        var changed = app.WriteText("b.csv", Header + "\n" + Row("a-2019", categories: "basic;pollution;carbon") + "\n");
        var corrected = app.WriteText("c.csv", Header + "\n" + Row("a-2019", categories: "basic;pollution;carbon", reason: "漏列碳排放信息") + "\n");

        Assert.Equal((1, 0, 0), Counts(Importer(app).ImportDisclosures([original])));
        Assert.Equal((0, 0, 1), Counts(Importer(app).ImportDisclosures([original])));
        var refused = Importer(app).ImportDisclosures([changed]);
        var problem = Assert.Single(refused.Problems).ToString();
        Assert.StartsWith("b.csv:2 [id]: a-2019 is already published (version 1, from a.csv) with different content: Categories basic;pollution → basic;pollution;carbon", problem, StringComparison.Ordinal);
        Assert.Equal((0, 1, 0), Counts(Importer(app).ImportDisclosures([corrected])));
        Assert.Equal((0, 0, 1), Counts(Importer(app).ImportDisclosures([corrected])));
        Assert.Equal(2, Count(app, "disclosure_version"));

        using var connection = app.OpenStore();
        foreach (var sql in new[] { "UPDATE disclosure_version SET filed_date = '2020-01-01'", "DELETE FROM disclosure_version", "DELETE FROM disclosure" })
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            var e = Assert.ThrowsAny<DbException>(() => command.ExecuteNonQuery());
            Assert.Contains("append-only", e.Message, StringComparison.Ordinal);
        }
    }

    private static (int New, int Versions, int Unchanged) Counts(DisclosureImportSummary s)
    {
        Assert.True(s.Clean, string.Join('\n', s.Problems));
        return (s.New, s.NewVersions, s.Unchanged);
    }

    [Fact]
    public void StatementsAreCheckedAgainstTheOutletsAndTheirPollutants()
    {
        using var app = App();
        var file = app.WriteText("s.csv", string.Join('\n',
            "id,creditCode,subject,outletCode,pollutant,periodFrom,periodTo,decisionNumber,date,text",
            $"s-2,{Power.CreditCode},exceedance,DA009,,2019-12-12T08:00,2019-12-12T10:00,,2019-12-14,x",
            $"s-3,{Power.CreditCode},exceedance,DA001,a99999,2019-12-12T08:00,2019-12-12T10:00,,2019-12-14,x",
            $"s-4,{Power.CreditCode},exceedance,DA001,,2019-12-12T10:00,2019-12-12T08:00,,2019-12-14,x",
            $"s-5,{Power.CreditCode},penalty,DA001,,,,X罚〔2019〕1号,2019-12-14,x",
            $"s-6,{Power.CreditCode},exceedance,DA001,,2019-12-12T08:30,2019-12-12,,2019-12-14,x",
            $"s-7,{Power.CreditCode},penalty,,,,,,2019-12-14,") + "\n");

        var problems = Importer(app).ImportStatements([file]).Problems.Select(p => p.ToString()).ToList();

        Assert.Contains("s.csv:2 [outletCode]: 示例热电第01有限公司 has no outlet DA009 (outlets: DA001)", problems);
        Assert.Contains("s.csv:3 [pollutant]: outlet DA001 does not monitor a99999 (it monitors a34013, a21026, a21002)", problems);
        Assert.Contains("s.csv:4 [periodTo]: the period ends (2019-12-12 08:00) before it starts (2019-12-12 10:00)", problems);
        Assert.Contains("s.csv:5 [outletCode]: outletCode belongs to a statement on an exceedance, not on a penalty", problems);
        Assert.Contains("s.csv:6 [periodFrom]: '2019-12-12T08:30' is not a whole hour", problems);
        Assert.Contains(problems, p => p.StartsWith("s.csv:7 [decisionNumber]: decisionNumber is required", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("s.csv:7 [text]: text is required", StringComparison.Ordinal));
        Assert.Equal(7, problems.Count);
        Assert.Equal(0, Count(app, "enterprise_statement"));
    }

    [Fact]
    public void TheSamplesImportCleanlyAfterTheSampleRegistry()
    {
        using var app = new PublicWebApp();
        var content = Services.ContentRoot(app);
        Assert.True(app.Services.GetRequiredService<EnterpriseImporter>().Import([Path.Combine(content, "samples", "enterprises")]).Clean);

        var disclosures = Importer(app).ImportDisclosures([Path.Combine(content, "samples", "disclosures")]);
        var statements = Importer(app).ImportStatements([Path.Combine(content, "samples", "statements")]);

        Assert.True(disclosures.Clean, string.Join('\n', disclosures.Problems));
        Assert.True(statements.Clean, string.Join('\n', statements.Problems));
        Assert.Equal((2, 5), (disclosures.Files, disclosures.New));
        Assert.Equal((2, 3), (statements.Files, statements.New));
    }

    [Fact]
    public void ADemoDatabaseRefusesImports()
    {
        using var app = new PublicWebApp(demo: true, time: PublicWebApp.EarlyDemoClock, seededOnce: true);
        var file = app.WriteText("a.csv", Header + "\n" + Row("a-2019") + "\n");

        var e = Assert.Throws<ImportRefusedException>(() => Importer(app).ImportDisclosures([file]));
        Assert.Contains("demo data", e.Message, StringComparison.Ordinal);
        Assert.Throws<ImportRefusedException>(() => Importer(app).ImportStatements([file]));
    }

    private static class Services
    {
        public static string ContentRoot(PublicWebApp app) => app.Services.GetRequiredService<Public.Web.Infrastructure.ContentFiles>().Root;
    }
}
