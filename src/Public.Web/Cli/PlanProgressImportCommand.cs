using Public.Web.Plan.Import;

namespace Public.Web.Cli;

/// <summary><c>import plan-progress &lt;files or folders…&gt;</c>: CSV or JSON progress reports on the action plan, each file atomic.</summary>
internal static class PlanProgressImportCommand
{
    public static int Run(IReadOnlyList<string> args, PlanProgressImporter importer, TextWriter output, TextWriter error) =>
        ImportVerb.Run("plan-progress", ".csv or .json files or folders", args, output, error, (inputs, progress) =>
        {
            var summary = importer.Import(inputs, progress);
            return new ImportOutcome(
                summary.Problems.Select(p => p.ToString()).ToList(),
                [
                    $"files: {summary.Files} ({summary.FilesRejected} rejected)",
                    $"records: {summary.Records}",
                    $"reports: {summary.NewReports} new, {summary.NewVersions} new versions, {summary.Unchanged} unchanged",
                ],
                summary.Clean,
                summary.FilesRejected > 0 ? "nothing of the rejected files was written; fix them and import them again" : null);
        });
}
