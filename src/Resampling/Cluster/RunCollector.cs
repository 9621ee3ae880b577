using System.Globalization;
using Resampling.Bootstrap;
using Resampling.Data;

namespace Resampling.Cluster;

/// <summary>Shard <see cref="Index"/> of a run and why it is not usable yet (null: complete).</summary>
public sealed record ShardState(int Index, string? Problem)
{
    public bool Complete => Problem is null;
}

/// <summary>
/// The collect step of a cluster run, scheduler aside: which shards are complete (a draws file of this run's seed and
/// formula holding exactly the shard's replicates), and the merge of their draws into the run's draws file through
/// <see cref="DrawsFileRun.Merge"/>, which refuses draws of different runs, settings or data.
/// </summary>
public static class RunCollector
{
    public static IReadOnlyList<ShardState> Check(RunFolder folder, RunManifest manifest) =>
        Enumerable.Range(1, manifest.Tasks).Select(k => new ShardState(k, Problem(folder, manifest, k))).ToArray();

    /// <summary>The shards to run again, as Slurm's <c>--array</c> list (e.g. <c>3,7</c>).</summary>
    public static string ArrayList(IEnumerable<ShardState> incomplete) =>
        string.Join(",", incomplete.Select(s => s.Index.ToString(CultureInfo.InvariantCulture)));

    /// <summary>
    /// Checks the data file is the one submitted and every shard is complete, then merges the shards' draws into
    /// <see cref="RunManifest.Draws"/>. Refusals are one-line <see cref="DataException"/>s naming what to resubmit.
    /// </summary>
    public static DrawsFile Merge(RunFolder folder, RunManifest manifest)
    {
        CheckComplete(folder, manifest);
        return DrawsFileRun.Merge(Enumerable.Range(1, manifest.Tasks).Select(folder.ShardDraws).ToArray(), manifest.Draws);
    }

    /// <summary>
    /// For a fit mapped over files: checks the input files are the ones submitted and every shard's cross-products are
    /// there and of this formula, and returns their paths in task order (the reduce step's --crossproducts).
    /// </summary>
    public static IReadOnlyList<string> CrossproductsFiles(RunFolder folder, RunManifest manifest)
    {
        CheckComplete(folder, manifest);
        return Enumerable.Range(1, manifest.Tasks).Select(folder.ShardCrossproducts).ToArray();
    }

    /// <summary>
    /// An MCMC or rank run: checks the data and every shard's file, and returns the shards' files in task order (the
    /// command's --merge, which checks the rest: every chain and replicate once, of this run).
    /// </summary>
    public static IReadOnlyList<string> McmcShards(RunFolder folder, RunManifest manifest)
    {
        CheckComplete(folder, manifest);
        return Enumerable.Range(1, manifest.Tasks).Select(folder.ShardDraws).ToArray();
    }

    /// <summary>A power run: checks the data and every shard's result, and returns them in task order (power's --merge).</summary>
    public static IReadOnlyList<string> PowerShards(RunFolder folder, RunManifest manifest)
    {
        CheckComplete(folder, manifest);
        return Enumerable.Range(1, manifest.Tasks).Select(folder.ShardResult).ToArray();
    }

    private static void CheckComplete(RunFolder folder, RunManifest manifest)
    {
        bool same = manifest.IsFit || manifest.Inputs.Count > 0
            ? manifest.Inputs.All(File.Exists) && RunManifest.Checksum(manifest.Inputs) == manifest.DataSha256
            : File.Exists(manifest.Data) && RunManifest.Checksum(manifest.Data) == manifest.DataSha256;
        if (!same)
            throw new DataException($"The data file '{manifest.Data}' is missing or changed since the run was submitted (its SHA-256 differs): the shards cannot be collected.");
        var incomplete = Check(folder, manifest).Where(s => !s.Complete).ToArray();
        if (incomplete.Length > 0)
            throw new DataException($"{incomplete.Length} of {manifest.Tasks} shards not complete ({string.Join("; ", incomplete.Select(s => $"shard {s.Index}: {s.Problem}"))}): " +
                                    $"resubmit them with 'resampling submit --resume {folder.Path}' (or sbatch --array={ArrayList(incomplete)} {folder.ShardScript}).");
    }

