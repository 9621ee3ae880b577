using System.Text.Json;
using Resampling.Bootstrap;
using Resampling.Glmm;
using Resampling.Numerics;
using Resampling.Tests.Support;
using Xunit.Abstractions;

namespace Resampling.Tests.Glmm;

/// <summary>
/// The GLMM parametric bootstrap against lme4's bootMer (2,000 replicates each, Fixtures/glmm/boot_*.json made by
/// inference.R) on cbpp (binomial, 15 herds) and a Poisson model with an exposure offset: each parameter's bootstrap
/// mean within 4 Monte Carlo SEs, its bootstrap sd within 4 SEs (the SE of an sd from the draws' fourth moment), and
/// the 2.5% and 97.5% quantiles (the percentile interval's bounds) within 4 SEs of their difference (a quantile's MC
/// SE by the delta method from our sorted draws, taken for both runs as they sample one distribution).
/// </summary>
[Trait("Category", "Slow")]
public class GlmmBootstrapSlowTests(ITestOutputHelper output)
{
    private static double QuantileMcse(double[] sorted, double p)
    {
        double d = Math.Sqrt(p * (1 - p) / sorted.Length);
        return (RStats.SortedQuantile(sorted, p + d) - RStats.SortedQuantile(sorted, p - d)) / 2;
    }

    // Runtime: about 15 s each on a loaded 2-core machine (2,000 refits of 56 or 300 rows; ~6 s of CPU).
    [Theory]
    [InlineData("boot_cbpp.json", "cbpp.csv", GlmmDistribution.Binomial)]
    [InlineData("boot_poisson.json", "poisson_offset.csv", GlmmDistribution.Poisson)]
    public void PercentileIntervalsAgreeWithBootMer(string fixture, string csv, GlmmDistribution distribution)
    {
        var f = JsonDocument.Parse(File.ReadAllText(Lme4Reference.FixturePath("glmm", fixture))).RootElement;
        var model = GeneralizedLinearMixedModel.Fit(TestData.FixtureCsv("glmm", csv), f.GetProperty("formula").GetString()!, GlmmFamily.Canonical(distribution));
        var r = GlmmParametricBootstrap.Run(model, new BootstrapOptions { Replicates = 2000, Seed = 20261202 });
        Assert.Equal(0, r.FailedCount);
        output.WriteLine($"{r.Replicates / r.Elapsed.TotalSeconds:F0} replicates/s; singular {r.SingularFraction:P1} (bootMer {f.GetProperty("singular").GetDouble():P1})");
        var names = f.GetProperty("names").EnumerateArray().Select(n => n.GetString()!).ToArray();
        int nR = f.GetProperty("used").GetInt32();
        var summaries = r.Summarize(0.95).ToDictionary(s => s.Name);
        for (int k = 0; k < names.Length; k++)
        {
            var x = r.Values(names[k]).Order().ToArray();
            int n = x.Length;
            double mean = x.Average();
            double sd = Math.Sqrt(x.Sum(t => (t - mean) * (t - mean)) / (n - 1));
            double m4 = x.Sum(t => Math.Pow(t - mean, 4)) / n;
            double theirMean = f.GetProperty("mean")[k].GetDouble(), theirSd = f.GetProperty("sd")[k].GetDouble();
            double seMean = Math.Sqrt(sd * sd / n + theirSd * theirSd / nR);
            // Var(s) ≈ (μ₄ − σ⁴)/(4σ²n) for each run.
            double seSd = Math.Sqrt((m4 - Math.Pow(sd, 4)) / (4 * sd * sd) * (1.0 / n + 1.0 / nR));
            output.WriteLine($"{names[k]}: mean {mean:G5} vs {theirMean:G5} (SE {seMean:G2}); sd {sd:G5} vs {theirSd:G5} (SE {seSd:G2})");
            Assert.True(Math.Abs(mean - theirMean) <= 4 * seMean, $"{names[k]} mean {mean} vs bootMer {theirMean}");
            Assert.True(Math.Abs(sd - theirSd) <= 4 * seSd, $"{names[k]} sd {sd} vs bootMer {theirSd}");
            var perc = summaries[names[k]].Percentile;
            foreach (var (ours, key, p) in new[] { (perc.Lower, "q025", 0.025), (perc.Upper, "q975", 0.975) })
            {
                double theirs = f.GetProperty(key)[k].GetDouble();
                double mc = QuantileMcse(x, p);
                double se = Math.Sqrt(mc * mc * (1 + (double)n / nR));
                output.WriteLine($"  {key}: ours {ours:G5} bootMer {theirs:G5} (SE {se:G2})");
                Assert.True(Math.Abs(ours - theirs) <= 4 * se + 1e-9, $"{names[k]} {key}: {ours} vs bootMer {theirs}, MC SE {se}");
            }
        }
    }
}
