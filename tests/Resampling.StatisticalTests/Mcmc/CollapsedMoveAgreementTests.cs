using Resampling.Engine;
using Resampling.Mcmc;
using Resampling.Tests.Support;

namespace Resampling.Tests.Mcmc;

/// <summary>
/// The collapsed move against the plain Gibbs sampler under the priors simulation-based calibration cannot reach (it
/// needs proper priors): flat β with Jeffreys σ, and the inverse-Wishart option. Posterior means must agree within
/// 4 Monte Carlo standard errors (sd/√bulk-ESS of each run, combined).
/// </summary>
[Trait("Category", "Slow")]
public class CollapsedMoveAgreementTests
{
    public static TheoryData<string> Priors => new() { "huang-wand", "inv-wishart" };

    // Runtime: about 10 s per prior (two priors) (see the project file for how it was measured).
    [Theory]
    [MemberData(nameof(Priors))]
    public void CollapsedAndGibbsAgree(string prior)
    {
        var fit = LinearMixedModel.Fit(TestData.Sleepstudy, "Reaction ~ Days + (Days | Subject)");
        var options = new McmcOptions
        {
            Chains = 4, Iterations = 6000, Warmup = 1000, Seed = 17, KeepRandomEffects = false,
            Covariance = prior == "inv-wishart" ? CovariancePrior.InverseWishart(0, 1) : CovariancePrior.Default,
        };
        var collapsed = McmcSampler.Run(fit, options);
        var gibbs = McmcSampler.Run(fit, options with { Seed = 18, CollapsedMove = false });
        Assert.All(collapsed.CollapsedAcceptance, a => Assert.InRange(a, 0.3, 1));
        foreach (var name in new[] { "(Intercept)", "Days", "sigma", "var_(Intercept)|Subject", "var_Days|Subject", "cor_Days.(Intercept)|Subject" })
        {
            var a = collapsed.Summary(name);
            var b = gibbs.Summary(name);
            double se = Math.Sqrt(a.Sd * a.Sd / a.EssBulk + b.Sd * b.Sd / b.EssBulk);
            Assert.True(Math.Abs(a.Mean - b.Mean) < 4 * se, $"{name}: collapsed {a.Mean} vs Gibbs {b.Mean} (MCSE {se})");
        }
    }
}
