namespace Resampling.Replication;

/// <summary>
/// What a <see cref="ReplicateRunner"/> run produced: the results in replicate order, and the count of replicates that
/// threw (each either kept as a failed result, when the caller maps failures to results, or only counted here: a
/// failure is never lost without trace).
/// </summary>
internal sealed record ReplicateRun<T>(IReadOnlyList<T> Results, int Attempted, int Failed, Exception? FirstFailure, bool Cancelled);
