using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Public.Web.Infrastructure;
using Public.Web.Transparency;

namespace Public.Benchmarks;

/// <summary>
/// The transparency log's costs (tests/Benchmarks/log.sh): <c>log DBFILE LEAVES BATCH</c> appends LEAVES record leaves
/// (realistic envelopes, ~230 bytes) in batches of BATCH through the seam's tables, each batch in one transaction with
/// its checkpoint written by the real <see cref="LogCheckpointWriter"/>, and the same inserts without the checkpoint as
/// the baseline; then times inclusion and consistency proofs read from the stored tree, and prints the file size.
/// </summary>
internal static class LogBench
{
    public static int Run(string[] args)
    {
        if (args is not [var file, var leavesText, var batchText])
        {
            Console.Error.WriteLine("usage: log DBFILE LEAVES BATCH");
            return 2;
        }

        var (total, batch) = (long.Parse(leavesText, CultureInfo.InvariantCulture), int.Parse(batchText, CultureInfo.InvariantCulture));
        var database = new Database(file);
        var key = Ed25519NoteSigner.Generate("bench.example/log");
        var writer = new LogCheckpointWriter(database, new Lazy<INoteSigner>(key), TimeProvider.System, NullLogger<LogCheckpointWriter>.Instance);
        writer.Start();

        var withLog = Stopwatch.StartNew();
        for (long first = 0; first < total; first += batch)
        {
            Append(database, first, (int)Math.Min(batch, total - first), writer);
        }

        withLog.Stop();
        SqliteConnection.ClearAllPools();
        var size = new FileInfo(file).Length + (File.Exists(file + "-wal") ? new FileInfo(file + "-wal").Length : 0);

        // The baseline: the same leaf inserts into a fresh store, no subtree hashes, no checkpoint.
        var baseFile = file + ".baseline.db";
        var baseline = new Database(baseFile);
        var withoutLog = Stopwatch.StartNew();
        for (long first = 0; first < total; first += batch)
        {
            Append(baseline, first, (int)Math.Min(batch, total - first), null);
        }

        withoutLog.Stop();

        var inclusion = new List<double>();
        var consistency = new List<double>();
        var random = new Random(12345);
        using (var connection = database.Open())
        {
            using var nodes = new StoredNodes(connection, null);
            for (var i = 0; i < 2000; i++)
            {
                var t = Stopwatch.GetTimestamp();
                var proof = Merkle.InclusionProof(nodes, random.NextInt64(total), total);
                inclusion.Add(Stopwatch.GetElapsedTime(t).TotalMicroseconds);
                t = Stopwatch.GetTimestamp();
                var c = Merkle.ConsistencyProof(nodes, 1 + random.NextInt64(total - 1), total);
                consistency.Add(Stopwatch.GetElapsedTime(t).TotalMicroseconds);
                if (proof.Count + c.Count == 0)
                {
                    return 1;
                }
            }
        }

        static string P(List<double> xs, double q) => xs.Order().ElementAt((int)(q * (xs.Count - 1))).ToString("0", CultureInfo.InvariantCulture);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"leaves {total}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"append_with_log_s {withLog.Elapsed.TotalSeconds:0.00}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"append_without_log_s {withoutLog.Elapsed.TotalSeconds:0.00}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"inclusion_proof_us_p50_p95 {P(inclusion, 0.5)} {P(inclusion, 0.95)}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"consistency_proof_us_p50_p95 {P(consistency, 0.5)} {P(consistency, 0.95)}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"db_bytes {size}"));
        return 0;
    }

    private static void Append(Database database, long first, int count, LogCheckpointWriter? writer)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO log_leaves(idx, leaf, leaf_hash, kind, dataset, record_id, version, record_sha256, batch_id)
            VALUES ($idx, $leaf, $hash, 'record', 'station-hours', $id, 1, $sha, $batch)
            """;
        var idx = insert.Parameters.Add("$idx", SqliteType.Integer);
        var leaf = insert.Parameters.Add("$leaf", SqliteType.Blob);
        var hash = insert.Parameters.Add("$hash", SqliteType.Blob);
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        var sha = insert.Parameters.Add("$sha", SqliteType.Text);
        insert.Parameters.AddWithValue("$batch", first);
        for (var i = first; i < first + count; i++)
        {
            var recordId = string.Create(CultureInfo.InvariantCulture, $"1767A.{new DateTime(2019, 1, 1).AddHours(i):yyyy-MM-ddTHH}.{i}");
            var recordSha = Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(i)));
            var bytes = Encoding.UTF8.GetBytes($"bluesky-log/v1\nkind record\ndataset station-hours\nid {recordId}\nversion 1\nsha256 {recordSha}\nprevious none\nbatch {first}\n");
            idx.Value = i;
            leaf.Value = bytes;
            hash.Value = SHA256.HashData([0, .. bytes]);
            id.Value = recordId;
            sha.Value = recordSha;
            insert.ExecuteNonQuery();
        }

        writer?.WriteCheckpoint(connection, transaction, first + count);
        transaction.Commit();
    }
}
