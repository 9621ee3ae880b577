using Resampling.Numerics.Sparse;

namespace Resampling.Tests.Numerics.Sparse;

/// <summary>
/// The symbolic analysis with a limit on the factor's non-zeros (a design too large for memory is refused before the
/// slowest part of its ordering): under the limit it gives exactly the unlimited analysis, one entry over it nothing.
/// </summary>
public class FillLimitTests
{
    public static TheoryData<string> DesignNames() => new(SparseDesigns.Names);

    [Theory]
    [MemberData(nameof(DesignNames))]
    public void AnalysisWithALimitIsTheSameAnalysisOrNone(string design)
    {
        foreach (int seed in new[] { 3, 13 })
        {
            var m = SparseDesigns.Build(design, seed);
            var full = SymbolicCholesky.Analyse(m);
            long best = full.FactorNonZeros;
            var atLimit = SymbolicCholesky.Analyse(m, best);
            Assert.NotNull(atLimit);
            Assert.Equal(full.Permutation, atLimit.Permutation);
            Assert.Equal(full.StoredValues, atLimit.StoredValues);
            Assert.Null(SymbolicCholesky.Analyse(m, best - 1));
            Assert.Null(SymbolicCholesky.Analyse(m, m.NonZeros - 1)); // below M's own lower triangle: no ordering at all
        }
    }

    [Theory]
    [MemberData(nameof(DesignNames))]
    public void NaturalCountAlongsideGivesTheSameAnalysis(string design)
    {
        var m = SparseDesigns.Build(design, 5);
        var full = SymbolicCholesky.Analyse(m);
        long best = full.FactorNonZeros;
        var alongside = SymbolicCholesky.Analyse(m, best, countAlongside: true);
        Assert.NotNull(alongside);
        Assert.Equal(full.Permutation, alongside.Permutation);
        Assert.Equal(SymbolicCholesky.Analyse(m, 2 * best)!.Permutation, SymbolicCholesky.Analyse(m, 2 * best, countAlongside: true)!.Permutation);
        Assert.Null(SymbolicCholesky.Analyse(m, best - 1, countAlongside: true));
    }

    [Theory]
    [MemberData(nameof(DesignNames))]
    public void OrderingUnderItsOwnFillIsUnchangedAndStopsBelowIt(string design)
    {
        var m = SparseDesigns.Build(design, 17);
        var amd = ApproximateMinimumDegree.Order(m);
        long count = SymbolicCholesky.CountFactorNonZeros(m, amd);
        Assert.Equal(amd, ApproximateMinimumDegree.Order(m, count));
        // The running count is a lower bound of the final one, so a limit far below it stops the ordering.
        Assert.Null(ApproximateMinimumDegree.Order(m, m.Order / 2));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void NearlyDenseFactorStopsEarlyOnlyBelowItsFill(int seed)
    {
        // The Schur complement of a random crossed design in miniature: 400 levels, each row of the other factor joining
        // 12 random ones into a clique, so the factor is nearly dense (large elements, then mass elimination). The running
        // count must never stop the ordering at its own fill, and half that fill must stop it.
        var rng = new Random(seed);
        int n = 400;
        var rows = new List<int>();
        var cols = new List<int>();
        var vals = new List<double>();
        for (int i = 0; i < n; i++) { rows.Add(i); cols.Add(i); vals.Add(100); }
        for (int c = 0; c < 400; c++)
        {
            var clique = Enumerable.Range(0, 12).Select(_ => rng.Next(n)).Distinct().ToArray();
            foreach (int a in clique)
                foreach (int b in clique)
                    if (a > b) { rows.Add(a); cols.Add(b); vals.Add(0.01); }
        }
        var m = SymmetricSparseMatrix.FromTriplets(n, rows.ToArray(), cols.ToArray(), vals.ToArray());
        var amd = ApproximateMinimumDegree.Order(m);
        long count = SymbolicCholesky.CountFactorNonZeros(m, amd);
        Assert.True(count > (long)n * n / 4, $"fill {count}: not nearly dense");
        Assert.Equal(amd, ApproximateMinimumDegree.Order(m, count));
        // (The running count leaves out rows set aside as dense, so only a limit well below the fill must stop it.)
        Assert.Null(ApproximateMinimumDegree.Order(m, count / 2));
    }
}
