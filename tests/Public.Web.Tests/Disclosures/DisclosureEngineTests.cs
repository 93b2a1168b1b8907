using Public.Web.Disclosures;
using Public.Web.Tests.Hosting;
using Public.Web.Tests.Postgres;

namespace Public.Web.Tests.Disclosures;

/// <summary>
/// The disclosures and statements store on each engine, written inside publications as the importer writes them: what is
/// read back is what was written, a correction is a new version, and SQLite and PostgreSQL publish the same leaves,
/// record bytes and root for the same records; and the importer itself, whose check of each credit code reads the
/// enterprise registry, imports the sample files on both engines.
/// </summary>
public sealed class DisclosureEngineTests(EngineServer engines) : IClassFixture<EngineServer>
{
    private const string Code = "91210700PDY3000122";
    private static readonly DateTimeOffset Now = new(2020, 7, 1, 9, 0, 0, TimeSpan.FromHours(8));

    private static readonly Disclosure Annual = new("D-2019-1", Code, DisclosureKinds.Annual, 2019, new DateOnly(2020, 3, 15), "basic;emissions",
        true, 0, null, null, "示例公司 2019 年度环境信息依法披露报告", "https://example.invalid/d1.pdf", null);

    private static readonly Disclosure Temporary = new("D-2020-7", Code, DisclosureKinds.Temporary, null, new DateOnly(2020, 6, 20), "penalty",
        null, 12, "锦环罚〔2020〕7号", new DateOnly(2020, 6, 15), null, "https://example.invalid/d2.pdf", new string('a', 64));

    private static readonly Statement Reply = new("S-1", Code, StatementSubjects.Exceedance, "DA001", "SO2", new DateTime(2020, 5, 1, 8, 0, 0),
        new DateTime(2020, 5, 1, 11, 0, 0), null, new DateOnly(2020, 5, 3), "脱硫设施检修期间超标，\"已报告\"\n详见附件。", null, null);

    private PortedServices Services(string engine) => new(engines.Create(engine), new FixedTime(Now));

