using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Public.Standards.Hj212;
using Public.Standards.Identifiers;

namespace Public.Benchmarks;

/// <summary>
/// The HJ 212 listener benchmark's client side (tests/Benchmarks/hj212.sh runs the server):
/// <c>hj212 registry FILE OUTLETS</c> writes a registry of fictional enterprises, one automatic outlet (MN) each;
/// <c>hj212 send PORT OUTLETS HOURS CONNECTIONS FIRSTDAY</c> sends every outlet's CN 2061 hourly packets (Flag 5:
/// answer requested) over real TCP connections and counts the 9014 answers, which the listener sends after storing;
/// <c>hj212 baseline OUTLETS HOURS DBFILE</c> measures, on the same packets, parsing alone (in memory) and a raw SQLite
/// insert of one row per packet, one transaction each, in WAL mode with synchronous=NORMAL like the store.
/// </summary>
internal static class Hj212Bench
{
    public static int Run(string[] args)
    {
        switch (args)
        {
            case ["registry", var file, var n]:
                File.WriteAllText(file, Registry(Int(n)));
                return 0;
            case ["send", var port, var outlets, var hours, var connections, var firstDay]:
                return Send(Int(port), Int(outlets), Int(hours), Int(connections), int.Parse(firstDay, CultureInfo.InvariantCulture)).GetAwaiter().GetResult();
            case ["baseline", var outlets, var hours, var db]:
                Baseline(Int(outlets), Int(hours), db);
                return 0;
            default:
                Console.Error.WriteLine("usage: hj212 registry FILE OUTLETS | send PORT OUTLETS HOURS CONNECTIONS FIRSTDAY | baseline OUTLETS HOURS DBFILE");
                return 2;
        }
    }

    private static int Int(string s) => int.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture);

    private static string Mn(int i) => string.Create(CultureInfo.InvariantCulture, $"JZBENCH{i:D6}");

    private static string Registry(int outlets)
    {
        var enterprises = Enumerable.Range(0, outlets).Select(i =>
        {
            var body = string.Create(CultureInfo.InvariantCulture, $"PDY5{i:D4}");
            var first17 = "91210711" + body + UnifiedSocialCreditCode.OrganisationCheckDigit(body);
            return new
            {
                creditCode = first17 + UnifiedSocialCreditCode.CheckDigit(first17),
                name = string.Create(CultureInfo.InvariantCulture, $"示例基准{i:D4}有限公司"),
                industry = "火力发电",
                district = "太和区",
                listEntries = new[] { new { year = 2020, category = "大气" } },
                outlets = new[]
                {
                    new
                    {
                        code = "DA001", name = "主排放口", type = "main", monitoring = "automatic", requiredFrequency = "自动监测",
                        emissionStandard = "GB 13223-2011", referenceOxygen = 6m, mn = Mn(i),
                        pollutants = new[] { new { code = "a34013", limit = 30m }, new { code = "a21026", limit = 200m }, new { code = "a21002", limit = 100m } },
                    },
                },
            };
        });
        return JsonSerializer.Serialize(new { enterprises });
    }

    /// <summary>The packets of one outlet: hour by hour from 2020-01-FIRSTDAY, five measurements each (about 300 bytes).</summary>
    private static IEnumerable<string> Packets(int outlet, int hours, int firstDay)
    {
        var start = new DateTime(2020, 1, firstDay);
        for (var h = 0; h < hours; h++)
        {
            var t = start.AddHours(h);
            yield return Hj212Codec.FormatDataSegment(string.Create(CultureInfo.InvariantCulture,
                $"QN={t:yyyyMMddHHmmss}000;ST=31;CN=2061;PW=123456;MN={Mn(outlet)};Flag=5;CP=&&DataTime={t:yyyyMMddHHmmss};" +
                $"a34013-Avg={10 + (h % 7)}.5,a34013-Flag=N;a21026-Avg={80 + (outlet % 50)}.2,a21026-Flag=N;a21002-Avg={60 + (h % 30)},a21002-Flag=N;" +
                $"a19001-Avg=7.{h % 10},a19001-Flag=N;a00000-Avg={150 + (outlet % 100)}.0,a00000-Flag=N&&"));
        }
    }

    private static async Task<int> Send(int port, int outlets, int hours, int connections, int firstDay)
    {
        var perConnection = Enumerable.Range(0, connections)
            .Select(c => Enumerable.Range(0, outlets).Where(o => o % connections == c).SelectMany(o => Packets(o, hours, firstDay)).ToList()).ToList();
        var total = perConnection.Sum(p => p.Count);
        var watch = Stopwatch.StartNew();
        var answered = await Task.WhenAll(perConnection.Select(packets => SendAll(port, packets)));
        var seconds = watch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"send {total} {answered.Sum()} {seconds:F3} {total / seconds:F0}"));
        return answered.Sum() == total ? 0 : 1;
    }

    /// <summary>Writes every packet, while reading answers until one per packet has come (or 60 s passed).</summary>
    private static async Task<int> SendAll(int port, List<string> packets)
    {
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var reading = Task.Run(async () =>
        {
            var buffer = new byte[64 * 1024];
            var answers = 0;
            while (answers < packets.Count)
            {
                var read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    break;
                }

                answers += buffer.AsSpan(0, read).Count((byte)'\n');
            }

            return answers;
        });
        foreach (var packet in packets)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(packet), timeout.Token);
        }

        return await reading;
    }

    private static void Baseline(int outlets, int hours, string db)
    {
        var packets = Enumerable.Range(0, outlets).SelectMany(o => Packets(o, hours, 1)).ToList();

        // Parsing alone (codec, CRC, fields), in memory: best of 5 passes.
        var best = double.MaxValue;
        long sink = 0;
        for (var pass = 0; pass < 5; pass++)
        {
            var watch = Stopwatch.StartNew();
            foreach (var p in packets)
            {
                sink += Hj212Codec.Parse(p).Packet!.Cp.Measurements.Count;
            }

            best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"parse {packets.Count} {best:F3} {packets.Count / best:F0} {sink}"));

        // Raw SQLite: one row per packet (its text), one transaction per packet, as the listener commits per packet.
        using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
        connection.Open();
        using (var setup = connection.CreateCommand())
        {
            setup.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; CREATE TABLE raw(mn TEXT, t INTEGER, packet TEXT, PRIMARY KEY (mn, t)) WITHOUT ROWID;";
            setup.ExecuteNonQuery();
        }

        var insertWatch = Stopwatch.StartNew();
        var n = 0;
        foreach (var p in packets)
        {
            using var transaction = connection.BeginTransaction();
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO raw(mn, t, packet) VALUES ($m, $t, $p)";
            insert.Parameters.AddWithValue("$m", p.Substring(p.IndexOf("MN=", StringComparison.Ordinal) + 3, 13));
            insert.Parameters.AddWithValue("$t", n++);
            insert.Parameters.AddWithValue("$p", p);
            insert.ExecuteNonQuery();
            transaction.Commit();
        }

        var seconds = insertWatch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sqlite {packets.Count} {seconds:F3} {packets.Count / seconds:F0}"));
    }
}
