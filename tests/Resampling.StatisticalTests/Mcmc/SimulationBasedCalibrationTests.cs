using Resampling.Data;
using Resampling.Engine;
using Resampling.Mcmc;
using Resampling.Numerics;
using Resampling.Randomness;
using Resampling.Reporting;

namespace Resampling.Tests.Mcmc;

/// <summary>
/// Simulation-based calibration (Talts, Betancourt, Simpson, Vehtari &amp; Gelman 2018, arXiv:1804.06788): draw the
/// parameters from the prior, data from the model, run the sampler, and rank the true value among L thinned posterior
/// draws. If the sampler targets the posterior exactly, the ranks are uniform on 0..L. Proper priors are required, so
/// these runs use β ~ N(0, 1), σ ~ half-t(3, 1) and the Huang–Wand prior with A = 1, simulated through the same
/// auxiliary-variable hierarchy the sampler uses. Chi-square test on 10 bins, not rejected at 1%.
/// </summary>
[Trait("Category", "Slow")]
public class SimulationBasedCalibrationTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Replications = 400, Kept = 99, Thin = 4, Bins = 10;
    private const double ChiSquare9At1Percent = 21.666; // qchisq(0.99, 9)

    private static readonly McmcOptions Options = new()
    {
        Chains = 1, Warmup = 200, Iterations = 200 + Kept * Thin, Thin = Thin, KeepRandomEffects = false, Jitter = 0.2,
        FixedEffects = FixedEffectsPrior.Normal(0, 1),
        Residual = ResidualPrior.HalfT(3, 1),
        Covariance = CovariancePrior.HuangWand(2, 1),
    };

    // Runtime: about 40 s (see the project file for how it was measured).
    [Fact]
    public void RandomInterceptRanksAreUniform() =>
        Calibrate("y ~ x + (1 | g)", groups: 12, perGroup: 6, p: 1, seed: 101,
            ["(Intercept)", "x", "sigma", "var_(Intercept)|g"]);

    // Runtime: about 1 min 10 s (see the project file for how it was measured).
    [Fact]
    public void RandomSlopeRanksAreUniform() =>
        Calibrate("y ~ x + (1 + x | g)", groups: 15, perGroup: 8, p: 2, seed: 202,
            ["(Intercept)", "x", "sigma", "var_(Intercept)|g", "var_x|g", "cov_x.(Intercept)|g"]);

    private void Calibrate(string formula, int groups, int perGroup, int p, int seed, string[] names)
    {
        var counts = names.ToDictionary(n => n, _ => new int[Bins]);
        var rng = new RandomStream((ulong)seed, StreamPurpose.Simulation, 1000);
        var acceptance = new List<double>();
        for (int rep = 0; rep < Replications; rep++)
        {
            var (table, truth) = Simulate(rng, groups, perGroup, p);
            var fit = LinearMixedModel.Fit(table, formula);
            var run = McmcSampler.Run(fit, Options with { Seed = (ulong)(seed * 100_000 + rep), MaxThreads = 1 });
            acceptance.AddRange(run.CollapsedAcceptance);
            foreach (var name in names)
            {
                int rank = 0;
                foreach (var d in run.Draws(name)) if (d < truth[name]) rank++;
                counts[name][rank * Bins / (Kept + 1)]++;
            }
        }
        output.WriteLine($"collapsed move used in {acceptance.Count(a => !double.IsNaN(a))} of {Replications} runs, " +
            $"mean acceptance {acceptance.Where(a => !double.IsNaN(a)).DefaultIfEmpty(double.NaN).Average():F2}");
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

    /// <summary>Parameters from the prior (same hierarchy as the sampler's), then y given them; x ~ N(0, 1).</summary>
    private static (DataTable, Dictionary<string, double>) Simulate(RandomStream rng, int groups, int perGroup, int p)
    {
        double nu = 2, a = 1;
        var beta = new[] { rng.NextNormal(), rng.NextNormal() };
        double auxSigma = rng.NextInverseGamma(0.5, 1 / (a * a));
        double sigma2 = rng.NextInverseGamma(3 / 2.0, 3 / auxSigma);
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
        for (int j = 0; j < groups; j++)
        {
            var z = Enumerable.Range(0, p).Select(_ => rng.NextNormal()).ToArray();
            var b = new double[p];
            for (int r = 0; r < p; r++)
                for (int c = 0; c <= r; c++) b[r] += chol[r * p + c] * z[c];
            for (int i = j * perGroup; i < (j + 1) * perGroup; i++)
            {
                x[i] = rng.NextNormal();
                g[i] = $"G{j:D2}";
                y[i] = beta[0] + beta[1] * x[i] + b[0] + (p > 1 ? b[1] * x[i] : 0) + Math.Sqrt(sigma2) * rng.NextNormal();
            }
        }
        var table = new DataTable([DataColumn.FromNumbers("y", y), DataColumn.FromNumbers("x", x), DataColumn.FromTexts("g", g)]);
        var truth = new Dictionary<string, double>
        {
            ["(Intercept)"] = beta[0], ["x"] = beta[1], ["sigma"] = Math.Sqrt(sigma2), ["var_(Intercept)|g"] = cov[0],
        };
        if (p > 1)
        {
            truth["var_x|g"] = cov[3];
            truth["cov_x.(Intercept)|g"] = cov[2];
        }
        return (table, truth);
    }
}
