using System.Security.Cryptography;
using System.Text;
using System.Data.Common;
using Public.Web.Infrastructure.Data;

namespace Public.Web.Tests.Transparency;

/// <summary>
/// Appends leaves straight into the seam's tables with plain SQL, the way the publication pipeline does (leaf hash
/// computed here with SHA-256, not by the code under test), so the log can be tested before the pipeline is merged.
/// </summary>
internal static class SeamLeaves
{
    public static string RecordEnvelope(string dataset, string id, long version, string sha256, string? previous, long batch) =>
        $"bluesky-log/v1\nkind record\ndataset {dataset}\nid {id}\nversion {version}\nsha256 {sha256}\nprevious {previous ?? "none"}\nbatch {batch}\n";

    public static string TombstoneEnvelope(string dataset, string id, long version, string previous, long batch) =>
        $"bluesky-log/v1\nkind tombstone\ndataset {dataset}\nid {id}\nversion {version}\nsha256 none\nprevious {previous}\nbatch {batch}\n";

    public static string BatchEnvelope(long batch, long leaves) =>
        $"bluesky-log/v1\nkind batch\nbatch {batch}\nsource test\nfile {new string('0', 64)} test.csv\nleaves {leaves}\npublished-at 2026-01-01T00:00:00Z\n";

    public static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    public static byte[] LeafHash(byte[] leaf) => SHA256.HashData([0, .. leaf]);

    public static long Count(DbConnection connection, DbTransaction transaction)
    {
        return connection.Long(transaction, "SELECT COUNT(*) FROM log_leaves");
    }

    /// <summary>Appends raw leaves (kind batch, so no record columns are needed).</summary>
    public static void AppendRaw(DbConnection connection, DbTransaction transaction, IEnumerable<byte[]> leaves, long batch = 1)
    {
        var next = Count(connection, transaction);
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO log_leaves(idx, leaf, leaf_hash, kind, batch_id) VALUES (@idx, @leaf, @hash, 'batch', @batch)";
        foreach (var leaf in leaves)
        {
            insert.Parameters.Clear();
            insert.Add("@idx", next++);
            insert.Add("@leaf", leaf);
            insert.Add("@hash", LeafHash(leaf));
            insert.Add("@batch", batch);
            insert.ExecuteNonQuery();
        }
    }

    /// <summary>Publishes a record version as the pipeline does: its bytes in log_records and its leaf in log_leaves.</summary>
    public static long AppendRecord(DbConnection connection, DbTransaction transaction, string dataset, string id, long version, byte[] bytes, string? previous, long batch)
    {
        var sha = Hex(SHA256.HashData(bytes));
        using (var record = connection.CreateCommand())
        {
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO log_records(dataset, record_id, version, bytes, sha256) VALUES (@d, @i, @v, @b, @s)";
            record.Add("@d", dataset);
            record.Add("@i", id);
            record.Add("@v", version);
            record.Add("@b", bytes);
            record.Add("@s", sha);
            record.ExecuteNonQuery();
        }

        return AppendLeaf(connection, transaction, "record", RecordEnvelope(dataset, id, version, sha, previous, batch), dataset, id, version, sha, batch);
    }

    public static long AppendLeaf(DbConnection connection, DbTransaction transaction, string kind, string envelope, string? dataset, string? id, long? version, string? sha, long batch)
    {
        var index = Count(connection, transaction);
        var leaf = Encoding.UTF8.GetBytes(envelope);
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO log_leaves(idx, leaf, leaf_hash, kind, dataset, record_id, version, record_sha256, batch_id)
            VALUES (@idx, @leaf, @hash, @kind, @d, @i, @v, @s, @batch)
            """;
        insert.Add("@idx", index);
        insert.Add("@leaf", leaf);
        insert.Add("@hash", LeafHash(leaf));
        insert.Add("@kind", kind);
        insert.Add("@d", dataset);
        insert.Add("@i", id);
        insert.Add("@v", version);
        insert.Add("@s", sha);
        insert.Add("@batch", batch);
        insert.ExecuteNonQuery();
        return index;
    }
}
