using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Public.Web.Disclosures.Import;
using Public.Web.Enterprises;
using Public.Web.AirQuality;
using Public.Web.AirQuality.Import;
using Public.Web.AirQuality.Stations;
using Public.Web.AirQuality.Store;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Publication;
using Public.Web.Penalties;
using Public.Web.Plan;
using Public.Web.Plan.Import;
using Public.Web.Penalties.Import;
using Public.Web.Penalties.Store;
using Public.Web.SelfMonitoring;
using Public.Web.Transparency;
using Public.Web.Warnings;
using Public.Web.Warnings.Import;
using Public.Web.Warnings.Store;

using Public.Web.Tests.Hosting;

namespace Public.Web.Tests.Postgres;

/// <summary>
/// The engines a store test runs on: an xunit theory takes
/// <c>[MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))] string engine</c> and asks its
/// <see cref="EngineServer"/> class fixture for a fresh store on that engine. Both by default; the environment variable
/// <c>STORE_ENGINES</c> (comma-separated: <c>sqlite</c>, <c>postgres</c>) narrows the run, e.g. to SQLite alone where
/// PostgreSQL is not installed.
/// </summary>
public static class StoreEngines
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    public const string Variable = "STORE_ENGINES";

    public static IReadOnlyList<string> Selected { get; } = Select();

    public static TheoryData<string> All => new(Selected);

    public static bool IsSelected(string engine) => Selected.Contains(engine);

    private static string[] Select()
    {
        var text = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return [Sqlite, Postgres];
        }

        var engines = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(e => e.ToLowerInvariant()).Distinct().ToArray();
        var unknown = engines.Where(e => e is not (Sqlite or Postgres)).ToList();
        return unknown.Count == 0
            ? engines
            : throw new InvalidOperationException($"{Variable} names unknown engine(s) {string.Join(", ", unknown)}: use sqlite, postgres or both (comma-separated)");
    }
}

/// <summary>
/// Fresh stores on either engine for a test class: every call of <see cref="Create"/> gives a store of its own, a new
/// SQLite file or a new migrated database on PostgreSQL (a copy of the server's migrated template). The one PostgreSQL
/// server of the test process (<see cref="TestStore.PostgresServer"/>, the apps' too) serves the engine tests (started on
/// the first PostgreSQL case, so a SQLite-only run starts none; stopped when the process exits): one per class cost an
/// initdb, a start and a stop for every engine test class. A class's databases are dropped when it ends.
/// </summary>
public sealed class EngineServer : IDisposable
{
    private readonly List<NpgsqlDataSource> _dataSources = [];
    private readonly List<string> _databases = [];
    private readonly Dictionary<Database, string> _connectionStrings = [];
    private readonly string _folder = Directory.CreateTempSubdirectory("engine-stores-").FullName;

    public Database Create(string engine)
    {
        if (engine == StoreEngines.Sqlite)
        {
            return new Database(Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".db"));
        }

        var connectionString = TestStore.PostgresServer.CreateMigratedDatabase();
        var dataSource = NpgsqlDataSource.Create(Pooled(connectionString));
        lock (_dataSources)
        {
            _dataSources.Add(dataSource);
            _databases.Add(new NpgsqlConnectionStringBuilder(connectionString).Database!);
        }

        var database = Database.OnPostgres(dataSource);
        lock (_dataSources)
        {
            _connectionStrings[database] = dataSource.ConnectionString;
        }

