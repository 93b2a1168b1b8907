using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Public.Standards.Hj212;
using Public.Web.Enterprises;
using Public.Web.SelfMonitoring;
using Public.Web.Tests.Hosting;
using Public.Web.Tests.Push;

namespace Public.Web.Tests.Ingest;

/// <summary>CEMS hours (HJ 212) raise a <c>data</c> event like every other dataset, with the outlet-hours written and their time range.</summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class CemsPushEventTests
{
    private static readonly Enterprise Plant = DemoEnterprises.All[0];
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static string Hourly(string dataTime, string cp) =>
        Hj212Codec.FormatDataSegment($"QN={dataTime}000;ST=31;CN=2061;PW=123456;MN={Plant.Outlets[0].Mn};Flag=5;CP=&&DataTime={dataTime};{cp}&&").TrimEnd();

    [Fact]
    public async Task AnHj212ImportRaisesADataEventWithTheCemsHoursItWrote()
    {
        using var app = new PublicWebApp(kestrel: true);
        var registry = app.WriteText("registry.json", JsonSerializer.Serialize(new { enterprises = new[] { Plant } }, Web));
        Assert.True(app.Services.GetRequiredService<EnterpriseImporter>().Import([registry]).Clean);
        await using var client = await SseClient.ConnectAsync(app.Client.BaseAddress!);

        // Three outlet-hours, 10:00 to 12:00 on 1 January 2020 (DataTime, local time), the middle one sent twice identically.
        var capture = app.WriteText("capture.txt", string.Join("\r\n",
            Hourly("20200101100000", "a21026-Avg=60,a21026-Flag=N;a19001-Avg=6,a19001-Flag=N"),
            Hourly("20200101110000", "a21026-Avg=70,a21026-Flag=N;a19001-Avg=6,a19001-Flag=N"),
            Hourly("20200101110000", "a21026-Avg=70,a21026-Flag=N;a19001-Avg=6,a19001-Flag=N"),
            Hourly("20200101120000", "a21026-Avg=80,a21026-Flag=N;a19001-Avg=6,a19001-Flag=N")) + "\r\n");
        Assert.Empty(app.Services.GetRequiredService<Hj212Importer>().Import([capture]).Problems);

        var e = await client.NextAsync("data", TimeSpan.FromSeconds(30));
        // The registry's import may be announced after the client connected (the hub announces each data version when it
        // sees it, and it may not have seen that one yet): skip that one event, nothing else.
        if (e.Json.GetProperty("source").GetString() == "enterprises")
        {
            e = await client.NextAsync("data", TimeSpan.FromSeconds(30));
        }

        Assert.Equal("hj212", e.Json.GetProperty("source").GetString());
        var datasets = e.Json.GetProperty("datasets").EnumerateArray().ToDictionary(d => d.GetProperty("dataset").GetString()!);
        var hourly = datasets["cems-hourly"];
        Assert.Equal(3, hourly.GetProperty("records").GetInt32());
        Assert.Equal("2020-01-01T10:00:00+08:00", hourly.GetProperty("from").GetString());
        Assert.Equal("2020-01-01T12:00:00+08:00", hourly.GetProperty("to").GetString());
        Assert.Equal("/data/cems-hourly", hourly.GetProperty("href").GetString());
        Assert.Equal("2020-01-01", datasets["cems-daily"].GetProperty("from").GetString());
    }
}
