namespace Resampling.Replication;

/// <summary>
/// How far a run has got: <see cref="Done"/> units (replicates, or MCMC iterations over all chains) of
/// <see cref="Total"/>. The one progress type of the options records (bootstrap, MCMC, ranking): pass an
/// <see cref="IProgress{T}"/> of it. Reports come from worker threads, one at a time.
/// </summary>
public readonly record struct RunProgress(long Done, long Total);
