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

    public static string Sql { get; } = StoreMetaSql + AirQualityStore.SchemaSql + PenaltyStore.SchemaSql + WarningStore.SchemaSql + EnterpriseStore.SchemaSql + CemsStore.SchemaSql + ManualResultStore.SchemaSql + DisclosureStore.SchemaSql + PlanStore.SchemaSql + LogStore.SchemaSql + Ingest.IngestStore.SchemaSql;
}
