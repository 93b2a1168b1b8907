using System.Security.Cryptography;
using System.Text;
using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Publication;

/// <summary>One leaf as stored, with the record bytes it names (read with plain SQL, hashed here, not by the code under test).</summary>
internal sealed record StoredLeaf(long Index, string Envelope, byte[] LeafHash, string Kind, string? Dataset, string? Id, long? Version, string? Sha256, long Batch, byte[]? Bytes);

/// <summary>
/// What the log of a store holds: its leaves and the tree size of its latest signed checkpoint. A store is an app's
/// (its PostgreSQL database or SQLite file, <see cref="PublicWebApp.OpenStore"/>) or a SQLite file by its path.
/// </summary>
internal static class LogFacts
{
    public static List<StoredLeaf> Leaves(PublicWebApp app) => Leaves(app.DatabasePath, app.PostgresConnectionString);

    public static List<StoredLeaf> Leaves(string databasePath, string? postgres = null)
    {
        using var connection = TestStore.Open(postgres, databasePath, readOnly: true);
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT l.idx, l.leaf, l.leaf_hash, l.kind, l.dataset, l.record_id, l.version, l.record_sha256, l.batch_id, r.bytes
            FROM log_leaves l LEFT JOIN log_records r ON r.dataset = l.dataset AND r.record_id = l.record_id AND r.version = l.version AND l.kind = 'record'
            ORDER BY l.idx
            """;
        using var reader = command.ExecuteReader();
        var leaves = new List<StoredLeaf>();
        while (reader.Read())
        {
            leaves.Add(new StoredLeaf(reader.GetInt64(0), Encoding.UTF8.GetString((byte[])reader[1]), (byte[])reader[2], reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetInt64(6),
                reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetInt64(8), reader.IsDBNull(9) ? null : (byte[])reader[9]));
        }

        return leaves;
    }

    /// <summary>The tree size of the latest signed checkpoint (0 when none).</summary>
    public static long CheckpointSize(PublicWebApp app) => CheckpointSize(app.DatabasePath, app.PostgresConnectionString);

    public static long CheckpointSize(string databasePath, string? postgres = null) =>
        TestStore.Scalar(postgres, databasePath, "SELECT COALESCE(MAX(tree_size), 0) FROM log_checkpoints");

    public static long Scalar(PublicWebApp app, string sql) => TestStore.Scalar(app.PostgresConnectionString, app.DatabasePath, sql);

    public static long Scalar(string databasePath, string sql) => TestStore.Scalar(null, databasePath, sql);

    public static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    public static string Sha256(byte[] bytes) => Hex(SHA256.HashData(bytes));

    /// <summary>
    /// Checks the leaves one batch added after <paramref name="before"/> leaves: record leaves, then the batch leaf that
    /// counts them; every leaf hash is SHA-256(0x00 ‖ envelope), every record leaf names the SHA-256 of its stored bytes
    /// and the previous logged version's; the latest checkpoint covers all leaves. Returns the batch's record leaves.
    /// </summary>
    public static List<StoredLeaf> AssertOneBatch(PublicWebApp app, int before, string source) =>
        AssertOneBatch(app.DatabasePath, before, source, app.PostgresConnectionString);

    public static List<StoredLeaf> AssertOneBatch(string databasePath, int before, string source, string? postgres = null)
    {
        var all = Leaves(databasePath, postgres);
        var added = all.Skip(before).ToList();
        Assert.NotEmpty(added);
        var batch = added[^1];
        Assert.Equal("batch", batch.Kind);
        var records = added[..^1];
        Assert.All(records, r => Assert.Equal("record", r.Kind));
        Assert.All(added, l => Assert.Equal(batch.Batch, l.Batch));
        Assert.StartsWith($"bluesky-log/v1\nkind batch\nbatch {batch.Batch}\nsource {source}\n", batch.Envelope, StringComparison.Ordinal);
        Assert.Contains($"\nleaves {records.Count}\npublished-at ", batch.Envelope, StringComparison.Ordinal);
        foreach (var leaf in added)
        {
            Assert.Equal(Hex(SHA256.HashData([0, .. Encoding.UTF8.GetBytes(leaf.Envelope)])), Hex(leaf.LeafHash));
        }

        foreach (var r in records)
        {
            Assert.NotNull(r.Bytes);
            Assert.Equal(Sha256(r.Bytes), r.Sha256);
            var previous = all.LastOrDefault(l => l.Index < r.Index && l.Dataset == r.Dataset && l.Id == r.Id && l.Kind == "record");
            Assert.Equal($"bluesky-log/v1\nkind record\ndataset {r.Dataset}\nid {r.Id}\nversion {r.Version}\nsha256 {r.Sha256}\nprevious {previous?.Sha256 ?? "none"}\nbatch {r.Batch}\n", r.Envelope);
            Assert.Matches("^[A-Za-z0-9._-]+$", r.Id!);
        }

        Assert.Equal(all.Count, CheckpointSize(databasePath, postgres));
        return records;
    }
}
