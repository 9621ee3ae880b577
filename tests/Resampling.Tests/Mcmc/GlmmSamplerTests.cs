using Resampling.Data;
using Resampling.Glmm;
using Resampling.Mcmc;

namespace Resampling.Tests.Mcmc;

/// <summary>
/// The GLMM sampler against an independent computation of the same posterior: for a tiny random-intercept model
/// (six groups) the posterior of (β, log σ) is computed here by brute force — a 2-D grid over β and log σ, each point's
/// likelihood the product over groups of ∫ Π p(y | β + σu) φ(u) du done by the trapezoid rule on a fine grid of u —
/// and the sampler's posterior means of β and σ must agree within 4 Monte Carlo standard errors (sd/√ESS).
/// Priors: β ~ N(0, 2²); the Huang–Wand prior with ν = 2, A = 1, under which σ is half-t(2, 1).
/// </summary>
public class GlmmSamplerTests
{
    private static readonly double[] Successes = [1, 2, 3, 4, 6, 5, 7, 8, 2, 0, 5, 6];
    private const int Trials = 8;

    private static readonly McmcOptions Options = new()
    {
        Chains = 4, Iterations = 6000, Warmup = 1000, Seed = 31, KeepRandomEffects = false,
        FixedEffects = FixedEffectsPrior.Normal(0, 2), Covariance = CovariancePrior.HuangWand(2, 1),
    };

    private static DataTable Table(Func<int, double> response)
    {
        int n = Successes.Length;
        var s = new double[n];
        var f = new double[n];
        var g = new string?[n];
        for (int i = 0; i < n; i++)
        {
            s[i] = response(i);
            f[i] = Trials - s[i];
            g[i] = $"G{i / 2}";
        }
        return new DataTable([DataColumn.FromNumbers("s", s), DataColumn.FromNumbers("f", f), DataColumn.FromTexts("g", g)]);
    }

    [Fact]
    public void BinomialPosteriorMeansAgreeWithQuadrature()
    {
        var fit = GeneralizedLinearMixedModel.Fit(Table(i => Successes[i]), "cbind(s, f) ~ 1 + (1 | g)", GlmmFamily.Canonical(GlmmDistribution.Binomial));
        var run = GlmmMcmcSampler.Run(fit, Options);
        // Row log-likelihood k·η − n·log(1 + e^η) (the binomial coefficient is a constant).
        var (beta, sigma) = Quadrature((i, eta) => Successes[i] * eta - Trials * Math.Log(1 + Math.Exp(eta)));
        AssertAgrees(run.Draws, "(Intercept)", beta);
        AssertAgrees(run.Draws, "sd_(Intercept)|g", sigma);
    }

    [Fact]
    public void PoissonPosteriorMeansAgreeWithQuadrature()
    {
        var fit = GeneralizedLinearMixedModel.Fit(Table(i => Successes[i]), "s ~ 1 + (1 | g)", GlmmFamily.Canonical(GlmmDistribution.Poisson));
        var run = GlmmMcmcSampler.Run(fit, Options);
        Assert.All(run.Acceptance, a => Assert.InRange(a, 0.5, 1));
        var (beta, sigma) = Quadrature((i, eta) => Successes[i] * eta - Math.Exp(eta));
        AssertAgrees(run.Draws, "(Intercept)", beta);
        AssertAgrees(run.Draws, "sd_(Intercept)|g", sigma);
    }

    [Fact]
    public void SameSeedGivesIdenticalDrawsForAnyThreadCount()
    {
        var fit = GeneralizedLinearMixedModel.Fit(Table(i => Successes[i]), "cbind(s, f) ~ 1 + (1 | g)", GlmmFamily.Canonical(GlmmDistribution.Binomial));
        GlmmMcmcResult Run(int threads) => GlmmMcmcSampler.Run(fit, Options with { Iterations = 300, Warmup = 100, MaxThreads = threads, KeepRandomEffects = true });
        var one = Run(1).Draws;
        var four = Run(4).Draws;
        for (int k = 0; k < one.ParameterNames.Count; k++)
            Assert.True(one.Draws(k).SequenceEqual(four.Draws(k)), one.ParameterNames[k]);
        var t1 = one.RandomEffects.Single();
        var t4 = four.RandomEffects.Single();
        for (int l = 0; l < t1.Levels.Count; l++) Assert.True(t1.Draws(l, 0).SequenceEqual(t4.Draws(l, 0)));
        Assert.DoesNotContain("sigma", one.ParameterNames);
    }

