namespace Public.Web.AirQuality.Store;

/// <summary>
/// One published station-hour: the 15 values of the national release for one station and hour, as one
/// version. Values are indexed like <see cref="PublishedTypes.All"/>; null = blank (missing) in the source.
/// </summary>
internal sealed record StationHourRow(
    string Station,
    long HourEndUnix,
    int Version,
    string RecordedAt,
    long BatchId,
    string Source,
    int? SourceLine,
    string? Reason,
    decimal?[] Values)
{
    public bool SameValues(decimal?[] other)
    {
        for (var i = 0; i < Values.Length; i++)
        {
            if (Values[i] != other[i])
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>
/// A derived day (station or city): GB 3095 daily values with their coverage, and the daily AQI.
/// Area is a station code or <see cref="AirQualityStore.CityArea"/>. Counts are valid hours for a station
/// day and contributing stations for a city day.
/// </summary>
internal sealed record DayRow(
    string Area,
    DateOnly Date,
    decimal? SO2, int SO2Count,
    decimal? NO2, int NO2Count,
    decimal? PM10, int PM10Count,
    decimal? CO, int COCount,
    decimal? PM25, int PM25Count,
    decimal? O3_1hMax, int O3_1hCount,
    decimal? O3_8hMax, int O3_8hCount,
    int? Aqi,
    string? PrimaryPollutants,
    string Edition);

/// <summary>A derived city hour: the arithmetic mean of the stations' 1-hour values, and its AQI.</summary>
internal sealed record CityHourRow(
    long HourEndUnix,
    decimal? SO2, decimal? NO2, decimal? PM10, decimal? CO, decimal? O3, decimal? PM25,
    int Stations,
    int? Aqi,
    string? PrimaryPollutants,
    string Edition);

/// <summary>A record of one import run, kept for auditors.</summary>
internal sealed record ImportBatchRow(
    long Id, string Kind, string StartedAt, string? FinishedAt, int Files, int Rows, int ValuesStored,
    int NewRecords, int NewVersions, int Unchanged, int Rejected, string Status);

/// <summary>
/// The current versions of one station's hours, column-wise and unboxed (the wide series reads a year of them per
/// request): hour ends (Unix seconds), versions, and the 15 published values per hour as doubles, indexed like
/// <see cref="PublishedTypes.All"/>, NaN = missing.
/// </summary>
/// <param name="capacity">The hours expected (those of the period): the arrays are allocated once.</param>
internal sealed class HourValues(string station, int capacity = 256)
{
    private long[] _hourEnd = new long[Math.Max(capacity, 1)];
    private int[] _version = new int[Math.Max(capacity, 1)];
    private double[] _values = new double[Math.Max(capacity, 1) * PublishedTypes.Count];

    public string Station { get; } = station;

    public int Count { get; private set; }

    public long[] HourEnd => _hourEnd;

    public int[] Version => _version;

    /// <summary>The 15 values of row <paramref name="row"/>.</summary>
    public Span<double> Row(int row) => _values.AsSpan(row * PublishedTypes.Count, PublishedTypes.Count);

    /// <summary>Appends an hour (values to be filled in) and returns its row.</summary>
    public int Add(long hourEnd)
    {
        if (Count == _hourEnd.Length)
        {
            Array.Resize(ref _hourEnd, Count * 2);
            Array.Resize(ref _version, Count * 2);
            Array.Resize(ref _values, Count * 2 * PublishedTypes.Count);
        }

        _hourEnd[Count] = hourEnd;
        return Count++;
    }
}
