using System.Collections.Concurrent;
using GraphQL.DataLoader;

namespace Public.Web.GraphQL;

/// <summary>
/// State of one GraphQL request (its <c>UserContext</c>): the batch loaders, so that a field asked of N
/// parents costs one store query, and values worth computing once per request.
/// </summary>
public sealed class GraphQLRequestContext : Dictionary<string, object?>
{
    private readonly ConcurrentDictionary<string, object> _loaders = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, object> _once = new(StringComparer.Ordinal);

    /// <summary>
    /// The loader named <paramref name="name"/> of this request (created on first use). Keys loaded through the
    /// same loader while one level of the query executes are fetched together by one call of <paramref name="fetch"/>.
    /// The name must capture every argument that changes the answer (e.g. the date range).
    /// </summary>
    public BatchLoader<TValue> Loader<TValue>(string name, Func<IReadOnlyCollection<string>, IReadOnlyDictionary<string, TValue>> fetch) =>
        (BatchLoader<TValue>)_loaders.GetOrAdd(name, _ => new BatchLoader<TValue>(fetch));

    /// <summary>A value computed once per request.</summary>
    public T Once<T>(string name, Func<T> compute)
        where T : notnull =>
        (T)_once.GetOrAdd(name, _ => compute());
}

/// <summary>
/// A minimal DataLoader (the GraphQL.DataLoader package is not served by our package source): resolvers ask for
/// a key and get a deferred result; GraphQL.NET's execution strategy completes deferred results only after the
/// whole level has been resolved, so the first one to complete fetches every key asked so far in one batch.
/// </summary>
public sealed class BatchLoader<TValue>(Func<IReadOnlyCollection<string>, IReadOnlyDictionary<string, TValue>> fetch)
{
    private readonly Lock _lock = new();
    private readonly HashSet<string> _pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TValue?> _loaded = new(StringComparer.Ordinal);

    /// <summary>Number of times the fetch ran (for tests and diagnostics).</summary>
    public int Batches { get; private set; }

    public IDataLoaderResult<TValue?> Load(string key)
    {
        lock (_lock)
        {
            if (!_loaded.ContainsKey(key))
            {
                _pending.Add(key);
            }
        }

        return new Deferred(this, key);
    }

    /// <summary>Like <see cref="Load(string)"/>, turning the loaded value into the field's result (e.g. a page of it).</summary>
    public IDataLoaderResult<TResult> Load<TResult>(string key, Func<TValue?, TResult> map)
    {
        var deferred = Load(key);
        return new Mapped<TResult>(deferred, map);
    }

    private TValue? Get(string key)
    {
        lock (_lock)
        {
            if (_loaded.TryGetValue(key, out var value))
            {
                return value;
            }

            _pending.Add(key);
            var keys = _pending.ToList();
            _pending.Clear();
            Batches++;
            var fetched = fetch(keys);
            foreach (var k in keys)
            {
                _loaded[k] = fetched.TryGetValue(k, out var v) ? v : default;
            }

            return _loaded[key];
        }
    }

    private sealed class Mapped<TResult>(IDataLoaderResult<TValue?> inner, Func<TValue?, TResult> map) : IDataLoaderResult<TResult>
    {
        public async Task<TResult> GetResultAsync(CancellationToken cancellationToken = default) => map(await inner.GetResultAsync(cancellationToken));

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
    }

    private sealed class Deferred(BatchLoader<TValue> loader, string key) : IDataLoaderResult<TValue?>
    {
        public Task<TValue?> GetResultAsync(CancellationToken cancellationToken = default) => Task.FromResult(loader.Get(key));

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
    }
}
