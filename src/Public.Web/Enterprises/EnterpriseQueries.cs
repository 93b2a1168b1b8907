using System.Globalization;
using Public.Web.Api;
using Public.Web.Infrastructure.Publication;

namespace Public.Web.Enterprises;

/// <summary>
/// Which enterprises of the registry: exact district and industry, a list year, and a search text matched
/// against the name (contains, ignoring case) and the credit code (contains, in capitals).
/// </summary>
public sealed record EnterpriseFilter(string? District = null, string? Industry = null, int? Year = null, string? Search = null);

/// <summary>The values the registry's filters can take: districts, industries and list years present in it.</summary>
public sealed record EnterpriseFacets(IReadOnlyList<string> Districts, IReadOnlyList<string> Industries, IReadOnlyList<int> Years);

/// <summary>
/// The one query service of the registry for the site and GraphQL (and the REST list's search): the filters are
/// parsed here, each problem naming its parameter, and every reader pages the same list the same way.
/// </summary>
public sealed class EnterpriseQueries
{
    /// <summary>Longest search text, in characters.</summary>
    public const int MaxSearchLength = 100;

    private readonly EnterpriseStore _store;

    internal EnterpriseQueries(EnterpriseStore store) => _store = store;

    /// <summary>
    /// The matching enterprises from position <paramref name="offset"/> (by credit code), at most <paramref name="count"/>.
    /// Without a search text the store pages in SQL; with one, the filtered list is searched here — the list of a
    /// city's key polluters is hundreds of rows, read in three statements.
    /// </summary>
    public IReadOnlyList<Enterprise> Window(EnterpriseFilter filter, int offset, int count, out int found)
    {
        if (filter.Search is null)
        {
            return WithLog(_store.List(filter.District, filter.Industry, filter.Year, offset, count, out found));
        }

        var matching = _store.List(filter.District, filter.Industry, filter.Year, 0, int.MaxValue, out _).Where(e => Matches(e, filter.Search)).ToList();
        found = matching.Count;
        return WithLog(matching.Skip(offset).Take(count).ToList());
    }

    /// <summary>The enterprise with this code: 400 naming what is wrong with a malformed code, 404 for an unknown one.</summary>
    public Enterprise Get(string creditCode) => WithLog([EnterprisesApi.Find(creditCode, _store)])[0];

    /// <summary>The enterprise with this code, or null when the code is malformed or unknown (the site's 404).</summary>
    public Enterprise? Find(string creditCode) =>
        Public.Standards.Identifiers.UnifiedSocialCreditCode.Validate(creditCode).IsValid && _store.Get(creditCode) is { } e ? WithLog([e])[0] : null;

    /// <summary>
    /// The enterprises with their current version's place in the transparency log (one lookup for all). The registry's
    /// current rows do not keep their version number; the current version is the latest the log holds for the code.
    /// </summary>
    private List<Enterprise> WithLog(IReadOnlyList<Enterprise> enterprises)
    {
        var log = LogRefs.ReadLatest(_store.Database, PublishedDatasets.Enterprises, enterprises.Select(e => RecordIds.Of([e.CreditCode])));
        return enterprises.Select(e => e with { Log = log.Latest(RecordIds.Of([e.CreditCode])) }).ToList();
    }

    /// <summary>The number of the enterprise's current (latest) registry version, or null when it has none.</summary>
    public int? CurrentVersion(string creditCode) => _store.Versions(creditCode) is [.., var last] ? last.Version : null;

    /// <summary>The districts, industries and list years of the whole registry, sorted.</summary>
    public EnterpriseFacets Facets()
    {
        var all = _store.List(null, null, null, 0, int.MaxValue, out _);
        return new EnterpriseFacets(
            all.Select(e => e.District).Distinct().Order(StringComparer.Ordinal).ToList(),
            all.Select(e => e.Industry).Distinct().Order(StringComparer.Ordinal).ToList(),
            all.SelectMany(e => e.ListEntries).Select(l => l.Year).Distinct().Order().ToList());
    }

    /// <summary>A filter from query-string text; a bad value is a <see cref="BadParameterException"/> naming it.</summary>
    public static EnterpriseFilter ParseFilter(string? district, string? industry, string? year, string? search)
    {
        int? y = null;
        if (!string.IsNullOrWhiteSpace(year))
        {
            if (!int.TryParse(year.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed is < 2000 or > 2100)
            {
                throw new BadParameterException("year", $"year '{year}' must be a year such as 2019");
            }

            y = parsed;
        }

        var text = Blank(search);
        if (text is { Length: > MaxSearchLength })
        {
            throw new BadParameterException("search", $"search is {text.Length} characters long; at most {MaxSearchLength} are allowed");
        }

        return new EnterpriseFilter(Blank(district), Blank(industry), y, text);
    }

    private static bool Matches(Enterprise e, string search) =>
        e.Name.Contains(search, StringComparison.OrdinalIgnoreCase) ||
        e.CreditCode.Contains(search.ToUpperInvariant(), StringComparison.Ordinal);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
