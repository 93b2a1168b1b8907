using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Npgsql;
using Public.Web.Transparency;

namespace Public.Web.Infrastructure.Postgres;

/// <summary>One difference between the stores, or one broken hash: the table, the row (by its key) and what is wrong.</summary>
internal sealed record StoreFinding(string Table, string Row, string What)
{
    public override string ToString() => $"{Table} {Row}: {What}";
}

/// <summary>A table's rows in each store and how many of them differ.</summary>
internal sealed record TableCheck(string Table, long SqliteRows, long PostgresRows, long Differences);

/// <summary>The log's root at a tree size: as the SQLite store signed it, and as recomputed from the PostgreSQL leaves.</summary>
internal sealed record RootCheck(string Where, long TreeSize, byte[] Signed, byte[]? Recomputed)
{
    public bool Equal => Recomputed is not null && Recomputed.AsSpan().SequenceEqual(Signed);
}

internal sealed record VerificationReport(
    IReadOnlyList<TableCheck> Tables, IReadOnlyList<StoreFinding> Findings, long FindingCount, long Leaves, long RecordHashes, IReadOnlyList<RootCheck> Roots)
{
    public bool Verified => FindingCount == 0 && Roots.All(r => r.Equal);
}

/// <summary>
/// Checks a PostgreSQL copy against its SQLite store, reading both in one snapshot each:
/// <list type="number">
/// <item>every table row by row, in key order (missing, extra and changed rows, by table, key and column);</item>
/// <item>the log from the PostgreSQL rows alone: each leaf's hash recomputed from its bytes, its envelope read against
/// its columns, each record's SHA-256 recomputed from its copied bytes and matched with its leaf;</item>
/// <item>the log's root recomputed from those leaf hashes at every size SQLite signed (each checkpoint and the head)
/// and compared with SQLite's signed root.</item>
/// </list>
/// </summary>
internal static class StoreVerification
{
    /// <summary>Counts every finding and keeps the first <see cref="ShownPerTable"/> of each table for the report.</summary>
    private sealed class Findings
    {
        private readonly Dictionary<string, long> _perTable = [];

        public List<StoreFinding> Shown { get; } = [];

        public long Count { get; private set; }

        public long Of(string table) => _perTable.GetValueOrDefault(table);

        public void Add(string table, string row, string what)
        {
            Count++;
            var n = _perTable[table] = _perTable.GetValueOrDefault(table) + 1;
            if (n <= ShownPerTable)
            {
                Shown.Add(new StoreFinding(table, row, what));
            }
        }
    }

    /// <summary>Findings kept for the report per table (all are counted).</summary>
    public const int ShownPerTable = 20;

    public static VerificationReport Run(string sqlitePath, NpgsqlDataSource target, CancellationToken cancellationToken = default)
    {
        using var sqlite = StoreTables.OpenSqlite(sqlitePath);
        using var read = sqlite.BeginTransaction(deferred: true);
        using var postgres = target.OpenConnection();
        using var snapshot = postgres.BeginTransaction(System.Data.IsolationLevel.RepeatableRead);
        var tables = StoreTables.Match(sqlite, read, postgres, snapshot);
        var findings = new Findings();
        var checks = new List<TableCheck>();
        foreach (var table in tables)
        {
            cancellationToken.ThrowIfCancellationRequested();
            checks.Add(CompareTable(sqlite, read, postgres, snapshot, table, findings));
        }

        // A PostgreSQL table the SQLite store does not have (a feature never used there) must be empty.
        foreach (var extra in StoreTables.ReadPostgresTables(postgres, snapshot).Where(t => tables.All(s => s.Name != t)))
        {
            using var count = new NpgsqlCommand($"SELECT count(*) FROM {StoreTable.Quote(extra)}", postgres, snapshot);
            var rows = (long)count.ExecuteScalar()!;
            checks.Add(new TableCheck(extra, 0, rows, rows));
            if (rows > 0)
            {
                findings.Add(extra, "", string.Create(CultureInfo.InvariantCulture, $"SQLite 存储没有此表，PostgreSQL 却有 {rows} 行 / the SQLite store has no such table, PostgreSQL has {rows} rows"));
            }
        }

        long leaves = 0, recordHashes = 0;
        var roots = new List<RootCheck>();
        if (tables.Any(t => t.Name == "log_leaves"))
        {
            var signed = SignedRoots(sqlite, read, tables.Any(t => t.Name == "log_head"));
            (leaves, var recomputed) = CheckLeaves(postgres, snapshot, signed.Select(s => s.TreeSize).ToHashSet(), findings);
            recordHashes = CheckRecords(postgres, snapshot, findings);
            roots.AddRange(signed.Select(s => s with { Recomputed = recomputed.GetValueOrDefault(s.TreeSize) }));
        }

        return new VerificationReport(checks, findings.Shown, findings.Count, leaves, recordHashes, roots);
    }

