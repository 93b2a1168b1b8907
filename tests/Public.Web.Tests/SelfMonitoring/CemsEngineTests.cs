using System.Globalization;
using System.Text.Json;
using Public.Standards.Hj212;
using Public.Web.Enterprises;
using Public.Web.Infrastructure.Data;
using Public.Web.SelfMonitoring;
using Public.Web.Tests.Hosting;
using Public.Web.Tests.Postgres;

namespace Public.Web.Tests.SelfMonitoring;

/// <summary>
/// CEMS on each engine: the HJ 212 importer, the store and the query services REST, GraphQL and the site call. A capture
/// made of the demo generator's December 2019 for demo enterprise 0 is imported as a data logger would have sent it, and
/// the answers are the generator's values (and its declared exceedance episode); a resent hour is a new version and an
/// identical resend adds nothing; a bad line is reported and skipped while its neighbours are stored (the HJ 212
/// importer's contract: each line stands alone); SQLite and PostgreSQL give the same answers and publish the same leaves,
/// record bytes and root.
/// </summary>
public sealed class CemsEngineTests(EngineServer engines) : IClassFixture<EngineServer>
{
    // Demo enterprise 0: coal power, main outlet DA001 at reference O2 6 %, SO2 limit 200 (special 50 only from 2020-01-01).
    private static readonly Enterprise Plant = DemoEnterprises.All[0];
    private static readonly Outlet Stack = Plant.Outlets[0];
    private static readonly string Mn = Stack.Mn!;
    private const string So2 = "a21026";
    private static readonly DateTime December = new(2019, 12, 1);

    // Its generated hours of December 2019 (the generator runs outlet by outlet, enterprise 0 first), one packet each.
    private static readonly List<List<CemsValue>> Hours = DemoCems.Hours().TakeWhile(h => h[0].Mn == Mn)
        .Where(h => h[0].DataTime >= December && h[0].DataTime < December.AddMonths(1)).ToList();

    // The generator's declared episode: from 2019-12-12 08:00, three hours at 1.8 × the limit of every limited pollutant.
    private static readonly (int Enterprise, DateTime Start, int Hours, decimal Share) Episode = DemoCems.Episodes.Single(e => e.Enterprise == 0 && e.Start.Month == 12);