        return database;
    }

    /// <summary>
    /// The store's connections pooled, as the app's are in production (its connection strings do not turn pooling off):
    /// the server's unpooled test strings opened a new server process for every <c>Connect()</c>, which made a proof per
    /// record of <c>LogReadEngineTests</c> take most of a minute. Idle connections close after a few seconds, so the
    /// many stores of the classes running at once stay far below the server's 50 connections.
    /// </summary>
    private static string Pooled(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString)
    {
        Pooling = true,
        ConnectionIdleLifetime = 5,
        ConnectionPruningInterval = 1,
    }.ConnectionString;

    /// <summary>A second handle on the same store, as another machine (replica or import process) would open it.</summary>
    public Database Reopen(Database database)
    {
        if (database.Dialect == Public.Web.Infrastructure.Data.StoreDialect.Sqlite)
        {
            return new Database(database.FullPath);
        }

        string connectionString;
        lock (_dataSources)
        {
            connectionString = _connectionStrings[database];
        }

        var dataSource = NpgsqlDataSource.Create(connectionString);
        lock (_dataSources)
        {
            _dataSources.Add(dataSource);
        }

        return Database.OnPostgres(dataSource);
    }

    /// <summary>A folder of this fixture's for import files.</summary>
    public string WriteText(string name, string text)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N")[..8] + "-" + name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        foreach (var dataSource in _dataSources)
        {
            dataSource.Dispose();
        }

        // FORCE: a connection a test left open (a monitor's LISTEN) does not keep its database.
        foreach (var database in _databases)
        {
            TestStore.PostgresServer.DropDatabase(database);
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>
/// The services ported to both engines, composed directly over a <see cref="Database"/> (the app itself still refuses
/// Store:Provider=postgres): the log's checkpoint writer, the publisher and the penalties feature (importer, query
/// service — the one REST and GraphQL call), the warnings feature (importer, query service with its comparison with the
/// observed city AQI), plan progress (importer, store, query service with the measured targets), air quality (the
/// CNEMC importer, store and query service), the enterprise registry (importer, store, query service), CEMS
/// (HJ 212 importer, store, query services) and manual monitoring (importer, store), and the disclosures importer, whose
/// check of each credit code reads the registry. Next slices add their ported services here.
/// </summary>
internal sealed class PortedServices
{
    public PortedServices(Database database, TimeProvider time, INoteSigner? key = null)
    {
        Database = database;
        Checkpoints = new LogCheckpointWriter(database, new Lazy<INoteSigner>(key ?? Ed25519NoteSigner.Generate("test.example/log")), time,
            NullLogger<LogCheckpointWriter>.Instance);
        Checkpoints.Start();
        Publisher = new Publisher(database, Checkpoints, time);
        PenaltyImporter = new PenaltyImporter(Publisher, time);
        Penalties = new PenaltyQueries(new PenaltyStore(database));
        var content = new ContentFiles(Path.Combine(AppContext.BaseDirectory, "content"));
        AirStore = new AirQualityStore(database);
        var stations = StationRegistry.Load(content);
        AirImporter = new CnemcImporter(AirStore, stations, Publisher, time);
        var plan = PlanContent.Load(content);
        Air = new AirQualityQueries(AirStore, stations, PlanTargets.From(plan), time);
        var warnings = new WarningStore(database);
        WarningImporter = new WarningImporter(warnings, Publisher);
        Warnings = new WarningQueries(warnings, AirStore,
            WarningsModule.Calendar(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build()), time);
        PlanStore = new PlanStore(database);
        PlanImporter = new PlanProgressImporter(Publisher, plan, time);
        Plan = new PlanQueries(plan, PlanStore, Air, time);
        ComposeRegistryAndSelfMonitoring(time);
    }

    // ---- The enterprise registry, CEMS and manual monitoring (and the disclosures importer, which checks the registry) ----

    [System.Diagnostics.CodeAnalysis.MemberNotNull(nameof(Enterprises), nameof(EnterpriseImporter), nameof(EnterpriseQueries), nameof(Cems),
        nameof(Hj212Importer), nameof(SelfMonitoring), nameof(EmissionSummaries), nameof(ManualResults), nameof(ManualImporter), nameof(DisclosureImporter))]
    private void ComposeRegistryAndSelfMonitoring(TimeProvider time)
    {
        Enterprises = new EnterpriseStore(Database);
        EnterpriseImporter = new EnterpriseImporter(Enterprises, Publisher);
        EnterpriseQueries = new EnterpriseQueries(Enterprises);
        Cems = new CemsStore(Database);
        Hj212Importer = new Hj212Importer(Enterprises, Publisher);
        SelfMonitoring = new SelfMonitoringQueries(Enterprises, Cems, new CemsBatchReads(Cems), time);
        EmissionSummaries = new EmissionSummaryQueries(Enterprises, Cems);
        ManualResults = new ManualResultStore(Database);
        ManualImporter = new ManualMonitoringImporter(Enterprises, Publisher, time);
        DisclosureImporter = new DisclosureImporter(Enterprises, Publisher, time);
    }

    public EnterpriseStore Enterprises { get; private set; }

    public EnterpriseImporter EnterpriseImporter { get; private set; }

    /// <summary>The registry's query service (what the site and GraphQL call; REST reads the store through the same methods).</summary>
    public EnterpriseQueries EnterpriseQueries { get; private set; }

    public CemsStore Cems { get; private set; }

    public Hj212Importer Hj212Importer { get; private set; }

    /// <summary>The self-monitoring query service REST, GraphQL and the site call.</summary>
    public SelfMonitoringQueries SelfMonitoring { get; private set; }

    public EmissionSummaryQueries EmissionSummaries { get; private set; }

    public ManualResultStore ManualResults { get; private set; }

    public ManualMonitoringImporter ManualImporter { get; private set; }

    public DisclosureImporter DisclosureImporter { get; private set; }

    // ---- end of the registry and self-monitoring block ----

    public Database Database { get; }

    public LogCheckpointWriter Checkpoints { get; }

    public Publisher Publisher { get; }

    public PenaltyImporter PenaltyImporter { get; }

    public PenaltyQueries Penalties { get; }

    public WarningImporter WarningImporter { get; }

    public WarningQueries Warnings { get; }

    public PlanStore PlanStore { get; }

    public PlanProgressImporter PlanImporter { get; }

    public PlanQueries Plan { get; }

    public AirQualityStore AirStore { get; }

    public CnemcImporter AirImporter { get; }

    public AirQualityQueries Air { get; }

    /// <summary>How many rows a table holds (tests compare before and after).</summary>
    public long Count(string table)
    {
        using var connection = Database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
