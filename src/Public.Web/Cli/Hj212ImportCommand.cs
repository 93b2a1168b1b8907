using Public.Web.SelfMonitoring;

namespace Public.Web.Cli;

/// <summary><c>import hj212 &lt;files or folders…&gt;</c>: captured HJ 212-2017 packets, one per line; bad lines are reported and skipped.</summary>
internal static class Hj212ImportCommand
{
    public static int Run(IReadOnlyList<string> args, Hj212Importer importer, TextWriter output, TextWriter error) =>
        ImportVerb.Run("hj212", "files of captured packets (one per line) or folders", args, output, error, (inputs, _) =>
        {
            var summary = importer.Import(inputs);
            return new ImportOutcome(
                summary.Problems.Select(p => p.ToString()).ToList(),
                [
                    $"files: {summary.Files}",
                    $"lines: {summary.Lines} ({summary.Problems.Count} problem(s))",
                    $"packets stored: {summary.Packets}, values: {summary.ValuesStored} ({summary.NewValues} new, {summary.NewVersions} new versions, {summary.Unchanged} unchanged)",
                ],
                summary.Clean,
                null);
        });
}
