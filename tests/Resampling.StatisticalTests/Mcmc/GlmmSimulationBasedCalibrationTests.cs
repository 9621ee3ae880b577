using Resampling.Bootstrap;
using Resampling.Data;
using Resampling.Glmm;
using Resampling.Mcmc;
using Resampling.Numerics;
using Resampling.Randomness;

namespace Resampling.Tests.Mcmc;

/// <summary>
/// Simulation-based calibration (Talts et al. 2018) of the GLMM samplers: the Pólya-Gamma Gibbs sampler for
/// binomial-logit GLMMs on Bernoulli data, and the Poisson Metropolis-within-Gibbs sampler with its shift moves on
/// counts with a group-level covariate and nested factors. Parameters from the prior (β ~ N(0, 1), the Huang–Wand
/// prior with ν = 2, A = 1, simulated through its auxiliary hierarchy), responses from the model, the sampler run from
/// a neutral start (no maximum-likelihood fit, which may not exist for a simulated data set), and the rank of the true
/// value among L thinned draws; ranks uniform on 0..L, chi-square on 10 bins not rejected at 1%.
/// </summary>
[Trait("Category", "Slow")]
public class GlmmSimulationBasedCalibrationTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Replications = 400, Kept = 99, Thin = 4, Bins = 10;
    private const double ChiSquare9At1Percent = 21.666; // qchisq(0.99, 9)

    private static readonly McmcOptions Options = new()
    {
        Chains = 1, Warmup = 200, Iterations = 200 + Kept * Thin, Thin = Thin, KeepRandomEffects = false, Jitter = 0.2,
        FixedEffects = FixedEffectsPrior.Normal(0, 1),
        Covariance = CovariancePrior.HuangWand(2, 1),
    };

    // Runtime: 50 s on the loaded 2-core machine (load ~40; 400 data sets of 120 rows, 596 sweeps each).
    [Fact]
    public void RandomInterceptRanksAreUniform() =>
        Calibrate("y ~ x + (1 | g)", GlmmDistribution.Binomial, r => Simulate(r, groups: 12, perGroup: 10, p: 1), seed: 161,
            ["(Intercept)", "x", "var_(Intercept)|g", "b[(Intercept) g:G00]"]);

    // Runtime: 1 min 38 s on the loaded 2-core machine (load ~40; 400 data sets of 150 rows).
    [Fact]
    public void RandomSlopeRanksAreUniform() =>
        Calibrate("y ~ x + (1 + x | g)", GlmmDistribution.Binomial, r => Simulate(r, groups: 15, perGroup: 10, p: 2), seed: 162,
            ["(Intercept)", "x", "var_(Intercept)|g", "var_x|g", "cov_x.(Intercept)|g"]);

    // Poisson with w constant within schools g and classes h nested in g: the shift moves (docs/mcmc.md §8) act on
    // (Intercept) and w against both factors' effects and on each school's effect against its classes'.
    // Runtime: 4 min 51 s on the loaded 2-core machine (load ~50; 400 data sets of 120 rows); chi-square ≤ 12.2.
    // The sds' prior is half-t(2, 0.5) here (A = 0.5, in the sampler too): with A = 1 a few prior draws give log-means
    // above 20, counts in the billions, which say nothing about the sampler and take long to simulate.
    [Fact]
    public void PoissonNestedWithGroupCovariateRanksAreUniform() =>
        Calibrate("y ~ w + (1 | g) + (1 | h)", GlmmDistribution.Poisson, SimulatePoissonNested, seed: 163,
            ["(Intercept)", "w", "var_(Intercept)|g", "var_(Intercept)|h", "b[(Intercept) g:G00]"], Options with { Covariance = CovariancePrior.HuangWand(2, PoissonScale) });

    private const double PoissonScale = 0.5;

    private void Calibrate(string formula, GlmmDistribution distribution, Func<RandomStream, (DataTable, Dictionary<string, double>)> simulate, int seed, string[] names, McmcOptions? options = null)
    {
        var counts = names.ToDictionary(n => n, _ => new int[Bins]);
        var rng = new RandomStream((ulong)seed, StreamPurpose.Simulation, 1000);
        var family = GlmmFamily.Canonical(distribution);
        for (int rep = 0; rep < Replications; rep++)
        {
            var (table, truth) = simulate(rng);
            var problem = GlmmProblem.Build(table, formula, family);
            var run = GlmmMcmcSampler.Run(problem, (options ?? Options) with
            {
                Seed = (ulong)(seed * 100_000 + rep),
                MaxThreads = 1,
                KeepRandomEffects = names.Any(n => n.StartsWith("b[", StringComparison.Ordinal)),
            }).Draws;
            foreach (var name in names)
            {
                var draws = name.StartsWith("b[", StringComparison.Ordinal) ? run.RandomEffects.First(t => name.Contains(" " + t.Group + ":", StringComparison.Ordinal)).Draws(0, 0) : run.Draws(name);
                int rank = 0;
                foreach (var d in draws) if (d < truth[name]) rank++;
                counts[name][rank * Bins / (Kept + 1)]++;
            }
        }
        var failures = new List<string>();
        foreach (var (name, c) in counts)
        {
            double expected = (double)Replications / Bins;
            double chi = c.Sum(k => (k - expected) * (k - expected) / expected);
            output.WriteLine($"{name}: chi-square {chi:F1} on 9 df, bins {string.Join(" ", c)}");
            if (chi > ChiSquare9At1Percent) failures.Add($"{name}: chi-square {chi:F1} on 9 df, bins {string.Join(" ", c)}");
        }
        Assert.True(failures.Count == 0, string.Join("; ", failures));
    }

    /// <summary>Parameters from the prior (the sampler's hierarchy), then Bernoulli responses; x ~ N(0, 1).</summary>
    private static (DataTable, Dictionary<string, double>) Simulate(RandomStream rng, int groups, int perGroup, int p)
    {
        double nu = 2, a = 1;
        var beta = new[] { rng.NextNormal(), rng.NextNormal() };
        var psi = new double[p * p];
        for (int r = 0; r < p; r++) psi[r * p + r] = 2 * nu / rng.NextInverseGamma(0.5, 1 / (a * a));
        var cov = new double[p * p];
        InverseWishart.Draw(rng, nu + p - 1, psi, p, cov, new double[3 * p * p]);
        var chol = (double[])cov.Clone();
        DenseMath.Cholesky(chol, p);
        int n = groups * perGroup;
        var x = new double[n];
        var y = new double[n];
        var g = new string?[n];
        double firstEffect = 0;
        for (int j = 0; j < groups; j++)
        {
            var z = Enumerable.Range(0, p).Select(_ => rng.NextNormal()).ToArray();
            var b = new double[p];
            for (int r = 0; r < p; r++)
                for (int c = 0; c <= r; c++) b[r] += chol[r * p + c] * z[c];
            if (j == 0) firstEffect = b[0];
            for (int i = j * perGroup; i < (j + 1) * perGroup; i++)
            {
                x[i] = rng.NextNormal();
                g[i] = $"G{j:D2}";
                double eta = beta[0] + beta[1] * x[i] + b[0] + (p > 1 ? b[1] * x[i] : 0);
                y[i] = rng.NextDouble() < 1 / (1 + Math.Exp(-eta)) ? 1 : 0;
            }
        }
        var table = new DataTable([DataColumn.FromNumbers("y", y), DataColumn.FromNumbers("x", x), DataColumn.FromTexts("g", g)]);
        var truth = new Dictionary<string, double>
        {
            ["(Intercept)"] = beta[0], ["x"] = beta[1], ["var_(Intercept)|g"] = cov[0], ["b[(Intercept) g:G00]"] = firstEffect,
        };
        if (p > 1)
        {
            truth["var_x|g"] = cov[3];
            truth["cov_x.(Intercept)|g"] = cov[2];
        }
        return (table, truth);
    }

    /// <summary>
    /// Parameters from the prior, then Poisson counts: 8 schools g × 3 classes h × 5 rows, w ~ N(0, 1) per school,
    /// η = β₀ + β₁w + b_g + b_h with each variance from the Huang–Wand prior (ν = 2, A = 0.5: half-t(2, 0.5) on the sd).
    /// </summary>
    private static (DataTable, Dictionary<string, double>) SimulatePoissonNested(RandomStream rng)
    {
        const int schools = 8, classes = 3, perClass = 5;
        var beta = new[] { rng.NextNormal(), rng.NextNormal() };
        double Variance()
        {
            // p = 1: a ~ IG(1/2, 1/A²), Σ | a ~ IW(ν, 2ν/a), as in Simulate.
            var psi = new[] { 2 * 2 / rng.NextInverseGamma(0.5, 1 / (PoissonScale * PoissonScale)) };
            var cov = new double[1];
            InverseWishart.Draw(rng, 2, psi, 1, cov, new double[3]);
            return cov[0];
        }
        double vg = Variance(), vh = Variance();
        int n = schools * classes * perClass;
        var w = new double[n];
        var y = new double[n];
        var g = new string?[n];
        var h = new string?[n];
        double firstSchool = 0;
        int i = 0;
        for (int s = 0; s < schools; s++)
        {
            double ws = rng.NextNormal(), bs = Math.Sqrt(vg) * rng.NextNormal();
            if (s == 0) firstSchool = bs;
            for (int c = 0; c < classes; c++)
            {
                double bc = Math.Sqrt(vh) * rng.NextNormal();
                for (int k = 0; k < perClass; k++, i++)
                {
                    w[i] = ws;
                    g[i] = $"G{s:D2}";
                    h[i] = $"G{s:D2}C{c}";
                    y[i] = DiscreteVariates.Poisson(rng, Math.Exp(beta[0] + beta[1] * ws + bs + bc));
                }
            }
        }
        var table = new DataTable([DataColumn.FromNumbers("y", y), DataColumn.FromNumbers("w", w), DataColumn.FromTexts("g", g), DataColumn.FromTexts("h", h)]);
        var truth = new Dictionary<string, double>
        {
            ["(Intercept)"] = beta[0], ["w"] = beta[1], ["var_(Intercept)|g"] = vg, ["var_(Intercept)|h"] = vh, ["b[(Intercept) g:G00]"] = firstSchool,
        };
        return (table, truth);
    }
}
