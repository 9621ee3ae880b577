using MathNet.Numerics.Distributions;
using Resampling.Numerics;
using Resampling.Ranking;

namespace Resampling.Tests.Ranking;

/// <summary>
/// The scale paths of the ranking module (issue 11) against the dense computations they replace, on small problems:
/// diagonal-plus-low-rank covariance and its semiseparable Cholesky, the pruned max-t confidence sets (against the
/// former all-pairs algorithm, kept here as <see cref="DenseReferenceSets"/>), the sparse rankogram.
/// </summary>
public class StructuredRankingTests
{
    private static DiagonalPlusLowRank RandomCovariance(int n, int r, int seed, double scale = 1)
    {
        var rng = new Random(seed);
        // r > n: no diagonal part (as for a factor other than the first), UU' full rank.
        var d = Enumerable.Range(0, n).Select(_ => r > n ? 0 : 0.2 + rng.NextDouble()).ToArray();
        var u = Enumerable.Range(0, n * r).Select(_ => rng.NextDouble() - 0.5).ToArray();
        return new DiagonalPlusLowRank(d, u, r, scale);
    }

    [Fact]
    public void EntriesAndCholeskyAreTheDenseOnes()
    {
        var c = RandomCovariance(40, 3, 1, scale: 2.5);
        var dense = c.ToDense();
        var a = new double[40 * 40];
        for (int j = 0; j < 40; j++) for (int k = 0; k < 40; k++) a[j * 40 + k] = dense[j, k];
        Assert.True(DenseMath.Cholesky(a, 40));
        var l = c.Cholesky()!;
        var rng = new Random(2);
        var e = Enumerable.Range(0, 40).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var z = new double[40];
        l.Multiply(e, z);
        for (int j = 0; j < 40; j++)
        {
            double s = 0;
            for (int k = 0; k <= j; k++) s += a[j * 40 + k] * e[k];
            Assert.True(Math.Abs(s - z[j]) <= 1e-10 * Math.Max(1, Math.Abs(s)), $"(Le)_{j}: {z[j]} vs dense {s}");
        }
    }

    [Theory]
    [InlineData(11, 7)]
    [InlineData(13, 30)]
    [InlineData(3, 2)]
    public void TheDenseFormIsTheIndexersEntriesBitForBit(int n, int r)
    {
        // Blocks of four rows, a remainder block, with and without a diagonal part: every entry as the indexer sums it.
        var c = RandomCovariance(n, r, 5, scale: 1.7);
        var dense = c.ToDense();
        for (int j = 0; j < n; j++)
            for (int k = 0; k < n; k++) Assert.Equal(c[j, k], dense[j, k]);
    }

    [Fact]
    public void SimulatedErrorsAreTheDenseOnes()
    {
        var c = RandomCovariance(60, 4, 3, scale: 0.7);
        var a = RankConfidenceSets.SimulateErrors(c.ToDense(), 50, 9);
        var b = RankConfidenceSets.SimulateErrors(c, 50, 9);
        for (int r = 0; r < 50; r++)
            for (int j = 0; j < 60; j++) Assert.True(Math.Abs(a[r, j] - b[r, j]) <= 1e-10, $"z[{r},{j}]: {a[r, j]} vs {b[r, j]}");
    }

    public static TheoryData<int, int, bool> SetCases() => new()
    {
        { 30, 2, true }, { 30, 2, false }, { 80, 3, true }, { 80, 3, false }, { 25, 0, true }, { 120, 1, true }, { 20, 15, true }, { 20, 26, true }, { 20, 26, false },
    };

    [Theory]
    [MemberData(nameof(SetCases))]
    public void PrunedSetsAreTheAllPairsSets(int groups, int rank, bool stepdown)
    {
        var c = RandomCovariance(groups, rank, groups + rank);
        var rng = new Random(groups);
        // Estimates spread over a few sds: some pairs are separated, most are not.
        var x = Enumerable.Range(0, groups).Select(_ => 3 * (rng.NextDouble() - 0.5)).ToArray();
        var dense = c.ToDense();
        var z = RankConfidenceSets.SimulateErrors(dense, 400, 7);
        var reference = DenseReferenceSets.Compute(x, dense, z, 0.9, stepdown);
        var structured = RankConfidenceSets.Compute(x, c, z, 0.9, stepdown);
        var denseNew = RankConfidenceSets.Compute(x, dense, z, 0.9, stepdown);
        foreach (var r in new[] { structured, denseNew })
        {
            Assert.Equal(reference.SimultaneousLower, r.SimultaneousLower);
            Assert.Equal(reference.SimultaneousUpper, r.SimultaneousUpper);
            Assert.Equal(reference.MarginalLower, r.MarginalLower);
            Assert.Equal(reference.MarginalUpper, r.MarginalUpper);
        }
        // From the seed: the structured draws are the dense ones up to rounding, so the sets agree too.
        var seeded = RankConfidenceSets.Compute(x, c, 11, 400, 0.9, stepdown);
        var seededDense = RankConfidenceSets.Compute(x, dense, 11, 400, 0.9, stepdown);
        Assert.Equal(seededDense.SimultaneousLower, seeded.SimultaneousLower);
        Assert.Equal(seededDense.MarginalUpper, seeded.MarginalUpper);
    }

