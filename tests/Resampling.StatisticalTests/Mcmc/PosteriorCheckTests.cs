using System.Diagnostics;
using Resampling.Engine;
using Resampling.Mcmc;
using Resampling.Model;
using Resampling.Numerics;
using Resampling.Reporting;
using Resampling.Tests.Support;
using Xunit.Abstractions;

namespace Resampling.Tests.Mcmc;

/// <summary>
/// Issue 5: is the Gibbs sampler's posterior of HSB Mod4's variance components right? An independent computation of the
/// same posterior (<see cref="MarginalVariancePosterior"/>: β and b integrated out exactly, the Huang–Wand auxiliaries
/// integrated out in closed form, 4-dimensional importance sampling) is first checked against product quadrature on
/// sleepstudy, then compared with the sampler's quartiles and median. Method and numbers: POSTERIOR-CHECK.md.
/// <para>Tolerance: |sampler − independent| ≤ 4·√(mcse_sampler² + mcse_IS²). Both estimates are asymptotically normal
/// around the true quantile with those standard errors (checked by repetition: over 10 seeds on sleepstudy and 6 on
/// Mod4 the importance medians scatter by 0.9–1.0 × their stated mcse, over 13 seeds the sampler's by 1.0 ×); 4 standard
/// errors over the 3 quantiles × 4 quantities × 2 priors here leaves a family-wise false-alarm rate ≈ 24 × 6e−5 ≈ 0.2%,
/// and for the slope variance's median is ≈ 0.0045, a fifth of the 0.023 gap between its posterior median and REML that
/// the question is about.</para>
/// </summary>
public class PosteriorCheckTests(ITestOutputHelper output)
{
    private const string Mod4 = HsbModels.Mod4;
    private const double Z = 4;
    private static readonly double[] Probs = [0.25, 0.5, 0.75];

    private static readonly Lazy<LinearMixedModel> Mod4Fit = new(() => FittedModels.Hsb(Mod4));

    /// <summary>Quantities recorded by <see cref="MarginalVariancePosterior.Record"/> and the sampler's names for them.</summary>
    private static readonly string[] Names = ["var_(Intercept)|SCHOOL", "var_cses|SCHOOL", "cov_cses.(Intercept)|SCHOOL", "var_Residual"];

    private static readonly Lazy<WeightedSample> HuangWand = new(() =>
        ImportanceSampler.Run(new MarginalVariancePosterior(Mod4Fit.Value, CovariancePrior.Default), 20_000, 400_000, seed: 5));

    private static readonly Lazy<WeightedSample> InverseWishart = new(() =>
        ImportanceSampler.Run(new MarginalVariancePosterior(Mod4Fit.Value, CovariancePrior.InverseWishart(0, 1)), 20_000, 400_000, seed: 6));

    /// <summary>
    /// The importance sampler against deterministic quadrature (sleepstudy, (Days | Subject), default prior: 4 dimensions
    /// including the correlation, so every Jacobian term is exercised). Quadrature limits ±10 sd of the sampled φ, and the
    /// grid's own error (changing its limits and spacing moved these quantiles by ≤ 0.15%) is allowed for on top.
    /// </summary>
    // Runtime: about 45 s (see the project file for how it was measured).
    [Fact]
    [Trait("Category", "Slow")]
    public void ImportanceSamplerMatchesQuadratureOnSleepstudy()
    {
        var fit = LinearMixedModel.Fit(TestData.Sleepstudy, "Reaction ~ Days + (Days | Subject)");
        var post = new MarginalVariancePosterior(fit, CovariancePrior.Default);
        var s = ImportanceSampler.Run(post, 20_000, 100_000, seed: 3);
        Assert.True(s.EffectiveSampleSize > 0.3 * s.Count, $"importance ESS {s.EffectiveSampleSize:F0} of {s.Count}");
        var (mean, cov) = s.MomentsOfPhi();
        var lower = mean.Select((m, i) => m - 10 * Math.Sqrt(cov[i, i])).ToArray();
        var upper = mean.Select((m, i) => m + 10 * Math.Sqrt(cov[i, i])).ToArray();
        // φ axis → recorded quantity: log s₁ → Σ₁₁, log s₂ → Σ₂₂, log σ → σ².
        foreach (var (axis, k, name) in new[] { (1, 0, "var_(Intercept)"), (2, 1, "var_Days"), (0, 3, "var_Residual") })
        {
            var (grid, edge) = GridQuadrature.VarianceQuantiles(post, axis, lower, upper, fine: 200, coarse: 18, Probs);
            Assert.True(edge < 1e-4, $"{name}: quadrature limits too narrow (edge density {edge:E1})");
            for (int i = 0; i < Probs.Length; i++)
            {
                var (q, mcse) = s.Quantile(k, Probs[i]);
                output.WriteLine($"{name} q{Probs[i]}: IS {q:G6} ± {mcse:G2}, quadrature {grid[i]:G6}");
                Assert.True(Math.Abs(q - grid[i]) <= Z * mcse + 0.002 * grid[i],
                    $"{name} q{Probs[i]}: importance {q} ± {mcse} vs quadrature {grid[i]}");
            }
        }
    }

