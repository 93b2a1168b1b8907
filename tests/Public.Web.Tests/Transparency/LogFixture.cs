using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Public.Web.Infrastructure;
using Public.Web.Tests.Hosting;
using Public.Web.Transparency;

namespace Public.Web.Tests.Transparency;

/// <summary>
/// An app (no demo data) with a configured log key and a small published history written through the seam: three
/// batches with new records, a corrected version, a tombstone, and enough leaves for a full tile (300).
/// </summary>
public sealed class LogFixture : IDisposable
{
    public LogFixture()
    {
        Key = Ed25519NoteSigner.Generate("bluesky.test/log");
        App = new PublicWebApp(settings: new Dictionary<string, string> { ["Log:PrivateKey"] = Key.PrivateKey });
        Publish(1, Enumerable.Range(0, 250).Select(i => ("penalties", $"P{i:000}")).ToList(), []);
        Publish(2, [("penalties", "P007"), ("warnings", "W1")], []);
        Publish(3, Enumerable.Range(0, 45).Select(i => ("station-hours", $"1767A.2019-01-01T{i:00}")).ToList(), ["P003"]);
    }

    internal Ed25519NoteSigner Key { get; }

    public PublicWebApp App { get; }

    public string VerifierKey => Key.VerifierKey;

    /// <summary>The latest sha256 of each record, as this fixture published it (dataset, id) → (version, sha).</summary>
    public Dictionary<(string, string), (long Version, string Sha)> Latest { get; } = [];

    public static byte[] RecordBytes(string dataset, string id, long version) =>
        Encoding.UTF8.GetBytes($"{{\"dataset\":\"{dataset}\",\"id\":\"{id}\",\"version\":{version},\"value\":{(id.GetHashCode(StringComparison.Ordinal) & 0xff) + version}}}\n");

    private void Publish(long batch, List<(string Dataset, string Id)> records, List<string> removedPenalties)
    {
        var database = App.Services.GetRequiredService<Database>();
        using var connection = database.Connect();
        using var transaction = connection.BeginTransaction();
        var count = 0;
        foreach (var (dataset, id) in records)
        {
            var before = Latest.TryGetValue((dataset, id), out var b) ? b : ((long Version, string? Sha))(0, null);
            var version = before.Version + 1;
            var bytes = RecordBytes(dataset, id, version);
            SeamLeaves.AppendRecord(connection, transaction, dataset, id, version, bytes, before.Sha, batch);
            Latest[(dataset, id)] = (version, Convert.ToHexStringLower(SHA256.HashData(bytes)));
            count++;
        }

        foreach (var id in removedPenalties)
        {
            var before = Latest[("penalties", id)];
            SeamLeaves.AppendLeaf(connection, transaction, "tombstone", SeamLeaves.TombstoneEnvelope("penalties", id, before.Version + 1, before.Sha, batch),
                "penalties", id, before.Version + 1, null, batch);
            Latest[("penalties", id)] = (before.Version + 1, "none");
            count++;
        }

        SeamLeaves.AppendLeaf(connection, transaction, "batch", SeamLeaves.BatchEnvelope(batch, count), null, null, null, null, batch);
        App.Services.GetRequiredService<ILogCheckpointWriter>().WriteCheckpoint(connection, transaction, SeamLeaves.Count(connection, transaction));
        transaction.Commit();
    }

    /// <summary>
    /// A static copy of the log as a mirror would hold it: the /log/ files the app serves, plus each record's latest
    /// logged bytes from log_records at /log/records/… (the route the publication pipeline serves).
    /// </summary>
    public async Task<string> MirrorAsync(string folder)
    {
        var services = App.Services;
        foreach (var path in LogExport.Paths(services).Where(p => !p.StartsWith("/log/records/", StringComparison.Ordinal)))
        {
            var bytes = await App.Client.GetByteArrayAsync(path, TestContext.Current.CancellationToken);
            var file = Path.Combine(folder, path.TrimStart('/'));
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllBytesAsync(file, bytes, TestContext.Current.CancellationToken);
        }

        using var connection = App.OpenStore();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT dataset, record_id, version, bytes FROM log_records";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var (dataset, id, version) = (reader.GetString(0), reader.GetString(1), reader.GetInt64(2));
            if (Latest[(dataset, id)].Version != version)
            {
                continue;
            }

            var file = Path.Combine(folder, "log", "records", dataset, id, $"v{version}.json");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllBytesAsync(file, (byte[])reader[3], TestContext.Current.CancellationToken);
        }

        return folder;
    }

    public void Dispose() => App.Dispose();
}
