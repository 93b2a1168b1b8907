using System.Data.Common;
using Public.Web.AirQuality.Store;
using Public.Web.Disclosures;
using Public.Web.Enterprises;
using Public.Web.Infrastructure.Data;
using Public.Web.Penalties.Store;
using Public.Web.Plan;
using Public.Web.SelfMonitoring;
using Public.Web.Transparency;
using Public.Web.Warnings.Store;

namespace Public.Web.Infrastructure;

/// <summary>The schema of every feature, run (idempotently) when a database is opened.</summary>
internal static class Schema
{
    private const string StoreMetaSql = """
        CREATE TABLE IF NOT EXISTS store_meta (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """;

    /// <summary>store_meta's record that the packed copy of station hours (<c>station_hour_packed</c>) has been built.</summary>
    public const string StationHourPackedKey = "schema_station_hour_packed";

    /// <summary>store_meta's record that the days' counts of station hours (<c>station_hour_day</c>) have been built.</summary>
    public const string StationHourDayKey = "schema_station_hour_day";

    /// <summary>The derivations, each recorded under its key once done: the order they run in.</summary>
    private static readonly (string Key, Action<DbConnection, DbTransaction> Build)[] Derivations =
    [
        (StationHourPackedKey, (c, t) => AirQualityStore.RepackAll(c, t)),
        (StationHourDayKey, AirQualityStore.RecountDays),
    ];

    /// <summary>
    /// The steps that derive data for a table added after stores were written, each once per store, recorded in
    /// store_meta: the packed copy of station hours and the days' counts of station hours are built from station_hour
    /// for a store that had rows before they existed (from then on every import keeps them). On both engines: on
    /// PostgreSQL the tables come empty from their migrations, so a database with station hours from before them would
    /// otherwise answer the wide series with no hours and give every span the signature of no hours. In one writing
    /// transaction (SQLite's BEGIN IMMEDIATE, PostgreSQL's writer lock), so two processes opening the same store build
    /// them once, and a failure leaves them to the next start.
    /// </summary>
    public static void Upgrade(DbConnection connection)
    {
        // Read first without a transaction: an upgraded store (every start but the first) takes no write lock, so a
        // start never waits for an import that another process is running.
        if (Derivations.All(d => Done(connection, null, d.Key)))
        {
            return;
        }

        using var transaction = connection.BeginTransaction();
        StoreDialect.Of(connection).BeginWrite(connection, transaction);
        foreach (var (key, build) in Derivations)
        {
            if (!Done(connection, transaction, key))
            {
                build(connection, transaction);
                connection.Execute(transaction, "INSERT INTO store_meta(key, value) VALUES (@k, '1')", ("@k", key));
            }
        }

        transaction.Commit();
    }

    private static bool Done(DbConnection connection, DbTransaction? transaction, string key)
    {
        using var check = connection.Command(transaction, "SELECT 1 FROM store_meta WHERE key = @k", ("@k", key));
        return check.ExecuteScalar() is not null;
    }

    public static string Sql { get; } = StoreMetaSql + AirQualityStore.SchemaSql + PenaltyStore.SchemaSql + WarningStore.SchemaSql + EnterpriseStore.SchemaSql + CemsStore.SchemaSql + ManualResultStore.SchemaSql + DisclosureStore.SchemaSql + PlanStore.SchemaSql + LogStore.SchemaSql + Ingest.IngestStore.SchemaSql;
}
