using Resampling.Numerics.Sparse;

namespace Resampling.Tests.Numerics.Sparse;

/// <summary>
/// The near-linear fill count (<see cref="SymbolicCholesky.CountFactorNonZeros"/>, by column counts from the etree)
/// against symbolic elimination done literally on a dense boolean pattern, and against the full symbolic analysis.
/// </summary>
public class FactorColumnCountsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void FillCountMatchesEliminationOnADensePattern(int seed)
    {
        var rng = new Random(seed);
        for (int trial = 0; trial < 60; trial++)
        {
            int n = rng.Next(1, 60);
            double density = rng.NextDouble() * 0.15;
            var rows = new List<int>();
            var cols = new List<int>();
            for (int i = 0; i < n; i++) { rows.Add(i); cols.Add(i); }
            for (int i = 0; i < n; i++)
                for (int j = 0; j < i; j++)
                    if (rng.NextDouble() < density) { rows.Add(i); cols.Add(j); }
            var m = SymmetricSparseMatrix.FromTriplets(n, rows.ToArray(), cols.ToArray(), new double[rows.Count]);
            var perm = Enumerable.Range(0, n).OrderBy(_ => rng.Next()).ToArray();
            Assert.Equal(DenseEliminationCount(m, perm), SymbolicCholesky.CountFactorNonZeros(m, perm));
            Assert.Equal(DenseEliminationCount(m, Enumerable.Range(0, n).ToArray()),
                SymbolicCholesky.CountFactorNonZeros(m, Enumerable.Range(0, n).ToArray()));
        }
    }

    [Theory]
    [MemberData(nameof(FillLimitTests.DesignNames), MemberType = typeof(FillLimitTests))]
    public void FillCountMatchesTheSymbolicAnalysisAndItsLimit(string design)
    {
        var m = SparseDesigns.Build(design, 11);
        var rng = new Random(11);
        foreach (var perm in new[] { ApproximateMinimumDegree.Order(m), Enumerable.Range(0, m.Order).ToArray(),
                     Enumerable.Range(0, m.Order).OrderBy(_ => rng.Next()).ToArray() })
        {
            long count = SymbolicCholesky.Analyse(m, perm).FactorNonZeros;
            Assert.Equal(count, SymbolicCholesky.CountFactorNonZeros(m, perm));
            Assert.Equal(count, SymbolicCholesky.CountFactorNonZeros(m, perm, count));
            Assert.Equal(long.MaxValue, SymbolicCholesky.CountFactorNonZeros(m, perm, count - 1));
        }
    }

    /// <summary>Non-zeros of L by eliminating P M P' on a dense boolean pattern: each pivot joins its later neighbours.</summary>
    private static long DenseEliminationCount(SymmetricSparseMatrix m, int[] perm)
    {
        int n = m.Order;
        var iperm = new int[n];
        for (int k = 0; k < n; k++) iperm[perm[k]] = k;
        var a = new bool[n, n];
        for (int j = 0; j < n; j++)
            for (int p = m.ColumnStarts[j]; p < m.ColumnStarts[j + 1]; p++)
            {
                int x = iperm[m.RowIndices[p]], y = iperm[j];
                a[x, y] = a[y, x] = true;
            }
        long count = 0;
        for (int k = 0; k < n; k++)
        {
            var later = Enumerable.Range(k + 1, n - k - 1).Where(i => a[i, k]).ToArray();
            count += 1 + later.Length;
            foreach (int x in later)
                foreach (int y in later)
                    a[x, y] = true;
        }
        return count;
    }
}
