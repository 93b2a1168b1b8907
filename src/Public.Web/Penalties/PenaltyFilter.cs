namespace Public.Web.Penalties;

/// <summary>
/// What a list, the statistics or a party's penalties are restricted to. Every part is optional; parts combine with
/// AND, the types with OR. Dates are decision dates (local dates, inclusive); amounts are CNY compared with the
/// decision's fines in total (one-off fine + daily continuous penalty).
/// </summary>
public sealed record PenaltyFilter(
    DateOnly? From = null,
    DateOnly? To = null,
    string? District = null,
    string? Industry = null,
    string? Violation = null,
    IReadOnlySet<string>? Types = null,
    decimal? MinAmount = null,
    decimal? MaxAmount = null,
    string? PartyCreditCode = null,
    string? PartyNameContains = null);

/// <summary>What the statistics are grouped by.</summary>
public enum PenaltyStatsBy
{
    Year,
    District,
    Industry,
    Violation,
}
