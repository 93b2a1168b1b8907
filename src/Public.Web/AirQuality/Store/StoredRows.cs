using System.Buffers.Binary;
using System.Runtime.InteropServices;

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
/// <see cref="PublishedTypes.All"/>, NaN = missing. The arrays are rented from <see cref="System.Buffers.ArrayPool{T}"/>
/// (a year's values are 1 MB, a large-object-heap allocation per request otherwise) and returned on dispose; a row is
/// only valid below <see cref="Count"/>.
/// </summary>
/// <param name="capacity">The hours expected (those of the period): the arrays are rented once.</param>
internal sealed class HourValues(string station, int capacity = 256) : IDisposable
{
    private long[] _hourEnd = Rent<long>(capacity);
    private int[] _version = Rent<int>(capacity);
    private double[] _values = Rent<double>(capacity * PublishedTypes.Count);

    public string Station { get; } = station;

    public int Count { get; private set; }

    public long[] HourEnd => _hourEnd;

    public int[] Version => _version;

    /// <summary>Value <paramref name="index"/> (of <see cref="PublishedTypes.All"/>) of row <paramref name="row"/>.</summary>
    public double Value(int row, int index) => _values[(row * PublishedTypes.Count) + index];

    /// <summary>The 15 values of row <paramref name="row"/>.</summary>
    public Span<double> Row(int row) => _values.AsSpan(row * PublishedTypes.Count, PublishedTypes.Count);

    /// <summary>Appends an hour (values to be filled in) and returns its row.</summary>
    public int Add(long hourEnd)
    {
        if (Count == _hourEnd.Length || (Count + 1) * PublishedTypes.Count > _values.Length)
        {
            Grow(ref _hourEnd, Count, Count * 2);
            Grow(ref _version, Count, Count * 2);
            Grow(ref _values, Count * PublishedTypes.Count, Count * 2 * PublishedTypes.Count);
        }

        _hourEnd[Count] = hourEnd;
        return Count++;
    }

    /// <summary>Appends the hours of <paramref name="later"/> (a period that follows this one's).</summary>
    public void Append(HourValues later)
    {
        var count = Count + later.Count;
        if (count > _hourEnd.Length || count * PublishedTypes.Count > _values.Length)
        {
            Grow(ref _hourEnd, Count, count);
            Grow(ref _version, Count, count);
            Grow(ref _values, Count * PublishedTypes.Count, count * PublishedTypes.Count);
        }

        later._hourEnd.AsSpan(0, later.Count).CopyTo(_hourEnd.AsSpan(Count));
        later._version.AsSpan(0, later.Count).CopyTo(_version.AsSpan(Count));
        later._values.AsSpan(0, later.Count * PublishedTypes.Count).CopyTo(_values.AsSpan(Count * PublishedTypes.Count));
        Count = count;
    }

    /// <summary>
    /// The rows as one packed value (<see cref="AirQualityStore"/>'s <c>station_hour_packed</c>): the hour ends
    /// (int64), then the versions (int32), then the values row by row (15 doubles an hour, NaN = missing), little-endian
    /// — the three arrays as they are in memory, so reading them back is three copies.
    /// </summary>
    public byte[] Pack()
    {
        if (!BitConverter.IsLittleEndian)
        {
            // Every platform .NET runs this app on is little-endian; the layout is defined as such.
            throw new PlatformNotSupportedException("station_hour_packed is little-endian");
        }

        var packed = new byte[Count * PackedBytesPerHour];
        var at = 0;
        at += Copy(MemoryMarshal.AsBytes(_hourEnd.AsSpan(0, Count)), packed, at);
        at += Copy(MemoryMarshal.AsBytes(_version.AsSpan(0, Count)), packed, at);
        Copy(MemoryMarshal.AsBytes(_values.AsSpan(0, Count * PublishedTypes.Count)), packed, at);
        return packed;

        static int Copy(ReadOnlySpan<byte> from, byte[] to, int at)
        {
            from.CopyTo(to.AsSpan(at));
            return from.Length;
        }
    }

    /// <summary>The bytes of one hour in <see cref="Pack"/>'s layout.</summary>
    public const int PackedBytesPerHour = sizeof(long) + sizeof(int) + (PublishedTypes.Count * sizeof(double));

    /// <summary>
    /// Appends the hours of a packed value (<see cref="Pack"/>, <paramref name="hours"/> of them, in hour order) whose
    /// hour end is in (fromExclusive, toInclusive]; false, appending nothing, when its length is not that of
    /// <paramref name="hours"/> hours.
    /// </summary>
    public bool AppendPacked(ReadOnlySpan<byte> packed, int hours, long fromExclusive, long toInclusive)
    {
        if (hours < 0 || packed.Length != hours * PackedBytesPerHour)
        {
            return false;
        }

        var hourEnds = packed[..(hours * sizeof(long))];
        var versions = packed.Slice(hours * sizeof(long), hours * sizeof(int));
        var values = packed[(hours * (sizeof(long) + sizeof(int)))..];
        // Hours are in order: the first inside the period and the first after it, by binary search.
        var first = FirstAfter(hourEnds, hours, fromExclusive);
        var end = FirstAfter(hourEnds, hours, toInclusive);
        var take = end - first;
        if (take <= 0)
        {
            return true;
        }

        var count = Count + take;
        if (count > _hourEnd.Length || count * PublishedTypes.Count > _values.Length)
        {
            Grow(ref _hourEnd, Count, Math.Max(count, Count * 2));
            Grow(ref _version, Count, Math.Max(count, Count * 2));
            Grow(ref _values, Count * PublishedTypes.Count, Math.Max(count, Count * 2) * PublishedTypes.Count);
        }

        hourEnds.Slice(first * sizeof(long), take * sizeof(long)).CopyTo(MemoryMarshal.AsBytes(_hourEnd.AsSpan(Count, take)));
        versions.Slice(first * sizeof(int), take * sizeof(int)).CopyTo(MemoryMarshal.AsBytes(_version.AsSpan(Count, take)));
        values.Slice(first * PublishedTypes.Count * sizeof(double), take * PublishedTypes.Count * sizeof(double))
            .CopyTo(MemoryMarshal.AsBytes(_values.AsSpan(Count * PublishedTypes.Count, take * PublishedTypes.Count)));
        Count = count;
        return true;

        static int FirstAfter(ReadOnlySpan<byte> hourEnds, int hours, long hourEnd)
        {
            int lo = 0, hi = hours;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (BinaryPrimitives.ReadInt64LittleEndian(hourEnds[(mid * sizeof(long))..]) <= hourEnd)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            return lo;
        }
    }

    public void Dispose()
    {
        Return(ref _hourEnd);
        Return(ref _version);
        Return(ref _values);
        Count = 0;
    }

    private static T[] Rent<T>(int length) => System.Buffers.ArrayPool<T>.Shared.Rent(Math.Max(length, 1));

    private static void Grow<T>(ref T[] array, int used, int length)
    {
        var larger = Rent<T>(length);
        array.AsSpan(0, used).CopyTo(larger);
        System.Buffers.ArrayPool<T>.Shared.Return(array);
        array = larger;
    }

    private static void Return<T>(ref T[] array)
    {
        if (array.Length > 0)
        {
            System.Buffers.ArrayPool<T>.Shared.Return(array);
            array = [];
        }
    }
}