    /// <summary>Publishes the records as the importer does: a record row for a new id, then its next version.</summary>
    private static void Publish(PortedServices s, IReadOnlyList<Disclosure> disclosures, IReadOnlyList<Statement> statements, string? reason = null) =>
        s.Publisher.Publish("disclosures", s.Publisher.Now(), batch =>
        {
            var (connection, transaction) = (batch.StoreConnection, batch.StoreTransaction);
            foreach (var d in disclosures)
            {
                var stored = DisclosureStore.DisclosureVersions(d.Id, connection, transaction);
                var id = stored.Count > 0 ? stored[0].RowId : DisclosureStore.InsertRecord(connection, transaction, statement: false, d.Id, batch.StartedAt);
                DisclosureStore.InsertVersion(connection, transaction,
                    new StoredVersion<Disclosure>(id, stored.Count + 1, batch.StartedAt, batch.StartedAt, batch.Id, "d.csv", 2, stored.Count > 0 ? reason : null, d));
            }

            foreach (var st in statements)
            {
                var stored = DisclosureStore.StatementVersions(st.Id, connection, transaction);
                var id = stored.Count > 0 ? stored[0].RowId : DisclosureStore.InsertRecord(connection, transaction, statement: true, st.Id, batch.StartedAt);
                DisclosureStore.InsertVersion(connection, transaction,
                    new StoredVersion<Statement>(id, stored.Count + 1, batch.StartedAt, batch.StartedAt, batch.Id, "s.json", null, stored.Count > 0 ? reason : null, st));
            }

            return 0;
        });

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void WhatIsReadBackIsWhatWasWrittenAndACorrectionIsANewVersion(string engine)
    {
        var s = Services(engine);
        var store = new DisclosureStore(s.Database);
        Assert.False(store.HasAny());

        Publish(s, [Annual, Temporary], [Reply]);
        Publish(s, [Annual with { ClaimsNoExceedance = false, ReportedExceedanceHours = 3 }], [], reason: "更正：报告第 4 页写明超标 3 小时");

        Assert.True(store.HasAny());
        // Current versions by filed date: the annual report's second version, then the temporary one.
        var current = store.CurrentDisclosures(null);
        Assert.Equal([("D-2019-1", 2, (bool?)false, (int?)3), ("D-2020-7", 1, null, 12)],
            current.Select(v => (v.Record.Id, v.Version, v.Record.ClaimsNoExceedance, v.Record.ReportedExceedanceHours)));
        Assert.Equal(Temporary, current[1].Record);
        Assert.Equal("更正：报告第 4 页写明超标 3 小时", current[0].Reason);
        Assert.Equal([("D-2019-1", 1), ("D-2019-1", 2), ("D-2020-7", 1)], store.DisclosureHistory(Code).Select(v => (v.Record.Id, v.Version)));
        Assert.Empty(store.CurrentDisclosures("91210700000000000X"));
        var reply = Assert.Single(store.CurrentStatements(Code));
        Assert.Equal((Reply, 1, (int?)null), (reply.Record, reply.Version, reply.SourceLine));
        // Four record leaves (three records, one correction) and two batch leaves.
        Assert.Equal(6, s.Count("log_leaves"));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void TheImporterChecksEachCreditCodeAgainstTheRegistryAndImportsTheSampleFiles(string engine)
    {
        var s = Services(engine);
        string Sample(string folder, string file) => Enterprises.EnterpriseEngineTests.Sample(folder, file);
        // Before the registry holds the enterprises, every record is refused naming its code, and nothing is written.
        var early = s.DisclosureImporter.ImportStatements([Sample("statements", "statements.json")]);
        Assert.Equal(1, early.FilesRejected);
        Assert.Contains(early.Problems, p => p.Reason == "91210703PDY3000208 is not in the key-polluter registry; import the enterprise first (import enterprises)");
        Assert.Equal(0, s.Count("enterprise_statement"));

        Assert.True(s.EnterpriseImporter.Import([Sample("enterprises", "sample-registry.json")]).Clean);
        var disclosures = s.DisclosureImporter.ImportDisclosures([Sample("disclosures", "disclosures-2018.json"), Sample("disclosures", "disclosures-2019.csv")]);
        var statements = s.DisclosureImporter.ImportStatements([Sample("statements", "statements.json"), Sample("statements", "statements.csv")]);

        Assert.True(disclosures.Clean, string.Join("\n", disclosures.Problems));
        Assert.True(statements.Clean, string.Join("\n", statements.Problems));
        // The files hold 2 + 3 disclosures and 1 + 2 statements, each a new record.
        Assert.Equal((5, 5, 3, 3), (disclosures.Records, disclosures.New, statements.Records, statements.New));
        var store = new DisclosureStore(s.Database);
        Assert.Equal(["sample-91210702PDY300012Y-annual-2018", "sample-91210702PDY300012Y-annual-2019", "sample-91210702PDY300012Y-temporary-20191227"],
            store.DisclosureHistory("91210702PDY300012Y").Select(v => v.Record.Id).Order(StringComparer.Ordinal));
        Assert.Equal(["sample-statement-20191105"], store.CurrentStatements("91210703PDY3000208").Select(v => v.Record.Id));
    }

    [Fact]
    public void SqliteAndPostgresPublishTheSameLogForTheSameRecords()
    {
        if (!StoreEngines.IsSelected(StoreEngines.Postgres) || !StoreEngines.IsSelected(StoreEngines.Sqlite))
        {
            Assert.Skip($"needs both engines ({StoreEngines.Variable} selects {string.Join(", ", StoreEngines.Selected)})");
        }

        var sqlite = Services(StoreEngines.Sqlite);
        var postgres = Services(StoreEngines.Postgres);
        foreach (var s in new[] { sqlite, postgres })
        {
            Publish(s, [Annual, Temporary], [Reply]);
            Publish(s, [Temporary with { Title = "临时报告（更正标题）" }], [Reply with { Text = "更正" }], reason: "标题 \"更正\"\n见原件");
        }

        var leaves = EngineLog.Leaves(sqlite.Database);
        Assert.Equal(7, leaves.Count);
        Assert.Equal(leaves, EngineLog.Leaves(postgres.Database));
        Assert.Equal(EngineLog.Root(sqlite.Database), EngineLog.Root(postgres.Database));
        Assert.Equal(PublishedDatasetsOf(sqlite), PublishedDatasetsOf(postgres));
    }

    private static List<string> PublishedDatasetsOf(PortedServices s)
    {
        using var connection = s.Database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT dataset, record_id, version FROM log_leaves WHERE kind = 'record' ORDER BY idx";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add($"{reader.GetString(0)} {reader.GetString(1)} {reader.GetInt64(2)}");
        }

        Assert.Equal(["disclosures", "statements"], rows.Select(r => r.Split(' ')[0]).Distinct().Order(StringComparer.Ordinal));
        return rows;
    }
}
