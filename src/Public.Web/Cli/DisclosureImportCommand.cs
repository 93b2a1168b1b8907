using Public.Web.Disclosures.Import;

namespace Public.Web.Cli;

/// <summary><c>import disclosures|statements &lt;files or folders…&gt;</c>: CSV or JSON, each file atomic.</summary>
internal static class DisclosureImportCommand
{
    public static int Run(IReadOnlyList<string> args, DisclosureImporter importer, TextWriter output, TextWriter error)
    {
        var statements = args[0] == "statements";
        return ImportVerb.Run(args[0], ".csv or .json files or folders", args, output, error, (inputs, progress) =>
        {
            var summary = statements ? importer.ImportStatements(inputs, progress) : importer.ImportDisclosures(inputs, progress);
            return new ImportOutcome(
                summary.Problems.Select(p => p.ToString()).ToList(),
                [
                    $"files: {summary.Files} ({summary.FilesRejected} rejected)",
                    $"records: {summary.Records}",
                    $"{summary.What}: {summary.New} new, {summary.NewVersions} new versions, {summary.Unchanged} unchanged",
                ],
                summary.Clean,
                summary.FilesRejected > 0 ? "nothing of the rejected files was written; fix them and import them again" : null);
        });
    }
}
