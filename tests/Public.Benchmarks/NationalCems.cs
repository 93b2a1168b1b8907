using System.Globalization;
using System.Text;
using System.Text.Json;
using Public.Standards.Hj212;
using Public.Standards.Identifiers;

namespace Public.Benchmarks;

/// <summary>
/// The national-scale CEMS load of issue 18 (tests/Benchmarks/national-cems.sh), generated deterministically:
/// <c>national-cems registry FILE OUTLETS</c> writes a registry of fictional enterprises across the 31 provinces, one to
/// four automatically monitored outlets each (about two on average), with an MN, a reference O2 and the limits of their
/// industry's standard — what <c>import enterprises</c> needs before HJ 212 data of an outlet can be stored;
/// <c>national-cems packets DIR OUTLETS DAYS</c> writes one file per day from 2020-01-01 (every outlet's CN 2061 hourly
/// packets, one per line, as <c>import hj212</c> reads them) and prints the counts; <c>national-cems outlets OUTLETS</c>
/// prints <c>creditCode outletCode</c> per outlet, for the query phase.
/// <para>
/// Values: SO2 (a21026), NOx (a21002) and particulate (a34013) with min/avg/max, between about 20 % and 80 % of the limit
/// at the reference O2 following a day/night and weekday load; O2 (a19001), flue-gas flow (a00000) and, at every fourth
/// outlet, temperature (a01012). Flags: 6-hour maintenance (M) on the 3rd and 17th, a weekly calibration hour (C), a
/// fault day (D) at one outlet in 50, an over-range hour (T) at one in 40, a stop (F) at one in 60 for three days. Gaps:
/// one hour in 97 is never sent. One outlet-day in 500 has its noon packet resent the next day with a corrected value
/// (a second version). The same bytes on every run: values come from a hash of outlet, hour and salt, not a random generator.
/// </para>
/// </summary>
internal static class NationalCems
{
    public static readonly DateTime First = new(2020, 1, 1);

    private static readonly string[] Provinces =
    [
        "北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省", "上海市", "江苏省", "浙江省",
        "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "广西壮族自治区", "海南省", "重庆市",
        "四川省", "贵州省", "云南省", "西藏自治区", "陕西省", "甘肃省", "青海省", "宁夏回族自治区", "新疆维吾尔自治区",
    ];

    /// <summary>GB/T 2260 province codes, in the order of <see cref="Provinces"/>.</summary>
    private static readonly int[] ProvinceCodes =
        [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65];

    /// <summary>Industry, its standard, reference O2 (%) and limits of particulate, SO2 and NOx (mg/m³).</summary>
    private static readonly (string Industry, string Standard, decimal O2, decimal Dust, decimal So2, decimal Nox)[] Industries =
    [
        ("火力发电", "GB 13223-2011", 6m, 30m, 200m, 100m),
        ("热力生产和供应", "GB 13271-2014", 9m, 50m, 300m, 300m),
        ("水泥制造", "GB 4915-2013", 10m, 30m, 200m, 400m),
        ("炼钢", "GB 28664-2012", 16m, 50m, 200m, 300m),
        ("炼焦", "GB 16171-2012", 8m, 30m, 50m, 500m),
        ("平板玻璃制造", "GB 26453-2011", 8m, 50m, 400m, 700m),
        ("石油炼制", "GB 31570-2015", 3m, 30m, 100m, 150m),
    ];

    /// <summary>Outlets of consecutive enterprises (mean 2): outlets are numbered across enterprises in this cycle.</summary>
    private static readonly int[] OutletsPerEnterprise = [1, 3, 2, 4, 1, 2, 1, 2];

    public static int Run(string[] args)
    {
        switch (args)
        {
            case ["registry", var file, var n]:
                File.WriteAllText(file, Registry(Int(n)));
                return 0;
            case ["packets", var dir, var n, var days]:
                Directory.CreateDirectory(dir);
                var (packets, resent) = WriteDays(dir, Int(n), Int(days));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"packets {packets} resent {resent}"));
                return 0;
            case ["outlets", var n]:
                foreach (var o in Outlets(Int(n)))
                {
                    Console.WriteLine(o.CreditCode + " " + o.Code);
                }

