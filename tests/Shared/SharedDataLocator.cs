namespace Public.Tests.SharedData;

/// <summary>
/// Finds the shared data folder, which lives beside the repository clone (../shared/data), never inside it.
/// Order: env SHARED_DATA_DIR (the "shared" folder, its "data" folder or the leaf folder itself), then a
/// "shared/data" folder in any ancestor of the test binaries. A missing file skips the test, unless
/// REQUIRE_SHARED_DATA=1 (CI), where it fails.
/// </summary>
internal static class SharedDataLocator
{
    public const string CnemcFolder = "cnemc";
    public const string JinzhouHourlyFile = "jinzhou_2019H1_hourly.csv";

    /// <summary>The real 2019 H1 Jinzhou hourly file, or a skip (a failure under REQUIRE_SHARED_DATA=1).</summary>
    public static string RequireJinzhouHourly() => RequireFile(CnemcFolder, JinzhouHourlyFile);

    public static string RequireFile(string subFolder, string fileName)
    {
        var path = Find(subFolder, fileName);
        if (path is not null)
        {
            return path;
        }

        var message = $"Shared data file {subFolder}/{fileName} not found (set SHARED_DATA_DIR or place shared/ beside the repository).";
        if (Environment.GetEnvironmentVariable("REQUIRE_SHARED_DATA") == "1")
        {
            Assert.Fail(message + " REQUIRE_SHARED_DATA=1 makes this a failure.");
        }

        Assert.Skip(message);
        throw new InvalidOperationException("Unreachable: Assert.Skip throws.");
    }

    public static string? Find(string subFolder, string fileName)
    {
        var fromEnv = Environment.GetEnvironmentVariable("SHARED_DATA_DIR");
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            string[] candidates =
            [
                Path.Combine(fromEnv, "data", subFolder, fileName),
                Path.Combine(fromEnv, subFolder, fileName),
                Path.Combine(fromEnv, fileName),
            ];
            return candidates.FirstOrDefault(File.Exists);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", subFolder, fileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
