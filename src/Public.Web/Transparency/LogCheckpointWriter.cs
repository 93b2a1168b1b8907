using System.Globalization;
using System.Data.Common;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Data;

namespace Public.Web.Transparency;

/// <summary>
/// Turns the leaves the publication pipeline appended into stored subtree hashes and a signed checkpoint, inside the
/// import's transaction. Before signing it checks that the stored tree reproduces the last signed checkpoint (a
/// different tree under the same history would be a fork) and moves that record forward by compare-and-swap.
/// </summary>
internal sealed class LogCheckpointWriter(Database database, Lazy<INoteSigner> signer, TimeProvider time, ILogger<LogCheckpointWriter> logger) : ILogCheckpointWriter
{
    // The tree size this process signs on top of without rehashing every leaf (−1: none yet): checked leaf by leaf, or
    // signed by this process, or — for the import verb — the signed head checked by StartWriter.
    private long _verifiedSize = -1;

    public INoteSigner Signer => signer.Value;

    public void WriteCheckpoint(DbConnection connection, DbTransaction transaction, long treeSize)
    {
        var key = signer.Value;
        var head = LogStore.ReadHead(connection, transaction);
        var oldSize = head?.TreeSize ?? 0;
        var leaves = LogStore.LeafCount(connection, transaction);
        if (leaves != treeSize)
        {
            throw new LogIntegrityException($"asked to sign a tree of {treeSize} leaves, but log_leaves holds {leaves}");
        }

        if (treeSize < oldSize)
        {
            throw new LogIntegrityException($"asked to sign a tree of {treeSize} leaves, smaller than the last signed checkpoint ({oldSize} leaves)");
        }

        using var nodes = new StoredNodes(connection, transaction);
        if (head is not null)
        {
            // Every leaf is checked once per process (at start-up, or here on the first signature) unless the process
            // started as a writer (StartWriter: the head alone); after that, the tree this process signed last is known
            // good and only its root is compared.
            if (Interlocked.Read(ref _verifiedSize) != head.TreeSize)
            {
                VerifyAgainstHead(connection, transaction, head, nodes, key);
            }

            CheckHead(head, nodes, key);
            if (treeSize == oldSize)
            {
                // Nothing new to sign: the last checkpoint already covers every leaf.
                return;
            }
        }

        AppendNodes(connection, transaction, nodes, oldSize, treeSize);
        nodes.Flush();
        var root = Merkle.Root(nodes, treeSize);
        var note = SignedNote.Sign(new Checkpoint(key.Name, treeSize, root).Body(), key);

        connection.Execute(transaction, "INSERT INTO log_checkpoints(tree_size, root, note, signed_at) VALUES (@size, @root, @note, @at)",
            ("@size", treeSize), ("@root", root), ("@note", note), ("@at", time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)));

        using var swap = connection.Command(transaction, "", ("@size", treeSize), ("@root", root), ("@note", note));
        if (head is null)
        {
            // The primary key (one = 1) makes a second first checkpoint fail instead of overwriting.
            swap.CommandText = "INSERT INTO log_head(one, tree_size, root, note) VALUES (1, @size, @root, @note)";
        }
        else
        {
            swap.CommandText = "UPDATE log_head SET tree_size = @size, root = @root, note = @note WHERE one = 1 AND tree_size = @oldSize AND root = @oldRoot";
            swap.Add("@oldSize", head.TreeSize);
            swap.Add("@oldRoot", head.Root);
        }

        if (swap.ExecuteNonQuery() != 1)
        {
            throw new LogIntegrityException($"the last signed checkpoint changed while signing {treeSize} leaves (compare-and-swap failed)");
        }

