namespace Public.Web.Infrastructure.Postgres;

/// <summary>
/// Migration 4: <c>station_hour_packed</c>, the packed copy of each station-month's current hours that SQLite keeps
/// for the wide series (<see cref="AirQuality.Store.AirQualityStore"/>): derived data, not a published dataset (no
/// capture trigger, not append-only — an import rewrites the months it writes). Here so that the schemas hold the
/// same tables and a store copied from SQLite keeps it; the same columns, <c>packed</c> as bytea.
/// </summary>
internal static class PgSchemaStationHourPacked
{
    public const string Sql = """
        CREATE TABLE station_hour_packed (
            station     text COLLATE "C" NOT NULL,
            month_start bigint NOT NULL,
            hours       bigint NOT NULL,
            packed      bytea NOT NULL,
            PRIMARY KEY (station, month_start)
        );
        """;
}
