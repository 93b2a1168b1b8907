using Public.Web.AirQuality.Import;

namespace Public.Web.Infrastructure.Publication;

/// <summary>What a file-by-file import did in all: files (missing ones included), files rejected, records read, and what publishing did.</summary>
internal sealed record FileImportTotals(int Files, int Rejected, int Records, int New, int Versions, int Unchanged);

/// <summary>
/// The loop of the verbs that check and publish each file whole or not at all (penalties, disclosures, statements,
/// plan progress): read the file; when reading found no problem, validate and publish it (one batch); count, and say
/// what each file did.
/// </summary>
internal static class FileByFile
{
    /// <param name="files">The files (from <see cref="ImportInputs"/>); the problems already in <paramref name="problems"/> are the missing inputs.</param>
    /// <param name="noun">What a record is called in the progress lines, e.g. "record(s)".</param>
    /// <param name="read">Reads a file (path, name): the file, its record count and its reading problems.</param>
    /// <param name="publish">Validates and publishes a file; null when rejected (its problems added to <paramref name="problems"/>).</param>
    public static FileImportTotals Run<TFile>(IReadOnlyList<(string Path, string Name)> files, List<ImportProblem> problems, Action<string>? progress, string noun,
        Func<string, string, (TFile File, int Records, IReadOnlyList<ImportProblem> Problems)> read, Func<TFile, (int New, int Versions, int Unchanged)?> publish)
    {
        var missing = problems.Count;
        int rejected = missing, records = 0, created = 0, versions = 0, unchanged = 0;
        foreach (var (path, name) in files)
        {
            var (file, count, reading) = read(path, name);
            records += count;
            problems.AddRange(reading);
            if ((reading.Count > 0 ? null : publish(file)) is { } r)
            {
                (created, versions, unchanged) = (created + r.New, versions + r.Versions, unchanged + r.Unchanged);
                progress?.Invoke($"{name}: {count} {noun}: {r.New} new, {r.Versions} new versions, {r.Unchanged} unchanged");
            }
            else
            {
                rejected++;
                progress?.Invoke($"{name}: rejected, nothing of it was written");
            }
        }

        return new FileImportTotals(files.Count + missing, rejected, records, created, versions, unchanged);
    }
}
