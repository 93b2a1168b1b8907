using System.Globalization;
using System.Text.RegularExpressions;
using Public.Web.Infrastructure;
using Public.Web.Plan;

namespace Public.Web.Tests.Plan;

/// <summary>
/// The plan as data (content/plan/) against the plan's text: every measure is there with its title, every target's
/// numbers and years are in the clause it cites, every responsible body it names is named there, and every
/// number-with-unit and every dated sentence of the text's measures is covered by some target, apart from the
/// deliberate exclusions listed here with their reasons.
/// </summary>
public sealed partial class PlanTextCoverageTests
{
    private static readonly PlanContent Plan = PlanContent.Load(ContentFiles.Locate(null));

    /// <summary>Numbers of the text that are not targets, by clause: scope criteria and the like.</summary>
    private static readonly (string Clause, string Token, string Reason)[] Exclusions =
    [
        ("四（一）1", "2021年", "the period of another document's title (锦州市清洁取暖实施方案（2018—2021年）), not a deadline of this plan"),
        ("四（一）3", "10蒸吨", "scope of the 2018 boiler removal (boilers of 10 t/h or less), not a target value"),
        ("四（一）3", "7兆瓦", "scope (7 MW, the same boilers as 10 t/h)"),
        ("四（一）3", "20蒸吨", "scope of the 2019 removal and of the online-monitoring duty (20 t/h), named in the targets' wording"),
        ("四（一）3", "14兆瓦", "scope (14 MW, the same boilers as 20 t/h)"),
        ("四（二）11", "3米", "scope of the gas-producer removal (furnace diameter under 3 m); the measure has no dated target"),
        ("四（二）12", "45米", "scope: stacks taller than 45 m are key sources; the dated targets are m12-a and m12-b"),
        ("四（三）16", "5万吨", "scope of the shore-power berths (50,000-t dry-bulk berths), named in m16-h's wording"),
        ("四（六）25", "5天", "the forecast horizon (3 to 5 days) of the milestone m25-a, named in its wording"),
    ];

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(%|万吨|台|批次|组|公顷|蒸吨|兆瓦|米|天|个小时|微克)")]
    private static partial Regex NumberWithUnit();

    [GeneratedRegex(@"(20\d\d)年")]
    private static partial Regex YearMention();

    [GeneratedRegex(@"(\d{1,2})月底")]
    private static partial Regex MonthDeadline();

