using System.Data.Common;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Public.Web.AirQuality.Import;

namespace Public.Web.Tests.Hosting;

/// <summary>
/// The whole app on a TestServer over its own SQLite file in its own temp folder (deleted on dispose), or its own
/// PostgreSQL database when <c>TEST_STORE=postgres</c> (<see cref="TestStore"/>), so every test or test class owns its
/// data. Demo seeding is off unless asked for.
/// </summary>
public sealed class PublicWebApp : IDisposable
{
    private readonly Factory _factory;

    /// <summary>The PostgreSQL database <see cref="TestStore"/> made for this app (dropped on dispose); null on SQLite or a store the caller named.</summary>
    private readonly string? _ownDatabase;

    /// <param name="demo">Seed demo data into the empty database.</param>
    /// <param name="kestrel">Serve on real Kestrel at a free loopback port (for a browser), not on a TestServer.</param>
    /// <param name="settings">Extra configuration, e.g. <c>GraphQL:Limits:ExecutionTimeout</c>.</param>
    /// <param name="time">The clock the app sees (demo data run up to its "now"); the system clock when null.</param>
    /// <param name="databasePath">An existing database to open instead of a fresh one.</param>
    /// <param name="folder">The test's folder, made by the caller (to name paths inside it in <paramref name="settings"/>).</param>
    /// <param name="services">More services for the app (e.g. an <c>IExportFiles</c> of the test).</param>
    /// <param name="seededOnce">
    /// With <paramref name="demo"/> and a <see cref="FixedTime"/>: start on this app's own copy of the demo store that the
    /// test process seeded once for that instant (<see cref="StoreTemplate.Demo"/>), not on one seeded afresh. For tests
    /// that read the demo data; tests of seeding itself seed their own.
    /// </param>
    /// <param name="copyOf">Start on this app's own copy of a store the test process prepared once (<see cref="StoreTemplates"/>).</param>
    /// <param name="engine">The engine of this app's store (<see cref="TestStore.Engine"/> when null), for tests about one engine.</param>
    public PublicWebApp(bool demo = false, bool kestrel = false, IReadOnlyDictionary<string, string>? settings = null,
        TimeProvider? time = null, string? databasePath = null, string? folder = null, Action<IServiceCollection>? services = null,
        bool seededOnce = false, StoreTemplate? copyOf = null, string? engine = null)
    {
        Folder = folder ?? Directory.CreateTempSubdirectory("public-web-tests-").FullName;
        DatabasePath = databasePath ?? Path.Combine(Folder, "store", "test.db");
        if (seededOnce)
        {
            if (!demo || time is not FixedTime fixedTime || copyOf is not null)
            {
                throw new ArgumentException("seededOnce needs demo: true and a FixedTime, and no copyOf", nameof(seededOnce));
            }

            copyOf = StoreTemplate.Demo(fixedTime);
        }

        // A copy is what the template's app made (no extra settings or services): the copy must be what this app would make.
        if (copyOf is not null && (databasePath is not null || settings is not null || services is not null))
        {
            throw new ArgumentException("a copy of a store template takes no databasePath, settings or services", nameof(copyOf));
        }

        var stores = TestStore.For(engine);
        var store = copyOf is not null ? stores.CopyOf(copyOf, DatabasePath)
            : databasePath is null && settings?.ContainsKey("Store:Provider") != true ? stores.Fresh()
            : [];
        StoreSettings = store;
        PostgresConnectionString = store.GetValueOrDefault("ConnectionStrings:Postgres");
        _ownDatabase = PostgresConnectionString is null ? null : new NpgsqlConnectionStringBuilder(PostgresConnectionString).Database;
        _factory = new Factory(DatabasePath, demo, store.Concat(settings ?? new Dictionary<string, string>()).ToDictionary(), time, services);
        if (kestrel)
        {
            _factory.UseKestrel(0);
            _factory.StartServer();
        }

        Client = _factory.CreateClient();
    }

