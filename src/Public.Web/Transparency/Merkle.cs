using System.Numerics;
using System.Security.Cryptography;

namespace Public.Web.Transparency;

/// <summary>
/// Where a tree's complete subtree hashes come from: <c>Node(level, index)</c> is the RFC 6962 hash of leaves
/// <c>[index·2^level, (index+1)·2^level)</c>; level 0 is the leaf hashes. Only complete subtrees are ever asked for.
/// </summary>
internal interface INodeSource
{
    byte[] Node(int level, long index);
}

/// <summary>RFC 6962 / RFC 9162 §2.1 Merkle tree hashing, proofs and proof checks.</summary>
internal static class Merkle
{
    public const int HashSize = 32;

    public static byte[] LeafHash(ReadOnlySpan<byte> leaf)
    {
        var buffer = new byte[leaf.Length + 1];
        leaf.CopyTo(buffer.AsSpan(1));
        return SHA256.HashData(buffer);
    }

    public static byte[] NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> buffer = stackalloc byte[1 + HashSize + HashSize];
        buffer[0] = 1;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + HashSize)..]);
        return SHA256.HashData(buffer);
    }

    public static byte[] EmptyRoot { get; } = SHA256.HashData([]);

    /// <summary>The largest power of two strictly smaller than <paramref name="n"/> (n ≥ 2): RFC 6962's split point k.</summary>
    public static long SplitPoint(long n) => 1L << (63 - BitOperations.LeadingZeroCount((ulong)(n - 1)));

    /// <summary>
    /// MTH(D[start:end]) from complete subtrees: the range is cut into aligned power-of-two blocks (largest first),
    /// folded from the right as RFC 6962 does for a tree whose size is not a power of two.
    /// </summary>
    public static byte[] RangeHash(INodeSource source, long start, long end)
    {
        if (end <= start)
        {
            return EmptyRoot;
        }

        var blocks = new List<byte[]>();
        var at = start;
        while (at < end)
        {
            // The biggest aligned block that starts at `at` and fits before `end`.
            var level = at == 0 ? 62 : BitOperations.TrailingZeroCount(at);
            while (level > 0 && (1L << level) > end - at)
            {
                level--;
            }

            blocks.Add(source.Node(level, at >> level));
            at += 1L << level;
        }

        var hash = blocks[^1];
        for (var i = blocks.Count - 2; i >= 0; i--)
        {
            hash = NodeHash(blocks[i], hash);
        }

        return hash;
    }

    public static byte[] Root(INodeSource source, long size) => RangeHash(source, 0, size);

    /// <summary>RFC 9162 §2.1.3.1 inclusion proof of leaf <paramref name="index"/> in the tree of <paramref name="size"/> leaves.</summary>
    public static List<byte[]> InclusionProof(INodeSource source, long index, long size)
    {
        if (index < 0 || index >= size)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"leaf index {index} is not in a tree of {size} leaves");
        }

        var proof = new List<byte[]>();
        Path(source, index, 0, size, proof);
        return proof;
    }

    private static void Path(INodeSource source, long m, long start, long end, List<byte[]> proof)
    {
        var n = end - start;
        if (n <= 1)
        {
            return;
        }

        var k = SplitPoint(n);
        if (m < k)
        {
            Path(source, m, start, start + k, proof);
            proof.Add(RangeHash(source, start + k, end));
        }
        else
        {
            Path(source, m - k, start + k, end, proof);
            proof.Add(RangeHash(source, start, start + k));
        }
    }

    /// <summary>RFC 9162 §2.1.4.1 consistency proof between the trees of <paramref name="size1"/> and <paramref name="size2"/> leaves.</summary>
    public static List<byte[]> ConsistencyProof(INodeSource source, long size1, long size2)
    {
        if (size1 < 0 || size2 < size1)
        {
            throw new ArgumentOutOfRangeException(nameof(size1), $"no consistency proof from {size1} to {size2} leaves");
        }

        var proof = new List<byte[]>();
        if (size1 > 0 && size1 < size2)
        {
            SubProof(source, size1, 0, size2, true, proof);
        }

        return proof;
    }

    private static void SubProof(INodeSource source, long m, long start, long end, bool whole, List<byte[]> proof)
    {
        var n = end - start;
        if (m == n)
        {
            if (!whole)
            {
                proof.Add(RangeHash(source, start, end));
            }

            return;
        }

        var k = SplitPoint(n);
        if (m <= k)
        {
            SubProof(source, m, start, start + k, whole, proof);
            proof.Add(RangeHash(source, start + k, end));
        }
        else
        {
            SubProof(source, m - k, start + k, end, false, proof);
            proof.Add(RangeHash(source, start, start + k));
        }
    }

    /// <summary>RFC 9162 §2.1.3.2: does <paramref name="proof"/> show leaf hash <paramref name="leafHash"/> at <paramref name="index"/> under <paramref name="root"/>?</summary>
    public static bool VerifyInclusion(long index, long size, byte[] leafHash, IReadOnlyList<byte[]> proof, byte[] root)
    {
        if (index < 0 || index >= size || leafHash.Length != HashSize || root.Length != HashSize || proof.Any(p => p.Length != HashSize))
        {
            return false;
        }

        long fn = index, sn = size - 1;
        var r = leafHash;
        foreach (var p in proof)
        {
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = NodeHash(p, r);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                r = NodeHash(r, p);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && r.AsSpan().SequenceEqual(root);
    }

    /// <summary>RFC 9162 §2.1.4.2: does <paramref name="proof"/> show the tree of size2 extends the tree of size1?</summary>
    public static bool VerifyConsistency(long size1, long size2, byte[] root1, byte[] root2, IReadOnlyList<byte[]> proof)
    {
        if (size1 <= 0 || size2 < size1)
        {
            return false;
        }

        // Equal sizes: nothing to prove but that the roots are the same (compared as given, as the reference does).
        if (size1 == size2)
        {
            return proof.Count == 0 && root1.AsSpan().SequenceEqual(root2);
        }

        if (root1.Length != HashSize || root2.Length != HashSize || proof.Any(p => p.Length != HashSize))
        {
            return false;
        }

        if (proof.Count == 0)
        {
            return false;
        }

        var path = new List<byte[]>(proof);
        if (BitOperations.IsPow2(size1))
        {
            path.Insert(0, root1);
        }

        long fn = size1 - 1, sn = size2 - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        byte[] fr = path[0], sr = path[0];
        for (var i = 1; i < path.Count; i++)
        {
            if (sn == 0)
            {
                return false;
            }

            var c = path[i];
            if ((fn & 1) == 1 || fn == sn)
            {
                fr = NodeHash(c, fr);
                sr = NodeHash(c, sr);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                sr = NodeHash(sr, c);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && fr.AsSpan().SequenceEqual(root1) && sr.AsSpan().SequenceEqual(root2);
    }
}

/// <summary>A tree held in memory (tests, the verifier rebuilding a log from its entry bundles): every level kept.</summary>
internal sealed class MemoryTree : INodeSource
{
    private readonly List<List<byte[]>> _levels = [[]];

    public long Size => _levels[0].Count;

    public void Append(byte[] leafHash)
    {
        _levels[0].Add(leafHash);
        var index = (long)_levels[0].Count - 1;
        var hash = leafHash;
        for (var level = 0; (index & 1) == 1; level++)
        {
            hash = Merkle.NodeHash(_levels[level][(int)(index - 1)], hash);
            index >>= 1;
            if (_levels.Count == level + 1)
            {
                _levels.Add([]);
            }

            _levels[level + 1].Add(hash);
        }
    }

    public byte[] Node(int level, long index) => _levels[level][(int)index];

    public byte[] Root() => Merkle.Root(this, Size);
}