    private static string Number(decimal value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static PlanText Text() => PlanText.Read(PlanText.Require());

    [Fact]
    public void EveryMeasureOfTheTextIsInThePlanDataWithItsTitleAndNoneIsInvented()
    {
        var text = Text();

        Assert.Equal(32 + 6 + 2, text.Clauses.Count); // 32 tasks, 6 safeguards, the goals' two points
        var measures = Plan.Measures.Where(m => m.Kind != "goal").ToList();
        Assert.Equal(32, measures.Count(m => m.Kind == "task"));
        Assert.Equal(6, measures.Count(m => m.Kind == "safeguard"));
        foreach (var measure in Plan.Measures)
        {
            Assert.True(text.FirstLines.TryGetValue(measure.Clause, out var first), $"{measure.Id}: clause {measure.Clause} is not in the text");
            Assert.Contains(PlanText.Normalize(measure.Title), PlanText.Normalize(first!), StringComparison.Ordinal);
        }

        var cited = Plan.Measures.Select(m => m.Clause).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(text.Clauses.Keys, c => c != "三、1" && !cited.Contains(c));
    }

    [Fact]
    public void EveryTargetsNumbersAndYearsAppearInTheClauseItCites()
    {
        var text = Text();
        var failures = new List<string>();
        foreach (var target in Plan.Targets)
        {
            var clause = text.Clauses[target.Clause];
            foreach (var value in target.Values.DistinctBy(v => v.Value))
            {
                var found = value.Wording is { } wording
                    ? clause.Contains(wording, StringComparison.Ordinal)
                    : Regex.IsMatch(clause, $@"(?<![\d.]){Regex.Escape(Number(value.Value))}(?![\d.])");
                if (!found)
                {
                    failures.Add($"{target.Id}: {value.Wording ?? Number(value.Value)} is not in {target.Clause}");
                }
            }

            var years = target.Kind == MeasureTarget.Milestone ? [target.Deadline!.Value.Year] : target.Standing ? [] : target.Values.Select(v => v.Year);
            failures.AddRange(years.Where(y => !clause.Contains($"{y}年", StringComparison.Ordinal)).Select(y => $"{target.Id}: the year {y} is not in {target.Clause}"));
            if (target.Unit is { } unit && unit is not ("%" or "µg/m³") && !clause.Contains(unit, StringComparison.Ordinal))
            {
                failures.Add($"{target.Id}: the unit {unit} is not in {target.Clause}");
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public void EveryNumberWithUnitAndEveryDatedSentenceOfTheMeasuresIsCoveredBySomeTarget()
    {
        var text = Text();
        var failures = new List<string>();
        foreach (var (clause, body) in text.Clauses.Where(c => c.Key != "三、1"))
        {
            var targets = Plan.Targets.Where(t => t.Clause == clause).ToList();
            bool Excluded(string token) => Exclusions.Any(e => e.Clause == clause && e.Token == token);
            foreach (Match m in NumberWithUnit().Matches(body))
            {
                var number = decimal.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                if (!Excluded(m.Groups[1].Value + m.Groups[2].Value) && !targets.Any(t => t.Values.Any(v => v.Value == number)))
                {
                    failures.Add($"{clause}: '{m.Value}' is covered by no target");
                }
            }

            foreach (Match m in YearMention().Matches(body))
            {
                var year = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                var covered = targets.Any(t => t.Years.Contains(year) && !t.Standing || t.Baseline?.Contains(m.Groups[1].Value, StringComparison.Ordinal) == true);
                if (!Excluded(m.Value) && !covered)
                {
                    failures.Add($"{clause}: the year {year} is covered by no target");
                }
            }

            foreach (Match m in MonthDeadline().Matches(body))
            {
                var month = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                if (!targets.Any(t => t.Deadline?.Month == month))
                {
                    failures.Add($"{clause}: the deadline '{m.Value}' is covered by no target");
                }
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public void EveryExclusionStillNamesSomethingInTheText()
    {
        // An exclusion that no longer matches the text would hide a gap: each must still be found where it says.
        var text = Text();
        Assert.All(Exclusions, e => Assert.Contains(e.Token, text.Clauses[e.Clause], StringComparison.Ordinal));
    }

    [Fact]
    public void EveryResponsibleBodyOfAMeasureIsNamedInItsClause()
    {
        var text = Text();
        var failures = new List<string>();
        foreach (var measure in Plan.Measures)
        {
            var clause = PlanText.Normalize(text.Clauses[measure.Clause]);
            var ids = measure.Lead.Concat(measure.Support).Concat(measure.Targets.SelectMany(t => t.Departments)).Distinct();
            // 各县（市）区 carry out every task unless the text says otherwise (四（一）1 says so once for all).
            foreach (var department in ids.Where(id => id != "xianqu").Select(id => Plan.Department(id)!))
            {
                if (!clause.Contains(PlanText.Normalize(department.Name), StringComparison.Ordinal))
                {
                    failures.Add($"{measure.Id}: {department.Name} is not named in {measure.Clause}");
                }
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public void ThePlanDataHoldsTheCountsTheClosingNoteGives()
    {
        // The figures of content/docs/plan.md; a change to the data must change them there too.
        Assert.Equal(38, Plan.Measures.Count(m => m.Kind != "goal"));
        Assert.Equal(69, Plan.Targets.Count);
        Assert.Equal(28, Plan.Targets.Count(t => t.Kind == MeasureTarget.Quantity));
        Assert.Equal(41, Plan.Targets.Count(t => t.Kind == MeasureTarget.Milestone));
        Assert.Equal(29, Plan.Departments.Count);
        Assert.Equal(["goals-good-days", "goals-pm25"], Plan.Targets.Where(t => t.MeasuredBy is not null).Select(t => t.Id).Order(StringComparer.Ordinal));
    }
}
