using Public.Web.Disclosures;

namespace Public.Web.Audit;

/// <summary>Which rules a year is judged by and whether they were law at the time (see <see cref="AuditMethod"/>).</summary>
public sealed record AuditBasisDto(string Regime, bool Statutory, string Text, string TextEn);

public sealed record AnnualReportCheckDto(
    string Status,
    DateOnly DueDate,
    DateOnly? FiledDate,
    int? DaysLate,
    string? ReportId,
    string? Title,
    string? Url,
    string? Sha256,
    int? Version,
    bool? ClaimsNoExceedance,
    int? ReportedExceedanceHours,
    AuditBasisDto Basis);

public sealed record CategoriesCheckDto(string Status, IReadOnlyList<CategoryDto> Covered, IReadOnlyList<CategoryDto> Missing);

/// <summary>One penalty of the year and its temporary report: due 5 working days after the decision was received (served).</summary>
public sealed record TemporaryReportCheckDto(
    string DecisionNumber,
    long PenaltyId,
    string PenaltyUrl,
    DateOnly DecisionDate,
    DateOnly? ServiceDate,
    DateOnly ReceivedDate,
    string ReceivedDateFrom,
    DateOnly? DueDate,
    string Status,
    DateOnly? FiledDate,
    int? WorkingDaysLate,
    int? DaysLate,
    string? ReportId,
    string? Url,
    string? Sha256,
    AuditBasisDto Basis,
    IReadOnlyList<StatementDto> Statements);

public sealed record ExceedanceHourDto(DateTime DataTime, decimal Measured, decimal? Oxygen, decimal? Corrected, decimal? Limit, decimal? Multiple);

public sealed record PollutantCheckDto(
    string Pollutant,
    int ExpectedHours,
    int ValidHours,
    decimal Rate,
    int ExceedanceHours,
    decimal? MaxMultiple,
    IReadOnlyList<ExceedanceHourDto> FirstExceedances,
    string? SeriesUrl,
    IReadOnlyList<StatementDto> Statements);

public sealed record OutletCheckDto(
    string OutletCode,
    string Name,
    string? Mn,
    int ExpectedHours,
    decimal Rate,
    int ExceedanceHours,
    IReadOnlyList<PollutantCheckDto> Pollutants);

public sealed record SelfMonitoringCheckDto(
    string Label,
    int AutomaticOutlets,
    int ValidPollutantHours,
    int ExpectedPollutantHours,
    decimal? Rate,
    int ExceedanceHours,
    int ExceedancePollutantHours,
    decimal? MaxMultiple,
    IReadOnlyList<OutletCheckDto> Outlets);

public sealed record ConsistencyFlagDto(string Code, string Message, string MessageEn, IReadOnlyList<string> Evidence);

public sealed record DeductionDto(string Rule, int Points, string Reason);

/// <summary>The audit of one enterprise for one year, each point with its evidence.</summary>
public sealed record AuditDto(
    string CreditCode,
    string Name,
    string District,
    string Industry,
    int Year,
    DateOnly AsOf,
    int Score,
    string Grade,
    IReadOnlyList<string> Statuses,
    AnnualReportCheckDto AnnualReport,
    CategoriesCheckDto Categories,
    IReadOnlyList<TemporaryReportCheckDto> TemporaryReports,
    SelfMonitoringCheckDto SelfMonitoring,
    IReadOnlyList<ConsistencyFlagDto> Consistency,
    IReadOnlyList<DeductionDto> Deductions,
    IReadOnlyList<StatementDto> Statements,
    AuditLinksDto Links);

public sealed record AuditLinksDto(string Detail, string Disclosures, string Statements, string Penalties, string Method);

/// <summary>One row of the ranking (flat, as in the CSV).</summary>
public sealed record AuditRankingRowDto(
    int Rank,
    string CreditCode,
    string Name,
    string District,
    string Industry,
    int Year,
    int Score,
    string Grade,
    string AnnualReport,
    int? AnnualDaysLate,
    int MissingCategories,
    int Penalties,
    int TemporaryOnTime,
    int TemporaryLate,
    int TemporaryMissing,
    decimal? DataRate,
    int ExceedanceHours,
    decimal? MaxMultiple,
    bool Inconsistent,
    IReadOnlyList<string> Statuses,
    string DetailUrl);
