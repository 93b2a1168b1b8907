using System.Globalization;
using Public.Standards.AirQuality;
using Public.Standards.Assessment;
using Public.Web.AirQuality.Stations;
using Public.Web.AirQuality.Store;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Publication;

namespace Public.Web.AirQuality.Demo;

/// <summary>
/// Fills an empty database with deterministic demo data from 2018-01-01 up to the last complete hour, and
/// extends it on later starts. The 1-hour values come from <see cref="DemoAirGenerator"/>; the "published"
/// moving means and AQI are computed the way the national release computes them, so demo rows look like real ones.
/// A database that holds imported (real) data is never touched.
/// </summary>
internal sealed class DemoSeeder(AirQualityStore store, StationRegistry registry, Publisher publisher, TimeProvider time, ILogger<DemoSeeder> logger)
{
    public static readonly DateOnly FirstDay = new(2018, 1, 1);
    private const string UntilKey = "demo_until";
    private const int Window24 = 24;
    private const int Window8 = 8;

    public void EnsureSeeded()
    {
        var database = store.Database;
        var isDemo = publisher.IsDemo;
        if (!isDemo && store.HasAnyHour())
        {
            return;
        }

        var now = ChinaTime.Now(time);
        var until = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, ChinaTime.Offset).ToUnixTimeSeconds();
        var firstLabel = database.GetMeta(UntilKey) is { } done
            ? long.Parse(done, CultureInfo.InvariantCulture) + 3600
            : ChinaTime.DayStart(FirstDay) + 3600;
        if (firstLabel > until)
        {
            return;
        }

        var started = System.Diagnostics.Stopwatch.StartNew();
        var rows = 0;
        publisher.Publish("demo", publisher.Now(), publication =>
        {
        var (connection, transaction, batch, recordedAt) = (publication.StoreConnection, publication.StoreTransaction, publication.Id, publication.StartedAt);
        using (var writer = AirQualityStore.CreateHourWriter(connection, transaction))
        {
            foreach (var station in registry.All)
            {
                rows += SeedStation(writer, station.Code, firstLabel, until, batch, recordedAt);
            }

            writer.Complete();
        }

        Derivation.Rebuild(connection, transaction, store, registry, ChinaTime.DayOfHourEnd(firstLabel), ChinaTime.DayOfHourEnd(until));
        publication.Count(0, 0, rows * 6, rows, 0, 0, 0);
        database.SetMeta(Publisher.DemoMetaKey, "1", connection, transaction);
        database.SetMeta(UntilKey, until.ToString(CultureInfo.InvariantCulture), connection, transaction);
        });
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Demo data: {Rows} station-hours up to {Until} written in {Seconds:F1} s", rows, ChinaTime.Iso(ChinaTime.FromUnix(until)), started.Elapsed.TotalSeconds);
        }
    }

    private static int SeedStation(AirQualityStore.HourWriter writer, string code, long firstLabel, long until, long batch, string recordedAt)
    {
        // Ring buffers of the last 24 hours, warmed up with the hours before the first label: the generator is
        // a pure function of station and hour, so those hours are the same as when first written. The warm-up
        // covers 24 + 8 hours because O3_8h_24h is the maximum of 24 eight-hour means, each reaching 7 hours back.
        var pm25 = new Ring(Window24);
        var pm10 = new Ring(Window24);
        var so2 = new Ring(Window24);
        var no2 = new Ring(Window24);
        var co = new Ring(Window24);
        var o3 = new Ring(Window24);
        var o3Eight = new Ring(Window24);
        var written = 0;
        for (var label = firstLabel - ((Window24 + Window8) * 3600L); label <= until; label += 3600)
        {
            var hour = DemoAirGenerator.Generate(code, ChinaTime.FromUnix(label));
            decimal? vPm25 = hour?.PM25, vPm10 = hour?.PM10, vSo2 = hour?.SO2, vNo2 = hour?.NO2, vCo = hour?.CO, vO3 = hour?.O3;
            pm25.Push(vPm25);
            pm10.Push(vPm10);
            so2.Push(vSo2);
            no2.Push(vNo2);
            co.Push(vCo);
            o3.Push(vO3);
            var eight = o3.MeanOfLast(Window8, Validity.MinHoursFor8hMean);
            eight = eight is { } e ? Rounding.Gb8170(e, 0) : null;
            o3Eight.Push(eight);
            if (label < firstLabel || hour is null)
            {
                continue;
            }

            var edition = AqiEditions.ForDate(ChinaTime.DayOfHourEnd(label));
            var aqi = HourlyAqi.Compute(edition, new HourlyInputs(vSo2, vNo2, vPm10, vCo, vO3, vPm25)).Aqi;
            var values = new decimal?[PublishedTypes.Count];
            values[PublishedTypes.Aqi] = aqi;
            values[PublishedTypes.PM25] = vPm25;
            values[PublishedTypes.PM25_24h] = Round(pm25.MeanOfLast(Window24, Validity.MinHoursForDailyMean), 0);
            values[PublishedTypes.PM10] = vPm10;
            values[PublishedTypes.PM10_24h] = Round(pm10.MeanOfLast(Window24, Validity.MinHoursForDailyMean), 0);
            values[PublishedTypes.SO2] = vSo2;
            values[PublishedTypes.SO2_24h] = Round(so2.MeanOfLast(Window24, Validity.MinHoursForDailyMean), 0);
            values[PublishedTypes.NO2] = vNo2;
            values[PublishedTypes.NO2_24h] = Round(no2.MeanOfLast(Window24, Validity.MinHoursForDailyMean), 0);
            values[PublishedTypes.O3] = vO3;
            values[PublishedTypes.O3_24h] = o3.Max();
            values[PublishedTypes.O3_8h] = eight;
            values[PublishedTypes.O3_8h_24h] = o3Eight.Max();
            values[PublishedTypes.CO] = vCo;
            values[PublishedTypes.CO_24h] = Round(co.MeanOfLast(Window24, Validity.MinHoursForDailyMean), 1);
            writer.Write(new StationHourRow(code, label, 1, recordedAt, batch, "demo", null, null, values));
            written++;
        }

        return written;
    }

    private static decimal? Round(decimal? value, int decimals) => value is { } v ? Rounding.Gb8170(v, decimals) : null;

    /// <summary>The last N hourly values, oldest first overwritten.</summary>
    private sealed class Ring(int size)
    {
        private readonly decimal?[] _values = new decimal?[size];
        private int _next;

        public void Push(decimal? value)
        {
            _values[_next] = value;
            _next = (_next + 1) % _values.Length;
        }

        public decimal? MeanOfLast(int count, int minValid)
        {
            decimal sum = 0;
            var n = 0;
            for (var k = 1; k <= count; k++)
            {
                if (_values[(_next - k + _values.Length) % _values.Length] is { } v)
                {
                    sum += v;
                    n++;
                }
            }

            return n >= minValid ? sum / n : null;
        }

        public decimal? Max()
        {
            decimal? max = null;
            foreach (var v in _values)
            {
                if (v is { } d && (max is null || d > max))
                {
                    max = d;
                }
            }

            return max;
        }
    }
}
