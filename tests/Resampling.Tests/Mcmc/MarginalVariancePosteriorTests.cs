using Resampling.Mcmc;
using Resampling.Tests.Support;

namespace Resampling.Tests.Mcmc;

/// <summary>
/// The fast check of the independent posterior computation that the statistical suite's posterior check
/// (tests/Resampling.StatisticalTests/Mcmc/PosteriorCheckTests.cs) relies on.
/// </summary>
public class MarginalVariancePosteriorTests
{
    /// <summary>The φ → θ map and the deviance: at the REML estimates the unprofiled REML deviance is lme4's criterion.</summary>
    [Fact]
    public void LikelihoodAtRemlEstimatesIsTheRemlCriterion()
    {
        var fit = FittedModels.Mod4Fit;
        var post = new MarginalVariancePosterior(fit, CovariancePrior.Default);
        Assert.Equal(fit.Objective, -2 * post.LogLikelihood(post.RemlPoint(), post.NewFactor()), 1e-7 * fit.Objective);
    }
}
