using Public.Web.SelfMonitoring;

namespace Public.Web.Cli;

/// <summary><c>import manual-monitoring &lt;.csv/.json files or folders…&gt;</c>: manual monitoring results, each file whole or not at all.</summary>
internal static class ManualMonitoringImportCommand
{
    public static int Run(IReadOnlyList<string> args, ManualMonitoringImporter importer, TextWriter output, TextWriter error) =>
        ImportVerb.Run("manual-monitoring", ".csv/.json files or folders", args, output, error, (inputs, _) =>
        {
            var summary = importer.Import(inputs);
            return new ImportOutcome(
                summary.Problems.Select(p => p.ToString()).ToList(),
                [
                    $"files: {summary.Files} ({summary.FilesRejected} rejected)",
                    $"results: {summary.Results} ({summary.New} new, {summary.NewVersions} new versions, {summary.Unchanged} unchanged)",
                ],
                summary.Clean,
                summary.FilesRejected > 0 ? "nothing of the rejected files was written; fix them and import them again" : null);
        });
}
