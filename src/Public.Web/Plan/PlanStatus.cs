using System.Globalization;

namespace Public.Web.Plan;

/// <summary>This site's own value of a target for a year (from the assessment), and whether the year is over and assessable.</summary>
public sealed record MeasuredValue(decimal? Value, bool Complete, bool Sufficient)
{
    /// <summary>Whether the value decides the status: a year in progress, or a finished year with enough valid days.</summary>
    public bool Counts => !Complete || Sufficient;
}

/// <summary>
/// The status of a target in a year, computed (never typed in) from the reports on it, its deadline, today's date and,
/// for the targets the site measures itself, our own data:
/// <list type="bullet">
/// <item>quantity, year over: the year's final report meets the target → met, else not-met; no final report → not-reported;</item>
/// <item>quantity, year in progress: an interim report (2019-H1, 2019-06 …) meeting it → on-track, not meeting → not-met (provisional); none → not-reported;</item>
/// <item>measured by us: our value decides (met / not-met once the year is over and has enough valid days; on-track / not-met while
/// it runs); a report that disagrees with it is kept and flagged;</item>
/// <item>milestone: reported done on or before the deadline → met, done later → not-met; reported not done → overdue after the
/// deadline, on-track before it; no report → not-reported (silence is information).</item>
/// </list>
/// </summary>
public static class PlanStatus
{
    public const string Met = "met";
    public const string NotMet = "not-met";
    public const string OnTrack = "on-track";
    public const string Overdue = "overdue";
    public const string NotReported = "not-reported";

    public static readonly string[] All = [Met, NotMet, OnTrack, Overdue, NotReported];

    public static string Zh(string status) => status switch
    {
        Met => "已达成",
        NotMet => "未达成",
        OnTrack => "进展正常",
        Overdue => "逾期未完成",
        _ => "未报告",
    };

    public static string En(string status) => status switch
    {
        Met => "met",
        NotMet => "not met",
        OnTrack => "on track",
        Overdue => "overdue",
        _ => "not reported",
    };

    public static PlanTargetYearDto Compute(MeasureTarget target, int year, IReadOnlyList<PlanProgressReportDto> reports, DateOnly today, MeasuredValue? measured) =>
        target.Kind == MeasureTarget.Milestone ? Milestone(target, reports, today) : Quantity(target, year, reports, today, measured);

    private static PlanTargetYearDto Quantity(MeasureTarget target, int year, IReadOnlyList<PlanProgressReportDto> reports, DateOnly today, MeasuredValue? measured)
    {
        var goal = target.ValueFor(year) ?? throw new ArgumentException($"target {target.Id} has no value for {year}", nameof(year));
        var provisional = today <= new DateOnly(year, 12, 31);
        var yearText = year.ToString(CultureInfo.InvariantCulture);
        var ofYear = reports.Where(r => r.TargetId == target.Id && r.Year == year && r.Value is not null)
            .OrderByDescending(r => r.Source.Date).ThenByDescending(r => r.Id).ToList();
        var final = ofYear.FirstOrDefault(r => r.Period == yearText);
        var interim = ofYear.FirstOrDefault(r => r.Period != yearText);
        bool Meets(decimal v) => target.Comparator == "atMost" ? v <= goal.Value : v >= goal.Value;
        string Against(decimal v) => $"{Number(v)} {target.Unit} {(target.Comparator == "atMost" ? "≤" : "≥")} {Number(goal.Value)}?";
        PlanTargetYearDto Row(string status, string basis, string explanation, PlanProgressReportDto? report, decimal? measuredValue = null, bool disagreement = false) =>
            new(year, goal.Value, goal.Wording, null, status, Zh(status), basis, explanation, provisional, report?.Value, null, report?.Id, measuredValue, disagreement);

        if (target.MeasuredBy is not null && measured is { Value: { } ours, Counts: true })
        {
            var status = Meets(ours) ? (measured.Complete ? Met : OnTrack) : NotMet;
            var reported = final ?? interim;
            var disagreement = reported?.Value is { } rv && Math.Round(ours, Scale(rv), MidpointRounding.AwayFromZero) != rv;
            return Row(status, "measured",
                $"本站实测 {Against(ours)}{(measured.Complete ? "" : "（年度进行中）")} / measured by this site{(measured.Complete ? "" : ", year in progress")}" +
                (disagreement ? $"；报告值 {Number(reported!.Value!.Value)} 与实测不一致 / the reported {Number(reported.Value.Value)} disagrees" : ""),
                reported, ours, disagreement);
        }

        if (final is { Value: { } finalValue })
        {
            return Row(Meets(finalValue) ? Met : NotMet, "report", $"{final.ReportingBody} 报告 {final.Period}: {Against(finalValue)} / reported for {final.Period}", final);
        }

        if (provisional && interim is { Value: { } interimValue })
        {
            return Row(Meets(interimValue) ? OnTrack : NotMet, "report",
                $"{interim.ReportingBody} 阶段报告 {interim.Period}: {Against(interimValue)} / interim report for {interim.Period}", interim);
        }

        return Row(NotReported, "none", provisional
            ? $"{year} 年尚未结束，尚无报告 / the year is not over and nothing has been reported"
            : $"未找到 {year} 年全年数值的报告 / no report of the {year} figure found", null);
    }

    private static PlanTargetYearDto Milestone(MeasureTarget target, IReadOnlyList<PlanProgressReportDto> reports, DateOnly today)
    {
        var deadline = target.Deadline!.Value;
        var provisional = today <= deadline;
        var own = reports.Where(r => r.TargetId == target.Id && r.Done is not null).OrderByDescending(r => r.Source.Date).ThenByDescending(r => r.Id).ToList();
        var done = own.Where(r => r.Done == true).OrderBy(r => r.CompletedOn ?? r.Source.Date).FirstOrDefault();
        PlanTargetYearDto Row(string status, string basis, string explanation, PlanProgressReportDto? report) =>
            new(deadline.Year, null, null, deadline, status, Zh(status), basis, explanation, provisional && status != Met, null, report?.Done, report?.Id, null, false);

        if (done is not null)
        {
            var on = done.CompletedOn ?? done.Source.Date;
            return on <= deadline
                ? Row(Met, "report", $"{done.ReportingBody} 报告于 {Date(on)} 完成（期限 {Date(deadline)}）/ reported done on {Date(on)}, deadline {Date(deadline)}", done)
                : Row(NotMet, "report", $"{done.ReportingBody} 报告于 {Date(on)} 完成，晚于期限 {Date(deadline)} / reported done on {Date(on)}, after the deadline {Date(deadline)}", done);
        }

        if (own.FirstOrDefault() is { } latest)
        {
            return today > deadline
                ? Row(Overdue, "report", $"{latest.ReportingBody} 报告未完成，期限 {Date(deadline)} 已过 / reported not done; the deadline {Date(deadline)} has passed", latest)
                : Row(OnTrack, "report", $"{latest.ReportingBody} 报告正在进行，期限 {Date(deadline)} / reported in progress; deadline {Date(deadline)}", latest);
        }

        return Row(NotReported, "none", today > deadline
            ? $"期限 {Date(deadline)} 已过，未找到任何报告 / the deadline {Date(deadline)} has passed and no report was found"
            : $"期限 {Date(deadline)} 未到，尚无报告 / deadline {Date(deadline)}, nothing reported yet", null);
    }

    private static int Scale(decimal value) => (decimal.GetBits(value)[3] >> 16) & 0xFF;

    private static string Number(decimal value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
