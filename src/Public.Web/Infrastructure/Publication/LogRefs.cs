using System.Globalization;
using System.Text.Json;
using Public.Web.Infrastructure.Data;
using Public.Web.Transparency;

namespace Public.Web.Infrastructure.Publication;

/// <summary>
/// The <see cref="LogRefDto"/> of a set of record versions of one dataset, read in one query (a year of station-hours is
/// one lookup, not 8,760): the answer's record ids and versions go in as one JSON array, and each meets its leaf through
/// the <c>log_leaves (dataset, record_id, version)</c> index. CROSS JOIN keeps json_each the outer loop: left to itself
/// SQLite scans every leaf of the dataset and json_each inside it (a station-half-year took over a minute that way, 2 ms this way).
/// The same SQL on PostgreSQL (<see cref="StoreDialect.JsonArrayElements"/>; <c>-&gt;&gt;</c> reads an element on both).
/// </summary>
internal sealed class LogRefs
{
    private static readonly LogRefs Empty = new(new Dictionary<(string, long), LogRefDto>());
    private readonly Dictionary<(string Id, long Version), LogRefDto> _refs;

    private LogRefs(Dictionary<(string Id, long Version), LogRefDto> refs) => _refs = refs;

    /// <summary>The leaves of these versions (a version the log does not hold has none).</summary>
    public static LogRefs Read(Database database, PublishedDataset dataset, IEnumerable<(string Id, long Version)> versions)
    {
        var keys = versions.Distinct().ToList();
        if (keys.Count == 0)
        {
            return Empty;
        }

        using var connection = database.Connect();
        using var command = connection.Command(null, $"""
            SELECT l.record_id, l.version, l.idx, l.record_sha256
            FROM {database.Dialect.JsonArrayElements("@keys")} j
            {database.Dialect.JoinInThisOrder} log_leaves l ON l.dataset = @dataset AND l.record_id = (j.value ->> 0) AND l.version = CAST(j.value ->> 1 AS BIGINT)
            WHERE l.kind = 'record'
            """,
            ("@dataset", dataset.Name), ("@keys", JsonSerializer.Serialize(keys.Select(k => new object[] { k.Id, k.Version }))));
        var refs = new Dictionary<(string, long), LogRefDto>(keys.Count);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            refs[(reader.GetString(0), reader.GetInt64(1))] = new LogRefDto(reader.GetInt64(2), reader.GetString(3));
        }

        return new LogRefs(refs);
    }

    /// <summary>
    /// The latest logged version of each of these records, for answers that show a record's current state without its
    /// version number (the current version of a record is the last one the pipeline logged; a withdrawn record is not served).
    /// </summary>
    public static LogRefs ReadLatest(Database database, PublishedDataset dataset, IEnumerable<string> ids)
    {
        var keys = ids.Distinct(StringComparer.Ordinal).ToList();
        if (keys.Count == 0)
        {
            return Empty;
        }

        using var connection = database.Connect();
        // Each id as a one-element array, so that `->> 0` reads it as text on both engines.
        using var command = connection.Command(null, $"""
            SELECT l.record_id, l.version, l.idx, l.record_sha256
            FROM {database.Dialect.JsonArrayElements("@ids")} j
            {database.Dialect.JoinInThisOrder} log_leaves l ON l.dataset = @dataset AND l.record_id = (j.value ->> 0)
            WHERE l.kind = 'record'
              AND l.version = (SELECT MAX(m.version) FROM log_leaves m WHERE m.dataset = l.dataset AND m.record_id = l.record_id AND m.kind = 'record')
            """,
            ("@dataset", dataset.Name), ("@ids", JsonSerializer.Serialize(keys.Select(k => new[] { k }))));
        var refs = new Dictionary<(string, long), LogRefDto>(keys.Count);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            // Keyed by id alone (version 0): the caller does not know the version.
            refs[(reader.GetString(0), 0)] = new LogRefDto(reader.GetInt64(2), reader.GetString(3));
        }

        return new LogRefs(refs);
    }

    /// <summary>The latest logged version of a record read by <see cref="ReadLatest"/>.</summary>
    public LogRefDto? Latest(string id) => _refs.GetValueOrDefault((id, 0));

    /// <summary>The versions of records named by their natural key's parts (<see cref="RecordIds.Of"/>).</summary>
    public static LogRefs Read<T>(Database database, PublishedDataset dataset, IEnumerable<T> items, Func<T, IEnumerable<object?>> key, Func<T, long> version) =>
        Read(database, dataset, items.Select(i => (RecordIds.Of(key(i)), version(i))));

    public LogRefDto? Of(string id, long version) => _refs.GetValueOrDefault((id, version));

    public LogRefDto? Of(IEnumerable<object?> key, long version) => Of(RecordIds.Of(key), version);

    /// <summary>
    /// The log id of a station-hour: the station and the hour's end in China time (UTC+8) to the hour, as
    /// <see cref="PublishedDatasets.StationHours"/> writes it in SQL.
    /// </summary>
    public static object?[] StationHourKey(string station, DateTimeOffset hourEnd) =>
        [station, hourEnd.ToOffset(ChinaTime.Offset).ToString("yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture)];
}
