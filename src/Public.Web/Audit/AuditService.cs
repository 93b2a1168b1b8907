using System.Collections.Concurrent;
using System.Globalization;
using Public.Web.Disclosures;
using Public.Web.Enterprises;
using Public.Web.Infrastructure;
using Public.Web.Penalties;
using Public.Web.Penalties.Store;
using Public.Web.SelfMonitoring;

namespace Public.Web.Audit;

/// <summary>
/// The NGO audit (issue 7) of every key polluter for a year: it reads the registry, the disclosures and statements, the
/// penalties (by party credit code) and the hourly CEMS values (through <see cref="CemsStore.Series"/>, judged by
/// <see cref="SelfMonitoringQueries.Series"/>, the computation the hourly API serves), and applies <see cref="AuditMethod"/>.
/// A year's results are computed once per data version.
/// </summary>
internal sealed class AuditService(
    EnterpriseStore enterprises,
    DisclosureQueries disclosures,
    PenaltyStore penalties,
    CemsStore cems,
    Database database,
    TimeProvider time)
{
    public const int MinYear = 2015;

    private readonly ConcurrentDictionary<(int Year, long Version, DateOnly AsOf), IReadOnlyList<(AuditDto Audit, int Rank)>> _cache = new();

    public static int ParseYear(string? text, string parameter = "year") =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= MinYear and <= 2100
            ? year
            : throw new Api.BadParameterException(parameter, $"year '{text}' must be a year such as 2019 (from {MinYear})");

    /// <summary>The year a visitor sees first: the latest year covered by an annual report on record, else last year.</summary>
    public int DefaultYear()
    {
        var years = disclosures.AllDisclosures().Where(d => d.Record.Year is not null).Select(d => d.Record.Year!.Value).ToList();
        return years.Count > 0 ? years.Max() : ChinaTime.Today(time).Year - 1;
    }

    /// <summary>Every enterprise on the key-polluter list for the year, audited and ranked (best score first; ties share a rank).</summary>
    public IReadOnlyList<(AuditDto Audit, int Rank)> Ranking(int year)
    {
        var asOf = ChinaTime.Today(time);
        var version = database.ReadDataVersion().Number;
        if (_cache.Count > 16)
        {
            _cache.Clear();
        }

        return _cache.GetOrAdd((year, version, asOf), key =>
        {
            var listed = enterprises.List(null, null, key.Year, 0, 100_000, out _);
            var all = disclosures.AllDisclosures().GroupBy(d => d.Record.CreditCode).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
            var statements = disclosures.AllStatements().GroupBy(d => d.Record.CreditCode).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
            var audits = listed.Select(e => Compute(e, key.Year, key.AsOf, all.GetValueOrDefault(e.CreditCode) ?? [], statements.GetValueOrDefault(e.CreditCode) ?? []))
                .OrderByDescending(a => a.Score).ThenBy(a => a.CreditCode, StringComparer.Ordinal).ToList();
            var ranked = new List<(AuditDto, int)>(audits.Count);
            for (var i = 0; i < audits.Count; i++)
            {
                var rank = i > 0 && audits[i].Score == audits[i - 1].Score ? ranked[i - 1].Item2 : i + 1;
                ranked.Add((audits[i], rank));
            }

            return ranked;
        });
    }

    /// <summary>One enterprise's audit for a year; 404 for an unknown enterprise, 400 for one not on the list that year.</summary>
    public AuditDto Get(string creditCode, int year)
    {
        var enterprise = EnterprisesApi.Find(creditCode, enterprises);
        if (enterprise.ListEntries.All(l => l.Year != year))
        {
            throw new Api.NotFoundException("year", $"{enterprise.Name} is not on the key-polluter list for {year} (listed: {string.Join(", ", enterprise.ListEntries.Select(l => l.Year))}), so it had no disclosure duty to audit");
        }

        return Ranking(year).First(r => r.Audit.CreditCode == enterprise.CreditCode).Audit;
    }

    public static AuditRankingRowDto Row(AuditDto a, int rank) => new(
        rank, a.CreditCode, a.Name, a.District, a.Industry, a.Year, a.Score, a.Grade, a.AnnualReport.Status, a.AnnualReport.DaysLate,
        a.Categories.Missing.Count, a.TemporaryReports.Count, a.TemporaryReports.Count(t => t.Status == Statuses.OnTime),
        a.TemporaryReports.Count(t => t.Status == Statuses.Late), a.TemporaryReports.Count(t => t.Status == Statuses.Missing),
        a.SelfMonitoring.Rate, a.SelfMonitoring.ExceedanceHours, a.SelfMonitoring.MaxMultiple, a.Consistency.Count > 0, a.Statuses, a.Links.Detail);

    internal static class Statuses
    {
        public const string OnTime = "on-time";
        public const string Late = "late";
        public const string Missing = "missing";
        public const string NotYetDue = "not-yet-due";
        public const string NotJudged = "not-judged";
        public const string Complete = "complete";
        public const string Incomplete = "incomplete";
        public const string NoReport = "no-report";
        public const string Inconsistent = "inconsistent";
        public const string LowDataRate = "low-data-rate";
        public const string Ok = "ok";

        public static readonly string[] Filters = [Late, Missing, Inconsistent, Incomplete, LowDataRate, Ok];
    }

    private AuditDto Compute(Enterprise e, int year, DateOnly asOf, List<StoredVersion<Disclosure>> reports, List<StoredVersion<Statement>> statements)
    {
        var deductions = new List<DeductionDto>();
        var statuses = new SortedSet<string>(StringComparer.Ordinal);
        var statementDtos = statements.Select(DisclosureQueries.ToDto).ToList();

        // Annual report.
        var due = DisclosureQueries.AnnualDue(year);
        var annual = reports.Where(r => r.Record.Kind == DisclosureKinds.Annual && r.Record.Year == year)
            .OrderBy(r => r.Record.FiledDate).ThenBy(r => r.Record.Id, StringComparer.Ordinal).FirstOrDefault();
        string annualStatus;
        int? daysLate = null;
        if (annual is null)
        {
            annualStatus = asOf > due ? Statuses.Missing : Statuses.NotYetDue;
        }
        else if (annual.Record.FiledDate <= due)
        {
            annualStatus = Statuses.OnTime;
        }
        else
        {
            annualStatus = Statuses.Late;
            daysLate = annual.Record.FiledDate.DayNumber - due.DayNumber;
        }

        switch (annualStatus)
        {
            case Statuses.Missing:
                deductions.Add(new DeductionDto("annual", AuditMethod.AnnualMissing, $"年度报告缺失（{due:yyyy-MM-dd} 到期）/ annual report missing (due {due:yyyy-MM-dd})"));
                statuses.Add(Statuses.Missing);
                break;
            case Statuses.Late:
                var points = daysLate > AuditMethod.AnnualLateLongAfterDays ? AuditMethod.AnnualLateLong : AuditMethod.AnnualLateShort;
                deductions.Add(new DeductionDto("annual", points, $"年度报告逾期 {daysLate} 天 / annual report {daysLate} days late"));
                statuses.Add(Statuses.Late);
                break;
        }

        var a = annual?.Record;
        var annualCheck = new AnnualReportCheckDto(annualStatus, due, a?.FiledDate, daysLate, a?.Id, a?.Title, a?.Url, a?.Sha256, annual?.Version,
            a?.ClaimsNoExceedance, a?.ReportedExceedanceHours, AuditMethod.AnnualBasis(year));

        // Categories.
        CategoriesCheckDto categories;
        if (a is null)
        {
            categories = new CategoriesCheckDto(Statuses.NoReport, [], []);
        }
        else
        {
            var covered = DisclosureCategories.Split(a.Categories);
            var missing = DisclosureCategories.All.Where(c => !covered.Contains(c)).ToList();
            categories = new CategoriesCheckDto(missing.Count == 0 ? Statuses.Complete : Statuses.Incomplete,
                covered.Select(DisclosureQueries.Category).ToList(), missing.Select(DisclosureQueries.Category).ToList());
            if (missing.Count > 0)
            {
                deductions.Add(new DeductionDto("categories", missing.Count * AuditMethod.PerMissingCategory,
                    $"缺少 {missing.Count} 类内容：{string.Join("、", missing.Select(m => m.Name.Split('（')[0]))} / {missing.Count} categories missing: {string.Join(", ", missing.Select(m => m.Code))}"));
                statuses.Add(Statuses.Incomplete);
            }
        }

        // Temporary reports for the year's penalties.
        var consistency = new List<ConsistencyFlagDto>();
        var yearPenalties = penalties.Current(new PenaltyFilter(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31), PartyCreditCode: e.CreditCode), 0, 10_000, out _)
            .OrderBy(p => p.Decision.DecisionDate).ThenBy(p => p.Decision.DecisionNumber, StringComparer.Ordinal).ToList();
        var temporary = new List<TemporaryReportCheckDto>();
        var temporaryPoints = 0;
        foreach (var p in yearPenalties)
        {
            var d = p.Decision;
            var received = d.ServiceDate ?? d.DecisionDate;
            var tempDue = disclosures.TemporaryDue(received);
            var report = reports.Where(r => r.Record.Kind == DisclosureKinds.Temporary && r.Record.TriggerDecisionNumber == d.DecisionNumber)
                .OrderBy(r => r.Record.FiledDate).ThenBy(r => r.Record.Id, StringComparer.Ordinal).FirstOrDefault();
            string status;
            int? workingLate = null, calendarLate = null;
            if (tempDue is not { } td2)
            {
                // The calendar does not cover the dates: no due date, so no judgement (and no deduction).
                status = Statuses.NotJudged;
            }
            else if (report is null)
            {
                status = asOf <= td2 ? Statuses.NotYetDue : Statuses.Missing;
            }
            else if (report.Record.FiledDate <= td2)
            {
                status = Statuses.OnTime;
            }
            else
            {
                status = Statuses.Late;
                workingLate = disclosures.Calendar.WorkingDaysBetween(td2, report.Record.FiledDate);
                calendarLate = report.Record.FiledDate.DayNumber - td2.DayNumber;
            }

            if (status == Statuses.Late)
            {
                temporaryPoints += AuditMethod.TemporaryLate;
                statuses.Add(Statuses.Late);
            }
            else if (status == Statuses.Missing)
            {
                temporaryPoints += AuditMethod.TemporaryMissing;
                statuses.Add(Statuses.Missing);
                consistency.Add(new ConsistencyFlagDto("penaltyWithoutTemporaryReport",
                    $"行政处罚 {d.DecisionNumber}（{received:yyyy-MM-dd} 收到）已过临时报告到期日 {tempDue:yyyy-MM-dd}，未见临时报告",
                    $"Penalty {d.DecisionNumber} (received {received:yyyy-MM-dd}) is past its temporary-report due date {tempDue:yyyy-MM-dd} with no temporary report",
                    [$"/api/v1/penalties/{p.PenaltyId}", $"/api/v1/enterprises/{e.CreditCode}/disclosures"]));
            }

            var r = report?.Record;
            temporary.Add(new TemporaryReportCheckDto(d.DecisionNumber, p.PenaltyId, $"/api/v1/penalties/{p.PenaltyId}", d.DecisionDate, d.ServiceDate, received,
                d.ServiceDate is null ? "decisionDate" : "serviceDate", tempDue, status, r?.FiledDate, workingLate, calendarLate, r?.Id, r?.Url, r?.Sha256,
                AuditMethod.TemporaryBasis(received),
                statementDtos.Where(s => s.Subject == StatementSubjects.Penalty && s.DecisionNumber == d.DecisionNumber).ToList()));
        }

        if (temporaryPoints > 0)
        {
            deductions.Add(new DeductionDto("temporary", Math.Min(temporaryPoints, AuditMethod.TemporaryCap),
                $"临时报告逾期 {temporary.Count(t => t.Status == Statuses.Late)} 个、缺失 {temporary.Count(t => t.Status == Statuses.Missing)} 个 / temporary reports late: {temporary.Count(t => t.Status == Statuses.Late)}, missing: {temporary.Count(t => t.Status == Statuses.Missing)}"));
        }

        // Self-monitoring: data rate and exceedances.
        var monitoring = SelfMonitoringCheck(e, year, statementDtos);
        if (monitoring.Rate is { } rate && rate < AuditMethod.DataRateGood)
        {
            var poor = rate < AuditMethod.DataRatePoor;
            deductions.Add(new DeductionDto("dataRate", poor ? AuditMethod.DataRateBelowPoor : AuditMethod.DataRateBelowGood,
                string.Create(CultureInfo.InvariantCulture, $"总体有效数据率 {rate:P1}，低于 {(poor ? AuditMethod.DataRatePoor : AuditMethod.DataRateGood):P0} / overall effective data rate {rate:P1}")));
            statuses.Add(Statuses.LowDataRate);
        }

        // Consistency of the annual report with the data.
        if (a is not null && monitoring.ExceedanceHours > 0)
        {
            var evidence = monitoring.Outlets.SelectMany(o => o.Pollutants).Where(p => p.SeriesUrl is not null).Select(p => p.SeriesUrl!).ToList();
            if (a.ClaimsNoExceedance == true)
            {
                consistency.Insert(0, new ConsistencyFlagDto("claimsNoExceedanceButData",
                    $"年度报告 {a.Id} 声明无超标，而小时监测数据有 {monitoring.ExceedanceHours} 个超标小时（最大超标倍数 {monitoring.MaxMultiple}）",
                    $"Annual report {a.Id} states no exceedance, while the hourly data show {monitoring.ExceedanceHours} exceedance hours (maximum multiple {monitoring.MaxMultiple})",
                    [a.Url, .. evidence]));
                deductions.Add(new DeductionDto("consistency", AuditMethod.ClaimsNoExceedanceButData, "声明无超标而数据有超标 / claims no exceedance, data show exceedances"));
            }
            else if (a.ReportedExceedanceHours is { } reported && reported < monitoring.ExceedanceHours)
            {
                consistency.Insert(0, new ConsistencyFlagDto("understatesExceedances",
                    $"年度报告 {a.Id} 报告 {reported} 个超标小时，小时监测数据有 {monitoring.ExceedanceHours} 个",
                    $"Annual report {a.Id} reports {reported} exceedance hours; the hourly data show {monitoring.ExceedanceHours}",
                    [a.Url, .. evidence]));
                deductions.Add(new DeductionDto("consistency", AuditMethod.UnderstatesExceedances, "所报超标小时少于数据 / reports fewer exceedance hours than the data"));
            }
        }

        if (consistency.Count > 0)
        {
            statuses.Add(Statuses.Inconsistent);
        }

        if (statuses.Count == 0)
        {
            statuses.Add(Statuses.Ok);
        }

        var score = Math.Max(0, 100 - deductions.Sum(d => d.Points));
        var yearText = year.ToString(CultureInfo.InvariantCulture);
        var relevant = statementDtos.Where(s =>
            (s.Subject == StatementSubjects.Penalty && temporary.Any(t => t.DecisionNumber == s.DecisionNumber))
            || (s.Subject == StatementSubjects.Exceedance && s.PeriodTo?.Year >= year && s.PeriodFrom?.Year <= year)).ToList();
        return new AuditDto(e.CreditCode, e.Name, e.District, e.Industry, year, asOf, score, AuditMethod.Grade(score), statuses.ToList(), annualCheck, categories,
            temporary, monitoring, consistency, deductions, relevant,
            new AuditLinksDto($"/api/v1/audit/{e.CreditCode}/{yearText}", $"/api/v1/enterprises/{e.CreditCode}/disclosures",
                $"/api/v1/enterprises/{e.CreditCode}/statements", $"/api/v1/parties/{e.CreditCode}/penalties", "/api/v1/audit/method"));
    }

    private SelfMonitoringCheckDto SelfMonitoringCheck(Enterprise e, int year, List<StatementDto> statements)
    {
        var from = new DateTime(year, 1, 1);
        var to = from.AddYears(1);
        var expected = (int)(to - from).TotalHours;
        var outlets = new List<OutletCheckDto>();
        int valid = 0, expectedAll = 0, exceedanceHours = 0, exceedancePollutantHours = 0;
        decimal? maxMultiple = null;
        foreach (var outlet in e.Outlets.Where(o => o.Monitoring == Outlet.Automatic && o.Mn is not null))
        {
            var codes = outlet.Pollutants.Select(p => p.Code).Append(Hj212Importer.Oxygen).Distinct(StringComparer.Ordinal).ToList();
            var values = cems.Series(outlet.Mn!, codes, from, to);
            var pollutantChecks = new List<PollutantCheckDto>();
            var exceededHours = new HashSet<DateTime>();
            foreach (var pollutant in outlet.Pollutants)
            {
                var rows = SelfMonitoringQueries.Series(values, outlet, pollutant);
                var validHours = rows.Count(r => r.Flag is null or "N"); // as the data-rate API counts them
                var exceeded = rows.Where(r => r.Exceeded == true).ToList();
                exceededHours.UnionWith(exceeded.Select(r => r.DataTime));
                var max = exceeded.Count == 0 ? (decimal?)null : exceeded.Max(r => r.Multiple);
                if (max is { } m && (maxMultiple is null || m > maxMultiple))
                {
                    maxMultiple = m;
                }

                string? url = exceeded.Count == 0 ? null : string.Create(CultureInfo.InvariantCulture,
                    $"/api/v1/enterprises/{e.CreditCode}/outlets/{outlet.Code}/hourly?pollutant={pollutant.Code}&from={exceeded[0].DataTime:yyyy-MM-dd}&to={exceeded[^1].DataTime:yyyy-MM-dd}");
                var explained = statements.Where(s => s.Subject == StatementSubjects.Exceedance && s.OutletCode == outlet.Code
                    && (s.Pollutant is null || s.Pollutant == pollutant.Code)
                    && exceeded.Any(x => x.DataTime >= s.PeriodFrom && x.DataTime <= s.PeriodTo)).ToList();
                pollutantChecks.Add(new PollutantCheckDto(pollutant.Code, expected, validHours, Math.Round((decimal)validHours / expected, 4, MidpointRounding.ToEven),
                    exceeded.Count, max,
                    exceeded.Take(AuditMethod.FirstExceedancesShown).Select(x => new ExceedanceHourDto(x.DataTime, x.Measured, x.Oxygen, x.Corrected, x.Limit, x.Multiple)).ToList(),
                    url, explained));
                valid += validHours;
                expectedAll += expected;
                exceedancePollutantHours += exceeded.Count;
            }

            exceedanceHours += exceededHours.Count;
            outlets.Add(new OutletCheckDto(outlet.Code, outlet.Name, outlet.Mn, expected,
                pollutantChecks.Count == 0 ? 0m : pollutantChecks.Min(p => p.Rate), exceededHours.Count, pollutantChecks));
        }

        return new SelfMonitoringCheckDto(SelfMonitoringApi.Label, outlets.Count, valid, expectedAll,
            expectedAll == 0 ? null : Math.Round((decimal)valid / expectedAll, 4, MidpointRounding.ToEven),
            exceedanceHours, exceedancePollutantHours, maxMultiple, outlets);
    }
}
