namespace Public.Standards.Assessment;

public static class Percentile
{
    /// <summary>
    /// HJ 663-2013 percentile: sort ascending, k = 1 + (n − 1)·p%, s = ⌊k⌋, X_p = X_s + (X_{s+1} − X_s)(k − s)
    /// (standards.md §2.2 [V]). Null for an empty list.
    /// </summary>
    /// <param name="p">Percentile, 0..100.</param>
    public static decimal? Compute(IReadOnlyList<decimal> values, decimal p)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegative(p);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 100m);
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToArray();
        var k = 1m + ((sorted.Length - 1) * p / 100m);
        var s = (int)decimal.Floor(k);
        // 1-based X_s; at p = 100 (or n = 1) k = n and there is no X_{s+1}.
        if (s >= sorted.Length)
        {
            return sorted[^1];
        }

        return sorted[s - 1] + ((sorted[s] - sorted[s - 1]) * (k - s));
    }
}
