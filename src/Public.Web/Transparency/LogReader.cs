using System.Data.Common;
using System.Text;
using Public.Web.Api;
using Public.Web.Infrastructure.Data;
using Public.Web.Infrastructure.Publication;

namespace Public.Web.Transparency;

/// <summary>
/// Reads the log for serving: checkpoints, tiles, entry bundles and proofs, always against a signed tree size (the
/// last signed checkpoint), so that everything it answers can be checked against a signature.
/// </summary>
internal sealed class LogReader(LogStore store, LogCheckpointWriter writer)
{
    public string VerifierKey => writer.Signer.VerifierKey;

    public LogHead Head() => store.ReadHead() ?? throw new NotFoundException("checkpoint", "the log has no signed checkpoint yet");

    public string? CheckpointNote(long treeSize) => store.CheckpointNote(treeSize);

    /// <summary>The bytes of a tile (level ≥ 0) or entry bundle (level −1) of the signed tree; null if the tree does not hold it yet.</summary>
    public byte[]? Tile(int level, long index, int width)
    {
        if (store.ReadHead() is not { } head)
        {
            return null;
        }

        var available = level < 0 ? head.TreeSize : head.TreeSize >> (Tiles.Height * level);
        if (index < 0 || index * Tiles.Width + width > available)
        {
            return null;
        }

        using var connection = store.Database.Connect();
        if (level < 0)
        {
            return Tiles.EntryBundle(ReadLeaves(connection, index * Tiles.Width, width).Select(l => l.Leaf));
        }

        var first = index * Tiles.Width;
        using var command = connection.Command(null, level == 0
            ? "SELECT leaf_hash FROM log_leaves WHERE idx >= @first AND idx < @end ORDER BY idx"
            : "SELECT hash FROM log_nodes WHERE level = @level AND idx >= @first AND idx < @end ORDER BY idx",
            ("@first", first), ("@end", first + width));
        if (level > 0)
        {
            command.Add("@level", (long)(Tiles.Height * level));
        }
        var bytes = new byte[width * Merkle.HashSize];
        var count = 0;
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                ((byte[])reader[0]).CopyTo(bytes, count++ * Merkle.HashSize);
            }
        }

        return count == width ? bytes : throw new LogIntegrityException($"tile {level}/{index}: {count} of {width} hashes are stored");
    }

    private static List<(long Index, byte[] Leaf)> ReadLeaves(DbConnection connection, long first, long count)
    {
        using var command = connection.Command(null, "SELECT idx, leaf FROM log_leaves WHERE idx >= @first AND idx < @end ORDER BY idx",
            ("@first", first), ("@end", first + count));
        using var reader = command.ExecuteReader();
        var leaves = new List<(long, byte[])>();
        while (reader.Read())
        {
            leaves.Add((reader.GetInt64(0), (byte[])reader[1]));
        }

        return leaves;
    }

    /// <summary>The inclusion proof of a logged record version in the last signed tree.</summary>
    public InclusionProofDto Inclusion(string? dataset, string? id, string? version)
    {
        if (string.IsNullOrWhiteSpace(dataset))
        {
            throw new BadParameterException("dataset", "dataset is required, e.g. dataset=penalties");
        }

        if (PublishedDatasets.Find(dataset) is null)
        {
            // A misspelt dataset is a bad parameter, not a missing record: say which names the log knows.
            throw new BadParameterException("dataset",
                $"dataset '{dataset}' is not logged; the log knows: {string.Join(", ", PublishedDatasets.All.Select(d => d.Name))}");
        }

        if (string.IsNullOrWhiteSpace(id))
        {
            throw new BadParameterException("id", "id is required: the record id as logged");
        }

        var number = PositiveNumber("version", version, "the record version, from 1");
        var head = Head();
        using var connection = store.Database.Connect();
        using var command = connection.Command(null,
            "SELECT idx, leaf, leaf_hash FROM log_leaves WHERE dataset = @dataset AND record_id = @id AND version = @version AND kind IN ('record', 'tombstone') ORDER BY idx LIMIT 1",
            ("@dataset", dataset), ("@id", id), ("@version", number));
        long index;
        byte[] leaf, hash;
        using (var reader = command.ExecuteReader())
        {
            if (!reader.Read())
            {
                throw new NotFoundException("version", $"the log holds no version {number} of {dataset}/{id}");
            }

            (index, leaf, hash) = (reader.GetInt64(0), (byte[])reader[1], (byte[])reader[2]);
        }

        if (index >= head.TreeSize)
        {
            throw new NotFoundException("version", $"version {number} of {dataset}/{id} is not covered by a signed checkpoint yet");
        }

        using var nodes = new StoredNodes(connection, null);
        var proof = Merkle.InclusionProof(nodes, index, head.TreeSize);
        return new InclusionProofDto(dataset, id, number, index, Convert.ToBase64String(hash), Encoding.UTF8.GetString(leaf),
            proof.Select(Convert.ToBase64String).ToList(), head.TreeSize, Convert.ToBase64String(head.Root), head.Note);
    }

    /// <summary>The consistency proof between two tree sizes, the larger at most the last signed one (its default).</summary>
    public ConsistencyProofDto Consistency(string? from, string? to)
    {
        var head = Head();
        var first = PositiveNumber("from", from, "the smaller tree size, from 1");
        var second = string.IsNullOrEmpty(to) ? head.TreeSize : PositiveNumber("to", to, "the larger tree size");
        if (second > head.TreeSize)
        {
            throw new BadParameterException("to", $"to={second} is larger than the last signed tree ({head.TreeSize} leaves)");
        }

        if (first > second)
        {
            throw new BadParameterException("from", $"from={first} is larger than to={second}");
        }

        using var connection = store.Database.Connect();
        using var nodes = new StoredNodes(connection, null);
        var proof = Merkle.ConsistencyProof(nodes, first, second);
        return new ConsistencyProofDto(first, second, Convert.ToBase64String(Merkle.Root(nodes, first)), Convert.ToBase64String(Merkle.Root(nodes, second)),
            proof.Select(Convert.ToBase64String).ToList(), store.CheckpointNote(first), store.CheckpointNote(second));
    }

    public CheckpointDto Checkpoint()
    {
        var head = Head();
        var checkpoint = Transparency.Checkpoint.Parse(SignedNote.Parse(head.Note)!.Value.Body)!;
        return new CheckpointDto(checkpoint.Origin, head.TreeSize, Convert.ToBase64String(head.Root), head.Note, VerifierKey);
    }

    private static long PositiveNumber(string name, string? value, string meaning)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new BadParameterException(name, $"{name} is required: {meaning}");
        }

        return long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 1
            ? n : throw new BadParameterException(name, $"{name} must be a whole number from 1 ({meaning}), not '{value}'");
    }
}
