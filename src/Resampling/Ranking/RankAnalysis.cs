using MathNet.Numerics.Distributions;
using Resampling.Replication;

namespace Resampling.Ranking;

/// <summary>Options of a rank analysis: which sources, how many draws, the top share, the interval level, the seed.</summary>
public sealed record RankOptions
{
    public double TopFraction { get; init; } = 0.1;
    public double Level { get; init; } = 0.95;
    public ulong Seed { get; init; } = 20240601;
    /// <summary>Type III bootstrap replicates (0: no bootstrap).</summary>
    public int BootstrapReplicates { get; init; } = 2000;
    /// <summary>Draws for the max-t critical values of the confidence sets (0: no sets).</summary>
    public int SetDraws { get; init; } = 1000;
    /// <summary>Upper bound on threads; 0 (default) uses every core (<see cref="Threads"/>). Results do not depend on it.</summary>
    public int MaxThreads { get; init; } = Threads.AllCores;
    /// <summary>Progress of the type III bootstrap (replicates finished of those to run).</summary>
    public IProgress<RunProgress>? Progress { get; init; }
    /// <summary>Progress of the MCMC posterior when <see cref="RankWorkflow"/> runs it (iterations over all chains).</summary>
    public IProgress<RunProgress>? PosteriorProgress { get; init; }
    /// <summary>Stops the type III bootstrap starting replicates; the report summarises those finished.</summary>
    public CancellationToken Cancellation { get; init; }
}

/// <summary>Puts the sources together into one <see cref="RankReport"/>.</summary>
public static class RankAnalysis
{
    /// <summary>
    /// Runs the bootstrap and the confidence sets as the options ask and adds any draws given (e.g. the MCMC posterior,
    /// listed first so they become the primary source).
    /// </summary>
    /// <remarks><paramref name="bootstrap"/>, when given, is the bootstrap already run (shards joined): it is used instead of running one.</remarks>
    public static RankReport Run(RankTarget target, RankOptions options, string method, IReadOnlyList<RankDraws>? extraDraws = null, IReadOnlyList<string>? notes = null,
        TypeThreeBootstrapResult? bootstrap = null)
    {
        var sources = new List<DrawRankSummaries>();
        foreach (var d in extraDraws ?? []) sources.Add(RankSummarizer.Summarize(d, options.TopFraction, options.Level));
        return RunSummarized(target, options, method, sources, notes, bootstrap);
    }

    /// <summary>
    /// <see cref="Run"/> with the extra sources already summarised (<paramref name="sources"/>, listed first): the
    /// caller need not hold their draws while the bootstrap and the sets run (the posterior's are 640 MB at 20,000 groups).
    /// </summary>
    internal static RankReport RunSummarized(RankTarget target, RankOptions options, string method, List<DrawRankSummaries> sources,
        IReadOnlyList<string>? notes = null, TypeThreeBootstrapResult? bootstrap = null)
    {
        var allNotes = new List<string>(notes ?? []);
        Func<RankConfidenceSetResult>? computeSets = options.SetDraws > 0
            ? () => RankConfidenceSets.Compute(target.Estimates, target.PredictionCovariance, () => target.Covariance.Storage, options.Seed, options.SetDraws, options.Level, stepdown: true)
            : null;
        // The sets need only the target: computed beside the bootstrap (which keeps every core busy), they fill the
        // moments a core would otherwise idle (their serial steps, the ends of their parallel loops) and cost no wall
        // time of their own. Not when their memory is large (many groups): then after the bootstrap, so that the two
        // peaks do not add up. The same sets either way (a function of the target and the seed).
        var early = computeSets is not null && options.BootstrapReplicates > 0 && SetMemory(target, options.SetDraws) <= ConcurrentSetBytes
            ? Task.Run(computeSets)
            : null;
        if (options.BootstrapReplicates > 0)
        {
            var boot = bootstrap ?? TypeThreeBootstrap.Run(target, options.BootstrapReplicates, options.Seed, maxThreads: options.MaxThreads,
                progress: options.Progress, cancellation: options.Cancellation);
            RankTrace.Mark("bootstrap");
            if (boot.Failed > 0) allNotes.Add($"{boot.Failed} of {boot.Replicates} bootstrap refits failed and were dropped.");
            sources.Add(RankSummarizer.Summarize(boot.Draws, options.TopFraction, options.Level));
            RankTrace.Mark("bootstrap summaries");
        }
        RankConfidenceSetResult? sets = early is not null ? early.GetAwaiter().GetResult() : computeSets?.Invoke();
        RankTrace.Mark("confidence sets");
        var report = Assemble(target, method, options, sources, sets, allNotes);
        RankTrace.Mark("rows (expected ranks)");
        return report;
    }

