using Public.Web.AirQuality.Import;
using System.Globalization;
using System.Security.Cryptography;
using System.Data;
using System.Data.Common;
using System.Text;
using Public.Web.Infrastructure.Data;

namespace Public.Web.Infrastructure.Publication;

/// <summary>
/// Appends a batch's leaves to <c>log_leaves</c> and the record bytes to <c>log_records</c>, in the envelope format of
/// <see cref="Transparency.ILogCheckpointWriter"/>'s contract: one record leaf per record version, one tombstone per
/// withdrawn record, then the batch leaf. Returns the new tree size, and in <c>leaves</c> how many leaves it appended.
/// </summary>
internal static class LogAppender
{
    public const string Header = "bluesky-log/v1";

    public static long Append(DbConnection connection, DbTransaction transaction, PublicationBatch batch, RecordCapture capture, string publishedAt, out long leaves)
    {
        var next = connection.Long(transaction, "SELECT COALESCE(MAX(idx) + 1, 0) FROM log_leaves");
        // Appended in blocks (COPY on PostgreSQL, one round trip per block, not per row); read back only after a Flush.
        using var leaf = new RowAppender(connection, transaction, "log_leaves",
            ("idx", DbType.Int64), ("leaf", DbType.Binary), ("leaf_hash", DbType.Binary), ("kind", DbType.String), ("dataset", DbType.String),
            ("record_id", DbType.String), ("version", DbType.Int64), ("record_sha256", DbType.String), ("batch_id", DbType.Int64));
        using var record = new RowAppender(connection, transaction, "log_records",
            ("dataset", DbType.String), ("record_id", DbType.String), ("version", DbType.Int64), ("bytes", DbType.Binary), ("sha256", DbType.String));
        using var previous = connection.Command(transaction,
            "SELECT sha256 FROM log_records WHERE dataset = @d AND record_id = @r AND version < @v ORDER BY version DESC LIMIT 1");
        var pd = previous.Add("@d", type: DbType.String);
        var pr = previous.Add("@r", type: DbType.String);
        var pv = previous.Add("@v", type: DbType.Int64);
        // The versions this batch logged, by record: a record written twice in one batch (two files with the same hour)
        // finds its version before here, as the appender may not have written it yet; versions come in ascending order.
        var logged = new Dictionary<(string Dataset, string Id), string>();

        var count = 0L;
        foreach (var (dataset, id, version, bytes) in capture.Read())
        {
            var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
            // Store versions start at 1 and only grow, so a version 1 has no version before it to look up.
            string? before = null;
            if (version > 1 && !logged.TryGetValue((dataset.Name, id), out before))
            {
                (pd.Value, pr.Value, pv.Value) = (dataset.Name, id, version);
                before = previous.ExecuteScalar() as string;
            }

            logged[(dataset.Name, id)] = sha;
            record.Add(dataset.Name, id, version, bytes, sha);
            AddLeaf(leaf, next + count++, RecordEnvelope("record", dataset.Name, id, version, sha, before, batch.Id), "record", dataset.Name, id, version, sha, batch.Id);
        }

        record.Flush();
        foreach (var (dataset, id) in batch.Withdrawn)
        {
            // LatestLeaf reads log_leaves: the leaves kept so far (this batch's versions and tombstones) first.
            leaf.Flush();
            var last = LatestLeaf(connection, transaction, dataset.Name, id)
                ?? throw new InvalidOperationException($"cannot withdraw {dataset.Name}/{id}: the log has no version of this record");
            if (last.Sha256 is null)
            {
                throw new InvalidOperationException($"cannot withdraw {dataset.Name}/{id}: it is already withdrawn (version {last.Version})");
            }

            AddLeaf(leaf, next + count++, RecordEnvelope("tombstone", dataset.Name, id, last.Version + 1, null, last.Sha256, batch.Id),
                "tombstone", dataset.Name, id, last.Version + 1, null, batch.Id);
        }

        var batchEnvelope = BatchEnvelope(batch, count, publishedAt);
        var batchBytes = Encoding.UTF8.GetByteCount(batchEnvelope);
        if (batchBytes > MaxLeafBytes)
        {
            // A C2SP entry bundle holds an entry of at most 65,535 bytes: a longer batch leaf could be stored but never served.
            throw new ImportRefusedException(string.Create(CultureInfo.InvariantCulture,
                $"one import of {batch.Files.Count} files is too large for one log entry (its batch leaf, which names every file with its SHA-256, would be {batchBytes:N0} bytes; the log's limit is {MaxLeafBytes:N0}): import the files in smaller groups, e.g. a month's folder at a time; nothing was imported"));
        }

        AddLeaf(leaf, next + count, batchEnvelope, "batch", null, null, null, null, batch.Id);
        leaf.Flush();
        leaves = count + 1;
        return next + count + 1;
    }

    /// <summary>The longest leaf a C2SP tlog-tiles entry bundle can hold (a 16-bit length prefix).</summary>
    public const int MaxLeafBytes = ushort.MaxValue;

    /// <summary>The envelope of a record version (or, with a null sha256, a tombstone).</summary>
    public static string RecordEnvelope(string kind, string dataset, string id, long version, string? sha256, string? previous, long batch) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{Header}\nkind {kind}\ndataset {dataset}\nid {id}\nversion {version}\nsha256 {sha256 ?? "none"}\nprevious {previous ?? "none"}\nbatch {batch}\n");

    public static string BatchEnvelope(PublicationBatch batch, long leaves, string publishedAt)
    {
        var sb = new StringBuilder();
        sb.Append(Header).Append("\nkind batch\nbatch ").Append(batch.Id.ToString(CultureInfo.InvariantCulture)).Append("\nsource ").Append(OneLine(batch.Kind)).Append('\n');
        foreach (var (name, sha) in batch.Files)
        {
            sb.Append("file ").Append(sha).Append(' ').Append(OneLine(name)).Append('\n');
        }

        return sb.Append("leaves ").Append(leaves.ToString(CultureInfo.InvariantCulture)).Append("\npublished-at ").Append(publishedAt).Append('\n').ToString();
    }

    /// <summary>The latest leaf of a record (its version and sha256; null sha256 for a tombstone), or null when never logged.</summary>
    public static (long Version, string? Sha256)? LatestLeaf(DbConnection connection, DbTransaction? transaction, string dataset, string id)
    {
        using var command = connection.Command(transaction,
            "SELECT version, record_sha256 FROM log_leaves WHERE dataset = @d AND record_id = @r AND kind <> 'batch' ORDER BY idx DESC LIMIT 1", ("@d", dataset), ("@r", id));
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1)) : null;
    }

    private static string OneLine(string text) => text.Replace('\n', ' ').Replace('\r', ' ');

    private static void AddLeaf(RowAppender leaves, long index, string envelope, string kind, string? dataset, string? id, long? version, string? sha, long batch)
    {
        var bytes = Encoding.UTF8.GetBytes(envelope);
        var prefixed = new byte[bytes.Length + 1];
        bytes.CopyTo(prefixed, 1);
        leaves.Add(index, bytes, SHA256.HashData(prefixed), kind, dataset, id, version, sha, batch);
    }
}
