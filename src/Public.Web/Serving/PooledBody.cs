using System.Buffers;

namespace Public.Web.Serving;

/// <summary>
/// An answer's body while it is produced: a write-only stream (and <see cref="IBufferWriter{T}"/>, so an endpoint can write
/// into it without a copy) over 64 KB segments rented from <see cref="ArrayPool{T}.Shared"/> and returned on dispose.
/// A <see cref="MemoryStream"/> doubles its one array as it grows — for a 460 KB answer that is 128, 256, 512 KB and
/// 1 MB on the large-object heap, each copied into the next, and every large allocation moves the process towards a
/// full (gen 2) collection; here a large answer costs one array, the exact-size copy the cache keeps.
/// </summary>
internal sealed class PooledBody : Stream, IBufferWriter<byte>
{
    private const int SegmentSize = 64 * 1024;

    // The segments written in full (with the bytes each holds) and the one being written.
    private readonly List<(byte[] Segment, int Written)> _full = [];
    private byte[] _current = [];
    private int _used;
    private long _completed;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _completed + _used;

    public override long Position
    {
        get => Length;
        set => throw new NotSupportedException();
    }

    public Span<byte> GetSpan(int sizeHint = 0) => Free(sizeHint).Span;

    public Memory<byte> GetMemory(int sizeHint = 0) => Free(sizeHint);

    public void Advance(int count)
    {
        if (count < 0 || _used + count > _current.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "more bytes than the span given");
        }

        _used += count;
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var free = Free(1).Span;
            var n = Math.Min(free.Length, buffer.Length);
            buffer[..n].CopyTo(free);
            _used += n;
            buffer = buffer[n..];
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void WriteByte(byte value) => Write([value]);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Appends the bytes of <paramref name="other"/> by taking over its segments (no copy); it is left empty.</summary>
    public void Append(PooledBody other)
    {
        if (_current.Length > 0)
        {
            _full.Add((_current, _used));
            _completed += _used;
        }

        foreach (var (segment, written) in other._full)
        {
            _full.Add((segment, written));
            _completed += written;
        }

        (_current, _used) = (other._current, other._used);
        other._full.Clear();
        (other._current, other._used, other._completed) = ([], 0, 0);
    }

    /// <summary>The body in one array of its exact length (what the cache keeps).</summary>
    public byte[] ToArray()
    {
        var result = GC.AllocateUninitializedArray<byte>(checked((int)Length));
        var at = 0;
        foreach (var segment in Written())
        {
            segment.Span.CopyTo(result.AsSpan(at));
            at += segment.Length;
        }

        return result;
    }

    /// <summary>Writes the body to another stream (an answer that is not kept goes out as it came).</summary>
    public async Task WriteToAsync(Stream destination, CancellationToken cancellationToken)
    {
        foreach (var segment in Written())
        {
            await destination.WriteAsync(segment, cancellationToken);
        }
    }

    private IEnumerable<ReadOnlyMemory<byte>> Written()
    {
        foreach (var (segment, written) in _full)
        {
            yield return segment.AsMemory(0, written);
        }

        if (_used > 0)
        {
            yield return _current.AsMemory(0, _used);
        }
    }

    private Memory<byte> Free(int sizeHint)
    {
        sizeHint = Math.Max(sizeHint, 1);
        if (_current.Length - _used < sizeHint)
        {
            if (_current.Length > 0)
            {
                _full.Add((_current, _used));
                _completed += _used;
            }

            _current = ArrayPool<byte>.Shared.Rent(Math.Max(SegmentSize, sizeHint));
            _used = 0;
        }

        return _current.AsMemory(_used);
    }

    protected override void Dispose(bool disposing)
    {
        foreach (var (segment, _) in _full)
        {
            ArrayPool<byte>.Shared.Return(segment);
        }

        if (_current.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_current);
        }

        _full.Clear();
        _current = [];
        _used = 0;
        _completed = 0;
        base.Dispose(disposing);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
