using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Public.Web.Transparency;

/// <summary>Where a verifier reads the log: a base URL (the live site or a mirror) or an export folder.</summary>
internal interface ILogSource
{
    /// <summary>The bytes at a path under the site root (e.g. <c>log/checkpoint</c>); null when there is nothing there.</summary>
    Task<byte[]?> GetAsync(string path, CancellationToken cancellationToken);

    string Describe(string path);
}

internal sealed class FolderSource(string folder) : ILogSource
{
    public Task<byte[]?> GetAsync(string path, CancellationToken cancellationToken)
    {
        var file = Path.Combine(folder, path.Replace('/', Path.DirectorySeparatorChar));
        return Task.FromResult(File.Exists(file) ? File.ReadAllBytes(file) : null);
    }

    public string Describe(string path) => Path.Combine(folder, path);
}

internal sealed class HttpSource(HttpClient client, Uri baseUrl) : ILogSource
{
    public async Task<byte[]?> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(new Uri(baseUrl, path), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    public string Describe(string path) => new Uri(baseUrl, path).ToString();
}

/// <summary>What a verification found: problems (each names the leaf, record or file), and what was checked.</summary>
internal sealed class VerifyReport
{
    public List<string> Problems { get; } = [];

    public bool Fork { get; set; }

    public long TreeSize { get; set; }

    public int Records { get; set; }

    public int Tombstones { get; set; }

    /// <summary>How many records (dataset and id) the log holds, checked or not.</summary>
    public int RecordsInLog { get; set; }

    public int Batches { get; set; }

    public string? Checkpoint { get; set; }

    /// <summary>On a fork: the consistency proof the served tree gives between the two sizes, as text (evidence).</summary>
    public string? ForkProof { get; set; }
}

/// <summary>
/// The verification the <c>verify</c> verb runs (algorithm in content/docs/transparency.md): the checkpoint's signature,
/// the tree rebuilt from the entry bundles (its root and every tile), consistency with the checkpoint seen last time,
/// unbroken version chains, batch leaves, and each record's latest logged version served byte for byte (or a tombstone).
/// </summary>
/// <param name="recordSample">
/// How many records to fetch and compare with their latest logged version: null for every one (the full audit), 0 for
/// none (an export, which holds the tree but not the record bytes), n for an even sample of about n spread over every
/// dataset (a quick check of a large log).
/// </param>
internal sealed class LogVerifier(ILogSource source, NoteVerifier key, int? recordSample = null)
{
    public async Task<VerifyReport> VerifyAsync(string? previousNote, CancellationToken cancellationToken = default)
    {
        var report = new VerifyReport();
        var noteBytes = await source.GetAsync("log/checkpoint", cancellationToken);
        if (noteBytes is null)
        {
            report.Problems.Add($"{source.Describe("log/checkpoint")}: no checkpoint");
            return report;
        }

        var note = Encoding.UTF8.GetString(noteBytes);
        report.Checkpoint = note;
        if (key.Open(note) is not { } body || Checkpoint.Parse(body) is not { } checkpoint)
        {
            report.Problems.Add($"{source.Describe("log/checkpoint")}: the checkpoint is not signed by {key.Name}+{key.KeyId:x8} (forged or altered)");
            return report;
        }

        if (checkpoint.Origin != key.Name)
        {
            report.Problems.Add($"checkpoint origin '{checkpoint.Origin}' is not the key's name '{key.Name}'");
        }

        report.TreeSize = checkpoint.Size;
        var tree = new MemoryTree();
        var leaves = new List<byte[]>();
        foreach (var (_, index, width) in Tiles.AllTiles(checkpoint.Size).Where(t => t.Level < 0))
        {
            var path = "log/" + Tiles.TilePath(-1, index, width);
            var bundle = await source.GetAsync(path, cancellationToken);
            if (bundle is null)
            {
                report.Problems.Add($"{source.Describe(path)}: entry bundle missing");
                return report;
            }

            List<byte[]> entries;
            try
            {
                entries = Tiles.ParseEntryBundle(bundle);
            }
            catch (FormatException e)
            {
                report.Problems.Add($"{source.Describe(path)}: {e.Message}");
                return report;
            }

            if (entries.Count != width)
            {
                report.Problems.Add($"{source.Describe(path)}: {entries.Count} entries, expected {width}");
                return report;
            }

            foreach (var entry in entries)
            {
                leaves.Add(entry);
                tree.Append(Merkle.LeafHash(entry));
            }
        }

        var root = tree.Root();
        if (!root.AsSpan().SequenceEqual(checkpoint.Root))
        {
            report.Problems.Add($"the {checkpoint.Size} leaves of the entry bundles give root {Convert.ToBase64String(root)}, the signed checkpoint says {Convert.ToBase64String(checkpoint.Root)}");
        }

        foreach (var (level, index, width) in Tiles.AllTiles(checkpoint.Size).Where(t => t.Level >= 0))
        {
            var path = "log/" + Tiles.TilePath(level, index, width);
            var served = await source.GetAsync(path, cancellationToken);
            if (served is null || !served.AsSpan().SequenceEqual(Tiles.TileBytes(tree, level, index, width)))
            {
                report.Problems.Add($"{source.Describe(path)}: {(served is null ? "missing" : "differs from the tile rebuilt from the entry bundles")}");
            }
        }

        if (previousNote is not null)
        {
            CheckConsistency(previousNote, checkpoint, tree, report);
        }

        var latest = CheckLeaves(leaves, report);
        await CheckRecordsAsync(Sample(latest, recordSample), report, cancellationToken);
        report.RecordsInLog = latest.Count;
        return report;
    }

