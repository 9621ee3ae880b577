using Resampling.Glmm;
using Resampling.Mcmc;
using Resampling.Model;

namespace Resampling.Ranking;

/// <summary>
/// The rank analysis of a generalised linear mixed model's groups (<c>resampling rank --family</c>): the posterior of the
/// GLMM sampler (<see cref="GlmmMcmcSampler"/>, the same 4 × 1,000 draws as the linear posterior) and the confidence sets
/// from the conditional modes and variances (<see cref="RankTarget.Resolve(GeneralizedLinearMixedModel, RankedQuantity?)"/>)
/// and the type III bootstrap (<see cref="GlmmTypeThreeBootstrap"/>: the conditional draws by the Laplace approximation).
/// </summary>
public static class GlmmRankWorkflow
{
    public static RankReport Run(GeneralizedLinearMixedModel model, RankedQuantity quantity, string method, RankOptions options)
    {
        if (!RankWorkflow.Methods.Contains(method))
            throw new ArgumentException($"Unknown rank method '{method}': {string.Join(", ", RankWorkflow.Methods)}.", nameof(method));
        var target = RankTarget.Resolve(model, quantity);
        var effective = options with
        {
            BootstrapReplicates = RankWorkflow.Uses(method, "bootstrap") ? options.BootstrapReplicates : 0,
            SetDraws = RankWorkflow.Uses(method, "confidence-set") ? options.SetDraws : 0,
        };
        var notes = new List<string>();
        notes.Add("Confidence sets use each group's conditional variance with the fixed effects held at their estimates (plus their variance at a profile), a normal approximation on the link scale.");
        var summarized = new List<DrawRankSummaries>();
        if (RankWorkflow.Uses(method, "mcmc")) summarized.Add(PosteriorSummary(model, target, effective, notes));
        var bootstrap = effective.BootstrapReplicates > 0
            ? GlmmTypeThreeBootstrap.Run(target, effective.BootstrapReplicates, effective.Seed, effective.MaxThreads, effective.Progress, effective.Cancellation)
            : null;
        if (bootstrap is not null)
            notes.Add("Bootstrap: each replicate's group effects are drawn from the Laplace (normal) approximation to b | y at the refit's (θ*, β*).");
        return RankAnalysis.RunSummarized(target, effective, method, summarized, notes, bootstrap);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static DrawRankSummaries PosteriorSummary(GeneralizedLinearMixedModel model, RankTarget target, RankOptions options, List<string> notes)
    {
        var run = GlmmMcmcSampler.Run(model, RankWorkflow.PosteriorOptions(options.Seed, target) with { Progress = options.PosteriorProgress, MaxThreads = options.MaxThreads });
        notes.AddRange(run.Draws.Warnings.Select(w => "MCMC: " + w));
        return RankSummarizer.Summarize(McmcRankDraws.From(run.Draws, target), options.TopFraction, options.Level);
    }
}
