using Resampling.Engine;
using Resampling.Mcmc;
using Resampling.Replication;

namespace Resampling.Ranking;

/// <summary>
/// The rank analysis as the <c>resampling rank</c> command runs it, for library users too: resolve what is ranked,
/// run the sources the method names (the MCMC posterior, the type III bootstrap, the confidence sets) and put them into
/// one <see cref="RankReport"/>, the posterior first when there is one.
/// </summary>
public static class RankWorkflow
{
    /// <summary>The methods, by name: one source, or all of them.</summary>
    public static IReadOnlyList<string> Methods { get; } = ["mcmc", "bootstrap", "confidence-set", "all"];

    /// <summary>
    /// The posterior's settings: 4 chains × 1,000 kept iterations (1,000 warm-up) = 4,000 draws, with the MCMC module's
    /// default priors; enough for rank intervals of a few hundred groups.
    /// </summary>
    public static McmcOptions PosteriorOptions(ulong seed) => new() { Seed = seed, Chains = 4, Iterations = 2000, Warmup = 1000 };

    /// <summary>
    /// <see cref="PosteriorOptions(ulong)"/> summarising only the ranked factor's random effects (R̂ and ESS, and the
    /// warnings' counts, of the effects ranked; the other factors' effects are neither reported nor needed): the same
    /// draws, and for those effects the same summaries, as the full run.
    /// </summary>
    public static McmcOptions PosteriorOptions(ulong seed, RankTarget target) => PosteriorOptions(seed) with { SummarisedFactors = [target.Group] };

    /// <summary>
    /// The ranked quantity's posterior draws, with the run's warnings added to <paramref name="notes"/>. A method of its
    /// own so that the MCMC result (every random effect's draws: 640 MB for 20,000 groups) is unreachable once it
    /// returns, whatever the JIT tier of the caller, and is not held beside the rank draws while they are summarised.
    /// </summary>
    public static RankDraws PosteriorDraws(LinearMixedModel model, RankTarget target, ulong seed, List<string> notes,
        IProgress<RunProgress>? progress = null)
    {
        var mcmc = McmcSampler.Run(model, PosteriorOptions(seed, target) with { Progress = progress });
        RankTrace.Mark("MCMC posterior");
        notes.AddRange(mcmc.Warnings.Select(w => "MCMC: " + w));
        var draws = McmcRankDraws.From(mcmc, target);
        RankTrace.Mark("posterior rank draws");
        return draws;
    }

    /// <summary>Whether <paramref name="method"/> runs the given source ("mcmc", "bootstrap" or "confidence-set").</summary>
    public static bool Uses(string method, string source) => method == "all" || method == source;

    /// <summary>
    /// <paramref name="options"/> with the sources <paramref name="method"/> does not use switched off (no replicates, no
    /// set draws); an unknown method is an <see cref="ArgumentException"/>. Shared by the linear and GLMM workflows.
    /// </summary>
    internal static RankOptions ForMethod(string method, RankOptions options)
    {
        if (!Methods.Contains(method))
            throw new ArgumentException($"Unknown rank method '{method}': {string.Join(", ", Methods)}.", nameof(method));
        return options with
        {
            BootstrapReplicates = Uses(method, "bootstrap") ? options.BootstrapReplicates : 0,
            SetDraws = Uses(method, "confidence-set") ? options.SetDraws : 0,
        };
    }

    /// <summary>A join of shards has exactly the posterior and the bootstrap its method uses.</summary>
    internal static void CheckJoin(string method, bool hasPosterior, bool hasBootstrap)
    {
        if (Uses(method, "mcmc") != hasPosterior || Uses(method, "bootstrap") != hasBootstrap)
            throw new ArgumentException($"The {method} method needs {(Uses(method, "mcmc") ? "the posterior" : "no posterior")} and {(Uses(method, "bootstrap") ? "the bootstrap" : "no bootstrap")}.");
    }

    /// <summary>
    /// Ranks the groups of <paramref name="quantity"/> with the sources of <paramref name="method"/>; the bootstrap
    /// replicates and set draws of <paramref name="options"/> apply only when the method uses those sources.
    /// </summary>
    public static RankReport Run(LinearMixedModel model, RankedQuantity quantity, string method, RankOptions options)
    {
        var effective = ForMethod(method, options);
        var target = RankTarget.Resolve(model, quantity);
        RankTrace.Mark("target (prediction covariance)");
        var notes = new List<string>();
        var summarized = new List<DrawRankSummaries>();
        if (Uses(method, "mcmc"))
        {
            summarized.Add(PosteriorSummary(model, target, effective, notes));
            RankTrace.Mark("posterior summaries");
        }
        return RankAnalysis.RunSummarized(target, effective, method, summarized, notes);
    }

    /// <summary>
    /// The posterior's rank summaries; a method of its own so that its draws are unreachable once it returns, before
    /// the bootstrap and the sets run (the report keeps only the summaries).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static DrawRankSummaries PosteriorSummary(LinearMixedModel model, RankTarget target, RankOptions options, List<string> notes) =>
        RankSummarizer.Summarize(PosteriorDraws(model, target, options.Seed, notes, options.PosteriorProgress), options.TopFraction, options.Level);

    /// <summary>
    /// The report of a run made in shards (rank --shard, joined by --merge): <paramref name="posterior"/> is the MCMC run
    /// joined from the shards' chains (<see cref="McmcSampler.FromChains"/> with <see cref="PosteriorOptions(ulong, RankTarget)"/>),
    /// <paramref name="bootstrap"/> the shards' bootstrap rows joined in replicate order; the confidence sets are computed
    /// here. The report is <see cref="Run"/>'s bit for bit.
    /// </summary>
    public static RankReport Join(LinearMixedModel model, RankedQuantity quantity, string method, RankOptions options,
        McmcResult? posterior, TypeThreeBootstrapResult? bootstrap)
    {
        var effective = ForMethod(method, options);
        CheckJoin(method, posterior is not null, bootstrap is not null);
        var target = RankTarget.Resolve(model, quantity);
        var notes = new List<string>();
        var draws = new List<RankDraws>();
        if (posterior is not null)
        {
            notes.AddRange(posterior.Warnings.Select(w => "MCMC: " + w));
            draws.Add(McmcRankDraws.From(posterior, target));
        }
        return RankAnalysis.Run(target, effective, method, draws, notes, bootstrap);
    }
}
