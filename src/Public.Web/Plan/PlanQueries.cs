using System.Globalization;
using System.Text;
using Public.Web.AirQuality;
using Public.Web.Api;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Publication;

namespace Public.Web.Plan;

/// <summary>The filters of the targets list (REST query parameters, GraphQL arguments), parsed.</summary>
public sealed record PlanTargetFilter(string? Measure, string? Department, int? Year, string? Status);

/// <summary>The filters of the progress-report list.</summary>
public sealed record PlanProgressFilter(string? Target, string? Measure, string? Department, int? Year);

/// <summary>
/// Answers every question about the plan (REST, GraphQL, pages and feed ask here): the plan as data joined with the
/// reports and our own assessment, statuses computed on each call as of today (the tracker is small: ~70 targets).
/// </summary>
public sealed class PlanQueries
{
    private readonly PlanContent _plan;
    private readonly PlanStore _store;
    private readonly AirQualityQueries _air;
    private readonly TimeProvider _time;

    internal PlanQueries(PlanContent plan, PlanStore store, AirQualityQueries air, TimeProvider time)
    {
        _plan = plan;
        _store = store;
        _air = air;
        _time = time;
    }

    public PlanContent Content => _plan;

    public DateOnly Today => ChinaTime.Today(_time);

    // ---- parsing (bad input names its parameter) ----------------------------------------------------------

    public PlanTargetFilter ParseTargetFilter(string? measure, string? department, string? year, string? status) =>
        new(ParseMeasure(measure), ParseDepartment(department), ParseYear(year), ParseStatus(status));

    public PlanProgressFilter ParseProgressFilter(string? target, string? measure, string? department, string? year)
    {
        if (target is { Length: > 0 } && _plan.Target(target) is null)
        {
            throw new BadParameterException("target", $"unknown target '{target}'");
        }

        return new PlanProgressFilter(target is { Length: > 0 } ? target : null, ParseMeasure(measure), ParseDepartment(department), ParseYear(year));
    }

    private string? ParseMeasure(string? id) => id is not { Length: > 0 } ? null
        : _plan.Measure(id) is null ? throw new BadParameterException("measure", $"unknown measure '{id}' (ids: goals, m01 … m32, s01 … s06)") : id;

    private string? ParseDepartment(string? id) => id is not { Length: > 0 } ? null
        : _plan.Department(id) is null ? throw new BadParameterException("department", $"unknown department '{id}' (see /api/v1/plan/departments)") : id;

    private int? ParseYear(string? text)
    {
        if (text is not { Length: > 0 })
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year < _plan.FirstYear || year > _plan.LastYear)
        {
            throw new BadParameterException("year", $"year '{text}' must be one of the plan's years {_plan.FirstYear}–{_plan.LastYear}");
        }

