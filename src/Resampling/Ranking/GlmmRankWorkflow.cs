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
        var effective = RankWorkflow.ForMethod(method, options);
        var target = RankTarget.Resolve(model, quantity);
        var notes = new List<string>();
        var summarized = new List<DrawRankSummaries>();
        if (RankWorkflow.Uses(method, "mcmc")) summarized.Add(PosteriorSummary(model, target, effective, notes));
        var bootstrap = effective.BootstrapReplicates > 0
            ? GlmmTypeThreeBootstrap.Run(target, effective.BootstrapReplicates, effective.Seed, effective.MaxThreads, effective.Progress, effective.Cancellation)
            : null;
        return Finish(target, effective, method, summarized, notes, bootstrap);
    }

    /// <summary>
    /// The report of a run made in shards (<c>rank --family --shard</c>, joined by <c>--merge</c>), as
    /// <see cref="RankWorkflow.Join"/> for a linear model: <paramref name="posterior"/> is the GLMM sampler's run joined from
    /// the shards' chains (<see cref="GlmmMcmcSampler.FromChains"/> with <see cref="RankWorkflow.PosteriorOptions(ulong, RankTarget)"/>),
    /// <paramref name="bootstrap"/> the shards' bootstrap rows joined in replicate order; the confidence sets are computed
    /// here. The report is <see cref="Run"/>'s bit for bit.
    /// </summary>
    public static RankReport Join(GeneralizedLinearMixedModel model, RankedQuantity quantity, string method, RankOptions options,
        McmcResult? posterior, TypeThreeBootstrapResult? bootstrap)
    {
        var effective = RankWorkflow.ForMethod(method, options);
        RankWorkflow.CheckJoin(method, posterior is not null, bootstrap is not null);
        var target = RankTarget.Resolve(model, quantity);
        var notes = new List<string>();
        var summarized = new List<DrawRankSummaries>();
        if (posterior is not null) summarized.Add(Summarize(posterior, target, effective, notes));
        return Finish(target, effective, method, summarized, notes, bootstrap);
    }

    private static RankReport Finish(RankTarget target, RankOptions options, string method, List<DrawRankSummaries> summarized, List<string> notes,
        TypeThreeBootstrapResult? bootstrap)
    {
        if (bootstrap is not null)
            notes.Add("Bootstrap: each replicate's group effects are drawn from the Laplace (normal) approximation to b | y at the refit's (θ*, β*).");
        return RankAnalysis.RunSummarized(target, options, method, summarized, notes, bootstrap);
    }

    private static DrawRankSummaries Summarize(McmcResult posterior, RankTarget target, RankOptions options, List<string> notes)
    {
        notes.AddRange(posterior.Warnings.Select(w => "MCMC: " + w));
        return RankSummarizer.Summarize(McmcRankDraws.From(posterior, target), options.TopFraction, options.Level);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static DrawRankSummaries PosteriorSummary(GeneralizedLinearMixedModel model, RankTarget target, RankOptions options, List<string> notes)
    {
        var run = GlmmMcmcSampler.Run(model, RankWorkflow.PosteriorOptions(options.Seed, target) with { Progress = options.PosteriorProgress, MaxThreads = options.MaxThreads });
        return Summarize(run.Draws, target, options, notes);
    }
}
