namespace Public.Web.Infrastructure;

/// <summary>Finds the repository's <c>content/</c> folder (copied next to the binary at build time).</summary>
public sealed class ContentFiles(string root)
{
    public string Root { get; } = root;

    public string PathOf(string relative) => System.IO.Path.Combine(Root, relative);

    public static ContentFiles Locate(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new ContentFiles(System.IO.Path.GetFullPath(configured));
        }

        var beside = System.IO.Path.Combine(AppContext.BaseDirectory, "content");
        if (File.Exists(System.IO.Path.Combine(beside, "stations.json")))
        {
            return new ContentFiles(beside);
        }

        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "content");
            if (File.Exists(System.IO.Path.Combine(candidate, "stations.json")))
            {
                return new ContentFiles(candidate);
            }
        }

        throw new InvalidOperationException("content/stations.json not found next to the app or above the working directory; set Content:Path.");
    }
}
