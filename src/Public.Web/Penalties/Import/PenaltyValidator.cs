using System.Globalization;
using System.Text.RegularExpressions;
using Public.Standards.Identifiers;
using Public.Web.AirQuality.Import;

namespace Public.Web.Penalties.Import;

/// <summary>The field names of the import format (CSV header = JSON property names), documented in content/docs/importing.md.</summary>
internal static class PenaltyFormat
{
    public static readonly IReadOnlyList<string> RequiredFields =
    [
        "decisionNumber", "authority", "partyName", "violationCategory", "violationSummary", "legalBasisLaw", "decisionDate",
    ];

    public static readonly IReadOnlyList<string> OptionalFields =
    [
        "partyCreditCode", "district", "industry", "legalBasisArticle",
        "fineAmount", "dailyPenaltyDays", "dailyPenaltyAmount", "dailyPenaltyTotal", "productionOrder", "sealUp",
        "confiscationAmount", "confiscatedItems", "warning", "serviceDate", "publicationDate",
        "rectificationRequirement", "rectificationStatus", "paymentStatus", "appealStatus", "sourceUrl", "sourceSha256",
        "correctionReason", "correctionDate",
    ];

    public static readonly IReadOnlySet<string> AllFields = RequiredFields.Concat(OptionalFields).ToHashSet(StringComparer.Ordinal);
}

/// <summary>One valid record: the decision's content and, for a correction, why and since when.</summary>
internal sealed record ParsedPenalty(int Line, PenaltyDecision Decision, string? CorrectionReason, DateOnly? CorrectionDate);

