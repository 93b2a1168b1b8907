using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Public.Web.Transparency;

/// <summary>
/// C2SP tlog-tiles (https://c2sp.org/tlog-tiles): tiles of height 8 (256 hashes), the tile index written as groups of
/// three digits (<c>x001/x234/067</c> for 1234067), partial tiles as <c>.p/&lt;width&gt;</c>, entry bundles as
/// big-endian uint16 length-prefixed entries.
/// </summary>
internal static class Tiles
{
    public const int Height = 8;
    public const int Width = 1 << Height;

    /// <summary><c>x001/x234/067</c> for 1234067; <c>000</c> for 0.</summary>
    public static string IndexPath(long index)
    {
        var groups = new List<string>();
        do
        {
            groups.Add((index % 1000).ToString("000", CultureInfo.InvariantCulture));
            index /= 1000;
        }
        while (index > 0);

        groups.Reverse();
        return string.Join('/', groups.Select((g, i) => i < groups.Count - 1 ? "x" + g : g));
    }

    /// <summary>The path under the log prefix of a tile (<c>tile/L/N[.p/W]</c>) or, for level -1, an entry bundle (<c>tile/entries/N[.p/W]</c>).</summary>
    public static string TilePath(int level, long index, int width)
    {
        var path = $"tile/{(level < 0 ? "entries" : level.ToString(CultureInfo.InvariantCulture))}/{IndexPath(index)}";
        return width == Width ? path : $"{path}.p/{width.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>Parses the part after <c>tile/</c> (<c>0/x001/067.p/5</c>, <c>entries/123</c>); level -1 means entries. Null if malformed.</summary>
    public static (int Level, long Index, int Width)? ParseTilePath(string path)
    {
        var parts = path.Split('/');
        if (parts.Length < 2)
        {
            return null;
        }

        int level;
        if (parts[0] == "entries")
        {
            level = -1;
        }
        else if (parts[0].Length is 1 or 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out level) && parts[0] == level.ToString(CultureInfo.InvariantCulture) && level < 8)
        {
        }
        else
        {
            return null;
        }

        var width = Width;
        var segments = parts[1..];
        if (segments.Length >= 2 && segments[^2].EndsWith(".p", StringComparison.Ordinal))
        {
            if (!int.TryParse(segments[^1], NumberStyles.None, CultureInfo.InvariantCulture, out width) || width is < 1 or >= Width
                || segments[^1] != width.ToString(CultureInfo.InvariantCulture))
            {
                return null;
            }

            segments = [.. segments[..^2], segments[^2][..^2]];
        }

        long index = 0;
        for (var i = 0; i < segments.Length; i++)
        {
            var s = segments[i];
            var last = i == segments.Length - 1;
            if (!last)
            {
                if (!s.StartsWith('x'))
                {
                    return null;
                }

                s = s[1..];
            }

            if (s.Length != 3 || !s.All(char.IsAsciiDigit))
            {
                return null;
            }

            index = checked(index * 1000 + int.Parse(s, CultureInfo.InvariantCulture));
        }

        // The canonical form only (no leading 000 groups), so one tile has one path.
        return IndexPath(index) == string.Join('/', segments) ? (level, index, width) : null;
    }

    /// <summary>Every tile and entry bundle of a tree of <paramref name="size"/> leaves: the full ones and the right-edge partial ones.</summary>
    public static IEnumerable<(int Level, long Index, int Width)> AllTiles(long size)
    {
        foreach (var level in new[] { -1 }.Concat(Enumerable.Range(0, 8)))
        {
            var nodes = level < 0 ? size : size >> (Height * level);
            if (nodes == 0)
            {
                yield break;
            }

            for (long n = 0; n < nodes / Width; n++)
            {
                yield return (level, n, Width);
            }

            if (nodes % Width != 0)
            {
                yield return (level, nodes / Width, (int)(nodes % Width));
            }
        }
    }

    /// <summary>The hashes of a tile: nodes of tree level 8·L, indices N·256 … N·256+W−1, concatenated.</summary>
    public static byte[] TileBytes(INodeSource nodes, int level, long index, int width)
    {
        var bytes = new byte[width * Merkle.HashSize];
        for (var i = 0; i < width; i++)
        {
            nodes.Node(Height * level, index * Width + i).CopyTo(bytes, i * Merkle.HashSize);
        }

        return bytes;
    }

    public static byte[] EntryBundle(IEnumerable<byte[]> entries)
    {
        using var stream = new MemoryStream();
        Span<byte> length = stackalloc byte[2];
        foreach (var entry in entries)
        {
            if (entry.Length > ushort.MaxValue)
            {
                throw new LogIntegrityException($"a log entry of {entry.Length} bytes is longer than an entry bundle allows (65,535 bytes)");
            }

            BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)entry.Length);
            stream.Write(length);
            stream.Write(entry);
        }

        return stream.ToArray();
    }

    public static List<byte[]> ParseEntryBundle(byte[] bundle)
    {
        var entries = new List<byte[]>();
        var at = 0;
        while (at < bundle.Length)
        {
            if (at + 2 > bundle.Length)
            {
                throw new FormatException($"entry bundle: a length prefix is cut off at byte {at}");
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(bundle.AsSpan(at));
            at += 2;
            if (at + length > bundle.Length)
            {
                throw new FormatException($"entry bundle: entry {entries.Count} is cut off ({length} bytes announced at byte {at - 2})");
            }

            entries.Add(bundle[at..(at + length)]);
            at += length;
        }

        return entries;
    }

    public static string Utf8(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
