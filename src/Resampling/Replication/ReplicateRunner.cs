using Resampling.Randomness;

namespace Resampling.Replication;

/// <summary>
/// The one deterministic parallel replicate runner of the toolkit (bootstrap schemes, the ranking's type III bootstrap,
/// MCMC chains). Replicates run over fixed chunks of consecutive indices on per-thread workers; each replicate starts
/// the worker thread's one <see cref="RandomStream"/> afresh on its key (seed, purpose, index) and its result is stored
/// at its index, so the outcome is the same on any number of threads. Failure policy: a replicate that throws (other
/// than out of memory) is counted in <see cref="ReplicateRun{T}.Failed"/> and, when the caller gives a mapping, kept
/// as a failed result; the run goes on. Cancellation stops starting replicates; every finished one is kept.
/// </summary>
internal static class ReplicateRunner
{
    private const int MaxChunk = 16;

    /// <param name="schedule">Seed, purpose, index range, threads, skip set, progress, cancellation.</param>
    /// <param name="newWorker">Makes one worker per thread (buffers, factorisations): reused across its replicates.</param>
    /// <param name="replicate">Runs replicate <c>index</c> on the worker with the replicate's stream.</param>
    /// <param name="failed">Result to keep for a replicate that threw; null: the failure is only counted.</param>
    /// <param name="onFinished">Called for each result, one call at a time, in replicate order within each chunk.</param>
    public static ReplicateRun<T> Run<TWorker, T>(ReplicateSchedule schedule, Func<TWorker> newWorker,
        Func<TWorker, RandomStream, long, T> replicate, Func<long, Exception, T>? failed = null, Action<T>? onFinished = null)
        where T : class
    {
        schedule.Validate();
        int count = schedule.Count;
        long first = schedule.First;
        var skip = schedule.Skip;
        long total = skip is null ? count : Enumerable.Range(0, count).LongCount(k => !skip.Contains(first + k));
        var results = new T?[count];
        // Chunks of up to 16 keep the scheduling cost per replicate small; fewer replicates than threads × 4 get chunks
        // of one so that a handful (MCMC chains) still spread over the threads. Results do not depend on the chunking.
        int chunk = (int)Math.Clamp(total / (4L * Threads.Count(schedule.MaxThreads)), 1, MaxChunk);
        int chunks = (count + chunk - 1) / chunk;
        long finished = 0;
        int failures = 0, attempted = 0;
        Exception? firstFailure = null;
        long firstFailureIndex = long.MaxValue;
        var gate = new object();
        var cancel = schedule.Cancellation;
        // The token stops Parallel.For from starting chunks; the checks inside a chunk stop the replicates of chunks
        // already running. Either way every replicate that finished is kept and was passed to onFinished.
        try
        {
            Parallel.For(0, chunks, Threads.Options(schedule.MaxThreads, cancel),
                () => (Worker: newWorker(), Random: new RandomStream(schedule.Seed, schedule.Purpose, first)),
                (c, _, local) =>
                {
                    int from = c * chunk, to = Math.Min(count, from + chunk);
                    int done = 0, bad = 0;
                    Exception? badFirst = null;
                    long badIndex = long.MaxValue;
                    for (int k = from; k < to && !cancel.IsCancellationRequested; k++)
                    {
                        long index = first + k;
                        if (skip?.Contains(index) == true) continue;
                        local.Random.Reset(schedule.Seed, schedule.Purpose, index);
                        try
                        {
                            results[k] = replicate(local.Worker, local.Random, index);
                        }
                        catch (Exception e) when (e is not OutOfMemoryException)
                        {
                            if (bad++ == 0) { badFirst = e; badIndex = index; }
                            if (failed is not null) results[k] = failed(index, e);
                        }
                        done++;
                    }
                    lock (gate)
                    {
                        if (onFinished is not null)
                            for (int k = from; k < to; k++) if (results[k] is { } r) onFinished(r);
                        finished += done;
                        attempted += done;
                        failures += bad;
                        // The lowest failed index, not the first to finish, so the reported failure does not depend on threads.
                        if (badFirst is not null && badIndex < firstFailureIndex) { firstFailure = badFirst; firstFailureIndex = badIndex; }
                        schedule.Progress?.Report(new RunProgress(finished, total));
                    }
                    return local;
                },
                _ => { });
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested) { }
        var kept = new List<T>(count);
        foreach (var r in results) if (r is not null) kept.Add(r);
        return new ReplicateRun<T>(kept, attempted, failures, firstFailure, cancel.IsCancellationRequested);
    }
}
