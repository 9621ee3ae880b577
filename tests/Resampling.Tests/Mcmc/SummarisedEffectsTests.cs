using Resampling.Data;
using Resampling.Engine;
using Resampling.Glmm;
using Resampling.Mcmc;
using Resampling.Numerics;
using Resampling.Ranking;
using Resampling.Tests.Support;

namespace Resampling.Tests.Mcmc;

/// <summary>
/// <see cref="McmcOptions.SummarisedFactors"/> (what rank's posterior uses): the draws are the full run's; the effects of
/// the named factors get exactly the summaries the full run gives them, the other factors' none; the warnings count the
/// summarised effects only and say so; chains joined from shards give the same; an empty list summarises no effect.
/// Short chains (3 × 150 kept draws) so that the ESS warnings fire.
/// </summary>
public class SummarisedEffectsTests
{
    // Subject (18 levels) crossed with Days (10 levels): two factors, so that summarising one leaves the other out.
    private static readonly LinearMixedModel Crossed = LinearMixedModel.Fit(TestData.Sleepstudy, "Reaction ~ 1 + (1 | Subject) + (1 | Days)");
    private static readonly McmcOptions Short = new() { Chains = 3, Iterations = 250, Warmup = 100, Seed = 5 };

    private static bool Of(ParameterSummary s, string factor) => s.Name.Contains($" {factor}:", StringComparison.Ordinal);

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

    private static void SameDraws(McmcResult a, McmcResult b)
    {
        for (int k = 0; k < a.ParameterNames.Count; k++) Assert.True(a.Draws(k).SequenceEqual(b.Draws(k)), a.ParameterNames[k]);
        Assert.Equal(a.Parameters, b.Parameters);
        Assert.Equal(a.RandomEffects.Count, b.RandomEffects.Count);
        for (int t = 0; t < a.RandomEffects.Count; t++)
            for (int l = 0; l < a.RandomEffects[t].Levels.Count; l++)
                Assert.True(a.RandomEffects[t].Draws(l, 0).SequenceEqual(b.RandomEffects[t].Draws(l, 0)));
    }

    [Fact]
    public void OneFactorsSummariesAreTheFullRunsAndTheWarningsCountThemOnly()
    {
        var full = McmcSampler.Run(Crossed, Short);
        var subject = McmcSampler.Run(Crossed, Short with { SummarisedFactors = ["Subject"] });
        SameDraws(full, subject);
        var expected = full.RandomEffectSummaries.Where(s => Of(s, "Subject")).ToArray();
        Assert.Equal(18, expected.Length);
        Assert.Equal(expected, subject.RandomEffectSummaries);

        // The parameters' lines are the full run's; the effects' lines count Subject's 18 effects and say so.
        int lowEss = expected.Count(s => Math.Min(s.EssBulk, s.EssTail) < McmcSampler.EssThreshold);
        int badRhat = expected.Count(s => s.Rhat > McmcSampler.RhatThreshold);
        Assert.True(lowEss > 0, "the short chains should leave some effects with ESS < 400");
        var effectLines = full.Warnings.Where(w => w.Contains("random effects have", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(effectLines);
        Assert.Equal(full.Warnings.Except(effectLines), subject.Warnings.Where(w => !w.Contains("random effects of", StringComparison.Ordinal)));
        var restricted = subject.Warnings.Where(w => w.Contains("random effects of", StringComparison.Ordinal)).ToList();
        var lines = new List<string>();
        if (badRhat > 0) lines.Add($"{badRhat} of the 18 random effects of Subject (the only ones summarised) have R-hat > 1.01.");
        lines.Add($"{lowEss} of the 18 random effects of Subject (the only ones summarised) have bulk- or tail-ESS < 400.");
        Assert.Equal(lines, restricted);
        // Without the option the wording counts every effect (the mcmc command's output is unchanged).
        Assert.Contains($"{full.RandomEffectSummaries.Count(s => Math.Min(s.EssBulk, s.EssTail) < 400)} of 28 random effects have bulk- or tail-ESS < 400.", full.Warnings);
    }

    [Fact]
    public void JoinedShardsGiveTheSameRestrictedSummaries()
    {
        var options = Short with { SummarisedFactors = ["Days"] };
        var whole = McmcSampler.Run(Crossed, options);
        // Shards run with no effect summaries (rank --shard's setting), joined with the whole run's options.
        var first = McmcSampler.Run(Crossed, Short with { Chains = 2, SummarisedFactors = [] });
        var last = McmcSampler.Run(Crossed, Short with { FirstChain = 3, Chains = 1, SummarisedFactors = [] });
        Assert.Empty(first.RandomEffectSummaries);
        Assert.DoesNotContain(first.Warnings, w => w.Contains("random effects", StringComparison.Ordinal));
        Assert.Equal(18, first.RandomEffects[0].Levels.Count);
        var joined = McmcSampler.FromChains(Crossed, options, [.. Chains(last), .. Chains(first)], 0);
        SameDraws(whole, joined);
        Assert.Equal(10, joined.RandomEffectSummaries.Count);
        Assert.Equal(whole.RandomEffectSummaries, joined.RandomEffectSummaries);
        Assert.Equal(whole.Warnings, joined.Warnings);
    }

    [Fact]
    public void RanksPosteriorSummarisesTheRankedFactorOnly()
    {
        var target = RankTarget.Resolve(Crossed, new RankedQuantity("Days"));
        var options = RankWorkflow.PosteriorOptions(9, target);
        Assert.Equal(new[] { "Days" }, options.SummarisedFactors);
        Assert.Equal(RankWorkflow.PosteriorOptions(9), options with { SummarisedFactors = null });
    }

    [Fact]
    public void TheGlmmSamplerSummarisesTheNamedFactorsOnly()
    {
        int n = 24;
        var s = new double[n];
        var f = new double[n];
        var g = new string?[n];
        var h = new string?[n];
        for (int i = 0; i < n; i++)
        {
            s[i] = (i * 7 + 3) % 9;
            f[i] = 8 - s[i];
            g[i] = $"G{i / 4}";
            h[i] = $"H{i % 3}";
        }
        var table = new DataTable([DataColumn.FromNumbers("s", s), DataColumn.FromNumbers("f", f), DataColumn.FromTexts("g", g), DataColumn.FromTexts("h", h)]);
        var fit = GeneralizedLinearMixedModel.Fit(table, "cbind(s, f) ~ 1 + (1 | g) + (1 | h)", GlmmFamily.Canonical(GlmmDistribution.Binomial));
        var full = GlmmMcmcSampler.Run(fit, Short);
        var h3 = GlmmMcmcSampler.Run(fit, Short with { SummarisedFactors = ["h"] });
        SameDraws(full.Draws, h3.Draws);
        Assert.Equal(full.Draws.RandomEffectSummaries.Where(x => Of(x, "h")), h3.Draws.RandomEffectSummaries);
        Assert.Equal(3, h3.Draws.RandomEffectSummaries.Count);
        Assert.DoesNotContain(h3.Draws.Warnings, w => w.Contains("random effects have", StringComparison.Ordinal));
    }
}
