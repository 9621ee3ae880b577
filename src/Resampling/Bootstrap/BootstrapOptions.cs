using Resampling.Randomness;
using Resampling.Replication;

namespace Resampling.Bootstrap;

/// <summary>
/// What to run: replicates <see cref="FirstReplicate"/> to <see cref="FirstReplicate"/> + <see cref="Replicates"/> − 1 of
/// the run identified by <see cref="Seed"/>. Replicate i always uses the random stream of (Seed, i), so ranges run
/// separately and merged equal the whole run, whatever the thread count.
/// </summary>
public sealed record BootstrapOptions
{
    public int Replicates { get; init; } = 1000;
    public long FirstReplicate { get; init; } = 1;
    public ulong Seed { get; init; }

    /// <summary>Parametric bootstrap conditional on the estimated random effects (lme4's use.u = TRUE).</summary>
    public bool UseU { get; init; }

    /// <summary>Case bootstrap: also resample the observations within each resampled (innermost) group.</summary>
    public bool ResampleWithinGroups { get; init; }

    /// <summary>
    /// Case bootstrap: whether to resample at each level, as lmeresampler's <c>resample</c>: one entry per grouping
    /// factor, outermost (fewest levels) first, then one for the observations. Null: the outermost groups only, plus
    /// the observations when <see cref="ResampleWithinGroups"/> is set.
    /// </summary>
    public IReadOnlyList<bool>? ResampleLevels { get; init; }

    /// <summary>
    /// Parametric simulation through per-group bases (never touches the n rows) when the model allows it; false forces
    /// the plain simulation of y* row by row. Both give the same distribution, not the same draws.
    /// </summary>
    public bool FastSimulation { get; init; } = true;

    /// <summary>Upper bound on threads; 0 (default) uses every core (<see cref="Threads"/>). Results do not depend on it.</summary>
    public int MaxThreads { get; init; } = Threads.AllCores;

    /// <summary>Replicate indices already done (resuming a run): they are not run again and not in the result.</summary>
    public IReadOnlySet<long>? Skip { get; init; }

    /// <summary>Called for every finished replicate, from one thread at a time, in replicate order within each chunk.</summary>
    public Action<BootstrapDraw>? OnDraw { get; init; }

    /// <summary>Reports the replicates finished so far out of those to run (skipped ones not counted).</summary>
    public IProgress<RunProgress>? Progress { get; init; }

    /// <summary>Stops scheduling new replicates; what is done is returned (and was passed to <see cref="OnDraw"/>).</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>The replicate runner's schedule: replicate i on the stream (Seed, <see cref="StreamPurpose.Replicate"/>, i).</summary>
    internal ReplicateSchedule Schedule() => new(Seed, StreamPurpose.Replicate, FirstReplicate, Replicates)
    {
        MaxThreads = MaxThreads, Skip = Skip, Progress = Progress, Cancellation = Cancellation,
    };

    internal void Validate()
    {
        if (Replicates < 0) throw new ArgumentOutOfRangeException(nameof(Replicates), "The number of replicates must not be negative.");
        if (FirstReplicate < 1) throw new ArgumentOutOfRangeException(nameof(FirstReplicate), "Replicates are numbered from 1.");
    }
}
