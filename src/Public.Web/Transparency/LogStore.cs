using System.Data;
using System.Data.Common;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Data;

namespace Public.Web.Transparency;

/// <summary>
/// The log's tables and the SQL that reads them. <c>log_leaves</c> and <c>log_records</c> are the seam
/// (<see cref="ILogCheckpointWriter"/>); <c>log_nodes</c>, <c>log_checkpoints</c> and <c>log_head</c> belong to the log.
/// </summary>
internal sealed class LogStore(Database database)
{
    public const string SchemaSql = """
        CREATE TABLE IF NOT EXISTS log_leaves (
            idx           INTEGER PRIMARY KEY CHECK (idx >= 0),
            leaf          BLOB NOT NULL,
            leaf_hash     BLOB NOT NULL CHECK (length(leaf_hash) = 32),
            kind          TEXT NOT NULL CHECK (kind IN ('record', 'tombstone', 'batch')),
            dataset       TEXT,
            record_id     TEXT,
            version       INTEGER,
            record_sha256 TEXT,
            batch_id      INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS log_leaves_record ON log_leaves(dataset, record_id, version);
        CREATE TRIGGER IF NOT EXISTS log_leaves_no_update BEFORE UPDATE ON log_leaves BEGIN SELECT RAISE(ABORT, 'log_leaves is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS log_leaves_no_delete BEFORE DELETE ON log_leaves BEGIN SELECT RAISE(ABORT, 'log_leaves is append-only'); END;
        -- Leaves get the next index and no other: a gap or a reuse would be a different tree.
        CREATE TRIGGER IF NOT EXISTS log_leaves_no_gap BEFORE INSERT ON log_leaves
            WHEN NEW.idx <> (SELECT COALESCE(MAX(idx) + 1, 0) FROM log_leaves) BEGIN SELECT RAISE(ABORT, 'log_leaves: idx must be the next index'); END;

        CREATE TABLE IF NOT EXISTS log_records (
            dataset   TEXT NOT NULL,
            record_id TEXT NOT NULL,
            version   INTEGER NOT NULL,
            bytes     BLOB NOT NULL,
            sha256    TEXT NOT NULL,
            PRIMARY KEY (dataset, record_id, version)
        );
        CREATE TRIGGER IF NOT EXISTS log_records_no_update BEFORE UPDATE ON log_records BEGIN SELECT RAISE(ABORT, 'log_records is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS log_records_no_delete BEFORE DELETE ON log_records BEGIN SELECT RAISE(ABORT, 'log_records is append-only'); END;

        -- Complete subtree hashes above the leaves (level >= 1): node (level, idx) covers leaves
        -- [idx*2^level, (idx+1)*2^level). Written once when the last leaf of the subtree arrives, so appending a batch
        -- costs one hash per new node, and tiles and proofs are read, not recomputed.
        CREATE TABLE IF NOT EXISTS log_nodes (
            level INTEGER NOT NULL CHECK (level >= 1),
            idx   INTEGER NOT NULL CHECK (idx >= 0),
            hash  BLOB NOT NULL CHECK (length(hash) = 32),
            PRIMARY KEY (level, idx)
        ) WITHOUT ROWID;
        CREATE TRIGGER IF NOT EXISTS log_nodes_no_update BEFORE UPDATE ON log_nodes BEGIN SELECT RAISE(ABORT, 'log_nodes is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS log_nodes_no_delete BEFORE DELETE ON log_nodes BEGIN SELECT RAISE(ABORT, 'log_nodes is append-only'); END;

        -- Every signed checkpoint (C2SP signed note, exact text), one per tree size.
        CREATE TABLE IF NOT EXISTS log_checkpoints (
            tree_size INTEGER PRIMARY KEY CHECK (tree_size >= 0),
            root      BLOB NOT NULL CHECK (length(root) = 32),
            note      TEXT NOT NULL,
            signed_at TEXT NOT NULL
        );
        CREATE TRIGGER IF NOT EXISTS log_checkpoints_no_update BEFORE UPDATE ON log_checkpoints BEGIN SELECT RAISE(ABORT, 'log_checkpoints is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS log_checkpoints_no_delete BEFORE DELETE ON log_checkpoints BEGIN SELECT RAISE(ABORT, 'log_checkpoints is append-only'); END;

        -- The last signed checkpoint: one row, moved only forward by compare-and-swap (UPDATE ... WHERE tree_size = old
        -- AND root = old), never deleted. Before signing, the stored leaves must reproduce it.
        CREATE TABLE IF NOT EXISTS log_head (
            one       INTEGER PRIMARY KEY CHECK (one = 1),
            tree_size INTEGER NOT NULL,
            root      BLOB NOT NULL CHECK (length(root) = 32),
            note      TEXT NOT NULL
        );
        CREATE TRIGGER IF NOT EXISTS log_head_forward BEFORE UPDATE ON log_head
            WHEN NEW.tree_size <= OLD.tree_size OR NEW.one <> OLD.one BEGIN SELECT RAISE(ABORT, 'log_head only moves forward'); END;
        CREATE TRIGGER IF NOT EXISTS log_head_no_delete BEFORE DELETE ON log_head BEGIN SELECT RAISE(ABORT, 'log_head is never deleted'); END;

        -- Witnesses' cosignatures (C2SP tlog-cosignature), each verified against the witness's key and the checkpoint
        -- body before it is stored; kept for ever. `line` is the exact note signature line the witness returned.
        CREATE TABLE IF NOT EXISTS log_cosignatures (
            witness     TEXT NOT NULL,
            key_id      TEXT NOT NULL,
            tree_size   INTEGER NOT NULL CHECK (tree_size >= 1),
            root        BLOB NOT NULL CHECK (length(root) = 32),
            timestamp   INTEGER NOT NULL CHECK (timestamp >= 0),
            line        TEXT NOT NULL,
            received_at TEXT NOT NULL,
            PRIMARY KEY (witness, key_id, tree_size, timestamp)
        );
        CREATE TRIGGER IF NOT EXISTS log_cosignatures_no_update BEFORE UPDATE ON log_cosignatures BEGIN SELECT RAISE(ABORT, 'log_cosignatures is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS log_cosignatures_no_delete BEFORE DELETE ON log_cosignatures BEGIN SELECT RAISE(ABORT, 'log_cosignatures is append-only'); END;
        """;

