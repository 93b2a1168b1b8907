namespace Public.Web.Penalties;

public sealed record PartyDto(string Name, string? CreditCode);

public sealed record ViolationDto(string Category, string Summary);

public sealed record LegalBasisDto(string Law, string? Article);

/// <summary>按日连续处罚: days × daily amount = total (checked on import).</summary>
public sealed record DailyPenaltyDto(int Days, decimal DailyAmount, decimal Total);

public sealed record RectificationDto(string? Requirement, string? Status);

public sealed record SourceDocumentDto(string? Url, string? Sha256);

/// <summary>
/// One penalty decision as currently published (its latest version). Amounts are CNY; <see cref="FineTotal"/> is the
/// one-off fine plus the daily continuous penalty, the amount that the amount filters compare.
/// </summary>
public sealed record PenaltyDto(
    long Id,
    string DecisionNumber,
    string Authority,
    PartyDto Party,
    string? District,
    string? Industry,
    ViolationDto Violation,
    LegalBasisDto LegalBasis,
    IReadOnlyList<string> Types,
    decimal? FineAmount,
    DailyPenaltyDto? DailyPenalty,
    decimal FineTotal,
    string? ProductionOrder,
    bool SealUp,
    decimal? ConfiscationAmount,
    string? ConfiscatedItems,
    bool Warning,
    string Currency,
    DateOnly DecisionDate,
    DateOnly? ServiceDate,
    DateOnly? PublicationDate,
    RectificationDto Rectification,
    string? PaymentStatus,
    string? AppealStatus,
    SourceDocumentDto SourceDocument,
    int Version,
    DateTimeOffset FirstPublishedAt,
    DateTimeOffset RecordedAt,
    string? CorrectionReason,
    DateOnly? CorrectionDate);

public sealed record ChangeDto(string Field, string? From, string? To);

/// <summary>One version of a decision: when we recorded it, from which file and line, why, and what changed.</summary>
public sealed record PenaltyVersionDto(
    int Version,
    bool Current,
    DateTimeOffset RecordedAt,
    string Source,
    int? SourceLine,
    string? Reason,
    DateOnly? CorrectionDate,
    IReadOnlyList<ChangeDto> Changes,
    PenaltyDto Record);

public sealed record PenaltyDetailDto(PenaltyDto Penalty, IReadOnlyList<PenaltyVersionDto> Versions);

/// <summary>One group of the statistics; a null key means the field was not stated.</summary>
public sealed record PenaltyStatsDto(string By, string? Key, int Count, decimal FineTotal, decimal ConfiscationTotal, string Currency);

public sealed record PenaltyTypeDto(string Code, string Name, string NameEn);
