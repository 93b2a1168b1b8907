using Microsoft.Data.Sqlite;
using Public.Web.AirQuality.Store;
using Public.Web.Disclosures;
using Public.Web.Enterprises;
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

    /// <summary>
    /// The steps that derive data for a table added after stores were written, each once per store, recorded in
    /// store_meta: the packed copy of station hours is built from station_hour for a store that had rows before it
    /// existed (from then on every import keeps it). In one immediate transaction, so two processes opening the same
    /// store build it once, and a failure leaves it to the next start.
    /// </summary>
    public static void Upgrade(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        using (var check = connection.CreateCommand())
        {
            check.Transaction = transaction;
            check.CommandText = "SELECT 1 FROM store_meta WHERE key = $k";
            check.Parameters.AddWithValue("$k", StationHourPackedKey);
            if (check.ExecuteScalar() is not null)
            {
                return;
            }
        }

        AirQualityStore.RepackAll(connection, transaction);
        using (var mark = connection.CreateCommand())
        {
            mark.Transaction = transaction;
            mark.CommandText = "INSERT INTO store_meta(key, value) VALUES ($k, '1')";
            mark.Parameters.AddWithValue("$k", StationHourPackedKey);
            mark.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    public static string Sql { get; } = StoreMetaSql + AirQualityStore.SchemaSql + PenaltyStore.SchemaSql + WarningStore.SchemaSql + EnterpriseStore.SchemaSql + CemsStore.SchemaSql + ManualResultStore.SchemaSql + DisclosureStore.SchemaSql + PlanStore.SchemaSql + LogStore.SchemaSql + Ingest.IngestStore.SchemaSql;
}
