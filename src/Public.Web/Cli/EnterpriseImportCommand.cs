using Public.Web.AirQuality.Import;
using Public.Web.Enterprises;

namespace Public.Web.Cli;

/// <summary><c>import enterprises &lt;.json files or folders…&gt;</c>: the key-polluter registry, each file whole or not at all.</summary>
internal static class EnterpriseImportCommand
{
    private const int MaxProblemsShown = 50;

    public static int Run(IReadOnlyList<string> args, EnterpriseImporter importer, TextWriter output, TextWriter error)
    {
        var inputs = new List<string>();
        foreach (var a in args.Skip(1))
        {
            if (a.StartsWith("--", StringComparison.Ordinal))
            {
                error.WriteLine($"import enterprises: unknown option '{a}'");
                return 2;
            }

            inputs.Add(a);
        }

        if (inputs.Count == 0)
        {
            error.WriteLine("import enterprises: name at least one .json file or a folder");
            return 2;
        }

        EnterpriseImportSummary summary;
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

        output.WriteLine($"files: {summary.Files} ({summary.FilesRejected} rejected)");
        output.WriteLine($"enterprises: {summary.Enterprises} ({summary.New} new, {summary.Replaced} replaced)");
        if (summary.FilesRejected > 0)
        {
            output.WriteLine("nothing of the rejected files was written; fix them and import them again");
        }

        return summary.Clean ? 0 : 1;
    }
}
