using Public.Web.AirQuality.Import;

namespace Public.Web.Cli;

/// <summary>What an import verb prints when it is done: its problems, a few summary lines, and whether all was accepted.</summary>
internal sealed record ImportOutcome(IReadOnlyList<string> Problems, IReadOnlyList<string> SummaryLines, bool Clean, string? Footer);

/// <summary>
/// The shared shape of the <c>import &lt;source&gt; &lt;files or folders…&gt;</c> verbs: argument checks,
/// refusals, the problem list (at most 50 on screen) and the exit code (0 all accepted, 1 something
/// rejected or refused, 2 usage error). Each source supplies only how to import and how to summarise.
/// </summary>
internal static class ImportVerb
{
    private const int MaxProblemsShown = 50;

    /// <param name="inputsHint">What the inputs are, for the usage error (e.g. ".csv or .json files or folders").</param>
    public static int Run(string source, string inputsHint, IReadOnlyList<string> args, TextWriter output, TextWriter error,
        Func<IReadOnlyList<string>, Action<string>, ImportOutcome> import)
    {
        var inputs = new List<string>();
        foreach (var arg in args.Skip(1))
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                error.WriteLine($"import {source}: unknown option '{arg}'");
                return 2;
            }

            inputs.Add(arg);
        }

        if (inputs.Count == 0)
        {
            error.WriteLine($"import {source}: name at least one of {inputsHint}");
            return 2;
        }

        ImportOutcome outcome;
        try
        {
            outcome = import(inputs, message => error.WriteLine(message));
        }
        catch (ImportRefusedException e)
        {
            error.WriteLine("import refused: " + e.Message);
            return 1;
        }

        WriteProblems(outcome.Problems, error, moreHint: null);
        foreach (var line in outcome.SummaryLines)
        {
            output.WriteLine(line);
        }

        if (outcome.Footer is not null)
        {
            output.WriteLine(outcome.Footer);
        }

        return outcome.Clean ? 0 : 1;
    }

    public static void WriteProblems<T>(IReadOnlyList<T> problems, TextWriter error, string? moreHint)
    {
        foreach (var problem in problems.Take(MaxProblemsShown))
        {
            error.WriteLine("  " + problem);
        }

        if (problems.Count > MaxProblemsShown)
        {
            error.WriteLine($"  … and {problems.Count - MaxProblemsShown} more problem(s){moreHint}");
        }
    }
}
