using System.Diagnostics;
using System.Globalization;

namespace Resampling.Cluster;

/// <summary>Talks to Slurm through its commands: <c>sbatch --parsable</c> to submit, <c>squeue</c> to wait.</summary>
public static class SlurmScheduler
{
    /// <summary>True when <paramref name="program"/> is an executable file in a folder of the PATH.</summary>
    public static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, program)));

    /// <summary>Refuses, in one line, a submission on a machine without Slurm's commands.</summary>
    public static void CheckAvailable()
    {
        if (!OnPath("sbatch"))
            throw new SchedulerUnavailableException("sbatch is not on the PATH: submit needs Slurm's commands (use --dry-run to write the run folder only).");
    }

    /// <summary>
    /// Submits <paramref name="script"/> with <paramref name="options"/> before it and returns the job id (sbatch
    /// --parsable prints <c>id</c> or <c>id;cluster</c>).
    /// </summary>
    public static long Submit(string script, IEnumerable<string> options)
    {
        var (code, stdout, stderr) = Run("sbatch", ["--parsable", .. options, script]);
        var first = stdout.Trim().Split(';')[0];
        if (code != 0 || !long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            throw new SchedulerUnavailableException($"sbatch refused {Path.GetFileName(script)} (exit {code}): {OneLine(stderr.Length > 0 ? stderr : stdout)}");
        return id;
    }

    /// <summary>Blocks until job <paramref name="id"/> (and every task of it) has left the queue.</summary>
    public static void WaitFor(long id, TimeSpan poll)
    {
        while (true)
        {
            // squeue names a job until it ends; once it is purged, squeue may say "Invalid job id" (non-zero exit).
            var (code, stdout, _) = Run("squeue", ["-h", "-j", id.ToString(CultureInfo.InvariantCulture), "-o", "%i"]);
            if (code != 0 || stdout.Trim().Length == 0) return;
            Thread.Sleep(poll);
        }
    }

    private static (int Code, string Stdout, string Stderr) Run(string program, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        try
        {
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            p.WaitForExit();
            return (p.ExitCode, stdout.Result, stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new SchedulerUnavailableException($"{program} could not be started: {e.Message}");
        }
    }

    private static string OneLine(string s) => s.Trim().ReplaceLineEndings(" ");
}