    private static TableCheck CompareTable(SqliteConnection sqlite, SqliteTransaction read, NpgsqlConnection postgres, NpgsqlTransaction snapshot, StoreTable table, Findings findings)
    {
        using var s = sqlite.CreateCommand();
        s.Transaction = read;
        s.CommandText = table.SqliteSelect;
        using var sr = s.ExecuteReader();
        using var p = new NpgsqlCommand(table.PostgresSelect, postgres, snapshot);
        using var pr = p.ExecuteReader();
        var n = table.Columns.Count;
        var key = table.Key.Select(k => table.Columns.ToList().FindIndex(c => c.Name == k)).ToArray();
        var sv = new object?[n];
        var pv = new object?[n];
        bool Next(System.Data.Common.DbDataReader reader, object?[] values)
        {
            if (!reader.Read())
            {
                return false;
            }

            for (var i = 0; i < n; i++)
            {
                values[i] = StoreValues.Normalize(reader.GetValue(i), table.Columns[i].PgType);
            }

            return true;
        }

        long sqliteRows = 0, postgresRows = 0;
        void Add(string row, string what) => findings.Add(table.Name, row, what);

        var hasS = Next(sr, sv);
        var hasP = Next(pr, pv);
        while (hasS || hasP)
        {
            var order = !hasS ? 1 : !hasP ? -1 : CompareKeys(sv, pv, key);
            if (order < 0)
            {
                Add(StoreCopy.RowName(table, sv), "PostgreSQL 中缺少此行 / missing in PostgreSQL");
                sqliteRows++;
                hasS = Next(sr, sv);
            }
            else if (order > 0)
            {
                Add(StoreCopy.RowName(table, pv), "PostgreSQL 多出此行（SQLite 中没有） / in PostgreSQL but not in SQLite");
                postgresRows++;
                hasP = Next(pr, pv);
            }
            else
            {
                for (var i = 0; i < n; i++)
                {
                    if (!StoreValues.Same(sv[i], pv[i]))
                    {
                        Add(StoreCopy.RowName(table, sv), $"列 {table.Columns[i].Name} 不同 / column {table.Columns[i].Name} differs: SQLite {StoreValues.Show(sv[i])}, PostgreSQL {StoreValues.Show(pv[i])}");
                        break;
                    }
                }

                sqliteRows++;
                postgresRows++;
                hasS = Next(sr, sv);
                hasP = Next(pr, pv);
            }
        }

        return new TableCheck(table.Name, sqliteRows, postgresRows, findings.Of(table.Name));
    }

