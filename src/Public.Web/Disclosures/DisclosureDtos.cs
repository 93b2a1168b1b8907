namespace Public.Web.Disclosures;

public sealed record CategoryDto(int Number, string Code, string Name, string NameEn);

public sealed record DisclosureTriggerDto(string DecisionNumber, DateOnly ReceivedDate, long? PenaltyId);

/// <summary>
/// A disclosure report as published, with its due date computed by the audit rule (annual: 15 March of the next year;
/// temporary: 5 working days after the triggering document was received, per the working-day calendar).
/// </summary>
public sealed record DisclosureDto(
    string Id,
    string CreditCode,
    string Kind,
    string KindZh,
    int? Year,
    DateOnly FiledDate,
    DateOnly? DueDate,
    IReadOnlyList<CategoryDto>? Categories,
    IReadOnlyList<CategoryDto>? MissingCategories,
    bool? ClaimsNoExceedance,
    int? ReportedExceedanceHours,
    DisclosureTriggerDto? Trigger,
    string? Title,
    string Url,
    string? Sha256,
    int Version,
    DateTimeOffset RecordedAt,
    string? CorrectionReason);

/// <summary>An enterprise's published explanation (right of reply) of an exceedance or a penalty.</summary>
public sealed record StatementDto(
    string Id,
    string CreditCode,
    string Subject,
    string? OutletCode,
    string? Pollutant,
    DateTime? PeriodFrom,
    DateTime? PeriodTo,
    string? DecisionNumber,
    DateOnly Date,
    string Text,
    string? Url,
    string? Sha256,
    int Version,
    DateTimeOffset RecordedAt,
    string? CorrectionReason);
