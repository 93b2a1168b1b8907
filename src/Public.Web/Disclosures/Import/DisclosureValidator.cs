using System.Globalization;
using System.Text.RegularExpressions;
using Public.Standards.Identifiers;
using Public.Web.AirQuality.Import;
using Public.Web.Enterprises;
using Public.Web.Infrastructure;

namespace Public.Web.Disclosures.Import;

internal sealed record Parsed<T>(int Line, T Record, string? CorrectionReason);

/// <summary>
/// The import formats of disclosures and statements (field names are the same in CSV headers and JSON) and the checks
/// of their meaning. Every problem names the file, line and field.
/// </summary>
internal static partial class DisclosureValidator
{
    public static readonly RecordFormat DisclosureFormat = new("disclosure", "disclosures",
        ["id", "creditCode", "kind", "year", "filedDate", "categories", "claimsNoExceedance", "reportedExceedanceHours",
         "triggerDecisionNumber", "triggerReceivedDate", "title", "url", "sha256", "correctionReason"],
        ["id", "creditCode", "kind", "filedDate", "url"]);

    public static readonly RecordFormat StatementFormat = new("statement", "statements",
        ["id", "creditCode", "subject", "outletCode", "pollutant", "periodFrom", "periodTo", "decisionNumber", "date", "text", "url", "sha256", "correctionReason"],
        ["id", "creditCode", "subject", "date", "text"]);

    private static readonly string[] TriggerFields = ["triggerDecisionNumber", "triggerReceivedDate"];
    private static readonly string[] AnnualFields = ["year", "categories", "claimsNoExceedance", "reportedExceedanceHours"];
    private static readonly string[] ExceedanceFields = ["outletCode", "pollutant", "periodFrom", "periodTo"];
    private static readonly string[] HourFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm"];

    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[0-9a-fA-F]{64}$")]
    private static partial Regex Sha256Pattern();

    private sealed class Context(string file, RawRecord raw, List<ImportProblem> problems)
    {
        public int Errors { get; private set; }

        public string? Get(string field) => raw.Fields.TryGetValue(field, out var v) && v.Length > 0 ? v : null;

        public void Problem(string field, string reason)
        {
            problems.Add(new ImportProblem(file, raw.Line, field, reason));
            Errors++;
        }

        public string? Required(string field, string what)
        {
            var value = Get(field);
            if (value is null)
            {
                Problem(field, $"{field} is required ({what})");
            }

            return value;
        }

        public DateOnly? Date(string field, bool required, DateOnly today)
        {
            var text = required ? Required(field, "a date YYYY-MM-DD") : Get(field);
            if (text is null)
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
                Problem(field, $"{text} is in the future (today is {today:yyyy-MM-dd}, China Standard Time)");
                return null;
            }