    private static int CompareKeys(object?[] a, object?[] b, int[] key)
    {
        foreach (var i in key)
        {
            var c = StoreValues.Compare(a[i], b[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }

    /// <summary>Every root SQLite signed: each checkpoint's and the head's.</summary>
    private static List<RootCheck> SignedRoots(SqliteConnection sqlite, SqliteTransaction read, bool hasHead)
    {
        var roots = new List<RootCheck>();
        using var command = sqlite.CreateCommand();
        command.Transaction = read;
        command.CommandText = "SELECT 'log_checkpoints', tree_size, root FROM log_checkpoints" + (hasHead ? " UNION ALL SELECT 'log_head', tree_size, root FROM log_head" : "") + " ORDER BY 2, 1";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            roots.Add(new RootCheck(reader.GetString(0), reader.GetInt64(1), (byte[])reader[2], null));
        }

        return roots;
    }

    /// <summary>
    /// Reads the leaves in index order, recomputes each leaf hash (RFC 6962: SHA-256 of 0x00 ‖ leaf) and checks the
    /// envelope against the row's columns; returns the leaf count and the root recomputed at each wanted size
    /// (a compact range: one hash per level is kept, not the tree).
    /// </summary>
    private static (long Leaves, Dictionary<long, byte[]> Roots) CheckLeaves(NpgsqlConnection postgres, NpgsqlTransaction snapshot, HashSet<long> sizes, Findings findings)
    {
        var roots = new Dictionary<long, byte[]>();
        var range = new List<(int Height, byte[] Hash)>();
        if (sizes.Contains(0))
        {
            roots[0] = Merkle.EmptyRoot;
        }

        using var command = new NpgsqlCommand("SELECT idx, leaf, leaf_hash, kind, dataset, record_id, version, record_sha256, batch_id FROM log_leaves ORDER BY idx", postgres, snapshot);
        using var reader = command.ExecuteReader();
        var count = 0L;
        void Add(long idx, string what) => findings.Add("log_leaves", string.Create(CultureInfo.InvariantCulture, $"(idx={idx})"), what);

        while (reader.Read())
        {
            var idx = reader.GetInt64(0);
            var leaf = (byte[])reader[1];
            if (idx != count)
            {
                Add(idx, string.Create(CultureInfo.InvariantCulture, $"序号应为 {count} / the index should be {count}"));
            }

            var hash = Merkle.LeafHash(leaf);
            if (!hash.AsSpan().SequenceEqual((byte[])reader[2]))
            {
                Add(idx, $"leaf_hash 与由 leaf 字节重算的不同 / leaf_hash is not the hash recomputed from the leaf bytes ({Convert.ToHexStringLower(hash)})");
            }

            try
            {
                var envelope = LogEnvelope.Parse(leaf);
                var columns = (Kind: reader.GetString(3), Dataset: reader[4] as string, Id: reader[5] as string, Version: reader[6] as long?, Sha: reader[7] as string, Batch: reader.GetInt64(8));
                if (envelope.Kind != columns.Kind || envelope.Dataset != columns.Dataset || envelope.Id != columns.Id
                    || envelope.Version != columns.Version || envelope.Sha256 != columns.Sha || envelope.Batch != columns.Batch)
                {
                    Add(idx, "leaf 字节所述与本行各列不符 / the leaf's envelope disagrees with the row's columns (kind, dataset, record_id, version, record_sha256, batch_id)");
                }
            }
            catch (FormatException e)
            {
                Add(idx, "leaf 字节不是有效的日志信封 / the leaf is not a valid envelope: " + e.Message);
            }

            // Append to the compact range: merge equal heights, as the tree's complete subtrees form.
            range.Add((0, hash));
            while (range.Count >= 2 && range[^1].Height == range[^2].Height)
            {
                var merged = (range[^2].Height + 1, Merkle.NodeHash(range[^2].Hash, range[^1].Hash));
                range.RemoveRange(range.Count - 2, 2);
                range.Add(merged);
            }

            count++;
            if (sizes.Contains(count))
            {
                var root = range[^1].Hash;
                for (var i = range.Count - 2; i >= 0; i--)
                {
                    root = Merkle.NodeHash(range[i].Hash, root);
                }

                roots[count] = root;
            }
        }

        return (count, roots);
    }

    /// <summary>Each record's SHA-256 recomputed from its copied bytes, and each record leaf matched with its record.</summary>
    private static long CheckRecords(NpgsqlConnection postgres, NpgsqlTransaction snapshot, Findings findings)
    {
        var count = 0L;
        using (var command = new NpgsqlCommand("SELECT dataset, record_id, version, bytes, sha256 FROM log_records ORDER BY dataset, record_id, version", postgres, snapshot))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                count++;
                var sha = Convert.ToHexStringLower(SHA256.HashData((byte[])reader[3]));
                if (sha != reader.GetString(4))
                {
                    findings.Add("log_records", string.Create(CultureInfo.InvariantCulture, $"(dataset='{reader.GetString(0)}', record_id='{reader.GetString(1)}', version={reader.GetInt64(2)})"),
                        $"由复制的字节重算的 SHA-256 为 {sha}，而记录的是 {reader.GetString(4)} / the SHA-256 recomputed from the copied bytes is {sha}, the row says {reader.GetString(4)}");
                }
            }
        }

        using (var command = new NpgsqlCommand("""
            SELECT l.idx, l.record_sha256, r.sha256 FROM log_leaves l
            LEFT JOIN log_records r ON r.dataset = l.dataset AND r.record_id = l.record_id AND r.version = l.version
            WHERE l.kind = 'record' AND r.sha256 IS DISTINCT FROM l.record_sha256 ORDER BY l.idx
            """, postgres, snapshot))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                {
                    findings.Add("log_leaves", string.Create(CultureInfo.InvariantCulture, $"(idx={reader.GetInt64(0)})"),
                        reader.IsDBNull(2) ? "log_records 中没有此记录版本 / log_records has no bytes for this record version"
                            : $"记录的 sha256 {reader.GetString(2)} 与叶中的 {reader.GetString(1)} 不同 / the record's sha256 {reader.GetString(2)} is not the leaf's {reader.GetString(1)}");
                }
            }
        }

        return count;
    }
}
