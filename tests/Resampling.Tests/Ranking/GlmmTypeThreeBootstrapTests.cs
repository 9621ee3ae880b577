using Resampling.Glmm;
using Resampling.Ranking;
using Resampling.Tests.Support;
using Xunit;

namespace Resampling.Tests.Ranking;

/// <summary>
/// The type III bootstrap of a GLMM's groups (<see cref="GlmmTypeThreeBootstrap"/>) on cbpp's herds: the same draws
/// whatever the thread count, and draws centred on the conditional modes with a spread at least the conditional sd
/// (the Laplace approximation to b | y, plus the parameters' uncertainty).
/// </summary>
public class GlmmTypeThreeBootstrapTests
{
    private const string Cbpp = "cbind(incidence, size - incidence) ~ period + (1 | herd)";
    private static readonly Lazy<GeneralizedLinearMixedModel> CbppFit = new(() =>
        GeneralizedLinearMixedModel.Fit(TestData.FixtureCsv("glmm", "cbpp.csv"), Cbpp, GlmmFamily.Canonical(GlmmDistribution.Binomial)));

    [Fact]
    public void DrawsDoNotDependOnTheThreadCount()
    {
        var target = RankTarget.Resolve(CbppFit.Value);
        var one = GlmmTypeThreeBootstrap.Run(target, 24, 7, maxThreads: 1);
        var two = GlmmTypeThreeBootstrap.Run(target, 24, 7, maxThreads: 2);
        Assert.Equal(one.Replicates, two.Replicates);
        Assert.Equal(one.Failed, two.Failed);
        Assert.Equal(one.KeptReplicates, two.KeptReplicates);
        Assert.Equal(one.Draws.Values.ToArray(), two.Draws.Values.ToArray());
        Assert.Equal("bootstrap", one.Draws.Source);
    }

    // (1 + x | g): M has 2 × 2 blocks, so the factor's permutation matters for the draws' covariance.
    private static readonly Lazy<GeneralizedLinearMixedModel> SlopeFit = new(() =>
        GeneralizedLinearMixedModel.Fit(TestData.FixtureCsv("glmm", "bernoulli_slope.csv"), "y ~ x + tr + (1 + x | g)", GlmmFamily.Canonical(GlmmDistribution.Binomial)));

    [Theory]
    [InlineData("cbpp", "(Intercept)")]
    [InlineData("slope", "(Intercept)")]
    [InlineData("slope", "x")]
    public void DrawsCentreOnTheModesWithAtLeastTheConditionalSpread(string fit, string term)
    {
        var target = RankTarget.Resolve(fit == "cbpp" ? CbppFit.Value : SlopeFit.Value, new RankedQuantity(null, term, null));
        const int replicates = 400;
        var result = GlmmTypeThreeBootstrap.Run(target, replicates, 11);
        Assert.True(result.Failed <= replicates / 20, $"{result.Failed} refits failed");
        var draws = result.Draws.Values;
        int n = result.Draws.DrawCount;
        double drawVariance = 0, conditionalVariance = 0;
        for (int j = 0; j < target.Levels.Count; j++)
        {
            double mean = 0, sq = 0;
            for (int d = 0; d < n; d++) mean += draws[d, j];
            mean /= n;
            for (int d = 0; d < n; d++) sq += (draws[d, j] - mean) * (draws[d, j] - mean);
            double sd = Math.Sqrt(sq / (n - 1)), condSd = target.ConditionalSd[j];
            // Monte Carlo error of the mean is sd/√n (≈ 0.05 sd here); the shrinkage moving with θ* adds a little.
            Assert.True(Math.Abs(mean - target.Estimates[j]) < 5 * sd / Math.Sqrt(n) + 0.1 * condSd,
                $"group {target.Levels[j]}: mean {mean} vs mode {target.Estimates[j]} (sd {sd})");
            // The sd's Monte Carlo error is ≈ 1/√(2n) ≈ 3.5% relative (and θ*'s downward bias shrinks some groups' draws).
            Assert.True(sd >= 0.85 * condSd, $"group {target.Levels[j]}: sd {sd} below the conditional sd {condSd}");
            drawVariance += sd * sd;
            conditionalVariance += condSd * condSd;
        }
        // On average the draws spread at least as the conditional distribution (plus the parameters' uncertainty).
        Assert.True(drawVariance >= 0.95 * conditionalVariance, $"mean variance {drawVariance} vs conditional {conditionalVariance}");
    }
}
