using Public.Standards.Emissions;
using Public.Web.Enterprises;
using Public.Web.Infrastructure.Publication;

namespace Public.Web.SelfMonitoring;

/// <summary>
/// Deterministic demo CEMS hourly data (CN 2061 as a data logger sends it) for the automatically monitored main
/// outlet of every demo enterprise, 2019-01-01 to 2020-01-31: SO2, NOx and particulate at the reference O2 between
/// about 35 % and 80 % of the limit in force, following a production pattern (day shift higher, night lower,
/// Sundays lower, heating season higher for heat and power plants), O2 (a19001), flue-gas flow (a00000, m³/s) and,
/// for every sixth outlet, flue-gas temperature (a01012, °C). Gaps: a missing hour every 97 hours, and long
/// outages at the "poor data rate" outlets. Flags: 6-hour maintenance blocks (M) on the 3rd and 17th, a weekly
/// calibration hour (C), a few over-range hours (T), fault days (D) and a stop for overhaul (F). Exceedance
/// episodes in <see cref="Episodes"/>. Same values on every run (a hash of outlet, hour and code, not a random
/// generator). Seeded once into demo databases only.
/// </summary>
internal static class DemoCems
{
    public static readonly DateTime First = new(2019, 1, 1);
    public static readonly DateTime End = new(2020, 2, 1);

    public const string Flow = "a00000";
    public const string Temperature = "a01012";

    /// <summary>Exceedance episodes: every limit pollutant of that enterprise's main outlet at <c>Share</c> × the limit in force.</summary>
    public static readonly (int Enterprise, DateTime Start, int Hours, decimal Share)[] Episodes =
    [
        (0, new DateTime(2019, 12, 12, 8, 0, 0), 3, 1.8m),
        (0, new DateTime(2020, 1, 15, 20, 0, 0), 2, 1.8m),
        (2, new DateTime(2020, 1, 5, 2, 0, 0), 4, 1.8m),
        (3, new DateTime(2019, 3, 14, 5, 0, 0), 5, 1.5m),
        (7, new DateTime(2019, 6, 20, 14, 0, 0), 2, 2.4m),
        (12, new DateTime(2019, 11, 5, 22, 0, 0), 28, 1.3m),
        (16, new DateTime(2019, 8, 2, 10, 0, 0), 1, 1.1m),
        (21, new DateTime(2019, 2, 8, 3, 0, 0), 6, 1.6m),
    ];

    /// <summary>Outlets with a poor effective data rate: long outages (no data) and fault (D) weeks.</summary>
    public static readonly int[] PoorDataRate = [5, 11, 23];

    /// <summary>Every value, outlet by outlet and hour by hour.</summary>
    public static IEnumerable<CemsValue> Values() => Hours().SelectMany(h => h);

    /// <summary>The values of each outlet-hour (one packet each), outlet by outlet, in time order.</summary>
    public static IEnumerable<List<CemsValue>> Hours()
    {
        for (var index = 0; index < DemoEnterprises.All.Count; index++)
        {
            var outlet = DemoEnterprises.All[index].Outlets[0];
            if (outlet.Mn is null || outlet.Monitoring != Outlet.Automatic)
            {
                continue;
            }

            foreach (var hour in OutletHours(index, outlet))
            {
                yield return hour;
            }
        }
    }

    private static IEnumerable<List<CemsValue>> OutletHours(int index, Outlet outlet)
    {
        var reference = outlet.ReferenceOxygen!.Value;
        var power = DemoEnterprises.All[index].Industry is "火力发电" or "热力生产和供应";
        var poor = PoorDataRate.Contains(index);
        var limits = outlet.Pollutants.Select(p => (p.Code, Limits: EmissionSummaryQueries.Limits(outlet, p))).ToList();
        var sendsTemperature = index % 6 == 0;
        var baseFlow = (decimal)(outlet.HeightM ?? 60m) * 1.5m;
        var hour = 0;
        for (var t = First; t < End; t = t.AddHours(1), hour++)
        {
            if ((hour + (index * 31)) % 97 == 0 || (poor && Outage(index, t)))
            {
                continue;
            }

            var flag = Flag(index, t, poor);
            // Over range (T) concerns the particulate analyser only; the other instruments work normally then.
            var others = flag == "T" ? "N" : flag;
            var heating = t.Month is <= 3 or >= 11;
            var load = (t.Hour is >= 8 and < 20 ? 1.0m : 0.8m) * (t.DayOfWeek == DayOfWeek.Sunday ? 0.85m : 1m) * (power && heating ? 1.1m : 1m);
            if (flag == "F")
            {
                load = 0.05m;
            }

            var values = new List<CemsValue>(6);
            var o2 = Math.Round(reference + 1m + ((1.1m - Math.Min(load, 1.1m)) * 4m) + (Noise(index, hour, 0) * 1.2m), 1, MidpointRounding.ToEven);
            values.Add(new CemsValue(outlet.Mn!, Hj212Importer.Oxygen, t, o2, null, null, others));
            values.Add(new CemsValue(outlet.Mn!, Flow, t, Math.Round(baseFlow * load * (0.95m + (Noise(index, hour, 1) / 10m)), 1, MidpointRounding.ToEven), null, null, others));
            if (sendsTemperature)
            {
                values.Add(new CemsValue(outlet.Mn!, Temperature, t, Math.Round((power ? 48m : 125m) + (load * 10m) + (Noise(index, hour, 2) * 3m), 1, MidpointRounding.ToEven), null, null, others));
            }

            var episode = Episodes.FirstOrDefault(e => e.Enterprise == index && t >= e.Start && t < e.Start.AddHours(e.Hours));
            foreach (var (code, pollutantLimits) in limits)
            {
                var limit = EmissionLimit.InForce(pollutantLimits, DateOnly.FromDateTime(t))!.LimitMgPerM3;
                var share = episode.Hours > 0 && others == "N"
                    ? episode.Share
                    : Math.Clamp((0.55m * load) + (Noise(index, hour, code[^1]) * 0.2m), 0.02m, 0.8m);
                // Back from the reference O2 to the measured O2: C′ = C × (21 − O2meas) / (21 − O2ref).
                var measured = Math.Round(limit * share * (21m - o2) / (21m - reference), 1, MidpointRounding.ToEven);
                values.Add(new CemsValue(outlet.Mn!, code, t, measured, null, null, code == "a34013" ? flag : others));
            }

            yield return values;
        }
    }

