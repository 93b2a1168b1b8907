using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Public.Web.AirQuality.Store;
using Public.Web.Infrastructure;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.AirQuality;

/// <summary>
/// The packed copy of the current station hours (<c>station_hour_packed</c>), which the wide series reads for a week or
/// more: after imports that correct hours and add hours to a month it already has, and in a store written before it
/// existed (built by the schema upgrade), it gives the same hours as station_hour's rows and the long shape.
/// </summary>
[Trait(TestStore.EnginesTrait, TestStore.BothEngines)]
public sealed class PackedHoursTests(RealDataApp real) : IClassFixture<RealDataApp>
{
    [Fact]
    public void EveryStationsYearAndPartOfMonthsFromThePackedCopyEqualTheRows()
    {
        var store = real.App.Services.GetRequiredService<AirQualityStore>();
        var compared = 0;
        foreach (var code in new[] { "1767A", "1768A", "1769A", "1770A", "1771A" })
        {
            // A year, and a period that starts and ends inside months (the packed months' edges cut off).
            foreach (var (from, to) in new[] { (new DateOnly(2019, 1, 1), new DateOnly(2019, 12, 31)), (new DateOnly(2019, 2, 10), new DateOnly(2019, 4, 20)) })
            {
                compared += AssertSameHours(store, code, from, to);
            }
        }

        Assert.True(compared > 20_000, $"{compared} hours");
    }

    [Fact]
    public async Task AfterACorrectionAndAnImportAddingHoursToAMonthThePackedCopyEqualsTheRows()
    {
        using var app = new PublicWebApp();
        var store = app.Services.GetRequiredService<AirQualityStore>();
        // 1 to 10 March, every hour; hour 0 of 1 March ends at 00:00, so it is February's last hour.
        var march = Enumerable.Range(1, 10).Select(d => new DateOnly(2019, 3, d)).ToList();
        Assert.True(app.Import([.. march.Select(d => Day(app, d, Enumerable.Range(0, 24)))]).Clean);
        AssertSameHours(store, "1767A", new DateOnly(2019, 2, 1), new DateOnly(2019, 3, 31));

        // A correction of one hour (PM2.5 of 5 March 05:00 at 1767A), and hours added to March (20 March) and to April.
        var corrected = app.Import(Day(app, new DateOnly(2019, 3, 5), Enumerable.Range(0, 24), "_v2", pm25At5: 222));
        Assert.Equal(1, corrected.NewVersions);
        var added = app.Import(Day(app, new DateOnly(2019, 3, 20), [3, 4]), Day(app, new DateOnly(2019, 4, 2), [1]));
        Assert.Equal(6, added.NewRecords);

        // The packed month against the rows, then the answer against independent facts: the hours written above.
        Assert.Equal(10 * 24 + 2 + 1, AssertSameHours(store, "1767A", new DateOnly(2019, 2, 28), new DateOnly(2019, 4, 30)));
        Assert.Equal(10 * 24 - 1 + 2, AssertSameHours(store, "1768A", new DateOnly(2019, 3, 1), new DateOnly(2019, 3, 31)));
        var wide = await app.Client.GetJsonAsync("/api/v1/stations/1767A/hourly?from=2019-03-01&to=2019-04-30&shape=wide");
        var columns = wide.GetProperty("columns");
        var times = columns.GetProperty("time").EnumerateArray().Select(t => t.GetString()).ToList();
        Assert.Equal(10 * 24 - 1 + 2 + 1, times.Count);
        Assert.Equal("2019-03-01T01:00:00+08:00", times[0]);
        Assert.Equal(["2019-03-20T03:00:00+08:00", "2019-03-20T04:00:00+08:00", "2019-04-02T01:00:00+08:00"], times[^3..]);
        var at = times.IndexOf("2019-03-05T05:00:00+08:00");
        Assert.Equal(2, columns.GetProperty("version")[at].GetInt32());
        Assert.Equal("222", columns.GetProperty("pm25_ugm3")[at].GetRawText());
        Assert.Equal(1, columns.GetProperty("version")[at + 1].GetInt32());
        Assert.Equal(Pm25(new DateOnly(2019, 3, 5), 6).ToString(CultureInfo.InvariantCulture), columns.GetProperty("pm25_ugm3")[at + 1].GetRawText());
        await AssertWideHoldsTheLongShape(app.Client, "/api/v1/stations/1767A/hourly?from=2019-02-28&to=2019-04-30");
    }

