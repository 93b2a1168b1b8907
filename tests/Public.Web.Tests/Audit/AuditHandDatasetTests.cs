using System.Text.Json;
using Microsoft.Data.Sqlite;
using Public.Standards.Hj212;
using Public.Web.Tests.Hosting;
using Public.Web.Tests.Penalties;

namespace Public.Web.Tests.Audit;

/// <summary>
/// The audit on a small hand-built dataset, imported with the real CLI (as separate processes) into a real SQLite file:
/// the sample registry (two enterprises), three penalties, six HJ 212 hourly packets, disclosures and a statement. Every
/// expected value below is computed by hand in the comments.
/// </summary>
public sealed class AuditHandDatasetTests : IDisposable
{
    // From content/samples/enterprises/sample-registry.json.
    private const string Power = "91210702PDY300012Y";   // coal power, O2 ref 6 %, limits a34013 30, a21026 200, a21002 100 mg/m³ (special from 2020)
    private const string Heating = "91210703PDY3000208"; // boilers, no CEMS data in this dataset
    private const string PowerMn = "JZDEMO000101";

    private readonly string _folder = Directory.CreateTempSubdirectory("public-web-audit-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // a late reader; the OS temp cleaner takes it
        }
    }

    private static string Repo(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "content", "stations.json")) && Directory.Exists(Path.Combine(dir.FullName, "src")))
            {
                return Path.Combine(dir.FullName, relative);
            }
        }

        throw new DirectoryNotFoundException("repository root");
    }

    private static string Hourly(string dataTime, string cp) =>
        Hj212Codec.FormatDataSegment($"QN={dataTime}000;ST=31;CN=2061;PW=123456;MN={PowerMn};Flag=4;CP=&&DataTime={dataTime};{cp}&&").TrimEnd();

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private async Task<string> BuildAsync()
    {
        var db = Path.Combine(_folder, "audit.db");
        async Task Run(params string[] args)
        {
            var (exit, stdout, stderr) = await AppProcess.RunAsync(_folder, [.. args, "--db", db]);
            Assert.True(exit == 0, $"{string.Join(' ', args)}: exit {exit}\n{stdout}\n{stderr}");
        }

        await Run("import", "enterprises", Repo("content/samples/enterprises/sample-registry.json"));
        var penalties = Write("penalties.csv", PenaltyRows.Csv(
            PenaltyRows.Valid("手算罚〔2019〕1号", ("partyCreditCode", Power), ("partyName", "示例热电第01有限公司"), ("decisionDate", "2019-12-20"), ("serviceDate", "2019-12-23"), ("publicationDate", "2019-12-26")),
            PenaltyRows.Valid("手算罚〔2019〕2号", ("partyCreditCode", Heating), ("partyName", "示例供热第02有限公司"), ("decisionDate", "2019-09-20"), ("serviceDate", "2019-09-27"), ("publicationDate", "2019-10-08")),
            PenaltyRows.Valid("手算罚〔2019〕3号", ("partyCreditCode", Heating), ("partyName", "示例供热第02有限公司"), ("decisionDate", "2019-03-01"), ("serviceDate", ""), ("publicationDate", "2019-03-05"))));
        await Run("import", "penalties", penalties);
        var capture = Write("capture.txt", string.Join("\r\n",
            Hourly("20191212080000", "a21026-Avg=300,a21026-Flag=N;a19001-Avg=9,a19001-Flag=N"),
            Hourly("20191212090000", "a21026-Avg=200,a21026-Flag=N;a19001-Avg=6,a19001-Flag=N"),
            Hourly("20191212100000", "a21026-Avg=180,a21026-Flag=N;a19001-Avg=11,a19001-Flag=N"),
            Hourly("20191212110000", "a21026-Avg=500,a21026-Flag=M;a19001-Avg=6,a19001-Flag=M"),
            Hourly("20191212120000", "a34013-Avg=40,a34013-Flag=N;a19001-Avg=6,a19001-Flag=N")) + "\r\n");
        await Run("import", "hj212", capture);
        var disclosures = Write("disclosures.csv", $"""
            id,creditCode,kind,year,filedDate,categories,claimsNoExceedance,reportedExceedanceHours,triggerDecisionNumber,triggerReceivedDate,url
            p-annual-2019,{Power},annual,2019,2020-03-16,basic;management;pollution;emergency;violations;temporary;other,true,,,,https://example.invalid/p-2019.pdf
            p-temp-1,{Power},temporary,,2019-12-30,,,,手算罚〔2019〕1号,2019-12-23,https://example.invalid/p-t1.pdf
            h-annual-2019,{Heating},annual,2019,2020-03-15,1;2;3;4;5;6;7;8,,0,,,https://example.invalid/h-2019.pdf
            h-temp-2,{Heating},temporary,,2019-10-11,,,,手算罚〔2019〕2号,2019-09-27,https://example.invalid/h-t2.pdf

            """);
        await Run("import", "disclosures", disclosures);
        var statements = Write("statements.json", JsonSerializer.Serialize(new
        {
            statements = new[]
            {
                new { id = "p-s1", creditCode = Power, subject = "exceedance", outletCode = "DA001", pollutant = "a21026", periodFrom = "2019-12-12T08:00", periodTo = "2019-12-12T09:00", date = "2019-12-13", text = "启炉" },
            },
        }));
        await Run("import", "statements", statements);
        return db;
    }

    [Fact]
    public async Task EveryOutcomeMatchesTheHandComputedValue()
    {
        var db = await BuildAsync();
        using var app = new PublicWebApp(databasePath: db);

        var power = (await app.Client.GetJsonAsync($"/api/v1/audit/{Power}/2019")).GetProperty("result");
        // Annual report due 2020-03-15, filed 03-16: 1 day late (−10); carbon missing (−3).
        var annual = power.GetProperty("annualReport");
        Assert.Equal(("late", 1, "2020-03-15", "p-annual-2019"), (annual.Str("status"), annual.GetProperty("daysLate").GetInt32(), annual.Str("dueDate"), annual.Str("reportId")));
        Assert.Equal(["carbon"], power.GetProperty("categories").GetProperty("missing").EnumerateArray().Select(c => c.Str("code")));
        // Penalty served Mon 2019-12-23 → due Mon 12-30 (12-24, 25, 26, 27, 30); filed 12-30: on time (the due day counts).
        var temp = Assert.Single(power.GetProperty("temporaryReports").EnumerateArray());
        Assert.Equal(("serviceDate", "2019-12-30", "on-time"), (temp.Str("receivedDateFrom"), temp.Str("dueDate"), temp.Str("status")));

        // CEMS, O2 ref 6 %, C = C′ × 15 / (21 − O2):
        // 08:00 SO2 300 at 9 % → 375 > 200, multiple 1.875; 09:00 200 at 6 % → 200, not above; 10:00 180 at 11 % → 270, 1.35;
        // 11:00 flagged M (not valid, not judged); 12:00 particulate 40 at 6 % → 40 > 30, 40/30 = 1.333.
        var monitoring = power.GetProperty("selfMonitoring");
        Assert.Equal((3, 3, 1.875m), (monitoring.GetProperty("exceedanceHours").GetInt32(), monitoring.GetProperty("exceedancePollutantHours").GetInt32(), monitoring.GetProperty("maxMultiple").GetDecimal()));
        var pollutants = monitoring.GetProperty("outlets")[0].GetProperty("pollutants").EnumerateArray().ToDictionary(p => p.Str("pollutant"));
        var so2 = pollutants["a21026"];
        Assert.Equal((8760, 3, 2), (so2.GetProperty("expectedHours").GetInt32(), so2.GetProperty("validHours").GetInt32(), so2.GetProperty("exceedanceHours").GetInt32()));
        Assert.Equal(["2019-12-12T08:00:00", "2019-12-12T10:00:00"], so2.GetProperty("firstExceedances").EnumerateArray().Select(x => x.Str("dataTime")));
        Assert.Equal([375m, 270m], so2.GetProperty("firstExceedances").EnumerateArray().Select(x => x.GetProperty("corrected").GetDecimal()));
        Assert.Equal([1.875m, 1.35m], so2.GetProperty("firstExceedances").EnumerateArray().Select(x => x.GetProperty("multiple").GetDecimal()));
        Assert.Equal($"/api/v1/enterprises/{Power}/outlets/DA001/hourly?pollutant=a21026&from=2019-12-12&to=2019-12-12", so2.Str("seriesUrl"));
        Assert.Equal("p-s1", Assert.Single(so2.GetProperty("statements").EnumerateArray()).Str("id"));
        Assert.Equal(1.333m, pollutants["a34013"].GetProperty("maxMultiple").GetDecimal());
        Assert.Empty(pollutants["a34013"].GetProperty("statements").EnumerateArray()); // the statement names SO2 only
        Assert.Equal(0, pollutants["a21002"].GetProperty("validHours").GetInt32());
        // Valid 3 + 1 + 0 of 3 × 8,760 = 4 / 26,280 = 0.000152… → 0.0002 (< 75 %: −20).
        Assert.Equal(0.0002m, monitoring.GetProperty("rate").GetDecimal());
        Assert.Equal(0m, monitoring.GetProperty("outlets")[0].GetProperty("rate").GetDecimal());
        // Claims no exceedance, data show 3 hours (−20). Score 100 − 10 − 3 − 20 − 20 = 47 → D.
        Assert.Equal("claimsNoExceedanceButData", Assert.Single(power.GetProperty("consistency").EnumerateArray()).Str("code"));
        Assert.Equal((47, "D"), (power.GetProperty("score").GetInt32(), power.Str("grade")));
        Assert.Equal(["incomplete", "inconsistent", "late", "low-data-rate"], power.GetProperty("statuses").EnumerateArray().Select(s => s.GetString()));

        var heating = (await app.Client.GetJsonAsync($"/api/v1/audit/{Heating}/2019")).GetProperty("result");
        Assert.Equal("on-time", heating.GetProperty("annualReport").Str("status")); // filed on the due day
        var temps = heating.GetProperty("temporaryReports").EnumerateArray().ToList();
        // 手算罚3号: no service date → received = decision date Fri 2019-03-01 → due Fri 03-08; no report: missing (−10).
        Assert.Equal(("手算罚〔2019〕3号", "decisionDate", "2019-03-08", "missing"), (temps[0].Str("decisionNumber"), temps[0].Str("receivedDateFrom"), temps[0].Str("dueDate"), temps[0].Str("status")));
        // 手算罚2号: served Fri 09-27 → due Thu 10-10; filed Fri 10-11: 1 working day, 1 day late (−5).
        Assert.Equal(("2019-10-10", "late", 1, 1), (temps[1].Str("dueDate"), temps[1].Str("status"), temps[1].GetProperty("workingDaysLate").GetInt32(), temps[1].GetProperty("daysLate").GetInt32()));
        // No CEMS data: rate 0 (−20). Score 100 − 10 − 5 − 20 = 65 → C.
        Assert.Equal(0m, heating.GetProperty("selfMonitoring").GetProperty("rate").GetDecimal());
        Assert.Equal((65, "C"), (heating.GetProperty("score").GetInt32(), heating.Str("grade")));
        Assert.Equal("penaltyWithoutTemporaryReport", Assert.Single(heating.GetProperty("consistency").EnumerateArray()).Str("code"));

        // Ranking: 65 before 47; filters by status.
        var ranking = await app.Client.GetJsonAsync("/api/v1/audit?year=2019");
        Assert.Equal([(1, Heating), (2, Power)], ranking.Results().Select(r => (r.GetProperty("rank").GetInt32(), r.Str("creditCode"))));
        Assert.Equal([Heating], (await app.Client.GetJsonAsync("/api/v1/audit?year=2019&status=missing")).Results().Select(r => r.Str("creditCode")));
        Assert.Equal([Power], (await app.Client.GetJsonAsync("/api/v1/audit?year=2019&status=incomplete")).Results().Select(r => r.Str("creditCode")));
        Assert.Equal(2, (await app.Client.GetJsonAsync("/api/v1/audit?year=2019&status=late")).Results().Count());
        Assert.False(ranking.GetProperty("meta").GetProperty("demo").GetBoolean());

        // The disclosures list carries the due dates and links the penalty the temporary report answers.
        var list = await app.Client.GetJsonAsync($"/api/v1/enterprises/{Heating}/disclosures");
        var t2 = list.Results().Single(d => d.Str("id") == "h-temp-2");
        Assert.Equal("2019-10-10", t2.Str("dueDate"));
        Assert.NotEqual(JsonValueKind.Null, t2.GetProperty("trigger").GetProperty("penaltyId").ValueKind);
    }

    [Fact]
    public async Task ReimportingTheSameFilesAddsNothing()
    {
        var db = await BuildAsync();
        var disclosures = Path.Combine(_folder, "disclosures.csv");
        var (exit, stdout, stderr) = await AppProcess.RunAsync(_folder, "import", "disclosures", disclosures, "--db", db);
        Assert.True(exit == 0, stderr);
        Assert.Contains("disclosures: 0 new, 0 new versions, 4 unchanged", stdout, StringComparison.Ordinal);
    }
}
