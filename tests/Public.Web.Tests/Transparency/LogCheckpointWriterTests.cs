using System.Numerics;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Public.Web.Infrastructure;
using Public.Web.Transparency;

namespace Public.Web.Tests.Transparency;

/// <summary>The checkpoint writer over a real SQLite file, fed through the seam's tables as the publication pipeline does.</summary>
public sealed class LogCheckpointWriterTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tlog-writer-").FullName;
    private readonly Database _database;
    private readonly Ed25519NoteSigner _key = Ed25519NoteSigner.Generate("test.example/log");

    public LogCheckpointWriterTests()
    {
        _database = new Database(Path.Combine(_folder, "log.db"));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private LogCheckpointWriter Writer(INoteSigner? key = null) =>
        new(_database, new Lazy<INoteSigner>(key ?? _key), TimeProvider.System, NullLogger<LogCheckpointWriter>.Instance);

    /// <summary>One "import": leaves appended and the checkpoint written in one transaction.</summary>
    private void Publish(LogCheckpointWriter writer, IEnumerable<byte[]> leaves)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        SeamLeaves.AppendRaw(connection, transaction, leaves);
        writer.WriteCheckpoint(connection, transaction, SeamLeaves.Count(connection, transaction));
        transaction.Commit();
    }

    private LogHead Head() => new LogStore(_database).ReadHead()!;

    private void Sql(string sql)
    {
        using var connection = _database.Open();
        Database.Execute(connection, sql);
    }

    [Fact]
    public void EachBatchOfTheEightVectorLeavesIsSignedWithTheVectorRoot()
    {
        string[] leaves = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"];
        string[] roots =
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4", "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c", "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
        ];
        var writer = Writer();
        writer.Start();
        Assert.Equal(0, Head().TreeSize);
        var verifier = NoteVerifier.Parse(_key.VerifierKey);
        for (var i = 0; i < 8; i++)
        {
            Publish(writer, [Convert.FromHexString(leaves[i])]);
            var head = Head();
            Assert.Equal(i + 1, head.TreeSize);
            Assert.Equal(roots[i], Convert.ToHexStringLower(head.Root));
            var body = verifier.Open(head.Note);
            Assert.Equal($"test.example/log\n{i + 1}\n{Convert.ToBase64String(Convert.FromHexString(roots[i]))}\n", body);
            Assert.Equal(head.Note, new LogStore(_database).CheckpointNote(i + 1));
        }

        writer.Start();
    }

    [Fact]
    public void TwentyThousandLeavesInFortyBatchesStoreEachSubtreeHashOnceAndGiveTheIndependentRoot()
    {
        var writer = Writer();
        var independent = new List<byte[]>();
        for (var batch = 0; batch < 40; batch++)
        {
            var leaves = Enumerable.Range(batch * 500, 500).Select(i => BitConverter.GetBytes(i)).ToList();
            independent.AddRange(leaves.Select(l => SHA256.HashData([0, .. l])));
            Publish(writer, leaves);
        }

        // An independent root: RFC 6962's recursive definition over the leaf hashes.
        static byte[] Mth(List<byte[]> d, int start, int n)
        {
            if (n == 1)
            {
                return d[start];
            }

            var k = 1;
            while (k * 2 < n)
            {
                k *= 2;
            }

            return SHA256.HashData([1, .. Mth(d, start, k), .. Mth(d, start + k, n - k)]);
        }

        Assert.Equal(Convert.ToHexStringLower(Mth(independent, 0, 20_000)), Convert.ToHexStringLower(Head().Root));
        using var connection = _database.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM log_nodes";
        // A tree of n leaves has n − popcount(n) complete subtrees above the leaves: each stored once, none recomputed.
        Assert.Equal(20_000 - BitOperations.PopCount(20_000u), (long)count.ExecuteScalar()!);
        writer.Start();
    }

    [Fact]
    public void AnImportThatRollsBackLeavesNoLeafNoNodeAndNoCheckpoint()
    {
        var writer = Writer();
        Publish(writer, [[1], [2], [3]]);
        using (var connection = _database.Open())
        using (var transaction = connection.BeginTransaction())
        {
            SeamLeaves.AppendRaw(connection, transaction, [[4], [5]]);
            writer.WriteCheckpoint(connection, transaction, 5);
            transaction.Rollback();
        }

        Assert.Equal(3, Head().TreeSize);
        Assert.Equal([3], new LogStore(_database).CheckpointSizes());
        writer.Start();
        Publish(writer, [[4]]);
        Assert.Equal(4, Head().TreeSize);
    }

    [Fact]
    public void ATreeSizeThatIsNotTheLeafCountIsRefused()
    {
        var writer = Writer();
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        SeamLeaves.AppendRaw(connection, transaction, [[1], [2]]);
        var e = Assert.Throws<LogIntegrityException>(() => writer.WriteCheckpoint(connection, transaction, 3));
        Assert.Contains("log_leaves holds 2", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UPDATE log_leaves SET batch_id = 9 WHERE idx = 0")]
    [InlineData("DELETE FROM log_leaves WHERE idx = 1")]
    [InlineData("UPDATE log_nodes SET hash = zeroblob(32)")]
    [InlineData("DELETE FROM log_nodes")]
    [InlineData("DELETE FROM log_checkpoints")]
    [InlineData("UPDATE log_checkpoints SET note = 'x'")]
    [InlineData("DELETE FROM log_head")]
    [InlineData("UPDATE log_head SET tree_size = 1")]
    [InlineData("INSERT INTO log_leaves(idx, leaf, leaf_hash, kind, batch_id) VALUES (5, x'00', zeroblob(32), 'batch', 1)")]
    public void TheLogTablesRefuseEveryChangeButAnAppend(string sql)
    {
        Publish(Writer(), [[1], [2]]);
        var e = Assert.Throws<SqliteException>(() => Sql(sql));
        Assert.Contains("log_", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEditedLeafIsAForkTheServerRefusesToStartOnAndTheWriterRefusesToSignOver()
    {
        var writer = Writer();
        Publish(writer, [[1], [2], [3], [4], [5]]);
        // Someone with the file drops the trigger and rewrites a leaf with a matching leaf hash.
        Sql("DROP TRIGGER log_leaves_no_update; UPDATE log_leaves SET leaf = x'09', leaf_hash = " + SqlHash([9]) + " WHERE idx = 2;");
        var start = Assert.Throws<LogIntegrityException>(writer.Start);
        Assert.Contains("fork", start.Message, StringComparison.Ordinal);
        Assert.Throws<LogIntegrityException>(() => Publish(writer, [[6]]));
    }

    [Fact]
    public void SwappedLeavesAreAForkAndATruncatedLogIsRefused()
    {
        var writer = Writer();
        Publish(writer, [[1], [2], [3], [4]]);
        Sql($"DROP TRIGGER log_leaves_no_update; UPDATE log_leaves SET leaf = CASE idx WHEN 0 THEN x'02' ELSE x'01' END, leaf_hash = CASE idx WHEN 0 THEN {SqlHash([2])} ELSE {SqlHash([1])} END WHERE idx IN (0, 1);");
        Assert.Contains("fork", Assert.Throws<LogIntegrityException>(writer.Start).Message, StringComparison.Ordinal);

        Sql("DROP TRIGGER log_leaves_no_delete; DELETE FROM log_leaves WHERE idx = 3;");
        Assert.Contains("holds only 3", Assert.Throws<LogIntegrityException>(writer.Start).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ALeafWhoseBytesNoLongerHashToItsLeafHashIsRefusedAtStart()
    {
        var writer = Writer();
        Publish(writer, [[1], [2]]);
        Sql("DROP TRIGGER log_leaves_no_update; UPDATE log_leaves SET leaf = x'07' WHERE idx = 1;");
        Assert.Contains("index 1", Assert.Throws<LogIntegrityException>(writer.Start).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnotherKeyThanTheOneThatSignedTheLastCheckpointRefusesToSign()
    {
        Publish(Writer(), [[1]]);
        var other = Writer(Ed25519NoteSigner.Generate("test.example/log"));
        Assert.Contains("not signed by the configured log key", Assert.Throws<LogIntegrityException>(other.Start).Message, StringComparison.Ordinal);
        Assert.Throws<LogIntegrityException>(() => Publish(other, [[2]]));
    }

    [Fact]
    public void TheExportsHeadCheckRefusesAStoredTreeOrKeyThatIsNotTheSignedOnesAndLeavesTheLeavesToTheServersCheck()
    {
        var writer = Writer();
        Publish(writer, [[1], [2], [3], [4], [5]]);
        writer.Start(everyLeaf: false);

        // Another key than the one that signed the head: refused like at the server's start.
        var other = Writer(Ed25519NoteSigner.Generate("test.example/log"));
        Assert.Contains("not signed by the configured log key", Assert.Throws<LogIntegrityException>(() => other.Start(everyLeaf: false)).Message, StringComparison.Ordinal);

        // A leaf rewritten with a matching leaf hash: the head check does not rehash the leaves (O(leaves) on every
        // export), the server's start-up check still finds the fork.
        Sql("DROP TRIGGER log_leaves_no_update; UPDATE log_leaves SET leaf = x'09', leaf_hash = " + SqlHash([9]) + " WHERE idx = 2;");
        writer.Start(everyLeaf: false);
        Assert.Contains("fork", Assert.Throws<LogIntegrityException>(writer.Start).Message, StringComparison.Ordinal);

        // A stored subtree hash changed (the tiles would publish another tree than the signed one): refused.
        Sql("DROP TRIGGER log_nodes_no_update; UPDATE log_nodes SET hash = zeroblob(32);");
        Assert.Contains("fork", Assert.Throws<LogIntegrityException>(() => Writer().Start(everyLeaf: false)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheImportVerbsWriterChecksTheHeadAndSignsTheTrueHistoryOnTopOfItAnEditedOldLeafIsLeftToTheServersCheck()
    {
        // The RFC 6962 vector leaves and the root of all eight (as in the first test).
        string[] leaves = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"];
        const string rootOfEight = "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328";
        Publish(Writer(), leaves.Take(5).Select(Convert.FromHexString));

        // An old leaf rewritten with a matching leaf hash: a new writer checks the head only, then appends and signs.
        Sql("DROP TRIGGER log_leaves_no_update; UPDATE log_leaves SET leaf = x'09', leaf_hash = " + SqlHash([9]) + " WHERE idx = 2;");
        var importer = Writer();
        importer.StartWriter();
        Publish(importer, leaves.Skip(5).Select(Convert.FromHexString));

        // What it signed is the true history's root (from the stored subtree hashes), not a tree over the edited leaf,
        // and the server's start-up check still names the edit as a fork.
        Assert.Equal(8, Head().TreeSize);
        Assert.Equal(rootOfEight, Convert.ToHexStringLower(Head().Root));
        Assert.Contains("fork", Assert.Throws<LogIntegrityException>(Writer().Start).Message, StringComparison.Ordinal);

        // The head check itself refuses another key and a stored tree that no longer gives the signed root.
        Assert.Contains("not signed by the configured log key",
            Assert.Throws<LogIntegrityException>(Writer(Ed25519NoteSigner.Generate("test.example/log")).StartWriter).Message, StringComparison.Ordinal);
        Sql("DROP TRIGGER log_nodes_no_update; UPDATE log_nodes SET hash = zeroblob(32);");
        Assert.Contains("fork", Assert.Throws<LogIntegrityException>(Writer().StartWriter).Message, StringComparison.Ordinal);
    }

    private static string SqlHash(byte[] leaf) => "x'" + Convert.ToHexStringLower(SHA256.HashData([0, .. leaf])) + "'";

    [Fact]
    public void WithoutAConfiguredKeyOneIsGeneratedBesideTheDatabaseReadableByItsOwnerOnly()
    {
        var store = new StoreOptions { Path = Path.Combine(_folder, "log.db") };
        var empty = new ConfigurationBuilder().Build();
        var first = LogKey.Load(empty, store, NullLogger.Instance);
        Assert.Equal(LogKey.DefaultOrigin, first.Name);
        var file = store.Path + LogKey.GeneratedSuffix;
        Assert.True(File.Exists(file));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        Assert.Equal(first.VerifierKey, LogKey.Load(empty, store, NullLogger.Instance).VerifierKey);

        var configured = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [LogKey.PrivateKeyKey] = _key.PrivateKey }).Build();
        Assert.Equal(_key.VerifierKey, LogKey.Load(configured, store, NullLogger.Instance).VerifierKey);

        var keyFile = Path.Combine(_folder, "key.txt");
        File.WriteAllText(keyFile, _key.PrivateKey + "\n");
        var fromFile = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [LogKey.PrivateKeyFileKey] = keyFile, [LogKey.OriginKey] = "other/log" }).Build();
        var e = Assert.Throws<InvalidOperationException>(() => LogKey.Load(fromFile, store, NullLogger.Instance));
        Assert.Contains("other/log", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_key.PrivateKey, e.Message, StringComparison.Ordinal);
    }
}
