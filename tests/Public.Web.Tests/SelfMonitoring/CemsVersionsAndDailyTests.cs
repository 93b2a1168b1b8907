using System.Data.Common;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Public.Standards.Hj212;
using Public.Web.Enterprises;
using Public.Web.SelfMonitoring;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.SelfMonitoring;

/// <summary>
/// CEMS hours are append-only: a resent hour with a different value is a new version (file import and TCP listener
/// alike), an identical resend adds nothing. Daily means and the yearly summary over the REST API on a hand-built day.
/// </summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class CemsVersionsAndDailyTests
{
    // Demo enterprise 0: coal power, reference O2 6 %, SO2 limit 200, special limit 50 from 2020-01-01.
    private static readonly Enterprise Plant = DemoEnterprises.All[0];
    private static readonly string Mn = Plant.Outlets[0].Mn!;
    private static readonly string Outlet = $"/api/v1/enterprises/{Plant.CreditCode}/outlets/{Plant.Outlets[0].Code}";
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static string Hourly(DateTime t, decimal so2, string flag = "N", decimal o2 = 6m, int packetFlag = 4) => Hj212Codec.FormatDataSegment(string.Create(CultureInfo.InvariantCulture,
        $"QN={t:yyyyMMddHHmmss}000;ST=31;CN=2061;PW=123456;MN={Mn};Flag={packetFlag};CP=&&DataTime={t:yyyyMMddHHmmss};a21026-Avg={so2},a21026-Flag={flag};a19001-Avg={o2},a19001-Flag=N&&")).TrimEnd();

    private static PublicWebApp App(Dictionary<string, string>? settings = null)
    {
        var app = new PublicWebApp(settings: settings);
        var registry = app.WriteText("registry.json", JsonSerializer.Serialize(new { enterprises = new[] { Plant } }, Web));
        Assert.True(app.Services.GetRequiredService<EnterpriseImporter>().Import([registry]).Clean);
        return app;
    }

    private static Hj212ImportSummary ImportLines(PublicWebApp app, string name, params string[] lines) =>
        app.Services.GetRequiredService<Hj212Importer>().Import([app.WriteText(name, string.Join("\r\n", lines) + "\r\n")]);

    [Fact]
    public async Task AResentHourWithAnotherValueIsANewVersionAndAnIdenticalResendAddsNothing()
    {
        using var app = App();
        var t = new DateTime(2019, 12, 31, 9, 0, 0);
        var first = ImportLines(app, "a.txt", Hourly(t, 100m), Hourly(t.AddHours(1), 110m));
        Assert.Equal((2, 0, 0), (first.NewValues, first.NewVersions, first.Unchanged));

        // The same hours again, one as 100.0 (the same number): nothing new.
        var same = ImportLines(app, "b.txt", Hourly(t, 100.0m), Hourly(t.AddHours(1), 110m));
        Assert.Equal((0, 0, 2), (same.NewValues, same.NewVersions, same.Unchanged));

        // 09:00 resent with 120 and flag M.
        var changed = ImportLines(app, "c.txt", Hourly(t, 120m, "M"));
        Assert.Equal((0, 1, 0), (changed.NewValues, changed.NewVersions, changed.Unchanged));

        var hourly = (await app.Client.GetJsonAsync($"{Outlet}/hourly?pollutant=a21026&from=2019-12-31&to=2019-12-31")).Results().ToList();
        Assert.Equal((120m, "M"), (hourly[0].GetProperty("measured").GetDecimal(), hourly[0].Str("flag")));

        var versions = (await app.Client.GetJsonAsync($"{Outlet}/hourly/versions?pollutant=a21026&from=2019-12-31&to=2019-12-31")).Results().ToList();
        Assert.Equal(3, versions.Count);
        Assert.Equal(("2019-12-31T09:00:00", 1, 100m, true, "a.txt", 1), (versions[0].Str("dataTime"), versions[0].GetProperty("version").GetInt32(),
            versions[0].GetProperty("measured").GetDecimal(), versions[0].GetProperty("superseded").GetBoolean(), versions[0].Str("source"), versions[0].GetProperty("sourceLine").GetInt32()));
        Assert.Equal((2, 120m, false, "c.txt", "resent with a different a21026 value 100 → 120, flag N → M"), (versions[1].GetProperty("version").GetInt32(),
            versions[1].GetProperty("measured").GetDecimal(), versions[1].GetProperty("superseded").GetBoolean(), versions[1].Str("source"), versions[1].Str("reason")));
        Assert.Equal(("2019-12-31T10:00:00", 1, false), (versions[2].Str("dataTime"), versions[2].GetProperty("version").GetInt32(), versions[2].GetProperty("superseded").GetBoolean()));

        var changedOnly = (await app.Client.GetJsonAsync($"{Outlet}/hourly/versions?pollutant=a21026&from=2019-12-31&to=2019-12-31&changedOnly=true")).Results().ToList();
        Assert.Equal(2, changedOnly.Count);
        Assert.All(changedOnly, v => Assert.Equal("2019-12-31T09:00:00", v.Str("dataTime")));

        using var connection = app.OpenStore();
        foreach (var sql in new[] { "UPDATE cems_hour_version SET vals = ''", "DELETE FROM cems_hour_version" })
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            Assert.Contains("append-only", Assert.ThrowsAny<DbException>(() => command.ExecuteNonQuery()).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheListenerGoesThroughTheSameVersioning()
    {
        using var app = App(new Dictionary<string, string> { ["Hj212:Port"] = "0", ["Hj212:Address"] = "127.0.0.1" });
        var t = new DateTime(2020, 3, 1, 5, 0, 0);
        ImportLines(app, "file.txt", Hourly(t, 30m));
        var listener = app.Services.GetRequiredService<Hj212Listener>();
        var port = await listener.BoundPort.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        using (var client = new TcpClient())
        {
            await client.ConnectAsync("127.0.0.1", port, TestContext.Current.CancellationToken);
            var stream = client.GetStream();
            // Identical, then changed, then identical to the change: one new version in all. Flag 5 asks for replies, so each is acknowledged after storing.
            foreach (var so2 in new[] { 30m, 45m, 45m })
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(Hourly(t, so2, packetFlag: 5) + "\r\n"), TestContext.Current.CancellationToken);
                Assert.Contains("CN=9014", await ReadLineAsync(stream), StringComparison.Ordinal);
            }
        }

        var versions = (await app.Client.GetJsonAsync($"{Outlet}/hourly/versions?pollutant=a21026&from=2020-03-01&to=2020-03-01")).Results().ToList();
        Assert.Equal([30m, 45m], versions.Select(v => v.GetProperty("measured").GetDecimal()));
        Assert.StartsWith("tcp 127.0.0.1:", versions[1].Str("source"), StringComparison.Ordinal);
        Assert.Equal("resent with a different a21026 value 30 → 45", versions[1].Str("reason"));
    }

    /// <summary>
    /// 2019-12-30, ordinary limit 200 at 6 % O2: 20 hours N (00:00–19:00) of which 10 at 120 and 10 at 240 with O2 9 %
    /// (corrected 150 and 300: the 10 at 300 exceed, 1.5×) and 4 hours M. Measured mean (10×120 + 10×240)/20 = 180;
    /// corrected mean (10×150 + 10×300)/20 = 225 > 200: the day exceeds, 1.125×. 2019-12-31: 19 hours N at 100 → not a valid day.
    /// </summary>
    [Fact]
    public async Task DailyMeansAndTheYearlySummaryOverTheApi()
    {
        using var app = App();
        var lines = new List<string>();
        var d = new DateTime(2019, 12, 30);
        for (var h = 0; h < 24; h++)
        {
            lines.Add(h < 20 ? Hourly(d.AddHours(h), h % 2 == 0 ? 120m : 240m, o2: 9m) : Hourly(d.AddHours(h), 500m, "M", 9m));
        }

        for (var h = 0; h < 19; h++)
        {
            lines.Add(Hourly(d.AddDays(1).AddHours(h), 100m));
        }

        Assert.True(ImportLines(app, "days.txt", [.. lines]).Clean);

        var daily = await app.Client.GetJsonAsync($"{Outlet}/daily?pollutant=a21026&from=2019-12-30&to=2019-12-31");
        Assert.Contains("≥ 20", daily.GetProperty("meta").GetProperty("units").GetString(), StringComparison.Ordinal);
        Assert.Contains("ASSUMPTION", daily.GetProperty("meta").GetProperty("units").GetString(), StringComparison.Ordinal);
        var days = daily.Results().ToList();
        Assert.Equal(("2019-12-30", 24, 20, true, 180m, 225m, 200m, true, 1.125m, 10), (days[0].Str("date"), days[0].GetProperty("hours").GetInt32(),
            days[0].GetProperty("validHours").GetInt32(), days[0].GetProperty("valid").GetBoolean(), days[0].GetProperty("mean").GetDecimal(),
            days[0].GetProperty("correctedMean").GetDecimal(), days[0].GetProperty("limit").GetDecimal(), days[0].GetProperty("exceeded").GetBoolean(),
            days[0].GetProperty("multiple").GetDecimal(), days[0].GetProperty("exceedingHours").GetInt32()));
        Assert.Equal(("2019-12-31", 19, false, JsonValueKind.Null, JsonValueKind.Null), (days[1].Str("date"), days[1].GetProperty("validHours").GetInt32(),
            days[1].GetProperty("valid").GetBoolean(), days[1].GetProperty("mean").ValueKind, days[1].GetProperty("exceeded").ValueKind));

        var csv = await app.Client.GetStringAsync(new Uri($"{Outlet}/daily?pollutant=a21026&from=2019-12-30&to=2019-12-31&format=csv", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Contains("2019-12-30,a21026,24,20,20,true,180,225,6,200,false,true,1.125,10,", csv, StringComparison.Ordinal);

        var summary = (await app.Client.GetJsonAsync($"/api/v1/enterprises/{Plant.CreditCode}/emissions/summary?year=2019")).Results().ToList();
        Assert.Equal(3, summary.Count);
        var so2 = summary.Single(s => s.Str("pollutant") == "a21026");
        Assert.Equal((8760, 39, 10, 10, 1.5m, "2019-12-30T01:00:00", 1, 1, 1), (so2.GetProperty("expectedHours").GetInt32(), so2.GetProperty("validHours").GetInt32(),
            so2.GetProperty("exceedanceHours").GetInt32(), so2.GetProperty("exceedanceEpisodes").GetInt32(), so2.GetProperty("maxMultiple").GetDecimal(),
            so2.Str("maxMultipleAt"), so2.GetProperty("validDays").GetInt32(), so2.GetProperty("exceedanceDays").GetInt32(), so2.GetProperty("daysWithExceedingHours").GetInt32()));
        Assert.Equal(Math.Round(39m / 8760m, 4), so2.GetProperty("effectiveDataRate").GetDecimal());
        // The other pollutants were never sent.
        Assert.Equal(0, summary.Single(s => s.Str("pollutant") == "a34013").GetProperty("validHours").GetInt32());
    }

    private static async Task<string> ReadLineAsync(NetworkStream stream)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        while (!(bytes.Count >= 2 && bytes[^2] == '\r' && bytes[^1] == '\n') && await stream.ReadAsync(one, timeout.Token) > 0)
        {
            bytes.Add(one[0]);
        }

        return Encoding.ASCII.GetString([.. bytes]);
    }
}

/// <summary>The demo CEMS year as designed in DemoCems: the 28-hour episode of enterprise 13 and the poor data rate of enterprise 6.</summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class DemoCemsYearTests
{
    [Fact]
    public async Task TheDemoYearHasItsEpisodesAndPoorDataRates()
    {
        // The CEMS year is seeded whole whatever the clock; this one is the migrate-store and registry tests' (one seeding for all).
        using var app = new PublicWebApp(demo: true, time: PublicWebApp.EarlyDemoClock, seededOnce: true);

        // Enterprise 13 (index 12): all pollutants at 1.3 × the limit from 2019-11-05 22:00 for 28 hours, so 2019-11-06 is a whole day above it.
        var thirteen = (await app.Client.GetJsonAsync($"/api/v1/enterprises/{DemoEnterprises.CreditCode(12)}/emissions/summary?year=2019")).Results().ToList();
        Assert.Equal(3, thirteen.Count);
        Assert.All(thirteen, s =>
        {
            Assert.Equal((28, 1, 1, 3), (s.GetProperty("exceedanceHours").GetInt32(), s.GetProperty("exceedanceEpisodes").GetInt32(),
                s.GetProperty("exceedanceDays").GetInt32(), s.GetProperty("daysWithExceedingHours").GetInt32()));
            Assert.InRange(s.GetProperty("maxMultiple").GetDecimal(), 1.29m, 1.31m);
        });
        var day = (await app.Client.GetJsonAsync($"/api/v1/enterprises/{DemoEnterprises.CreditCode(12)}/outlets/DA001/daily?pollutant=a21026&from=2019-11-06&to=2019-11-06")).Results().Single();
        Assert.True(day.GetProperty("exceeded").GetBoolean());

        // Enterprise 6 (index 5) lost most of March, half of October and June's nights: well under the others' rate.
        var poor = (await app.Client.GetJsonAsync($"/api/v1/enterprises/{DemoEnterprises.CreditCode(5)}/emissions/summary?year=2019")).Results().First();
        var good = (await app.Client.GetJsonAsync($"/api/v1/enterprises/{DemoEnterprises.CreditCode(4)}/emissions/summary?year=2019")).Results().First();
        Assert.InRange(poor.GetProperty("effectiveDataRate").GetDecimal(), 0.7m, 0.85m);
        Assert.InRange(good.GetProperty("effectiveDataRate").GetDecimal(), 0.9m, 0.99m);
        Assert.Equal(0, good.GetProperty("exceedanceHours").GetInt32());
    }
}
