using System.Diagnostics;
using Resampling.Reporting;
using Resampling.Tests.Support;

namespace Resampling.Tests.Cluster;

/// <summary>
/// submit -- fit --data 'parts/*.csv' without a cluster: --dry-run writes a manifest with every input file and its
/// checksum and an array script of one crossproducts task per file; running those tasks by hand and then collect
/// fits from the shards' cross-products (the fit of the whole data); a changed input file is refused at collect.
/// </summary>
public class SubmitFitDryRunTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("resampling-fit-submit-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static int RunTask(string script, int k)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(script);
        psi.Environment["SLURM_ARRAY_TASK_ID"] = k.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var p = Process.Start(psi)!;
        p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode;
    }

    [Fact]
    public void TasksByHandThenCollectFitTheWholeData()
    {
        var lines = File.ReadAllLines(Lme4Reference.FixturePath("lme4", "sleepstudy.csv"));
        Directory.CreateDirectory(Path.Combine(_dir, "parts"));
        for (int k = 0; k < 3; k++)
            File.WriteAllLines(Path.Combine(_dir, "parts", $"s{k}.csv"), lines.Take(1).Concat(lines.Skip(1).Where((_, i) => i % 3 == k)));
        string[] fit = ["fit", "--formula", "Reaction ~ Days + (Days | Subject)", "--format", "json"];
        string run = Path.Combine(_dir, "run");
        var dry = CliRunner.RunIn(_dir, ["submit", "--run-dir", run, "--dry-run", "--", .. fit, "--data", "parts/*.csv"]);
        Assert.True(dry.ExitCode == ExitCodes.Success, dry.Stderr);
        var script = File.ReadAllText(Path.Combine(run, "shard.sbatch"));
        Assert.Contains("#SBATCH --array=1-3", script);
        Assert.Contains(" crossproducts ", script);
        var manifest = File.ReadAllText(Path.Combine(run, "manifest.json"));
        for (int k = 0; k < 3; k++) Assert.Contains(Path.Combine(_dir, "parts", $"s{k}.csv"), manifest);

        var early = CliRunner.RunIn(_dir, "collect", run);
        CliAssert.OneLineError(early, ExitCodes.DataError, "shard 1: no cross-products file");
        for (int k = 1; k <= 3; k++) Assert.Equal(0, RunTask(Path.Combine(run, "shard.sbatch"), k));
        var collected = CliRunner.RunIn(_dir, "collect", run);
        Assert.True(collected.ExitCode == ExitCodes.Success, collected.Stderr);
        var whole = CliRunner.RunIn(_dir, [.. fit, "--data", Lme4Reference.FixturePath("lme4", "sleepstudy.csv")]);
        double Objective(string json) => System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("objective").GetDouble();
        double a = Objective(whole.Stdout), b = Objective(File.ReadAllText(Path.Combine(run, "output.json")));
        Assert.True(Math.Abs(a - b) <= 1e-10 * Math.Abs(a), $"{b:R} vs {a:R}");

        File.AppendAllText(Path.Combine(_dir, "parts", "s1.csv"), "300,1,308\n");
        CliAssert.OneLineError(CliRunner.RunIn(_dir, "collect", run), ExitCodes.DataError, "changed since the run was submitted");
        CliAssert.OneLineError(CliRunner.RunIn(_dir, ["submit", "--run-dir", Path.Combine(_dir, "r2"), "--tasks", "2", "--dry-run", "--", .. fit, "--data", "parts/*.csv"]),
            ExitCodes.Usage, "one task per file");
    }
}
