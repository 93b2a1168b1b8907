using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace Public.Web.Tests.Hosting;

/// <summary>
/// Demo stores seeded once per test process and clock instant, for <see cref="PublicWebApp"/>'s <c>seededOnce</c>: the
/// first app that asks for an instant seeds it (under a lock per instant, the others wait), every app then starts on
/// its own copy of the file, so seeding (15–50 s each) is paid once per instant, not once per fixture. Each copy gets
/// its own random <c>store_id</c>, as a store seeded afresh would, so caches keyed on it (one Redis) never mix two copies.
/// The templates live in one temp folder of the process, deleted when it exits.
/// </summary>
internal static class DemoTemplates
{
    private const string LogKeySuffix = ".log-key";

    private static readonly ConcurrentDictionary<DateTimeOffset, Lazy<string>> Seeded = new();

    private static readonly Lazy<string> Root = new(() =>
    {
        var root = Directory.CreateTempSubdirectory("public-web-demo-templates-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // The OS temp cleaner takes it.
            }
        };
        return root;
    });

    /// <summary>Copies the demo store seeded for <paramref name="time"/> (seeding it first if no app has) to <paramref name="databasePath"/>.</summary>
    public static void CopyTo(FixedTime time, string databasePath)
    {
        var template = Seeded.GetOrAdd(time.GetUtcNow(), _ => new Lazy<string>(() => Seed(time), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
        Directory.CreateDirectory(Path.GetDirectoryName(databasePath)!);
        File.Copy(template, databasePath);
        // The log's signing key generated beside the store (LogKey): the copied checkpoints are signed with it.
        File.Copy(template + LogKeySuffix, databasePath + LogKeySuffix);
        using var connection = Open(databasePath);
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE store_meta SET value = $id WHERE key = 'store_id'";
        command.Parameters.AddWithValue("$id", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
        if (command.ExecuteNonQuery() != 1)
        {
            throw new InvalidOperationException($"the demo template {template} has no store_id");
        }
    }

    private static string Seed(FixedTime time)
    {
        var path = Path.Combine(Root.Value, time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture), "demo.db");
        // Started and stopped once: the start seeds every demo dataset up to the clock and signs the log's checkpoint.
        using (new PublicWebApp(demo: true, time: time, databasePath: path))
        {
        }

        // Everything in the one file (no -wal beside it), so a plain file copy is the whole store.
        using (var connection = Open(path))
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            command.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
        return path;
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
