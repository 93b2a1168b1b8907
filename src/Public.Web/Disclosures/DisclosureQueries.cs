using System.Globalization;
using Public.Standards.Calendar;
using Public.Web.Infrastructure.Publication;

namespace Public.Web.Disclosures;

/// <summary>Disclosures and statements as DTOs, with due dates from the working-day calendar; shared by REST, GraphQL, the audit and the pages.</summary>
internal sealed class DisclosureQueries(DisclosureStore store, WorkingDayCalendar calendar)
{
    /// <summary>Working days a temporary report is due after the triggering document was received (企业环境信息依法披露管理办法).</summary>
    public const int TemporaryDueWorkingDays = 5;

    public WorkingDayCalendar Calendar => calendar;

    public static DateOnly AnnualDue(int year) => new(year + 1, 3, 15);

    /// <summary>The temporary report's due date, or null when the calendar does not cover the dates (no guess).</summary>
    public DateOnly? TemporaryDue(DateOnly received)
    {
        try
        {
            return calendar.AddWorkingDays(received, TemporaryDueWorkingDays);
        }
        catch (CalendarNotCoveredException)
        {
            return null;
        }
    }

    /// <summary>An enterprise's current reports, each with its version's place in the transparency log (one lookup for all).</summary>
    public List<DisclosureDto> Disclosures(string creditCode, IReadOnlyDictionary<string, long>? penaltyIds = null)
    {
        var rows = store.CurrentDisclosures(creditCode);
        var log = LogRefs.Read(store.Database, PublishedDatasets.Disclosures, rows, v => [v.Record.Id], v => v.Version);
        return rows.Select(v => ToDto(v, penaltyIds) with { Log = log.Of([v.Record.Id], v.Version) }).ToList();
    }

    /// <summary>An enterprise's current statements, each with its version's place in the transparency log.</summary>
    public List<StatementDto> Statements(string creditCode)
    {
        var rows = store.CurrentStatements(creditCode);
        var log = LogRefs.Read(store.Database, PublishedDatasets.Statements, rows, v => [v.Record.Id], v => v.Version);
        return rows.Select(v => ToDto(v) with { Log = log.Of([v.Record.Id], v.Version) }).ToList();
    }

    public List<StoredVersion<Disclosure>> AllDisclosures() => store.CurrentDisclosures(null);

    public List<StoredVersion<Statement>> AllStatements() => store.CurrentStatements(null);

    public DisclosureDto ToDto(StoredVersion<Disclosure> v, IReadOnlyDictionary<string, long>? penaltyIds = null)
    {
        var d = v.Record;
        var annual = d.Kind == DisclosureKinds.Annual;
        var covered = annual ? DisclosureCategories.Split(d.Categories) : null;
        DateOnly? due = annual ? AnnualDue(d.Year!.Value) : TemporaryDue(d.TriggerReceivedDate!.Value);
        return new DisclosureDto(d.Id, d.CreditCode, d.Kind, annual ? "年度报告" : "临时报告", d.Year, d.FiledDate, due,
            covered?.Select(Category).ToList(),
            covered is null ? null : DisclosureCategories.All.Where(c => !covered.Contains(c)).Select(Category).ToList(),
            d.ClaimsNoExceedance, d.ReportedExceedanceHours,
            annual ? null : new DisclosureTriggerDto(d.TriggerDecisionNumber!, d.TriggerReceivedDate!.Value,
                penaltyIds is not null && penaltyIds.TryGetValue(d.TriggerDecisionNumber!, out var pid) ? pid : null),
            d.Title, d.Url, d.Sha256, v.Version, RecordedAt(v.RecordedAt), v.Reason);
    }

    public static StatementDto ToDto(StoredVersion<Statement> v)
    {
        var s = v.Record;
        return new StatementDto(s.Id, s.CreditCode, s.Subject, s.OutletCode, s.Pollutant, s.PeriodFrom, s.PeriodTo, s.DecisionNumber, s.Date, s.Text,
            s.Url, s.Sha256, v.Version, RecordedAt(v.RecordedAt), v.Reason);
    }

    public static CategoryDto Category(DisclosureCategories.Category c) => new(c.Number, c.Code, c.Name, c.NameEn);

    private static DateTimeOffset RecordedAt(string iso) =>
        DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToOffset(TimeSpan.FromHours(8));
}
