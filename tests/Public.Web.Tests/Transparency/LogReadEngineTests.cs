using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Public.Web.AirQuality.Import;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Publication;
using Public.Web.Tests.Hosting;
using Public.Web.Tests.Penalties;
using Public.Web.Tests.Postgres;
using Public.Web.Tests.SharedData;
using Public.Web.Transparency;

namespace Public.Web.Tests.Transparency;

/// <summary>
/// The log's read side on each engine: after the same imports, SQLite and PostgreSQL serve the same bytes for every
/// tile, entry bundle, record, checkpoint and proof, which verify_log.py (the independent verifier) accepts and whose
/// roots are the RFC 6962 hashes of the served leaves; the store check names an edited row on either engine; the
/// back-fill logs a store from before the log the same way on both.
/// </summary>
public sealed class LogReadEngineTests(EngineServer engines) : IClassFixture<EngineServer>
{
    private const string A = "测试罚〔2019〕51号";
    private const string B = "测试罚〔2019〕52号";
    private static readonly DateTimeOffset Now = new(2019, 7, 1, 9, 30, 0, TimeSpan.FromHours(8));

    // One key for both engines, so the signed notes can be compared byte for byte (Ed25519 signatures are deterministic).
    private static readonly Ed25519NoteSigner Key = Ed25519NoteSigner.Generate("test.example/log");

    private readonly Lazy<History> _history = new(() => new History(engines));

    /// <summary>The import files, written once so that both engines import the very same names and bytes.</summary>
    private sealed class History(EngineServer engines)
    {
        public string Decisions { get; } = engines.WriteText("decisions.csv", PenaltyRows.Csv(PenaltyRows.Valid(A), PenaltyRows.Valid(B, ("partyCreditCode", PenaltyRows.PartyB))));

        public string Correction { get; } = engines.WriteText("correction.csv", PenaltyRows.Csv(PenaltyRows.Valid(A,
            ("fineAmount", "150000"), ("correctionReason", "行政复议决定变更罚款数额"), ("correctionDate", "2019-05-10"))));

        // 2019-01-10 00:00 … 2019-01-12 24:00 of the real CNEMC file (five stations): more than one full tile of leaves.
        public string Hours { get; } = engines.WriteText("hours.csv", JinzhouSlices.Text(new DateOnly(2019, 1, 10), new DateOnly(2019, 1, 12)));

        // 2019-01-12 with 1767A's PM2.5 at 10:00 changed: one second version.
        public string HoursCorrected { get; } = engines.WriteText("hours-corrected.csv", JinzhouSlices.Text(new DateOnly(2019, 1, 12), new DateOnly(2019, 1, 12),
            l => l.StartsWith("20190112,10,PM2.5,", StringComparison.Ordinal) ? string.Join(',', l.Split(',').Select((c, i) => i == 3 ? "999" : c)) : l));
    }

    private PortedServices Publish(string engine)
    {
        var h = _history.Value;
        var s = new PortedServices(engines.Create(engine), new FixedTime(Now), Key);
        Assert.True(s.PenaltyImporter.Import([h.Decisions]).Clean);
        Assert.True(s.AirImporter.Import([h.Hours], new ImportOptions()).Clean);
        Assert.True(s.PenaltyImporter.Import([h.Correction]).Clean);
        Assert.Equal(1, s.AirImporter.Import([h.HoursCorrected], new ImportOptions()).NewVersions);
        return s;
    }

