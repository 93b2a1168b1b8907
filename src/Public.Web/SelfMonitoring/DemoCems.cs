using Public.Standards.Emissions;
using Public.Web.AirQuality.Import;
using Public.Web.Enterprises;
using Public.Web.Infrastructure;

namespace Public.Web.SelfMonitoring;

/// <summary>
/// Deterministic demo CEMS hourly data for the main outlets of the first three demo enterprises, 2019-12-01 to
/// 2020-01-31 (so both the ordinary limits and the special limits from 2020-01-01 apply): values near 60 % of
/// the limit in force at the reference O2, a missing hour every 97 hours, a 6-hour maintenance (M) block each
/// fortnight, and three exceedance episodes. Seeded once into demo databases only.
/// </summary>
internal static class DemoCems
{
    public static readonly DateTime First = new(2019, 12, 1);
    public static readonly DateTime End = new(2020, 2, 1);

    /// <summary>Hours of deliberate exceedances (all pollutants of that outlet at 180 % of the limit), by enterprise index.</summary>
    public static readonly (int Enterprise, DateTime Start, int Hours)[] Episodes =
    [
        (0, new DateTime(2019, 12, 12, 8, 0, 0), 3),
        (0, new DateTime(2020, 1, 15, 20, 0, 0), 2),
        (2, new DateTime(2020, 1, 5, 2, 0, 0), 4),
    ];

    public static IEnumerable<CemsValue> Values()
    {
        for (var index = 0; index < 3; index++)
        {
            var outlet = DemoEnterprises.All[index].Outlets[0];
            var reference = outlet.ReferenceOxygen!.Value;
            var hour = 0;
            for (var t = First; t < End; t = t.AddHours(1), hour++)
            {
                if ((hour + (index * 31)) % 97 == 0)
                {
                    continue;
                }

                var maintenance = t.Day is 3 or 17 && t.Hour is >= 9 and < 15;
                var flag = maintenance ? "M" : "N";
                var o2 = reference + 1m + (((hour * 7) + index) % 20 / 10m);
                yield return new CemsValue(outlet.Mn!, Hj212Importer.Oxygen, t, o2, null, null, flag);
                var exceeding = Episodes.Any(e => e.Enterprise == index && t >= e.Start && t < e.Start.AddHours(e.Hours));
                foreach (var p in outlet.Pollutants)
                {
                    var limits = new List<EmissionLimit> { new(p.Code, p.Limit!.Value, DateOnly.MinValue) };
                    if (p.SpecialLimit is { } special)
                    {
                        limits.Add(new EmissionLimit(p.Code, special, outlet.SpecialLimitsFrom!.Value));
                    }

                    var limit = EmissionLimit.InForce(limits, DateOnly.FromDateTime(t))!.LimitMgPerM3;
                    var share = exceeding ? 1.8m : 0.45m + (((hour * 13) + (index * 5) + p.Code[^1]) % 30 / 100m);
                    // Back from the reference O2 to the measured O2: C′ = C × (21 − O2meas) / (21 − O2ref).
                    var measured = Math.Round(limit * share * (21m - o2) / (21m - reference), 1, MidpointRounding.ToEven);
                    yield return new CemsValue(outlet.Mn!, p.Code, t, measured, null, null, flag);
                }
            }
        }
    }
}

/// <summary>Writes <see cref="DemoCems"/> once into a demo database that has the demo enterprises.</summary>
internal sealed class DemoCemsSeeder(CemsStore store, TimeProvider time)
{
    private const string DoneKey = "demo_cems";

    public void EnsureSeeded()
    {
        var database = store.Database;
        if (database.GetMeta(CnemcImporter.DemoMetaKey) != "1" || database.GetMeta(DoneKey) == "1")
        {
            return;
        }

        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        using (var writer = new CemsWriter(connection, transaction, ChinaTime.IsoUtc(time.GetUtcNow())))
        {
            foreach (var value in DemoCems.Values())
            {
                writer.InsertFirst(value, "demo");
            }
        }

        database.SetMeta(DoneKey, "1", connection, transaction);
        database.BumpDataVersion(connection, transaction);
        transaction.Commit();
    }
}
