using System.Globalization;
using System.Text.RegularExpressions;
using Public.Web.AirQuality.Import;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Publication;

namespace Public.Web.Plan.Import;

/// <summary>The field names of a progress-report file (CSV header = JSON property names); documented in content/docs/plan.md.</summary>
internal static class PlanProgressFormat
{
    public static readonly IReadOnlyList<string> RequiredFields = ["target", "period", "reportingBody", "sourceTitle", "sourceIssuer", "sourceDate"];

    public static readonly IReadOnlyList<string> OptionalFields =
        ["value", "done", "completedOn", "department", "note", "sourceDocumentNumber", "sourceUrl", "sourceSha256", "reason"];

    public static readonly IReadOnlySet<string> AllFields = RequiredFields.Concat(OptionalFields).ToHashSet(StringComparer.Ordinal);

    public static readonly RecordFormat Format = new("progress report", "reports", AllFields, RequiredFields, ListsAllowed: false);
}

public sealed record PlanImportSummary(int Files, int FilesRejected, int Records, int NewReports, int NewVersions, int Unchanged, IReadOnlyList<ImportProblem> Problems)
{
    public bool Clean => FilesRejected == 0 && Problems.Count == 0;
}

/// <summary>One valid record: which report it is (target, period, body), what it says, and why it changes a published one.</summary>
internal sealed record ParsedReport(int Line, string TargetId, string Period, string ReportingBody, PlanReportContent Content, string? Reason);

/// <summary>
/// <c>import plan-progress</c>: CSV or JSON progress reports, each file checked and written in its own transaction
/// (a file with any problem writes nothing). A report is identified by target, period and reporting body:
/// identical to a published version → unchanged; new → a new report; changed → a new version, which needs a
/// <c>reason</c> (a silent change of a published report is what we must never do). The demo seeder writes its
/// (demo-marked) reports through the same checks.
/// </summary>
internal sealed partial class PlanProgressImporter(Publisher publisher, PlanContent plan, TimeProvider time)
{
    public const string BatchKind = "plan-progress";

    private static readonly string[] SourceFields = ["sourceTitle", "sourceIssuer", "sourceDate"];

    [GeneratedRegex(@"^(?<year>[0-9]{4})(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$", RegexOptions.CultureInvariant)]
    private static partial Regex PeriodPattern();

