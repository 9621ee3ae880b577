namespace Resampling.Cluster;

/// <summary>The scheduler's commands (sbatch, squeue) are not on the PATH, or refused the submission.</summary>
public sealed class SchedulerUnavailableException(string message) : Exception(message);
