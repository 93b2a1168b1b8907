namespace Public.Web.Transparency;

/// <summary>What export-site copies of the log: every file a tlog-tiles client of the last signed tree can ask for.</summary>
internal static class LogExport
{
    public static IEnumerable<string> Paths(IServiceProvider services)
    {
        var store = services.GetRequiredService<LogStore>();
        if (store.ReadHead() is not { } head)
        {
            yield break;
        }

        yield return LogApi.Prefix + "/checkpoint";
        yield return LogApi.Prefix + "/vkey";
        foreach (var size in store.CheckpointSizes())
        {
            yield return $"{LogApi.Prefix}/checkpoints/{size}";
        }

        foreach (var (level, index, width) in Tiles.AllTiles(head.TreeSize))
        {
            yield return $"{LogApi.Prefix}/{Tiles.TilePath(level, index, width)}";
        }

        // Not the record bytes (/log/records/…): one file per record (the demo logs about 666,000) would dwarf the site.
        // The export carries the whole tree, so it verifies without the server (verify --records none); the bytes of
        // each record are checked against the live server.
    }
}