            return date;
        }
    }

    private static Enterprise? Party(Context c, Func<string, Enterprise?> registry)
    {
        var code = c.Required("creditCode", "the enterprise's unified social credit code, 18 characters");
        if (code is null)
        {
            return null;
        }

        var check = UnifiedSocialCreditCode.Validate(code);
        if (!check.IsValid)
        {
            c.Problem("creditCode", $"'{code}' is not a valid unified social credit code (GB 32100-2015): {check.Message}");
            return null;
        }

        var enterprise = registry(code);
        if (enterprise is null)
        {
            c.Problem("creditCode", $"{code} is not in the key-polluter registry; import the enterprise first (import enterprises)");
        }

        return enterprise;
    }

    private static string? Id(Context c, HashSet<string> seen)
    {
        var id = c.Required("id", "the record's own id: letters, digits, '.', '_', '-'");
        if (id is null)
        {
            return null;
        }

        if (!IdPattern().IsMatch(id))
        {
            c.Problem("id", $"'{id}' may hold only letters, digits, '.', '_' and '-' (at most 100)");
            return null;
        }

        if (!seen.Add(id))
        {
            c.Problem("id", $"id {id} appears twice in this file");
        }

        return id;
    }

    private static (string? Url, string? Sha) Link(Context c, bool urlRequired)
    {
        var url = urlRequired ? c.Required("url", "the link to the published document") : c.Get("url");
        if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            c.Problem("url", $"'{url}' is not an http(s) link");
        }

        var sha = c.Get("sha256");
        if (sha is not null && !Sha256Pattern().IsMatch(sha))
        {
            c.Problem("sha256", $"'{sha}' is not a SHA-256 (64 hexadecimal digits)");
        }
        else if (sha is not null && url is null)
        {
            c.Problem("sha256", "a SHA-256 needs the url of the document it is the hash of");
        }

        return (url, sha?.ToLowerInvariant());
    }

    private static bool? Bool(Context c, string field)
    {
        var text = c.Get(field);
        switch (text)
        {
            case null:
                return null;
            case "true" or "是" or "yes":
                return true;
            case "false" or "否" or "no":
                return false;
            default:
                c.Problem(field, $"'{text}' must be true or false (是/否), or blank when the report says nothing either way");
                return null;
        }
    }

    public static Parsed<Disclosure>? ValidateDisclosure(RawRecord raw, string file, DateOnly today, Func<string, Enterprise?> registry, HashSet<string> seen, List<ImportProblem> problems)
    {
        var c = new Context(file, raw, problems);
        var id = Id(c, seen);
        var enterprise = Party(c, registry);
        var kindText = c.Required("kind", "annual (年度报告) or temporary (临时报告)");
        var kind = kindText switch
        {
            null => null,
            "annual" or "年度报告" or "年度" => DisclosureKinds.Annual,
            "temporary" or "临时报告" or "临时" => DisclosureKinds.Temporary,
            _ => null,
        };
        if (kindText is not null && kind is null)
        {
            c.Problem("kind", $"unknown kind '{kindText}': annual (年度报告) or temporary (临时报告)");
        }

        var filed = c.Date("filedDate", true, today);
        var (url, sha) = Link(c, true);
        var claims = Bool(c, "claimsNoExceedance");
        int? hours = null;
        if (c.Get("reportedExceedanceHours") is { } h)
        {
            if (int.TryParse(h, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                hours = n;
            }
            else
            {
                c.Problem("reportedExceedanceHours", $"'{h}' must be a whole number of hours, 0 or more");
            }
        }

        if (claims == true && hours is > 0)
        {
            c.Problem("reportedExceedanceHours", $"the report cannot both claim no exceedance and report {hours} exceedance hours");
        }

        int? year = null;
        var categories = "";
        string? trigger = null;
        DateOnly? received = null;
        if (kind == DisclosureKinds.Annual)
        {
            var yearText = c.Required("year", "the year the annual report covers");
            if (yearText is not null)
            {
                if (!int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var y) || y < 2000 || y >= today.Year + 1)
                {
                    c.Problem("year", $"'{yearText}' must be a past or current year from 2000");
                }
                else
                {
                    year = y;
                    if (filed is { } f && f.Year <= y)
                    {
                        c.Problem("filedDate", $"an annual report for {y} cannot be filed on {f:yyyy-MM-dd}, before the year ended");
                    }
                }
            }

            var list = c.Get("categories");
            if (list is null)
            {
                c.Problem("categories", "an annual report lists the categories it covers: codes basic, management, pollution, carbon, emergency, violations, temporary, other (or 1–8, or the Chinese names), separated by ';'");
            }
            else
            {
                var found = new List<DisclosureCategories.Category>();
                foreach (var part in list.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (DisclosureCategories.Find(part) is { } category)
                    {
                        found.Add(category);
                    }
                    else
                    {
                        c.Problem("categories", $"unknown category '{part}' (codes: {string.Join(", ", DisclosureCategories.All.Select(a => a.Code))})");
                    }
                }

                categories = DisclosureCategories.Join(found);
            }

            foreach (var field in TriggerFields.Where(f => c.Get(f) is not null))
            {
                c.Problem(field, "only a temporary report has a trigger; an annual report covers a year");
            }
        }
        else if (kind == DisclosureKinds.Temporary)
        {
            trigger = c.Required("triggerDecisionNumber", "the number (文号) of the document that triggered the report, e.g. the penalty decision");
            received = c.Date("triggerReceivedDate", true, today);
            if (received is { } r && filed is { } f && f < r)
            {
                c.Problem("filedDate", $"filed on {f:yyyy-MM-dd}, before the triggering document was received on {r:yyyy-MM-dd}");
            }

            foreach (var field in AnnualFields.Where(f => c.Get(f) is not null))
            {
                c.Problem(field, $"{field} belongs to an annual report, not to a temporary one");
            }

            claims = null;
            hours = null;
        }

        if (c.Errors > 0 || id is null || enterprise is null || kind is null || filed is null || url is null)
        {
            return null;
        }

        return new Parsed<Disclosure>(raw.Line, new Disclosure(id, enterprise.CreditCode, kind, year, filed.Value, categories, claims, hours, trigger, received,
            c.Get("title"), url, sha), c.Get("correctionReason"));
    }

    public static Parsed<Statement>? ValidateStatement(RawRecord raw, string file, DateOnly today, Func<string, Enterprise?> registry, HashSet<string> seen, List<ImportProblem> problems)
    {
        var c = new Context(file, raw, problems);
        var id = Id(c, seen);
        var enterprise = Party(c, registry);
        var subjectText = c.Required("subject", "exceedance (超标) or penalty (处罚)");
        var subject = subjectText switch
        {
            null => null,
            "exceedance" or "超标" => StatementSubjects.Exceedance,
            "penalty" or "处罚" => StatementSubjects.Penalty,
            _ => null,
        };
        if (subjectText is not null && subject is null)
        {
            c.Problem("subject", $"unknown subject '{subjectText}': exceedance (超标) or penalty (处罚)");
        }

        var date = c.Date("date", true, today);
        var text = c.Required("text", "the enterprise's explanation as published");
        var (url, sha) = Link(c, false);
        string? outletCode = null, pollutant = null, decision = null;
        DateTime? from = null, to = null;
        if (subject == StatementSubjects.Exceedance)
        {
            outletCode = c.Required("outletCode", "the outlet whose exceedance is explained, e.g. DA001");
            pollutant = c.Get("pollutant");
            var outlet = outletCode is null || enterprise is null ? null : enterprise.Outlets.FirstOrDefault(o => o.Code == outletCode);
            if (outletCode is not null && enterprise is not null && outlet is null)
            {
                c.Problem("outletCode", $"{enterprise.Name} has no outlet {outletCode} (outlets: {string.Join(", ", enterprise.Outlets.Select(o => o.Code))})");
            }

            if (outlet is not null && pollutant is not null && outlet.Pollutants.All(p => p.Code != pollutant))
            {
                c.Problem("pollutant", $"outlet {outlet.Code} does not monitor {pollutant} (it monitors {string.Join(", ", outlet.Pollutants.Select(p => p.Code))})");
            }

            from = Hour(c, "periodFrom", false);
            to = Hour(c, "periodTo", true);
            if (from is { } f && to is { } t && t < f)
            {
                c.Problem("periodTo", $"the period ends ({t:yyyy-MM-dd HH:mm}) before it starts ({f:yyyy-MM-dd HH:mm})");
            }

            if (c.Get("decisionNumber") is not null)
            {
                c.Problem("decisionNumber", "a statement on an exceedance names the outlet and period; a statement on a penalty names the decision number");
            }
        }
        else if (subject == StatementSubjects.Penalty)
        {
            decision = c.Required("decisionNumber", "the number (文号) of the penalty decision explained");
            foreach (var field in ExceedanceFields.Where(f => c.Get(f) is not null))
            {
                c.Problem(field, $"{field} belongs to a statement on an exceedance, not on a penalty");
            }
        }

        if (c.Errors > 0 || id is null || enterprise is null || subject is null || date is null || text is null)
        {
            return null;
        }

        return new Parsed<Statement>(raw.Line, new Statement(id, enterprise.CreditCode, subject, outletCode, pollutant, from, to, decision, date.Value, text, url, sha),
            c.Get("correctionReason"));
    }

    /// <summary>
    /// An hour as DataTime (local time): "YYYY-MM-DDTHH:mm" (or a space instead of T), or a date — the first hour of the
    /// day for the start of a period, the last hour (23:00) for its end.
    /// </summary>
    private static DateTime? Hour(Context c, string field, bool end)
    {
        var text = c.Required(field, "an hour YYYY-MM-DDTHH:mm (local time, DataTime as sent) or a date YYYY-MM-DD");
        if (text is null)
        {
            return null;
        }

        if (DateTime.TryParseExact(text, HourFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var hour))
        {
            if (hour.Minute != 0)
            {
                c.Problem(field, $"'{text}' is not a whole hour");
                return null;
            }

            return hour;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day.ToDateTime(end ? new TimeOnly(23, 0) : TimeOnly.MinValue);
        }

        c.Problem(field, $"'{text}' is not an hour YYYY-MM-DDTHH:mm or a date YYYY-MM-DD");
        return null;
    }
}
