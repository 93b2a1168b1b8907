using Public.Web.AirQuality.Import;
using Public.Web.Penalties.Import;

namespace Public.Web.Cli;

/// <summary><c>import penalties &lt;files or folders…&gt;</c>: CSV or JSON penalty decisions, each file atomic.</summary>
internal static class PenaltyImportCommand
{
    private const int MaxProblemsShown = 50;

    public static int Run(IReadOnlyList<string> args, PenaltyImporter importer, TextWriter output, TextWriter error)
    {
        var inputs = new List<string>();
        foreach (var a in args.Skip(1))
        {
            if (a.StartsWith("--", StringComparison.Ordinal))
            {
                error.WriteLine($"import penalties: unknown option '{a}'");
                return 2;
            }

            inputs.Add(a);
        }

        if (inputs.Count == 0)
        {
            error.WriteLine("import penalties: name at least one .csv or .json file or a folder");
            return 2;
        }

        PenaltyImportSummary summary;
        try
        {
            summary = importer.Import(inputs, message => error.WriteLine(message));
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

        output.WriteLine($"files: {summary.Files} ({summary.FilesRejected} rejected)");
        output.WriteLine($"records: {summary.Records}");
        output.WriteLine($"decisions: {summary.NewDecisions} new, {summary.NewVersions} new versions, {summary.Unchanged} unchanged");
        if (summary.FilesRejected > 0)
        {
            output.WriteLine("nothing of the rejected files was written; fix them and import them again");
        }

        return summary.Clean ? 0 : 1;
    }
}
