using System.Text.Json;
using Public.Web.Infrastructure;

namespace Public.Web.Plan;

/// <summary>One responsible body as the plan names it, with its later name where we know one.</summary>
public sealed record PlanDepartment(
    string Id, string Name, string NameEn, string? LaterName, string? LaterNameEn, int? LaterNameSince, bool? LaterNameVerified, string? Note);

/// <summary>A yearly value of a quantitative target as written (<c>Wording</c> when the text says it in words, e.g. 全部更新 = 100 %).</summary>
public sealed record PlanYearValue(int Year, decimal Value, string? Wording);

/// <summary>
/// One target of a measure: a number per year (quantity) or a deadline (milestone). <c>Standing</c> targets have
/// one value and no year in the text; they apply to every year of the plan.
/// </summary>
public sealed record MeasureTarget(
    string Id, string MeasureId, string Clause, string Metric, string MetricEn, string Kind, string? Unit, string? Baseline, string? BaselineEn,
    string Comparator, IReadOnlyList<PlanYearValue> Values, DateOnly? Deadline, bool Standing, string? MeasuredBy, string? Note,
    IReadOnlyList<string> Lead, IReadOnlyList<string> Support)
{
    public const string Quantity = "quantity";
    public const string Milestone = "milestone";

    /// <summary>The years the target has a status for: its values' years, or its deadline's year.</summary>
    public IReadOnlyList<int> Years => Kind == Milestone ? [Deadline!.Value.Year] : Values.Select(v => v.Year).ToList();

    public PlanYearValue? ValueFor(int year) => Values.FirstOrDefault(v => v.Year == year);

    /// <summary>Every body that owes the target, lead first.</summary>
    public IEnumerable<string> Departments => Lead.Concat(Support);
}

public sealed record PlanMeasure(
    string Id, string Clause, string Section, string Kind, string Title, string TitleEn, string Summary, string SummaryEn,
    IReadOnlyList<string> Lead, IReadOnlyList<string> Support, string DepartmentsAsWritten, IReadOnlyList<MeasureTarget> Targets);

public sealed record PlanSection(string Id, string Clause, string Title, string TitleEn);

/// <summary>
/// The action plan as data, read from <c>content/plan/</c> (plan.json, measures.json, departments.json) and checked
/// on load: every id unique, every department named exists, every comparator and kind known, every year in the plan.
/// </summary>
public sealed class PlanContent
{
    public string Document { get; private init; } = "";
    public string Title { get; private init; } = "";
    public string TitleEn { get; private init; } = "";
    public string Issuer { get; private init; } = "";
    public string IssuerEn { get; private init; } = "";
    public int FirstYear { get; private init; }
    public int LastYear { get; private init; }
    public string Goal { get; private init; } = "";
    public string GoalEn { get; private init; } = "";
    public IReadOnlyList<PlanSection> Sections { get; private init; } = [];
    public IReadOnlyList<PlanMeasure> Measures { get; private init; } = [];
    public IReadOnlyList<PlanDepartment> Departments { get; private init; } = [];
    public IReadOnlyList<MeasureTarget> Targets { get; private init; } = [];

    public static readonly string[] Comparators = ["atLeast", "atMost", "doneBy"];

    public PlanMeasure? Measure(string id) => Measures.FirstOrDefault(m => m.Id == id);

    public MeasureTarget? Target(string id) => Targets.FirstOrDefault(t => t.Id == id);

    public PlanDepartment? Department(string id) => Departments.FirstOrDefault(d => d.Id == id);

    public IEnumerable<int> Years => Enumerable.Range(FirstYear, LastYear - FirstYear + 1);

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private sealed record PlanFile(string Document, string Title, string TitleEn, string Issuer, string IssuerEn, int FirstYear, int LastYear,
        string Goal, string GoalEn, List<PlanSection> Sections);

    private sealed record DepartmentsFile(List<PlanDepartment> Departments);

    private sealed record ValueJson(int Year, decimal Value, string? Wording);

    private sealed record TargetJson(string Id, string Metric, string MetricEn, string Kind, string? Unit, string? Baseline, string? BaselineEn, string Comparator,
        List<ValueJson>? Values, string? Deadline, bool Standing, decimal? Value, string? MeasuredBy, string? Note, List<string>? Lead, List<string>? Support);

    private sealed record MeasureJson(string Id, string Clause, string Section, string Kind, string Title, string TitleEn, string Summary, string SummaryEn,
        List<string> Lead, List<string> Support, string DepartmentsAsWritten, List<TargetJson> Targets);

