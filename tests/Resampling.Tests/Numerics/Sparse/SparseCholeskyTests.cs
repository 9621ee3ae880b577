using Resampling.Numerics;
using Resampling.Numerics.Sparse;

namespace Resampling.Tests.Numerics.Sparse;

/// <summary>
/// The sparse supernodal Cholesky against the dense one on random SPD matrices with the engine's design patterns:
/// same factor of P M P', solves, log-determinant, selected inverse, and orderings that are valid permutations with
/// no more fill than the natural order.
/// </summary>
public class SparseCholeskyTests
{
    private const double Tolerance = 1e-10;

    public static TheoryData<string, FillReducingOrderingCase> Cases()
    {
        var data = new TheoryData<string, FillReducingOrderingCase>();
        foreach (string name in SparseDesigns.Names)
        {
            data.Add(name, FillReducingOrderingCase.Natural);
            data.Add(name, FillReducingOrderingCase.Amd);
        }
        return data;
    }

    public enum FillReducingOrderingCase { Natural, Amd }

    private static FillReducingOrdering Of(FillReducingOrderingCase c) =>
        c == FillReducingOrderingCase.Amd ? FillReducingOrdering.ApproximateMinimumDegree : FillReducingOrdering.Natural;

    [Theory]
    [MemberData(nameof(Cases))]
    public void FactorMatchesDenseCholeskyOfPermutedMatrix(string design, FillReducingOrderingCase ordering)
    {
        var m = SparseDesigns.Build(design, seed: 3);
        var sym = SymbolicCholesky.Analyse(m, Of(ordering));
        var factor = new SupernodalCholesky(sym);
        Assert.Equal(CholeskyStatus.Success, factor.Factorize(m.Values));
        int n = m.Order;
        var pmp = SparseDesigns.Dense(m, sym.Permutation);
        var dense = (double[])pmp.Clone();
        Assert.True(DenseMath.Cholesky(dense, n));
        var l = SparseDesigns.DenseFactor(factor);
        double scale = SparseDesigns.MaxAbs(dense);
        for (int t = 0; t < n * n; t++) Assert.True(Math.Abs(l[t] - dense[t]) <= Tolerance * scale, $"L differs at {t}");
        // L Lᵀ reproduces P M P'.
        double mScale = SparseDesigns.MaxAbs(pmp);
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                double s = 0;
                for (int k = 0; k <= j; k++) s += l[i * n + k] * l[j * n + k];
                Assert.True(Math.Abs(s - pmp[i * n + j]) <= Tolerance * mScale);
            }
        // The symbolic counts are exactly the factor's structural non-zeros.
        long structural = 0;
        for (int t = 0; t < n * n; t++) if (dense[t] != 0) structural++;
        Assert.Equal(structural, sym.FactorNonZeros);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SolvesAndLogDeterminantMatchDense(string design, FillReducingOrderingCase ordering)
    {
        var m = SparseDesigns.Build(design, seed: 5);
        int n = m.Order;
        var factor = new SupernodalCholesky(SymbolicCholesky.Analyse(m, Of(ordering)));
        Assert.Equal(CholeskyStatus.Success, factor.Factorize(m.Values));
        var a = SparseDesigns.Dense(m);
        var l = (double[])a.Clone();
        Assert.True(DenseMath.Cholesky(l, n));
        double logDet = 0;
        for (int i = 0; i < n; i++) logDet += 2 * Math.Log(l[i * n + i]);
        Assert.True(Math.Abs(factor.LogDeterminant() - logDet) <= Tolerance * Math.Abs(logDet));

        var rng = new Random(11);
        var b = Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var expected = (double[])b.Clone();
        DenseMath.ForwardSolve(l, n, expected);
        DenseMath.BackSolveTransposed(l, n, expected);
        var x = (double[])b.Clone();
        factor.Solve(x);
        double xs = SparseDesigns.MaxAbs(expected);
        for (int i = 0; i < n; i++) Assert.True(Math.Abs(x[i] - expected[i]) <= Tolerance * xs);

        // The triangular solves on their own: L y = P b against the dense factor of P M P'.
        var perm = factor.Symbolic.Permutation;
        var lp = SparseDesigns.Dense(m, perm);
        Assert.True(DenseMath.Cholesky(lp, n));
        var y = perm.Select(i => b[i]).ToArray();
        var yd = (double[])y.Clone();
        factor.SolveLower(y);
        DenseMath.ForwardSolve(lp, n, yd);
        double ys = SparseDesigns.MaxAbs(yd);
        for (int i = 0; i < n; i++) Assert.True(Math.Abs(y[i] - yd[i]) <= Tolerance * ys);
        factor.SolveLowerTransposed(y);
        DenseMath.BackSolveTransposed(lp, n, yd);
        ys = SparseDesigns.MaxAbs(yd);
        for (int i = 0; i < n; i++) Assert.True(Math.Abs(y[i] - yd[i]) <= Tolerance * ys);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SelectedInverseMatchesDenseInverseOnThePattern(string design, FillReducingOrderingCase ordering)
    {
        var m = SparseDesigns.Build(design, seed: 7);
        int n = m.Order;
        var factor = new SupernodalCholesky(SymbolicCholesky.Analyse(m, Of(ordering)));
        Assert.Equal(CholeskyStatus.Success, factor.Factorize(m.Values));
        var inverse = new SelectedInverse(factor);
        inverse.Compute();
        var dense = SparseDesigns.DenseInverse(SparseDesigns.Dense(m), n);
        double scale = SparseDesigns.MaxAbs(dense);

        // Every entry the supernodes store (L's pattern and the zeros amalgamation adds), in the original indexing.
        var sym = factor.Symbolic;
        int checkedEntries = 0;
        for (int s = 0; s < sym.SupernodeCount; s++)
            for (int j = sym.SupernodeStart[s]; j < sym.SupernodeStart[s + 1]; j++)
                for (int q = sym.RowStart[s] + (j - sym.SupernodeStart[s]); q < sym.RowStart[s + 1]; q++)
                {
                    int oi = sym.Permutation[sym.Rows[q]], oj = sym.Permutation[j];
                    Assert.True(Math.Abs(inverse.Entry(oi, oj) - dense[oi * n + oj]) <= Tolerance * scale, $"Z({oi},{oj})");
                    checkedEntries++;
                }
        Assert.True(checkedEntries >= sym.FactorNonZeros); // relaxed supernodes store a few explicit zeros of L too
        if (design == "crossed-dense")
            Assert.Contains(Enumerable.Range(0, sym.SupernodeCount), s => sym.SupernodeStart[s + 1] - sym.SupernodeStart[s] > 96);

        // On M's own pattern, and the trace of a product with a matrix on that pattern.
        var onPattern = new double[m.NonZeros];
        inverse.OnMatrixPattern(onPattern);
        var rng = new Random(2);
        var d = Enumerable.Range(0, m.NonZeros).Select(_ => rng.NextDouble() - 0.5).ToArray();
        double trace = 0;
        for (int j = 0; j < n; j++)
            for (int p = m.ColumnStarts[j]; p < m.ColumnStarts[j + 1]; p++)
            {
                int i = m.RowIndices[p];
                Assert.True(Math.Abs(onPattern[p] - dense[i * n + j]) <= Tolerance * scale);
                trace += (i == j ? 1 : 2) * d[p] * dense[i * n + j];
            }
        Assert.True(Math.Abs(inverse.TraceOfProduct(m, d) - trace) <= Tolerance * Math.Max(1, Math.Abs(trace)));
    }

    [Theory]
    [MemberData(nameof(DesignNames))]
    public void MinimumDegreeIsAValidPermutationThatReducesFill(string design)
    {
        foreach (int seed in new[] { 3, 13, 17 })
        {
            var m = SparseDesigns.Build(design, seed);
            int n = m.Order;
            var perm = ApproximateMinimumDegree.Order(m);
            Assert.Equal(Enumerable.Range(0, n), perm.Order());
            long amd = SymbolicCholesky.CountFactorNonZeros(m, perm);
            long natural = SymbolicCholesky.CountFactorNonZeros(m, Enumerable.Range(0, n).ToArray());
            // The designs list the large factor first, which is already a good order: minimum degree, a heuristic,
            // must come within 1% of it, and must beat the bad order (small factors first) by far where it matters.
            Assert.True(amd <= natural * 1.01, $"AMD fill {amd} vs natural {natural}");
            long reversed = SymbolicCholesky.CountFactorNonZeros(m, Enumerable.Range(0, n).Reverse().ToArray());
            Assert.True(amd <= reversed, $"AMD fill {amd} vs reversed {reversed}");
            Assert.Equal(amd, SymbolicCholesky.Analyse(m, perm).FactorNonZeros); // postordering changes no fill
            // The analysis never does worse than the natural order (it keeps the better of the two).
            Assert.True(SymbolicCholesky.Analyse(m).FactorNonZeros <= Math.Min(amd, natural));
        }
    }

    [Fact]
    public void MinimumDegreeFindsTheGoodOrderOfACrossedDesignListedBadly()
    {
        // Teachers first: eliminating them would join all their students; minimum degree takes students first.
        var m = SparseDesigns.Build("crossed", seed: 29);
        int n = m.Order;
        var bad = Enumerable.Range(0, n).Reverse().ToArray();
        var relabeled = Permuted(m, bad);
        long amd = SymbolicCholesky.CountFactorNonZeros(relabeled, ApproximateMinimumDegree.Order(relabeled));
        long natural = SymbolicCholesky.CountFactorNonZeros(relabeled, Enumerable.Range(0, n).ToArray());
        Assert.True(amd * 2 < natural, $"AMD fill {amd} vs natural {natural}");
    }

    /// <summary>The matrix with rows and columns renumbered: new index k holds old index perm[k].</summary>
    private static SymmetricSparseMatrix Permuted(SymmetricSparseMatrix m, int[] perm)
    {
        var inv = new int[m.Order];
        for (int k = 0; k < m.Order; k++) inv[perm[k]] = k;
        var r = new List<int>(); var c = new List<int>(); var v = new List<double>();
        for (int j = 0; j < m.Order; j++)
            for (int p = m.ColumnStarts[j]; p < m.ColumnStarts[j + 1]; p++)
            {
                r.Add(inv[m.RowIndices[p]]); c.Add(inv[j]); v.Add(m.Values[p]);
            }
        return SymmetricSparseMatrix.FromTriplets(m.Order, r.ToArray(), c.ToArray(), v.ToArray());
    }

    public static TheoryData<string> DesignNames() => new(SparseDesigns.Names);

    [Fact]
    public void RefactorisingWithNewValuesReusesTheAnalysis()
    {
        var m = SparseDesigns.Build("crossed", seed: 17);
        var factor = new SupernodalCholesky(SymbolicCholesky.Analyse(m));
        Assert.Equal(CholeskyStatus.Success, factor.Factorize(m.Values));
        var scaled = m.Values.Select((v, p) => v * (1.5 + 0.01 * (p % 7))).ToArray();
        // Keep it SPD: add to the diagonal enough to dominate.
        for (int j = 0; j < m.Order; j++) scaled[m.ColumnStarts[j]] += 50;
        var m2 = new SymmetricSparseMatrix(m.Order, m.ColumnStarts, m.RowIndices, scaled);
        Assert.Equal(CholeskyStatus.Success, factor.Factorize(scaled));
        var fresh = new SupernodalCholesky(SymbolicCholesky.Analyse(m2));
        Assert.Equal(CholeskyStatus.Success, fresh.Factorize(scaled));
        Assert.True(Math.Abs(factor.LogDeterminant() - fresh.LogDeterminant()) <= Tolerance * Math.Abs(fresh.LogDeterminant()));
    }

    [Fact]
    public void NotPositiveDefiniteIsAStatus()
    {
        var m = SparseDesigns.Build("nested", seed: 19);
        var factor = new SupernodalCholesky(SymbolicCholesky.Analyse(m));
        var bad = (double[])m.Values.Clone();
        bad[m.ColumnStarts[10]] = -5;
        Assert.Equal(CholeskyStatus.NotPositiveDefinite, factor.Factorize(bad));
        Assert.True(factor.FailedColumn >= 0);
        Assert.Throws<InvalidOperationException>(() => factor.LogDeterminant());
        Assert.Equal(CholeskyStatus.Success, factor.Factorize(m.Values));
    }

    [Fact]
    public void DenseKernelMatchesNaiveProductOnLargePanels()
    {
        // Exercises the vectorised 8 × 4 path and its tails: a panel wider than one blocking step.
        int m = 157, c = 101;
        var rng = new Random(23);
        var a = new double[m * m];
        for (int i = 0; i < m; i++)
            for (int j = 0; j <= i; j++)
            {
                double v = rng.NextDouble() - 0.5;
                a[i * m + j] = v;
                a[j * m + i] = v;
            }
        for (int i = 0; i < m; i++) a[i * m + i] += m;
        var panel = new double[m * c]; // column-major first c columns (symmetric, so row-major rows = columns)
        for (int j = 0; j < c; j++)
            for (int i = 0; i < m; i++) panel[j * m + i] = a[j * m + i];
        Assert.Equal(-1, DenseKernels.PanelCholesky(panel, m, c));
        var l = (double[])a.Clone();
        Assert.True(DenseMath.Cholesky(l, m));
        for (int j = 0; j < c; j++)
            for (int i = j; i < m; i++)
                Assert.True(Math.Abs(panel[j * m + i] - l[i * m + j]) <= 1e-12 * Math.Sqrt(m));
    }
}
