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
    public static RankReport Run(RankTarget target, RankOptions options, string method, IReadOnlyList<RankDraws>? extraDraws = null, IReadOnlyList<string>? notes = null)
    {
        var sources = new List<DrawRankSummaries>();
        foreach (var d in extraDraws ?? []) sources.Add(RankSummarizer.Summarize(d, options.TopFraction, options.Level));
        var allNotes = new List<string>(notes ?? []);
        if (options.BootstrapReplicates > 0)
        {
            var boot = TypeThreeBootstrap.Run(target, options.BootstrapReplicates, options.Seed, maxThreads: options.MaxThreads,
                progress: options.Progress, cancellation: options.Cancellation);
            if (boot.Failed > 0) allNotes.Add($"{boot.Failed} of {boot.Replicates} bootstrap refits failed and were dropped.");
            sources.Add(RankSummarizer.Summarize(boot.Draws, options.TopFraction, options.Level));
        }
        RankConfidenceSetResult? sets = options.SetDraws > 0
            ? RankConfidenceSets.Compute(target.Estimates, target.PredictionCovariance, options.Seed, options.SetDraws, options.Level)
            : null;
        return Assemble(target, method, options, sources, sets, allNotes);
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
        var rows = new GroupRankRow[groups];
        // O(J²) pairs, each O(rank of the covariance): parallel over groups; no J×J matrix is formed.
        Parallel.For(0, groups, new ParallelOptions { MaxDegreeOfParallelism = Threads.Parallelism(options.MaxThreads) }, j =>
        {
            double sd = Math.Sqrt(variance[j]);
            int rank = 1;
            double expected = 1;
            for (int k = 0; k < groups; k++)
            {
                if (k == j) continue;
                if (est[k] > est[j]) rank++;
                double s = Math.Sqrt(Math.Max(variance[j] + variance[k] - 2 * cov[j, k], 0));
                expected += s > 0 ? NormalCdf((est[k] - est[j]) / s) : est[k] > est[j] ? 1 : 0;
            }
            double esd = Math.Sqrt(effectCov[j, j]);
            double e = target.Effects[j];
            string flag = e - z * esd > 0 ? "above" : e + z * esd < 0 ? "below" : "";
            rows[j] = new GroupRankRow(target.Levels[j], est[j], sd, est[j] - z * sd, est[j] + z * sd, target.ConditionalSd[j],
                rank, expected, flag, sources.Select(s => s.Groups[j]).ToList(),
                sets?.MarginalLower[j], sets?.MarginalUpper[j], sets?.SimultaneousLower[j], sets?.SimultaneousUpper[j]);
        });
        return new RankReport(target, method, options.TopFraction, RankSummarizer.TopCount(groups, options.TopFraction), options.Level,
            options.Seed, sources, sets, rows, notes);
    }

    /// <summary>
    /// Φ(x); beyond ±8.5 the value it would add to an expected rank (≥ 1) is exactly 1 or is lost to rounding, so the
    /// tails skip the erfc (the same sums, bit for bit, at a fraction of the cost for many groups).
    /// </summary>
    private static double NormalCdf(double x) => x > 8.5 ? 1 : x < -8.5 ? 0 : Normal.CDF(0, 1, x);
}
