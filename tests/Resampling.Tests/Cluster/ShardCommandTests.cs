using System.Diagnostics;
using Resampling.Reporting;
using Resampling.Tests.Support;

namespace Resampling.Tests.Cluster;

/// <summary>
/// boot --shard, submit --dry-run and collect without a cluster: the shards' draws merged equal the single-machine run
/// byte for byte (draws file and printed table); collect names the shards missing and refuses shards of another run or
/// changed data; submit without sbatch is exit 69 in one line.
/// </summary>
public class ShardCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("resampling-shard-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private const string Rows = "y,x,g\n1,1,a\n2,2,a\n3,1,b\n5,2,b\n4,3,c\n6,1,c\n2,2,d\n3,3,d\n";

    private string Data()
    {
        var path = Path.Combine(_dir, "d.csv");
        File.WriteAllText(path, Rows);
        return path;
    }

    private static string[] Boot(string data, params string[] extra) =>
        ["boot", "--data", data, "--formula", "y ~ x + (1|g)", "--type", "case", "--replicates", "50", "--seed", "3", .. extra];

    private static void Ok(CliRunner.Result r) => Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);

    /// <summary>The run folder's shard script runs shard K as a Slurm array task would (SLURM_ARRAY_TASK_ID=K).</summary>
    private static int RunShard(string runDir, int k)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(runDir, "shard.sbatch"));
        psi.Environment["SLURM_ARRAY_TASK_ID"] = k.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var p = Process.Start(psi)!;
        p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode;
    }

    [Fact]
    public void ShardsMergedAreTheWholeRun()
    {
        string data = Data(), whole = Path.Combine(_dir, "whole.csv"), sorted = Path.Combine(_dir, "sorted.csv"), merged = Path.Combine(_dir, "merged.csv");
        var local = CliRunner.RunIn(_dir, Boot(data, "--draws", whole));
        Ok(local);
        var parts = Enumerable.Range(1, 3).Select(k => Path.Combine(_dir, $"part{k}.csv")).ToArray();
        for (int k = 1; k <= 3; k++) Ok(CliRunner.RunIn(_dir, Boot(data, "--shard", $"{k}/3", "--draws", parts[k - 1])));
        Assert.Equal(17, File.ReadLines(parts[0]).Count() - 3); // 50 = 17 + 17 + 16
        var joined = CliRunner.RunIn(_dir, ["merge", .. parts, "--output", merged]);
        Ok(joined);
        Ok(CliRunner.RunIn(_dir, "merge", whole, "--output", sorted));
        Assert.Equal(File.ReadAllBytes(sorted), File.ReadAllBytes(merged));
        Assert.Equal(local.Stdout, joined.Stdout);
    }

    [Fact]
    public void ShardNeedsDrawsAndAValidShard()
    {
        string data = Data();
        CliAssert.OneLineError(CliRunner.RunIn(_dir, Boot(data, "--shard", "2/3")), ExitCodes.Usage, "--shard needs --draws");
        CliAssert.OneLineError(CliRunner.RunIn(_dir, Boot(data, "--shard", "4/3", "--draws", "x.csv")), ExitCodes.Usage, "1 <= K <= N");
        CliAssert.OneLineError(CliRunner.RunIn(_dir, Boot(data, "--shard", "2/60", "--draws", "x.csv")), ExitCodes.Usage, "at most 50 shards");
    }

    [Fact]
    public void DryRunThenShardsByHandThenCollectEqualsTheLocalRun()
    {
        string data = Data(), run = Path.Combine(_dir, "run");
        var local = CliRunner.RunIn(_dir, Boot(data));
        Ok(local);
        Ok(CliRunner.RunIn(_dir, ["submit", "--tasks", "3", "--run-dir", run, "--dry-run", "--", .. Boot(data)]));
        Assert.True(File.Exists(Path.Combine(run, "manifest.json")));
        Assert.Contains("--array=1-3", File.ReadAllText(Path.Combine(run, "shard.sbatch")));
        Assert.Equal(0, RunShard(run, 1));
        Assert.Equal(0, RunShard(run, 3));
        var missing = CliAssert.OneLineError(CliRunner.RunIn(_dir, "collect", run), ExitCodes.DataError, "shard 2: no draws file");
        Assert.Contains("--array=2 ", missing);
        Assert.Equal(0, RunShard(run, 2));
        Ok(CliRunner.RunIn(_dir, "collect", run));
        Assert.Equal(local.Stdout, File.ReadAllText(Path.Combine(run, "output.txt")));
    }

    [Fact]
    public void CollectRefusesAShardOfAnotherSeed()
    {
        string data = Data(), run = Path.Combine(_dir, "run");
        Ok(CliRunner.RunIn(_dir, ["submit", "--tasks", "2", "--run-dir", run, "--dry-run", "--", .. Boot(data)]));
        Assert.Equal(0, RunShard(run, 1));
        // Shard 2's replicates, but drawn with seed 4.
        Ok(CliRunner.RunIn(_dir, ["boot", "--data", data, "--formula", "y ~ x + (1|g)", "--type", "case", "--replicates", "50", "--seed", "4",
            "--shard", "2/2", "--draws", Path.Combine(run, "shards", "shard-2.csv")]));
        CliAssert.OneLineError(CliRunner.RunIn(_dir, "collect", run), ExitCodes.DataError, "shard 2: its draws are of another run (seed 4");
    }

    [Fact]
    public void CollectRefusesChangedData()
    {
        string data = Data(), run = Path.Combine(_dir, "run");
        Ok(CliRunner.RunIn(_dir, ["submit", "--tasks", "2", "--run-dir", run, "--dry-run", "--", .. Boot(data)]));
        Assert.Equal(0, RunShard(run, 1));
        Assert.Equal(0, RunShard(run, 2));
        File.WriteAllText(data, Rows.Replace("6,1,c", "7,1,c"));
        CliAssert.OneLineError(CliRunner.RunIn(_dir, "collect", run), ExitCodes.DataError, "changed since the run was submitted");
    }

    [Fact]
    public void SubmitWithoutSbatchSaysSo()
    {
        string data = Data();
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _dir };
        string[] args = [CliRunner.CliAssembly, "submit", "--tasks", "2", "--run-dir", Path.Combine(_dir, "run"), "--", .. Boot(data)];
        foreach (var a in args) psi.ArgumentList.Add(a);
        // dotnet itself is started by its full path below; the program then finds no sbatch on this PATH.
        psi.FileName = Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "/usr/share/dotnet/dotnet";
        psi.Environment["PATH"] = _dir;
        using var p = Process.Start(psi)!;
        p.StandardOutput.Close();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        CliAssert.OneLineError(new CliRunner.Result(p.ExitCode, "", stderr), ExitCodes.Unavailable, "sbatch is not on the PATH");
        Assert.False(Directory.Exists(Path.Combine(_dir, "run")));
    }

    [Fact]
    public void SubmitChecksTheCommandAtOnce()
    {
        string data = Data();
        CliAssert.OneLineError(CliRunner.RunIn(_dir, ["submit", "--tasks", "2", "--dry-run", "--", "predict", "--data", data]), ExitCodes.Usage, "not supported by submit");
        CliAssert.OneLineError(CliRunner.RunIn(_dir, ["submit", "--tasks", "2", "--dry-run", "--", "boot", "--data", data, "--bogus"]), ExitCodes.Usage, "the command after --");
        CliAssert.OneLineError(CliRunner.RunIn(_dir, ["submit", "--tasks", "51", "--dry-run", "--", .. Boot(data)]), ExitCodes.Usage, "more shards than the 50 replicates");
    }

    [Fact]
    public void CaseBootFromCrossproductsIsRefusedWithItsReason()
    {
        string data = Data();
        CliAssert.OneLineError(CliRunner.RunIn(_dir, Boot(data, "--crossproducts", "parts/*.rxp")), ExitCodes.Usage, "which cross-products do not keep");
    }
}
