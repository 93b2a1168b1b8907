using System.Globalization;
using System.Text.Json;
using Public.Web.AirQuality.Import;
using Public.Web.AirQuality;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Data;
using Public.Web.Tests.Hosting;
using Public.Web.Tests.Postgres;
using Public.Web.Tests.SharedData;

namespace Public.Web.Tests.AirQuality;

/// <summary>
/// The CNEMC importer, the air-quality store and its query service (what REST and GraphQL call) on each engine, over
/// slices of the real 2019 Jinzhou file: the answers are the file's own facts (its AQI column, the means of its hourly
/// values), and SQLite and PostgreSQL give the same answers, leaves, record bytes and root for the same imports.
/// </summary>
public sealed class AirQualityEngineTests(EngineServer engines) : IClassFixture<EngineServer>
{
    private static readonly string[] Stations = ["1767A", "1768A", "1769A", "1770A", "1771A"];
    private static readonly string[] HourlyTypes = ["PM2.5", "PM10", "SO2", "NO2", "O3", "CO"];
    private static readonly DateTimeOffset Now = new(2019, 7, 1, 9, 0, 0, TimeSpan.FromHours(8));

    // 2019-01-10 … 2019-01-13 (with the midnight hour that closes the 13th): the severe days around 2019-01-12.
    private static readonly DateOnly First = new(2019, 1, 10);
    private static readonly DateOnly Last = new(2019, 1, 13);

    private PortedServices Services(string engine) => new(engines.Create(engine), new FixedTime(Now));

