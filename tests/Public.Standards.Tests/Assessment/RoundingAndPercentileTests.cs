using Public.Standards.Assessment;

namespace Public.Standards.Tests.Assessment;

public sealed class RoundingAndPercentileTests
{
    // GB/T 8170 四舍六入五成双: a bare 5 goes to the even neighbour; a 5 followed by non-zero digits goes up.
    [Theory]
    [InlineData("2.5", 0, "2")]
    [InlineData("3.5", 0, "4")]
    [InlineData("2.51", 0, "3")]
    [InlineData("2.4", 0, "2")]
    [InlineData("2.6", 0, "3")]
    [InlineData("1.25", 1, "1.2")]
    [InlineData("1.35", 1, "1.4")]
    [InlineData("-2.5", 0, "-2")]
    public void Gb8170RoundsHalfToEven(string value, int decimals, string expected)
    {
        static decimal D(string s) => decimal.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(D(expected), Rounding.Gb8170(D(value), decimals));
    }

    // standards.md §2.2 [checked]: sorted 2,3,4,4,5,8; k = 1+5·0.9 = 5.5 → 5+(8−5)·0.5 = 6.5.
    [Fact]
    public void PercentileFollowsHj663Formula()
    {
        Assert.Equal(6.5m, Percentile.Compute([3m, 4m, 8m, 2m, 5m, 4m], 90));
    }

    // 1..20, p95: k = 1+19·0.95 = 19.05 → 19+(20−19)·0.05 = 19.05 (not "the 19th value").
    [Fact]
    public void NinetyFifthPercentileOfOneToTwentyIs19Point05()
    {
        var values = Enumerable.Range(1, 20).Select(i => (decimal)i).ToArray();

        Assert.Equal(19.05m, Percentile.Compute(values, 95));
    }

    [Fact]
    public void PercentileEdgeCases()
    {
        Assert.Null(Percentile.Compute([], 50));
        Assert.Equal(7m, Percentile.Compute([7m], 95));
        Assert.Equal(9m, Percentile.Compute([1m, 9m, 5m], 100));
        Assert.Equal(1m, Percentile.Compute([1m, 9m, 5m], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentile.Compute([1m], 100.1m));
    }
}
