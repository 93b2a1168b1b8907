using System.Security.Cryptography;
using Public.Web.Infrastructure.Data;

namespace Public.Web.Infrastructure.Publication;

/// <summary>What a record in the store has that its log does not say.</summary>
internal enum TamperKind
{
    /// <summary>The record's bytes recomputed from the tables differ from its latest logged version's sha256 (or its version differs).</summary>
    Changed,

    /// <summary>The record is served but the log has no leaf of it.</summary>
    NotLogged,

    /// <summary>The record is served but its latest leaf is a tombstone.</summary>
    Withdrawn,

    /// <summary>The log's latest leaf of the record is a version, but the tables no longer hold the record (removed without a tombstone).</summary>
    Missing,
}

/// <summary>One record that no longer matches the log: dataset, id, the version in the store and in the log.</summary>
internal sealed record TamperFinding(TamperKind Kind, string Dataset, string Id, long? StoreVersion, long? LogVersion, string? StoreSha256, string? LogSha256)
{
    public override string ToString() => Kind switch
    {
        TamperKind.Changed => $"{Dataset}/{Id} v{StoreVersion}: the store's bytes (sha256 {StoreSha256}) differ from the logged v{LogVersion} (sha256 {LogSha256})",
        TamperKind.NotLogged => $"{Dataset}/{Id} v{StoreVersion}: served but never logged",
        TamperKind.Withdrawn => $"{Dataset}/{Id} v{StoreVersion}: served but withdrawn in the log (tombstone v{LogVersion})",
        _ => $"{Dataset}/{Id} v{LogVersion}: logged but no longer in the store, without a tombstone",
    };
}

/// <summary>
/// Recomputes the exact bytes of every current record from the live tables (the same SQL the publication pipeline
/// used when it logged them) and reports each that no longer matches its latest logged leaf — the case "someone
/// edited the SQLite file" (or a PostgreSQL table). Reads the database only, on either engine.
/// </summary>
internal static class StoreTamperCheck
{
    public static List<TamperFinding> Run(Database database)
    {
        using var connection = database.Connect();
        var logged = new Dictionary<(string Dataset, string Id), (long Version, string? Sha256)>();
        using (var command = connection.Command(null, "SELECT dataset, record_id, version, record_sha256 FROM log_leaves WHERE kind <> 'batch' ORDER BY idx"))
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                logged[(reader.GetString(0), reader.GetString(1))] = (reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetString(3));
            }
        }

        var findings = new List<TamperFinding>();
        var seen = new HashSet<(string, string)>();
        foreach (var dataset in PublishedDatasets.All)
        {
            using var command = connection.Command(null, dataset.CurrentSqlFor(database.Dialect));
            foreach (var (_, id, version, bytes) in PublishedRows.Read(command, dataset))
            {
                var key = (dataset.Name, id);
                seen.Add(key);
                var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
                if (!logged.TryGetValue(key, out var leaf))
                {
                    findings.Add(new TamperFinding(TamperKind.NotLogged, dataset.Name, id, version, null, sha, null));
                }
                else if (leaf.Sha256 is null)
                {
                    findings.Add(new TamperFinding(TamperKind.Withdrawn, dataset.Name, id, version, leaf.Version, sha, null));
                }
                else if (leaf.Version != version || leaf.Sha256 != sha)
                {
                    findings.Add(new TamperFinding(TamperKind.Changed, dataset.Name, id, version, leaf.Version, sha, leaf.Sha256));
                }
            }
        }

        foreach (var ((dataset, id), leaf) in logged)
        {
            if (leaf.Sha256 is not null && !seen.Contains((dataset, id)))
            {
                findings.Add(new TamperFinding(TamperKind.Missing, dataset, id, null, leaf.Version, null, leaf.Sha256));
            }
        }

        return findings;
    }
}
