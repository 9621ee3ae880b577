using System.Globalization;

namespace Resampling.Cluster;

/// <summary>
/// Shard <see cref="Index"/> of <see cref="Count"/> (numbered from 1) of a resampling run: a contiguous block of its
/// replicate numbers. Replicate i draws from the stream (seed, i) whatever shard runs it, so the shards' draws together
/// are the single-machine run's, bit for bit; the blocks differ in size by at most one replicate.
/// </summary>
public sealed record Shard
{
    public Shard(int index, int count)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), "The number of shards must be at least 1.");
        if (index < 1 || index > count) throw new ArgumentOutOfRangeException(nameof(index), $"Shard {index} of {count}: shards are numbered 1 to {count}.");
        Index = index;
        Count = count;
    }

    public int Index { get; }
    public int Count { get; }

    /// <summary>
    /// The replicates of this shard out of replicates <paramref name="first"/> … <paramref name="first"/> +
    /// <paramref name="total"/> − 1: the first (total mod N) shards take one replicate more. <paramref name="unit"/> names
    /// what is split in the refusal of more shards than units (replicates, or an MCMC run's chains).
    /// </summary>
    public (long First, int Count) Range(long first, int total, string unit = "replicates")
    {
        if (total < Count) throw new ArgumentException($"{total} {unit} cannot be split into {Count} shards: give at most {total} shards.");
        int size = total / Count, extra = total % Count;
        long start = first + (long)(Index - 1) * size + Math.Min(Index - 1, extra);
        return (start, size + (Index <= extra ? 1 : 0));
    }

    public override string ToString() => $"{Index}/{Count}";

    /// <summary>
    /// Reads <c>K/N</c>, or <c>slurm</c>: K from <c>SLURM_ARRAY_TASK_ID</c> and N from <c>SLURM_ARRAY_TASK_COUNT</c>,
    /// which assumes the array was submitted as <c>--array=1-N</c> (task ids from 1, like K). A partial resubmission
    /// (<c>--array=3</c>) has a task count of 1: its script must give K/N itself, as <c>resampling submit</c>'s does.
    /// Errors are <see cref="ArgumentException"/>s with a one-line message.
    /// </summary>
    public static Shard Parse(string text, Func<string, string?> environment)
    {
        if (text.Equals("slurm", StringComparison.OrdinalIgnoreCase))
        {
            string? id = environment("SLURM_ARRAY_TASK_ID"), count = environment("SLURM_ARRAY_TASK_COUNT");
            if (id is null || count is null)
                throw new ArgumentException("--shard slurm: SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT are not set (not inside a Slurm job array?).");
            if (!int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var k) ||
                !int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
                throw new ArgumentException($"--shard slurm: SLURM_ARRAY_TASK_ID '{id}' or SLURM_ARRAY_TASK_COUNT '{count}' is not a number.");
            if (k < 1 || k > n)
                throw new ArgumentException($"--shard slurm: task id {k} is outside 1-{n}; submit the array as --array=1-{n} (task ids from 1).");
            return new Shard(k, n);
        }
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index) &&
            int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var total) && total >= 1 && index >= 1 && index <= total)
            return new Shard(index, total);
        throw new ArgumentException($"--shard '{text}': give K/N with 1 <= K <= N (e.g. 3/8), or slurm.");
    }
}
