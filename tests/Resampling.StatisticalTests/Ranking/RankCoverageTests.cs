using Resampling.Data;
using Resampling.Engine;
using Resampling.Randomness;
using Resampling.Ranking;

namespace Resampling.Tests.Ranking;

/// <summary>What the methods promise, on data simulated with known effects (slow).</summary>
public class RankCoverageTests
{
    /// <summary>y_ij = 10 + b_j + e_ij, b_j ~ N(0, σ_b²), e ~ N(0, σ²), groups of unequal size.</summary>
    private static (DataTable Data, double[] Effects) Simulate(int groups, double sdB, double sdE, int seed)
    {
        var rs = new RandomStream((ulong)seed, StreamPurpose.Simulation, 0);
        var b = new double[groups];
        rs.FillNormal(b);
        for (int j = 0; j < groups; j++) b[j] *= sdB;
        var g = new List<string>();
        var y = new List<double>();
        for (int j = 0; j < groups; j++)
        {
            int n = 5 + j % 4 * 5;
            for (int i = 0; i < n; i++) { g.Add($"g{j:D3}"); y.Add(10 + b[j] + sdE * rs.NextNormal()); }
        }
        return (new DataTable([DataColumn.FromTexts("g", g.ToArray()), DataColumn.FromNumbers("y", y.ToArray())]), b);
    }

    // Runtime: about 2 min 30 s (see the project file for how it was measured).
    [Fact]
    [Trait("Category", "Slow")]
    public void SimultaneousSetsCoverAllTrueRanksAtLeastAtTheNominalRate()
    {
        int reps = 300, groups = 30, covered = 0, coveredMarginal = 0, total = 0;
        for (int rep = 0; rep < reps; rep++)
        {
            var (data, b) = Simulate(groups, 1.0, 2.0, 1000 + rep);
            var model = LinearMixedModel.Fit(data, "y ~ 1 + (1|g)");
            if (model.Singular) { reps++; continue; }
            var target = RankTarget.Resolve(model);
            var sets = RankConfidenceSets.Compute(target.Estimates, target.Covariance, seed: (ulong)rep, draws: 1000);
            bool all = true;
            for (int j = 0; j < groups; j++)
            {
                // Levels sort as g000, g001, ... so level j is group j.
                int trueRank = 1 + b.Count(x => x > b[j]);
                all &= sets.SimultaneousLower[j] <= trueRank && trueRank <= sets.SimultaneousUpper[j];
                if (sets.MarginalLower[j] <= trueRank && trueRank <= sets.MarginalUpper[j]) coveredMarginal++;
            }
            if (all) covered++;
            total++;
            if (total == 300) break;
        }
        double rate = covered / (double)total, marginal = coveredMarginal / (double)(total * groups);
        // Nominal 0.95 less two binomial standard errors at n = 300 (0.025): the sets must not undercover.
        Assert.True(rate >= 0.95 - 2 * Math.Sqrt(0.95 * 0.05 / total), $"simultaneous coverage {rate}");
        Assert.True(marginal >= 0.95 - 0.01, $"marginal coverage {marginal}");
    }

    // Runtime: about 5 s (see the project file for how it was measured).
    [Fact]
    [Trait("Category", "Slow")]
    public void BootstrapSpreadMatchesThePredictionErrorSd()
    {
        // Type III draws vary β, θ and σ as well as b given them: their sd per school should be close to the
        // prediction-error sd with β uncertainty (θ's uncertainty adds a little) and above lme4's condVar sd.
        var model = RankingModels.Fit(RankingModels.Mod5);
        var target = RankTarget.Resolve(model);
        var boot = TypeThreeBootstrap.Run(target, 800, seed: 17);
        var s = RankSummarizer.Summarize(boot.Draws);
        double drawSd = s.Groups.Average(g => g.Sd);
        double pev = Enumerable.Range(0, 160).Average(j => Math.Sqrt(target.Covariance[j, j]));
        double cond = target.ConditionalSd.Average();
        Assert.True(Math.Abs(drawSd / pev - 1) < 0.02, $"bootstrap sd {drawSd} vs prediction-error sd {pev}");
        Assert.True(drawSd > cond, $"bootstrap sd {drawSd} vs condVar sd {cond}");
        // And the bootstrap rank intervals contain the estimate's rank for nearly every school.
        var ranks = target.Estimates.Select(e => 1 + target.Estimates.Count(x => x > e)).ToArray();
        int inside = Enumerable.Range(0, 160).Count(j => s.Groups[j].RankLower <= ranks[j] && ranks[j] <= s.Groups[j].RankUpper);
        Assert.True(inside >= 155, $"{inside} of 160 estimate ranks inside the 95% bootstrap rank intervals");
    }
}

/// <summary>The two draw-based sources on HSB Mod5 (slow): posterior and type III bootstrap rank summaries agree.</summary>
public class RankSourceAgreementTests
{
    // Runtime: about 1 min 20 s (see the project file for how it was measured).
    [Fact]
    [Trait("Category", "Slow")]
    public void McmcAndBootstrapRankIntervalsAgreeWithinMonteCarloError()
    {
        var model = RankingModels.Fit(RankingModels.Mod5);
        var target = RankTarget.Resolve(model);
        var mcmc = Resampling.Mcmc.McmcSampler.Run(model, new Resampling.Mcmc.McmcOptions { Seed = 3, Chains = 4, Iterations = 2000, Warmup = 1000 });
        var post = RankSummarizer.Summarize(McmcRankDraws.From(mcmc, target));
        var boot = RankSummarizer.Summarize(TypeThreeBootstrap.Run(target, 2000, seed: 4).Draws);
        Assert.Equal(4000, post.DrawCount);
        int close = 0;
        double sumAbs = 0;
        for (int j = 0; j < 160; j++)
        {
            var (p, b) = (post.Groups[j], boot.Groups[j]);
            // A school's rank sd is up to ~35; with ≥ 1,000 effective draws per source the Monte Carlo se of a mean
            // rank is ≤ ~1.1, of a difference ≤ ~1.6: 4 se ≈ 6.5 ranks. Interval ends (2.5%/97.5% quantiles) are
            // noisier, about 3× the se of the mean.
            double d = Math.Abs(p.MeanRank - b.MeanRank);
            sumAbs += d;
            if (d <= 6.5 && Math.Abs(p.RankLower - b.RankLower) <= 15 && Math.Abs(p.RankUpper - b.RankUpper) <= 15) close++;
        }
        Assert.True(sumAbs / 160 < 2.5, $"mean |Δ mean rank| {sumAbs / 160}");
        Assert.True(close >= 152, $"{close} of 160 schools agree within Monte Carlo error");
    }
}
