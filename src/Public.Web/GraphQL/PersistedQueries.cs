using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;

namespace Public.Web.GraphQL;

/// <summary>
/// Automatic persisted queries (the Apollo protocol): a client sends only
/// <c>extensions.persistedQuery.sha256Hash</c>; an unknown hash is answered with <c>PersistedQueryNotFound</c>, and
/// the client then sends the query with its hash once, which we keep after checking the hash. GET URLs stay short.
/// Registered queries live in memory, bounded by their total length (least recently used go first); the
/// example queries are registered at start and never dropped.
/// </summary>
public sealed class PersistedQueries : IDisposable
{
    /// <summary>Total characters of registered queries kept in memory.</summary>
    public const long MaxTotalChars = 8 * 1024 * 1024;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = MaxTotalChars });

    public PersistedQueries()
    {
        foreach (var example in GraphQLExamples.All)
        {
            _cache.Set(Hash(example.Query), example.Query, new MemoryCacheEntryOptions { Size = 0, Priority = CacheItemPriority.NeverRemove });
        }
    }

    /// <summary>The lower-case hexadecimal SHA-256 of the UTF-8 query text, as APQ clients compute it.</summary>
    public static string Hash(string query) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(query)));

    public string? Find(string hash) => _cache.TryGetValue(Normalize(hash), out string? query) ? query : null;

    /// <summary>Keeps the query under its hash; false (and nothing kept) when the hash is not the query's.</summary>
    public bool Register(string hash, string query)
    {
        if (!string.Equals(Normalize(hash), Hash(query), StringComparison.Ordinal))
        {
            return false;
        }

        _cache.Set(Hash(query), query, new MemoryCacheEntryOptions { Size = query.Length, SlidingExpiration = TimeSpan.FromDays(7) });
        return true;
    }

    private static string Normalize(string hash) => hash.ToLowerInvariant();

    public void Dispose() => _cache.Dispose();
}

/// <summary>An example query shipped with the API (content/docs/graphql.md, the IDE page, the tests).</summary>
public sealed record GraphQLExample(string Name, string Title, string Query);

/// <summary>The example queries, embedded from GraphQL/Examples/*.graphql (first line: "# title").</summary>
public static class GraphQLExamples
{
    public static IReadOnlyList<GraphQLExample> All { get; } = Load();

    private static List<GraphQLExample> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("GraphQL.Examples.", StringComparison.Ordinal) && n.EndsWith(".graphql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream, Encoding.UTF8);
                var text = reader.ReadToEnd().ReplaceLineEndings("\n");
                var title = text.Split('\n')[0].TrimStart('#').Trim();
                return new GraphQLExample(n["GraphQL.Examples.".Length..^".graphql".Length], title, text);
            })
            .ToList();
    }
}
