using System.Globalization;
using Public.Standards.Identifiers;
using Public.Web.Api;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Publication;
using Public.Web.Penalties.Store;

namespace Public.Web.Penalties;

/// <summary>
/// The one query service of the penalties feature: REST and GraphQL (and later the site pages) call these methods,
/// so they cannot disagree. Parameters given as text are parsed here too, each problem naming its parameter.
/// </summary>
public sealed class PenaltyQueries
{
    public const string Currency = "CNY";

    private readonly PenaltyStore _store;

    internal PenaltyQueries(PenaltyStore store) => _store = store;

    public IReadOnlyList<PenaltyDto> List(PenaltyFilter filter, int page, int limit, out int found) =>
        Window(filter, (page - 1) * limit, limit, out found);

    /// <summary>
    /// The matching decisions from position <paramref name="offset"/> (0-based, newest decision first), at most
    /// <paramref name="count"/>: REST pages and GraphQL cursors both read the list through here.
    /// </summary>
    public IReadOnlyList<PenaltyDto> Window(PenaltyFilter filter, int offset, int count, out int found) =>
        ToDtos(_store.Current(filter, offset, count, out found));

    public PenaltyDetailDto Get(long id)
    {
        var versions = _store.Versions(id);
        if (versions.Count == 0)
        {
            throw new NotFoundException("id", $"no penalty decision with id {id}");
        }

        var history = History(versions, ToDtos(versions));
        return new PenaltyDetailDto(history[^1].Record, history);
    }

    /// <summary>
    /// The version histories of several decisions in one store read, by id (unknown ids left out): GraphQL asks
    /// for a whole page's histories at once.
    /// </summary>
    public IReadOnlyDictionary<long, IReadOnlyList<PenaltyVersionDto>> Histories(IReadOnlyCollection<long> ids)
    {
        // One log lookup for every version of every decision asked, as the store read is one.
        var rows = _store.Versions(ids);
        var records = rows.Zip(ToDtos(rows)).ToDictionary(p => (p.First.PenaltyId, p.First.Version), p => p.Second);
        return rows.GroupBy(v => v.PenaltyId).ToDictionary(g => g.Key,
            IReadOnlyList<PenaltyVersionDto> (g) => History(g.ToList(), g.Select(v => records[(v.PenaltyId, v.Version)]).ToList()));
    }

    private static List<PenaltyVersionDto> History(List<PenaltyVersionRow> versions, List<PenaltyDto> records)
    {
        var history = new List<PenaltyVersionDto>();
        for (var i = 0; i < versions.Count; i++)
        {
            var v = versions[i];
            var changes = i == 0 ? [] : v.Decision.Differences(versions[i - 1].Decision).Select(c => new ChangeDto(c.Field, c.From, c.To)).ToList();
            history.Add(new PenaltyVersionDto(v.Version, i == versions.Count - 1, Time(v.RecordedAt), v.Source, v.SourceLine, v.Reason, v.CorrectionDate, changes, records[i]));
        }

        return history;
    }

    public IReadOnlyList<PenaltyStatsDto> Stats(PenaltyStatsBy by, PenaltyFilter filter)
    {
        var name = by.ToString().ToLowerInvariant();
        return _store.Stats(filter, by).Select(s => new PenaltyStatsDto(name, s.Key, s.Count, Money.ToCny(s.FineFen), Money.ToCny(s.ConfiscationFen), Currency)).ToList();
    }

    /// <summary>The decisions published last (by when we first published them), for the Atom feed.</summary>
    public IReadOnlyList<PenaltyDto> Newest(int count) => ToDtos(_store.NewestPublished(count));

    public static IReadOnlyList<PenaltyTypeDto> Types() => PenaltyTypes.All.Select(t => new PenaltyTypeDto(t.Code, t.NameZh, t.NameEn)).ToList();

    // ---- parameters -------------------------------------------------------------------------------

    /// <summary>Builds a filter from query-string text; a bad value is a <see cref="BadParameterException"/> naming it.</summary>
    public static PenaltyFilter ParseFilter(string? from, string? to, string? district, string? industry, string? violation,
        string? type, string? minAmount, string? maxAmount, string? party)
    {
        var f = QueryParameters.Date(from, "from");
        var t = QueryParameters.Date(to, "to");
        if (f > t)
        {
            throw new BadParameterException("from", $"from ({from}) is after to ({to})");
        }

        HashSet<string>? types = null;
        if (!string.IsNullOrWhiteSpace(type))
        {
            types = [];
            foreach (var part in type.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var code = part.ToLowerInvariant();
                if (!PenaltyTypes.IsKnown(code))
                {
                    throw new BadParameterException("type", $"unknown penalty type '{part}' (known: {string.Join(", ", PenaltyTypes.All.Select(x => x.Code))})");
                }

                types.Add(code);
            }
        }

        var min = Amount(minAmount, "minAmount");
        var max = Amount(maxAmount, "maxAmount");
        if (min > max)
        {
            throw new BadParameterException("minAmount", $"minAmount ({minAmount}) is more than maxAmount ({maxAmount})");
        }

        string? partyCode = null, partyName = null;
        if (!string.IsNullOrWhiteSpace(party))
        {
            var p = party.Trim();
            if (LooksLikeCreditCode(p))
            {
                partyCode = RequireCreditCode(p, "party");
            }
            else
            {
                partyName = p;
            }
        }

        return new PenaltyFilter(f, t, Blank(district), Blank(industry), Blank(violation), types, min, max, partyCode, partyName);
    }

