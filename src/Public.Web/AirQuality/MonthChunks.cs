using System.Collections.Concurrent;
using Public.Web.Bulk;

namespace Public.Web.AirQuality;

/// <summary>
/// The long-shape series over whole months — the city's hourly series (a year:
/// <c>/api/v1/city/hourly?from=2019-01-01&amp;to=2019-12-31</c>) and the city's and each station's daily series — and
/// the hourly series over a few days (a station's or the city's last seven days, the default), JSON and CSV, rendered
/// month by month (or day by day) and kept in memory, each span's bytes with that span's signature: the stored hours
/// of its natural days, the very signature the bulk archives build their months by
/// (<see cref="BulkArchives.HourSignature"/>, read once per data version; the city's hours and the days are derived
/// from a day's stored hours at import, and each hour's log reference written, in the same batch). After a new day
/// only its span is read and rendered again; the other spans' bytes are joined as they were, so the answer is byte
/// for byte a render from scratch (the JSON items and CSV lines of a span depend on that span's rows alone). Another
/// range, a page past the first, a pollutant filter or the wide shape take the ordinary path.
/// </summary>
internal sealed class MonthChunks(BulkArchives archives)
{
    /// <summary>
    /// Spans kept at most (all series, both formats: 14 a month for five stations, and the days of each year's last month
    /// with data, 31 × 14): a few years; past it the store starts over.
    /// </summary>
    private const int MaxChunks = 4096;

    private readonly ConcurrentDictionary<(string Kind, DateOnly First, DateOnly Last), Chunk> _chunks = new();
    private long _rendered;

    /// <summary>Chunks (months or days) rendered since start (a chunk found with its signature unchanged is not counted).</summary>
    public long Rendered => Interlocked.Read(ref _rendered);

    private sealed record Chunk(string Signature, int Rows, byte[] Bytes);

    /// <summary>The first day of each month from <paramref name="from"/> to <paramref name="to"/>, or null unless both ends are whole months.</summary>
    public static IReadOnlyList<DateOnly>? WholeMonths(DateOnly from, DateOnly to)
    {
        if (from.Day != 1 || to.AddDays(1).Day != 1 || to < from)
        {
            return null;
        }

        var months = new List<DateOnly>();
        for (var m = from; m <= to; m = m.AddMonths(1))
        {
            months.Add(m);
        }

        return months;
    }

    /// <summary>Days a range may have at most to be kept day by day (an hourly series' default week, a month's days).</summary>
    public const int MaxDays = 31;

    /// <summary>
    /// The spans a range is kept in: whole months (<see cref="WholeMonths"/>), else, with <paramref name="byDay"/> and
    /// at most <see cref="MaxDays"/> days, each day (an hourly series' last seven days: after a new day six of them are
    /// as they were); else null.
    /// </summary>
    public static IReadOnlyList<(DateOnly First, DateOnly Last)>? Spans(DateOnly from, DateOnly to, bool byDay)
    {
        if (WholeMonths(from, to) is { } months)
        {
            return months.Select(m => (m, m.AddMonths(1).AddDays(-1))).ToList();
        }

        return byDay && from <= to && to.DayNumber - from.DayNumber < MaxDays
            ? Enumerable.Range(0, to.DayNumber - from.DayNumber + 1).Select(i => (from.AddDays(i), from.AddDays(i))).ToList()
            : null;
    }