    private static string? Problem(RunFolder folder, RunManifest manifest, int index)
    {
        if (manifest.IsFit) return CrossproductsProblem(folder, manifest, index);
        if (manifest.IsMcmc) return ChainsProblem(folder, manifest, index);
        if (manifest.IsRank) return RankProblem(folder, manifest, index);
        if (manifest.IsPower) return PowerProblem(folder, manifest, index);
        if (ReadShard(folder.ShardDraws(index), "draws file", DrawsFile.Read, out var draws) is { } problem) return problem;
        if (draws.Seed != manifest.Seed || !PbModcompDrawsRun.SamePair(draws.Formula, manifest.Formula.ReplaceLineEndings(" ")))
            return $"its draws are of another run (seed {draws.Seed}, formula '{draws.Formula}')";
        var (first, count) = new Shard(index, manifest.Tasks).Range(manifest.FirstReplicate, manifest.Replicates);
        int inRange = draws.Draws.Count(d => d.Replicate >= first && d.Replicate < first + count);
        if (inRange < count) return $"{inRange} of its {count} replicates done";
        if (draws.Draws.Count != count) return $"replicates outside its range {first}-{first + count - 1} (of another shard count?)";
        return null;
    }

    // The shard's first line: its chains and run. That the run is this one in every respect (iterations, priors, data…) is
    // checked when collect's mcmc --merge reads the chains; the seed and the chains are checked here, to name the shard.
    private static string? ChainsProblem(RunFolder folder, RunManifest manifest, int index)
    {
        if (ReadShard(folder.ShardDraws(index), "draws file", McmcShardFile.Header, out var header) is { } problem) return problem;
        if (!header.Run.Contains(string.Create(CultureInfo.InvariantCulture, $"; seed={manifest.Seed}; "), StringComparison.Ordinal))
            return "its chains are of another run (seed)";
        var (first, count) = new Shard(index, manifest.Tasks).Range(1, manifest.Replicates, "chains");
        if (header.First != first || header.Last != first + count - 1)
            return $"it holds chains {header.First}-{header.Last}, not {first}-{first + count - 1} (of another shard count?)";
        return null;
    }

    // The shard's JSON: this run's seed and exactly the shard's simulations. That the rest agrees (test, method, sizes…)
    // is checked by power --merge.
    private static string? PowerProblem(RunFolder folder, RunManifest manifest, int index)
    {
        if (ReadShard(folder.ShardResult(index), "result file", path => Reporting.PowerReport.ReadJson(File.ReadAllText(path), path), out var result) is { } problem)
            return problem;
        if (result.Seed != manifest.Seed) return $"its simulations are of another run (seed {result.Seed})";
        var (first, count) = new Shard(index, manifest.Tasks).Range(manifest.FirstReplicate, manifest.Replicates, "simulations");
        if (result.FirstSimulation != first || result.Simulations != count)
            return $"it holds simulations {result.FirstSimulation}-{result.FirstSimulation + result.Simulations - 1}, not {first}-{first + count - 1} (of another shard count?)";
        return null;
    }

    private static string? RankProblem(RunFolder folder, RunManifest manifest, int index)
    {
        if (ReadShard(folder.ShardDraws(index), "draws file", RankShardFile.Header, out var header) is { } problem) return problem;
        if (!header.Run.Contains(string.Create(CultureInfo.InvariantCulture, $"; seed={manifest.Seed}; "), StringComparison.Ordinal))
            return "its draws are of another run (seed)";
        if (manifest.Replicates > 0)
        {
            var (first, count) = new Shard(index, manifest.Tasks).Range(1, manifest.Replicates);
            if (header.Replicates != string.Create(CultureInfo.InvariantCulture, $"{first}-{first + count - 1}"))
                return $"it holds replicates {header.Replicates}, not {first}-{first + count - 1} (of another shard count?)";
        }
        return null;
    }

    private static string? CrossproductsProblem(RunFolder folder, RunManifest manifest, int index)
    {
        if (ReadShard(folder.ShardCrossproducts(index), "cross-products file", CrossproductsFile.Read, out var shard) is { } problem) return problem;
        return shard.Formula == Formulas.FormulaParser.Parse(manifest.Formula).Text ? null : $"its cross-products are of another formula ('{shard.Formula}')";
    }

    /// <summary>
    /// Reads a shard's file with <paramref name="read"/>; the problem that makes it unusable ("no draws file",
    /// "unreadable draws file (why)") or null when it was read.
    /// </summary>
    private static string? ReadShard<T>(string path, string what, Func<string, T> read, out T value)
    {
        value = default!;
        if (!File.Exists(path)) return "no " + what;
        try
        {
            value = read(path);
            return null;
        }
        catch (Exception e) when (e is DataException or IOException)
        {
            return $"unreadable {what} (" + e.Message.TrimEnd('.') + ")";
        }
    }
}