    /// <summary>The header and the rows of the real file labelled from <paramref name="from"/> 00:00 to the midnight after <paramref name="to"/>, as a file.</summary>
    private string Slice(string name, DateOnly from, DateOnly to, Func<string, string>? edit = null) =>
        engines.WriteText(name, JinzhouSlices.Text(from, to, edit));

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void ImportedHoursAnswerHourlyDailyAndCityValuesWithTheFilesFacts(string engine)
    {
        var s = Services(engine);
        var path = Slice("slice.csv", First, Last);
        var facts = CnemcCsvFacts.Read(path);

        var summary = s.AirImporter.Import([path], new ImportOptions());

        Assert.True(summary.Clean, string.Join("\n", summary.Problems.Take(10)));
        Assert.Equal((facts.StationHours, facts.NonBlankCells, 0, 0), (summary.NewRecords, summary.ValuesStored, summary.NewVersions, summary.Unchanged));
        Assert.Equal(facts.StationHours, s.Count("station_hour"));

        // Every hour's AQI computed from its values is the AQI the file publishes (hours with all six 1-hour values).
        var compared = 0;
        var hourly = s.Air.StationHourly(Stations, First, Last, null);
        foreach (var station in Stations)
        {
            foreach (var hour in hourly[station])
            {
                var date = hour.Time.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
                var published = facts.Value(date, hour.Time.Hour, "AQI", station);
                Assert.Equal(published, hour.PublishedAqi);
                if (published is not null && HourlyTypes.All(t => facts.Value(date, hour.Time.Hour, t, station) is not null))
                {
                    Assert.Equal((int)published, hour.Aqi);
                    compared++;
                }
            }
        }

        Assert.True(compared > 400, $"only {compared} hours compared");

        // Station days: GB 3095 means of at least 20 hours, GB/T 8170 rounding; city days: the rounded mean of the stations'.
        var days = s.Air.StationDaily(Stations, First, Last);
        var city = s.Air.CityDaily(First, Last);
        Assert.Equal(4, city.Count);
        foreach (var day in Enumerable.Range(0, 4).Select(First.AddDays))
        {
            var stationValues = new List<decimal>();
            foreach (var station in Stations)
            {
                var hours = CnemcCsvFacts.LabelsOfDay(day).Select(l => facts.Value(l.Date, l.Hour, "PM2.5", station)).OfType<decimal>().ToList();
                var expected = hours.Count >= 20 ? Math.Round(hours.Average(), 0, MidpointRounding.ToEven) : (decimal?)null;
                var value = Pm25(days[station].Single(d => d.Date == day));
                Assert.Equal((expected, hours.Count), (value.Value, value.Count));
                if (expected is { } v)
                {
                    stationValues.Add(v);
                }
            }

            Assert.Equal(Math.Round(stationValues.Average(), 0, MidpointRounding.ToEven), Pm25(city.Single(d => d.Date == day)).Value);
        }

        // 2019-01-12 was severely polluted for the city as a whole.
        Assert.True(city.Single(d => d.Date == new DateOnly(2019, 1, 12)).Aqi > 300);

        // City hours: the rounded mean of the stations that reported PM2.5 that hour.
        foreach (var hour in s.Air.CityHourly(First, Last, null))
        {
            var date = hour.Time.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
            var values = Stations.Select(st => facts.Value(date, hour.Time.Hour, "PM2.5", st)).OfType<decimal>().ToList();
            Assert.Equal(values.Count == 0 ? null : Math.Round(values.Average(), 0, MidpointRounding.ToEven), hour.Values.Single(v => v.Pollutant == "PM2.5").Value);
        }

        // The wide series' lean read (a period of a week or more: the packed months) gives the file's values too.
        var from = ChinaTime.DayStart(First.AddDays(-3));
        var to = ChinaTime.DayStart(Last.AddDays(4));
        using var packed = s.AirStore.CurrentHourValues("1769A", from, to);
        using var rows = s.AirStore.CurrentHourValuesFromRows("1769A", from, to);
        Assert.True(packed.Count > 90, $"{packed.Count} hours");
        Assert.Equal(rows.Count, packed.Count);
        for (var i = 0; i < packed.Count; i++)
        {
            var label = ChinaTime.FromUnix(packed.HourEnd[i]);
            var pm25 = facts.Value(label.ToString("yyyyMMdd", CultureInfo.InvariantCulture), label.Hour, "PM2.5", "1769A");
            Assert.Equal(rows.HourEnd[i], packed.HourEnd[i]);
            Assert.Equal(rows.Row(i).ToArray(), packed.Row(i).ToArray());
            Assert.Equal(pm25 is { } v ? (double)v : double.NaN, packed.Row(i)[PublishedTypes.PM25]);
        }
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void TheLatestHoursOfANationalRegistryOf1700StationsAreFound(string engine)
    {
        // The station list and the default date range ask every registry station for its latest hour. As one term of a
        // compound SELECT each, SQLite refused more than 500 ("too many terms in compound SELECT") and PostgreSQL overran
        // the 30 s command timeout with 400: the server could not answer with a national registry (tests/Benchmarks/national.sh).
        var s = Services(engine);
        var path = Slice("slice.csv", First, Last);
        var facts = CnemcCsvFacts.Read(path);
        Assert.True(s.AirImporter.Import([path], new ImportOptions()).Clean);
        var national = Enumerable.Range(3001, 1700 - Stations.Length).Select(n => $"{n}A").Concat(Stations).ToList();

        // Each station's latest hour label with any value in the file.
        var expected = Stations.ToDictionary(st => st, st => Enumerable.Range(0, Last.DayNumber - First.DayNumber + 1)
            .SelectMany(d => CnemcCsvFacts.LabelsOfDay(First.AddDays(d)))
            .Where(l => facts.HasHour(l.Date, l.Hour, st)).Max(l => l.Label.ToUnixTimeSeconds()));

        Assert.Equal(expected.Values.Max(), s.AirStore.LatestHourEnd(national));
        var latest = s.AirStore.LatestHours(national);
        Assert.Equal(Stations, latest.Select(r => r.Station));
        Assert.Equal(Stations.Select(st => expected[st]), latest.Select(r => r.HourEndUnix));
        Assert.Null(s.AirStore.LatestHourEnd(national.Take(1695).ToList()));
        Assert.Empty(s.AirStore.LatestHours(national.Take(1695).ToList()));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void ACorrectionIsANewVersionWithItsReasonAndAReimportAddsNothing(string engine)
    {
        var s = Services(engine);
        var original = Slice("original.csv", First, Last);
        var facts = CnemcCsvFacts.Read(original);
        var start = s.Database.ReadDataVersion().Number;
        Assert.True(s.AirImporter.Import([original], new ImportOptions()).Clean);

        var again = s.AirImporter.Import([original], new ImportOptions());
        Assert.Equal((0, 0, facts.StationHours), (again.NewRecords, again.NewVersions, again.Unchanged));

        // 1769A's PM2.5 of 2019-01-12 10:00 re-published as 999.
        var before = facts.Value("20190112", 10, "PM2.5", "1769A");
        Assert.NotNull(before);
        var corrected = s.AirImporter.Import([Slice("corrected.csv", new DateOnly(2019, 1, 12), new DateOnly(2019, 1, 12), CorrectPm25)], new ImportOptions());
        Assert.True(corrected.Clean, string.Join("\n", corrected.Problems));
        Assert.Equal((0, 1), (corrected.NewRecords, corrected.NewVersions));
        Assert.Equal(start + 3, s.Database.ReadDataVersion().Number);

        var versions = s.Air.StationVersions("1769A", new DateOnly(2019, 1, 12), new DateOnly(2019, 1, 12), changedOnly: true);
        Assert.Equal([(1, false), (2, true)], versions.Select(v => (v.Version, v.Current)));
        Assert.All(versions, v => Assert.Equal(new DateTimeOffset(2019, 1, 12, 10, 0, 0, TimeSpan.FromHours(8)), v.Time));
        Assert.Null(versions[0].Reason);
        Assert.Contains($"PM2.5 {before.Value.ToString(CultureInfo.InvariantCulture)} → 999", versions[1].Reason, StringComparison.Ordinal);
        Assert.All(versions, v => Assert.Equal(64, v.Log!.Sha256.Length));
        var hour = s.Air.StationHourly("1769A", new DateOnly(2019, 1, 12), new DateOnly(2019, 1, 12), null).Single(h => h.Time.Hour == 10 && h.Time.Day == 12);
        Assert.Equal((2, 999m), (hour.Version, hour.Values.Single(v => v.Type == "PM2.5").Value));
        Assert.Equal(facts.StationHours + 1, s.Count("station_hour"));
        // The day was derived again from the latest versions.
        var hours = CnemcCsvFacts.LabelsOfDay(new DateOnly(2019, 1, 12))
            .Select(l => l.Date == "20190112" && l.Hour == 10 ? 999m : facts.Value(l.Date, l.Hour, "PM2.5", "1769A")).OfType<decimal>().ToList();
        Assert.Equal(Math.Round(hours.Average(), 0, MidpointRounding.ToEven),
            Pm25(s.Air.StationDaily("1769A", new DateOnly(2019, 1, 12), new DateOnly(2019, 1, 12)).Single()).Value);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void AFileWithOneBadRowWritesNothing(string engine)
    {
        var s = Services(engine);
        Assert.True(s.AirImporter.Import([Slice("first.csv", First, First)], new ImportOptions()).Clean);
        var before = (s.Count("station_hour"), s.Count("day_value"), s.Count("city_hour"), s.Count("station_hour_packed"), s.Count("log_leaves"), s.Count("import_batch"),
            s.Database.ReadDataVersion().Number);

        // The next day, with one negative concentration.
        var bad = Slice("bad.csv", First.AddDays(1), First.AddDays(1), l => l.StartsWith("20190111,5,PM10,", StringComparison.Ordinal) ? "20190111,5,PM10,-3,,,," : l);
        var summary = s.AirImporter.Import([bad], new ImportOptions());

        Assert.Equal(1, summary.FilesRejected);
        var problem = Assert.Single(summary.Problems);
        Assert.Contains("-3", problem.ToString(), StringComparison.Ordinal);
        Assert.Equal(before, (s.Count("station_hour"), s.Count("day_value"), s.Count("city_hour"), s.Count("station_hour_packed"), s.Count("log_leaves"), s.Count("import_batch"),
            s.Database.ReadDataVersion().Number));
        Assert.Empty(s.Air.CityDaily(First.AddDays(1), First.AddDays(1)));
    }

    /// <summary>
    /// On PostgreSQL the planner's statistics are refreshed right after an import of at least 10,000 leaves (a fresh
    /// database otherwise plans its first queries without them: a station's half-year of log references took 52 s).
    /// <c>last_analyze</c> is set only by an explicit ANALYZE, never by autovacuum (<c>last_autoanalyze</c>).
    /// </summary>
    [Fact]
    public void OnPostgresAnImportOfTenThousandLeavesRefreshesThePlannersStatisticsAndASmallOneLeavesThemToAutovacuum()
    {
        if (!StoreEngines.IsSelected(StoreEngines.Postgres))
        {
            Assert.Skip($"PostgreSQL only ({StoreEngines.Variable} selects {string.Join(", ", StoreEngines.Selected)})");
        }

        var s = Services(StoreEngines.Postgres);
        long Analyzed()
        {
            using var connection = s.Database.Connect();
            return connection.Long(null, "SELECT count(*) FROM pg_stat_user_tables WHERE relname = 'log_leaves' AND last_analyze IS NOT NULL");
        }

        // Four days: 5 stations × 97 hours, far under the threshold.
        Assert.True(s.AirImporter.Import([Slice("small.csv", First, Last)], new ImportOptions()).Clean);
        Assert.True(s.Count("log_leaves") < 10_000);
        Assert.Equal(0, Analyzed());

        // 14 January to 30 April: 5 stations × 107 days × 24 hours, one leaf each, over the threshold in one import.
        var summary = s.AirImporter.Import([Slice("months.csv", new DateOnly(2019, 1, 14), new DateOnly(2019, 4, 30))], new ImportOptions());
        Assert.True(summary.Clean, string.Join("\n", summary.Problems.Take(10)));
        Assert.True(summary.NewRecords >= 10_000, $"{summary.NewRecords} records");
        Assert.Equal(1, Analyzed());
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void AnHourCorrectedByALaterFileOfTheSameImportLogsItsFirstVersionAsThePreviousOfItsSecond(string engine)
    {
        var s = Services(engine);
        var day = new DateOnly(2019, 1, 12);
        var original = Slice("day.csv", day, day);
        var facts = CnemcCsvFacts.Read(original);

        // One import, one batch: the day, then the day again with 1769A's PM2.5 at 10:00 as 999.
        var summary = s.AirImporter.Import([original, Slice("day-corrected.csv", day, day, CorrectPm25)], new ImportOptions());

        Assert.True(summary.Clean, string.Join("\n", summary.Problems));
        Assert.Equal((facts.StationHours, 1), (summary.NewRecords, summary.NewVersions));
        using var connection = s.Database.Connect();
        byte[] Bytes(long version)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT bytes FROM log_records WHERE dataset = 'station-hours' AND record_id = '1769A.2019-01-12T10' AND version = {version}";
            return (byte[])command.ExecuteScalar()!;
        }

        string Leaf(long version)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT leaf FROM log_leaves WHERE dataset = 'station-hours' AND record_id = '1769A.2019-01-12T10' AND version = {version}";
            return System.Text.Encoding.UTF8.GetString((byte[])command.ExecuteScalar()!);
        }

        // The second version's leaf names the SHA-256 of the first version's bytes, written in the same batch.
        Assert.DoesNotContain("999", System.Text.Encoding.UTF8.GetString(Bytes(1)), StringComparison.Ordinal);
        Assert.Contains("999", System.Text.Encoding.UTF8.GetString(Bytes(2)), StringComparison.Ordinal);
        Assert.Contains("\nprevious none\n", Leaf(1), StringComparison.Ordinal);
        Assert.Contains($"\nprevious {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Bytes(1)))}\n", Leaf(2), StringComparison.Ordinal);
        Assert.Contains($"\nsha256 {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Bytes(2)))}\n", Leaf(2), StringComparison.Ordinal);
    }

    [Fact]
    public void SqliteAndPostgresGiveTheSameAnswersAndTheSameLogForTheSameImports()
    {
        if (!StoreEngines.IsSelected(StoreEngines.Postgres) || !StoreEngines.IsSelected(StoreEngines.Sqlite))
        {
            Assert.Skip($"needs both engines ({StoreEngines.Variable} selects {string.Join(", ", StoreEngines.Selected)})");
        }

        // January (about 3,650 station-hours, 15 values each) and a correction.
        var january = Slice("january.csv", new DateOnly(2019, 1, 1), new DateOnly(2019, 1, 31));
        var correction = Slice("correction.csv", new DateOnly(2019, 1, 12), new DateOnly(2019, 1, 12), CorrectPm25);
        string Answers(PortedServices s)
        {
            Assert.True(s.AirImporter.Import([january], new ImportOptions()).Clean);
            Assert.Equal(1, s.AirImporter.Import([correction], new ImportOptions()).NewVersions);
            var (from, to) = (new DateOnly(2019, 1, 1), new DateOnly(2019, 2, 1));
            return JsonSerializer.Serialize(new
            {
                stations = s.Air.Stations(s.Air.Registry.All),
                latest = s.Air.LatestDay(),
                hourly = s.Air.StationHourly(Stations, from, to, null).OrderBy(h => h.Key, StringComparer.Ordinal),
                versions = s.Air.StationVersions(Stations, from, to, changedOnly: false).OrderBy(h => h.Key, StringComparer.Ordinal),
                daily = s.Air.StationDaily(Stations, from, to).OrderBy(h => h.Key, StringComparer.Ordinal),
                cityDaily = s.Air.CityDaily(from, to),
                cityHourly = s.Air.CityHourly(from, to, null),
                assessment = s.Air.CityAssessment(2019, 1),
                signatures = s.AirStore.HourSignaturesByMonth(2019),
                batches = s.AirStore.Batches(0, 10, out var total).Select(b => new { b.Batch.Kind, b.Batch.Rows, b.Batch.NewRecords, b.Batch.NewVersions, b.Files }),
                total,
            });
        }

        var sqlite = Services(StoreEngines.Sqlite);
        var postgres = Services(StoreEngines.Postgres);

        Assert.Equal(Answers(sqlite), Answers(postgres));
        var leaves = EngineLog.Leaves(sqlite.Database);
        Assert.True(leaves.Count > 3_600, $"{leaves.Count} leaves");
        // The id of a station-hour is its CNEMC label (China time), the same text on both engines.
        Assert.Contains(leaves, l => l.Contains(Convert.ToHexString("1769A.2019-01-12T10"u8), StringComparison.Ordinal));
        Assert.Equal(leaves, EngineLog.Leaves(postgres.Database));
        Assert.Equal(EngineLog.Root(sqlite.Database), EngineLog.Root(postgres.Database));
    }

    /// <summary>1769A's PM2.5 of 2019-01-12 10:00 as 999 (the station columns are 1767A…1771A).</summary>
    private static string CorrectPm25(string line)
    {
        if (!line.StartsWith("20190112,10,PM2.5,", StringComparison.Ordinal))
        {
            return line;
        }

        var cells = line.Split(',');
        cells[3 + 2] = "999";
        return string.Join(',', cells);
    }

    private static DayValueDto Pm25(DayDto day) =>
        day.Values.Single(v => v.Pollutant == "PM2.5" && v.Statistic == "24h");
}
