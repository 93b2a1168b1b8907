using Public.Web.Enterprises;

namespace Public.Web.Cli;

/// <summary><c>import enterprises &lt;.json/.csv files or folders…&gt;</c>: the key-polluter registry, each file whole or not at all.</summary>
internal static class EnterpriseImportCommand
{
    public static int Run(IReadOnlyList<string> args, EnterpriseImporter importer, TextWriter output, TextWriter error) =>
        ImportVerb.Run("enterprises", ".json/.csv files or folders", args, output, error, (inputs, _) =>
        {
            var summary = importer.Import(inputs);
            return new ImportOutcome(
                summary.Problems.Select(p => p.ToString()).ToList(),
                [
                    $"files: {summary.Files} ({summary.FilesRejected} rejected)",
                    $"enterprises: {summary.Enterprises} ({summary.New} new, {summary.NewVersions} new versions, {summary.Unchanged} unchanged)",
                ],
                summary.Clean,
                summary.FilesRejected > 0 ? "nothing of the rejected files was written; fix them and import them again" : null);
        });
}
