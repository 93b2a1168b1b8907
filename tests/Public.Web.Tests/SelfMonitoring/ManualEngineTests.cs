using System.Text.Json;
using Public.Web.SelfMonitoring;
using Public.Web.Tests.Enterprises;
using Public.Web.Tests.Hosting;
using Public.Web.Tests.Postgres;

namespace Public.Web.Tests.SelfMonitoring;

/// <summary>
/// Manual monitoring on each engine: the importer, the store and the rows the REST route and the yearly archives serve
/// (<see cref="SelfMonitoringApi.ManualRows"/>). The sample file's results are what is served, a changed result is a new
/// version and a re-import adds nothing, a file with one bad result writes nothing, and SQLite and PostgreSQL give the same
/// answers and publish the same leaves, record bytes and root.
/// </summary>
public sealed class ManualEngineTests(EngineServer engines) : IClassFixture<EngineServer>
{
    // The power plant of content/samples/enterprises/registry.csv: DA001 automatic (reference O2 6 %), DA002 manual.
    private const string Plant = "91210711PDY400013M";
    private static readonly DateTimeOffset Now = new(2019, 12, 1, 12, 0, 0, TimeSpan.FromHours(8));
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private PortedServices Services(string engine)
    {
        var s = new PortedServices(engines.Create(engine), new FixedTime(Now));
        Assert.True(s.EnterpriseImporter.Import([EnterpriseEngineTests.Sample("enterprises", "registry.csv")]).Clean);
        return s;
    }

    private static List<ManualResultDto> Rows(PortedServices s, string outlet, DateOnly? from = null, DateOnly? to = null, bool all = false) =>
        SelfMonitoringApi.ManualRows(s.ManualResults, Plant, s.Enterprises.Get(Plant)!.Outlets.Single(o => o.Code == outlet), from, to, all);

