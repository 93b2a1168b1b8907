using Public.Web.Penalties.Import;

namespace Public.Web.Cli;

/// <summary><c>import penalties &lt;files or folders…&gt;</c>: CSV or JSON penalty decisions, each file atomic.</summary>
internal static class PenaltyImportCommand
{
    public static int Run(IReadOnlyList<string> args, PenaltyImporter importer, TextWriter output, TextWriter error) =>
        ImportVerb.Run("penalties", ".csv or .json files or folders", args, output, error, (inputs, progress) =>
        {
            var summary = importer.Import(inputs, progress);
            return new ImportOutcome(
                summary.Problems.Select(p => p.ToString()).ToList(),
                [
                    $"files: {summary.Files} ({summary.FilesRejected} rejected)",
                    $"records: {summary.Records}",
                    $"decisions: {summary.NewDecisions} new, {summary.NewVersions} new versions, {summary.Unchanged} unchanged",
                ],
                summary.Clean,
                summary.FilesRejected > 0 ? "nothing of the rejected files was written; fix them and import them again" : null);
        });
}