    /// <summary>
    /// The clock of the shared demo fixtures that only read (the site and browser tests' Kestrel app, the archives, the
    /// log references): noon of 1 June 2021 in China, after every demo dataset's last record (the plan reports run to
    /// March 2020, CEMS is 2019, the registry's lists end in 2021 whatever the clock) and after the plan's last deadline
    /// (2020-12-31), so every page reads as on any later day: the export-site process of the export tests, which runs
    /// on the system clock, renders the plan's statuses as the server does. Fixed, so their data (three and a half
    /// years) and their cost stay the same whatever today's date; the system clock gave them every hour up to today
    /// (nine years in December 2026) and made them slower every day.
    /// </summary>
    public static FixedTime DemoClock { get; } = new(new DateTimeOffset(2021, 6, 1, 12, 0, 0, TimeSpan.FromHours(8)));

    /// <summary>
    /// The clock of the tests that need a demo store but not its later years: noon of 1 March 2019 in China (the demo's
    /// first CEMS months, its manual results of 2018, its registry, which ends in 2021 whatever the clock), and of the
    /// tests that only need some demo store (every demo store refuses imports). One clock for all of them, so a test
    /// process seeds this store once (<see cref="StoreTemplate.Demo"/>), not once per instant: on PostgreSQL a demo
    /// seeding is the costliest set-up of the suite.
    /// </summary>
    public static FixedTime EarlyDemoClock { get; } = new(new DateTimeOffset(2019, 3, 1, 12, 0, 0, TimeSpan.FromHours(8)));

    public string Folder { get; }

    public string DatabasePath { get; }

    /// <summary>
    /// The settings that name the store <see cref="TestStore"/> gave this app (none on SQLite, where <see cref="DatabasePath"/>
    /// is the store): another app given them and the same <c>databasePath</c> runs on the same store, as a second replica would.
    /// </summary>
    public IReadOnlyDictionary<string, string> StoreSettings { get; }

    /// <summary>The app's PostgreSQL database when <see cref="TestStore"/> gave it one; null on SQLite.</summary>
    public string? PostgresConnectionString { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _factory.Services;

    internal CnemcImporter Importer => Services.GetRequiredService<CnemcImporter>();

    public ImportSummary Import(params string[] inputs) => Importer.Import(inputs, new ImportOptions());

    public ImportSummary Import(ImportOptions options, params string[] inputs) => Importer.Import(inputs, options);

    /// <summary>Writes a text file into the test's folder: UTF-8, optionally with BOM, LF or CRLF line ends.</summary>
    public string WriteText(string name, string text, bool bom = false, bool crlf = false)
    {
        var normalized = text.ReplaceLineEndings(crlf ? "\r\n" : "\n");
        var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(normalized);
        return WriteBytes(name, bom ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes);
    }

    public string WriteBytes(string name, byte[] bytes)
    {
        var path = Path.Combine(Folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A plain connection to this app's store (its PostgreSQL database or SQLite file), not through the store under test.</summary>
    public DbConnection OpenStore() => TestStore.Open(PostgresConnectionString, DatabasePath);

    /// <summary>Rows in the published station-hour table, read with plain SQL (not through the store under test).</summary>
    public long StoredStationHourRows() => TestStore.Scalar(PostgresConnectionString, DatabasePath, "SELECT COUNT(*) FROM station_hour");

    public void Dispose()
    {
        Client.Dispose();
        _factory.Dispose();
        // Pooled connections keep the file open; release them before deleting the folder.
        SqliteConnection.ClearAllPools();
        if (_ownDatabase is not null)
        {
            TestStore.PostgresServer.DropDatabase(_ownDatabase);
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a late reader; the OS temp cleaner takes it.
        }
    }

    private sealed class Factory(string databasePath, bool demo, IReadOnlyDictionary<string, string> settings, TimeProvider? time,
        Action<IServiceCollection>? services) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Store:Path", databasePath);
            builder.UseSetting("Store:Demo", demo ? "true" : "false");
            // Every request of a TestServer comes from one "client": only the rate-limit tests want the real limit.
            builder.UseSetting("RateLimiting:PermitPerMinute", "1000000");
            // CI runs both test passes at once on two cores: a cold GraphQL request took more than the 10 s default there
            // (DemoAuditJourneyTests, 2026-12-06). The tests of the timeout set their own (the settings below win).
            builder.UseSetting("GraphQL:Limits:ExecutionTimeout", "00:01:00");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            if (time is not null)
            {
                builder.ConfigureServices(s => s.AddSingleton(time));
            }

            if (services is not null)
            {
                builder.ConfigureServices(services);
            }
        }
    }
}

/// <summary>A clock that always says the same instant.</summary>
public sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
}
