using Public.Web.AirQuality.Import;

namespace Public.Web.Infrastructure;

/// <summary>
/// The files an import verb was given: each argument is a file or a folder (searched recursively for .csv and .json,
/// in ordinal order, named by their path inside it). A missing argument becomes a problem naming it, so the other files
/// still import; no file at all is a refusal. The same file named twice is read once.
/// </summary>
internal static class ImportInputs
{
    public static IReadOnlyList<(string Path, string Name)> CsvOrJson(IReadOnlyList<string> inputs, List<ImportProblem> problems)
    {
        var files = new List<(string Path, string Name)>();
        var before = problems.Count;
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                files.AddRange(Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories)
                    .Where(f => f.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal)
                    .Select(f => (f, Path.GetRelativePath(input, f).Replace('\\', '/'))));
            }
            else if (File.Exists(input))
            {
                files.Add((input, Path.GetFileName(input)));
            }
            else
            {
                problems.Add(new ImportProblem(input, 0, null, $"no such file or folder ({Path.GetFullPath(input)})"));
            }
        }

        if (files.Count == 0 && problems.Count == before)
        {
            throw new ImportRefusedException("no .csv or .json files found in: " + string.Join(", ", inputs));
        }

        return files.DistinctBy(f => Path.GetFullPath(f.Path), StringComparer.Ordinal).ToList();
    }
}