        return year;
    }

    private static string? ParseStatus(string? text) => text is not { Length: > 0 } ? null
        : PlanStatus.All.Contains(text) ? text
        : throw new BadParameterException("status", $"status '{text}' must be one of {string.Join(", ", PlanStatus.All)}");

    // ---- answers -------------------------------------------------------------------------------------------

    public PlanDto Plan()
    {
        var snapshot = Snapshot();
        var measures = _plan.Measures.Where(m => m.Kind != "goal").ToList();
        return new PlanDto(_plan.Document, _plan.Title, _plan.TitleEn, _plan.Issuer, _plan.FirstYear, _plan.LastYear, _plan.Goal, _plan.GoalEn,
            measures.Count, measures.Count(m => m.Kind == "task"), measures.Count(m => m.Kind == "safeguard"),
            _plan.Targets.Count, _plan.Targets.Count(t => t.Kind == MeasureTarget.Quantity), _plan.Targets.Count(t => t.Kind == MeasureTarget.Milestone),
            _plan.Departments.Count, Score(snapshot.Targets.Values, _plan.LastYear, yearOnly: false),
            _plan.Sections.Select(s => new PlanSectionDto(s.Id, s.Clause, s.Title, s.TitleEn,
                _plan.Measures.Where(m => m.Section == s.Id).Select(m => MeasureDto(m, snapshot)).ToList())).ToList());
    }

    public IReadOnlyList<PlanMeasureDto> Measures()
    {
        var snapshot = Snapshot();
        return _plan.Measures.Select(m => MeasureDto(m, snapshot)).ToList();
    }

    public PlanMeasureDto Measure(string id) =>
        MeasureDto(_plan.Measure(id) ?? throw new NotFoundException("id", $"unknown measure '{id}'"), Snapshot());

    public IReadOnlyList<PlanMeasureTargetDto> Targets(PlanTargetFilter filter) =>
        Snapshot().Targets.Values.Where(t =>
                (filter.Measure is null || t.MeasureId == filter.Measure)
                && (filter.Department is null || t.Lead.Concat(t.Support).Any(d => d.Id == filter.Department))
                && (filter.Year is null || t.Years.Any(y => y.Year == filter.Year))
                && (filter.Status is null || (filter.Year is { } y ? t.Years.Any(r => r.Year == y && r.Status == filter.Status) : t.Years.Any(r => r.Status == filter.Status))))
            .ToList();

    public PlanTargetDetailDto Target(string id)
    {
        var snapshot = Snapshot();
        if (!snapshot.Targets.TryGetValue(id, out var target))
        {
            throw new NotFoundException("id", $"unknown target '{id}'");
        }

        return new PlanTargetDetailDto(target,
            snapshot.Reports.Where(r => r.TargetId == id).OrderByDescending(r => r.Source.Date).ThenByDescending(r => r.Id).ToList(),
            Reports(_store.VersionsOfTarget(id)));
    }

    public IReadOnlyList<PlanDepartmentDto> Departments()
    {
        var snapshot = Snapshot();
        return _plan.Departments.Select(d => DepartmentDto(d, snapshot)).ToList();
    }

    public PlanDepartmentDetailDto Department(string id)
    {
        var department = _plan.Department(id) ?? throw new NotFoundException("id", $"unknown department '{id}'");
        var snapshot = Snapshot();
        var targets = snapshot.Targets.Values;
        return new PlanDepartmentDetailDto(DepartmentDto(department, snapshot),
            targets.Where(t => t.Lead.Any(d => d.Id == id)).ToList(),
            targets.Where(t => t.Support.Any(d => d.Id == id)).ToList(),
            snapshot.Reports.Where(r => r.DepartmentId == id).OrderByDescending(r => r.Source.Date).ThenByDescending(r => r.Id).ToList());
    }

    public IReadOnlyList<PlanProgressReportDto> Progress(PlanProgressFilter filter) =>
        Snapshot().Reports.Where(r =>
                (filter.Target is null || r.TargetId == filter.Target)
                && (filter.Measure is null || r.MeasureId == filter.Measure)
                && (filter.Department is null || r.DepartmentId == filter.Department)
                && (filter.Year is null || r.Year == filter.Year))
            .OrderByDescending(r => r.Source.Date).ThenByDescending(r => r.Id).ToList();

    /// <summary>The reports first recorded last, newest first (the Atom feed).</summary>
    public IReadOnlyList<PlanProgressReportDto> Newest(int count) =>
        Snapshot().Reports.OrderByDescending(r => r.FirstRecordedAt).ThenByDescending(r => r.Id).Take(count).ToList();

    /// <summary>"Of N targets due by <paramref name="year"/>…" (or due in it, with <paramref name="yearOnly"/>).</summary>
    public PlanScorecardDto Scorecard(int year, bool yearOnly) => Score(Snapshot().Targets.Values, year, yearOnly);

    // ---- building ------------------------------------------------------------------------------------------

    private sealed record State(IReadOnlyList<PlanProgressReportDto> Reports, IReadOnlyDictionary<string, PlanMeasureTargetDto> Targets);

    private State Snapshot()
    {
        var reports = Reports(_store.CurrentReports());
        var today = Today;
        // One assessment per year serves both measured targets of that year.
        var assessments = new Dictionary<int, AssessmentDto>();
        MeasuredValue? Measured(string? by, int year) => MeasuredFor(by, year, today, assessments);

        var targets = new Dictionary<string, PlanMeasureTargetDto>(StringComparer.Ordinal);
        foreach (var t in _plan.Targets)
        {
            var years = t.Years.Select(y => PlanStatus.Compute(t, y, reports, today, Measured(t.MeasuredBy, y))).ToList();
            targets[t.Id] = new PlanMeasureTargetDto(t.Id, t.MeasureId, t.Clause, t.Metric, t.MetricEn, t.Kind, t.Unit, t.Baseline, t.BaselineEn, t.Comparator,
                t.Standing, t.MeasuredBy, t.Note, Refs(t.Lead), Refs(t.Support), years, years[^1].Status);
        }

        return new State(reports, targets);
    }

    private MeasuredValue? MeasuredFor(string? by, int year, DateOnly today, Dictionary<int, AssessmentDto> assessments)
    {
        if (by is null || year > today.Year)
        {
            return null;
        }

        if (!assessments.TryGetValue(year, out var assessment))
        {
            assessments[year] = assessment = _air.CityAssessment(year, null);
        }

        return MeasureOwn(assessment, by);
    }

    /// <summary>
    /// All the plan reads of the air data: our own measured value of each measured target for each of its years, one
    /// line each. The static export keys the plan pages that show measured targets with it, so an air import that does
    /// not move these values does not render them again.
    /// </summary>
    public string MeasuredValues()
    {
        var today = Today;
        var assessments = new Dictionary<int, AssessmentDto>();
        var lines = new StringBuilder();
        foreach (var t in _plan.Targets.Where(t => t.MeasuredBy is not null))
        {
            foreach (var year in t.Years)
            {
                var m = MeasuredFor(t.MeasuredBy, year, today, assessments);
                // A value that does not count (a finished year without enough valid days) is shown nowhere.
                lines.Append(CultureInfo.InvariantCulture, $"{t.Id} {year} {(m is { Counts: true } ? $"{m.Value} {m.Complete}" : "-")}\n");
            }
        }

        return lines.ToString();
    }

    /// <summary>Our own value of a target for a year, from the assessment (as the year page shows it).</summary>
    private static MeasuredValue? MeasureOwn(AssessmentDto assessment, string by)
    {
        var pm25 = assessment.Statistics.FirstOrDefault(s => s.Pollutant == "PM2.5" && s.Statistic == "annualMean");
        // As the assessment does: a year without enough valid PM2.5 days (GB 3095) is not assessable.
        var sufficient = pm25?.Coverage.Sufficient == true;
        var value = by switch
        {
            "assessment-pm25" => pm25?.Value,
            "assessment-good-days" => assessment.GoodDaysRatioPercent,
            _ => null,
        };
        return value is null ? null : new MeasuredValue(value, assessment.Complete, sufficient);
    }

    private PlanMeasureDto MeasureDto(PlanMeasure m, State state) =>
        new(m.Id, m.Clause, m.Section, m.Kind, m.Title, m.TitleEn, m.Summary, m.SummaryEn, Refs(m.Lead), Refs(m.Support), m.DepartmentsAsWritten,
            m.Targets.Select(t => state.Targets[t.Id]).ToList());

    private PlanDepartmentDto DepartmentDto(PlanDepartment d, State state)
    {
        var leads = state.Targets.Values.Where(t => t.Lead.Any(r => r.Id == d.Id)).ToList();
        return new PlanDepartmentDto(d.Id, d.Name, d.NameEn, d.LaterName, d.LaterNameEn, d.LaterNameSince, d.LaterNameVerified, d.Note,
            leads.Count, state.Targets.Values.Count(t => t.Support.Any(r => r.Id == d.Id)), state.Reports.Count(r => r.DepartmentId == d.Id),
            Score(leads, _plan.LastYear, yearOnly: false));
    }

    private List<PlanDepartmentRefDto> Refs(IEnumerable<string> ids) =>
        ids.Select(id => _plan.Department(id)!).Select(d => new PlanDepartmentRefDto(d.Id, d.Name, d.NameEn)).ToList();

    private static PlanScorecardDto Score(IEnumerable<PlanMeasureTargetDto> targets, int year, bool yearOnly)
    {
        // A target counts by its status in its last year up to the scorecard's year (a year's card: the target-years due in it).
        var statuses = targets
            .Select(t => t.Years.Where(y => yearOnly ? y.Year == year : y.Year <= year).Select(y => y.Status).LastOrDefault())
            .Where(s => s is not null).Select(s => s!).ToList();
        return new PlanScorecardDto(year, yearOnly, statuses.Count, statuses.Count(s => s == PlanStatus.Met), statuses.Count(s => s == PlanStatus.NotMet),
            statuses.Count(s => s == PlanStatus.OnTrack), statuses.Count(s => s == PlanStatus.Overdue), statuses.Count(s => s == PlanStatus.NotReported));
    }

    /// <summary>Reports as published, each with its version's place in the transparency log (one lookup for all).</summary>
    private List<PlanProgressReportDto> Reports(IReadOnlyList<PlanReportRow> rows)
    {
        var log = LogRefs.Read(_store.Database, PublishedDatasets.PlanReports, rows, r => [r.TargetId, r.Period, r.ReportingBody], r => r.Version);
        return rows.Select(r => Report(r) with { Log = log.Of([r.TargetId, r.Period, r.ReportingBody], r.Version) }).ToList();
    }

    private PlanProgressReportDto Report(PlanReportRow row)
    {
        var c = row.Content;
        var measure = _plan.Target(row.TargetId)?.MeasureId ?? "";
        // A report names its body as written; when no department id was given, a body written exactly as the plan names one is that one.
        var department = c.DepartmentId ?? _plan.Departments.FirstOrDefault(d => d.Name == row.ReportingBody || d.LaterName == row.ReportingBody)?.Id;
        return new PlanProgressReportDto(row.Id, row.TargetId, measure, row.Period, int.Parse(row.Period[..4], CultureInfo.InvariantCulture), c.Value, c.Done,
            c.CompletedOn, row.ReportingBody, department, c.Note,
            new PlanSourceDocumentDto(c.SourceTitle, c.SourceIssuer, c.SourceNumber, c.SourceDate, c.SourceUrl, c.SourceSha256),
            row.Demo, row.Version, Instant(row.FirstRecordedAt), Instant(row.RecordedAt), row.Reason);
    }

    private static DateTimeOffset Instant(string iso) =>
        DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToOffset(ChinaTime.Offset);
}