    [GeneratedRegex(@"^-?[0-9]+(\.[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();

    [GeneratedRegex("^[0-9a-fA-F]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256Pattern();

    public PlanImportSummary Import(IReadOnlyList<string> inputs, Action<string>? progress = null)
    {
        publisher.RefuseDemo("import real progress reports into a separate database (--db PATH)");

        var problems = new List<ImportProblem>();
        var distinct = ImportInputs.CsvOrJson(inputs, problems);

        var t = FileByFile.Run(distinct, problems, progress, "report(s)", (path, name) =>
        {
            var file = RecordFileReader.Read(path, name, PlanProgressFormat.Format);
            return (file, file.Records.Count, file.Problems);
        }, file => Write(file, demo: false, problems));
        return new PlanImportSummary(t.Files, t.Rejected, t.Records, t.New, t.Versions, t.Unchanged, problems);
    }

    /// <summary>Validates and writes one file in one transaction; null (and nothing written) when it has any problem.</summary>
    internal (int New, int Versions, int Unchanged)? Write(RecordFile file, bool demo, List<ImportProblem> problems)
    {
        var before = problems.Count;
        var today = ChinaTime.Today(time);
        var parsed = new List<ParsedReport>();
        var seen = new Dictionary<(string, string, string), int>();
        foreach (var raw in file.Records)
        {
            if (Validate(raw, file.Name, today, problems) is { } report)
            {
                if (seen.TryGetValue((report.TargetId, report.Period, report.ReportingBody), out var first))
                {
                    problems.Add(new ImportProblem(file.Name, raw.Line, "target",
                        $"duplicate: line {first} already reports {report.TargetId} for {report.Period} by {report.ReportingBody}"));
                    continue;
                }

                seen[(report.TargetId, report.Period, report.ReportingBody)] = raw.Line;
                parsed.Add(report);
            }
        }

        if (problems.Count > before)
        {
            return null;
        }

        return publisher.PublishFile(demo ? "demo-plan-progress" : BatchKind, file.Name, file.Sha256, file.Records.Count, problems, batch =>
        {
        var (connection, transaction, batchId, now) = (batch.StoreConnection, batch.StoreTransaction, batch.Id, batch.StartedAt);
        int created = 0, versions = 0, unchanged = 0;
        foreach (var report in parsed)
        {
            var stored = PlanStore.VersionsOf(report.TargetId, report.Period, report.ReportingBody, connection, transaction);
            if (stored.Count == 0)
            {
                if (report.Reason is not null)
                {
                    problems.Add(new ImportProblem(file.Name, report.Line, "reason",
                        $"{report.TargetId} {report.Period} by {report.ReportingBody} has not been published before, so there is nothing to correct"));
                    continue;
                }

                var id = PlanStore.InsertReport(connection, transaction, report.TargetId, report.Period, report.ReportingBody, now);
                PlanStore.InsertVersion(connection, transaction, new PlanReportRow(id, report.TargetId, report.Period, report.ReportingBody, 1, now, now,
                    batchId, file.Name, report.Line, null, demo, report.Content));
                created++;
                continue;
            }

            var current = stored[^1];
            // Re-importing a file already imported (the original or a correction) adds nothing.
            if (current.Content == report.Content || stored.Any(v => v.Content == report.Content && v.Reason == report.Reason))
            {
                unchanged++;
                continue;
            }

            if (report.Reason is null)
            {
                problems.Add(new ImportProblem(file.Name, report.Line, "reason",
                    $"{report.TargetId} {report.Period} by {report.ReportingBody} is already published (version {current.Version} from {current.Source}) with different content; " +
                    "to publish a correction, give a reason"));
                continue;
            }

            PlanStore.InsertVersion(connection, transaction, current with
            {
                Version = current.Version + 1, RecordedAt = now, BatchId = batchId, Source = file.Name, SourceLine = report.Line,
                Reason = report.Reason, Demo = demo, Content = report.Content,
            });
            versions++;
        }

        return (created, versions, unchanged);
        });
    }

    /// <summary>Checks one record's meaning against the plan; every problem is named by its field.</summary>
    private ParsedReport? Validate(RawRecord raw, string file, DateOnly today, List<ImportProblem> problems)
    {
        var before = problems.Count;
        void Problem(string field, string reason) => problems.Add(new ImportProblem(file, raw.Line, field, reason));
        string? Text(string field) => raw.Fields.TryGetValue(field, out var v) && v.Length > 0 ? v : null;
        DateOnly? Date(string field)
        {
            if (Text(field) is not { } text)
            {
                return null;
            }

            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                Problem(field, $"'{text}' is not a date YYYY-MM-DD");
                return null;
            }

            if (date > today)
            {
                Problem(field, $"{text} is in the future");
            }

            return date;
        }

        var targetId = Text("target");
        var target = targetId is null ? null : plan.Target(targetId);
        if (targetId is null)
        {
            Problem("target", "target is required (a target id of content/plan/measures.json, e.g. m01-a)");
        }
        else if (target is null)
        {
            Problem("target", $"unknown target '{targetId}' (see /api/v1/plan/targets for the ids)");
        }

        var period = Text("period");
        var match = period is null ? null : PeriodPattern().Match(period);
        var year = 0;
        if (period is null)
        {
            Problem("period", "period is required: a year (2019) or a part of one (2019-H1, 2019-Q3, 2019-06)");
        }
        else if (match is not { Success: true })
        {
            Problem("period", $"bad period '{period}': a year (2019) or a part of one (2019-H1, 2019-Q3, 2019-06)");
        }
        else
        {
            year = int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture);
            if (year < plan.FirstYear || year > plan.LastYear)
            {
                Problem("period", $"bad period '{period}': the plan runs {plan.FirstYear}–{plan.LastYear}");
            }
            else if (target is { Kind: MeasureTarget.Quantity } && target.ValueFor(year) is null)
            {
                Problem("period", $"bad period '{period}': target {target.Id} has no value for {year} (its years: {string.Join(", ", target.Years)})");
            }
        }

        decimal? value = null;
        bool? done = null;
        DateOnly? completedOn = null;
        var valueText = Text("value");
        var doneText = Text("done");
        if (target is { Kind: MeasureTarget.Quantity })
        {
            if (doneText is not null)
            {
                Problem("done", $"target {target.Id} is quantitative: give its value in {target.Unit}, not done");
            }

            if (valueText is null)
            {
                // A done given instead of the value is already named above.
                if (doneText is null)
                {
                    Problem("value", $"value is required for the quantitative target {target.Id} (in {target.Unit})");
                }
            }
            else if (!NumberPattern().IsMatch(valueText))
            {
                Problem("value", $"'{valueText}' is not a number in {target.Unit} (digits and a decimal point, no units or grouping)");
            }
            else
            {
                value = decimal.Parse(valueText, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            }

            if (Text("completedOn") is not null)
            {
                Problem("completedOn", $"completedOn is for milestones; {target.Id} is quantitative");
            }
        }
        else if (target is { Kind: MeasureTarget.Milestone })
        {
            if (valueText is not null)
            {
                Problem("value", $"target {target.Id} is a milestone: give done (true or false), not a value");
            }

            done = doneText switch
            {
                "true" => true,
                "false" => false,
                _ => null,
            };
            if (doneText is null)
            {
                // A value given instead of done is already named above.
                if (valueText is null)
                {
                    Problem("done", $"done (true or false) is required for the milestone {target.Id}");
                }
            }
            else if (done is null)
            {
                Problem("done", $"'{doneText}' must be true or false");
            }

            completedOn = Date("completedOn");
            if (completedOn is not null && done != true)
            {
                Problem("completedOn", "completedOn is only for a milestone reported done (done=true)");
            }
        }

        var body = Text("reportingBody");
        if (body is null)
        {
            Problem("reportingBody", "reportingBody is required: the body that reported, as written");
        }

        var department = Text("department");
        if (department is not null && plan.Department(department) is null)
        {
            Problem("department", $"unknown department '{department}' (see /api/v1/plan/departments for the ids)");
        }

        var missingSource = SourceFields.Where(f => Text(f) is null).ToList();
        foreach (var field in missingSource)
        {
            Problem(field, $"missing source: {field} is required (every report names its source document: title, issuer, date)");
        }

        var sourceDate = Date("sourceDate");
        var url = Text("sourceUrl");
        if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            Problem("sourceUrl", $"'{url}' is not an http(s) address");
        }

        var sha = Text("sourceSha256");
        if (sha is not null && !Sha256Pattern().IsMatch(sha))
        {
            Problem("sourceSha256", "sourceSha256 must be 64 hexadecimal digits");
        }

        if (problems.Count > before || target is null || sourceDate is null)
        {
            return null;
        }

        return new ParsedReport(raw.Line, target.Id, period!, body!,
            new PlanReportContent(value, done, completedOn, department, Text("note"), Text("sourceTitle")!, Text("sourceIssuer")!,
                Text("sourceDocumentNumber"), sourceDate.Value, url, sha?.ToLowerInvariant()),
            Text("reason"));
    }
}
