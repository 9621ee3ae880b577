using System.Diagnostics;
using System.Globalization;
using Resampling.Reporting;
using Resampling.Tests.Support;

namespace Resampling.Tests.Cluster;

/// <summary>
/// power --shard K/N and --merge without a cluster: the merged shards print what the single-machine run prints; submit
/// --dry-run + the shard script + collect give it in the run folder; a missing shard or one of another seed is refused
/// in one line.
/// </summary>
public class PowerShardCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("resampling-powershard-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static string[] Power(string seed, params string[] extra) =>
        ["power", "--data", Lme4Reference.FixturePath("lme4", "sleepstudy.csv"), "--formula", "Reaction ~ Days + (Days | Subject)",
            "--test", "coef:Days", "--set", "Days=4", "--along", "Subject", "--sizes", "6,12", "--nsim", "7", "--seed", seed, "--null", .. extra];

    private static void Ok(CliRunner.Result r) => Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);

    private string Path_(string name) => Path.Combine(_dir, name);

    [Fact]
    public void ShardsMergedAreTheWholeRun()
    {
        var local = CliRunner.RunIn(_dir, Power("5"));
        Ok(local);
        for (int k = 1; k <= 3; k++) Ok(CliRunner.RunIn(_dir, Power("5", "--shard", $"{k}/3", "--draws", Path_($"p{k}.json"))));
        var merged = CliRunner.RunIn(_dir, "power", "--merge", Path_("p1.json"), Path_("p2.json"), Path_("p3.json"));
        Ok(merged);
        Assert.Equal(local.Stdout, merged.Stdout);
        Assert.Contains("7 simulations", merged.Stdout);
    }

    [Fact]
    public void BadShardsAreOneLine()
    {
        CliAssert.OneLineError(CliRunner.RunIn(_dir, Power("5", "--shard", "1/8")), ExitCodes.Usage, "7 simulations cannot be split into 8 shards");
        CliAssert.OneLineError(CliRunner.RunIn(_dir, Power("5", "--shard", "1/2", "--replicates", "1-3")), ExitCodes.Usage, "not both");
        CliAssert.OneLineError(CliRunner.RunIn(_dir, Power("5", "--shard", "1/2", "--plot", Path_("c.png"))), ExitCodes.Usage, "--plot draws the whole run");
        File.WriteAllText(Path_("taken.json"), "x");
        CliAssert.OneLineError(CliRunner.RunIn(_dir, Power("5", "--shard", "1/2", "--draws", Path_("taken.json"))), ExitCodes.OutputError, "use --force");
    }

    [Fact]
    public void DryRunThenShardsByHandThenCollectEqualsTheLocalRun()
    {
        string run = Path_("run");
        var local = CliRunner.RunIn(_dir, Power("5"));
        Ok(local);
        Ok(CliRunner.RunIn(_dir, ["submit", "--tasks", "2", "--run-dir", run, "--dry-run", "--", .. Power("5", "--plot", Path_("curve.png"))]));
        Assert.DoesNotContain("--plot", File.ReadAllText(Path.Combine(run, "shard.sbatch")));
        Assert.Equal(0, ShardScript.Run(run, 2));
        CliAssert.OneLineError(CliRunner.RunIn(_dir, "collect", run), ExitCodes.DataError, "shard 1: no result file");
        Assert.Equal(0, ShardScript.Run(run, 1));
        Ok(CliRunner.RunIn(_dir, "collect", run));
        Assert.Equal(local.Stdout, File.ReadAllText(Path.Combine(run, "output.txt")));
        Assert.True(File.Exists(Path_("curve.png")), "collect draws the curve the command asked for");
        // A shard of another seed in the run folder is named.
        Ok(CliRunner.RunIn(_dir, Power("6", "--shard", "1/2", "--draws", Path.Combine(run, "shards", "shard-1.json"), "--force")));
        CliAssert.OneLineError(CliRunner.RunIn(_dir, "collect", run), ExitCodes.DataError, "shard 1: its simulations are of another run (seed 6)");
        CliAssert.OneLineError(CliRunner.RunIn(_dir, ["submit", "--tasks", "8", "--dry-run", "--", .. Power("5")]), ExitCodes.Usage, "more shards than the 7 simulations");
    }
}
