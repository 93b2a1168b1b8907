using Public.Web.AirQuality.Import;

namespace Public.Web.Cli;

/// <summary><c>import cnemc &lt;files or folders…&gt; [--keep-valid] [--report FILE]</c>.</summary>
internal static class ImportCommand
{
    public static int Run(IReadOnlyList<string> args, CnemcImporter importer, TextWriter output, TextWriter error)
    {
        if (args.Count == 0 || args[0] != "cnemc")
        {
            error.WriteLine(args.Count == 0 ? "import: say what to import: import cnemc|penalties|warnings|enterprises|hj212|manual-monitoring|disclosures|statements <files or folders...>" : $"import: unknown source '{args[0]}' (supported: cnemc, penalties, warnings, enterprises, hj212, manual-monitoring, disclosures, statements)");
            return 2;
        }

        var keepValid = false;
        string? report = null;
        var inputs = new List<string>();
        for (var i = 1; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--keep-valid":
                    keepValid = true;
                    break;
                case "--report" when i + 1 < args.Count:
                    report = args[++i];
                    break;
                case "--report":
                    error.WriteLine("import: --report needs a file path");
                    return 2;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal))
                    {
                        error.WriteLine($"import: unknown option '{args[i]}'");
                        return 2;
                    }

                    inputs.Add(args[i]);
                    break;
            }
        }

        if (inputs.Count == 0)
        {
            error.WriteLine("import cnemc: name at least one file or folder");
            return 2;
        }

        ImportSummary summary;
        try
        {
            summary = importer.Import(inputs, new ImportOptions(keepValid, report), message => error.WriteLine(message));
        }
        catch (ImportRefusedException e)
        {
            error.WriteLine("import refused: " + e.Message);
            return 1;
        }

        ImportVerb.WriteProblems(summary.Problems, error, summary.ReportPath is null ? null : " (all in the report)");

        output.WriteLine($"files: {summary.Files} ({summary.FilesRejected} rejected)");
        output.WriteLine($"rows: {summary.Rows} ({summary.RejectedRows} rejected)");
        output.WriteLine($"values stored: {summary.ValuesStored}");
        output.WriteLine($"station-hours: {summary.NewRecords} new, {summary.NewVersions} new versions, {summary.Unchanged} unchanged");
        if (summary.ReportPath is not null)
        {
            output.WriteLine($"report of rejected rows: {summary.ReportPath}");
        }

        if (!summary.Clean && !keepValid && summary.FilesRejected > 0)
        {
            output.WriteLine("nothing of the rejected files was written; fix them, or re-run with --keep-valid to import their valid rows");
        }

        return summary.Clean ? 0 : 1;
    }
}
