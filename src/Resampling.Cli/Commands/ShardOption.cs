using System.CommandLine;
using Resampling.Cluster;

namespace Resampling.Cli.Commands;

/// <summary>
/// <c>--shard K/N</c> or <c>--shard slurm</c>: run only the K-th of N contiguous blocks of the replicates asked for
/// (<see cref="Shard"/>); the shards' draws files merged are the whole run.
/// </summary>
internal static class ShardOption
{
    public static Option<string?> Create() => new("--shard")
    {
        Description = "Run shard K of N of the replicates (K/N, K from 1), or 'slurm': K from SLURM_ARRAY_TASK_ID, N from SLURM_ARRAY_TASK_COUNT (an array submitted as --array=1-N).",
    };

    public static Shard? Parse(string? text)
    {
        if (text is null) return null;
        try
        {
            return Shard.Parse(text, Environment.GetEnvironmentVariable);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
    }

    public static (long First, int Count) Range(Shard shard, long first, int count, string unit = "replicates")
    {
        try
        {
            return shard.Range(first, count, unit);
        }
        catch (ArgumentException e)
        {
            throw new UsageException("--shard " + shard + ": " + e.Message);
        }
    }
}
