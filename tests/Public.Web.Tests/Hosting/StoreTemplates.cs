using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using Public.Web.Infrastructure;
using Public.Web.Tests.Postgres;
using Public.Web.Transparency;

namespace Public.Web.Tests.Hosting;

/// <summary>
/// A store the test process prepares once and copies for every app that asks (<see cref="PublicWebApp"/>'s
/// <c>copyOf</c>): <paramref name="Prepare"/> runs the app on the template's store (its <c>Store:Path</c> and the engine's
/// settings) and leaves in it what the copies start with, e.g. the demo seeded up to a clock or a real file imported.
/// One <paramref name="Key"/>, one template per test process and engine.
/// </summary>
public sealed record StoreTemplate(string Key, Action<string, IReadOnlyDictionary<string, string>> Prepare)
{
    /// <summary>The demo seeded up to <paramref name="time"/> (15–50 s on SQLite): started and stopped once, the start seeds every demo dataset and signs the log's checkpoint.</summary>
    public static StoreTemplate Demo(FixedTime time) => new(
        "demo-" + time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        (path, settings) =>
        {
            using (new PublicWebApp(demo: true, time: time, databasePath: path, settings: settings))
            {
            }
        });
}

/// <summary>
/// One engine's stores for the apps of a test process (<see cref="TestStore.For"/>): a fresh empty one, or a copy of a
/// <see cref="StoreTemplate"/> prepared once (under a lock per template: the others wait), so a demo seeding or a real
/// import is paid once per process, not once per fixture. Each copy gets its own random <c>store_id</c>, as a store made
/// afresh would, so caches keyed on it (one Redis) never mix two copies, and the log's signing key generated beside the
/// template's <c>Store:Path</c> (the copied checkpoints are signed with it). The templates' files live in one temp folder
/// of the process, deleted when it exits.
/// </summary>
internal abstract class StoreTemplates
{
    private readonly ConcurrentDictionary<string, Lazy<string>> _prepared = new();

