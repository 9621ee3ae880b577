using Resampling.Randomness;

namespace Resampling.Replication;

/// <summary>
/// Which replicates to run: indices <see cref="First"/> to <see cref="First"/> + <see cref="Count"/> − 1 (numbered from
/// 1), replicate i on the random stream (<see cref="Seed"/>, <see cref="Purpose"/>, i). Because a replicate's draws depend
/// on its index alone, ranges run separately and merged equal the whole run, whatever <see cref="MaxThreads"/>.
/// </summary>
internal sealed record ReplicateSchedule(ulong Seed, StreamPurpose Purpose, long First, int Count)
{
    /// <summary>Upper bound on threads; 0 for every core (<see cref="Threads"/>).</summary>
    public int MaxThreads { get; init; }

    /// <summary>Indices already done (resuming a run): not run again and not in the result.</summary>
    public IReadOnlySet<long>? Skip { get; init; }

    /// <summary>Replicates finished so far out of those to run (skipped ones not counted); null: no reports.</summary>
    public IProgress<RunProgress>? Progress { get; init; }

    /// <summary>Stops starting replicates; those finished are kept.</summary>
    public CancellationToken Cancellation { get; init; }

    public void Validate()
    {
        if (Count < 0) throw new ArgumentOutOfRangeException(nameof(Count), "The number of replicates must not be negative.");
        if (First < 1) throw new ArgumentOutOfRangeException(nameof(First), "Replicates are numbered from 1.");
        Threads.Parallelism(MaxThreads);
    }
}
