using System.Diagnostics;
using System.Globalization;
using Resampling.Reporting;
using Resampling.Tests.Support;

namespace Resampling.Tests.Cluster;

/// <summary>
/// mcmc --shard K/N over chains and --merge without a cluster: the merged run's draws CSV is the single-machine one byte
/// for byte and its summary the same (but for the time line); submit --dry-run + the shard script + collect give it in
/// the run folder; chains of another seed or a missing shard are refused in one line.
/// </summary>
public class McmcShardCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("resampling-mcmcshard-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static string[] Mcmc(string seed, params string[] extra) =>
        ["mcmc", "--data", Lme4Reference.FixturePath("lme4", "sleepstudy.csv"), "--formula", "Reaction ~ Days + (Days | Subject)",
            "--chains", "3", "--iterations", "200", "--warmup", "100", "--seed", seed, .. extra];

    private static void Ok(CliRunner.Result r) => Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);

    // The summary's fourth line is the sampling (or joining) time.
    private static string WithoutTime(string text) => string.Join('\n', text.Split('\n').Where(l => !l.StartsWith("Sampling time", StringComparison.Ordinal)));

    private string Path_(string name) => Path.Combine(_dir, name);

    [Fact]
    public void ShardsMergedAreTheWholeRun()
    {
        var local = CliRunner.RunIn(_dir, Mcmc("5", "--draws", Path_("whole.csv"), "--ranef"));
        Ok(local);
        Directory.CreateDirectory(Path_("parts"));
        for (int k = 1; k <= 2; k++) Ok(CliRunner.RunIn(_dir, Mcmc("5", "--shard", $"{k}/2", "--draws", Path_($"parts/p{k}.csv"))));
        Assert.StartsWith("# resampling mcmc chains; chains=3-3;", File.ReadLines(Path_("parts/p2.csv")).First());
        var merged = CliRunner.RunIn(_dir, Mcmc("5", "--merge", Path_("parts/*.csv"), "--draws", Path_("merged.csv"), "--ranef"));
        Ok(merged);
        Assert.Equal(File.ReadAllBytes(Path_("whole.csv")), File.ReadAllBytes(Path_("merged.csv")));
        Assert.Equal(WithoutTime(local.Stdout), WithoutTime(merged.Stdout));
        Assert.Contains("b[(Intercept) Subject:308]", merged.Stdout);
    }

    [Fact]
    public void ChainsOfAnotherRunOrAMissingShardAreRefused()
    {
        Ok(CliRunner.RunIn(_dir, Mcmc("5", "--shard", "1/2", "--draws", Path_("p1.csv"))));
        Ok(CliRunner.RunIn(_dir, Mcmc("6", "--shard", "2/2", "--draws", Path_("p2.csv"))));
        CliAssert.OneLineError(CliRunner.RunIn(_dir, Mcmc("5", "--merge", $"{Path_("p1.csv")},{Path_("p2.csv")}")), ExitCodes.DataError, "chains of another run");
        CliAssert.OneLineError(CliRunner.RunIn(_dir, Mcmc("5", "--merge", Path_("p1.csv"))), ExitCodes.DataError, "Chain 3 is missing");
        CliAssert.OneLineError(CliRunner.RunIn(_dir, Mcmc("5", "--shard", "1/2")), ExitCodes.Usage, "--shard needs --draws");
        CliAssert.OneLineError(CliRunner.RunIn(_dir, Mcmc("5", "--shard", "1/4", "--draws", Path_("x.csv"))), ExitCodes.Usage, "3 chains cannot be split into 4 shards");
        CliAssert.OneLineError(CliRunner.RunIn(_dir, Mcmc("5", "--shard", "1/2", "--draws", Path_("x.csv"), "--plots", _dir)), ExitCodes.Usage, "--plots draws the whole run");
    }

    [Fact]
    public void DryRunThenShardsByHandThenCollectEqualsTheLocalRun()
    {
        string run = Path_("run");
        var local = CliRunner.RunIn(_dir, Mcmc("5", "--draws", Path_("whole.csv")));
        Ok(local);
        Ok(CliRunner.RunIn(_dir, ["submit", "--tasks", "2", "--run-dir", run, "--dry-run", "--", .. Mcmc("5")]));
        Assert.Equal(0, ShardScript.Run(run, 2));
        CliAssert.OneLineError(CliRunner.RunIn(_dir, "collect", run), ExitCodes.DataError, "shard 1: no draws file");
        Assert.Equal(0, ShardScript.Run(run, 1));
        Ok(CliRunner.RunIn(_dir, "collect", run));
        Assert.Equal(WithoutTime(local.Stdout), WithoutTime(File.ReadAllText(Path.Combine(run, "output.txt"))));
        Assert.Equal(File.ReadAllBytes(Path_("whole.csv")), File.ReadAllBytes(Path.Combine(run, "draws.csv")));
        CliAssert.OneLineError(CliRunner.RunIn(_dir, ["submit", "--tasks", "4", "--dry-run", "--", .. Mcmc("5")]), ExitCodes.Usage, "more shards than the 3 chains");
    }
}
