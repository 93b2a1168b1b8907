using System.Text;
using Public.Web.Serving;

namespace Public.Web.Tests.Serving;

/// <summary>The data cache's pooled answer buffer (<see cref="PooledBody"/>) and the identity ETag's hash.</summary>
public sealed class PooledBodyTests
{
    [Fact]
    public async Task BytesWrittenAsAStreamAndAsABufferWriterComeBackInOrderAcrossSegments()
    {
        // 300,000 bytes (five 64 KB segments) in pieces of every size up to 100,000: stream writes, and spans asked for
        // and filled only in part, so that segments are left with unused room.
        var expected = new byte[300_000];
        new Random(15).NextBytes(expected);
        using var body = new PooledBody();
        var at = 0;
        var sizes = new Random(16);
        var piece = 0;
        while (at < expected.Length)
        {
            var n = Math.Min(expected.Length - at, sizes.Next(1, piece % 7 == 0 ? 100_000 : 3_000));
            if (piece++ % 2 == 0)
            {
                await body.WriteAsync(expected.AsMemory(at, n), TestContext.Current.CancellationToken);
            }
            else
            {
                var span = body.GetSpan(Math.Min(n, 60_000));
                n = Math.Min(n, span.Length);
                expected.AsSpan(at, n).CopyTo(span);
                body.Advance(n);
            }

            at += n;
            Assert.Equal(at, body.Length);
        }

        Assert.Equal(expected, body.ToArray());
        using var copy = new MemoryStream();
        await body.WriteToAsync(copy, TestContext.Current.CancellationToken);
        Assert.Equal(expected, copy.ToArray());
    }

    [Fact]
    public async Task AnAppendedBodyFollowsTheBytesWrittenBeforeAndAfterIt()
    {
        // The wide series writes a year's columns on two threads into two bodies and joins them.
        var bytes = new byte[200_000];
        new Random(17).NextBytes(bytes);
        using var first = new PooledBody();
        using var second = new PooledBody();
        first.Write(bytes.AsSpan(0, 70_000));
        second.Write(bytes.AsSpan(70_000, 100_000));

        first.Append(second);
        first.Write(bytes.AsSpan(170_000));

        Assert.Equal(bytes, first.ToArray());
        Assert.Equal(bytes.Length, first.Length);
        Assert.Equal(0, second.Length);
        using var copy = new MemoryStream();
        await first.WriteToAsync(copy, TestContext.Current.CancellationToken);
        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public void AdvancingBeyondTheSpanGivenIsRefused()
    {
        using var body = new PooledBody();
        var free = body.GetSpan(10).Length;

        Assert.Throws<ArgumentOutOfRangeException>(() => body.Advance(free + 1));
    }

    [Fact]
    public void TheBodyHashIgnoresGeneratedAtAndChangesWithEveryOtherByte()
    {
        var body = Encoding.UTF8.GetBytes("""{"meta":{"page":1,"generatedAt":"2026-12-05T01:00:00+08:00","found":3},"columns":{"pm25_ugm3":[12,13,14]}}""");
        var later = Encoding.UTF8.GetBytes("""{"meta":{"page":1,"generatedAt":"2026-12-05T01:07:31.123+08:00","found":3},"columns":{"pm25_ugm3":[12,13,14]}}""");
        var tag = DataCacheMiddleware.BodyHash(body);

        Assert.Equal(tag, DataCacheMiddleware.BodyHash(later));
        Assert.Matches("^[A-Za-z0-9_-]{22}$", tag);
        for (var i = 0; i < body.Length; i++)
        {
            var (start, end) = DataCacheMiddleware.GeneratedAtValue(body);
            if (i >= start && i < end)
            {
                continue;
            }

            var changed = (byte[])body.Clone();
            changed[i] ^= 1;
            Assert.NotEqual(tag, DataCacheMiddleware.BodyHash(changed));
        }

        // A body without generatedAt is hashed whole.
        Assert.NotEqual(DataCacheMiddleware.BodyHash("[1,2]"u8), DataCacheMiddleware.BodyHash("[1,3]"u8));
    }
}