    [Fact]
    public async Task AStoreWrittenBeforeThePackedCopyIsUpgradedAtOpenAndAnswersTheSame()
    {
        var folder = Directory.CreateTempSubdirectory("public-web-packed-").FullName;
        try
        {
            var path = Path.Combine(folder, "old.db");
            // The store outlives the first app: the SQLite file, or a PostgreSQL database (kept until the server stops).
            var store = TestStore.For().Fresh();
            var postgres = store.GetValueOrDefault("ConnectionStrings:Postgres");
            const string Period = "/api/v1/stations/1767A/hourly?from=2019-03-01&to=2019-03-31&shape=wide";
            string before;
            using (var app = new PublicWebApp(databasePath: path, settings: store))
            {
                Assert.True(app.Import([.. Enumerable.Range(1, 9).Select(d => Day(app, new DateOnly(2019, 3, d), Enumerable.Range(0, 24)))]).Clean);
                Assert.Equal(1, app.Import(Day(app, new DateOnly(2019, 3, 2), Enumerable.Range(0, 24), "_v2", pm25At5: 99)).NewVersions);
                before = (await app.Client.GetJsonAsync(Period)).GetProperty("columns").GetRawText();
            }

            SqliteConnection.ClearAllPools();
            if (postgres is null)
            {
                // As a SQLite store of a release before the packed copy and the days' counts: no tables, no record of the upgrades.
                Execute(postgres, path, $"DROP TABLE station_hour_packed; DROP TABLE station_hour_day; DELETE FROM store_meta WHERE key IN ('{Schema.StationHourPackedKey}', '{Schema.StationHourDayKey}');");
                Assert.Equal(0L, Scalar(postgres, path, "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('station_hour_packed', 'station_hour_day')"));
            }
            else
            {
                // As a PostgreSQL store whose station hours came before the migrations that add the packed copy and the
                // days' counts: the migrations made the tables empty, and nothing records the upgrades.
                Execute(postgres, path, $"DELETE FROM station_hour_packed; DELETE FROM station_hour_day; DELETE FROM store_meta WHERE key IN ('{Schema.StationHourPackedKey}', '{Schema.StationHourDayKey}');");
                Assert.Equal(0L, Scalar(postgres, path, "SELECT COUNT(*) FROM station_hour_packed"));
                Assert.Equal(0L, Scalar(postgres, path, "SELECT COUNT(*) FROM station_hour_day"));
            }

            using (var app = new PublicWebApp(databasePath: path, settings: store))
            {
                // Two stations, February (hour 0 of 1 March) and March.
                Assert.Equal(4L, Scalar(postgres, path, "SELECT COUNT(*) FROM station_hour_packed"));
                Assert.Equal("1", Scalar(postgres, path, $"SELECT value FROM store_meta WHERE key = '{Schema.StationHourPackedKey}'"));
                var air = app.Services.GetRequiredService<AirQualityStore>();
                // The days' counts: 1 to 9 March plus 28 February (hour 0 of 1 March), each day's rows (every version:
                // 2 March's re-import added one) and latest batch as the rows themselves say.
                Assert.Equal("1", Scalar(postgres, path, $"SELECT value FROM store_meta WHERE key = '{Schema.StationHourDayKey}'"));
                Assert.Equal(10L, Scalar(postgres, path, "SELECT COUNT(*) FROM station_hour_day"));
                for (var day = new DateOnly(2019, 2, 27); day <= new DateOnly(2019, 3, 10); day = day.AddDays(1))
                {
                    var (a, b) = (ChinaTime.DayStart(day), ChinaTime.DayStart(day.AddDays(1)));
                    var counted = string.Create(CultureInfo.InvariantCulture,
                        $"{Scalar(postgres, path, $"SELECT COUNT(*) FROM station_hour WHERE hour_end > {a} AND hour_end <= {b}")}:{Scalar(postgres, path, $"SELECT COALESCE(MAX(batch_id), 0) FROM station_hour WHERE hour_end > {a} AND hour_end <= {b}")}");
                    Assert.Equal(counted, air.HourSignature(day, day));
                }

                Assert.Equal(9 * 24 * 2 + 1, int.Parse(air.HourSignature(new DateOnly(2019, 2, 28), new DateOnly(2019, 3, 9)).Split(':')[0], CultureInfo.InvariantCulture));
                Assert.Equal(9 * 24 - 1, AssertSameHours(air, "1767A", new DateOnly(2019, 3, 1), new DateOnly(2019, 3, 31)));
                var after = await app.Client.GetJsonAsync(Period);
                Assert.Equal(before, after.GetProperty("columns").GetRawText());
                Assert.Contains("99", after.GetProperty("columns").GetProperty("pm25_ugm3").EnumerateArray().Select(v => v.GetRawText()));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The period's hours from the packed copy equal those read from the rows, value for value; their count.</summary>
    private static int AssertSameHours(AirQualityStore store, string station, DateOnly from, DateOnly to)
    {
        var (a, b) = (ChinaTime.DayStart(from), ChinaTime.DayStart(to.AddDays(1)));
        Assert.True((b - a) / 3600 >= AirQualityStore.PackedFromHours, "the period is long enough to be read packed");
        using var packed = store.CurrentHourValues(station, a, b);
        using var rows = store.CurrentHourValuesFromRows(station, a, b);
        Assert.Equal(rows.Count, packed.Count);
        Assert.Equal(rows.HourEnd.AsSpan(0, rows.Count).ToArray(), packed.HourEnd.AsSpan(0, packed.Count).ToArray());
        Assert.Equal(rows.Version.AsSpan(0, rows.Count).ToArray(), packed.Version.AsSpan(0, packed.Count).ToArray());
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(rows.Row(i).ToArray(), packed.Row(i).ToArray());
        }

        return rows.Count;
    }

    /// <summary>Every hour of the wide shape holds the long shape's time, version and PM2.5 (the long shape reads station_hour's rows).</summary>
    private static async Task AssertWideHoldsTheLongShape(HttpClient client, string period)
    {
        var wide = (await client.GetJsonAsync(period + "&shape=wide")).GetProperty("columns");
        var hours = (await client.GetJsonAsync(period + "&limit=1000")).Results().ToList();
        Assert.Equal(hours.Count, wide.GetProperty("time").GetArrayLength());
        for (var i = 0; i < hours.Count; i++)
        {
            Assert.Equal(hours[i].Str("time"), wide.GetProperty("time")[i].GetString());
            Assert.Equal(hours[i].GetProperty("version").GetInt32(), wide.GetProperty("version")[i].GetInt32());
            var pm25 = hours[i].GetProperty("values").EnumerateArray().Single(v => v.Str("type") == "PM2.5").GetProperty("value").GetRawText();
            Assert.Equal(pm25, wide.GetProperty("pm25_ugm3")[i].GetRawText());
        }
    }

    private static int Pm25(DateOnly day, int hour) => (10 * day.Day) + hour;

    /// <summary>A CNEMC day file of two stations (AQI, PM2.5, CO) for the given hours; 1767A's PM2.5 at hour 5 can be changed.</summary>
    private static string Day(PublicWebApp app, DateOnly day, IEnumerable<int> hours, string suffix = "", int? pm25At5 = null)
    {
        var date = day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var text = new StringBuilder("date,hour,type,1767A,1768A\n");
        foreach (var hour in hours)
        {
            var pm25 = hour == 5 && pm25At5 is { } changed ? changed : Pm25(day, hour);
            text.Append(CultureInfo.InvariantCulture, $"{date},{hour},AQI,50,51\n");
            text.Append(CultureInfo.InvariantCulture, $"{date},{hour},PM2.5,{pm25},{Pm25(day, hour) + 1}\n");
            text.Append(CultureInfo.InvariantCulture, $"{date},{hour},CO,{0.5m + (hour / 10m)},0.4\n");
        }

        return app.WriteText($"china_sites_{date}{suffix}.csv", text.ToString());
    }

    private static void Execute(string? postgres, string path, string sql)
    {
        using var connection = TestStore.Open(postgres, path);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(string? postgres, string path, string sql)
    {
        using var connection = TestStore.Open(postgres, path);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
