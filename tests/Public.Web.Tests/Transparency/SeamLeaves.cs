using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

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

    public static long Count(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COUNT(*) FROM log_leaves";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Appends raw leaves (kind batch, so no record columns are needed).</summary>
    public static void AppendRaw(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<byte[]> leaves, long batch = 1)
    {
        var next = Count(connection, transaction);
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO log_leaves(idx, leaf, leaf_hash, kind, batch_id) VALUES ($idx, $leaf, $hash, 'batch', $batch)";
        foreach (var leaf in leaves)
        {
            insert.Parameters.Clear();
            insert.Parameters.AddWithValue("$idx", next++);
            insert.Parameters.AddWithValue("$leaf", leaf);
            insert.Parameters.AddWithValue("$hash", LeafHash(leaf));
            insert.Parameters.AddWithValue("$batch", batch);
            insert.ExecuteNonQuery();
        }
    }

    /// <summary>Publishes a record version as the pipeline does: its bytes in log_records and its leaf in log_leaves.</summary>
    public static long AppendRecord(SqliteConnection connection, SqliteTransaction transaction, string dataset, string id, long version, byte[] bytes, string? previous, long batch)
    {
        var sha = Hex(SHA256.HashData(bytes));
        using (var record = connection.CreateCommand())
        {
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO log_records(dataset, record_id, version, bytes, sha256) VALUES ($d, $i, $v, $b, $s)";
            record.Parameters.AddWithValue("$d", dataset);
            record.Parameters.AddWithValue("$i", id);
            record.Parameters.AddWithValue("$v", version);
            record.Parameters.AddWithValue("$b", bytes);
            record.Parameters.AddWithValue("$s", sha);
            record.ExecuteNonQuery();
        }

        return AppendLeaf(connection, transaction, "record", RecordEnvelope(dataset, id, version, sha, previous, batch), dataset, id, version, sha, batch);
    }

    public static long AppendLeaf(SqliteConnection connection, SqliteTransaction transaction, string kind, string envelope, string? dataset, string? id, long? version, string? sha, long batch)
    {
        var index = Count(connection, transaction);
        var leaf = Encoding.UTF8.GetBytes(envelope);
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO log_leaves(idx, leaf, leaf_hash, kind, dataset, record_id, version, record_sha256, batch_id)
            VALUES ($idx, $leaf, $hash, $kind, $d, $i, $v, $s, $batch)
            """;
        insert.Parameters.AddWithValue("$idx", index);
        insert.Parameters.AddWithValue("$leaf", leaf);
        insert.Parameters.AddWithValue("$hash", LeafHash(leaf));
        insert.Parameters.AddWithValue("$kind", kind);
        insert.Parameters.AddWithValue("$d", (object?)dataset ?? DBNull.Value);
        insert.Parameters.AddWithValue("$i", (object?)id ?? DBNull.Value);
        insert.Parameters.AddWithValue("$v", (object?)version ?? DBNull.Value);
        insert.Parameters.AddWithValue("$s", (object?)sha ?? DBNull.Value);
        insert.Parameters.AddWithValue("$batch", batch);
        insert.ExecuteNonQuery();
        return index;
    }
}
