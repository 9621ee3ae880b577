using Resampling.Data;
using Resampling.Glmm;
using Resampling.Mcmc;
using Resampling.Ranking;

namespace Resampling.Cluster;

/// <summary>
/// <c>rank --family --shard K/N</c> and <c>--merge</c>: a generalised model's rank run in shards, through the same
/// <see cref="RankShardFile"/> as a linear one's. A shard runs its block of the type III bootstrap's replicates
/// (<see cref="GlmmTypeThreeBootstrap"/> from its first replicate) and its share of the GLMM sampler's chains
/// (<see cref="GlmmMcmcSampler"/> from its first chain); the join reads every shard (refusing another run, family, link,
/// nagq or data by name) and gives <see cref="GlmmRankWorkflow.Run"/>'s report bit for bit.
/// </summary>
public static class GlmmRankShards
{
    /// <summary>Runs shard <paramref name="plan"/>'s replicates and chains and writes them to <paramref name="path"/>.</summary>
    public static void Run(GeneralizedLinearMixedModel model, RankedQuantity quantity, string method, RankOptions options, RankShardFile.Plan plan,
        string path, string formula)
    {
        var target = RankTarget.Resolve(model, quantity);
        var run = RankShardFile.Run(method, RankWorkflow.Uses(method, "bootstrap") ? options.BootstrapReplicates : 0, options.Seed, target, model, formula);
        var posterior = RankWorkflow.PosteriorOptions(options.Seed);
        McmcResult? chains = plan.Chains.Count > 0
            ? GlmmMcmcSampler.Run(model, posterior with
            {
                FirstChain = plan.Chains.First,
                Chains = plan.Chains.Count,
                Progress = options.PosteriorProgress,
                MaxThreads = options.MaxThreads,
                SummarisedFactors = [],
            }).Draws
            : null;
        TypeThreeBootstrapResult? boot = plan.Replicates.Count > 0
            ? GlmmTypeThreeBootstrap.Run(target, plan.Replicates.Count, options.Seed, options.MaxThreads, options.Progress, options.Cancellation, plan.Replicates.First)
            : null;
        RankShardFile.Write(path, run, plan.Replicates, boot, target.Levels, chains, McmcShardFile.Run(posterior, model, formula));
    }

    /// <summary>The whole run's report from the shards' files: every replicate and chain once, of this run.</summary>
    public static RankReport Join(GeneralizedLinearMixedModel model, RankedQuantity quantity, string method, RankOptions options, IReadOnlyList<string> files,
        string formula)
    {
        var target = RankTarget.Resolve(model, quantity);
        int replicates = RankWorkflow.Uses(method, "bootstrap") ? options.BootstrapReplicates : 0;
        var run = RankShardFile.Run(method, replicates, options.Seed, target, model, formula);
        var posterior = RankWorkflow.PosteriorOptions(options.Seed, target);
        var mcmcRun = McmcShardFile.Run(posterior, model, formula);
        var names = GlmmMcmcSampler.ParameterNames(model);
        var parts = files.Select(p => RankShardFile.Read(p, run, target.Levels.Count, mcmcRun, names, posterior.DrawsPerChain)).ToArray();
        McmcResult? mcmc = null;
        if (RankWorkflow.Uses(method, "mcmc"))
        {
            try
            {
                mcmc = GlmmMcmcSampler.FromChains(model, posterior with { MaxThreads = options.MaxThreads }, parts.SelectMany(p => p.Chains).ToArray(), 0).Draws;
            }
            catch (ArgumentException e)
            {
                throw new DataException($"--merge: {e.Message}");
            }
        }
        var boot = replicates > 0 ? RankShardFile.JoinBootstrap(parts, replicates, options.Seed, target.Levels) : null;
        return GlmmRankWorkflow.Join(model, quantity, method, options, mcmc, boot);
    }
}
