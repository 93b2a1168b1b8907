using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Public.Standards.Hj212;
using Public.Web.Enterprises;
using Public.Web.SelfMonitoring;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.SelfMonitoring;

/// <summary>The HJ 212 TCP listener with a real TCP client: good, bad and fragmented traffic, replies, counters.</summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class Hj212ListenerTests
{
    private static readonly Enterprise Plant = DemoEnterprises.All[0];
    private static readonly string Mn = Plant.Outlets[0].Mn!;
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static string Hourly(int hour, int flag, decimal so2) => Hj212Codec.FormatDataSegment(string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"QN=20200301{hour:D2}0000000;ST=31;CN=2061;PW=123456;MN={Mn};Flag={flag};CP=&&DataTime=20200301{hour:D2}0000;a21026-Avg={so2},a21026-Flag=N;a19001-Avg=6,a19001-Flag=N&&"));

    private static PublicWebApp Start(out Hj212Listener listener)
    {
        var app = new PublicWebApp(settings: new Dictionary<string, string> { ["Hj212:Port"] = "0", ["Hj212:Address"] = "127.0.0.1" });
        var registry = app.WriteText("registry.json", JsonSerializer.Serialize(new { enterprises = new[] { Plant } }, Web));
        Assert.True(app.Services.GetRequiredService<EnterpriseImporter>().Import([registry]).Clean);
        _ = app.Client; // the host (and its hosted services) run once the client exists
        listener = app.Services.GetRequiredService<Hj212Listener>();
        return app;
    }

    private static async Task<string> ReadLineAsync(NetworkStream stream)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        while (!(bytes.Count >= 2 && bytes[^2] == '\r' && bytes[^1] == '\n'))
        {
            if (await stream.ReadAsync(one, timeout.Token) == 0)
            {
                break;
            }

            bytes.Add(one[0]);
        }

        return Encoding.ASCII.GetString([.. bytes]);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.True(condition(), "timed out waiting for the listener");
    }

    [Fact]
    public async Task GoodBadAndFragmentedTrafficIsStoredRejectedAndAnsweredOnOneConnection()
    {
        using var app = Start(out var listener);
        var port = await listener.BoundPort.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port, TestContext.Current.CancellationToken);
        var stream = client.GetStream();
        var ct = TestContext.Current.CancellationToken;

        // 1. A good packet asking for an answer.
        await stream.WriteAsync(Encoding.ASCII.GetBytes(Hourly(1, 5, 10m)), ct);
        var reply = await ReadLineAsync(stream);
        var parsed = Hj212Codec.Parse(reply);
        Assert.True(parsed.IsValid, reply);
        Assert.Equal(("9014", "91", "20200301010000000", Mn), (parsed.Packet!.Cn, parsed.Packet.St, parsed.Packet.Qn, parsed.Packet.Mn));

        // 2. Garbage, a bad CRC and a bad length, then a good packet in three fragments.
        var badCrc = Hourly(2, 5, 20m);
        badCrc = badCrc[..^6] + (badCrc[^6..^2] == "0000" ? "0001" : "0000") + "\r\n";
        var badLength = "##9X99ST=31\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes("hello, not a packet\r\n" + badCrc + badLength), ct);
        var fragmented = Encoding.ASCII.GetBytes(Hourly(3, 5, 30m));
        foreach (var part in new[] { fragmented[..1], fragmented[1..40], fragmented[40..] })
        {
            await stream.WriteAsync(part, ct);
            await stream.FlushAsync(ct);
            await Task.Delay(100, ct);
        }

        var second = Hj212Codec.Parse(await ReadLineAsync(stream)).Packet!;
        Assert.Equal("20200301030000000", second.Qn);

        // 3. Two packets in one write, no answer asked.
        await stream.WriteAsync(Encoding.ASCII.GetBytes(Hourly(4, 4, 40m) + Hourly(5, 4, 50m)), ct);

        await WaitForAsync(() => listener.PacketsStored == 4);
        Assert.Equal(3, listener.Rejected);
        Assert.Equal(2, listener.Replies);
        var series = await app.Client.GetJsonAsync($"/api/v1/enterprises/{Plant.CreditCode}/outlets/{Plant.Outlets[0].Code}/hourly?pollutant=a21026&from=2020-03-01&to=2020-03-01");
        Assert.Equal([10m, 30m, 40m, 50m], series.Results().Select(r => r.GetProperty("measured").GetDecimal()));
    }

    [Fact]
    public async Task AClientThatDropsMidPacketDoesNotStopTheListener()
    {
        using var app = Start(out var listener);
        var port = await listener.BoundPort.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        var ct = TestContext.Current.CancellationToken;

        using (var dropped = new TcpClient())
        {
            await dropped.ConnectAsync("127.0.0.1", port, ct);
            await dropped.GetStream().WriteAsync(Encoding.ASCII.GetBytes(Hourly(1, 5, 10m)[..50]), ct);
        }

        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port, ct);
        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(Hourly(2, 5, 20m)), ct);
        var reply = await ReadLineAsync(client.GetStream());

        Assert.Equal("9014", Hj212Codec.Parse(reply).Packet!.Cn);
        await WaitForAsync(() => listener.PacketsStored == 1);
    }

    [Fact]
    public async Task TheListenerIsOffByDefault()
    {
        using var app = new PublicWebApp();
        _ = app.Client;
        var listener = app.Services.GetRequiredService<Hj212Listener>();

        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.False(listener.BoundPort.IsCompleted);
    }
}