    /// <summary>
    /// Each span's rows (their count) and bytes for <paramref name="kind"/>, rendered by <paramref name="render"/>
    /// from the span's first and last day when its signature moved (or it was never rendered). The month that holds the
    /// last day with stored hours of its year — the one a new day changes — is kept day by day instead: after a new day
    /// its two days (the new one, and the one before, whose last hour ends at the new day's midnight) are rendered again,
    /// not the whole month. Its parts are then the days', which join to the same bytes as the month's (the items and lines
    /// of a span depend on that span's rows alone; empty parts are left out of the join).
    /// </summary>
    public IReadOnlyList<(int Rows, byte[] Bytes)> Months(string kind, IReadOnlyList<(DateOnly First, DateOnly Last)> spans, Func<DateOnly, DateOnly, (int Rows, byte[] Bytes)> render)
    {
        var parts = new List<(int Rows, byte[] Bytes)>(spans.Count);
        foreach (var (first, last) in spans)
        {
            var signature = archives.HourSignature(first, last);
            if (_chunks.TryGetValue((kind, first, last), out var chunk) && chunk.Signature == signature)
            {
                parts.Add((chunk.Rows, chunk.Bytes));
                continue;
            }

            if (first.Day == 1 && last == first.AddMonths(1).AddDays(-1) && archives.DayHourSignatures(first.Year) is { Count: > 0 } days
                && days.Keys.Max() is var latest && latest >= first && latest <= last)
            {
                for (var day = first; day <= last; day = day.AddDays(1))
                {
                    parts.Add(Render(kind, day, day, days.GetValueOrDefault(day, Store.AirQualityStore.NoHours), render));
                }

                continue;
            }

            parts.Add(Render(kind, first, last, signature, render));
        }

        return parts;
    }

    /// <summary>A span's chunk: the one kept when its signature is the same, else rendered and kept.</summary>
    private (int Rows, byte[] Bytes) Render(string kind, DateOnly first, DateOnly last, string signature, Func<DateOnly, DateOnly, (int Rows, byte[] Bytes)> render)
    {
        if (_chunks.TryGetValue((kind, first, last), out var chunk) && chunk.Signature == signature)
        {
            return (chunk.Rows, chunk.Bytes);
        }

        var (rows, bytes) = render(first, last);
        Interlocked.Increment(ref _rendered);
        if (_chunks.Count >= MaxChunks)
        {
            _chunks.Clear();
        }

        _chunks[(kind, first, last)] = new Chunk(signature, rows, bytes);
        return (rows, bytes);
    }

    /// <summary>
    /// Bytes one after the other, with <paramref name="separator"/> between non-empty parts, in one pooled array of at least
    /// the exact length, each part copied once (a year's series is megabytes: a growing buffer copied it again at every
    /// doubling and once more at the end, and a new array each time was a large-object allocation, whose budget starts
    /// full collections). The caller returns the array (<see cref="PooledBytes.Dispose"/>) once the bytes are written.
    /// </summary>
    public static PooledBytes Join(ReadOnlySpan<byte> prefix, IEnumerable<byte[]> parts, ReadOnlySpan<byte> separator, ReadOnlySpan<byte> suffix)
    {
        var nonEmpty = parts.Where(p => p.Length > 0).ToList();
        var length = checked((int)(prefix.Length + suffix.Length + nonEmpty.Sum(p => (long)p.Length) + (long)Math.Max(0, nonEmpty.Count - 1) * separator.Length));
        var joined = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        var at = joined.AsSpan();
        prefix.CopyTo(at);
        at = at[prefix.Length..];
        for (var i = 0; i < nonEmpty.Count; i++)
        {
            if (i > 0)
            {
                separator.CopyTo(at);
                at = at[separator.Length..];
            }

            nonEmpty[i].CopyTo(at);
            at = at[nonEmpty[i].Length..];
        }

        suffix.CopyTo(at);
        return new PooledBytes(joined, length);
    }
}

/// <summary>Bytes in an array rented from <see cref="System.Buffers.ArrayPool{T}.Shared"/>, returned on dispose (once).</summary>
internal sealed class PooledBytes(byte[] array, int length) : IDisposable
{
    private byte[]? _array = array;

    public ReadOnlyMemory<byte> Memory => (_array ?? throw new ObjectDisposedException(nameof(PooledBytes))).AsMemory(0, length);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _array, null) is { } rented)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
