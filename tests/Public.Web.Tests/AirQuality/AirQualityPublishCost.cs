using System.Diagnostics;
using System.Globalization;
using System.Text;
using Public.Tests.SharedData;
using Public.Web.AirQuality.Import;
using Public.Web.AirQuality.Store;
using Public.Web.Infrastructure.Data;
using Public.Web.Infrastructure.Publication;
using Public.Web.Tests.Hosting;
using Public.Web.Tests.Postgres;

namespace Public.Web.Tests.AirQuality;

/// <summary>
/// A measurement, not a check (tests/Benchmarks/pg-air-publish.sh runs it): the publication of the real CNEMC 2019 H1
/// file (one import, 21,700 station-hours of 15 values) on SQLite and PostgreSQL, the engines alternating in one run,
/// each into a fresh store; and, in the store just written, the one query that computes the record bytes of every
/// station-hour (what the log's capture runs on the publication's rows): on PostgreSQL each REAL goes through
/// <c>sqlite_real_text</c>; and the station_hour rows alone written again by the hour writer (one statement a row on
/// SQLite, binary COPY blocks on PostgreSQL), outside a publication, rolled back. Runs only when <see cref="RunsVariable"/> gives the number of runs; writes its report to
/// <see cref="OutVariable"/> (or the test output).
/// </summary>
public sealed class AirQualityPublishCost(EngineServer engines) : IClassFixture<EngineServer>
{
    public const string RunsVariable = "MEASURE_AIR_PUBLISH";
    public const string OutVariable = "MEASURE_AIR_PUBLISH_OUT";

    [Fact]
    public void PublishOfTheRealFileOnBothEngines()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable(RunsVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var runs) || runs < 1)
        {
            Assert.Skip($"a measurement: set {RunsVariable}=N (runs) to take it");
        }

        var file = SharedDataLocator.RequireJinzhouHourly();
        var times = new Dictionary<string, (List<double> Publish, List<double> Bytes, List<double> Rows)>
        {
            [StoreEngines.Sqlite] = ([], [], []),
            [StoreEngines.Postgres] = ([], [], []),
        };
        var hours = 0;
        // A first import of each engine warms up the JIT, the pools and the server; not counted.
        for (var run = 0; run <= runs; run++)
        {
            foreach (var engine in new[] { StoreEngines.Sqlite, StoreEngines.Postgres })
            {
                var s = new PortedServices(engines.Create(engine), new FixedTime(new DateTimeOffset(2019, 7, 1, 9, 0, 0, TimeSpan.FromHours(8))));
                var clock = Stopwatch.StartNew();
                var summary = s.AirImporter.Import([file], new ImportOptions());
                var publish = clock.Elapsed.TotalSeconds;
                Assert.True(summary.Clean);
                hours = summary.NewRecords;

                using var connection = s.Database.Connect();
                using var command = connection.Command(null, $"SELECT {PublishedDatasets.StationHours.SelectListFor(StoreDialect.Of(connection))} FROM station_hour t");
                clock.Restart();
                var count = 0;
                using (var reader = command.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        count += reader.GetString(3).Length > 0 ? 1 : 0;
                    }
                }

                var bytes = clock.Elapsed.TotalSeconds;
                Assert.Equal(hours, count);

                // The same rows written again as next versions by the hour writer alone, outside a publication, rolled back.
                var current = s.AirStore.CurrentHoursAllStations(0, long.MaxValue);
                using (var transaction = connection.BeginTransaction())
                {
                    clock.Restart();
                    using (var writer = AirQualityStore.CreateHourWriter(connection, transaction))
                    {
                        foreach (var row in current)
                        {
                            writer.Write(row with { Version = row.Version + 1 });
                        }

                        writer.Flush();
                    }

                    times[engine].Rows.Add(run > 0 ? clock.Elapsed.TotalSeconds : double.NaN);
                    transaction.Rollback();
                }

                if (run > 0)
                {
                    times[engine].Publish.Add(publish);
                    times[engine].Bytes.Add(bytes);
                }
                else
                {
                    times[engine].Rows.Clear();
                }
            }
        }

        static double Median(List<double> values)
        {
            var sorted = values.Order().ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        }

        string Row(string what, Func<(List<double> Publish, List<double> Bytes, List<double> Rows), List<double>> pick)
        {
            var (sqlite, postgres) = (Median(pick(times[StoreEngines.Sqlite])), Median(pick(times[StoreEngines.Postgres])));
            return string.Create(CultureInfo.InvariantCulture,
                $"{what,-36} {sqlite,8:F2} s {postgres,8:F2} s {postgres / sqlite,7:F1}x   runs: sqlite {string.Join(' ', pick(times[StoreEngines.Sqlite]).Select(t => t.ToString("F2", CultureInfo.InvariantCulture)))}, postgres {string.Join(' ', pick(times[StoreEngines.Postgres]).Select(t => t.ToString("F2", CultureInfo.InvariantCulture)))}");
        }

        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"CNEMC 2019 H1 ({hours} station-hours), medians of {runs} runs, engines alternating    SQLite   PostgreSQL   PG/SQLite")
            .AppendLine(Row("publish (import cnemc, one batch)", t => t.Publish))
            .AppendLine(Row("record bytes of every station-hour", t => t.Bytes))
            .AppendLine(Row("station_hour rows by the hour writer", t => t.Rows))
            .ToString();
        if (Environment.GetEnvironmentVariable(OutVariable) is { Length: > 0 } path)
        {
            File.WriteAllText(path, report);
        }

        TestContext.Current.TestOutputHelper?.WriteLine(report);
    }
}