    /// <summary>The checkpoint seen last time must be a prefix of this tree: same root at its size (RFC 9162 consistency).</summary>
    private void CheckConsistency(string previousNote, Checkpoint current, MemoryTree tree, VerifyReport report)
    {
        if (key.Open(previousNote) is not { } body || Checkpoint.Parse(body) is not { } previous)
        {
            report.Problems.Add("the saved checkpoint of the last run is not signed by this key: state file altered, or another log");
            return;
        }

        if (previous.Size > current.Size)
        {
            report.Fork = true;
            report.Problems.Add($"fork: the log shrank from {previous.Size} to {current.Size} leaves since the last run");
            return;
        }

        if (previous.Size == 0)
        {
            return;
        }

        var proof = Merkle.ConsistencyProof(tree, previous.Size, current.Size);
        if (!Merkle.VerifyConsistency(previous.Size, current.Size, previous.Root, current.Root, proof))
        {
            report.Fork = true;
            report.ForkProof = string.Create(CultureInfo.InvariantCulture,
                $"RFC 9162 consistency proof from {previous.Size} to {current.Size} leaves, computed from the served entry bundles\nroot of the first {previous.Size} served leaves: {Convert.ToBase64String(Merkle.Root(tree, previous.Size))}\nroot signed for {previous.Size} leaves last time: {Convert.ToBase64String(previous.Root)}\n")
                + string.Concat(proof.Select(h => Convert.ToBase64String(h) + "\n"));
            report.Problems.Add($"fork: the tree of {current.Size} leaves does not extend the checkpoint of {previous.Size} leaves seen last time (its first {previous.Size} leaves give root {Convert.ToBase64String(Merkle.Root(tree, previous.Size))}, the old checkpoint says {Convert.ToBase64String(previous.Root)})");
        }
    }

