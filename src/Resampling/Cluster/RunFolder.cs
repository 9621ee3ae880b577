using System.Globalization;

namespace Resampling.Cluster;

/// <summary>
/// The layout of a cluster run's folder: <c>manifest.json</c>, the scheduler scripts <c>shard.sbatch</c> and
/// <c>collect.sbatch</c>, <c>shards/shard-K.csv</c> (shard K's draws), <c>logs/</c> (each job's stdout and stderr),
/// <c>jobs.txt</c> (the job ids submitted, one submission a line), and once collected <c>output.txt</c> (or
/// <c>output.json</c>), <c>draws.csv</c> (unless the command named its own <c>--draws</c>) and <c>collect.exit</c>
/// (the collect step's exit code).
/// </summary>
public sealed class RunFolder
{
    public RunFolder(string path) => Path = System.IO.Path.GetFullPath(path);

    public string Path { get; }
    public string Manifest => Combine("manifest.json");
    public string ShardScript => Combine("shard.sbatch");
    public string CollectScript => Combine("collect.sbatch");
    public string Shards => Combine("shards");
    public string Logs => Combine("logs");
    public string Jobs => Combine("jobs.txt");
    public string CollectExit => Combine("collect.exit");
    public string DefaultDraws => Combine("draws.csv");

    /// <summary>Shard <paramref name="index"/>'s draws file (shards numbered from 1).</summary>
    /// <summary>A power shard's result (its JSON: rejections and simulations used per size), for <c>power --merge</c>.</summary>
    public string ShardResult(int index) => System.IO.Path.Combine(Shards, "shard-" + index.ToString(CultureInfo.InvariantCulture) + ".json");

    public string ShardDraws(int index) => System.IO.Path.Combine(Shards, "shard-" + index.ToString(CultureInfo.InvariantCulture) + ".csv");

    /// <summary>Shard <paramref name="index"/>'s cross-products (a fit mapped over files).</summary>
    public string ShardCrossproducts(int index) => System.IO.Path.Combine(Shards, "shard-" + index.ToString(CultureInfo.InvariantCulture) + ".rxp");

    public string Combine(string name) => System.IO.Path.Combine(Path, name);
}
