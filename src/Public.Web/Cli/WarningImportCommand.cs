using Public.Web.AirQuality.Import;
using Public.Web.Warnings.Import;

namespace Public.Web.Cli;

/// <summary><c>import warnings &lt;files or folders…&gt;</c>: warning events and reduction lists, CSV or JSON, all or nothing.</summary>
internal static class WarningImportCommand
{
    private const int MaxProblemsShown = 50;

    public static int Run(IReadOnlyList<string> args, WarningImporter importer, TextWriter output, TextWriter error)
    {
        var inputs = new List<string>();
        foreach (var arg in args.Skip(1))
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                error.WriteLine($"import warnings: unknown option '{arg}'");
                return 2;
            }

            inputs.Add(arg);
        }

        if (inputs.Count == 0)
        {
            error.WriteLine("import warnings: name at least one .csv or .json file or folder");
            return 2;
        }

        WarningImportSummary summary;
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

        output.WriteLine($"files: {summary.Files}, records: {summary.Records}");
        output.WriteLine($"warning events: {summary.NewEvents} new, {summary.NewEventVersions} new versions, {summary.UnchangedEvents} unchanged");
        output.WriteLine($"reduction-list entries: {summary.NewEntries} new, {summary.NewEntryVersions} new versions, {summary.UnchangedEntries} unchanged");
        if (!summary.Clean)
        {
            output.WriteLine($"{summary.Problems.Count} problem(s): nothing was written; fix them and run the import again");
            return 1;
        }

        return 0;
    }
}
