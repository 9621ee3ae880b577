using Resampling.Cluster;

namespace Resampling.Tests.Cluster;

/// <summary>Shards are contiguous blocks that together cover the replicates asked for exactly once.</summary>
public class ShardTests
{
    [Theory]
    [InlineData(1L, 1000, 4)]
    [InlineData(1L, 10, 3)]
    [InlineData(5001L, 7, 7)]
    [InlineData(17L, 1001, 8)]
    [InlineData(1L, 5, 1)]
    public void ShardsPartitionTheReplicates(long first, int total, int count)
    {
        var ranges = Enumerable.Range(1, count).Select(k => new Shard(k, count).Range(first, total)).ToArray();
        long next = first;
        foreach (var (start, n) in ranges)
        {
            Assert.Equal(next, start);
            Assert.True(n >= 1);
            next += n;
        }
        Assert.Equal(first + total, next);
        Assert.True(ranges.Max(r => r.Count) - ranges.Min(r => r.Count) <= 1);
    }

    [Fact]
    public void MoreShardsThanReplicatesIsRefused() =>
        Assert.Contains("at most 3 shards", Assert.Throws<ArgumentException>(() => new Shard(2, 4).Range(1, 3)).Message);

    [Fact]
    public void ParsesKOfN()
    {
        Assert.Equal(new Shard(3, 8), Shard.Parse("3/8", _ => null));
        foreach (var bad in new[] { "0/4", "5/4", "3", "a/b", "3/0", "-1/4", "1/2/3" })
            Assert.Throws<ArgumentException>(() => Shard.Parse(bad, _ => null));
    }

    [Fact]
    public void SlurmReadsTheArrayTaskFromOne()
    {
        var env = new Dictionary<string, string> { ["SLURM_ARRAY_TASK_ID"] = "4", ["SLURM_ARRAY_TASK_COUNT"] = "4" };
        Assert.Equal(new Shard(4, 4), Shard.Parse("slurm", env.GetValueOrDefault));
        env["SLURM_ARRAY_TASK_ID"] = "0";
        Assert.Contains("--array=1-4", Assert.Throws<ArgumentException>(() => Shard.Parse("slurm", env.GetValueOrDefault)).Message);
        Assert.Contains("not set", Assert.Throws<ArgumentException>(() => Shard.Parse("slurm", _ => null)).Message);
    }
}