    // Runtime: about 2 min 45 s (huang-wand) and 3 min 55 s (inv-wishart), each including its importance sample (see the project file for how it was measured).
    [Theory]
    [Trait("Category", "Slow")]
    [InlineData("huang-wand")]
    [InlineData("inv-wishart")]
    public void SamplerQuantilesMatchTheIndependentPosteriorOnMod4(string prior)
    {
        var independent = prior == "huang-wand" ? HuangWand.Value : InverseWishart.Value;
        var sw = Stopwatch.StartNew();
        var run = McmcSampler.Run(Mod4Fit.Value, new McmcOptions
        {
            Chains = 4, Iterations = 41_000, Warmup = 1_000, Seed = 7, KeepRandomEffects = false,
            Covariance = prior == "huang-wand" ? CovariancePrior.Default : CovariancePrior.InverseWishart(0, 1),
        });
        output.WriteLine($"{prior}: sampler {sw.Elapsed.TotalSeconds:F1} s; importance ESS {independent.EffectiveSampleSize:F0} of {independent.Count}");
        for (int k = 0; k < Names.Length; k++)
        {
            var draws = run.Draws(Names[k]).ToArray();
            foreach (double p in Probs)
            {
                var (qi, ei) = independent.Quantile(k, p);
                var (qs, es) = SamplerQuantile(draws, run.Chains, p);
                double tol = Z * Math.Sqrt(ei * ei + es * es);
                output.WriteLine($"{Names[k]} q{p}: independent {qi:G5} ± {ei:G2}, sampler {qs:G5} ± {es:G2}, tolerance {tol:G2}");
                Assert.True(Math.Abs(qs - qi) <= tol, $"{Names[k]} q{p}: sampler {qs} ± {es} vs independent {qi} ± {ei}");
            }
        }
    }

    /// <summary>
    /// The criterion (posterior medians within 10% of REML) under the default prior, decided by the independent
    /// computation: it holds for the intercept and residual variances and fails for the slope variance by far more than
    /// Monte Carlo error — a property of the posterior, not of the sampler.
    /// </summary>
    // Runtime: about 1 min 10 s (the Huang–Wand importance sample, shared with the test above when that runs first) (see the project file for how it was measured).
    [Fact]
    [Trait("Category", "Slow")]
    public void DefaultPriorPutsTheSlopeVarianceMedianWellBelowReml()
    {
        var fit = Mod4Fit.Value;
        var c = fit.Covariances.Single();
        var s = HuangWand.Value;
        double[] reml = [c.Variance(0), c.Variance(1), c.Covariance[1, 0], fit.Sigma * fit.Sigma];
        for (int k = 0; k < Names.Length; k++)
        {
            var (m, e) = s.Quantile(k, 0.5);
            output.WriteLine($"{Names[k]}: REML {reml[k]:G5}, posterior median {m:G5} ± {e:G2} (ratio {m / reml[k]:F3})");
        }
        Assert.InRange(s.Quantile(0, 0.5).Quantile / reml[0], 0.9, 1.1);
        Assert.InRange(s.Quantile(3, 0.5).Quantile / reml[3], 0.9, 1.1);
        var (slope, mcse) = s.Quantile(1, 0.5);
        Assert.True(slope + Z * mcse < 0.9 * reml[1], $"slope variance median {slope} ± {mcse} vs REML {reml[1]}");
    }

    /// <summary>Type-7 quantile and its Monte Carlo standard error as R's posterior::mcse_quantile computes it (normal
    /// approximation in place of its beta quantiles): the ESS of the indicator x ≤ q̂ (split chains) gives the se of
    /// the CDF at q̂, mapped back through the draws' own quantiles.</summary>
    private static (double Quantile, double Mcse) SamplerQuantile(double[] draws, int chains, double p)
    {
        double q = RStats.Quantiles(draws, [p])[0];
        var indicator = draws.Select(v => v <= q ? 1.0 : 0.0).ToArray();
        double ess = ConvergenceDiagnostics.BasicSplitEss(indicator, chains);
        double se = Math.Sqrt(p * (1 - p) / ess);
        var band = RStats.Quantiles(draws, [Math.Max(p - se, 0), Math.Min(p + se, 1)]);
        return (q, (band[1] - band[0]) / 2);
    }
}
