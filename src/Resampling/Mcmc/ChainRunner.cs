using System.Diagnostics;
using Resampling.Randomness;
using Resampling.Replication;

namespace Resampling.Mcmc;

/// <summary>One chain of a sampler, as <see cref="ChainRunner"/> drives it.</summary>
internal interface ISweepingChain
{
    /// <summary>One sweep of the chain; <paramref name="warmup"/> while the draw will not be kept.</summary>
    void Sweep(bool warmup);

    /// <summary>Writes the current state's parameters and random effects.</summary>
    void Record(Span<double> parameters, Span<double> effects);

    int Proposed { get; }
    int Accepted { get; }
}

/// <summary>The chains' draws, chain-major, as the samplers assemble them.</summary>
internal sealed record ChainDraws(double[][] ParameterDraws, double[][] EffectDraws, double[] Acceptance, double ElapsedSeconds);

/// <summary>
/// Runs a sampler's chains, the linear and the generalised one alike. Chains are the replicates: chain c (from
/// <see cref="McmcOptions.FirstChain"/>) runs on the stream (seed, Chain, c), so the draws do not depend on the thread
/// count. Progress counts iterations, so the chains report it themselves rather than through the runner's per-replicate
/// count.
/// </summary>
internal static class ChainRunner
{
    /// <param name="options">Chains, iterations, warm-up, thinning, seed, threads and progress.</param>
    /// <param name="parameters">k, the parameters each kept draw records.</param>
    /// <param name="effects">e, the random effects each kept draw records (0 when they are not kept).</param>
    /// <param name="create">A new chain on its stream.</param>
    public static ChainDraws Run(McmcOptions options, int parameters, int effects, Func<RandomStream, ISweepingChain> create)
    {
        int chains = options.Chains, perChain = options.DrawsPerChain, k = parameters, e = effects;
        var parameterDraws = new double[chains][];
        // Every random effect's draws, chain-major, written by the chains in place (chain c fills [c·n, (c+1)·n) of each):
        // held once, with no per-chain copy to transpose (640 MB each for 20,000 groups and 4,000 draws).
        var effectDraws = new double[e][];
        for (int j = 0; j < e; j++) effectDraws[j] = new double[chains * perChain];
        var acceptance = new double[chains];
        long done = 0, total = (long)chains * options.Iterations;
        long reportEvery = Math.Max(1, total / 200);
        var clock = Stopwatch.StartNew();
        var schedule = new ReplicateSchedule(options.Seed, StreamPurpose.Chain, options.FirstChain, chains) { MaxThreads = options.MaxThreads };
        var run = ReplicateRunner.Run(schedule, () => new object(), (_, random, index) =>
        {
            int c = (int)(index - options.FirstChain);
            var chain = create(random);
            var pd = new double[perChain * k];
            // The effects of the last few kept draws, draw-major, written into the effects' arrays a block at a time: one
            // draw's e values scattered over e arrays touch e cache lines (12,036 per draw for students × teachers ×
            // schools); a block of EffectBlock draws fills one line of each.
            var block = new double[EffectBlock * e];
            int kept = 0, pending = 0;
            for (int it = 0; it < options.Iterations; it++)
            {
                chain.Sweep(it < options.Warmup);
                if (it >= options.Warmup && (it - options.Warmup) % options.Thin == 0)
                {
                    chain.Record(pd.AsSpan(kept * k, k), block.AsSpan(pending * e, e));
                    kept++;
                    if (++pending == EffectBlock || kept == perChain)
                    {
                        WriteEffects(block, pending, e, effectDraws, c * perChain + kept - pending);
                        pending = 0;
                    }
                }
                if (options.Progress is { } progress)
                {
                    long d = Interlocked.Increment(ref done);
                    // Chains report from their own threads: one report at a time keeps a console bar readable.
                    if (d % reportEvery == 0 || d == total) lock (progress) progress.Report(new RunProgress(d, total));
                }
            }
            acceptance[c] = chain.Proposed > 0 ? (double)chain.Accepted / chain.Proposed : double.NaN;
            parameterDraws[c] = pd;
            return pd;
        });
        // Every chain is needed: a failed chain fails the run with its own one-line exception (the lowest chain's).
        if (run.FirstFailure is { } failure) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        return new ChainDraws(parameterDraws, effectDraws, acceptance, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// The chains of a run sampled apart (shards of the chains), laid out as <see cref="Run"/> lays out its own: every
    /// chain FirstChain … FirstChain + Chains − 1 of <paramref name="options"/> once, in any order, with k parameters and e
    /// effects per kept draw. A missing, repeated or wrongly sized chain is an <see cref="ArgumentException"/>. Shared by
    /// the linear and the generalised sampler's FromChains.
    /// </summary>
    public static ChainDraws Gather(McmcOptions options, int parameters, int effects, IReadOnlyList<McmcChain> chains, double elapsedSeconds)
    {
        int n = options.Chains, perChain = options.DrawsPerChain, k = parameters, e = effects;
        var parameterDraws = new double[n][];
        var effectDraws = new double[e][];
        for (int j = 0; j < e; j++) effectDraws[j] = new double[n * perChain];
        var acceptance = new double[n];
        foreach (var chain in chains)
        {
            int c = chain.Number - options.FirstChain;
            if (c < 0 || c >= n) throw new ArgumentException($"Chain {chain.Number} is not one of chains {options.FirstChain}-{options.FirstChain + n - 1}.");
            if (parameterDraws[c] is not null) throw new ArgumentException($"Chain {chain.Number} is given twice.");
            if (chain.ParameterDraws.Count != perChain * k || chain.EffectDraws.Count != perChain * e)
                throw new ArgumentException($"Chain {chain.Number} has {chain.ParameterDraws.Count / Math.Max(k, 1)} draws of {k} parameters and {e} effects; the run keeps {perChain} draws per chain.");
            parameterDraws[c] = chain.ParameterDraws.AsSpan().ToArray();
            for (int i = 0; i < perChain; i++)
                for (int j = 0; j < e; j++) effectDraws[j][c * perChain + i] = chain.EffectDraws[i * e + j];
            acceptance[c] = chain.Acceptance;
        }
        int missing = Array.FindIndex(parameterDraws, d => d is null);
        if (missing >= 0) throw new ArgumentException($"Chain {options.FirstChain + missing} is missing.");
        return new ChainDraws(parameterDraws, effectDraws, acceptance, elapsedSeconds);
    }

    /// <summary>Kept draws whose effects are held before they are written into the effects' arrays.</summary>
    private const int EffectBlock = 8;

    /// <summary>Effect j of draw i of <paramref name="block"/> (draw-major, <paramref name="count"/> draws of e) into
    /// <paramref name="effectDraws"/>[j][<paramref name="at"/> + i].</summary>
    private static void WriteEffects(double[] block, int count, int e, double[][] effectDraws, int at)
    {
        for (int j = 0; j < e; j++)
        {
            var target = effectDraws[j].AsSpan(at, count);
            for (int i = 0; i < count; i++) target[i] = block[i * e + j];
        }
    }

    /// <summary>Per parameter, its draws chain after chain (from each chain's draw-major rows of k).</summary>
    public static double[][] Transpose(double[][] perChain, int chains, int n, int k)
    {
        var result = new double[k][];
        for (int j = 0; j < k; j++)
        {
            var d = new double[chains * n];
            for (int c = 0; c < chains; c++)
                for (int i = 0; i < n; i++) d[c * n + i] = perChain[c][i * k + j];
            result[j] = d;
        }
        return result;
    }

    /// <summary>
    /// The random effects' summaries the options ask for (<see cref="McmcOptions.SummarisedFactors"/>): every effect, or
    /// those of the named factors' terms in effect order. Each summary is the one the whole set would give (a summary
    /// reads only its own effect's draws).
    /// </summary>
    /// <param name="names">Every random effect's name.</param>
    /// <param name="draws">Every random effect's draws, chain-major.</param>
    /// <param name="terms">Per term, in effect order: its grouping factor, its first effect and its effect count (levels × columns).</param>
    /// <param name="options">The run's options: chains, threads and <see cref="McmcOptions.SummarisedFactors"/>.</param>
    public static ParameterSummary[] SummariseEffects(IReadOnlyList<string> names, double[][] draws,
        IEnumerable<(string Factor, int First, int Count)> terms, McmcOptions options)
    {
        if (options.SummarisedFactors is not { } factors) return Summarise(names, draws, options.Chains, options.MaxThreads);
        var picked = new List<int>();
        foreach (var (factor, first, count) in terms)
            if (factors.Contains(factor))
                for (int i = 0; i < count; i++) picked.Add(first + i);
        return Summarise(picked.Select(i => names[i]).ToArray(), picked.Select(i => draws[i]).ToArray(), options.Chains, options.MaxThreads);
    }

    /// <summary>
    /// The warnings' lines on the summarised random effects: how many have R̂ above <see cref="McmcSampler.RhatThreshold"/>
    /// and bulk- or tail-ESS below <see cref="McmcSampler.EssThreshold"/>, out of every effect or, when only some
    /// factors' effects are summarised, out of those (and the line says so).
    /// </summary>
    public static void AddEffectWarnings(List<string> warnings, IReadOnlyList<ParameterSummary> effects, McmcOptions options)
    {
        int badRhat = effects.Count(s => s.Rhat > McmcSampler.RhatThreshold);
        int lowEss = effects.Count(s => Math.Min(s.EssBulk, s.EssTail) < McmcSampler.EssThreshold);
        string of = options.SummarisedFactors is { } factors
            ? $"of the {effects.Count} random effects of {string.Join(", ", factors)} (the only ones summarised)"
            : $"of {effects.Count} random effects";
        if (badRhat > 0) warnings.Add($"{badRhat} {of} have R-hat > {McmcSampler.RhatThreshold}.");
        if (lowEss > 0) warnings.Add($"{lowEss} {of} have bulk- or tail-ESS < {McmcSampler.EssThreshold}.");
    }

    /// <summary>R-hat, ESS and quantiles of every named quantity, in parallel.</summary>
    public static ParameterSummary[] Summarise(IReadOnlyList<string> names, double[][] draws, int chains, int maxThreads)
    {
        var result = new ParameterSummary[names.Count];
        Parallel.For(0, names.Count, Threads.Options(maxThreads), i => result[i] = ParameterSummary.From(names[i], draws[i], chains));
        return result;
    }
}