    [Fact]
    public void TargetsStructuredCovarianceIsItsDenseOne()
    {
        var t = RankTarget.Resolve(RankingModels.Fit(RankingModels.Mod5));
        var c = t.PredictionCovariance;
        Assert.Equal(t.Levels.Count, c.Count);
        for (int j = 0; j < c.Count; j += 7)
            for (int k = 0; k < c.Count; k += 5) Assert.Equal(t.Covariance[j, k], c[j, k]);
    }

    [Fact]
    public void ExpectedRanksAreTheSameBitsWhateverTheThreadCount()
    {
        // The pair loop's partial sums are added in a fixed block order, not in the order the threads finish.
        var t = RankTarget.Resolve(RankingModels.Fit(RankingModels.Mod5));
        var one = RankAnalysis.Assemble(t, "confidence-set", new RankOptions { MaxThreads = 1 }, [], null, []);
        for (int run = 0; run < 3; run++)
        {
            var many = RankAnalysis.Assemble(t, "confidence-set", new RankOptions { MaxThreads = 4 }, [], null, []);
            Assert.Equal(one.Rows.Select(r => r.ExpectedRank), many.Rows.Select(r => r.ExpectedRank));
            Assert.Equal(one.Rows.Select(r => r.Rank), many.Rows.Select(r => r.Rank));
        }
    }

    [Fact]
    public void RowsAreThePairByPairDenseFormulas()
    {
        var t = RankTarget.Resolve(RankingModels.Fit(RankingModels.Mod5));
        var report = RankAnalysis.Assemble(t, "confidence-set", new RankOptions(), [], null, []);
        var c = t.Covariance;
        var est = t.Estimates;
        int groups = t.Levels.Count;
        for (int j = 0; j < groups; j++)
        {
            int rank = 1;
            double expected = 1;
            for (int k = 0; k < groups; k++)
            {
                if (k == j) continue;
                if (est[k] > est[j]) rank++;
                double s = Math.Sqrt(Math.Max(c[j, j] + c[k, k] - 2 * c[j, k], 0));
                expected += s > 0 ? Normal.CDF(0, 1, (est[k] - est[j]) / s) : est[k] > est[j] ? 1 : 0;
            }
            Assert.Equal(rank, report.Rows[j].Rank);
            Assert.Equal(expected, report.Rows[j].ExpectedRank, 1e-10);
            Assert.Equal(Math.Sqrt(c[j, j]), report.Rows[j].Sd);
        }
    }

    [Fact]
    public void TooLargeUnprunableSetsAreRefusedUpFront()
    {
        // No diagonal part: nothing to prune with, 3,200² pairs × 1,000 draws is refused before drawing anything.
        var c = new DiagonalPlusLowRank(new double[3200], new double[3200 * 2].Select((_, i) => 1.0 + i % 7).ToArray(), 2);
        var e = Assert.Throws<Resampling.Model.ModelException>(() => RankConfidenceSets.Compute(new double[3200], c, 1, 1000));
        Assert.Contains("no diagonal part", e.Message);
    }

    [Fact]
    public void NormalTailsAddExactlyWhatTheCdfWould()
    {
        // RankAnalysis skips Φ beyond ±8.5: there Φ is 1, or too small to change a sum ≥ 1.
        Assert.Equal(1.0, Normal.CDF(0, 1, 8.5));
        Assert.Equal(1.0, 1.0 + Normal.CDF(0, 1, -8.5));
    }

    [Fact]
    public void SparseRankogramIsTheDenseCounts()
    {
        // 150 groups: the table is stored in blocks of 64 groups, so two full blocks and a partial one.
        var rng = new Random(4);
        int n = 300, groups = 150;
        var v = new double[n, groups];
        for (int d = 0; d < n; d++) for (int j = 0; j < groups; j++) v[d, j] = Math.Round(j * 0.1 + rng.NextDouble() * 2, 1);
        var s = RankSummarizer.Summarize(new RankDraws("t", Enumerable.Range(0, groups).Select(i => $"g{i}").ToList(), v));
        var counts = new int[groups, groups];
        for (int d = 0; d < n; d++)
            for (int j = 0; j < groups; j++)
            {
                int rank = 1;
                for (int k = 0; k < groups; k++) if (v[d, k] > v[d, j]) rank++;
                counts[j, rank - 1]++;
            }
        for (int j = 0; j < groups; j++)
        {
            double mean = 0;
            for (int r = 0; r < groups; r++)
            {
                Assert.Equal(counts[j, r] / (double)n, s.Rankogram[j, r]);
                mean += (r + 1) * (double)counts[j, r];
            }
            Assert.Equal(mean / n, s.Groups[j].MeanRank);
            Assert.Equal(1.0, s.Rankogram.Of(j).Sum(x => x.Probability), 12);
            var taken = Enumerable.Range(0, groups).Where(r => counts[j, r] > 0).Select(r => (r + 1, counts[j, r] / (double)n));
            Assert.Equal(taken, s.Rankogram.Of(j));
        }
    }
}
