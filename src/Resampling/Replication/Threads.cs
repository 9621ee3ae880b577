namespace Resampling.Replication;

/// <summary>
/// The one thread setting of the options records: <c>MaxThreads</c> is an upper bound on the worker threads, 0 (the
/// default) meaning every core. Results never depend on it.
/// </summary>
public static class Threads
{
    /// <summary>The value that means every core.</summary>
    public const int AllCores = 0;

    /// <summary>The <see cref="ParallelOptions.MaxDegreeOfParallelism"/> for a <c>MaxThreads</c> setting.</summary>
    public static int Parallelism(int maxThreads) => maxThreads switch
    {
        AllCores => -1,
        > 0 => maxThreads,
        _ => throw new ArgumentOutOfRangeException(nameof(maxThreads), maxThreads, "MaxThreads must be positive, or 0 for every core."),
    };

    /// <summary>How many threads a run with this setting may use.</summary>
    public static int Count(int maxThreads) => maxThreads == AllCores ? Environment.ProcessorCount : Math.Max(1, maxThreads);

    public static ParallelOptions Options(int maxThreads, CancellationToken cancellation = default) =>
        new() { MaxDegreeOfParallelism = Parallelism(maxThreads), CancellationToken = cancellation };
}