    private static readonly DateTimeOffset Now = new(2020, 7, 1, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    // One registry file per test, so that both engines of a test import the same file (its name is part of the record's bytes).
    private string? _registry;

    private PortedServices Services(string engine)
    {
        var s = new PortedServices(engines.Create(engine), new FixedTime(Now));
        _registry ??= engines.WriteText("registry.json", JsonSerializer.Serialize(new { enterprises = new[] { Plant } }, Web));
        Assert.True(s.EnterpriseImporter.Import([_registry]).Clean);
        return s;
    }

    /// <summary>One CN 2061 packet of an outlet-hour as the data logger sends it (values with their flags).</summary>
    private static string Packet(List<CemsValue> hour, string? mn = null)
    {
        var t = hour[0].DataTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var cp = string.Join(";", hour.Select(v => $"{v.Pollutant}-Avg={v.Value.ToString(CultureInfo.InvariantCulture)},{v.Pollutant}-Flag={v.Flag}"));
        return Hj212Codec.FormatDataSegment($"QN={t}000;ST=31;CN=2061;PW=123456;MN={mn ?? Mn};Flag=5;CP=&&DataTime={t};{cp}&&").TrimEnd();
    }

    private string Capture(string name, IEnumerable<string> lines) => engines.WriteText(name, string.Join("\r\n", lines) + "\r\n");

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void TheCapturedHoursAreWhatTheQueriesAnswer(string engine)
    {
        var s = Services(engine);
        var start = s.Database.ReadDataVersion().Number;

        var summary = s.Hj212Importer.Import([Capture("december.txt", Hours.Select(h => Packet(h)))]);

        Assert.True(summary.Clean, string.Join("\n", summary.Problems));
        Assert.Equal((Hours.Count, Hours.Count, Hours.Sum(h => h.Count), 0, 0), (summary.Packets, summary.NewValues, summary.ValuesStored, summary.NewVersions, summary.Unchanged));
        Assert.Equal(start + 1, s.Database.ReadDataVersion().Number);

        // Every value as generated, hour by hour, each hour's codes in code order.
        var codes = Hours.SelectMany(h => h.Select(v => v.Pollutant)).Distinct().ToList();
        Assert.Equal(Hours.SelectMany(h => h.OrderBy(v => v.Pollutant, StringComparer.Ordinal)), s.Cems.Series(Mn, codes, December, December.AddMonths(1)));

        // The episode's hours exceed at about 1.8 × the limit (values rounded to 0.1 mg/m³), no other hour of that day does.
        var so2 = Stack.Pollutants.Single(p => p.Code == So2);
        var day = s.SelfMonitoring.Hourly(Stack, so2, DateOnly.FromDateTime(Episode.Start), DateOnly.FromDateTime(Episode.Start));
        var episodeHours = Enumerable.Range(0, Episode.Hours).Select(i => Episode.Start.AddHours(i)).ToList();
        Assert.Equal(episodeHours, day.Where(r => r.Exceeded == true).Select(r => r.DataTime));
        Assert.All(day.Where(r => r.Exceeded == true), r => Assert.InRange(r.Multiple!.Value, Episode.Share - 0.01m, Episode.Share + 0.01m));
        Assert.All(day, r => Assert.Equal(200m, r.Limit));
        // The batched read (a GraphQL page, an enterprise page) answers the same.
        var batched = s.SelfMonitoring.Hourly([new OutletSeries(Stack, so2)], DateOnly.FromDateTime(Episode.Start), DateOnly.FromDateTime(Episode.Start));
        Assert.Equal(day, batched[SelfMonitoringQueries.SeriesKey(Mn, So2)]);

        // Valid hours: the generated SO2 values flagged N, all in December.
        var valid = Hours.Count(h => h.Single(v => v.Pollutant == So2).Flag == "N");
        Assert.InRange(valid, 700, Hours.Count - 1);
        var rates = s.SelfMonitoring.DataRate(Stack, so2, 2019);
        Assert.Equal(valid, rates[11].ValidHours);
        Assert.All(rates.Take(11), r => Assert.Equal(0, r.ValidHours));
        Assert.Equal(rates, s.SelfMonitoring.DataRate([new OutletSeries(Stack, so2)], 2019)[SelfMonitoringQueries.SeriesKey(Mn, So2)]);
        Assert.Equal((Hours[0][0].DataTime, Hours[^1][0].DataTime), s.SelfMonitoring.Spans([Stack])[Mn]);

        var yearly = s.EmissionSummaries.Summary(Plant.CreditCode, 2019)!.Single(r => r.OutletCode == Stack.Code && r.Pollutant == So2);
        Assert.Equal((valid, Episode.Hours, 1, 1), (yearly.ValidHours, yearly.ExceedanceHours, yearly.ExceedanceEpisodes, yearly.DaysWithExceedingHours));
        Assert.Contains(yearly.MaxMultipleAt!.Value, episodeHours);
        Assert.Empty(s.Cems.Versions(Mn, [So2], December, December.AddMonths(1), changedOnly: true));
        // The registry's record and batch leaves, then one record leaf per outlet-hour and the batch leaf.
        Assert.Equal(2 + Hours.Count + 1, s.Count("log_leaves"));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void AResentHourWithADifferentValueIsANewVersionAndAnIdenticalResendAddsNothing(string engine)
    {
        var s = Services(engine);
        Assert.True(s.Hj212Importer.Import([Capture("day.txt", Hours.Take(24).Select(h => Packet(h)))]).Clean);
        var again = s.Hj212Importer.Import([Capture("day-again.txt", Hours.Take(24).Select(h => Packet(h)))]);
        Assert.Equal((0, 0, 24), (again.NewValues, again.NewVersions, again.Unchanged));
        var start = s.Database.ReadDataVersion().Number;

        var first = Hours[0];
        var old = first.Single(v => v.Pollutant == So2);
        var resent = first.Select(v => v.Pollutant == So2 ? v with { Value = v.Value + 12.5m } : v).ToList();
        var resend = Capture("resend.txt", [Packet(resent), Packet(Hours[1])]);
        var summary = s.Hj212Importer.Import([resend]);

        Assert.Equal((0, 1, 1), (summary.NewValues, summary.NewVersions, summary.Unchanged));
        Assert.Equal(start + 1, s.Database.ReadDataVersion().Number);
        var versions = s.Cems.Versions(Mn, [So2], December, December.AddDays(1), changedOnly: true);
        Assert.Equal([(1, true, old.Value), (2, false, old.Value + 12.5m)], versions.Select(v => (v.Version, v.Superseded, v.Value.Value)));
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"resent with a different {So2} value {old.Value} → {old.Value + 12.5m}"), versions[1].Reason);
        Assert.Equal((Path.GetFileName(resend), (int?)1), (versions[1].Source, versions[1].SourceLine));
        Assert.Equal(old.Value + 12.5m, s.Cems.Series(Mn, [So2], December, December.AddHours(1)).Single().Value);
        Assert.Equal(25, s.Count("cems_hour_version"));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void ABadLineIsReportedAndSkippedAndTheGoodPacketsAroundItAreStored(string engine)
    {
        var s = Services(engine);
        var badCrc = Packet(Hours[1]);
        badCrc = badCrc[..^4] + (badCrc[^4..] == "0000" ? "0001" : "0000");

        var summary = s.Hj212Importer.Import([Capture("mixed.txt", [Packet(Hours[0]), badCrc, Packet(Hours[2], mn: "UNKNOWN0001"), Packet(Hours[3])])]);

        Assert.Equal((4, 2), (summary.Lines, summary.Packets));
        Assert.Equal([2, 3], summary.Problems.Select(p => p.Line));
        Assert.Equal("unknown MN UNKNOWN0001: no outlet in the registry has this device ID", summary.Problems[1].Reason);
        Assert.Equal([Hours[0][0].DataTime, Hours[3][0].DataTime], s.Cems.Series(Mn, [So2], December, December.AddDays(1)).Select(v => v.DataTime));
        // Two record leaves and the batch leaf (the registry's import wrote two leaves before).
        Assert.Equal(2 + 3, s.Count("log_leaves"));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void AFileLongerThanALookupBlockMakesVersionsOfHoursResentInAnEarlierBlockAndInTheSameBlock(string engine)
    {
        // The importer looks up the current versions of a block of packets at once: every demo outlet's December hours,
        // a little more than one block, then the first hour resent changed (its block already written), the last hour
        // resent changed twice (the same block as its first version) and one hour resent identical.
        var s = new PortedServices(engines.Create(engine), new FixedTime(Now));
        Assert.True(s.EnterpriseImporter.Import([engines.WriteText("all.json", JsonSerializer.Serialize(new { enterprises = DemoEnterprises.All }, Web))]).Clean);
        var december = DemoCems.Hours().Where(h => h[0].DataTime >= December && h[0].DataTime < December.AddMonths(1)).Take(RowAppender.BlockRows + 1_000).ToList();
        List<CemsValue> Changed(List<CemsValue> hour, decimal by) => hour.Select(v => v with { Value = v.Value + by }).ToList();
        var lines = december.Concat([Changed(december[0], 1m), Changed(december[^1], 1m), Changed(december[^1], 2m), december[7]]).ToList();

        var summary = s.Hj212Importer.Import([Capture("blocks.txt", lines.Select(h => Packet(h, h[0].Mn)))]);

        Assert.True(summary.Clean, string.Join("\n", summary.Problems));
        Assert.Equal((december.Count, 3, 1), (summary.NewValues, summary.NewVersions, summary.Unchanged));
        Assert.Equal(december.Count + 3, s.Count("cems_hour_version"));
        string Reason(List<CemsValue> hour, decimal from, decimal to) => "resent with a different " +
            string.Join("; ", hour.Select(v => string.Create(CultureInfo.InvariantCulture, $"{v.Pollutant} value {v.Value + from} → {v.Value + to}")));
        List<(int, bool, int?, string?)> Versions(List<CemsValue> hour) =>
            s.Cems.Versions(hour[0].Mn, [So2], hour[0].DataTime, hour[0].DataTime.AddHours(1), changedOnly: false).Select(v => (v.Version, v.Superseded, v.SourceLine, v.Reason)).ToList();
        Assert.Equal([(1, true, 1, null), (2, false, december.Count + 1, Reason(december[0], 0m, 1m))], Versions(december[0]));
        Assert.Equal([(1, true, december.Count, null), (2, true, december.Count + 2, Reason(december[^1], 0m, 1m)), (3, false, december.Count + 3, Reason(december[^1], 1m, 2m))],
            Versions(december[^1]));
        Assert.Equal([(1, false, 8, null)], Versions(december[7]));
    }

    [Fact]
    public void OnPostgresTheCopyPathWritesTheSameRowsAndLogAsTheInsertPathAndAsSqlite()
    {
        if (!StoreEngines.IsSelected(StoreEngines.Postgres) || !StoreEngines.IsSelected(StoreEngines.Sqlite))
        {
            Assert.Skip($"needs both engines ({StoreEngines.Variable} selects {string.Join(", ", StoreEngines.Selected)})");
        }

        // The demo outlets' December 2019 hours, a little more than one COPY block, then the first hour resent changed (its
        // row already copied), the last hour resent changed twice (its rows still kept for COPY) and one hour resent identical.
        var december = DemoCems.Hours().Where(h => h[0].DataTime >= December && h[0].DataTime < December.AddMonths(1)).Take(RowAppender.BlockRows + 1_000).ToList();
        Assert.True(december.Count > RowAppender.BlockRows);
        List<CemsValue> Changed(List<CemsValue> hour, decimal by) => hour.Select(v => v with { Value = v.Value + by }).ToList();
        var writes = december.Concat([Changed(december[0], 1m), Changed(december[^1], 1m), Changed(december[^1], 2m), december[7]]).ToList();

        var sqlite = new PortedServices(engines.Create(StoreEngines.Sqlite), new FixedTime(Now));
        var insert = new PortedServices(engines.Create(StoreEngines.Postgres), new FixedTime(Now));
        var copy = new PortedServices(engines.Create(StoreEngines.Postgres), new FixedTime(Now));
        foreach (var (s, viaCopy) in new[] { (sqlite, true), (insert, false), (copy, true) })
        {
            var (_, _, outcome) = WriteInOnePublication(s, writes, viaCopy);
            Assert.Equal((december.Count, 3, 1), outcome);
        }

        static List<string> Rows(PortedServices s)
        {
            using var connection = s.Database.Connect();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT mn, data_time, version, vals, recorded_at, source, source_line, reason FROM cems_hour_version ORDER BY mn, data_time, version";
            using var reader = command.ExecuteReader();
            var rows = new List<string>();
            while (reader.Read())
            {
                rows.Add(string.Join('|', Enumerable.Range(0, 8).Select(i => reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
            }

            return rows;
        }

        var rows = Rows(sqlite);
        Assert.Equal(december.Count + 3, rows.Count);
        Assert.Contains(rows, r => r.EndsWith($"|{writes.Count - 1}|resent with a different " +
            string.Join("; ", december[^1].Select(v => string.Create(CultureInfo.InvariantCulture, $"{v.Pollutant} value {v.Value + 1} → {v.Value + 2}"))), StringComparison.Ordinal));
        Assert.Equal(rows, Rows(insert));
        Assert.Equal(rows, Rows(copy));
        var leaves = EngineLog.Leaves(sqlite.Database);
        Assert.Equal(december.Count + 3 + 1, leaves.Count);
        Assert.Equal(leaves, EngineLog.Leaves(insert.Database));
        Assert.Equal(leaves, EngineLog.Leaves(copy.Database));
        Assert.Equal(EngineLog.Root(sqlite.Database), EngineLog.Root(copy.Database));
    }

    /// <summary>Writes the hours through one writer inside one publication; the writer's time, the publication's, and (new, new versions, unchanged).</summary>
    private static (TimeSpan Writer, TimeSpan Publication, (int, int, int) Outcome) WriteInOnePublication(PortedServices s, List<List<CemsValue>> hours, bool copy)
    {
        var writing = new System.Diagnostics.Stopwatch();
        var publishing = System.Diagnostics.Stopwatch.StartNew();
        var outcome = (0, 0, 0);
        s.Publisher.Publish(Hj212Importer.BatchKind, s.Publisher.Now(), batch =>
        {
            writing.Start();
            using var writer = new CemsWriter(batch.StoreConnection, batch.StoreTransaction, batch.StartedAt, copy);
            foreach (var (hour, line) in hours.Select((h, i) => (h, i + 1)))
            {
                writer.Write(hour, "december.txt", line);
            }

            writer.Flush();
            writing.Stop();
            outcome = (writer.New, writer.NewVersions, writer.Unchanged);
        });
        return (writing.Elapsed, publishing.Elapsed, outcome);
    }

    /// <summary>
    /// A measurement, not a check (run it alone with CEMS_COPY_MEASURE=1; skipped otherwise): every demo outlet's December
    /// 2019 written on PostgreSQL by INSERT and by COPY, each in a fresh database, alternately after one warm-up of each;
    /// prints the writer's time (lookups and writes) and the whole publication's (with the log), medians, and the load.
    /// </summary>
    [Fact]
    public void MeasureCopyAgainstInsertOnPostgres()
    {
        if (Environment.GetEnvironmentVariable("CEMS_COPY_MEASURE") != "1" || !StoreEngines.IsSelected(StoreEngines.Postgres))
        {
            Assert.Skip("a measurement: set CEMS_COPY_MEASURE=1 (and have PostgreSQL) to run it");
        }

        var output = TestContext.Current.TestOutputHelper!;
        var december = DemoCems.Hours().Where(h => h[0].DataTime >= December && h[0].DataTime < December.AddMonths(1)).ToList();
        output.WriteLine($"load before: {File.ReadAllText("/proc/loadavg").Trim()}");
        var times = new Dictionary<bool, List<(TimeSpan Writer, TimeSpan Publication)>> { [false] = [], [true] = [] };
        for (var round = 0; round < 4; round++)
        {
            foreach (var copy in new[] { false, true })
            {
                var (writer, publication, outcome) = WriteInOnePublication(new PortedServices(engines.Create(StoreEngines.Postgres), new FixedTime(Now)), december, copy);
                Assert.Equal(december.Count, outcome.Item1);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round} {(copy ? "COPY  " : "INSERT")}: writer {writer.TotalSeconds:F2} s, publication {publication.TotalSeconds:F2} s"));
                if (round > 0)
                {
                    times[copy].Add((writer, publication));
                }
            }
        }

        static double Median(IEnumerable<TimeSpan> values) => values.Select(v => v.TotalSeconds).Order().ElementAt(1);
        var (wi, wc) = (Median(times[false].Select(t => t.Writer)), Median(times[true].Select(t => t.Writer)));
        var (pi, pc) = (Median(times[false].Select(t => t.Publication)), Median(times[true].Select(t => t.Publication)));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{december.Count} outlet-hours, medians of 3: writer INSERT {wi:F2} s, COPY {wc:F2} s ({wi / wc:F2}x); publication INSERT {pi:F2} s, COPY {pc:F2} s ({pi / pc:F2}x)"));
        output.WriteLine($"load after: {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    [Fact]
    public void SqliteAndPostgresGiveTheSameAnswersAndTheSameLogForTheSameImports()
    {
        if (!StoreEngines.IsSelected(StoreEngines.Postgres) || !StoreEngines.IsSelected(StoreEngines.Sqlite))
        {
            Assert.Skip($"needs both engines ({StoreEngines.Variable} selects {string.Join(", ", StoreEngines.Selected)})");
        }

        var so2 = Stack.Pollutants.Single(p => p.Code == So2);
        var resent = Hours[5].Select(v => v.Pollutant == So2 ? v with { Value = v.Value * 2, Flag = "M" } : v).ToList();
        // The same files on both engines: the file name is part of each record's bytes.
        var december = Capture("december.txt", Hours.Select(h => Packet(h)));
        var resend = Capture("resend.txt", [Packet(resent)]);
        string Answers(PortedServices s)
        {
            Assert.True(s.Hj212Importer.Import([december]).Clean);
            Assert.True(s.Hj212Importer.Import([resend]).Clean);
            var from = DateOnly.FromDateTime(December);
            var to = from.AddDays(30);
            return JsonSerializer.Serialize(new
            {
                hourly = s.SelfMonitoring.Hourly(Stack, so2, from, to),
                rates = s.SelfMonitoring.DataRate(Stack, so2, 2019),
                versions = s.Cems.Versions(Mn, [So2], December, December.AddMonths(1), changedOnly: false).Count,
                changed = s.Cems.Versions(Mn, [So2], December, December.AddMonths(1), changedOnly: true),
                daily = s.EmissionSummaries.Daily(Stack, so2, from, to),
                summary = s.EmissionSummaries.Summary(Plant.CreditCode, 2019),
            }, Web);
        }

        var sqlite = Services(StoreEngines.Sqlite);
        var postgres = Services(StoreEngines.Postgres);

        Assert.Equal(Answers(sqlite), Answers(postgres));
        var leaves = EngineLog.Leaves(sqlite.Database);
        // The registry (one record, one batch), December's hours and their batch, the resent hour and its batch.
        Assert.Equal(2 + Hours.Count + 1 + 2, leaves.Count);
        Assert.Equal(leaves, EngineLog.Leaves(postgres.Database));
        Assert.Equal(EngineLog.Root(sqlite.Database), EngineLog.Root(postgres.Database));
    }
}
