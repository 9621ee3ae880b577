using System.Text.Json;
using Resampling.Bootstrap;
using Resampling.Numerics;
using Resampling.Tests.Support;
using Xunit.Abstractions;

namespace Resampling.Tests.Bootstrap;

/// <summary>
/// Against lme4's bootMer and pbkrtest's PBmodcomp on the walkthrough's Mod4 and Mod5 (Fixtures/bootstrap, made by
/// generate.R there). Monte Carlo error of a p-quantile from n draws: half the spread of the quantiles at
/// p ± √(p(1 − p)/n) (the delta method, SE = √(p(1 − p)/n)/f(q_p), with the density by finite difference), computed the
/// same way for R's draws (saved in the fixture) and ours; two quantiles agree when they differ by less than 4 SEs of
/// their difference. For p-values the binomial SE √(p(1 − p)/n) of each.
/// </summary>
[Trait("Category", "Slow")]
public class Lme4BootstrapSlowTests(ITestOutputHelper output)
{
    private static JsonElement Fixture(string file) =>
        JsonDocument.Parse(File.ReadAllText(Lme4Reference.FixturePath("bootstrap", file))).RootElement;

    private static readonly Dictionary<string, string> Names = new()
    {
        ["sd_int"] = "sd_(Intercept)|SCHOOL",
        ["cor"] = "cor_cses.(Intercept)|SCHOOL",
        ["sd_cses"] = "sd_cses|SCHOOL",
        ["var_int"] = "var_(Intercept)|SCHOOL",
        ["var_cses"] = "var_cses|SCHOOL",
    };

    private static double QuantileMcse(double[] sorted, double p)
    {
        double d = Math.Sqrt(p * (1 - p) / sorted.Length);
        return (RStats.SortedQuantile(sorted, p + d) - RStats.SortedQuantile(sorted, p - d)) / 2;
    }

    // Runtime: about 3 s (see the project file for how it was measured).
    [Fact]
    public void PercentileIntervalsOnMod4AgreeWithBootMerAndConfint()
    {
        var f = Fixture("boot_mod4.json");
        var r = ParametricBootstrap.Run(Models.Mod4, new BootstrapOptions { Replicates = 2000, Seed = 20240601 });
        Assert.Equal(0, r.FailedCount);
        output.WriteLine($"{r.Replicates / r.Elapsed.TotalSeconds:F0} replicates/s; singular {r.SingularFraction:P1}");
        foreach (var p in f.GetProperty("parameters").EnumerateArray())
        {
            var rName = p.GetProperty("name").GetString()!;
            var name = Names.GetValueOrDefault(rName, rName);
            var x = r.Values(name).Where(double.IsFinite).Order().ToArray();
            foreach (var (prob, q, mc) in new[] { (0.025, "q025", "mcse025"), (0.975, "q975", "mcse975") })
            {
                double ours = RStats.SortedQuantile(x, prob);
                double theirs = p.GetProperty(q).GetDouble();
                double se = Math.Sqrt(Math.Pow(p.GetProperty(mc).GetDouble(), 2) + Math.Pow(QuantileMcse(x, prob), 2));
                output.WriteLine($"{name} {q}: ours {ours:G6} lme4 {theirs:G6} (MC SE of difference {se:G3})");
                Assert.True(Math.Abs(ours - theirs) <= 4 * se + 1e-9, $"{name} {q}: {ours} vs lme4 {theirs}, MC SE {se}");
            }
        }

        // The intervals themselves, as reported, against confint(bootMer fit, method = "boot") (boot.ci's percentile
        // intervals, saved as confint_perc), with the Monte Carlo SEs of the quantiles above.
        var summaries = r.Summarize(0.95).ToDictionary(x => x.Name);
        var parameters = f.GetProperty("parameters").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        foreach (var ci in f.GetProperty("confint_perc").EnumerateArray())
        {
            var rName = ci.GetProperty("name").GetString()!;
            var ours = summaries[Names.GetValueOrDefault(rName, rName)].Percentile;
            var x = r.Values(Names.GetValueOrDefault(rName, rName)).Where(double.IsFinite).Order().ToArray();
            foreach (var (ourBound, key, prob, mc) in new[] { (ours.Lower, "lower", 0.025, "mcse025"), (ours.Upper, "upper", 0.975, "mcse975") })
            {
                double theirs = ci.GetProperty(key).GetDouble();
                double se = Math.Sqrt(Math.Pow(parameters[rName].GetProperty(mc).GetDouble(), 2) + Math.Pow(QuantileMcse(x, prob), 2));
                output.WriteLine($"{rName} percentile {key}: ours {ourBound:G6} confint {theirs:G6} (MC SE {se:G3})");
                Assert.True(Math.Abs(ourBound - theirs) <= 4 * se + 1e-9, $"{rName} {key}: {ourBound} vs confint {theirs}, MC SE {se}");
            }
        }
    }

    // Runtime: about 2 s (see the project file for how it was measured).
    [Fact]
    public void RandomSlopeBootstrapPValueAgreesWithPbkrtest()
    {
        var f = Fixture("pbmodcomp_mod5_mod4.json");
        var test = f.GetProperty("test").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!, e => e);
        var r = ParametricBootstrapLrt.Run(Models.Mod5, Models.Mod4, 1000, 20240602);
        output.WriteLine($"{r.Replicates / r.Elapsed.TotalSeconds:F0} replicates/s; T = {r.Statistic}; p = {r.PValueBootstrap}; Gamma {r.PValueGamma}; Bartlett {r.PValueBartlett}");
        Assert.Equal(test["LRT"].GetProperty("stat").GetDouble(), r.Statistic, 3);
        Assert.Equal(test["LRT"].GetProperty("p_value").GetDouble(), r.PValueChiSquare, 4);
        double pR = test["PBtest"].GetProperty("p_value").GetDouble();
        int nR = f.GetProperty("npos").GetInt32();
        double se = Math.Sqrt(pR * (1 - pR) / nR + r.PValueBootstrap * (1 - r.PValueBootstrap) / r.PositiveCount);
        Assert.True(Math.Abs(r.PValueBootstrap - pR) < 4 * se, $"p {r.PValueBootstrap} vs pbkrtest {pR} (MC SE {se})");
        // The reference distribution's mean drives the Bartlett and Gamma p-values: compare it within its MC error.
        double meanR = f.GetProperty("ref_mean").GetDouble(), varR = f.GetProperty("ref_var").GetDouble();
        double seMean = Math.Sqrt(varR / nR + r.ReferenceVariance / r.PositiveCount);
        Assert.True(Math.Abs(r.ReferenceMean - meanR) < 4 * seMean, $"mean T* {r.ReferenceMean} vs {meanR} (MC SE {seMean})");
    }
}
