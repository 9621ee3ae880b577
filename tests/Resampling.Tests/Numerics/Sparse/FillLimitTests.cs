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
    public void OrderingUnderItsOwnFillIsUnchangedAndStopsBelowIt(string design)
    {
        var m = SparseDesigns.Build(design, 17);
        var amd = ApproximateMinimumDegree.Order(m);
        long count = SymbolicCholesky.CountFactorNonZeros(m, amd);
        Assert.Equal(amd, ApproximateMinimumDegree.Order(m, count));
        // The running count is a lower bound of the final one, so a limit far below it stops the ordering.
        Assert.Null(ApproximateMinimumDegree.Order(m, m.Order / 2));
    }
}