    public static PenaltyStatsBy ParseStatsBy(string? by) => by?.ToLowerInvariant() switch
    {
        "year" => PenaltyStatsBy.Year,
        "district" => PenaltyStatsBy.District,
        "industry" => PenaltyStatsBy.Industry,
        "violation" => PenaltyStatsBy.Violation,
        null or "" => throw new BadParameterException("by", "by is required: year, district, industry or violation"),
        _ => throw new BadParameterException("by", $"by '{by}' is not supported (year, district, industry or violation)"),
    };

    /// <summary>
    /// The party of <c>/parties/{creditCode}/penalties</c> (GraphQL <c>partyPenalties</c>): a valid code, in capitals,
    /// which the list's own party filter cannot then repeat.
    /// </summary>
    public static string RequirePartyCode(string creditCode, string? party)
    {
        var code = RequireCreditCode(creditCode, "creditCode");
        return string.IsNullOrWhiteSpace(party) ? code : throw new BadParameterException("party", "party cannot be combined with /parties/{creditCode}/penalties");
    }

    /// <summary>The code in capitals if it is a valid GB 32100-2015 code; otherwise a 400 saying what is wrong with it.</summary>
    public static string RequireCreditCode(string value, string parameter)
    {
        var code = value.Trim().ToUpperInvariant();
        var check = UnifiedSocialCreditCode.Validate(code);
        return check.IsValid ? code : throw new BadParameterException(parameter, $"{parameter} '{value}' is not a valid unified social credit code: {check.Message}");
    }

    /// <summary>18 letters and digits: meant as a credit code (no party name looks like that).</summary>
    private static bool LooksLikeCreditCode(string value) => value.Length == UnifiedSocialCreditCode.Length && value.All(char.IsAsciiLetterOrDigit);

    private static decimal? Amount(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (!decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || amount.Scale > 2 || amount > Money.MaxFen / 100)
        {
            throw new BadParameterException(name, $"{name} '{value}' must be an amount in CNY, 0 or more, with at most two decimals (e.g. 100000)");
        }

        return amount;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    // ---- shapes -----------------------------------------------------------------------------------

    private static DateTimeOffset Time(string utc) => DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture).ToOffset(ChinaTime.Offset);

    /// <summary>The decisions as published, each with its version's place in the transparency log (one lookup for all).</summary>
    private List<PenaltyDto> ToDtos(IReadOnlyList<PenaltyVersionRow> rows)
    {
        var log = LogRefs.Read(_store.Database, PublishedDatasets.Penalties, rows, r => [r.Decision.DecisionNumber], r => r.Version);
        return rows.Select(r => ToDto(r) with { Log = log.Of([r.Decision.DecisionNumber], r.Version) }).ToList();
    }

    private static PenaltyDto ToDto(PenaltyVersionRow row)
    {
        var d = row.Decision;
        var daily = d.DailyPenaltyDays is { } days && d.DailyPenaltyAmountFen is { } per && d.DailyPenaltyTotalFen is { } total
            ? new DailyPenaltyDto(days, Money.ToCny(per), Money.ToCny(total))
            : null;
        return new PenaltyDto(row.PenaltyId, d.DecisionNumber, d.Authority, new PartyDto(d.PartyName, d.PartyCreditCode), d.District, d.Industry,
            new ViolationDto(d.ViolationCategory, d.ViolationSummary), new LegalBasisDto(d.LegalBasisLaw, d.LegalBasisArticle), d.Types,
            Money.ToCny(d.FineFen), daily, Money.ToCny(d.FineTotalFen), d.ProductionOrder, d.SealUp, Money.ToCny(d.ConfiscationFen), d.ConfiscatedItems,
            d.Warning, Currency, d.DecisionDate, d.ServiceDate, d.PublicationDate, new RectificationDto(d.RectificationRequirement, d.RectificationStatus),
            d.PaymentStatus, d.AppealStatus, new SourceDocumentDto(d.SourceUrl, d.SourceSha256), row.Version, Time(row.FirstRecordedAt), Time(row.RecordedAt),
            row.Reason, row.CorrectionDate);
    }
}
