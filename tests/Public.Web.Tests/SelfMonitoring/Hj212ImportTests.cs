using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Public.Standards.Hj212;
using Public.Web.Enterprises;
using Public.Web.SelfMonitoring;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.SelfMonitoring;

/// <summary>
/// <c>import hj212</c> of captured packets and the hourly series: bad lines are reported by line and skipped
/// without losing the good ones; values are O2-corrected and judged against the limit in force.
/// </summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class Hj212ImportTests
{
    // Demo enterprise 0: coal power, reference O2 6 %, SO2 200 mg/m³, special limit 50 from 2020-01-01.
    private static readonly Enterprise Plant = DemoEnterprises.All[0];
    private static readonly string Mn = Plant.Outlets[0].Mn!;

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static string Packet(string qnTime, string cp, string mn = "", int flag = 5, string cn = "2061", string? extra = null) =>
        Hj212Codec.FormatDataSegment($"QN={qnTime}000;ST=31;CN={cn};PW=123456;MN={(mn.Length > 0 ? mn : Mn)};Flag={flag};{extra}CP=&&{cp}&&").TrimEnd();

    private static string Hourly(string dataTime, string cp, string mn = "", int flag = 5, string cn = "2061", string? extra = null) =>
        Packet(dataTime, $"DataTime={dataTime};{cp}", mn, flag, cn, extra);

    private static string[] Capture()
    {
        var badCrc = Hourly("20191231100000", "a21026-Avg=1,a21026-Flag=N");
        return
        [
            Hourly("20191231090000", "a21026-Avg=100,a21026-Flag=N;a19001-Avg=9,a19001-Flag=N"),
            badCrc[..^4] + (badCrc[^4..] == "0000" ? "0001" : "0000"),
            Hourly("20200101100000", "a21026-Avg=60,a21026-Flag=N;a19001-Avg=6,a19001-Flag=N"),
            Hourly("20200101100000", "a21026-Avg=60,a21026-Flag=N", mn: "UNKNOWN0001"),
            Hourly("20200230100000", "a21026-Avg=60,a21026-Flag=N"),
            Hourly("20200101100000", "a21026-Avg=60,a21026-Flag=N;a19001-Avg=30,a19001-Flag=N"),
            Hourly("20200101110000", "a21026-Avg=300,a21026-Flag=M;a19001-Avg=6,a19001-Flag=M"),
            // One message in two parts (Flag 7 = 2017, split, answer requested); the second part has no DataTime.
            Hourly("20200101120000", "a21026-Avg=40,a21026-Flag=N", flag: 7, extra: "PNUM=2;PNO=1;"),
            Packet("20200101120000", "a19001-Avg=6,a19001-Flag=N", flag: 7, extra: "PNUM=2;PNO=2;"),
            Hourly("20200101130000", "a21026-Rtd=60,a21026-Flag=N", cn: "2011"),
        ];
    }

    private static (PublicWebApp App, Hj212ImportSummary Summary) Imported()
    {
        var app = new PublicWebApp();
        var registry = app.WriteText("registry.json", JsonSerializer.Serialize(new { enterprises = new[] { Plant } }, Web));
        Assert.True(app.Services.GetRequiredService<EnterpriseImporter>().Import([registry]).Clean);
        var capture = app.WriteText("capture.txt", string.Join("\r\n", Capture()) + "\r\n");
        return (app, app.Services.GetRequiredService<Hj212Importer>().Import([capture]));
    }

    [Fact]
    public void BadLinesAreReportedByLineAndTheGoodPacketsAroundThemStored()
    {
        var (app, summary) = Imported();
        using (app)
        {
            Assert.Equal(10, summary.Lines);
            Assert.Equal(4, summary.Packets);
            Assert.Equal(8, summary.ValuesStored);
            Assert.Collection(summary.Problems.Select(p => p.ToString()),
                p => Assert.StartsWith("capture.txt:2: bad CRC: the packet says", p, StringComparison.Ordinal),
                p => Assert.Equal("capture.txt:4 [MN]: unknown MN UNKNOWN0001: no outlet in the registry has this device ID", p),
                p => Assert.StartsWith("capture.txt:5: bad timestamp: QN '20200230100000000'", p, StringComparison.Ordinal),
                p => Assert.Equal("capture.txt:6 [a19001]: value out of range: a19001 30 (allowed 0-21)", p),
                p => Assert.Equal("capture.txt:10 [CN]: CN 2011 is not stored: only hourly data (CN 2061) is", p));
        }
    }

    [Fact]
    public async Task TheHourlySeriesIsCorrectedToTheReferenceOxygenAndJudgedAgainstTheLimitInForce()
    {
        var (app, _) = Imported();
        using (app)
        {
            var url = $"/api/v1/enterprises/{Plant.CreditCode}/outlets/{Plant.Outlets[0].Code}/hourly?pollutant=a21026&from=2019-12-31&to=2020-01-01";
            var response = await app.Client.GetJsonAsync(url);

            Assert.Contains("企业自行监测数据，未经生态环境部门审核", response.GetProperty("meta").GetProperty("source").GetString(), StringComparison.Ordinal);
            var rows = response.Results().ToList();
            Assert.Equal(["2019-12-31T09:00:00", "2020-01-01T10:00:00", "2020-01-01T11:00:00", "2020-01-01T12:00:00"], rows.Select(r => r.Str("dataTime")));

            // 100 at 9 % O2 → 100 × 15 / 12 = 125 against the ordinary 200: no exceedance.
            Assert.Equal((125m, 200m, false, false), (rows[0].GetProperty("corrected").GetDecimal(), rows[0].GetProperty("limit").GetDecimal(),
                rows[0].GetProperty("specialLimit").GetBoolean(), rows[0].GetProperty("exceeded").GetBoolean()));
            // 60 at 6 % on 2020-01-01, when the special limit 50 applies: exceeded, 1.2 times.
            Assert.Equal((60m, 50m, true, true, 1.2m), (rows[1].GetProperty("corrected").GetDecimal(), rows[1].GetProperty("limit").GetDecimal(),
                rows[1].GetProperty("specialLimit").GetBoolean(), rows[1].GetProperty("exceeded").GetBoolean(), rows[1].GetProperty("multiple").GetDecimal()));
            // A maintenance (M) value is shown with its flag but not judged.
            Assert.Equal(("M", JsonValueKind.Null), (rows[2].Str("flag"), rows[2].GetProperty("exceeded").ValueKind));
            // The joined split packet: SO2 from part 1, O2 from part 2.
            Assert.Equal((40m, 6m, false), (rows[3].GetProperty("measured").GetDecimal(), rows[3].GetProperty("oxygen").GetDecimal(), rows[3].GetProperty("exceeded").GetBoolean()));
        }
    }

    [Fact]
    public async Task TheEffectiveDataRateCountsHoursFlaggedNPerMonth()
    {
        var (app, _) = Imported();
        using (app)
        {
            var url = $"/api/v1/enterprises/{Plant.CreditCode}/outlets/{Plant.Outlets[0].Code}/data-rate?pollutant=a21026&year=2020";
            var rows = (await app.Client.GetJsonAsync(url)).Results().ToList();

            Assert.Equal(12, rows.Count);
            // January 2020: the N values at 10:00 and 12:00 (11:00 is M) of 744 hours.
            Assert.Equal((744, 2), (rows[0].GetProperty("expectedHours").GetInt32(), rows[0].GetProperty("validHours").GetInt32()));
            Assert.Equal(2m / 744m, rows[0].GetProperty("rate").GetDecimal());
            Assert.Equal(0, rows[1].GetProperty("validHours").GetInt32());
            var year = await app.Client.GetProblemAsync(url.Replace("year=2020", "year=20", StringComparison.Ordinal), HttpStatusCode.BadRequest);
            Assert.Equal("year", year.Str("parameter"));
        }
    }

    [Fact]
    public async Task SeriesProblemsNameTheParameter()
    {
        var (app, _) = Imported();
        using (app)
        {
            var basePath = $"/api/v1/enterprises/{Plant.CreditCode}/outlets";
            var pollutant = await app.Client.GetProblemAsync($"{basePath}/{Plant.Outlets[0].Code}/hourly?pollutant=a99999", HttpStatusCode.BadRequest);
            Assert.Equal("pollutant", pollutant.Str("parameter"));
            var outlet = await app.Client.GetProblemAsync($"{basePath}/XX999/hourly?pollutant=a21026", HttpStatusCode.NotFound);
            Assert.Equal("outletCode", outlet.Str("parameter"));
        }
    }
}
