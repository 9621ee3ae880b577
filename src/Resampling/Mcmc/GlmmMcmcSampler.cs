using Resampling.Glmm;
using Resampling.Replication;

namespace Resampling.Mcmc;

/// <summary>
/// The posterior of a GLMM by MCMC (docs/mcmc.md §7–8): binomial-logit by Pólya-Gamma data augmentation (exact blocked
/// Gibbs), Poisson-log by Metropolis-within-Gibbs with a Laplace (conditional-mode) Gaussian independence proposal for
/// (β, b). Chains in parallel through the <see cref="ReplicateRunner"/>, chain c on the stream (seed, Chain, c), so the
/// draws are identical whatever the thread count. Priors are <see cref="McmcOptions"/>'s (β and Σ_k); there is no σ.
/// </summary>
public static class GlmmMcmcSampler
{
    /// <summary>The scalar parameters a run reports: β, then per term var/cov and sd/cor (lme4's names).</summary>
    public static IReadOnlyList<string> ParameterNames(GeneralizedLinearMixedModel fit) => new GlmmMcmcModel(fit.Problem).ParameterNames;

    /// <summary>Chains started at the maximum-likelihood fit, jittered (<see cref="McmcOptions.Jitter"/>).</summary>
    public static GlmmMcmcResult Run(GeneralizedLinearMixedModel fit, McmcOptions? options = null) => Run(fit.Problem, fit, options);

    /// <summary>
    /// Chains started without a fit (β = 0, b = 0, Σ = I, jittered): for simulation studies, where a maximum-likelihood
    /// fit may not exist (separation) and the chains must run on every data set.
    /// </summary>
    public static GlmmMcmcResult Run(GlmmProblem problem, McmcOptions? options = null) => Run(problem, null, options);

    private static GlmmMcmcResult Run(GlmmProblem problem, GeneralizedLinearMixedModel? fit, McmcOptions? options)
    {
        options ??= new McmcOptions();
        options.Validate();
        var model = new GlmmMcmcModel(problem);
        int k = model.ParameterCount, e = options.KeepRandomEffects ? model.EffectCount : 0;
        var run = ChainRunner.Run(options, k, e, random => new GlmmGibbsChain(model, fit, options, random));
        return Assemble(problem, model, options, run.ParameterDraws, run.EffectDraws, run.Acceptance, run.ElapsedSeconds);
    }

    /// <summary>
    /// The run made of chains sampled apart (<c>mcmc --family --shard</c>: each shard runs its chains with its
    /// <see cref="McmcOptions.FirstChain"/>), as <see cref="McmcSampler.FromChains"/> for the linear sampler:
    /// <paramref name="options"/> are the whole run's, <paramref name="chains"/> every one of its chains once, in any order.
    /// Draws, summaries, acceptance and warnings are the single-machine run's bit for bit; the elapsed time is
    /// <paramref name="elapsedSeconds"/>. A missing, repeated or wrongly sized chain is an <see cref="ArgumentException"/>.
    /// </summary>
    public static GlmmMcmcResult FromChains(GeneralizedLinearMixedModel fit, McmcOptions options, IReadOnlyList<McmcChain> chains, double elapsedSeconds)
    {
        options.Validate();
        var model = new GlmmMcmcModel(fit.Problem);
        int e = options.KeepRandomEffects ? model.EffectCount : 0;
        var run = ChainRunner.Gather(options, model.ParameterCount, e, chains, elapsedSeconds);
        return Assemble(fit.Problem, model, options, run.ParameterDraws, run.EffectDraws, run.Acceptance, run.ElapsedSeconds);
    }

    private static GlmmMcmcResult Assemble(GlmmProblem problem, GlmmMcmcModel model, McmcOptions options, double[][] parameterDraws,
        double[][] effectDraws, double[] acceptance, double elapsed)
    {
        int chains = options.Chains, perChain = options.DrawsPerChain, k = model.ParameterCount, e = effectDraws.Length;
        var draws = ChainRunner.Transpose(parameterDraws, chains, perChain, k);
        var summaries = ChainRunner.Summarise(model.ParameterNames, draws, chains, options.MaxThreads);
        var effects = new List<TermEffectDraws>();
        IReadOnlyList<ParameterSummary> effectSummaries = [];
        if (e > 0)
        {
            foreach (var t in model.Terms)
                effects.Add(new TermEffectDraws(t.Group, t.Factor, t.Levels, t.Names, chains, perChain,
                    effectDraws.AsSpan(t.FirstEffect, t.LevelCount * t.P).ToArray()));
            effectSummaries = ChainRunner.SummariseEffects(model.EffectNames, effectDraws,
                model.Terms.Select(t => (t.Factor, t.FirstEffect, t.LevelCount * t.P)), options);
        }
        var warnings = Warnings(summaries, effectSummaries, acceptance, options);
        var result = new McmcResult(options, model.ParameterNames, draws, effects, summaries, effectSummaries, elapsed, warnings)
        {
            CollapsedAcceptance = acceptance,
        };
        return new GlmmMcmcResult(result, problem.Family, model.Family.Distribution == GlmmDistribution.Poisson ? acceptance : []);
    }

    private static List<string> Warnings(IReadOnlyList<ParameterSummary> parameters, IReadOnlyList<ParameterSummary> effects, double[] acceptance,
        McmcOptions options)
    {
        var w = new List<string>();
        foreach (var s in parameters)
        {
            if (s.Rhat > McmcSampler.RhatThreshold)
                w.Add($"{s.Name}: R-hat {s.Rhat:F3} > {McmcSampler.RhatThreshold}: the chains have not mixed; run more iterations.");
            double ess = Math.Min(s.EssBulk, s.EssTail);
            if (ess < McmcSampler.EssThreshold)
                w.Add($"{s.Name}: {(s.EssBulk <= s.EssTail ? "bulk" : "tail")}-ESS {ess:F0} < {McmcSampler.EssThreshold}: too few effective draws for reliable summaries.");
        }
        ChainRunner.AddEffectWarnings(w, effects, options);
        double worst = acceptance.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Min();
        if (worst < 0.1)
            w.Add(System.FormattableString.Invariant($"The Metropolis-Hastings step on the effects accepted {worst:P0} of proposals in its worst chain: run longer."));
        return w;
    }
}

/// <summary>A GLMM run: the draws and summaries (as the linear sampler's, without σ), the family, and for Poisson the
/// acceptance rate of the Metropolis–Hastings step per chain (empty for the binomial's exact Gibbs).</summary>
public sealed record GlmmMcmcResult(McmcResult Draws, GlmmFamily Family, IReadOnlyList<double> Acceptance);
