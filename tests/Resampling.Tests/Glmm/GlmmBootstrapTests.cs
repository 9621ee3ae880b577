using System.Text.Json;
using Resampling.Bootstrap;
using Resampling.Glmm;
using Resampling.Tests.Support;
using Xunit;

namespace Resampling.Tests.Glmm;

/// <summary>
/// The parametric bootstrap of a GLMM (bootMer's type = "parametric", use.u = FALSE): the same draws whatever the thread
/// count and however the replicates are split into ranges, the simulator's response on R's scale, and agreement of a
/// short run's means with bootMer's (Fixtures/glmm/boot_cbpp.json, inference.R) within Monte Carlo error. The long
/// comparison of intervals is a Slow test (StatisticalTests, GlmmBootstrapSlowTests).
/// </summary>
public class GlmmBootstrapTests
{
    private const string Cbpp = "cbind(incidence, size - incidence) ~ period + (1 | herd)";
    private static readonly Lazy<GeneralizedLinearMixedModel> CbppFit = new(() =>
        GeneralizedLinearMixedModel.Fit(TestData.FixtureCsv("glmm", "cbpp.csv"), Cbpp, GlmmFamily.Canonical(GlmmDistribution.Binomial)));
    private static readonly Lazy<GeneralizedLinearMixedModel> SlopeFit = new(() =>
        GeneralizedLinearMixedModel.Fit(TestData.FixtureCsv("glmm", "bernoulli_slope.csv"), "y ~ x + tr + (1 + x | g)", GlmmFamily.Canonical(GlmmDistribution.Binomial)));

    private static BootstrapResult Run(GeneralizedLinearMixedModel m, int replicates, int threads, long first = 1, ulong seed = 5) =>
        GlmmParametricBootstrap.Run(m, new BootstrapOptions { Replicates = replicates, FirstReplicate = first, Seed = seed, MaxThreads = threads });

    private static void AssertSameDraws(IReadOnlyList<BootstrapDraw> a, IReadOnlyList<BootstrapDraw> b)
    {
        Assert.Equal(a.Count, b.Count);
        for (int i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i].Replicate, b[i].Replicate);
            Assert.Equal(a[i].Status, b[i].Status);
            Assert.Equal(a[i].Values.ToArray(), b[i].Values.ToArray());
        }
    }

    [Fact]
    public void DrawsDoNotDependOnThreadsOrRanges()
    {
        var m = SlopeFit.Value;
        var one = Run(m, 12, threads: 1);
        var many = Run(m, 12, threads: 0);
        AssertSameDraws(one.Draws, many.Draws);
        var split = Run(m, 5, threads: 0).Draws.Concat(Run(m, 7, threads: 1, first: 6).Draws).ToList();
        AssertSameDraws(one.Draws, split);
        Assert.NotEqual(one.Draws[0].Values.ToArray(), Run(m, 1, threads: 1, seed: 6).Draws[0].Values.ToArray());
        Assert.Equal(0, one.FailedCount);
    }

    [Fact]
    public void NamesAndEstimatesFollowTheLinearBootstrap()
    {
        var m = SlopeFit.Value;
        var r = Run(m, 2, threads: 1);
        Assert.Equal(["sd_(Intercept)|g", "cor_x.(Intercept)|g", "sd_x|g", "(Intercept)", "x", "trb", "var_(Intercept)|g", "var_x|g",
            "theta_g.(Intercept)", "theta_g.x.(Intercept)", "theta_g.x", "deviance"], r.Names);
        var cov = m.Covariances[0];
        Assert.Equal(cov.StdDev(0), r.Estimates[0], 12);
        Assert.Equal(cov.Correlation(1, 0), r.Estimates[1], 12);
        Assert.Equal(cov.StdDev(1), r.Estimates[2], 12);
        Assert.Equal(m.Beta[2], r.Estimates[5]);
        Assert.Equal(cov.Variance(1), r.Estimates[7], 12);
        Assert.Equal(m.Deviance, r.Estimates[11]);
    }

    [Fact]
    public void SimulatedResponsesAreOnRsScale()
    {
        var m = CbppFit.Value;
        var sim = new GlmmResponseSimulator(m);
        var y = new double[sim.RowCount];
        var b = new double[sim.EffectCount];
        var trials = m.Problem.PriorWeights.ToArray();
        sim.Simulate(new Resampling.Randomness.RandomStream(1, Resampling.Randomness.StreamPurpose.Replicate, 1), y, b);
        for (int i = 0; i < y.Length; i++)
        {
            Assert.InRange(y[i], 0, 1);
            double k = y[i] * trials[i];
            Assert.Equal(Math.Round(k), k, 9); // a whole number of successes out of the row's trials
        }
        Assert.Equal(15, b.Length);
    }

    [Fact]
    public void ARefitOfTheDataItselfReturnsTheEstimate()
    {
        var m = CbppFit.Value;
        var refitter = new GlmmRefitter(m);
        var o = refitter.Fit(); // the response is the data's until a simulator writes over it
        Assert.Equal(m.Deviance, o.Deviance, 1e-6 * m.Deviance);
        for (int j = 0; j < m.Beta.Count; j++) Assert.True(Math.Abs(o.Beta[j] - m.Beta[j]) <= 1e-3 * m.FixedEffects[j].StdError);
        Assert.Equal(m.Theta[0], o.Theta[0], 1e-3);
    }

    [Fact]
    public void ShortRunAgreesWithBootMerWithinMonteCarloError()
    {
        var m = CbppFit.Value;
        var r = Run(m, 400, threads: 0, seed: 2);
        var reference = JsonDocument.Parse(File.ReadAllText(Lme4Reference.FixturePath("glmm", "boot_cbpp.json"))).RootElement;
        var names = reference.GetProperty("names").EnumerateArray().Select(n => n.GetString()!).ToArray();
        var mean = Lme4Reference.Numbers(reference.GetProperty("mean"));
        var sd = Lme4Reference.Numbers(reference.GetProperty("sd"));
        int nR = reference.GetProperty("used").GetInt32();
        Assert.True(r.FailedCount == 0, string.Join("; ", r.Failures.Select(f => f.Error)));
        for (int k = 0; k < names.Length; k++)
        {
            var ours = r.Values(names[k]);
            double se = sd[k] * Math.Sqrt(1.0 / ours.Length + 1.0 / nR);
            Assert.True(Math.Abs(ours.Average() - mean[k]) <= 4 * se, $"{names[k]}: mean {ours.Average()} vs bootMer's {mean[k]} (SE {se})");
        }
    }
}
