using System.Text.Json;
using Public.Tests.SharedData;
using Public.Web.Transparency;

namespace Public.Web.Tests.Transparency;

/// <summary>
/// RFC 6962 / RFC 9162 hashing and proofs against the transparency-dev golden vectors in ../shared/data/merkle-testdata
/// (196 inclusion and consistency cases, valid and invalid, and the roots of the 8-leaf tree for every size).
/// </summary>
public sealed class MerkleVectorTests
{
    // The README's leaves and roots, tree sizes 0–8.
    private static readonly string[] _leaves = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"];

    private static readonly string[] _roots =
    [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    private static string Folder()
    {
        var readme = SharedDataLocator.RequireFile("merkle-testdata", "README.md");
        return Path.GetDirectoryName(readme)!;
    }

    private static MemoryTree EightLeafTree(int size)
    {
        var tree = new MemoryTree();
        foreach (var leaf in _leaves.Take(size))
        {
            tree.Append(Merkle.LeafHash(Convert.FromHexString(leaf)));
        }

        return tree;
    }

    [Fact]
    public void RootsOfTheEightLeafTreeMatchTheVectorsForEverySize()
    {
        for (var size = 0; size <= 8; size++)
        {
            var tree = EightLeafTree(size);
            Assert.Equal(_roots[size], Convert.ToHexStringLower(tree.Root()));
            var compact = new CompactRange();
            foreach (var leaf in _leaves.Take(size))
            {
                compact.Append(Merkle.LeafHash(Convert.FromHexString(leaf)));
            }

            Assert.Equal(_roots[size], Convert.ToHexStringLower(compact.Root()));
        }
    }

    private static byte[]? Bytes(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? Convert.FromBase64String(v.GetString()!) : e.TryGetProperty(name, out _) ? [] : null;

    private static List<byte[]> Proof(JsonElement e) =>
        e.TryGetProperty("proof", out var p) && p.ValueKind == JsonValueKind.Array ? p.EnumerateArray().Select(h => h.ValueKind == JsonValueKind.String ? Convert.FromBase64String(h.GetString()!) : []).ToList() : [];

    [Fact]
    public void EveryGoldenInclusionAndConsistencyCaseIsDecidedAsTheVectorsSay()
    {
        var folder = Folder();
        var files = Directory.GetFiles(folder, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(196, files.Count);
        var wrong = new List<string>();
        var valid = 0;
        foreach (var file in files)
        {
            var json = JsonDocument.Parse(File.ReadAllText(file)).RootElement;
            var wantErr = json.GetProperty("wantErr").GetBoolean();
            bool ok;
            // Sizes beyond a signed 64-bit number (the vectors' uint64 edge cases) are errors for a log whose sizes are SQLite integers.
            static long Size(JsonElement e, string name) => e.GetProperty(name).TryGetInt64(out var n) ? n : -1;
            if (Path.GetRelativePath(folder, file).StartsWith("inclusion", StringComparison.Ordinal))
            {
                ok = Merkle.VerifyInclusion(Size(json, "leafIdx"), Size(json, "treeSize"),
                    Bytes(json, "leafHash") ?? [], Proof(json), Bytes(json, "root") ?? []);
            }
            else
            {
                ok = Merkle.VerifyConsistency(Size(json, "size1"), Size(json, "size2"),
                    Bytes(json, "root1") ?? [], Bytes(json, "root2") ?? [], Proof(json));
            }

            valid += wantErr ? 0 : 1;
            if (ok == wantErr)
            {
                wrong.Add($"{Path.GetRelativePath(folder, file)} ({json.GetProperty("desc").GetString()}): wantErr {wantErr}, verified {ok}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.True(valid > 0, "no valid case was read");
    }

    [Fact]
    public void GeneratedProofsOverTheEightLeafTreeEqualTheValidVectorProofs()
    {
        var folder = Folder();
        var compared = 0;
        foreach (var file in Directory.GetFiles(folder, "*.json", SearchOption.AllDirectories))
        {
            var json = JsonDocument.Parse(File.ReadAllText(file)).RootElement;
            if (json.GetProperty("wantErr").GetBoolean())
            {
                continue;
            }

            if (json.TryGetProperty("leafIdx", out var leafIdx))
            {
                var size = json.GetProperty("treeSize").GetInt64();
                if (size > 8 || Convert.ToHexStringLower(Bytes(json, "root")!) != _roots[size])
                {
                    continue;
                }

                var proof = Merkle.InclusionProof(EightLeafTree((int)size), leafIdx.GetInt64(), size);
                Assert.Equal(Proof(json).Select(Convert.ToBase64String), proof.Select(Convert.ToBase64String));
                compared++;
            }
            else
            {
                var (size1, size2) = (json.GetProperty("size1").GetInt64(), json.GetProperty("size2").GetInt64());
                if (size2 > 8 || Convert.ToHexStringLower(Bytes(json, "root2")!) != _roots[size2])
                {
                    continue;
                }

                var proof = Merkle.ConsistencyProof(EightLeafTree((int)size2), size1, size2);
                Assert.Equal(Proof(json).Select(Convert.ToBase64String), proof.Select(Convert.ToBase64String));
                compared++;
            }
        }

        Assert.True(compared >= 2, $"only {compared} vector proofs were over the 8-leaf tree");
    }

    [Fact]
    public void ProofsOfEveryLeafAndEveryPairOfSizesUpTo70VerifyAndFailWhenOneHashChanges()
    {
        var tree = new MemoryTree();
        for (var i = 0; i < 70; i++)
        {
            tree.Append(Merkle.LeafHash([(byte)i, (byte)(i * 7)]));
        }

        for (long size = 1; size <= 70; size++)
        {
            var root = Merkle.Root(tree, size);
            for (long index = 0; index < size; index++)
            {
                var proof = Merkle.InclusionProof(tree, index, size);
                Assert.True(Merkle.VerifyInclusion(index, size, tree.Node(0, index), proof, root));
                if (proof.Count > 0)
                {
                    proof[^1] = Merkle.LeafHash([9, 9, 9]);
                    Assert.False(Merkle.VerifyInclusion(index, size, tree.Node(0, index), proof, root));
                }
            }

            for (long first = 1; first <= size; first++)
            {
                var proof = Merkle.ConsistencyProof(tree, first, size);
                Assert.True(Merkle.VerifyConsistency(first, size, Merkle.Root(tree, first), root, proof), $"{first} → {size}");
            }
        }
    }
}