/// <summary>
/// Checks the meaning of one record and builds the decision, or lists every problem with its field. The checks
/// that need the store (a decision number already published) are the importer's.
/// </summary>
internal static partial class PenaltyValidator
{
    /// <summary>A plain CNY amount: digits with at most two decimals (no sign, grouping, currency sign or exponent).</summary>
    [GeneratedRegex(@"^[0-9]+(\.[0-9]{1,2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex AmountPattern();

    [GeneratedRegex("^[0-9a-fA-F]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256Pattern();

    private const int MaxDailyPenaltyDays = 3650;

    private static readonly string[] DailyFields = ["dailyPenaltyDays", "dailyPenaltyAmount", "dailyPenaltyTotal"];

    public static ParsedPenalty? Validate(RawPenalty raw, string file, DateOnly today, List<ImportProblem> problems)
    {
        var before = problems.Count;
        var line = raw.Line;
        void Problem(string field, string reason) => problems.Add(new ImportProblem(file, line, field, reason));
        string? Text(string field) => raw.Fields.TryGetValue(field, out var v) && v.Length > 0 ? v : null;
        string Required(string field)
        {
            var v = Text(field);
            if (v is null)
            {
                Problem(field, $"{field} is required");
            }

            return v ?? "";
        }

        long? Amount(string field)
        {
            var v = Text(field);
            if (v is null)
            {
                return null;
            }

            if (v.StartsWith('-') && AmountPattern().IsMatch(v[1..]))
            {
                Problem(field, $"negative amount {v}: amounts are CNY of 0 or more");
                return null;
            }

            if (!AmountPattern().IsMatch(v))
            {
                Problem(field, $"'{v}' is not an amount: write CNY as digits with at most two decimals, e.g. 125000 or 125000.50 (no sign, grouping or currency symbol)");
                return null;
            }

            var cny = decimal.Parse(v, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            if (cny * 100 > Money.MaxFen)
            {
                Problem(field, $"{v} CNY is beyond any penalty (at most {Money.MaxFen / 100:N0})");
                return null;
            }

            return Money.ToFen(cny);
        }

        DateOnly? Date(string field)
        {
            var v = Text(field);
            if (v is null)
            {
                return null;
            }

            if (!DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                Problem(field, $"'{v}' is not a date of the form YYYY-MM-DD");
                return null;
            }

            if (d > today)
            {
                Problem(field, $"{field} {v} is in the future (today is {Dates.Format(today)}, Asia/Shanghai)");
                return null;
            }

            return d;
        }

        bool Flag(string field)
        {
            var v = Text(field);
            switch (v?.ToLowerInvariant())
            {
                case null or "false":
                    return false;
                case "true":
                    return true;
                default:
                    Problem(field, $"'{v}' must be true or false (or blank for false)");
                    return false;
            }
        }

        string? Term(string field, IReadOnlyList<string> allowed)
        {
            var v = Text(field);
            if (v is not null && !allowed.Contains(v))
            {
                Problem(field, $"'{v}' is not one of: {string.Join(", ", allowed)}");
                return null;
            }

            return v;
        }

        var number = Required("decisionNumber");
        var authority = Required("authority");
        var partyName = Required("partyName");
        var category = Required("violationCategory");
        var summary = Required("violationSummary");
        var law = Required("legalBasisLaw");

        var code = Text("partyCreditCode")?.ToUpperInvariant();
        if (code is not null && UnifiedSocialCreditCode.Validate(code) is { IsValid: false } check)
        {
            Problem("partyCreditCode", "bad credit code (GB 32100-2015): " + check.Message);
        }

        var decisionDate = Required("decisionDate").Length > 0 ? Date("decisionDate") : null;
        var serviceDate = Date("serviceDate");
        var publicationDate = Date("publicationDate");
        if (decisionDate is { } dd)
        {
            if (serviceDate is { } sd && sd < dd)
            {
                Problem("serviceDate", $"serviceDate {Dates.Format(sd)} is before the decisionDate {Dates.Format(dd)}");
            }

            if (publicationDate is { } pd && pd < dd)
            {
                Problem("publicationDate", $"publicationDate {Dates.Format(pd)} is before the decisionDate {Dates.Format(dd)}");
            }
        }

        var fine = Amount("fineAmount");
        var confiscation = Amount("confiscationAmount");
        var dailyAmount = Amount("dailyPenaltyAmount");
        var dailyTotal = Amount("dailyPenaltyTotal");
        int? days = null;
        if (Text("dailyPenaltyDays") is { } dayText)
        {
            if (!int.TryParse(dayText, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > MaxDailyPenaltyDays)
            {
                Problem("dailyPenaltyDays", $"'{dayText}' is not a whole number of days from 1 to {MaxDailyPenaltyDays}");
            }
            else
            {
                days = n;
            }
        }

        var dailyGiven = DailyFields.Where(f => Text(f) is not null).ToList();
        if (dailyGiven.Count is > 0 and < 3)
        {
            var missing = DailyFields.Except(dailyGiven);
            Problem(missing.First(), $"a daily continuous penalty needs dailyPenaltyDays, dailyPenaltyAmount and dailyPenaltyTotal; missing: {string.Join(", ", missing)}");
        }
        else if (days is { } nd && dailyAmount is { } per && dailyTotal is { } total && nd * per != total)
        {
            Problem("dailyPenaltyTotal",
                $"dailyPenaltyDays × dailyPenaltyAmount = {nd} × {Money.Format(per)} = {Money.Format(nd * per)} CNY, but dailyPenaltyTotal is {Money.Format(total)}");
        }

        var production = Term("productionOrder", PenaltyVocabulary.ProductionOrders);
        var sealUp = Flag("sealUp");
        var warning = Flag("warning");
        var items = Text("confiscatedItems");
        var rectification = Term("rectificationStatus", PenaltyVocabulary.RectificationStatuses);
        var payment = Term("paymentStatus", PenaltyVocabulary.PaymentStatuses);
        var appeal = Term("appealStatus", PenaltyVocabulary.AppealStatuses);

        var url = Text("sourceUrl");
        if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
        {
            Problem("sourceUrl", $"'{url}' is not an absolute http(s) link to the source document");
        }

        var sha = Text("sourceSha256");
        if (sha is not null && !Sha256Pattern().IsMatch(sha))
        {
            Problem("sourceSha256", $"'{sha}' is not a SHA-256 (64 hexadecimal characters)");
        }

        var reason = Text("correctionReason");
        var correctionDate = Date("correctionDate");
        if (correctionDate is not null && reason is null)
        {
            Problem("correctionDate", "correctionDate is given without a correctionReason");
        }

        if (correctionDate is { } cd && decisionDate is { } dd2 && cd < dd2)
        {
            Problem("correctionDate", $"correctionDate {Dates.Format(cd)} is before the decisionDate {Dates.Format(dd2)}");
        }

        if (problems.Count > before)
        {
            return null;
        }

        var decision = new PenaltyDecision(number, authority, partyName, code, Text("district"), Text("industry"), category, summary, law,
            Text("legalBasisArticle"), fine, days, dailyAmount, dailyTotal, production, sealUp, confiscation, items, warning,
            decisionDate!.Value, serviceDate, publicationDate, Text("rectificationRequirement"), rectification, payment, appeal,
            url, sha?.ToLowerInvariant());
        if (decision.Types.Count == 0)
        {
            Problem("fineAmount", "the decision imposes no penalty: give at least one of fineAmount, the daily penalty, productionOrder, sealUp, confiscationAmount or confiscatedItems, warning");
            return null;
        }

        return new ParsedPenalty(line, decision, reason, correctionDate);
    }
}
