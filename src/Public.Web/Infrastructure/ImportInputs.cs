using Public.Web.AirQuality.Import;

namespace Public.Web.Infrastructure;

/// <summary>
/// The files an import verb was given: each argument is a file or a folder (searched recursively for the verb's
/// extensions, e.g. .csv and .json, in ordinal order, named by their path inside it). A missing argument becomes a problem naming it, so the other files
/// still import; no file at all is a refusal. The same file named twice is read once.
/// </summary>
internal static class ImportInputs
{
    public static IReadOnlyList<(string Path, string Name)> CsvOrJson(IReadOnlyList<string> inputs, List<ImportProblem> problems) =>
        Expand(inputs, problems, ".csv", ".json");

    public static IReadOnlyList<(string Path, string Name)> Expand(IReadOnlyList<string> inputs, List<ImportProblem> problems, params string[] extensions)
    {
        var files = new List<(string Path, string Name)>();
        var before = problems.Count;
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                files.AddRange(Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories)
                    .Where(f => extensions.Any(e => f.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
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
            throw new ImportRefusedException($"no {string.Join(" or ", extensions)} files found in: " + string.Join(", ", inputs));
        }

        return files.DistinctBy(f => Path.GetFullPath(f.Path), StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The stricter expansion of the registry, manual-monitoring and HJ 212 verbs: a folder gives its own files (not
    /// its subfolders) with one of <paramref name="extensions"/> (any file when none), in ordinal order; an argument
    /// that is neither a file nor a folder refuses the whole import.
    /// </summary>
    public static List<string> FilesOrRefuse(IEnumerable<string> inputs, params string[] extensions)
    {
        var files = new List<string>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                files.AddRange(Directory.EnumerateFiles(input)
                    .Where(f => extensions.Length == 0 || extensions.Any(e => f.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
                    .Order(StringComparer.Ordinal));
            }
            else if (File.Exists(input))
            {
                files.Add(input);
            }
            else
            {
                throw new ImportRefusedException($"'{input}' is neither a file nor a folder");
            }
        }

        return files;
    }
}