    [Fact]
    public async Task TilesRecordsCheckpointsAndProofsAreTheSameBytesOnBothEnginesAndVerify()
    {
        var answers = new Dictionary<string, SortedDictionary<string, byte[]>>();
        foreach (var engine in StoreEngines.Selected)
        {
            var s = Publish(engine);
            var read = ReadSide(s);
            answers[engine] = read;

            // The independent verifier, on a mirror of exactly these answers: signature, root of the entry bundles,
            // every record's version chain and served bytes. Records: the two decisions and the file's station-hours.
            var mirror = Directory.CreateTempSubdirectory("log-mirror-").FullName;
            foreach (var (path, bytes) in read.Where(a => a.Key.StartsWith("log/", StringComparison.Ordinal)))
            {
                var file = Path.Combine(mirror, path);
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                await File.WriteAllBytesAsync(file, bytes, TestContext.Current.CancellationToken);
            }

            var head = new LogStore(s.Database).ReadHead()!;
            var records = 2 + CnemcCsvFacts.Read(_history.Value.Hours).StationHours;
            var (exit, output) = await IndependentVerifierTests.PythonAsync(mirror, Key.VerifierKey);
            Assert.True(exit == 0, $"{engine}: {output}");
            Assert.Contains($"OK test.example/log {head.TreeSize} leaves, {records} records", output, StringComparison.Ordinal);
            // One leaf per record version and per batch: the correction and the changed hour are second versions.
            Assert.Equal(records + 2 + 4, head.TreeSize);
            Directory.Delete(mirror, recursive: true);
        }

        if (answers.Count < 2)
        {
            Assert.Skip($"the comparison needs both engines ({StoreEngines.Variable} selects {string.Join(", ", StoreEngines.Selected)})");
        }

        var (sqlite, postgres) = (answers[StoreEngines.Sqlite], answers[StoreEngines.Postgres]);
        Assert.Equal(sqlite.Keys, postgres.Keys);
        foreach (var (path, bytes) in sqlite)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(postgres[path]), $"{path} differs between SQLite and PostgreSQL");
        }
    }

    /// <summary>
    /// Everything the read side answers for the last signed tree, by path: the tlog-tiles files and record bytes as
    /// <c>/log/…</c> serves them, and the JSON of the checkpoint and of every inclusion and consistency proof (each proof
    /// checked on the way against roots computed here from the served leaves).
    /// </summary>
    private static SortedDictionary<string, byte[]> ReadSide(PortedServices s)
    {
        var store = new LogStore(s.Database);
        var reader = new LogReader(store, s.Checkpoints);
        var head = reader.Head();
        var answers = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["log/checkpoint"] = Encoding.UTF8.GetBytes(head.Note),
            ["log/vkey"] = Encoding.UTF8.GetBytes(reader.VerifierKey + "\n"),
            ["api/checkpoint"] = Json(reader.Checkpoint()),
        };
        var sizes = store.CheckpointSizes();
        Assert.Equal(head.TreeSize, sizes[^1]);
        foreach (var size in sizes)
        {
            answers[$"log/checkpoints/{size}"] = Encoding.UTF8.GetBytes(store.CheckpointNote(size)!);
        }

        foreach (var (level, index, width) in Tiles.AllTiles(head.TreeSize))
        {
            answers["log/" + Tiles.TilePath(level, index, width)] = reader.Tile(level, index, width)!;
        }

        // The leaves as the entry bundles serve them, and every root from them by RFC 6962 (computed here, not by the app).
        var leaves = Tiles.AllTiles(head.TreeSize).Where(t => t.Level < 0).SelectMany(t => Tiles.ParseEntryBundle(answers["log/" + Tiles.TilePath(t.Level, t.Index, t.Width)])).ToList();
        Assert.Equal(head.TreeSize, leaves.Count);
        var hashes = leaves.Select(l => SHA256.HashData([0, .. l])).ToList();
        Assert.Equal(Convert.ToBase64String(head.Root), Convert.ToBase64String(Mth(hashes)));

        for (var i = 0; i < leaves.Count; i++)
        {
            var fields = Encoding.UTF8.GetString(leaves[i]).Split('\n').Skip(1).Where(l => l.Contains(' ', StringComparison.Ordinal))
                .ToDictionary(l => l[..l.IndexOf(' ', StringComparison.Ordinal)], l => l[(l.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
            if (fields["kind"] != "record")
            {
                continue;
            }

            var (dataset, id, version) = (fields["dataset"], fields["id"], fields["version"]);
            var bytes = store.RecordBytes(dataset, id, long.Parse(version, CultureInfo.InvariantCulture))!;
            Assert.Equal(fields["sha256"], Convert.ToHexStringLower(SHA256.HashData(bytes)));
            answers[$"log/records/{dataset}/{id}/v{version}.json"] = bytes;

            var proof = reader.Inclusion(dataset, id, version);
            Assert.Equal((i, Convert.ToBase64String(hashes[i])), (proof.LeafIndex, proof.LeafHash));
            Assert.True(Merkle.VerifyInclusion(i, head.TreeSize, hashes[i], proof.AuditPath.Select(Convert.FromBase64String).ToList(), head.Root), $"inclusion of leaf {i}");
            answers[$"api/inclusion/{dataset}/{id}/v{version}"] = Json(proof);
        }

        // Every pair of signed sizes (the empty tree's checkpoint of 0 has no proof: a consistency proof starts at 1).
        foreach (var from in sizes.Where(n => n > 0))
        {
            foreach (var to in sizes.Where(t => t >= from))
            {
                var proof = reader.Consistency(from.ToString(CultureInfo.InvariantCulture), to.ToString(CultureInfo.InvariantCulture));
                Assert.Equal(Convert.ToBase64String(Mth(hashes[..(int)from])), proof.FromRootHash);
                Assert.Equal(Convert.ToBase64String(Mth(hashes[..(int)to])), proof.ToRootHash);
                Assert.True(Merkle.VerifyConsistency(from, to, Mth(hashes[..(int)from]), Mth(hashes[..(int)to]), proof.Proof.Select(Convert.FromBase64String).ToList()),
                    $"consistency {from} → {to}");
                answers[$"api/consistency/{from}/{to}"] = Json(proof);
            }
        }

        return answers;
    }

    /// <summary>RFC 6962 §2.1's Merkle tree hash of leaf hashes (split at the largest power of two below n).</summary>
    private static byte[] Mth(List<byte[]> hashes)
    {
        if (hashes.Count == 1)
        {
            return hashes[0];
        }

        var k = 1;
        while (k * 2 < hashes.Count)
        {
            k *= 2;
        }

        return SHA256.HashData([1, .. Mth(hashes[..k]), .. Mth(hashes[k..])]);
    }

    private static byte[] Json<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value);

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void TheStoreCheckNamesARowChangedOrDeletedWithPlainSql(string engine)
    {
        var s = new PortedServices(engines.Create(engine), new FixedTime(Now), Key);
        var h = _history.Value;
        Assert.True(s.PenaltyImporter.Import([h.Decisions]).Clean);
        Assert.True(s.AirImporter.Import([h.HoursCorrected], new ImportOptions()).Clean);
        Assert.Empty(StoreTamperCheck.Run(s.Database));

        // 2019-01-12 05:00 China time, the end of the hour CNEMC labels 5.
        var hour = new DateTimeOffset(2019, 1, 12, 5, 0, 0, TimeSpan.FromHours(8)).ToUnixTimeSeconds();
        BehindThePipeline(s.Database, $"""
            UPDATE penalty_version SET fine_fen = 100 WHERE penalty_id = (SELECT id FROM penalty WHERE decision_number = '{A}');
            UPDATE station_hour SET pm25 = 4 WHERE station = '1767A' AND hour_end = {hour};
            DELETE FROM station_hour WHERE station = '1768A' AND hour_end = {hour};
            """, "penalty_version");

        var findings = StoreTamperCheck.Run(s.Database);

        var penaltyId = LoggedId(s.Database, "penalties", A);
        Assert.Equal(
            [(TamperKind.Changed, "penalties", penaltyId, 1L), (TamperKind.Changed, "station-hours", "1767A.2019-01-12T05", 1L), (TamperKind.Missing, "station-hours", "1768A.2019-01-12T05", 1L)],
            findings.Select(f => (f.Kind, f.Dataset, f.Id, f.StoreVersion ?? f.LogVersion!.Value)).Order());
        Assert.Contains("station-hours/1767A.2019-01-12T05 v1: the store's bytes", string.Join('\n', findings), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void TheBackFillLogsEveryVersionOfAStoreFromBeforeTheLogOnceInOneBatch(string engine)
    {
        var (database, leaves, _) = BackFilled(engine);

        // Every version of the tables (plain SQL), one leaf each, then the batch leaf of kind log-backfill.
        var versions = Count(database, "SELECT (SELECT COUNT(*) FROM station_hour) + (SELECT COUNT(*) FROM penalty_version)");
        Assert.Equal(versions + 1, leaves.Count);
        Assert.All(leaves[..^1], l => Assert.Contains("\nkind record\n", l, StringComparison.Ordinal));
        Assert.Contains($"\nkind batch\n", leaves[^1], StringComparison.Ordinal);
        Assert.Contains($"\nsource {LogBackfill.Kind}\n", leaves[^1], StringComparison.Ordinal);
        // The corrected decision's two versions in order, the second naming the first's hash.
        var penaltyId = LoggedId(database, "penalties", A);
        var decision = leaves.Where(l => l.Contains($"\nid {penaltyId}\n", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, decision.Count);
        Assert.Contains("\nversion 1\n", decision[0], StringComparison.Ordinal);
        Assert.Contains("\nprevious none\n", decision[0], StringComparison.Ordinal);
        var first = decision[0].Split('\n').Single(l => l.StartsWith("sha256 ", StringComparison.Ordinal))[7..];
        Assert.Contains($"\nversion 2\nsha256 ", decision[1], StringComparison.Ordinal);
        Assert.Contains($"\nprevious {first}\n", decision[1], StringComparison.Ordinal);
        Assert.Empty(StoreTamperCheck.Run(database));

        // It runs once: a second run logs nothing.
        var again = new PortedServices(database, new FixedTime(Now), Key);
        Assert.Equal(0, new LogBackfill(again.Publisher, NullLogger<LogBackfill>.Instance).Run());
        Assert.Equal(leaves.Count, Count(database, "SELECT COUNT(*) FROM log_leaves"));
    }

    [Fact]
    public void TheBackFillGivesTheSameLogOnBothEngines()
    {
        if (!StoreEngines.IsSelected(StoreEngines.Postgres) || !StoreEngines.IsSelected(StoreEngines.Sqlite))
        {
            Assert.Skip($"needs both engines ({StoreEngines.Variable} selects {string.Join(", ", StoreEngines.Selected)})");
        }

        var sqlite = BackFilled(StoreEngines.Sqlite);
        var postgres = BackFilled(StoreEngines.Postgres);

        Assert.Equal(EngineLog.Leaves(sqlite.Database), EngineLog.Leaves(postgres.Database));
        Assert.Equal(sqlite.Root, postgres.Root);
        Assert.Equal(new LogStore(sqlite.Database).ReadHead()!.Note, new LogStore(postgres.Database).ReadHead()!.Note);
    }

    /// <summary>
    /// A store whose records were imported before the log existed (imported, then its log tables emptied with plain SQL,
    /// as an earlier release left them), back-filled by a fresh start's services: the store, its leaves' envelopes and its root.
    /// </summary>
    private (Database Database, List<string> Leaves, string Root) BackFilled(string engine)
    {
        var h = _history.Value;
        var s = new PortedServices(engines.Create(engine), new FixedTime(Now), Key);
        Assert.True(s.PenaltyImporter.Import([h.Decisions]).Clean);
        Assert.True(s.AirImporter.Import([h.HoursCorrected], new ImportOptions()).Clean);
        Assert.True(s.PenaltyImporter.Import([h.Correction]).Clean);
        BehindThePipeline(s.Database, $"""
            DELETE FROM log_leaves; DELETE FROM log_records; DELETE FROM log_nodes; DELETE FROM log_checkpoints; DELETE FROM log_head;
            DELETE FROM store_meta WHERE key = '{LogBackfill.DoneMetaKey}';
            """, "log_leaves", "log_records", "log_nodes", "log_checkpoints", "log_head");
        Assert.All(StoreTamperCheck.Run(s.Database), f => Assert.Equal(TamperKind.NotLogged, f.Kind));

        var started = new PortedServices(s.Database, new FixedTime(Now), Key);
        var logged = new LogBackfill(started.Publisher, NullLogger<LogBackfill>.Instance).Run();
        using var connection = s.Database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT leaf FROM log_leaves ORDER BY idx";
        using var reader = command.ExecuteReader();
        var leaves = new List<string>();
        while (reader.Read())
        {
            leaves.Add(Encoding.UTF8.GetString((byte[])reader[0]));
        }

        Assert.Equal(leaves.Count - 1, logged);
        return (s.Database, leaves, EngineLog.Root(s.Database));
    }

    /// <summary>
    /// Runs <paramref name="sql"/> straight on the store, as someone editing it would: on SQLite with the append-only
    /// triggers of <paramref name="guarded"/> dropped, on PostgreSQL with triggers off for this transaction only.
    /// </summary>
    private static void BehindThePipeline(Database database, string sql, params string[] guarded)
    {
        using var connection = database.Connect();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = database.Dialect.IsPostgres
            ? "SET LOCAL session_replication_role = replica;\n" + sql
            : string.Concat(guarded.Select(t => $"DROP TRIGGER IF EXISTS {t}_no_update; DROP TRIGGER IF EXISTS {t}_no_delete;\n")) + sql;
        command.ExecuteNonQuery();
        transaction.Commit();
    }

    /// <summary>The log id of a decision: the penalty record whose logged bytes start with its number (ids escape what is not A–Z a–z 0–9 . _ -).</summary>
    private static string LoggedId(Database database, string dataset, string decision)
    {
        using var connection = database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT record_id, bytes FROM log_records WHERE dataset = '{dataset}' AND version = 1";
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            if (Encoding.UTF8.GetString((byte[])reader[1]).StartsWith($"{{\"decision_number\":\"{decision}\"", StringComparison.Ordinal))
            {
                ids.Add(reader.GetString(0));
            }
        }

        return Assert.Single(ids);
    }

    private static long Count(Database database, string sql)
    {
        using var connection = database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