    public Database Database => database;

    /// <summary>The last signed checkpoint, or null before the first one.</summary>
    public static LogHead? ReadHead(DbConnection connection, DbTransaction? transaction = null)
    {
        using var command = connection.Command(transaction, "SELECT tree_size, root, note FROM log_head WHERE one = 1");
        using var reader = command.ExecuteReader();
        return reader.Read() ? new LogHead(reader.GetInt64(0), (byte[])reader[1], reader.GetString(2)) : null;
    }

    public LogHead? ReadHead()
    {
        using var connection = database.Connect();
        return ReadHead(connection);
    }

    public static long LeafCount(DbConnection connection, DbTransaction? transaction = null) =>
        connection.Long(transaction, "SELECT COALESCE(MAX(idx) + 1, 0) FROM log_leaves");

    /// <summary>The exact published bytes of a logged record version (what <c>/log/records/…</c> serves), or null when the log has none.</summary>
    public byte[]? RecordBytes(string dataset, string id, long version)
    {
        using var connection = database.Connect();
        using var command = connection.Command(null, "SELECT bytes FROM log_records WHERE dataset = @d AND record_id = @r AND version = @v",
            ("@d", dataset), ("@r", id), ("@v", version));
        return command.ExecuteScalar() as byte[];
    }

    /// <summary>The stored note of the checkpoint of exactly this size, or null.</summary>
    public string? CheckpointNote(long treeSize)
    {
        using var connection = database.Connect();
        using var command = connection.Command(null, "SELECT note FROM log_checkpoints WHERE tree_size = @size", ("@size", treeSize));
        return command.ExecuteScalar() as string;
    }