    /// <summary>The HJ 212 flag of an hour: M maintenance, C calibration, T over range, D fault, F stopped, else N.</summary>
    private static string Flag(int index, DateTime t, bool poor)
    {
        if (t.Day is 3 or 17 && t.Hour is >= 9 and < 15)
        {
            return "M";
        }

        if (t.DayOfWeek == DayOfWeek.Monday && t.Hour == 10 && index % 3 == 1)
        {
            return "C";
        }

        // A stop for the yearly overhaul: power and heat plants in May, the others in August (enterprises 0–2 keep
        // December and January untouched, as the older demo had them).
        if (t.Year == 2019 && index % 5 == 4 && t.Month == 8 && t.Day is >= 10 and < 17)
        {
            return "F";
        }

        if (t.Year == 2019 && index % 5 is 0 or 1 && t.Month == 5 && t.Day is >= 20 and < 24 && index >= 3)
        {
            return "F";
        }

        if (poor && t.Month is 4 or 9 && t.Day is >= 1 and < 8)
        {
            return "D";
        }

        if (index % 7 == 2 && t.Month == 7 && t.Day == 9 && t.Hour is >= 13 and < 16)
        {
            return "T";
        }

        return "N";
    }

    /// <summary>Long outages of the poor-data-rate outlets (no value sent): March from the 5th, a fortnight from mid-October, and every night 01:00–05:00 in June.</summary>
    private static bool Outage(int index, DateTime t) =>
        t.Year == 2019 && ((t.Month == 3 && t.Day >= 5) || (t.Month == 10 && t.Day >= 15 + (index % 3)) || (t.Month == 6 && t.Hour is >= 1 and < 5));

    /// <summary>A deterministic number in [−0.5, 0.5) from outlet, hour and a salt.</summary>
    private static decimal Noise(int index, int hour, int salt)
    {
        var x = (ulong)((index * 1_000_003L) + (hour * 7919L) + (salt * 104_729L));
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdUL;
        x ^= x >> 33;
        x *= 0xc4ceb9fe1a85ec53UL;
        x ^= x >> 33;
        return ((x % 1000) / 1000m) - 0.5m;
    }
}

/// <summary>Writes <see cref="DemoCems"/> once into a demo database that has the demo enterprises, in one transaction with prepared statements.</summary>
internal sealed class DemoCemsSeeder(Publisher publisher, ILogger<DemoCemsSeeder> logger)
{
    private const string DoneKey = "demo_cems_2019";

    public void EnsureSeeded()
    {
        var database = publisher.Database;
        if (!publisher.IsDemo || database.GetMeta(DoneKey) == "1")
        {
            return;
        }

        var started = System.Diagnostics.Stopwatch.StartNew();
        int hours = 0, values = 0;
        publisher.Publish("demo-cems", publisher.Now(), batch =>
        {
            using (var writer = new CemsWriter(batch.StoreConnection, batch.StoreTransaction, batch.StartedAt))
            {
                foreach (var hour in DemoCems.Hours())
                {
                    writer.InsertFirst(hour[0].Mn, hour[0].DataTime, CemsPacking.Pack(hour), "demo");
                    values += hour.Count;
                }

                writer.Flush();
                hours = writer.New;
            }

            batch.Count(0, 0, values, hours, 0, 0, 0);
            database.SetMeta(DoneKey, "1", batch.StoreConnection, batch.StoreTransaction);
        });
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Demo CEMS data: {Hours} outlet-hours, {Values} values written in {Seconds:F1} s", hours, values, started.Elapsed.TotalSeconds);
        }
    }
}
