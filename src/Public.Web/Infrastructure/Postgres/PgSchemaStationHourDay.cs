namespace Public.Web.Infrastructure.Postgres;

/// <summary>
/// Migration 7: <c>station_hour_day</c>, the number of station_hour rows (every version) of each natural day and their
/// latest batch, which every import adds to in its transaction (<see cref="AirQuality.Store.AirQualityStore"/>): the
/// signature of a day's, a month's or a year's stored hours (the bulk archives' and the long series' month chunks) is
/// read from these few rows instead of counting the station hours. Derived data, not a published dataset (no capture
/// trigger, not append-only: an import adds to its days' rows). Filled for a database with earlier station hours by
/// <see cref="Schema.Upgrade"/> on the next start, as on SQLite.
/// </summary>
internal static class PgSchemaStationHourDay
{
    public const string Sql = """
        CREATE TABLE station_hour_day (
            day_start bigint PRIMARY KEY,
            rows      bigint NOT NULL,
            max_batch bigint NOT NULL
        );
        """;
}
