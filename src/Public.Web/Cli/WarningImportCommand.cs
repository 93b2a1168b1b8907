using Public.Web.Warnings.Import;

namespace Public.Web.Cli;

/// <summary><c>import warnings &lt;files or folders…&gt;</c>: warning events and reduction lists, CSV or JSON, all or nothing.</summary>
internal static class WarningImportCommand
{
    public static int Run(IReadOnlyList<string> args, WarningImporter importer, TextWriter output, TextWriter error) =>
        ImportVerb.Run("warnings", ".csv or .json files or folders", args, output, error, (inputs, _) =>
        {
            var summary = importer.Import(inputs);
            return new ImportOutcome(
                summary.Problems.Select(p => p.ToString()).ToList(),
                [
                    $"files: {summary.Files}, records: {summary.Records}",
                    $"warning events: {summary.NewEvents} new, {summary.NewEventVersions} new versions, {summary.UnchangedEvents} unchanged",
                    $"reduction-list entries: {summary.NewEntries} new, {summary.NewEntryVersions} new versions, {summary.UnchangedEntries} unchanged",
                ],
                summary.Clean,
                summary.Clean ? null : $"{summary.Problems.Count} problem(s): nothing was written; fix them and run the import again");
        });
}
