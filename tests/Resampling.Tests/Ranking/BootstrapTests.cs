using Resampling.Engine;
using Resampling.Randomness;
using Resampling.Ranking;

namespace Resampling.Tests.Ranking;

public class BootstrapTests
{
    [Fact]
    public void DrawsDoNotDependOnTheThreadCount()
    {
        var t = RankTarget.Resolve(RankingModels.Fit(RankingModels.Mod5));
        var one = TypeThreeBootstrap.Run(t, 12, seed: 42, maxThreads: 1);
        var two = TypeThreeBootstrap.Run(t, 12, seed: 42, maxThreads: 2);
        Assert.Equal(0, one.Failed);
        Assert.Equal(one.Draws.Values.ToArray().Cast<double>(), two.Draws.Values.ToArray().Cast<double>());
        var other = TypeThreeBootstrap.Run(t, 2, seed: 43, maxThreads: 2);
        Assert.NotEqual(one.Draws.Values[0, 0], other.Draws.Values[0, 0]);
    }

    [Fact]
    public void FailedReplicatesLeaveNoRowAndMoveNoOtherDraw()
    {
        // Replicates write their rows into the final matrix; a failure leaves a gap that must not show: the kept draws
        // are the other replicates' draws, in replicate order, whatever the thread count.
        var t = RankTarget.Resolve(RankingModels.Fit(RankingModels.Mod5));
        var all = TypeThreeBootstrap.Run(t, 8, seed: 42, maxThreads: 1).Draws.Values;
        var failing = new FailingSimulator(new BootstrapModuleSimulator(t.Model!), fail: [2, 5]);
        var kept = TypeThreeBootstrap.Run(t, 8, seed: 42, failing, maxThreads: 2);
        Assert.Equal(2, kept.Failed);
        Assert.Equal(6, kept.Draws.DrawCount);
        int[] survivors = [0, 1, 3, 4, 6, 7];
        for (int d = 0; d < survivors.Length; d++)
            for (int j = 0; j < t.Levels.Count; j++) Assert.Equal(all[survivors[d], j], kept.Draws.Values[d, j]);
    }

    /// <summary>Fails the replicates whose simulated response starts with the first value of replicates <c>fail</c>
    /// (0-based) of the same seed: a property of the replicate, not of the order the threads run them in.</summary>
    private sealed class FailingSimulator(IResponseSimulator inner, int[] fail) : IResponseSimulator
    {
        private readonly HashSet<double> _bad = fail.Select(i => inner.Simulate(new RandomStream(42, StreamPurpose.Replicate, i + 1))[0]).ToHashSet();

        public double[] Simulate(RandomStream random)
        {
            var y = inner.Simulate(random);
            return _bad.Contains(y[0]) ? throw new Resampling.Model.ModelException("refused") : y;
        }
    }

    [Fact]
    public void SimulatorIsAFunctionOfSeedAndReplicate()
    {
        var m = RankingModels.Fit(RankingModels.Mod5);
        var sim = new InternalResponseSimulator(m);
        Assert.Equal(sim.Simulate(Stream(7, 3)), new InternalResponseSimulator(m).Simulate(Stream(7, 3)));
        Assert.NotEqual(sim.Simulate(Stream(7, 3))[0], sim.Simulate(Stream(7, 4))[0]);
    }

    [Fact]
    public void SimulatedResponsesHaveTheModelsMomentsAtTheGroupLevel()
    {
        // Mean of a school's y* minus its fixed part ≈ b_j + mean ε: over replicates its variance is σ_b² + σ²/n_j.
        var m = RankingModels.Fit(RankingModels.Mod5);
        CheckGroupMoments(m, new InternalResponseSimulator(m), 11);
        CheckGroupMoments(m, new BootstrapModuleSimulator(m), 11);
    }

    private static RandomStream Stream(ulong seed, long replicate) => new(seed, StreamPurpose.Replicate, replicate);

    private static void CheckGroupMoments(LinearMixedModel m, IResponseSimulator sim, ulong seed)
    {
        var g = m.Crossproducts.Blocks[0].GroupIndex;
        int school = 0, nj = g.Count(x => x == school);
        var fixedPart = new double[m.ObservationCount];
        var beta = m.Beta;
        for (int k = 0; k < beta.Count; k++) for (int i = 0; i < fixedPart.Length; i++) fixedPart[i] += beta[k] * m.Design.X[i, k];
        int reps = 2000;
        var means = new double[reps];
        for (int r = 0; r < reps; r++)
        {
            var y = sim.Simulate(Stream(seed, r));
            double s = 0;
            for (int i = 0; i < y.Length; i++) if (g[i] == school) s += y[i] - fixedPart[i];
            means[r] = s / nj;
        }
        double mean = means.Average(), variance = means.Sum(v => (v - mean) * (v - mean)) / (reps - 1);
        double expected = m.Covariances[0].Variance(0) + m.Sigma * m.Sigma / nj;
        Assert.True(Math.Abs(mean) < 4 * Math.Sqrt(expected / reps), $"mean {mean}");
        // sd of a sample variance ≈ v·√(2/(n−1)): 4 of them.
        Assert.True(Math.Abs(variance - expected) < 4 * expected * Math.Sqrt(2.0 / (reps - 1)), $"variance {variance} vs {expected}");
    }

    [Fact]
    public void ConditionalDrawsAtTheEstimateHaveCondVarSpread()
    {
        var m = RankingModels.Fit(RankingModels.Mod5);
        var t = RankTarget.Resolve(m);
        var pls = new PlsFactor(m.Crossproducts);
        pls.Factor(m.Theta);
        int reps = 3000, j = 7;
        var v = new double[reps];
        for (int r = 0; r < reps; r++)
        {
            var rs = new RandomStream(3, StreamPurpose.Simulation, r);
            var z = new double[m.Crossproducts.Q1];
            rs.FillNormal(z);
            var (u1, u2) = pls.ConditionalEffects(m.Beta, m.Sigma, z, []);
            v[r] = RankTarget.EffectValues(pls, 0, u1, u2, t.EffectCoefficients)[j];
        }
        double mean = v.Average(), sd = Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (reps - 1));
        double cs = t.ConditionalSd[j];
        Assert.True(Math.Abs(mean - t.Estimates[j]) < 4 * cs / Math.Sqrt(reps), $"mean {mean} vs {t.Estimates[j]}");
        Assert.True(Math.Abs(sd - cs) < 4 * cs / Math.Sqrt(2.0 * (reps - 1)), $"sd {sd} vs {cs}");
    }
}
