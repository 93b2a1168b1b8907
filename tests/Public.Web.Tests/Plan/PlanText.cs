using System.Text.RegularExpressions;

namespace Public.Web.Tests.Plan;

/// <summary>
/// The plan's full text (锦政发〔2018〕33号), read in place from <c>../shared/plan/</c> beside the repository, never
/// copied into it: found as the other shared data are (SHARED_DATA_DIR, then a "shared" folder in an ancestor of the
/// test binaries); a missing file skips the test, or fails it under REQUIRE_SHARED_DATA=1 (CI). Split here into the
/// clauses the plan data cite, independently of the code under test.
/// </summary>
internal sealed partial class PlanText
{
    public const string FileName = "jinzhou-2018-33-plan.txt";

    private PlanText(IReadOnlyDictionary<string, string> clauses, IReadOnlyDictionary<string, string> firstLines)
    {
        Clauses = clauses;
        FirstLines = firstLines;
    }

    /// <summary>Text of each clause (三、2; 四（一）1 … 四（八）32; 五（一）… 五（六）), all whitespace removed (page breaks split sentences).</summary>
    public IReadOnlyDictionary<string, string> Clauses { get; }

    /// <summary>The first line of each clause (its title), whitespace removed.</summary>
    public IReadOnlyDictionary<string, string> FirstLines { get; }

    public static string Require()
    {
        var path = Find();
        if (path is not null)
        {
            return path;
        }

        var message = $"Shared file plan/{FileName} not found (set SHARED_DATA_DIR or place shared/ beside the repository).";
        if (Environment.GetEnvironmentVariable("REQUIRE_SHARED_DATA") == "1")
        {
            Assert.Fail(message + " REQUIRE_SHARED_DATA=1 makes this a failure.");
        }

        Assert.Skip(message);
        throw new InvalidOperationException("Unreachable: Assert.Skip throws.");
    }

    private static string? Find()
    {
        var fromEnv = Environment.GetEnvironmentVariable("SHARED_DATA_DIR");
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            // SHARED_DATA_DIR may name shared/ itself, its data/ folder, or the plan folder.
            string[] candidates =
            [
                Path.Combine(fromEnv, "plan", FileName),
                Path.Combine(fromEnv, "..", "plan", FileName),
                Path.Combine(fromEnv, FileName),
            ];
            return candidates.FirstOrDefault(File.Exists);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "plan", FileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    [GeneratedRegex(@"^\s*(\d{1,2})\s*[.．]")]
    private static partial Regex NumberedLine();

    [GeneratedRegex(@"^\s*[（(]([一二三四五六七八])[)）]")]
    private static partial Regex BracketedLine();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();

    public static PlanText Read(string path)
    {
        var clauses = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        string? part = null, subsection = null, current = null;
        foreach (var line in File.ReadAllLines(path))
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith("三、", StringComparison.Ordinal) || trimmed.StartsWith("四、", StringComparison.Ordinal) || trimmed.StartsWith("五、", StringComparison.Ordinal))
            {
                part = trimmed[..1];
                (subsection, current) = (null, null);
                continue;
            }

            if (part is null)
            {
                continue;
            }

            if (BracketedLine().Match(trimmed) is { Success: true } bracket)
            {
                if (part == "四")
                {
                    // A subsection heading of the tasks: it ends the task before it.
                    (subsection, current) = ($"（{bracket.Groups[1].Value}）", null);
                    continue;
                }

                if (part == "五")
                {
                    current = $"五（{bracket.Groups[1].Value}）";
                }
            }
            else if (NumberedLine().Match(trimmed) is { Success: true } numbered)
            {
                current = part switch
                {
                    "三" => $"三、{numbered.Groups[1].Value}",
                    "四" => $"四{subsection}{numbered.Groups[1].Value}",
                    _ => current,
                };
            }

            if (current is not null)
            {
                if (!clauses.TryGetValue(current, out var lines))
                {
                    clauses[current] = lines = [];
                }

                lines.Add(trimmed);
            }
        }

        return new PlanText(
            clauses.ToDictionary(c => c.Key, c => Space().Replace(string.Concat(c.Value), ""), StringComparer.Ordinal),
            clauses.ToDictionary(c => c.Key, c => Space().Replace(c.Value[0], ""), StringComparer.Ordinal));
    }

    /// <summary>Parentheses as the plan data write them (full width), so names compare whatever the OCR produced.</summary>
    public static string Normalize(string text) => Space().Replace(text, "").Replace('(', '（').Replace(')', '）');
}