    private sealed record MeasuresFile(List<MeasureJson> Measures);

    public static PlanContent Load(ContentFiles content) => Load(content.PathOf("plan"));

    public static PlanContent Load(string folder)
    {
        var plan = Read<PlanFile>(Path.Combine(folder, "plan.json"));
        var departments = Read<DepartmentsFile>(Path.Combine(folder, "departments.json")).Departments;
        var measuresPath = Path.Combine(folder, "measures.json");
        var measures = Read<MeasuresFile>(measuresPath).Measures;
        var known = departments.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var sections = plan.Sections.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        void Check(bool ok, string problem)
        {
            if (!ok)
            {
                problems.Add(problem);
            }
        }

        var built = new List<PlanMeasure>();
        foreach (var m in measures)
        {
            Check(sections.Contains(m.Section), $"measure {m.Id}: unknown section '{m.Section}'");
            foreach (var d in m.Lead.Concat(m.Support).Where(d => !known.Contains(d)))
            {
                problems.Add($"measure {m.Id}: unknown department '{d}'");
            }

            var targets = new List<MeasureTarget>();
            foreach (var t in m.Targets)
            {
                Check(Comparators.Contains(t.Comparator), $"target {t.Id}: unknown comparator '{t.Comparator}'");
                Check(t.Kind is MeasureTarget.Quantity or MeasureTarget.Milestone, $"target {t.Id}: kind must be quantity or milestone");
                Check((t.Kind == MeasureTarget.Milestone) == (t.Comparator == "doneBy"), $"target {t.Id}: a milestone is doneBy, a quantity atLeast or atMost");
                foreach (var d in (t.Lead ?? []).Concat(t.Support ?? []).Where(d => !known.Contains(d)))
                {
                    problems.Add($"target {t.Id}: unknown department '{d}'");
                }

                DateOnly? deadline = null;
                if (t.Kind == MeasureTarget.Milestone)
                {
                    Check(DateOnly.TryParseExact(t.Deadline, "yyyy-MM-dd", out var parsed), $"target {t.Id}: a milestone needs a deadline YYYY-MM-DD");
                    deadline = parsed;
                }

                var values = t.Standing && t.Value is { } standing
                    ? Enumerable.Range(plan.FirstYear, plan.LastYear - plan.FirstYear + 1).Select(y => new PlanYearValue(y, standing, null)).ToList()
                    : (t.Values ?? []).Select(v => new PlanYearValue(v.Year, v.Value, v.Wording)).ToList();
                Check(t.Kind == MeasureTarget.Milestone || values.Count > 0, $"target {t.Id}: a quantity needs values (or standing with a value)");
                Check(values.All(v => v.Year >= plan.FirstYear && v.Year <= plan.LastYear), $"target {t.Id}: a year outside {plan.FirstYear}–{plan.LastYear}");
                targets.Add(new MeasureTarget(t.Id, m.Id, m.Clause, t.Metric, t.MetricEn, t.Kind, t.Unit, t.Baseline, t.BaselineEn, t.Comparator, values,
                    deadline, t.Standing, t.MeasuredBy, t.Note, t.Lead ?? m.Lead, t.Support ?? m.Support));
            }

            built.Add(new PlanMeasure(m.Id, m.Clause, m.Section, m.Kind, m.Title, m.TitleEn, m.Summary, m.SummaryEn, m.Lead, m.Support, m.DepartmentsAsWritten, targets));
        }

        var allTargets = built.SelectMany(m => m.Targets).ToList();
        foreach (var duplicate in built.Select(m => m.Id).Concat(allTargets.Select(t => t.Id)).GroupBy(i => i, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"id '{duplicate.Key}' is used twice");
        }

        if (problems.Count > 0)
        {
            throw new InvalidDataException($"{measuresPath}: " + string.Join("; ", problems));
        }

        return new PlanContent
        {
            Document = plan.Document, Title = plan.Title, TitleEn = plan.TitleEn, Issuer = plan.Issuer, IssuerEn = plan.IssuerEn,
            FirstYear = plan.FirstYear, LastYear = plan.LastYear, Goal = plan.Goal, GoalEn = plan.GoalEn,
            Sections = plan.Sections, Measures = built, Departments = departments, Targets = allTargets,
        };
    }

    private static T Read<T>(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Options) ?? throw new InvalidDataException($"{path}: empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }
}
