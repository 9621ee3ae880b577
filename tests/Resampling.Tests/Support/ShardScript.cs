using System.Diagnostics;
using System.Globalization;

namespace Resampling.Tests.Support;

/// <summary>Runs a run folder's shard.sbatch by hand as Slurm would run array task K (no cluster needed).</summary>
internal static class ShardScript
{
    public static int Run(string runDir, int k)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(runDir, "shard.sbatch"));
        psi.Environment["SLURM_ARRAY_TASK_ID"] = k.ToString(CultureInfo.InvariantCulture);
        using var p = Process.Start(psi)!;
        p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode;
    }
}