                return 0;
            case ["query", var baseUrl, var urls]:
                return Query(baseUrl, File.ReadAllLines(urls)).GetAwaiter().GetResult();
            default:
                Console.Error.WriteLine("usage: national-cems registry FILE OUTLETS | packets DIR OUTLETS DAYS | outlets OUTLETS | query BASEURL URLFILE");
                return 2;
        }
    }

    private static int Int(string s) => int.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>One outlet: its global number, enterprise number, position in the enterprise, and the enterprise's code.</summary>
    private sealed record OutletRef(int Number, int Enterprise, int Position, string CreditCode, string Code, string Mn, int Industry);

    private static IEnumerable<OutletRef> Outlets(int outlets)
    {
        var number = 0;
        for (var e = 0; number < outlets; e++)
        {
            var size = Math.Min(OutletsPerEnterprise[e % OutletsPerEnterprise.Length], outlets - number);
            for (var p = 0; p < size; p++, number++)
            {
                yield return new OutletRef(number, e, p, CreditCode(e), string.Create(CultureInfo.InvariantCulture, $"DA{p + 1:D3}"), Mn(number), e % Industries.Length);
            }
        }
    }

    /// <summary>A valid GB 32100-2015 code: registration 9 (market regulation), type 1 (company), the province's division, an organisation body from the number.</summary>
    private static string CreditCode(int enterprise)
    {
        var division = string.Create(CultureInfo.InvariantCulture, $"{ProvinceCodes[enterprise % ProvinceCodes.Length]}0000");
        var body = string.Create(CultureInfo.InvariantCulture, $"N{enterprise:D7}");
        var first17 = "91" + division + body + UnifiedSocialCreditCode.OrganisationCheckDigit(body);
        return first17 + UnifiedSocialCreditCode.CheckDigit(first17);
    }

    private static string Mn(int outlet) => string.Create(CultureInfo.InvariantCulture, $"NCEMS{outlet:D9}");

    private static string Registry(int outlets)
    {
        var enterprises = Outlets(outlets).GroupBy(o => o.Enterprise).Select(g =>
        {
            var e = g.Key;
            var (industry, standard, o2, dust, so2, nox) = Industries[e % Industries.Length];
            var province = e % Provinces.Length;
            return new
            {
                creditCode = g.First().CreditCode,
                name = string.Create(CultureInfo.InvariantCulture, $"国家基准示例{e:D6}有限公司"),
                industry,
                district = Provinces[province],
                latitude = Math.Round(22.0 + (Hash(e, 0, 1) * 22.0), 4),
                longitude = Math.Round(100.0 + (Hash(e, 0, 2) * 24.0), 4),
                listEntries = new[] { new { year = 2020, category = "大气" } },
                outlets = g.Select(o => new
                {
                    code = o.Code,
                    name = string.Create(CultureInfo.InvariantCulture, $"{o.Position + 1}号排放口"),
                    type = o.Position == 0 ? "main" : "general",
                    heightM = 40m + (o.Number % 9 * 15m),
                    monitoring = "automatic",
                    requiredFrequency = "自动监测",
                    emissionStandard = standard,
                    referenceOxygen = o2,
                    mn = o.Mn,
                    pollutants = new[] { new { code = "a34013", limit = dust }, new { code = "a21026", limit = so2 }, new { code = "a21002", limit = nox } },
                }),
            };
        });
        return JsonSerializer.Serialize(new { enterprises });
    }

    /// <summary>Writes day files hourly-data-yyyyMMdd.hj212, outlet by outlet; returns the packets and the resent ones.</summary>
    private static (long Packets, long Resent) WriteDays(string dir, int outlets, int days)
    {
        var all = Outlets(outlets).ToList();
        long packets = 0, resent = 0;
        for (var d = 0; d < days; d++)
        {
            var day = First.AddDays(d);
            using var file = new StreamWriter(Path.Combine(dir, string.Create(CultureInfo.InvariantCulture, $"hourly-data-{day:yyyyMMdd}.hj212")), false, new UTF8Encoding(false), 1 << 20);
            foreach (var o in all)
            {
                // Yesterday's corrected noon packet first, as a logger resends once the fault is found.
                if (d > 0 && Resends(o.Number, d - 1))
                {
                    file.Write(Packet(o, First.AddDays(d - 1).AddHours(12), correction: true));
                    resent++;
                }

                for (var h = 0; h < 24; h++)
                {
                    var t = day.AddHours(h);
                    if (Missing(o.Number, t))
                    {
                        continue;
                    }

                    file.Write(Packet(o, t, correction: false));
                    packets++;
                }
            }
        }

        return (packets + resent, resent);
    }

    private static int HourIndex(DateTime t) => (int)(t - First).TotalHours;

    private static bool Missing(int outlet, DateTime t) => (HourIndex(t) + (outlet * 31)) % 97 == 0;

    private static bool Resends(int outlet, int day) => ((outlet * 7) + (day * 13)) % 500 == 0 && !Missing(outlet, First.AddDays(day).AddHours(12));

    private static string Flag(int outlet, DateTime t)
    {
        if (t.Day is 3 or 17 && t.Hour is >= 9 and < 15 && outlet % 4 == 0)
        {
            return "M";
        }

        if (t.DayOfWeek == DayOfWeek.Monday && t.Hour == 10 && outlet % 3 == 1)
        {
            return "C";
        }

        if (outlet % 60 == 7 && t.Day is >= 20 and < 23)
        {
            return "F";
        }

        if (outlet % 50 == 3 && t.Day == 11)
        {
            return "D";
        }

        return outlet % 40 == 5 && t.Day == 8 && t.Hour == 14 ? "T" : "N";
    }

    /// <summary>The framed CN 2061 packet of one outlet-hour (with CR LF, so one line of the file).</summary>
    private static string Packet(OutletRef o, DateTime t, bool correction)
    {
        var (_, _, reference, dust, so2, nox) = Industries[o.Industry];
        var hour = HourIndex(t);
        var flag = Flag(o.Number, t);
        var others = flag == "T" ? "N" : flag;
        var load = (t.Hour is >= 8 and < 20 ? 1.0 : 0.8) * (t.DayOfWeek == DayOfWeek.Sunday ? 0.85 : 1.0);
        if (flag == "F")
        {
            load = 0.05;
        }

        var o2 = Math.Round((double)reference + 1.0 + ((1.1 - load) * 4.0) + ((Hash(o.Number, hour, 3) - 0.5) * 1.2), 1);
        o2 = Math.Clamp(o2, 0.5, 20.5);
        var back = (21.0 - o2) / (21.0 - (double)reference);
        var text = new StringBuilder(480);
        text.Append(CultureInfo.InvariantCulture, $"QN={t:yyyyMMddHHmmss}000;ST=31;CN=2061;PW=123456;MN={o.Mn};Flag=4;CP=&&DataTime={t:yyyyMMddHHmmss};");
        void Pollutant(string code, decimal limit, int salt, string f)
        {
            var share = Math.Clamp((0.5 * load) + ((Hash(o.Number, hour, salt) - 0.5) * 0.4) + (correction ? 0.07 : 0.0), 0.02, 0.8);
            var avg = (double)limit * share * back;
            var spread = avg * 0.08 * Hash(o.Number, hour, salt + 10);
            text.Append(CultureInfo.InvariantCulture,
                $"{code}-Min={Math.Round(avg - spread, 2):0.00},{code}-Avg={Math.Round(avg, 2):0.00},{code}-Max={Math.Round(avg + spread, 2):0.00},{code}-Flag={f};");
        }

        Pollutant("a34013", dust, 4, flag);
        Pollutant("a21026", so2, 5, others);
        Pollutant("a21002", nox, 6, others);
        text.Append(CultureInfo.InvariantCulture, $"a19001-Avg={o2:0.0},a19001-Flag={others};");
        var flow = (40.0 + (o.Number % 9 * 15.0)) * 1.5 * load * (0.95 + (Hash(o.Number, hour, 7) / 10.0));
        text.Append(CultureInfo.InvariantCulture, $"a00000-Avg={flow:0.0},a00000-Flag={others}");
        if (o.Number % 4 == 0)
        {
            text.Append(CultureInfo.InvariantCulture, $";a01012-Avg={48.0 + (load * 10.0) + (Hash(o.Number, hour, 8) * 3.0):0.0},a01012-Flag={others}");
        }

        return Hj212Codec.FormatDataSegment(text.Append("&&").ToString());
    }

    /// <summary>
    /// Requests each path once, one after another, and prints <c>query N p50_ms p99_ms misses bytes</c>: the latency of
    /// each whole answer (headers and body read). Every answer must be 200; <c>misses</c> counts the answers the server
    /// says it computed (<c>X-Cache: miss</c>), which for distinct paths should be all of them.
    /// </summary>
    private static async Task<int> Query(string baseUrl, string[] paths)
    {
        using var client = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(2) };
        var times = new List<double>(paths.Length);
        long bytes = 0;
        var misses = 0;
        foreach (var path in paths.Where(p => p.Length > 0))
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            using var response = await client.GetAsync(path);
            var body = await response.Content.ReadAsByteArrayAsync();
            times.Add(watch.Elapsed.TotalMilliseconds);
            if (!response.IsSuccessStatusCode)
            {
                Console.Error.WriteLine($"GET {path}: {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
                return 1;
            }

            bytes += body.Length;
            if (response.Headers.TryGetValues("X-Cache", out var cache) && cache.Contains("miss"))
            {
                misses++;
            }
        }

        times.Sort();
        double Percentile(double p) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(p * times.Count) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"query {times.Count} {Percentile(0.5):F1} {Percentile(0.99):F1} {misses} {bytes}"));
        return 0;
    }

    /// <summary>A deterministic number in [0, 1) from outlet, hour and a salt (splitmix64's finaliser).</summary>
    private static double Hash(int outlet, int hour, int salt)
    {
        var x = (ulong)((outlet * 1_000_003L) + (hour * 7919L) + (salt * 104_729L));
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdUL;
        x ^= x >> 33;
        x *= 0xc4ceb9fe1a85ec53UL;
        x ^= x >> 33;
        return (x % 1_000_000) / 1_000_000.0;
    }
}
