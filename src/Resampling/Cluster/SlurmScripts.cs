using System.Globalization;
using System.Text;

namespace Resampling.Cluster;

/// <summary>
/// The two batch scripts of a Slurm run. <c>shard.sbatch</c> is a job array of tasks 1 to N, task K running the command
/// as shard K/N with its draws in <c>shards/shard-K.csv</c> (K is given explicitly, not read from
/// SLURM_ARRAY_TASK_COUNT, so that resubmitting a few tasks with <c>--array=3,7</c> still runs shards 3/N and 7/N).
/// <c>collect.sbatch</c> runs <c>resampling collect</c> on the folder, submitted to start after every shard ended
/// well, and records its exit code in <c>collect.exit</c>.
/// </summary>
public static class SlurmScripts
{
    /// <summary>Options that the shard and collect steps set themselves and take out of the user's command.</summary>
    public static IReadOnlyList<string> ReplacedOptions { get; } = ["--draws", "--shard"];

    public static IReadOnlyList<string> ReplacedFlags { get; } = ["--resume", "--force"];

    /// <summary>Options of mcmc that only the collect step (mcmc --merge, the whole run) takes: a shard's chains are part of it.</summary>
    public static IReadOnlyList<string> McmcCollectOnly { get; } = ["--plots", "--merge"];

    /// <summary>Options of power that only the collect step (power --merge) takes: the curve is drawn from the whole run.</summary>
    public static IReadOnlyList<string> PowerCollectOnly { get; } = ["--plot", "--merge", "--format"];

    /// <summary>Options of a fit that go to the map step (crossproducts) and not to the reduce step (fit --crossproducts).</summary>
    public static IReadOnlyList<string> DataOptions { get; } = ["--data", "--delimiter", "--compute", "--factor", "--weights"];

    public static string Shard(RunManifest m, RunFolder folder)
    {
        if (m.IsFit) return FitShard(m, folder);
        var sb = Header(m, "resampling-shard", $"{folder.Logs}/shard-%a.out", $"{folder.Logs}/shard-%a.err");
        sb.AppendLine(CultureInfo.InvariantCulture, $"#SBATCH --array=1-{m.Tasks}");
        sb.AppendLine("set -euo pipefail");
        sb.AppendLine("cd " + CommandArguments.Quote(m.WorkingDirectory));
        var args = CommandArguments.Without(m.Command,
            m.IsMcmc ? [.. ReplacedOptions, .. McmcCollectOnly] : m.IsPower ? [.. ReplacedOptions, .. PowerCollectOnly] : ReplacedOptions, ReplacedFlags);
        sb.AppendLine("exec " + CommandArguments.Join(m.Program.Concat(args)) +
                      $" --shard \"$SLURM_ARRAY_TASK_ID/{m.Tasks.ToString(CultureInfo.InvariantCulture)}\"" +
                      " --draws " + CommandArguments.Quote(folder.Shards + "/shard-") + "\"$SLURM_ARRAY_TASK_ID\"" + (m.IsPower ? ".json" : ".csv") + " --force");
        return sb.ToString();
    }

    /// <summary>A fit mapped over files: task K writes the cross-products of input file K (<c>shards/shard-K.rxp</c>).</summary>
    private static string FitShard(RunManifest m, RunFolder folder)
    {
        var sb = Header(m, "resampling-crossproducts", $"{folder.Logs}/shard-%a.out", $"{folder.Logs}/shard-%a.err");
        sb.AppendLine(CultureInfo.InvariantCulture, $"#SBATCH --array=1-{m.Tasks}");
        sb.AppendLine("set -euo pipefail");
        sb.AppendLine("cd " + CommandArguments.Quote(m.WorkingDirectory));
        sb.AppendLine("inputs=(" + CommandArguments.Join(m.Inputs) + ")");
        var keep = new List<string>();
        for (int i = 1; i < m.Command.Count; i++)
        {
            var name = m.Command[i].Split('=', 2)[0];
            bool inline = m.Command[i].Contains('=');
            if (name == "--data") { if (!inline) i++; continue; }
            if (DataOptions.Contains(name) || name == "--formula")
            {
                keep.Add(m.Command[i]);
                if (!inline && i + 1 < m.Command.Count) keep.Add(m.Command[++i]);
            }
        }
        sb.AppendLine("exec " + CommandArguments.Join(m.Program.Concat(["crossproducts"]).Concat(keep)) +
                      " --data \"${inputs[$((SLURM_ARRAY_TASK_ID - 1))]}\"" +
                      " --out " + CommandArguments.Quote(folder.Shards + "/shard-") + "\"$SLURM_ARRAY_TASK_ID\".rxp --force");
        return sb.ToString();
    }

    public static string Collect(RunManifest m, RunFolder folder)
    {
        var sb = Header(m, "resampling-collect", $"{folder.Logs}/collect.out", $"{folder.Logs}/collect.err");
        sb.AppendLine("cd " + CommandArguments.Quote(m.WorkingDirectory));
        sb.AppendLine(CommandArguments.Join(m.Program.Concat(["collect", folder.Path])));
        sb.AppendLine("rc=$?");
        sb.AppendLine("echo \"$rc\" > " + CommandArguments.Quote(folder.CollectExit));
        sb.AppendLine("exit \"$rc\"");
        return sb.ToString();
    }

    private static StringBuilder Header(RunManifest m, string name, string output, string error)
    {
        var sb = new StringBuilder();
        sb.AppendLine("#!/bin/bash");
        sb.AppendLine("# Written by resampling submit; see manifest.json beside it.");
        sb.AppendLine("#SBATCH --job-name=" + name);
        sb.AppendLine("#SBATCH --output=" + output);
        sb.AppendLine("#SBATCH --error=" + error);
        if (m.Partition is not null) sb.AppendLine("#SBATCH --partition=" + m.Partition);
        if (m.Time is not null) sb.AppendLine("#SBATCH --time=" + m.Time);
        if (m.Memory is not null) sb.AppendLine("#SBATCH --mem=" + m.Memory);
        return sb;
    }
}