    public static RankReport Assemble(RankTarget target, string method, RankOptions options, IReadOnlyList<DrawRankSummaries> sources,
        RankConfidenceSetResult? sets, IReadOnlyList<string> notes)
    {
        int groups = target.Levels.Count;
        double z = RankReport.NormalQuantile(options.Level);
        var est = target.Estimates;
        var cov = target.PredictionCovariance;
        var effectCov = target.EffectPredictionCovariance;
        var variance = new double[groups];
        for (int j = 0; j < groups; j++) variance[j] = cov[j, j];
        // Above rank J/2 (another factor's levels in U) an entry costs O(r) each of the J²/2 times it is read: the dense
        // form (the same entries, built once and shared with the confidence sets) costs that once.
        double[,]? full = 2L * cov.Rank > groups ? target.Covariance.Storage : null;
        // O(J²) pairs, each O(rank of the covariance), no J×J matrix: each unordered pair once, Φ(t) to the lower
        // group and 1 − Φ(t) to the other (the same sums as pair by pair to ~1e-15). The rows j are cut into a fixed
        // number of blocks of equal work (row j has J − 1 − j pairs), each with its own partial sums, added up in block
        // order: the same expected ranks, to the last bit, whatever the number of threads and however they are scheduled.
        int blockCount = Math.Max(1, Math.Min(PairBlocks, groups));
        var blockStart = PairBlockStarts(groups, blockCount);
        var partialExpected = new double[blockCount][];
        var partialAbove = new int[blockCount][];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Threads.Parallelism(options.MaxThreads) };
        Parallel.For(0, blockCount, parallel, b =>
        {
            var exp = new double[groups];
            var above = new int[groups];
            for (int j = blockStart[b]; j < blockStart[b + 1]; j++)
                for (int k = j + 1; k < groups; k++)
                {
                    if (est[k] > est[j]) above[j]++;
                    else if (est[j] > est[k]) above[k]++;
                    double s = Math.Sqrt(Math.Max(variance[j] + variance[k] - 2 * (full is null ? cov[j, k] : full[j, k]), 0));
                    if (s > 0)
                    {
                        double phi = NormalCdf((est[k] - est[j]) / s);
                        exp[j] += phi;
                        exp[k] += 1 - phi;
                    }
                    else if (est[k] > est[j]) exp[j] += 1;
                    else if (est[j] > est[k]) exp[k] += 1;
                }
            partialExpected[b] = exp;
            partialAbove[b] = above;
        });
        var expected = new double[groups];
        var rankOf = new int[groups];
        for (int b = 0; b < blockCount; b++)
        {
            var exp = partialExpected[b];
            var above = partialAbove[b];
            for (int j = 0; j < groups; j++) { expected[j] += exp[j]; rankOf[j] += above[j]; }
        }
        var rows = new GroupRankRow[groups];
        for (int j = 0; j < groups; j++)
        {
            double sd = Math.Sqrt(variance[j]);
            double esd = Math.Sqrt(effectCov[j, j]);
            double e = target.Effects[j];
            string flag = e - z * esd > 0 ? "above" : e + z * esd < 0 ? "below" : "";
            rows[j] = new GroupRankRow(target.Levels[j], est[j], sd, est[j] - z * sd, est[j] + z * sd, target.ConditionalSd[j],
                1 + rankOf[j], 1 + expected[j], flag, sources.Select(s => s.Groups[j]).ToList(),
                sets?.MarginalLower[j], sets?.MarginalUpper[j], sets?.SimultaneousLower[j], sets?.SimultaneousUpper[j]);
        }
        return new RankReport(target, method, options.TopFraction, RankSummarizer.TopCount(groups, options.TopFraction), options.Level,
            options.Seed, sources, sets, rows, notes);
    }

    /// <summary>Above this working memory the confidence sets wait for the bootstrap rather than run beside it.</summary>
    private const double ConcurrentSetBytes = 128e6;

    /// <summary>
    /// The confidence sets' working memory, roughly: per draw and group its error, sorted value and order (20 bytes),
    /// the pair bitset (J²/8 bytes) and, when the covariance is dense, its J² doubles.
    /// </summary>
    private static double SetMemory(RankTarget target, int draws)
    {
        double groups = target.Levels.Count;
        return draws * groups * 20 + groups * groups / 8 + (2L * target.PredictionCovariance.Rank > groups ? groups * groups * 8 : 0);
    }

    /// <summary>Blocks of the pair loop: a constant (not the thread count), enough to balance two to a few dozen cores.</summary>
    private const int PairBlocks = 32;

    /// <summary>Block b holds rows [start[b], start[b + 1]), each block about (J² / 2) / blocks pairs.</summary>
    private static int[] PairBlockStarts(int groups, int blocks)
    {
        var start = new int[blocks + 1];
        double total = (double)groups * (groups - 1) / 2, done = 0;
        int j = 0;
        for (int b = 1; b < blocks; b++)
        {
            double goal = total * b / blocks;
            while (j < groups && done + (groups - 1 - j) <= goal) done += groups - 1 - j++;
            start[b] = j;
        }
        start[blocks] = groups;
        return start;
    }

    /// <summary>
    /// Φ(x); beyond ±8.5 it is 1, or below 1e-17 (lost in an expected rank, which is at least 1), so the tails skip
    /// the erfc.
    /// </summary>
    private static double NormalCdf(double x) => x > 8.5 ? 1 : x < -8.5 ? 0 : Normal.CDF(0, 1, x);
}
