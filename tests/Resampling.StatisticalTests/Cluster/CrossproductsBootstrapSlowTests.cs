using Resampling.Bootstrap;
using Resampling.Engine;
using Resampling.Formulas;
using Resampling.Model;
using Resampling.Numerics;
using Resampling.Tests.Support;
using Xunit.Abstractions;

namespace Resampling.Tests.Cluster;

/// <summary>
/// The parametric bootstrap from shards' cross-products (docs/cluster.md §5) against the row bootstrap of the data
/// (lme4's simulate, row by row): for Mod4 (HSB split into three shards, every school split) and crossed Penicillin,
/// 2,000 replicates per side and three seeds, every β, θ and σ (and the sds and variances) agree in mean, in the 2.5%,
/// 50% and 97.5% quantiles (within 4 Monte Carlo SEs of the difference; a quantile's SE by the delta method as in
/// <see cref="Bootstrap.Lme4BootstrapSlowTests"/>) and by a two-sample Kolmogorov–Smirnov test (p ≥ 1e-4 each: with about 200
/// comparisons a true law fails one about 2% of the time; the per-group bases and the pseudo-rows are both checked).
/// </summary>
[Trait("Category", "Slow")]
public class CrossproductsBootstrapSlowTests(ITestOutputHelper output)
{
    private const int Replicates = 2000;

    private static BootstrapResult Boot(LinearMixedModel m, ulong seed, bool fast) =>
        ParametricBootstrap.Run(m, new BootstrapOptions { Replicates = Replicates, Seed = seed, FastSimulation = fast });

    private static double QuantileMcse(double[] sorted, double p)
    {
        double d = Math.Sqrt(p * (1 - p) / sorted.Length);
        return (RStats.SortedQuantile(sorted, Math.Min(1, p + d)) - RStats.SortedQuantile(sorted, Math.Max(0, p - d))) / 2;
    }

    /// <summary>Two-sample Kolmogorov–Smirnov: D and its asymptotic p-value, Q(√(n₁n₂/(n₁+n₂)) D) with Q(λ) = 2Σ(−1)^(j−1) e^(−2j²λ²).</summary>
    internal static (double D, double P) KolmogorovSmirnov(double[] a, double[] b)
    {
        int i = 0, j = 0;
        double d = 0;
        while (i < a.Length && j < b.Length)
        {
            double x = Math.Min(a[i], b[j]);
            while (i < a.Length && a[i] <= x) i++;
            while (j < b.Length && b[j] <= x) j++;
            d = Math.Max(d, Math.Abs((double)i / a.Length - (double)j / b.Length));
        }
        double lambda = Math.Sqrt((double)a.Length * b.Length / (a.Length + b.Length)) * d;
        double q = 0;
        for (int k = 1; k <= 100; k++) q += (k % 2 == 1 ? 2 : -2) * Math.Exp(-2.0 * k * k * lambda * lambda);
        return (d, Math.Clamp(lambda < 0.2 ? 1 : q, 0, 1));
    }

    private void AssertSameLaw(BootstrapResult split, BootstrapResult rows, string what)
    {
        Assert.Equal(0, split.FailedCount);
        Assert.Equal(0, rows.FailedCount);
        foreach (var name in rows.Names)
        {
            if (name.StartsWith("cor_", StringComparison.Ordinal)) continue; // a function of θ, which is checked
            var x = split.Values(name).Where(double.IsFinite).Order().ToArray();
            var y = rows.Values(name).Where(double.IsFinite).Order().ToArray();
            double seMean = Math.Sqrt(Variance(x) / x.Length + Variance(y) / y.Length);
            Assert.True(Math.Abs(x.Average() - y.Average()) < 4 * seMean, $"{what} {name}: means {x.Average()} and {y.Average()} (MC SE {seMean})");
            foreach (double p in new[] { 0.025, 0.5, 0.975 })
            {
                double qx = RStats.SortedQuantile(x, p), qy = RStats.SortedQuantile(y, p);
                double se = Math.Sqrt(Math.Pow(QuantileMcse(x, p), 2) + Math.Pow(QuantileMcse(y, p), 2));
                Assert.True(Math.Abs(qx - qy) <= 4 * se + 1e-12, $"{what} {name} q{p}: {qx} vs {qy} (MC SE {se})");
            }
            var (d, pKs) = KolmogorovSmirnov(x, y);
            output.WriteLine($"{what} {name}: mean {x.Average():G6} vs {y.Average():G6}, KS D {d:F4} p {pKs:F3}");
            Assert.True(pKs >= 1e-4, $"{what} {name}: Kolmogorov–Smirnov D = {d}, p = {pKs}");
        }

        static double Variance(double[] v)
        {
            double m = v.Average();
            return v.Sum(t => (t - m) * (t - m)) / (v.Length - 1);
        }
    }

    // Runtime: about 1 min 30 s on the loaded 2-core machine (18,000 Mod4 replicates and 6,000 of Penicillin).
    [Fact]
    public void Mod4AndCrossedPenicillinFromCrossproductsHaveTheRowBootstrapsLaw()
    {
        var split = CrossproductsDesigns.Fit(TestData.Hsb, FittedModels.Mod4);
        foreach (ulong seed in new ulong[] { 101, 202, 303 })
        {
            var rows = Boot(FittedModels.Mod4Fit, seed, fast: false);
            AssertSameLaw(Boot(split, seed + 1, fast: false), rows, $"Mod4 pseudo-rows (seed {seed})");
            AssertSameLaw(Boot(split, seed + 2, fast: true), rows, $"Mod4 bases (seed {seed})");
        }

        const string crossed = "diameter ~ 1 + (1 | plate) + (1 | sample)";
        var penicillin = TestData.FixtureCsv("lme4extra", "penicillin.csv");
        var data = LinearMixedModel.Fit(MixedModelDesign.Build(penicillin, FormulaParser.Parse(crossed)));
        var fromShards = CrossproductsDesigns.Fit(penicillin, crossed);
        AssertSameLaw(Boot(fromShards, 11, fast: true), Boot(data, 12, fast: true), "Penicillin");
        AssertSameLaw(Boot(fromShards, 13, fast: true), Boot(data, 14, fast: true), "Penicillin");
    }

    /// <summary>The KS helper itself: equal samples give p = 1, shifted ones a tiny p, two samples of one law a moderate p.</summary>
    [Fact]
    public void KolmogorovSmirnovSeparatesLaws()
    {
        var r = new Randomness.RandomStream(1, Randomness.StreamPurpose.Replicate, 1);
        var a = Enumerable.Range(0, 2000).Select(_ => r.NextNormal()).Order().ToArray();
        var b = Enumerable.Range(0, 2000).Select(_ => r.NextNormal()).Order().ToArray();
        Assert.Equal(1, KolmogorovSmirnov(a, a).P, 1e-12);
        var same = KolmogorovSmirnov(a, b);
        Assert.True(same.P > 0.001, $"D {same.D}, p {same.P}");
        var shifted = KolmogorovSmirnov(a, b.Select(v => v + 0.3).ToArray());
        Assert.True(shifted.P < 1e-4, $"D {shifted.D}, p {shifted.P}");
    }
}
