using Resampling.Replication;

namespace Resampling.Bootstrap;

/// <summary>
/// Runs a bootstrap scheme's replicates through the <see cref="ReplicateRunner"/>: one kernel per worker thread, replicate
/// i on the stream of (seed, i), each result stored at its index, so the outcome is the same on any number of threads.
/// A replicate that throws is kept as a failed draw (NaN values and the error message) and the run goes on.
/// </summary>
internal static class BootstrapRunner
{
    public static IReadOnlyList<BootstrapDraw> Run(Func<IReplicateKernel> kernelFactory, int valueCount, BootstrapOptions options)
    {
        options.Validate();
        var run = ReplicateRunner.Run(options.Schedule(), kernelFactory,
            (kernel, random, index) =>
            {
                var values = new double[valueCount];
                bool singular = kernel.Run(random, values);
                return new BootstrapDraw(index, values, singular ? DrawStatus.Singular : DrawStatus.Ok);
            },
            (index, e) =>
            {
                var values = new double[valueCount];
                Array.Fill(values, double.NaN);
                return new BootstrapDraw(index, values, DrawStatus.Failed, e.Message);
            },
            options.OnDraw);
        return run.Results;
    }
}
