using System.Text.Json;
using Public.Web.Penalties;
using Public.Web.Tests.Hosting;
using Public.Web.Tests.Postgres;

namespace Public.Web.Tests.Penalties;

/// <summary>
/// The penalties store, importer and query service (what REST and GraphQL call) on each engine: the answers are the
/// facts of the imported files, and SQLite and PostgreSQL give the same answers for the same imports.
/// </summary>
public sealed class PenaltyEngineTests(EngineServer engines) : IClassFixture<EngineServer>
{
    private const string A = "测试罚〔2019〕31号";
    private const string B = "测试罚〔2019〕32号";
    private static readonly DateTimeOffset Now = new(2019, 7, 1, 9, 30, 0, TimeSpan.FromHours(8));

    private PortedServices Services(string engine) => new(engines.Create(engine), new FixedTime(Now));

    /// <summary>A: 太和区, fine ¥200,000, decided 2019-03-12. B: 凌河区, ASCII in the party name, fine ¥50,000 decided 2019-06-01.</summary>
    private string TwoDecisions() => engines.WriteText("two.csv", PenaltyRows.Csv(
        PenaltyRows.Valid(A),
        PenaltyRows.Valid(B, ("partyName", "ABC Steel 示例测试钢铁有限公司"), ("partyCreditCode", PenaltyRows.PartyB), ("district", "凌河区"),
            ("fineAmount", "50000"), ("decisionDate", "2019-06-01"), ("serviceDate", "2019-06-03"), ("publicationDate", "2019-06-10"))));

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void ImportedDecisionsAnswerListFiltersAndStatisticsWithTheFilesFacts(string engine)
    {
        var s = Services(engine);
        var summary = s.PenaltyImporter.Import([TwoDecisions()]);
        Assert.True(summary.Clean, string.Join("\n", summary.Problems));
        Assert.Equal((2, 0, 0), (summary.NewDecisions, summary.NewVersions, summary.Unchanged));

        var all = s.Penalties.List(new PenaltyFilter(), 1, 100, out var found);
        Assert.Equal(2, found);
        // Newest decision first.
        Assert.Equal([B, A], all.Select(p => p.DecisionNumber));
        Assert.Equal([50000m, 200000m], all.Select(p => p.FineTotal));
        Assert.All(all, p => Assert.Equal(64, p.Log!.Sha256.Length));

        Assert.Equal([A], s.Penalties.List(new PenaltyFilter(District: "太和区"), 1, 100, out _).Select(p => p.DecisionNumber));
        Assert.Equal([A], s.Penalties.List(new PenaltyFilter(MinAmount: 100000m), 1, 100, out _).Select(p => p.DecisionNumber));
        Assert.Equal([B], s.Penalties.List(new PenaltyFilter(From: new DateOnly(2019, 4, 1)), 1, 100, out _).Select(p => p.DecisionNumber));
        // The name filter ignores ASCII case on both engines (SQLite's LIKE does; PostgreSQL's ILIKE under "C").
        Assert.Equal([B], s.Penalties.List(new PenaltyFilter(PartyNameContains: "abc steel"), 1, 100, out _).Select(p => p.DecisionNumber));
        Assert.Equal([B], s.Penalties.List(new PenaltyFilter(PartyNameContains: "钢铁"), 1, 100, out _).Select(p => p.DecisionNumber));
        Assert.Empty(s.Penalties.List(new PenaltyFilter(PartyNameContains: "50%"), 1, 100, out _));

        // Groups in code-point order (凌 U+51CC before 太 U+592A), fines in CNY.
        var byDistrict = s.Penalties.Stats(PenaltyStatsBy.District, new PenaltyFilter());
        Assert.Equal([("凌河区", 1, 50000m), ("太和区", 1, 200000m)], byDistrict.Select(g => (g.Key!, g.Count, g.FineTotal)));
        var byYear = Assert.Single(s.Penalties.Stats(PenaltyStatsBy.Year, new PenaltyFilter()));
        Assert.Equal(("2019", 2, 250000m), (byYear.Key, byYear.Count, byYear.FineTotal));

        var histories = s.Penalties.Histories([.. all.Select(p => p.Id)]);
        Assert.Equal(2, histories.Count);
        Assert.All(histories.Values, h => Assert.Single(h));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void ACorrectionIsANewVersionAReimportAddsNothingAndEachImportMovesTheDataVersionOnce(string engine)
    {
        var s = Services(engine);
        var original = engines.WriteText("original.csv", PenaltyRows.Csv(PenaltyRows.Valid(A)));
        var correction = engines.WriteText("correction.csv", PenaltyRows.Csv(PenaltyRows.Valid(A,
            ("fineAmount", "150000"), ("appealStatus", "reconsideration-changed"), ("correctionReason", "行政复议决定变更罚款数额"), ("correctionDate", "2019-05-10"))));
        var start = s.Database.ReadDataVersion().Number;

        Assert.True(s.PenaltyImporter.Import([original]).Clean);
        Assert.Equal(start + 1, s.Database.ReadDataVersion().Number);
        var again = s.PenaltyImporter.Import([original]);
        Assert.Equal((0, 0, 1), (again.NewDecisions, again.NewVersions, again.Unchanged));
        var corrected = s.PenaltyImporter.Import([correction]);
        Assert.Equal((0, 1, 0), (corrected.NewDecisions, corrected.NewVersions, corrected.Unchanged));
        Assert.Equal(start + 3, s.Database.ReadDataVersion().Number);

        var id = Assert.Single(s.Penalties.List(new PenaltyFilter(), 1, 100, out _)).Id;
        var detail = s.Penalties.Get(id);
        Assert.Equal(150000m, detail.Penalty.FineAmount);
        Assert.Equal(2, detail.Penalty.Version);
        Assert.Equal(2, detail.Versions.Count);
        Assert.Equal(200000m, detail.Versions[0].Record.FineAmount);
        Assert.Equal("行政复议决定变更罚款数额", detail.Versions[1].Reason);
        Assert.Equal(2, s.Count("penalty_version"));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void AFileWithOneBadRecordAddsNoRowNoLeafAndNoDataVersion(string engine)
    {
        var s = Services(engine);
        Assert.True(s.PenaltyImporter.Import([engines.WriteText("original.csv", PenaltyRows.Csv(PenaltyRows.Valid(A)))]).Clean);
        var before = (s.Count("penalty"), s.Count("penalty_version"), s.Count("log_leaves"), s.Count("log_records"), s.Count("import_batch"), s.Database.ReadDataVersion().Number);

        // B is new and valid; A changed without a correction reason is refused only against the store, after B was written.
        var bad = engines.WriteText("bad.csv", PenaltyRows.Csv(PenaltyRows.Valid(B), PenaltyRows.Valid(A, ("fineAmount", "1"))));
        var summary = s.PenaltyImporter.Import([bad]);

        var problem = Assert.Single(summary.Problems);
        Assert.Equal(("decisionNumber", 3), (problem.Column, problem.Line));
        Assert.Equal(before, (s.Count("penalty"), s.Count("penalty_version"), s.Count("log_leaves"), s.Count("log_records"), s.Count("import_batch"), s.Database.ReadDataVersion().Number));
        Assert.Empty(s.Penalties.List(new PenaltyFilter(PartyCreditCode: PenaltyRows.PartyA, From: new DateOnly(2019, 3, 13)), 1, 100, out _));
        // The publication after a failed one still works (nothing of the failed one is left on the connection).
        Assert.True(s.PenaltyImporter.Import([engines.WriteText("b.csv", PenaltyRows.Csv(PenaltyRows.Valid(B)))]).Clean);
        Assert.Equal(2, s.Count("penalty"));
    }

    [Fact]
    public void SqliteAndPostgresGiveTheSameAnswersAndTheSameLogForTheSameImports()
    {
        if (!StoreEngines.IsSelected(StoreEngines.Postgres) || !StoreEngines.IsSelected(StoreEngines.Sqlite))
        {
            Assert.Skip($"needs both engines ({StoreEngines.Variable} selects {string.Join(", ", StoreEngines.Selected)})");
        }

        var files = new[]
        {
            TwoDecisions(),
            engines.WriteText("correction.csv", PenaltyRows.Csv(PenaltyRows.Valid(B, ("partyName", "ABC Steel 示例测试钢铁有限公司"),
                ("partyCreditCode", PenaltyRows.PartyB), ("district", "凌河区"), ("fineAmount", "50000"), ("decisionDate", "2019-06-01"),
                ("serviceDate", "2019-06-03"), ("publicationDate", "2019-06-10"), ("paymentStatus", "paid"), ("correctionReason", "罚款已缴纳 \"全额\"\n（见回执）")))),
        };
        string Answers(PortedServices s)
        {
            foreach (var file in files)
            {
                Assert.True(s.PenaltyImporter.Import([file]).Clean);
            }

            var list = s.Penalties.List(new PenaltyFilter(), 1, 100, out var found);
            return JsonSerializer.Serialize(new
            {
                found,
                list,
                details = list.Select(p => s.Penalties.Get(p.Id)),
                histories = s.Penalties.Histories([.. list.Select(p => p.Id)]).OrderBy(h => h.Key),
                stats = Enum.GetValues<PenaltyStatsBy>().Select(by => s.Penalties.Stats(by, new PenaltyFilter())),
                newest = s.Penalties.Newest(10),
            });
        }

        var sqlite = Services(StoreEngines.Sqlite);
        var postgres = Services(StoreEngines.Postgres);

        Assert.Equal(Answers(sqlite), Answers(postgres));
        // Record bytes, leaves and so the root do not depend on the engine.
        Assert.Equal(EngineLog.Leaves(sqlite.Database), EngineLog.Leaves(postgres.Database));
        Assert.Equal(EngineLog.Root(sqlite.Database), EngineLog.Root(postgres.Database));
    }
}