    private static readonly Lazy<string> Root = new(() =>
    {
        var root = Directory.CreateTempSubdirectory("public-web-store-templates-").FullName;
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

    /// <summary>The settings of a fresh empty store (none on SQLite: the app creates the file at its <c>Store:Path</c>).</summary>
    public abstract Dictionary<string, string> Fresh();

    /// <summary>Gives the app at <paramref name="storePath"/> its own copy of <paramref name="template"/> (preparing it first if no app has) and returns the settings that name the copy.</summary>
    public Dictionary<string, string> CopyOf(StoreTemplate template, string storePath)
    {
        var templatePath = _prepared.GetOrAdd(template.Key, _ => new Lazy<string>(() => Prepare(template), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
        Directory.CreateDirectory(Path.GetDirectoryName(storePath)!);
        File.Copy(templatePath + LogKey.GeneratedSuffix, storePath + LogKey.GeneratedSuffix);
        var settings = Copy(template.Key, templatePath, storePath);
        if (SetMeta(settings, storePath, Database.StoreIdKey, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))) != 1)
        {
            throw new InvalidOperationException($"the store template {template.Key} has no store_id");
        }

        return settings;
    }

    private string Prepare(StoreTemplate template)
    {
        var path = Path.Combine(Root.Value, GetType().Name, template.Key, "store.db");
        var settings = Create(template.Key);
        template.Prepare(path, settings);
        Seal(template.Key, path);
        return path;
    }

    /// <summary>Makes the empty store the template <paramref name="key"/> is prepared in; returns its settings.</summary>
    protected abstract Dictionary<string, string> Create(string key);

    /// <summary>After preparing: makes the template whole and copyable (nothing open on it).</summary>
    protected abstract void Seal(string key, string path);

    /// <summary>Copies the template to the store of the app at <paramref name="storePath"/>; returns its settings.</summary>
    protected abstract Dictionary<string, string> Copy(string key, string templatePath, string storePath);

    /// <summary>Writes one <c>store_meta</c> row of a copy with plain SQL; returns the rows changed.</summary>
    protected abstract int SetMeta(Dictionary<string, string> settings, string storePath, string key, string value);
}

/// <summary>SQLite: the template is a file (its WAL checkpointed into it) and a copy is a file copy.</summary>
internal sealed class SqliteStoreTemplates : StoreTemplates
{
    public override Dictionary<string, string> Fresh() => [];

    protected override Dictionary<string, string> Create(string key) => [];

    protected override void Seal(string key, string path)
    {
        // Everything in the one file (no -wal beside it), so a plain file copy is the whole store.
        using (var connection = Open(path))
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            command.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
    }

    protected override Dictionary<string, string> Copy(string key, string templatePath, string storePath)
    {
        File.Copy(templatePath, storePath);
        return [];
    }

    protected override int SetMeta(Dictionary<string, string> settings, string storePath, string key, string value)
    {
        using var connection = Open(storePath);
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE store_meta SET value = $value WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$value", value);
        return command.ExecuteNonQuery();
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}

/// <summary>
/// PostgreSQL: one server for the test process; a fresh store is a copy of a database migrated once
/// (<see cref="PostgresServer.CreateMigratedDatabase"/>), a template is such a database prepared and then closed to
/// connections, and a copy is <c>CREATE DATABASE … TEMPLATE</c> (a file-level copy, no connection open on the template).
/// </summary>
internal sealed class PostgresStoreTemplates(Func<PostgresServer> server) : StoreTemplates
{
    public override Dictionary<string, string> Fresh() => Settings(server().CreateMigratedDatabase());

    protected override Dictionary<string, string> Create(string key) => Settings(server().CreateMigratedDatabase(TemplateName(key)));

    /// <summary>
    /// Gathers the planner's statistics (<c>ANALYZE</c>) before closing: a copy made with <c>CREATE DATABASE … TEMPLATE</c>
    /// keeps them, while a database that was just bulk-written has none until autovacuum comes by (a minute or more), and
    /// without them PostgreSQL plans the log references of a station's half-year (<c>LogRefs</c>: a JSON array of 4,300
    /// keys joined to <c>log_leaves</c>) as a scan of the leaves re-reading the array for each: 52 s instead of 20 ms.
    /// </summary>
    protected override void Seal(string key, string path)
    {
        using (var connection = new NpgsqlConnection(server().ConnectionStringFor(TemplateName(key))))
        {
            connection.Open();
            using var command = new NpgsqlCommand("ANALYZE", connection) { CommandTimeout = 600 };
            command.ExecuteNonQuery();
        }

        server().CloseToConnections(TemplateName(key));
    }

    protected override Dictionary<string, string> Copy(string key, string templatePath, string storePath) =>
        Settings(server().CreateDatabase(template: TemplateName(key)));

    protected override int SetMeta(Dictionary<string, string> settings, string storePath, string key, string value)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(settings["ConnectionStrings:Postgres"]) { Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand("UPDATE store_meta SET value = $1 WHERE key = $2", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = value });
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        return command.ExecuteNonQuery();
    }

    /// <summary>
    /// The app's settings for one database: pooled, as in production (unpooled, every statement opens a new backend: a
    /// fork, a login and cold catalog caches each), and with a command timeout for a loaded shared machine: the
    /// demo's first publication reads its record bytes in one statement, which took over Npgsql's default 30 s at a
    /// load average of 30 on 2 cores.
    /// </summary>
    private static Dictionary<string, string> Settings(string connectionString) => new()
    {
        ["Store:Provider"] = StoreEngines.Postgres,
        ["ConnectionStrings:Postgres"] = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = true, CommandTimeout = 300 }.ConnectionString,
    };

    // A database name from the key: lower-case letters and digits (an identifier without quoting), short and unique.
    private static string TemplateName(string key) => "tpl_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];
}
