using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npgsql;
using Public.Web.Infrastructure.Publication;
using Public.Web.Penalties.Store;
using Public.Web.Tests.Hosting;
using Public.Web.Tests.Penalties;

namespace Public.Web.Tests.Postgres;

/// <summary>
/// The one write path on a real PostgreSQL: the leaves an import appends, the root over them (computed here from the
/// RFC 6962 definition, not by the app), all-or-nothing on failure, and the append-only guarantees.
/// </summary>
public sealed class PgWritePathTests(EngineServer engines) : IClassFixture<EngineServer>
{
    private const string A = "测试罚〔2019〕41号";
    private const string B = "测试罚〔2019〕42号";

    private PortedServices Services() => new(engines.Create(StoreEngines.Postgres), new FixedTime(new DateTimeOffset(2019, 7, 1, 1, 30, 0, TimeSpan.Zero)));

    private static void SkipUnlessPostgres()
    {
        if (!StoreEngines.IsSelected(StoreEngines.Postgres))
        {
            Assert.Skip($"PostgreSQL not selected ({StoreEngines.Variable})");
        }
    }

    [Fact]
    public void AnImportAppendsOneRecordLeafPerVersionThenItsBatchLeafAndSignsTheirRoot()
    {
        SkipUnlessPostgres();
        var s = Services();
        var file = engines.WriteText("two.csv", PenaltyRows.Csv(PenaltyRows.Valid(A), PenaltyRows.Valid(B, ("fineAmount", "1234.56"))));
        Assert.True(s.PenaltyImporter.Import([file]).Clean);

        using var connection = (NpgsqlConnection)s.Database.Connect();
        var leaves = new List<(string Kind, string? Id, long? Version, string? Sha, byte[] Leaf, byte[] Hash)>();
        using (var read = new NpgsqlCommand("SELECT kind, record_id, version, record_sha256, leaf, leaf_hash FROM log_leaves ORDER BY idx", connection))
        using (var reader = read.ExecuteReader())
        {
            while (reader.Read())
            {
                leaves.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt64(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3), (byte[])reader[4], (byte[])reader[5]));
            }
        }

        Assert.Equal(["record", "record", "batch"], leaves.Select(l => l.Kind));
        Assert.Equal([RecordIds.Of([A]), RecordIds.Of([B])], leaves.Take(2).Select(l => l.Id));
        Assert.All(leaves.Take(2), l => Assert.Equal(1, l.Version));
        Assert.All(leaves, l => Assert.Equal(SHA256.HashData([0, .. l.Leaf]), l.Hash));

        // Each record's bytes: the decision as published (fines in fen), and its leaf names their SHA-256.
        var records = new Dictionary<string, byte[]>();
        using (var read = new NpgsqlCommand("SELECT record_id, bytes FROM log_records WHERE dataset = 'penalties'", connection))
        using (var reader = read.ExecuteReader())
        {
            while (reader.Read())
            {
                records[reader.GetString(0)] = (byte[])reader[1];
            }
        }

        var b = JsonDocument.Parse(records[RecordIds.Of([B])]).RootElement;
        Assert.Equal(B, b.GetProperty("decision_number").GetString());
        Assert.Equal(123456, b.GetProperty("fine_fen").GetInt64());
        Assert.Equal("2019-07-01T01:30:00Z", b.GetProperty("recorded_at").GetString());
        Assert.Equal(JsonValueKind.Null, b.GetProperty("reason").ValueKind);
        Assert.All(leaves.Take(2), l => Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(records[l.Id!])), l.Sha));
        Assert.Contains("\nleaves 2\n", Encoding.UTF8.GetString(leaves[2].Leaf), StringComparison.Ordinal);

        // RFC 6962 root of three leaves: H(0x01 ‖ H(0x01 ‖ h0 ‖ h1) ‖ h2).
        var left = SHA256.HashData([1, .. leaves[0].Hash, .. leaves[1].Hash]);
        var root = SHA256.HashData([1, .. left, .. leaves[2].Hash]);
        var store = new Public.Web.Transparency.LogStore(s.Database);
        var head = store.ReadHead()!;
        Assert.Equal((3L, Convert.ToHexString(root)), (head.TreeSize, Convert.ToHexString(head.Root)));

        // The log's read side on PostgreSQL: B's inclusion proof is [h0, h2] (its sibling, then the right subtree).
        var proof = new Public.Web.Transparency.LogReader(store, s.Checkpoints).Inclusion("penalties", RecordIds.Of([B]), "1");
        Assert.Equal((1L, Convert.ToBase64String(root)), (proof.LeafIndex, proof.RootHash));
        Assert.Equal([Convert.ToBase64String(leaves[0].Hash), Convert.ToBase64String(leaves[2].Hash)], proof.AuditPath);
    }

    [Fact]
    public void AWriteThatThrowsInsideAPublicationLeavesNoRowNoLeafAndNoCaptureBehind()
    {
        SkipUnlessPostgres();
        var s = Services();
        var leaves = s.Count("log_leaves");

        Assert.Throws<InvalidOperationException>(() => s.Publisher.Publish("penalties", s.Publisher.Now(), batch =>
        {
            PenaltyStore.InsertDecision(batch.StoreConnection, batch.StoreTransaction, A, batch.StartedAt);
            throw new InvalidOperationException("the importer failed half-way");
        }));

        Assert.Equal((0L, 0L, leaves), (s.Count("penalty"), s.Count("import_batch"), s.Count("log_leaves")));
        var file = engines.WriteText("a.csv", PenaltyRows.Csv(PenaltyRows.Valid(A)));
        Assert.True(s.PenaltyImporter.Import([file]).Clean);
        // Exactly this import's leaves: one record and the batch, nothing carried over from the failed one.
        Assert.Equal(leaves + 2, s.Count("log_leaves"));
    }

    [Fact]
    public void EveryPublishedDatasetIsProvenToGiveTheSameBytesOnPostgres()
    {
        // The publisher refuses, on PostgreSQL, a dataset no engine test proves byte-equal (SameBytesOnPostgres). Since
        // the air-quality, enterprise, CEMS and manual-monitoring ports every dataset is proven; a new dataset must come
        // with its engine test (see the checklist in content/docs/postgres.md) before it joins the list.
        var unproven = Public.Web.Infrastructure.Publication.PublishedDatasets.All
            .Select(d => d.Name)
            .Where(name => !Public.Web.Infrastructure.Publication.PublishedDatasets.SameBytesOnPostgres.Contains(name))
            .ToList();
        Assert.Empty(unproven);
    }

    [Fact]
    public void WritesOutsideAPublicationAreNotCapturedAndTheStoresTriggersRefuseUpdates()
    {
        SkipUnlessPostgres();
        var s = Services();
        Assert.True(s.PenaltyImporter.Import([engines.WriteText("a.csv", PenaltyRows.Csv(PenaltyRows.Valid(A)))]).Clean);
        using var connection = (NpgsqlConnection)s.Database.Connect();

        foreach (var sql in new[]
        {
            "UPDATE penalty_version SET fine_fen = 1",
            "DELETE FROM penalty_version",
            "UPDATE penalty SET decision_number = 'x'",
            "UPDATE log_leaves SET batch_id = 0",
            "UPDATE log_records SET sha256 = 'x'",
            "TRUNCATE log_leaves",
            "UPDATE log_head SET tree_size = 0",
        })
        {
            using var command = new NpgsqlCommand(sql, connection);
            var e = Assert.Throws<PostgresException>(() => command.ExecuteNonQuery());
            Assert.Equal(PostgresErrorCodes.RestrictViolation, e.SqlState);
        }

        // The capture trigger is there, but with no publication open it records nothing and fails nothing.
        using (var insert = new NpgsqlCommand("""
            INSERT INTO penalty_version (penalty_id, version, recorded_at, batch_id, source, authority, party_name, violation_category,
                violation_summary, legal_basis_law, seal_up, warning, decision_date)
            SELECT penalty_id, 2, recorded_at, batch_id, 'direct', authority, party_name, violation_category, violation_summary, legal_basis_law,
                seal_up, warning, decision_date FROM penalty_version
            """, connection))
        {
            Assert.Equal(1, insert.ExecuteNonQuery());
        }

        Assert.Equal((2L, 2L), (s.Count("penalty_version"), s.Count("log_leaves")));
    }

    [Fact]
    public void EveryPublishedTableHasItsCaptureTriggerOnPostgres()
    {
        SkipUnlessPostgres();
        var s = Services();
        using var connection = (NpgsqlConnection)s.Database.Connect();
        foreach (var dataset in PublishedDatasets.All)
        {
            using var command = new NpgsqlCommand("SELECT count(*) FROM pg_trigger WHERE tgrelid = CAST(@t AS regclass) AND tgname = @t || '_capture'", connection);
            command.Parameters.AddWithValue("t", dataset.Table);
            Assert.True(Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 1,
                $"{dataset.Table} ({dataset.Name}) has no capture trigger: add it in the next migration (PgSchemaV2 shows how)");
        }
    }
}
