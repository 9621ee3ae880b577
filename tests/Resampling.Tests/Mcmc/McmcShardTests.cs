using Resampling.Engine;
using Resampling.Mcmc;
using Resampling.Numerics;
using Resampling.Tests.Support;

namespace Resampling.Tests.Mcmc;

/// <summary>
/// Chains sampled apart (FirstChain) and joined by <see cref="McmcSampler.FromChains"/> are the single-machine run bit for
/// bit: every draw, every summary (R-hat and ESS use all chains) and the warnings; a missing or repeated chain is refused.
/// </summary>
public class McmcShardTests
{
    private static readonly LinearMixedModel Fit = LinearMixedModel.Fit(TestData.Sleepstudy, "Reaction ~ Days + (Days | Subject)");
    private static readonly McmcOptions Whole = new() { Chains = 3, Iterations = 250, Warmup = 100, Seed = 8 };

    private static IEnumerable<McmcChain> Chains(McmcResult part)
    {
        int n = part.DrawsPerChain, k = part.ParameterNames.Count;
        var effects = part.RandomEffects.SelectMany(t => Enumerable.Range(0, t.Levels.Count).SelectMany(l => Enumerable.Range(0, t.Names.Count).Select(c => (t, l, c)))).ToArray();
        for (int c = 0; c < part.Chains; c++)
        {
            var p = new double[n * k];
            var e = new double[n * effects.Length];
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < k; j++) p[i * k + j] = part.Draws(j)[c * n + i];
                for (int j = 0; j < effects.Length; j++) e[i * effects.Length + j] = effects[j].t.Draws(effects[j].l, effects[j].c)[c * n + i];
            }
            yield return new McmcChain(part.Options.FirstChain + c, ReadOnlyVector.CopyOf(p), ReadOnlyVector.CopyOf(e), part.CollapsedAcceptance[c]);
        }
    }

    [Fact]
    public void ShardsOfTheChainsJoinedAreTheWholeRun()
    {
        var whole = McmcSampler.Run(Fit, Whole);
        var first = McmcSampler.Run(Fit, Whole with { Chains = 2 });
        var last = McmcSampler.Run(Fit, Whole with { FirstChain = 3, Chains = 1 });
        var joined = McmcSampler.FromChains(Fit, Whole, [.. Chains(last), .. Chains(first)], 0);
        for (int k = 0; k < whole.ParameterNames.Count; k++)
        {
            Assert.True(whole.Draws(k).SequenceEqual(joined.Draws(k)), whole.ParameterNames[k]);
            Assert.Equal(whole.Parameters[k], joined.Parameters[k]);
        }
        Assert.Equal(whole.RandomEffectSummaries, joined.RandomEffectSummaries);
        Assert.Equal(whole.Warnings, joined.Warnings);
        Assert.Equal(whole.CollapsedAcceptance, joined.CollapsedAcceptance);
        var t = whole.RandomEffects.Single();
        Assert.True(t.Draws(5, 1).SequenceEqual(joined.RandomEffects.Single().Draws(5, 1)));
        // The shard's chain 3 is the whole run's chain 3, not a relabelled chain 1.
        Assert.False(first.Draws("sigma")[..150].SequenceEqual(last.Draws("sigma")));
    }

    [Fact]
    public void AMissingOrRepeatedChainIsRefused()
    {
        var first = McmcSampler.Run(Fit, Whole with { Chains = 2 });
        var e = Assert.Throws<ArgumentException>(() => McmcSampler.FromChains(Fit, Whole, [.. Chains(first)], 0));
        Assert.Contains("Chain 3 is missing", e.Message);
        e = Assert.Throws<ArgumentException>(() => McmcSampler.FromChains(Fit, Whole, [.. Chains(first), .. Chains(first)], 0));
        Assert.Contains("given twice", e.Message);
    }
}