    /// <summary>Envelopes well-formed, version chains unbroken, batch leaves counting their batch; returns each record's latest leaf.</summary>
    private static Dictionary<(string Dataset, string Id), LogEnvelope> CheckLeaves(List<byte[]> leaves, VerifyReport report)
    {
        var latest = new Dictionary<(string, string), LogEnvelope>();
        long? batch = null;
        var inBatch = 0L;
        for (var i = 0; i < leaves.Count; i++)
        {
            LogEnvelope envelope;
            try
            {
                envelope = LogEnvelope.Parse(leaves[i]);
            }
            catch (FormatException e)
            {
                report.Problems.Add($"leaf {i}: {e.Message}");
                continue;
            }

            if (batch is not null && envelope.Batch != batch)
            {
                report.Problems.Add($"leaf {i}: batch {envelope.Batch} starts before batch {batch} was closed by its batch leaf");
            }

            if (envelope.Kind == "batch")
            {
                report.Batches++;
                if (envelope.Leaves != inBatch)
                {
                    report.Problems.Add($"leaf {i}: batch {envelope.Batch} says {envelope.Leaves} leaves, the log holds {inBatch} before it");
                }

                batch = null;
                inBatch = 0;
                continue;
            }

            batch = envelope.Batch;
            inBatch++;
            var key = (envelope.Dataset!, envelope.Id!);
            latest.TryGetValue(key, out var before);
            var expectedVersion = (before?.Version ?? 0) + 1;
            if (envelope.Version != expectedVersion)
            {
                report.Problems.Add($"leaf {i}: {envelope.Dataset}/{envelope.Id} version {envelope.Version} follows version {before?.Version ?? 0} (chain broken)");
            }

            if (envelope.Previous != before?.Sha256)
            {
                report.Problems.Add($"leaf {i}: {envelope.Dataset}/{envelope.Id} v{envelope.Version} names previous {envelope.Previous ?? "none"}, the version before has {before?.Sha256 ?? "none"} (chain broken)");
            }

            if (envelope.Kind == "tombstone" && before is null)
            {
                report.Problems.Add($"leaf {i}: tombstone of {envelope.Dataset}/{envelope.Id}, which was never published");
            }

            latest[key] = envelope;
        }

        if (batch is not null)
        {
            report.Problems.Add($"the log ends inside batch {batch} (no batch leaf)");
        }

        return latest;
    }

    /// <summary>
    /// The records to check: all of them, none, or about <paramref name="sample"/> taken at even steps through each
    /// dataset's records in id order (every dataset gets its share, tombstones included), so a sample is the same on
    /// every run and never skips a dataset.
    /// </summary>
    private static Dictionary<(string Dataset, string Id), LogEnvelope> Sample(Dictionary<(string Dataset, string Id), LogEnvelope> latest, int? sample)
    {
        if (sample is null || sample >= latest.Count)
        {
            return latest;
        }

        var picked = new Dictionary<(string Dataset, string Id), LogEnvelope>();
        if (sample <= 0)
        {
            return picked;
        }

        var datasets = latest.GroupBy(p => p.Key.Dataset, StringComparer.Ordinal).ToList();
        var share = Math.Max(1, sample.Value / datasets.Count);
        foreach (var group in datasets)
        {
            var ordered = group.OrderBy(p => p.Key.Id, StringComparer.Ordinal).ToList();
            var step = Math.Max(1, ordered.Count / share);
            for (var i = 0; i < ordered.Count; i += step)
            {
                picked[ordered[i].Key] = ordered[i].Value;
            }
        }

        return picked;
    }

    /// <summary>Each record whose latest leaf is a version is served at that version with exactly the logged bytes; a tombstoned one is not served.</summary>
    private async Task CheckRecordsAsync(Dictionary<(string Dataset, string Id), LogEnvelope> latest, VerifyReport report, CancellationToken cancellationToken)
    {
        var problems = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(latest, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (pair, token) =>
        {
            var e = pair.Value;
            var path = string.Create(CultureInfo.InvariantCulture, $"log/records/{e.Dataset}/{e.Id}/v{e.Version}.json");
            var bytes = await source.GetAsync(path, token);
            if (e.Kind == "tombstone")
            {
                if (bytes is not null)
                {
                    problems.Add($"{e.Dataset}/{e.Id}: version {e.Version} is a tombstone but {source.Describe(path)} serves bytes");
                }

                return;
            }

            if (bytes is null)
            {
                problems.Add($"{e.Dataset}/{e.Id}: version {e.Version} is logged but not served ({source.Describe(path)}), and no tombstone says it was removed");
            }
            else if (Convert.ToHexStringLower(SHA256.HashData(bytes)) != e.Sha256)
            {
                problems.Add($"{e.Dataset}/{e.Id}: the bytes served at {source.Describe(path)} have SHA-256 {Convert.ToHexStringLower(SHA256.HashData(bytes))}, the log says {e.Sha256} (version {e.Version})");
            }
        });
        report.Records = latest.Values.Count(e => e.Kind == "record");
        report.Tombstones = latest.Values.Count(e => e.Kind == "tombstone");
        report.Problems.AddRange(problems.Order(StringComparer.Ordinal));
    }
}
