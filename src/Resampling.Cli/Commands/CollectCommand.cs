using System.CommandLine;
using System.Diagnostics;
using Resampling.Cluster;
using Resampling.Reporting;

namespace Resampling.Cli.Commands;

/// <summary>
/// <c>resampling collect RUNDIR</c>: the last step of a cluster run (the collect job runs it; it can also be run by
/// hand). Refuses, naming them, shards missing or incomplete; merges the shards' draws into the run's draws file; then
/// runs the submitted command on those draws (<c>--resume</c>: no replicate is run again), so that
/// <c>output.txt</c> (or <c>output.json</c>) is what the command prints on one machine.
/// </summary>
internal static class CollectCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("run-dir") { Description = "The run folder written by resampling submit." };
        var command = new Command("collect", "Merge the shards of a cluster run and write the command's output (output.txt) in its run folder.");
        command.Arguments.Add(dir);
        command.SetAction(r => CommandRunner.Guard(() =>
        {
            var folder = new RunFolder(r.GetValue(dir)!);
            var manifest = RunManifest.Read(folder.Manifest);
            if (manifest.IsFit) return Reduce(folder, manifest);
            if (manifest.IsMcmc || manifest.IsRank) return JoinShards(folder, manifest);
            if (manifest.IsPower) return MergePower(folder, manifest);
            var merged = RunCollector.Merge(folder, manifest);
            var args = CommandArguments.Without(manifest.Command, SlurmScripts.ReplacedOptions, SlurmScripts.ReplacedFlags)
                .Concat(["--draws", manifest.Draws, "--resume"]);
            var output = folder.Combine(manifest.Output);
            int code = RunTo(manifest.Program, args, manifest.WorkingDirectory, output);
            if (code == ExitCodes.Success)
                Console.Error.WriteLine($"collected {manifest.Tasks} shards ({merged.Draws.Count} replicates) into {manifest.Draws}; output in {output}");
            return code;
        }));
        return command;
    }

    /// <summary>A fit mapped over files: fit from the shards' cross-products, with the command's own fit options.</summary>
    private static int Reduce(RunFolder folder, RunManifest manifest)
    {
        var files = RunCollector.CrossproductsFiles(folder, manifest);
        var args = CommandArguments.Without(manifest.Command, SlurmScripts.DataOptions, [])
            .Concat(["--crossproducts", string.Join(",", files)]);
        var output = folder.Combine(manifest.Output);
        int code = RunTo(manifest.Program, args, manifest.WorkingDirectory, output);
        if (code == ExitCodes.Success)
            Console.Error.WriteLine($"fitted from the cross-products of {manifest.Tasks} files; output in {output}");
        return code;
    }

    /// <summary>
    /// An MCMC or rank run: the command with --merge of the shards' files; mcmc's draws go to the run's draws file, rank's
    /// report to its --out folder (both overwritten: the collect step may run again).
    /// </summary>
    private static int JoinShards(RunFolder folder, RunManifest manifest)
    {
        var shards = RunCollector.McmcShards(folder, manifest);
        var args = CommandArguments.Without(manifest.Command, [.. SlurmScripts.ReplacedOptions, "--merge"], SlurmScripts.ReplacedFlags)
            .Concat(["--merge", string.Join(",", shards)])
            .Concat(manifest.IsMcmc ? ["--draws", manifest.Draws, "--force"] : ["--force"]);
        var output = folder.Combine(manifest.Output);
        int code = RunTo(manifest.Program, args, manifest.WorkingDirectory, output);
        if (code == ExitCodes.Success)
            Console.Error.WriteLine($"collected {manifest.Tasks} shards" + (manifest.IsMcmc ? $" into {manifest.Draws}" : "") + $"; output in {output}");
        return code;
    }

    /// <summary>A power run: power --merge of the shards' results, with the command's --format and --plot.</summary>
    private static int MergePower(RunFolder folder, RunManifest manifest)
    {
        var files = RunCollector.PowerShards(folder, manifest);
        var args = new List<string> { "power", "--merge" };
        args.AddRange(files);
        args.AddRange(CommandArguments.Only(manifest.Command, ["--format", "--plot"]));
        var output = folder.Combine(manifest.Output);
        int code = RunTo(manifest.Program, args, manifest.WorkingDirectory, output);
        if (code == ExitCodes.Success) Console.Error.WriteLine($"collected {manifest.Tasks} shards; output in {output}");
        return code;
    }

    // A child process, as on one machine: the command's stdout goes to the output file (through a temporary file, so a
    // failed step leaves no half output), its stderr to ours.
    private static int RunTo(IReadOnlyList<string> program, IEnumerable<string> args, string workingDirectory, string output)
    {
        var psi = new ProcessStartInfo(program[0]) { RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = workingDirectory };
        foreach (var a in program.Skip(1).Concat(args)) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var temp = output + ".tmp";
        using (var file = File.Create(temp)) p.StandardOutput.BaseStream.CopyTo(file);
        p.WaitForExit();
        if (p.ExitCode == ExitCodes.Success) File.Move(temp, output, overwrite: true);
        else File.Delete(temp);
        return p.ExitCode;
    }
}