    [Fact]
    public void OtherBinomialLinksAreRefusedInOneLine()
    {
        var fit = GeneralizedLinearMixedModel.Fit(Table(i => Successes[i]), "cbind(s, f) ~ 1 + (1 | g)", new GlmmFamily(GlmmDistribution.Binomial, GlmmLink.Probit));
        var e = Assert.Throws<GlmmException>(() => GlmmMcmcSampler.Run(fit, Options));
        Assert.Contains("logit", e.Message);
    }

    private static void AssertAgrees(McmcResult run, string name, double expected)
    {
        var s = run.Summary(name);
        double mcse = s.Sd / Math.Sqrt(s.EssBulk);
        Assert.True(Math.Abs(s.Mean - expected) < 4 * mcse, $"{name}: sampler {s.Mean} vs quadrature {expected} (MCSE {mcse})");
    }

    /// <summary>
    /// Posterior means of β and σ by quadrature over (β, log σ); each group's effect integrated over η = β + σu on
    /// [β − 9σ, β + 9σ] ∩ [−14, 14] by the trapezoid rule with 600 intervals (fine for φ at small σ and for the
    /// likelihood, whose width in η is about 0.5, at large σ).
    /// </summary>
    private static (double Beta, double Sigma) Quadrature(Func<int, double, double> rowLogLik)
    {
        const int nb = 161, ns = 121, intervals = 600;
        double b0 = -4, b1 = 4, s0 = -6, s1 = 4;
        var logPost = new double[nb, ns];
        double max = double.NegativeInfinity;
        var terms = new double[intervals + 1];
        for (int a = 0; a < nb; a++)
        {
            double beta = b0 + (b1 - b0) * a / (nb - 1);
            for (int c = 0; c < ns; c++)
            {
                double ls = s0 + (s1 - s0) * c / (ns - 1), sigma = Math.Exp(ls);
                // Priors: β ~ N(0, 2²); σ half-t(2, 1): (1 + σ²/2)^(−3/2); Jacobian of log σ: σ.
                double lp = -beta * beta / 8 - 1.5 * Math.Log(1 + sigma * sigma / 2) + ls;
                double lo = Math.Max(beta - 9 * sigma, -14), hi = Math.Min(beta + 9 * sigma, 14), h = (hi - lo) / intervals;
                for (int g = 0; g < Successes.Length / 2; g++)
                {
                    double m = double.NegativeInfinity;
                    for (int k = 0; k <= intervals; k++)
                    {
                        double eta = lo + h * k, u = (eta - beta) / sigma;
                        terms[k] = -0.5 * u * u + rowLogLik(2 * g, eta) + rowLogLik(2 * g + 1, eta) + (k == 0 || k == intervals ? Math.Log(0.5) : 0);
                        m = Math.Max(m, terms[k]);
                    }
                    double sum = 0;
                    for (int k = 0; k <= intervals; k++) sum += Math.Exp(terms[k] - m);
                    lp += m + Math.Log(sum * h / (sigma * Math.Sqrt(2 * Math.PI)));
                }
                logPost[a, c] = lp;
                max = Math.Max(max, lp);
            }
        }
        double z = 0, mb = 0, msd = 0;
        for (int a = 0; a < nb; a++)
            for (int c = 0; c < ns; c++)
            {
                double w = Math.Exp(logPost[a, c] - max);
                z += w;
                mb += w * (b0 + (b1 - b0) * a / (nb - 1));
                msd += w * Math.Exp(s0 + (s1 - s0) * c / (ns - 1));
            }
        return (mb / z, msd / z);
    }
}
