using Public.Web.Transparency;

namespace Public.Web.Tests.Transparency;

/// <summary>C2SP tlog-tiles paths and layout, against the specification's examples.</summary>
public sealed class TileTests
{
    [Fact]
    public void TileIndexesAreWrittenInGroupsOfThreeDigits()
    {
        Assert.Equal("x001/x234/067", Tiles.IndexPath(1234067));
        Assert.Equal("000", Tiles.IndexPath(0));
        Assert.Equal("x001/000", Tiles.IndexPath(1000));
        Assert.Equal("tile/0/x001/x234/067", Tiles.TilePath(0, 1234067, 256));
        Assert.Equal("tile/entries/x001/x234/067.p/8", Tiles.TilePath(-1, 1234067, 8));
        Assert.Equal((0, 1234067L, 256), Tiles.ParseTilePath("0/x001/x234/067"));
        Assert.Equal((-1, 1234067L, 8), Tiles.ParseTilePath("entries/x001/x234/067.p/8"));
        Assert.Equal((2, 1L, 17), Tiles.ParseTilePath("2/001.p/17"));
    }

    [Theory]
    [InlineData("0/1234067")]
    [InlineData("0/x000/001")]
    [InlineData("0/67")]
    [InlineData("0/067.p/0")]
    [InlineData("0/067.p/256")]
    [InlineData("0/067.p/05")]
    [InlineData("9/000")]
    [InlineData("entries")]
    [InlineData("x/000")]
    public void NonCanonicalTilePathsAreRefused(string path) => Assert.Null(Tiles.ParseTilePath(path));

    [Fact]
    public void ATreeOf70000LeavesHasTheSpecificationsTiles()
    {
        // tlog-tiles: 273 full level-0 tiles and 0/273.p/112; level 1: 1/000 and 1/001.p/17; level 2: 2/000.p/1.
        var tiles = Tiles.AllTiles(70_000).Where(t => t.Level >= 0).Select(t => Tiles.TilePath(t.Level, t.Index, t.Width)).ToList();
        Assert.Equal(273 + 1 + 2 + 1, tiles.Count);
        Assert.Equal("tile/0/000", tiles[0]);
        Assert.Equal("tile/0/272", tiles[272]);
        Assert.Equal(["tile/0/273.p/112", "tile/1/000", "tile/1/001.p/17", "tile/2/000.p/1"], tiles[273..]);
        var bundles = Tiles.AllTiles(70_000).Where(t => t.Level < 0).ToList();
        Assert.Equal(274, bundles.Count);
        Assert.Equal("tile/entries/273.p/112", Tiles.TilePath(-1, bundles[^1].Index, bundles[^1].Width));
    }

    [Fact]
    public void ALevelOneTileHoldsTheRootsOfTheLevelZeroTilesBelowIt()
    {
        var tree = new MemoryTree();
        for (var i = 0; i < 256 * 3 + 5; i++)
        {
            tree.Append(Merkle.LeafHash(BitConverter.GetBytes(i)));
        }

        var level1 = Tiles.TileBytes(tree, 1, 0, 3);
        for (var t = 0; t < 3; t++)
        {
            // A full level-0 tile's hashes fold into the root of its 256 leaves (an independent fold of the leaves).
            var leaves = Enumerable.Range(t * 256, 256).Select(i => tree.Node(0, i)).ToList();
            while (leaves.Count > 1)
            {
                leaves = Enumerable.Range(0, leaves.Count / 2).Select(i => Merkle.NodeHash(leaves[2 * i], leaves[2 * i + 1])).ToList();
            }

            Assert.Equal(leaves[0], level1[(t * 32)..((t + 1) * 32)]);
        }
    }

    [Fact]
    public void EntryBundlesRoundTripAndRefuseACutOffEntry()
    {
        byte[][] entries = [[1, 2, 3], [], [.. Enumerable.Repeat((byte)7, 300)]];
        var bundle = Tiles.EntryBundle(entries);
        Assert.Equal(2 + 3 + 2 + 2 + 300, bundle.Length);
        Assert.Equal([0, 3, 1, 2, 3, 0, 0, 1, 44], bundle[..9]);
        Assert.Equal(entries, Tiles.ParseEntryBundle(bundle));
        Assert.Throws<FormatException>(() => Tiles.ParseEntryBundle(bundle[..^1]));
        Assert.Throws<LogIntegrityException>(() => Tiles.EntryBundle([new byte[65_536]]));
    }
}