        // Valid once committed; if the import rolls back, the head stays at the old size and the next call checks it all again.
        Interlocked.Exchange(ref _verifiedSize, treeSize);

        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Signed log checkpoint {Origin} {TreeSize} {Root}", key.Name, treeSize, Convert.ToBase64String(root));
        }
    }

    /// <summary>The last signed checkpoint must carry our signature over exactly the root the stored tree gives for its size.</summary>
    private static void CheckHead(LogHead head, INodeSource nodes, INoteSigner key)
    {
        var verifier = NoteVerifier.Parse(key.VerifierKey);
        if (verifier.Open(head.Note) is not { } body || Checkpoint.Parse(body) is not { } signed)
        {
            throw new LogIntegrityException($"the last signed checkpoint (tree size {head.TreeSize}) is not signed by the configured log key {key.VerifierKey}");
        }

        if (signed.Size != head.TreeSize || !signed.Root.AsSpan().SequenceEqual(head.Root) || signed.Origin != key.Name)
        {
            throw new LogIntegrityException($"the last signed checkpoint's note (size {signed.Size}, origin {signed.Origin}) does not match its record (size {head.TreeSize}, origin {key.Name})");
        }

        var root = Merkle.Root(nodes, head.TreeSize);
        if (!root.AsSpan().SequenceEqual(head.Root))
        {
            throw new LogIntegrityException(
                $"fork: the stored tree of {head.TreeSize} leaves has root {Convert.ToBase64String(root)}, but the last signed checkpoint has {Convert.ToBase64String(head.Root)}; refusing to sign");
        }
    }

    /// <summary>Checks each new leaf's hash against its bytes and stores every subtree the new leaves complete.</summary>
    private static void AppendNodes(DbConnection connection, DbTransaction transaction, StoredNodes nodes, long from, long to)
    {
        var expected = from;
        // Read first, then write the nodes: PostgreSQL runs one command at a time per connection.
        foreach (var (index, leafBytes, leafHash) in Leaves(connection, transaction, from, to))
        {
            var hash = leafHash;
            if (index != expected)
            {
                throw new LogIntegrityException($"log_leaves skips from index {expected} to {index}");
            }

            if (!Merkle.LeafHash(leafBytes).AsSpan().SequenceEqual(hash))
            {
                throw new LogIntegrityException($"log_leaves index {index}: leaf_hash is not SHA-256(0x00 ‖ leaf)");
            }

            nodes.Remember(0, index, hash);
            var level = 0;
            for (var i = index; (i & 1) == 1; i >>= 1)
            {
                hash = Merkle.NodeHash(nodes.Node(level, i - 1), hash);
                level++;
                nodes.Write(level, i >> 1, hash);
            }

            expected++;
        }

        if (expected != to)
        {
            throw new LogIntegrityException($"log_leaves ends at index {expected - 1}, before {to - 1}");
        }
    }

    private static List<(long Index, byte[] Leaf, byte[] Hash)> Leaves(DbConnection connection, DbTransaction transaction, long from, long to)
    {
        using var read = connection.Command(transaction, "SELECT idx, leaf, leaf_hash FROM log_leaves WHERE idx >= @from AND idx < @to ORDER BY idx", ("@from", from), ("@to", to));
        using var reader = read.ExecuteReader();
        var leaves = new List<(long, byte[], byte[])>();
        while (reader.Read())
        {
            leaves.Add((reader.GetInt64(0), (byte[])reader[1], (byte[])reader[2]));
        }

        return leaves;
    }

    /// <summary>Start-up: <see cref="VerifyStoredLog"/>, then, for a store that never signed, the checkpoint of the empty tree.</summary>
    public void Start() => Start(everyLeaf: true);

    /// <summary>Start-up with the check of every leaf (<see cref="VerifyStoredLog"/>) or of the head alone.</summary>
    /// <param name="everyLeaf">
    /// False: only <see cref="VerifyHead"/>, for a short-lived reader that publishes the signed tree as stored (export-site):
    /// rehashing every leaf is O(leaves) on every run, and the server checks every leaf when it starts and before it signs.
    /// </param>
    public void Start(bool everyLeaf)
    {
        if (everyLeaf)
        {
            VerifyStoredLog();
        }
        else
        {
            VerifyHead();
        }

        using var connection = database.Connect();
        if (LogStore.ReadHead(connection) is not null)
        {
            return;
        }

        using var transaction = connection.BeginTransaction();
        // Another process may have signed in between: the compare-and-swap (insert of the one head row) then fails,
        // and its checkpoint stands.
        if (LogStore.ReadHead(connection, transaction) is null && LogStore.LeafCount(connection, transaction) == 0)
        {
            WriteCheckpoint(connection, transaction, 0);
            transaction.Commit();
        }
    }

    /// <summary>
    /// The start-up check: every stored leaf hashes to its leaf_hash, the leaves rebuilt from scratch give the root of
    /// the last signed checkpoint, the stored subtree hashes agree, and that checkpoint carries our signature. Throws
    /// (so the server does not start) on any difference. Leaves appended after the checkpoint are not signed yet and
    /// are ignored here (an import that failed after appending them has rolled them back).
    /// </summary>
    public void VerifyStoredLog()
    {
        using var connection = database.Connect();
        var head = LogStore.ReadHead(connection);
        if (head is null)
        {
            var count = LogStore.LeafCount(connection);
            if (count > 0)
            {
                throw new LogIntegrityException($"log_leaves holds {count} leaves but no checkpoint was ever signed");
            }

            return;
        }

        using var nodes = new StoredNodes(connection, null);
        VerifyAgainstHead(connection, null, head, nodes, signer.Value);
    }

    /// <summary>
    /// Start of a short-lived writer (the import verb): <see cref="VerifyHead"/>, and the checked head is then signed on
    /// top of without rehashing every earlier leaf first. What is signed next stays the signed history: the new root is
    /// computed from the stored subtree hashes that were just checked against the signed root, and every appended leaf is
    /// checked against its bytes (<see cref="AppendNodes"/>). An earlier leaf whose bytes were edited is not looked at
    /// here — its entry no longer proves against any checkpoint, and the server's start and <c>verify --store</c> find it —
    /// because rehashing every leaf in every import process is O(all leaves) a run: about a minute at a national year's
    /// 15 million leaves, hours over a year of daily imports.
    /// </summary>
    public void StartWriter()
    {
        VerifyHead();
        using var connection = database.Connect();
        if (LogStore.ReadHead(connection) is { } head)
        {
            // If another process signs in between, the head's size differs and the first signature checks every leaf.
            Interlocked.Exchange(ref _verifiedSize, head.TreeSize);
        }
    }

    /// <summary>
    /// The head's check alone: the last signed checkpoint carries our signature and the stored subtree hashes give its
    /// root (the tree the log's tiles publish); the leaves are not rehashed. Throws on any difference, like
    /// <see cref="VerifyStoredLog"/>.
    /// </summary>
    public void VerifyHead()
    {
        using var connection = database.Connect();
        if (LogStore.ReadHead(connection) is not { } head)
        {
            var count = LogStore.LeafCount(connection);
            if (count > 0)
            {
                throw new LogIntegrityException($"log_leaves holds {count} leaves but no checkpoint was ever signed");
            }

            return;
        }

        using var nodes = new StoredNodes(connection, null);
        CheckHead(head, nodes, signer.Value);
    }

    /// <summary>The full check of <see cref="VerifyStoredLog"/> over one connection and transaction.</summary>
    private void VerifyAgainstHead(DbConnection connection, DbTransaction? transaction, LogHead head, INodeSource nodes, INoteSigner key)
    {
        Interlocked.Exchange(ref _verifiedSize, -1);
        var rebuilt = new CompactRange();
        using (var read = connection.Command(transaction, "SELECT idx, leaf, leaf_hash FROM log_leaves WHERE idx < @size ORDER BY idx", ("@size", head.TreeSize)))
        {
            using var reader = read.ExecuteReader();
            while (reader.Read())
            {
                var index = reader.GetInt64(0);
                if (index != rebuilt.Size)
                {
                    throw new LogIntegrityException($"log_leaves skips from index {rebuilt.Size} to {index}");
                }

                var hash = Merkle.LeafHash((byte[])reader[1]);
                if (!hash.AsSpan().SequenceEqual((byte[])reader[2]))
                {
                    throw new LogIntegrityException($"log_leaves index {index}: the leaf bytes no longer hash to the logged leaf_hash");
                }

                rebuilt.Append(hash);
            }
        }

        if (rebuilt.Size != head.TreeSize)
        {
            throw new LogIntegrityException($"the last signed checkpoint covers {head.TreeSize} leaves but log_leaves holds only {rebuilt.Size}");
        }

        if (!rebuilt.Root().AsSpan().SequenceEqual(head.Root))
        {
            throw new LogIntegrityException(
                $"fork: the stored leaves give root {Convert.ToBase64String(rebuilt.Root())} for {head.TreeSize} leaves, but the last signed checkpoint has {Convert.ToBase64String(head.Root)}");
        }

        CheckHead(head, nodes, key);
        Interlocked.Exchange(ref _verifiedSize, head.TreeSize);
    }
}

/// <summary>The right edge of a tree (one hash per set bit of its size): appends in O(log n) memory, gives the root.</summary>
internal sealed class CompactRange
{
    private readonly List<byte[]> _stack = [];

    public long Size { get; private set; }

    public void Append(byte[] leafHash)
    {
        var hash = leafHash;
        for (var s = Size; (s & 1) == 1; s >>= 1)
        {
            hash = Merkle.NodeHash(_stack[^1], hash);
            _stack.RemoveAt(_stack.Count - 1);
        }

        _stack.Add(hash);
        Size++;
    }

    public byte[] Root()
    {
        if (_stack.Count == 0)
        {
            return Merkle.EmptyRoot;
        }

        var hash = _stack[^1];
        for (var i = _stack.Count - 2; i >= 0; i--)
        {
            hash = Merkle.NodeHash(_stack[i], hash);
        }

        return hash;
    }
}
