using System.Collections.Concurrent;
using Public.Web.Bulk;

namespace Public.Web.AirQuality;

/// <summary>
/// The long-shape city hourly series over whole months (a year: <c>/api/v1/city/hourly?from=2019-01-01&amp;to=2019-12-31</c>,
/// JSON and CSV) rendered month by month and kept in memory, each month's bytes with that month's signature — the stored
/// hours of its natural days, the very signature the bulk archives build their months by
/// (<see cref="BulkArchives.HourSignature"/>, read once per data version). After a new day only its month is read and
/// rendered again; the other months' bytes are joined as they were, so the answer is byte for byte a render from
/// scratch (the JSON items and CSV lines of a month depend on that month's rows alone). A range that is not whole
/// months, a page past the first, a pollutant filter or the wide shape take the ordinary path.
/// </summary>
internal sealed class MonthChunks(BulkArchives archives)
{
    /// <summary>Months kept at most (both formats): a few years of months; past it the store starts over.</summary>
    private const int MaxChunks = 96;

    private readonly ConcurrentDictionary<(string Kind, DateOnly Month), Chunk> _chunks = new();
    private long _rendered;

    /// <summary>Month chunks rendered since start (a chunk found with its signature unchanged is not counted).</summary>
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

    /// <summary>
    /// Each month's rows (their count) and bytes for <paramref name="kind"/>, rendered by <paramref name="render"/>
    /// from the month's first and last day when its signature moved (or it was never rendered).
    /// </summary>
    public IReadOnlyList<(int Rows, byte[] Bytes)> Months(string kind, IReadOnlyList<DateOnly> months, Func<DateOnly, DateOnly, (int Rows, byte[] Bytes)> render)
    {
        var parts = new List<(int Rows, byte[] Bytes)>(months.Count);
        foreach (var month in months)
        {
            var last = month.AddMonths(1).AddDays(-1);
            var signature = archives.HourSignature(month, last);
            if (_chunks.TryGetValue((kind, month), out var chunk) && chunk.Signature == signature)
            {
                parts.Add((chunk.Rows, chunk.Bytes));
                continue;
            }

            var (rows, bytes) = render(month, last);
            Interlocked.Increment(ref _rendered);
            if (_chunks.Count >= MaxChunks)
            {
                _chunks.Clear();
            }

            _chunks[(kind, month)] = new Chunk(signature, rows, bytes);
            parts.Add((rows, bytes));
        }

        return parts;
    }

    /// <summary>Bytes one after the other, with <paramref name="separator"/> between non-empty parts.</summary>
    public static byte[] Join(ReadOnlySpan<byte> prefix, IEnumerable<byte[]> parts, ReadOnlySpan<byte> separator, ReadOnlySpan<byte> suffix)
    {
        using var buffer = new MemoryStream();
        buffer.Write(prefix);
        var first = true;
        foreach (var part in parts)
        {
            if (part.Length == 0)
            {
                continue;
            }

            if (!first)
            {
                buffer.Write(separator);
            }

            buffer.Write(part);
            first = false;
        }

        buffer.Write(suffix);
        return buffer.ToArray();
    }
}