    private static string Sample() => EnterpriseEngineTests.Sample("monitoring", "manual-results.csv");

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void TheSampleResultsAreServedWithTheFilesFacts(string engine)
    {
        var s = Services(engine);
        var start = s.Database.ReadDataVersion().Number;

        var summary = s.ManualImporter.Import([Sample()]);

        Assert.True(summary.Clean, string.Join("\n", summary.Problems));
        Assert.Equal((3, 3), (summary.Results, summary.New));
        Assert.Equal(start + 1, s.Database.ReadDataVersion().Number);
        // From the sample file: 38.5 and 131.2 mg/m³ against 120 (no O2: compared as reported).
        var rows = Rows(s, "DA002");
        Assert.Equal([(new DateOnly(2019, 3, 12), 38.5m, (bool?)false, "YBJC-2019-0031"), (new DateOnly(2019, 6, 18), 131.2m, true, "YBJC-2019-0107")],
            rows.Select(r => (r.SamplingDate, r.Value, r.Exceeded, r.ReportNumber)));
        Assert.Equal(("示例样表检测有限公司", "https://example.org/reports/YBJC-2019-0031.pdf", 1, false), (rows[0].Lab, rows[0].Link, rows[0].Version, rows[0].Superseded));
        Assert.All(rows, r => Assert.Equal(64, r.Log!.Sha256.Length));
        // DA001 (reference O2 6 %): 24 at 9 % → 24 × 15 / 12 = 30, below 200.
        var so2 = Assert.Single(Rows(s, "DA001"));
        Assert.Equal((30m, (bool?)false, (decimal?)9m, (string?)null), (so2.Corrected!.Value, so2.Exceeded, so2.Oxygen, so2.Link));
        // The date bounds are inclusive.
        Assert.Equal(["YBJC-2019-0107"], Rows(s, "DA002", from: new DateOnly(2019, 6, 18)).Select(r => r.ReportNumber));
        Assert.Equal(["YBJC-2019-0031"], Rows(s, "DA002", to: new DateOnly(2019, 3, 12)).Select(r => r.ReportNumber));
        Assert.Empty(Rows(s, "DA002", from: new DateOnly(2019, 4, 1), to: new DateOnly(2019, 5, 31)));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void AChangedResultIsANewVersionWithTheChangedFieldsAndAReimportAddsNothing(string engine)
    {
        var s = Services(engine);
        Assert.True(s.ManualImporter.Import([Sample()]).Clean);
        var again = s.ManualImporter.Import([Sample()]);
        Assert.Equal((0, 0, 3), (again.New, again.NewVersions, again.Unchanged));

        var corrected = engines.WriteText("correction.json", JsonSerializer.Serialize(new[]
        {
            new { creditCode = Plant, outletCode = "DA002", pollutant = "a34013", samplingDate = "2019-06-18", value = 113.2m, unit = "mg/m³",
                limit = 120m, lab = "示例样表检测有限公司", reportNumber = "YBJC-2019-0107" },
        }, Web));
        var summary = s.ManualImporter.Import([corrected]);

        Assert.Equal((0, 1), (summary.New, summary.NewVersions));
        var all = Rows(s, "DA002", new DateOnly(2019, 6, 1), new DateOnly(2019, 6, 30), all: true);
        Assert.Equal([(1, true, 131.2m), (2, false, 113.2m)], all.Select(r => (r.Version, r.Superseded, r.Value)));
        Assert.Equal("changed: value 131.2 → 113.2; link https://example.org/reports/YBJC-2019-0107.pdf → blank", all[1].Reason);
        var current = Assert.Single(Rows(s, "DA002", new DateOnly(2019, 6, 1), new DateOnly(2019, 6, 30)));
        Assert.Equal((113.2m, (bool?)false, 2), (current.Value, current.Exceeded, current.Version));
        Assert.Equal(4, s.Count("manual_result_version"));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void AFileWithOneBadResultWritesNothing(string engine)
    {
        var s = Services(engine);
        Assert.True(s.ManualImporter.Import([Sample()]).Clean);
        var before = (s.Count("manual_result_version"), s.Count("log_leaves"), s.Count("import_batch"), s.Database.ReadDataVersion().Number);

        var bad = engines.WriteText("bad.csv", string.Join('\n',
            "creditCode,outletCode,pollutant,samplingDate,value,unit,oxygen,limit,lab,reportNumber,link",
            $"{Plant},DA002,a34013,2019-09-10,40.5,mg/m³,,120,示例样表检测有限公司,YBJC-2019-0200,",
            $"{Plant},DA009,a34013,2019-09-10,41,mg/m³,,120,示例样表检测有限公司,YBJC-2019-0201,") + "\n");
        var summary = s.ManualImporter.Import([bad]);

        Assert.Equal(1, summary.FilesRejected);
        Assert.Equal($"{Path.GetFileName(bad)}:3 [outletCode]: 示例样表热电有限公司 has no outlet DA009 (outlets: DA001, DA002)", Assert.Single(summary.Problems).ToString());
        Assert.Equal(before, (s.Count("manual_result_version"), s.Count("log_leaves"), s.Count("import_batch"), s.Database.ReadDataVersion().Number));
        Assert.Equal(2, Rows(s, "DA002").Count);
    }

    [Fact]
    public void SqliteAndPostgresGiveTheSameAnswersAndTheSameLogForTheSameImports()
    {
        if (!StoreEngines.IsSelected(StoreEngines.Postgres) || !StoreEngines.IsSelected(StoreEngines.Sqlite))
        {
            Assert.Skip($"needs both engines ({StoreEngines.Variable} selects {string.Join(", ", StoreEngines.Selected)})");
        }

        var correction = engines.WriteText("correction.csv", string.Join('\n',
            "creditCode,outletCode,pollutant,samplingDate,value,unit,oxygen,limit,lab,reportNumber,link",
            $"{Plant},DA001,a21026,2019-06-18,24.50,mg/m³,9.0,200,\"示例样表检测有限公司 \"\"复检\"\"\",YBJC-2019-0108,https://example.org/r?id=1&v=2") + "\n");
        string Answers(PortedServices s)
        {
            Assert.True(s.ManualImporter.Import([Sample()]).Clean);
            Assert.True(s.ManualImporter.Import([correction]).Clean);
            return JsonSerializer.Serialize(new { da001 = Rows(s, "DA001", all: true), da002 = Rows(s, "DA002", all: true) }, Web);
        }

        var sqlite = Services(StoreEngines.Sqlite);
        var postgres = Services(StoreEngines.Postgres);

        Assert.Equal(Answers(sqlite), Answers(postgres));
        var leaves = EngineLog.Leaves(sqlite.Database);
        // The registry (3 records, a batch), the sample (3, a batch), the correction (1, a batch).
        Assert.Equal(4 + 4 + 2, leaves.Count);
        Assert.Equal(leaves, EngineLog.Leaves(postgres.Database));
        Assert.Equal(EngineLog.Root(sqlite.Database), EngineLog.Root(postgres.Database));
    }
}