    /// <summary>When the checkpoint of this size was signed, as "yyyy-MM-dd HH:mm:ss UTC"; null if none was.</summary>
    public string? SignedAt(long treeSize)
    {
        using var connection = database.Connect();
        using var command = connection.Command(null, "SELECT signed_at FROM log_checkpoints WHERE tree_size = @size", ("@size", treeSize));
        return command.ExecuteScalar() is string at
            ? DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture)
            : null;
    }

    public IReadOnlyList<long> CheckpointSizes()
    {
        using var connection = database.Connect();
        using var command = connection.Command(null, "SELECT tree_size FROM log_checkpoints ORDER BY tree_size");
        using var reader = command.ExecuteReader();
        var sizes = new List<long>();
        while (reader.Read())
        {
            sizes.Add(reader.GetInt64(0));
        }

        return sizes;
    }
}

/// <summary>The last signed checkpoint: its tree size, root hash and exact note text.</summary>
internal sealed record LogHead(long TreeSize, byte[] Root, string Note);

/// <summary>
/// Subtree hashes read from the store (level 0 from <c>log_leaves.leaf_hash</c>, above from <c>log_nodes</c>), with the
/// nodes written during the current call kept in memory. One instance per connection and transaction.
/// </summary>
internal sealed class StoredNodes(DbConnection connection, DbTransaction? transaction) : INodeSource, IDisposable
{
    private readonly Dictionary<(int, long), byte[]> _fresh = [];
    private DbCommand? _leaf;
    private DbCommand? _node;
    private RowAppender? _insert;

    public byte[] Node(int level, long index)
    {
        if (_fresh.TryGetValue((level, index), out var hash))
        {
            return hash;
        }

        var command = level == 0 ? _leaf ??= Prepare("SELECT leaf_hash FROM log_leaves WHERE idx = @idx") : _node ??= Prepare("SELECT hash FROM log_nodes WHERE level = @level AND idx = @idx");
        command.Parameters["@idx"].Value = index;
        if (level > 0)
        {
            command.Parameters["@level"].Value = (long)level;
        }

        return command.ExecuteScalar() as byte[] ?? throw new LogIntegrityException(
            level == 0 ? $"log_leaves has no leaf {index}" : $"log_nodes has no hash for level {level}, index {index}: the node table is behind the leaves");
    }

    /// <summary>
    /// Stores a complete subtree hash (and remembers it for this call, so <see cref="Node"/> answers it before it is
    /// written): appended in blocks (<see cref="RowAppender"/>), written at the latest by <see cref="Flush"/>.
    /// </summary>
    public void Write(int level, long index, byte[] hash)
    {
        _insert ??= new RowAppender(connection, transaction, "log_nodes", ("level", DbType.Int64), ("idx", DbType.Int64), ("hash", DbType.Binary));
        _insert.Add((long)level, index, hash);
        _fresh[(level, index)] = hash;
    }

    /// <summary>Writes the subtree hashes kept so far.</summary>
    public void Flush() => _insert?.Flush();

    public void Remember(int level, long index, byte[] hash) => _fresh[(level, index)] = hash;

    private DbCommand Prepare(string sql)
    {
        var command = connection.Command(transaction, sql);
        command.Add("@idx", type: DbType.Int64);
        if (sql.Contains("@level", StringComparison.Ordinal))
        {
            command.Add("@level", type: DbType.Int64);
        }

        command.Prepare();
        return command;
    }

    public void Dispose()
    {
        _leaf?.Dispose();
        _node?.Dispose();
        _insert?.Dispose();
    }
}

/// <summary>The stored log does not reproduce what was signed, or is not a well-formed log: never sign over it.</summary>
internal sealed class LogIntegrityException(string message) : Exception(message);
