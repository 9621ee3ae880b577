using Resampling.Numerics.Sparse;

namespace Resampling.Tests.Numerics.Sparse;

/// <summary>
/// The flat-array approximate minimum degree (issue 11, session 9): a permutation, exactly the orderings of the plain
/// per-node-list version (<see cref="ListQuotientGraphOrdering"/>) with and without a fill limit, on random crossed,
/// nested, grid and clique graphs with dense rows, large enough for supervariables, aggressive absorption and the
/// element arena's compaction to happen.
/// </summary>
public class ApproximateMinimumDegreeTests
{
    public static TheoryData<string, int> Graphs()
    {
        var data = new TheoryData<string, int>();
        foreach (var kind in new[] { "crossed", "pairs", "grid", "nested-dense", "big-cliques" })
            foreach (int seed in new[] { 1, 2, 3 })
                data.Add(kind, seed);
        return data;
    }

    [Theory]
    [MemberData(nameof(Graphs))]
    public void SameOrderingAsThePerNodeListVersion(string kind, int seed)
    {
        var rng = new Random(seed);
        for (int trial = 0; trial < 40; trial++)
        {
            int n = rng.Next(1, trial < 30 ? 200 : 1500);
            var (starts, neighbours) = Graph(kind, n, rng);
            var copy = neighbours.ToArray();
            var order = ApproximateMinimumDegree.Order(n, starts, neighbours);
            Assert.Equal(copy, neighbours); // the caller's lists are left alone
            Assert.Equal(Enumerable.Range(0, n), order.Order());
            Assert.Equal(ListQuotientGraphOrdering.Order(n, starts, neighbours, long.MaxValue), order);
        }
    }

    [Theory]
    [MemberData(nameof(Graphs))]
    public void LimitedOrderingGivesUpExactlyWhereThePerNodeListVersionDoes(string kind, int seed)
    {
        var rng = new Random(100 + seed);
        for (int trial = 0; trial < 20; trial++)
        {
            int n = rng.Next(2, 400);
            var (starts, neighbours) = Graph(kind, n, rng);
            foreach (long limit in new[] { n, 3L * n, 20L * n, (long)n * n / 8, (long)n * n })
            {
                var expected = ListQuotientGraphOrdering.Order(n, starts, neighbours, limit);
                var actual = ApproximateMinimumDegree.Order(n, starts, neighbours, limit);
                Assert.Equal(expected is null, actual is null);
                if (expected is not null) Assert.Equal(expected, actual);
            }
        }
    }

    [Fact]
    public void MatrixOverloadsAgreeWithTheGraphOnes()
    {
        foreach (var name in SparseDesigns.Names)
        {
            var m = SparseDesigns.Build(name, 5);
            var (starts, neighbours) = m.Adjacency();
            var expected = ListQuotientGraphOrdering.Order(m.Order, starts, neighbours, long.MaxValue);
            Assert.Equal(expected, ApproximateMinimumDegree.Order(m));
            long fill = SymbolicCholesky.CountFactorNonZeros(m, expected!);
            Assert.Equal(expected, ApproximateMinimumDegree.Order(m, fill));
        }
    }

    [Fact]
    public void EmptyAndEdgelessGraphs()
    {
        Assert.Empty(ApproximateMinimumDegree.Order(0, [0], []));
        var order = ApproximateMinimumDegree.Order(5, [0, 0, 0, 0, 0, 0], []);
        Assert.Equal(Enumerable.Range(0, 5), order.Order());
    }

    /// <summary>Symmetric adjacency (sorted, no self-loops) of a random graph of the given kind.</summary>
    private static (int[] Starts, int[] Neighbours) Graph(string kind, int n, Random rng)
    {
        var cliques = new List<int[]>();
        switch (kind)
        {
            case "crossed": // a crossed design's Schur complement: each level of the other factor joins a few levels
                for (int c = 0, m = rng.Next(1, 2 * n); c < m; c++)
                    cliques.Add(Enumerable.Range(0, rng.Next(1, 14)).Select(_ => rng.Next(n)).ToArray());
                break;
            case "pairs":
                for (int c = 0; c < 2 * n; c++) cliques.Add([rng.Next(n), rng.Next(n)]);
                break;
            case "grid":
                int side = (int)Math.Sqrt(n);
                for (int i = 0; i < side; i++)
                    for (int j = 0; j < side; j++)
                    {
                        int v = i * side + j;
                        if (j + 1 < side) cliques.Add([v, v + 1]);
                        if (i + 1 < side) cliques.Add([v, v + side]);
                    }
                break;
            case "nested-dense": // levels nested in groups, and three rows joined to everything (set aside as dense)
                int groups = Math.Max(1, n / 10);
                for (int v = groups; v < n; v++) cliques.Add([v, rng.Next(groups)]);
                for (int v = 0; v < n; v++)
                    for (int q = 0; q < Math.Min(n, 3); q++) cliques.Add([v, n - 1 - q]);
                break;
            default: // large cliques: big elements early, many indistinguishable variables
                for (int c = 0, m = rng.Next(1, n); c < m; c++)
                    cliques.Add(Enumerable.Range(0, rng.Next(2, 40)).Select(_ => rng.Next(n)).ToArray());
                break;
        }
        var sets = Enumerable.Range(0, n).Select(_ => new SortedSet<int>()).ToArray();
        foreach (var c in cliques)
            foreach (int x in c)
                foreach (int y in c)
                    if (x != y) sets[x].Add(y);
        var starts = new int[n + 1];
        for (int i = 0; i < n; i++) starts[i + 1] = starts[i] + sets[i].Count;
        return (starts, sets.SelectMany(s => s).ToArray());
    }
}
