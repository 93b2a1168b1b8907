using Public.Web.AirQuality.Import;
using Public.Web.SelfMonitoring;

namespace Public.Web.Cli;

/// <summary><c>import hj212 &lt;files or folders…&gt;</c>: captured HJ 212-2017 packets, one per line; bad lines are reported and skipped.</summary>
internal static class Hj212ImportCommand
{
    private const int MaxProblemsShown = 50;

    public static int Run(IReadOnlyList<string> args, Hj212Importer importer, TextWriter output, TextWriter error)
    {
        var inputs = new List<string>();
        foreach (var a in args.Skip(1))
        {
            if (a.StartsWith("--", StringComparison.Ordinal))
            {
                error.WriteLine($"import hj212: unknown option '{a}'");
                return 2;
            }

            inputs.Add(a);
        }

        if (inputs.Count == 0)
        {
            error.WriteLine("import hj212: name at least one file of captured packets (one per line) or a folder");
            return 2;
        }

        Hj212ImportSummary summary;
        try
        {
            summary = importer.Import(inputs);
        }
        catch (ImportRefusedException e)
        {
            error.WriteLine("import refused: " + e.Message);
            return 1;
        }

        foreach (var problem in summary.Problems.Take(MaxProblemsShown))
        {
            error.WriteLine("  " + problem);
        }

        if (summary.Problems.Count > MaxProblemsShown)
        {
            error.WriteLine($"  … and {summary.Problems.Count - MaxProblemsShown} more problem(s)");
        }

        output.WriteLine($"files: {summary.Files}");
        output.WriteLine($"lines: {summary.Lines} ({summary.Problems.Count} problem(s))");
        output.WriteLine($"packets stored: {summary.Packets}, values stored: {summary.ValuesStored}");
        return summary.Clean ? 0 : 1;
    }
}
