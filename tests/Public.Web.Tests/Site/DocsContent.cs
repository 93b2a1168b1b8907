namespace Public.Web.Tests.Site;

/// <summary>The repository's content folder, found above the test binary (the tests read the committed files).</summary>
internal static class DocsContent
{
    public static string Folder(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "content", name);
            if (Directory.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "content", "stations.json")) && dir.GetFiles("*.sln").Length > 0)
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"content/{name} not found above the test binary");
    }

    /// <summary>The slugs of the committed docs pages: their file names.</summary>
    public static IReadOnlyList<string> Slugs() =>
        Directory.GetFiles(Folder("docs"), "*.md").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal).ToList();
}
