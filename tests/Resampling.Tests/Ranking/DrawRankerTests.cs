using Resampling.Numerics;
using Resampling.Ranking;

namespace Resampling.Tests.Ranking;

/// <summary>The radix ranking and the selected quantiles against the comparison sort they replace.</summary>
public class DrawRankerTests
{
    private static int[] SortedRanks(double[] v)
    {
        var keys = v.Select(x => -x).ToArray();
        var order = Enumerable.Range(0, v.Length).ToArray();
        Array.Sort(keys, order);
        var ranks = new int[v.Length];
        int rank = 1;
        for (int i = 0; i < v.Length; i++)
        {
            if (i > 0 && keys[i] != keys[i - 1]) rank = i + 1;
            ranks[order[i]] = rank;
        }
        return ranks;
    }

    public static TheoryData<int> Seeds => [1, 2, 3, 4, 5];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RadixRanksAreTheComparisonSortsWithTiesSignsZerosAndInfinities(int seed)
    {
        var random = new Random(seed);
        int n = 1 + random.Next(3000);
        // Mixed magnitudes and signs, repeated values (ties), ±0, ±∞ and subnormals.
        double[] pool = [0.0, -0.0, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, -double.Epsilon, 1e300, -1e-300, 2.5, -2.5];
        var v = new double[n];
        for (int i = 0; i < n; i++)
            v[i] = random.Next(4) switch
            {
                0 => pool[random.Next(pool.Length)],
                1 => Math.Round(random.NextDouble() * 10 - 5, 1),
                _ => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-5, 6)),
            };
        var ranks = new int[n];
        new DrawRanker(n).Rank(v, ranks);
        Assert.Equal(SortedRanks(v), ranks);
    }

    [Fact]
    public void ADrawWithNaNRanksAsTheComparisonSortDoes()
    {
        double[] v = [1, double.NaN, 3, 3, -1, double.NaN];
        var ranks = new int[v.Length];
        new DrawRanker(v.Length).Rank(v, ranks);
        Assert.Equal(SortedRanks(v), ranks);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void SelectedQuantilesAreTheSortedOnesBitForBit(int seed)
    {
        var random = new Random(seed);
        foreach (int n in new[] { 1, 2, 3, 17, 40, 1000, 4001 })
        {
            // Some samples with many ties (a discrete draw), some continuous.
            var x = Enumerable.Range(0, n).Select(_ => seed % 2 == 0 ? random.Next(5) : random.NextDouble() * 100 - 50).ToArray();
            var sorted = x.ToArray();
            Array.Sort(sorted);
            foreach (var (p1, p2) in new[] { (0.025, 0.975), (0.05, 0.95), (0.0, 1.0), (0.5, 0.5), (0.25, 0.75) })
            {
                var (lo, hi) = OrderStatistics.Quantiles(x.ToArray(), p1, p2);
                Assert.Equal(RStats.SortedQuantile(sorted, p1), lo);
                Assert.Equal(RStats.SortedQuantile(sorted, p2), hi);
            }
        }
    }
}
