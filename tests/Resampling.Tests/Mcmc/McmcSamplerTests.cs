using Resampling.Engine;
using Resampling.Mcmc;
using Resampling.Model;
using Resampling.Tests.Support;

namespace Resampling.Tests.Mcmc;

public class McmcSamplerTests
{
    private const string Mod4 = HsbModels.Mod4;

    private static readonly Lazy<LinearMixedModel> Mod4Fit = new(() => FittedModels.Hsb(Mod4));

    private static readonly Lazy<McmcResult> Mod4Run = new(() => McmcSampler.Run(Mod4Fit.Value,
        new McmcOptions { Chains = 4, Iterations = 2000, Warmup = 500, Seed = 2024 }));

    [Fact]
    public void SameSeedGivesIdenticalDrawsForAnyThreadCount()
    {
        var fit = LinearMixedModel.Fit(TestData.Sleepstudy, "Reaction ~ Days + (Days | Subject)");
        McmcResult Run(int threads) => McmcSampler.Run(fit,
            new McmcOptions { Chains = 4, Iterations = 300, Warmup = 100, Seed = 99, MaxThreads = threads });
        var one = Run(1);
        var four = Run(4);
        for (int k = 0; k < one.ParameterNames.Count; k++)
            Assert.True(one.Draws(k).SequenceEqual(four.Draws(k)), $"{one.ParameterNames[k]} differs between 1 and 4 threads");
        var term1 = one.RandomEffects.Single();
        var term4 = four.RandomEffects.Single();
        for (int l = 0; l < term1.Levels.Count; l++)
            for (int c = 0; c < term1.Names.Count; c++)
                Assert.True(term1.Draws(l, c).SequenceEqual(term4.Draws(l, c)));

        var other = McmcSampler.Run(fit, new McmcOptions { Chains = 4, Iterations = 300, Warmup = 100, Seed = 100 });
        Assert.False(one.Draws("sigma").SequenceEqual(other.Draws("sigma")));
    }

    [Fact]
    public void Mod4PosteriorMeansOfBetaAreWithinATenthOfASdOfReml()
    {
        var run = Mod4Run.Value;
        foreach (var f in Mod4Fit.Value.FixedEffects)
        {
            var s = run.Summary(f.Name);
            Assert.True(Math.Abs(s.Mean - f.Estimate) < 0.1 * s.Sd, $"{f.Name}: posterior mean {s.Mean} vs REML {f.Estimate} (sd {s.Sd})");
        }
    }

    /// <summary>
    /// Intercept and residual variances: posterior medians within 10% of REML. The slope variance is weakly identified
    /// (95% interval ≈ 0.0002–0.5) and its posterior is strongly right-skewed, so its median sits ~25% below REML's 0.1014
    /// under the default prior (a long run, 4 × 10,000 draws, gives 0.077); we check REML lies in its central half.
    /// </summary>
    [Fact]
    public void Mod4VarianceComponentsAgreeWithReml()
    {
        var run = Mod4Run.Value;
        var cov = Mod4Fit.Value.Covariances.Single();
        double sigma2 = Mod4Fit.Value.Sigma * Mod4Fit.Value.Sigma;
        Assert.InRange(run.Summary("var_(Intercept)|SCHOOL").Median / cov.Variance(0), 0.9, 1.1);
        Assert.InRange(run.Summary("var_Residual").Median / sigma2, 0.9, 1.1);
        var slope = run.Draws("var_cses|SCHOOL").ToArray();
        var q = Resampling.Numerics.RStats.Quantiles(slope, [0.25, 0.75]);
        Assert.InRange(cov.Variance(1), q[0], q[1]);
        foreach (var p in run.Parameters) Assert.True(p.Rhat < 1.01, $"{p.Name}: R-hat {p.Rhat}");
    }

    [Fact]
    public void Mod4SchoolEffectsFollowTheConditionalModes()
    {
        var run = Mod4Run.Value;
        var term = run.RandomEffects.Single();
        var modes = Mod4Fit.Value.RandomEffects.Single();
        Assert.Equal(modes.Levels, term.Levels);
        Assert.Equal(160 * 2, run.RandomEffectSummaries.Count);
        // Posterior means of the intercepts track the EBLUPs; they differ only through variance-parameter uncertainty.
        var means = Enumerable.Range(0, term.Levels.Count).Select(l => term.Draws(l, 0).ToArray().Average()).ToArray();
        for (int l = 0; l < means.Length; l++)
            Assert.True(Math.Abs(means[l] - modes.Values[l, 0]) < 0.25 * modes.CondSd[l, 0], $"school {term.Levels[l]}");
    }

    [Fact]
    public void TightNormalPriorPinsTheFixedEffects()
    {
        var fit = LinearMixedModel.Fit(TestData.Sleepstudy, "Reaction ~ Days + (1 | Subject)");
        var run = McmcSampler.Run(fit, new McmcOptions
        {
            Chains = 2, Iterations = 400, Warmup = 100, Seed = 5, FixedEffects = FixedEffectsPrior.Normal(100, 0.01),
        });
        Assert.InRange(run.Summary("(Intercept)").Mean, 99.9, 100.1);
        Assert.InRange(run.Summary("Days").Mean, 99.9, 100.1);
    }

    [Fact]
    public void CrossedFactorsAndOtherPriorsRun()
    {
        var fit = LinearMixedModel.Fit(TestData.FixtureCsv("lme4extra", "penicillin.csv"), "diameter ~ 1 + (1 | plate) + (1 | sample)");
        var run = McmcSampler.Run(fit, new McmcOptions
        {
            Chains = 2, Iterations = 1500, Warmup = 500, Seed = 8,
            Covariance = CovariancePrior.InverseWishart(0, 0.01), Residual = ResidualPrior.HalfT(3, 1),
        });
        Assert.InRange(run.Summary("sigma").Median / fit.Sigma, 0.9, 1.1);
        Assert.InRange(run.Summary("var_(Intercept)|plate").Median / fit.Covariances[0].Variance(0), 0.8, 1.25);
        Assert.Equal(["plate", "sample"], run.RandomEffects.Select(t => t.Group));
        Assert.Equal(24 + 6, run.RandomEffectSummaries.Count);
    }

    [Fact]
    public void BadOptionsAreModelErrors()
    {
        var fit = LinearMixedModel.Fit(TestData.Sleepstudy, "Reaction ~ Days + (1 | Subject)");
        Assert.Throws<Resampling.Model.ModelException>(() => McmcSampler.Run(fit, new McmcOptions { Iterations = 100, Warmup = 100 }));
        Assert.Throws<Resampling.Model.ModelException>(() => McmcSampler.Run(fit, new McmcOptions { Chains = 0 }));
    }
}
