using Resampling.Engine;
using Resampling.Model;
using Resampling.Replication;

namespace Resampling.Mcmc;

/// <summary>
/// Runs the blocked Gibbs sampler (<see cref="GibbsChain"/>) for a model the engine has fitted: chains in parallel, each
/// through the <see cref="ReplicateRunner"/> with its own stream (seed, Chain, c), so the draws are identical whatever
/// the thread count.
/// </summary>
public static class McmcSampler
{
    public const double RhatThreshold = 1.01;
    public const double EssThreshold = 400;

    /// <summary>The scalar parameters a run on this model reports (and <c>McmcPlots</c> in Resampling.Figures draws), known before sampling.</summary>
    public static IReadOnlyList<string> ParameterNames(LinearMixedModel fit) =>
        new McmcLayout(fit.Crossproducts, fit.Covariances).ParameterNames;

    public static McmcResult Run(LinearMixedModel fit, McmcOptions? options = null)
    {
        options ??= new McmcOptions();
        options.Validate();
        var cp = fit.Crossproducts;
        var layout = new McmcLayout(cp, fit.Covariances);
        int e = options.KeepRandomEffects ? layout.EffectCount : 0;
        var run = ChainRunner.Run(options, layout.ParameterCount, e, random => new GibbsChain(cp, layout, fit, options, random));
        return Assemble(fit, layout, options, run.ParameterDraws, run.EffectDraws, run.Acceptance, run.ElapsedSeconds);
    }

    /// <summary>
    /// The run made of chains sampled apart (shards of the chains, each run with its <see cref="McmcOptions.FirstChain"/>):
    /// <paramref name="options"/> are the whole run's (chains 1 … Chains), <paramref name="chains"/> every one of them once,
    /// in any order. Draws, summaries and warnings are the single-machine run's bit for bit; the elapsed time is
    /// <paramref name="elapsedSeconds"/>. A missing, repeated or wrongly sized chain is an <see cref="ArgumentException"/>.
    /// </summary>
    public static McmcResult FromChains(LinearMixedModel fit, McmcOptions options, IReadOnlyList<McmcChain> chains, double elapsedSeconds)
    {
        options.Validate();
        var layout = new McmcLayout(fit.Crossproducts, fit.Covariances);
        int e = options.KeepRandomEffects ? layout.EffectCount : 0;
        var run = ChainRunner.Gather(options, layout.ParameterCount, e, chains, elapsedSeconds);
        return Assemble(fit, layout, options, run.ParameterDraws, run.EffectDraws, run.Acceptance, run.ElapsedSeconds);
    }

    private static McmcResult Assemble(LinearMixedModel fit, McmcLayout layout, McmcOptions options, double[][] parameterDraws,
        double[][] effectDraws, double[] acceptance, double elapsed)
    {
        int chains = options.Chains, perChain = options.DrawsPerChain, k = layout.ParameterCount, e = effectDraws.Length;
        var draws = ChainRunner.Transpose(parameterDraws, chains, perChain, k);
        var names = layout.ParameterNames;
        var summaries = ChainRunner.Summarise(names, draws, chains, options.MaxThreads);

        var effects = new List<TermEffectDraws>();
        IReadOnlyList<ParameterSummary> effectSummaries = [];
        if (e > 0)
        {
            var all = effectDraws;
            foreach (var t in layout.Terms)
                effects.Add(new TermEffectDraws(t.Group, t.Factor, t.Levels, t.Names, chains, perChain,
                    all.AsSpan(t.FirstEffect, t.LevelCount * t.P).ToArray()));
            effectSummaries = ChainRunner.SummariseEffects(layout.EffectNames, all,
                layout.Terms.Select(t => (t.Factor, t.FirstEffect, t.LevelCount * t.P)), options);
        }
        var warnings = Warnings(summaries, effectSummaries, fit, options);
        return new McmcResult(options, names, draws, effects, summaries, effectSummaries, elapsed, warnings)
        {
            CollapsedAcceptance = acceptance,
        };
    }

    private static List<string> Warnings(IReadOnlyList<ParameterSummary> parameters, IReadOnlyList<ParameterSummary> effects, LinearMixedModel fit,
        McmcOptions options)
    {
        var w = new List<string>();
        foreach (var s in parameters)
        {
            if (s.Rhat > RhatThreshold)
                w.Add($"{s.Name}: R-hat {s.Rhat:F3} > {RhatThreshold}: the chains have not mixed; run more iterations.");
            double ess = Math.Min(s.EssBulk, s.EssTail);
            if (ess < EssThreshold)
                w.Add($"{s.Name}: {(s.EssBulk <= s.EssTail ? "bulk" : "tail")}-ESS {ess:F0} < {EssThreshold}: too few effective draws for reliable summaries.");
        }
        ChainRunner.AddEffectWarnings(w, effects, options);
        if (fit.Design.AliasedColumns.Count > 0)
            w.Add($"fixed-effect model matrix is rank deficient: dropped {string.Join(", ", fit.Design.AliasedColumns)}.");
        return w;
    }
}
