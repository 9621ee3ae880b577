using Resampling.Randomness;
namespace Resampling.Bootstrap;

/// <summary>
/// Runs replicates in parallel over fixed chunks of consecutive indices, each replicate on its own random stream,
/// and stores each result at its index: the outcome is the same on any number of threads. A replicate that throws is
/// recorded as failed and the run goes on.
/// </summary>
internal static class BootstrapRunner
{
    private const int ChunkSize = 16;

    public static IReadOnlyList<BootstrapDraw> Run(Func<IReplicateKernel> kernelFactory, int valueCount, BootstrapOptions options)
    {
        options.Validate();
        long first = options.FirstReplicate;
        int count = options.Replicates;
        var results = new BootstrapDraw?[count];
        int chunks = (count + ChunkSize - 1) / ChunkSize;
        long finished = 0;
        var gate = new object();
        var cancel = options.Cancellation;
        // The token stops Parallel.For from starting chunks; the checks inside a chunk stop the replicates of chunks
        // already running. Either way every replicate that finished is kept and was passed to OnDraw.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxThreads, CancellationToken = cancel };
        try
        {
            Parallel.For(0, chunks, parallel,
                () => (Kernel: kernelFactory(), Random: new ReplicateRandom(options.Seed, 0)),
                (chunk, state, local) =>
                {
                    int from = chunk * ChunkSize, to = Math.Min(count, from + ChunkSize);
                    int done = 0;
                    for (int k = from; k < to && !cancel.IsCancellationRequested; k++)
                    {
                        long index = first + k;
                        if (options.Skip?.Contains(index) == true) continue;
                        results[k] = RunOne(local.Kernel, local.Random, options.Seed, index, valueCount);
                        done++;
                    }
                    lock (gate)
                    {
                        if (options.OnDraw is { } sink)
                            for (int k = from; k < to; k++) if (results[k] is { } d) sink(d);
                        finished += done;
                        options.Progress?.Report(finished);
                    }
                    return local;
                },
                _ => { });
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested) { }
        return results.Where(r => r is not null).Select(r => r!).ToArray();
    }

    private static BootstrapDraw RunOne(IReplicateKernel kernel, ReplicateRandom random, ulong seed, long index, int valueCount)
    {
        random.Reset(seed, index);
        var values = new double[valueCount];
        try
        {
            bool singular = kernel.Run(random, values);
            return new BootstrapDraw(index, values, singular ? DrawStatus.Singular : DrawStatus.Ok);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Array.Fill(values, double.NaN);
            return new BootstrapDraw(index, values, DrawStatus.Failed, e.Message);
        }
    }
}
