using System.Text.Json;
using Public.Web.Enterprises;
using Public.Web.Tests.Hosting;
using Public.Web.Tests.Postgres;

namespace Public.Web.Tests.Enterprises;

/// <summary>
/// The enterprise registry's store, importer and query service (what the site, REST and GraphQL read) on each engine:
/// the answers are the facts of the sample files, a change is a new version and a re-import adds nothing, a file with one
/// bad enterprise writes nothing, and SQLite and PostgreSQL give the same answers and publish the same leaves, record
/// bytes and root for the same imports.
/// </summary>
public sealed class EnterpriseEngineTests(EngineServer engines) : IClassFixture<EngineServer>
{
    // From content/samples/enterprises/registry.csv: the power plant (rows 2–5), the heating plant (rows 6–7), the chemical plant (row 8).
    private const string Plant = "91210711PDY400013M";
    private const string Heating = "91210703PDY400021X";
    private const string Chemical = "91210781PDY40003XL";
    private static readonly DateTimeOffset Now = new(2020, 7, 1, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private PortedServices Services(string engine) => new(engines.Create(engine), new FixedTime(Now));

    internal static string Sample(string folder, string file)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Public.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir!.FullName, "content", "samples", folder, file);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void TheSampleRegistryAnswersListFiltersSearchAndDetailWithTheFilesFacts(string engine)
    {
        var s = Services(engine);
        var start = s.Database.ReadDataVersion().Number;

        var summary = s.EnterpriseImporter.Import([Sample("enterprises", "registry.csv")]);

        Assert.True(summary.Clean, string.Join("\n", summary.Problems));
        Assert.Equal((3, 3, 0, 0), (summary.Enterprises, summary.New, summary.NewVersions, summary.Unchanged));
        Assert.Equal(start + 1, s.Database.ReadDataVersion().Number);
        var q = s.EnterpriseQueries;
        // By credit code, in code-point order ('3' < '7' < '8' at the sixth character).
        Assert.Equal([Heating, Plant, Chemical], q.Window(new EnterpriseFilter(), 0, 100, out var found).Select(e => e.CreditCode));
        Assert.Equal(3, found);
        Assert.Equal([Plant], q.Window(new EnterpriseFilter(District: "太和区"), 0, 100, out _).Select(e => e.CreditCode));
        Assert.Equal([Heating], q.Window(new EnterpriseFilter(Industry: "热力生产和供应"), 0, 100, out _).Select(e => e.CreditCode));
        // The chemical plant is listed for 2020 only.
        Assert.Equal([Heating, Plant], q.Window(new EnterpriseFilter(Year: 2019), 0, 100, out _).Select(e => e.CreditCode));
        Assert.Equal([Plant, Chemical], q.Window(new EnterpriseFilter(Year: 2020), 1, 2, out found).Select(e => e.CreditCode));
        Assert.Equal(3, found);
        Assert.Equal([Plant], q.Window(new EnterpriseFilter(Search: "热电"), 0, 100, out _).Select(e => e.CreditCode));
        Assert.Equal([Chemical], q.Window(new EnterpriseFilter(Search: "03xl"), 0, 100, out _).Select(e => e.CreditCode));

        var plant = q.Get(Plant);
        Assert.Equal(("示例样表热电有限公司", "太和区", "辽宁省锦州市太和区样表路1号", 41.12, 121.08, "SAMPLE-PERMIT-0001"),
            (plant.Name, plant.District, plant.Address, plant.Latitude, plant.Longitude, plant.PermitNumber));
        Assert.Equal([2019, 2020], plant.ListEntries.Select(l => l.Year));
        Assert.Equal(["DA001", "DA002"], plant.Outlets.Select(o => o.Code));
        Assert.Equal(("JZSAMPLE000101", 6m, new DateOnly(2020, 1, 1), 120m), (plant.Outlets[0].Mn, plant.Outlets[0].ReferenceOxygen,
            plant.Outlets[0].SpecialLimitsFrom, plant.Outlets[0].HeightM));
        Assert.Equal([("a34013", 30m, 20m), ("a21026", 200m, 50m), ("a21002", 100m, 100m)],
            plant.Outlets[0].Pollutants.Select(p => (p.Code, p.Limit!.Value, p.SpecialLimit!.Value)));
        Assert.Equal(("manual", (decimal?)null), (plant.Outlets[1].Monitoring, plant.Outlets[1].Pollutants[0].SpecialLimit));
        Assert.Equal(64, plant.Log!.Sha256.Length);
        Assert.Empty(q.Get(Chemical).Outlets);
        Assert.Null(q.Find("91210711PDY400099X"));
        Assert.Equal(1, q.CurrentVersion(Plant));

        var facets = q.Facets();
        // Code-point order: 凌 (U+51CC) before 太 (U+592A), 河 (U+6CB3) before 海 (U+6D77).
        Assert.Equal(["凌河区", "凌海市", "太和区"], facets.Districts);
        Assert.Equal([2019, 2020], facets.Years);
        Assert.Equal(["JZSAMPLE000101", "JZSAMPLE000201"], s.Enterprises.OutletsByMn().Keys.Order(StringComparer.Ordinal));
        // Three record leaves and the batch leaf.
        Assert.Equal(4, s.Count("log_leaves"));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void AChangeIsANewVersionWithTheChangedFieldsAndAReimportAddsNothing(string engine)
    {
        var s = Services(engine);
        var sample = Sample("enterprises", "registry.csv");
        Assert.True(s.EnterpriseImporter.Import([sample]).Clean);
        var again = s.EnterpriseImporter.Import([sample]);
        Assert.Equal((0, 0, 3), (again.New, again.NewVersions, again.Unchanged));
        var start = s.Database.ReadDataVersion().Number;

        var changed = s.EnterpriseQueries.Get(Chemical) with { Name = "示例样表化工（更名）有限公司", District = "太和区", Log = null };
        var summary = s.EnterpriseImporter.Import([engines.WriteText("changed.json", JsonSerializer.Serialize(new { enterprises = new[] { changed } }, Web))]);

        Assert.True(summary.Clean, string.Join("\n", summary.Problems));
        Assert.Equal((0, 1, 0), (summary.New, summary.NewVersions, summary.Unchanged));
        Assert.Equal(start + 1, s.Database.ReadDataVersion().Number);
        var versions = s.Enterprises.Versions(Chemical);
        Assert.Equal([1, 2], versions.Select(v => v.Version));
        Assert.Equal("changed: name 示例样表化工有限公司 → 示例样表化工（更名）有限公司; district 凌海市 → 太和区", versions[1].Reason);
        Assert.Equal("示例样表化工有限公司", versions[0].Enterprise.Name);
        Assert.Equal(2, s.EnterpriseQueries.CurrentVersion(Chemical));
        // The current rows follow the new version: the district filter finds it where it moved.
        Assert.Equal([Plant, Chemical], s.EnterpriseQueries.Window(new EnterpriseFilter(District: "太和区"), 0, 100, out _).Select(e => e.CreditCode));
        Assert.Equal(4, s.Count("enterprise_version"));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void AFileWithOneBadEnterpriseWritesNothing(string engine)
    {
        var s = Services(engine);
        Assert.True(s.EnterpriseImporter.Import([Sample("enterprises", "registry.csv")]).Clean);
        var before = (s.Count("enterprise"), s.Count("enterprise_version"), s.Count("log_leaves"), s.Count("import_batch"), s.Database.ReadDataVersion().Number);

        // A new, valid enterprise, and one whose outlet claims the power plant's data logger (MN), found only against the store.
        var plant = s.EnterpriseQueries.Get(Plant);
        var good = plant with { CreditCode = "91210702PDY300012Y", Name = "示例新增有限公司", Outlets = [], Log = null };
        var thief = plant with { CreditCode = "91210703PDY3000208", Name = "示例冒用有限公司", Outlets = [plant.Outlets[0]], Log = null };
        var summary = s.EnterpriseImporter.Import([engines.WriteText("bad.json", JsonSerializer.Serialize(new { enterprises = new[] { good, thief } }, Web))]);

        Assert.Equal(1, summary.FilesRejected);
        var problem = Assert.Single(summary.Problems);
        Assert.Equal($"MN JZSAMPLE000101 already belongs to an outlet of {Plant}", problem.Reason);
        Assert.Equal(before, (s.Count("enterprise"), s.Count("enterprise_version"), s.Count("log_leaves"), s.Count("import_batch"), s.Database.ReadDataVersion().Number));
        Assert.Null(s.EnterpriseQueries.Find("91210702PDY300012Y"));
    }

    [Fact]
    public void SqliteAndPostgresGiveTheSameAnswersAndTheSameLogForTheSameImports()
    {
        if (!StoreEngines.IsSelected(StoreEngines.Postgres) || !StoreEngines.IsSelected(StoreEngines.Sqlite))
        {
            Assert.Skip($"needs both engines ({StoreEngines.Variable} selects {string.Join(", ", StoreEngines.Selected)})");
        }

        // The same file on both engines (its name is part of each record's bytes): the plant changed, with characters the
        // JSON text escapes (quotes, a line break, a tab) and a coordinate with many digits.
        string? changedFile = null;
        string Answers(PortedServices s)
        {
            Assert.True(s.EnterpriseImporter.Import([Sample("enterprises", "registry.csv")]).Clean);
            Assert.True(s.EnterpriseImporter.Import([Sample("enterprises", "sample-registry.json")]).Clean);
            var changed = s.EnterpriseQueries.Get(Plant) with { Address = "锦州市 \"样表\"\n路\t1号", Latitude = 41.123456789012345, Log = null };
            changedFile ??= engines.WriteText("changed.json", JsonSerializer.Serialize(new { enterprises = new[] { changed } }, Web));
            Assert.True(s.EnterpriseImporter.Import([changedFile]).Clean);
            var all = s.EnterpriseQueries.Window(new EnterpriseFilter(), 0, 100, out var found);
            return JsonSerializer.Serialize(new
            {
                found,
                all,
                facets = s.EnterpriseQueries.Facets(),
                versions = all.Select(e => s.Enterprises.Versions(e.CreditCode)),
                byMn = s.Enterprises.OutletsByMn().OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new { kv.Key, kv.Value.Enterprise.CreditCode, kv.Value.Outlet.Code }),
            }, Web);
        }

        var sqlite = Services(StoreEngines.Sqlite);
        var postgres = Services(StoreEngines.Postgres);

        Assert.Equal(Answers(sqlite), Answers(postgres));
        var leaves = EngineLog.Leaves(sqlite.Database);
        // 3 + 2 enterprises and one change: 6 record leaves, 3 batch leaves.
        Assert.Equal(9, leaves.Count);
        Assert.Equal(leaves, EngineLog.Leaves(postgres.Database));
        Assert.Equal(EngineLog.Root(sqlite.Database), EngineLog.Root(postgres.Database));
    }
}
