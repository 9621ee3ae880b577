using System.Diagnostics;
using System.Globalization;
using Resampling.Reporting;
using Resampling.Tests.Support;

namespace Resampling.Tests.Cluster;

/// <summary>
/// rank --shard K/N (a block of the type III bootstrap's replicates and a share of the posterior's chains) joined by
/// --merge, and through submit --dry-run + the shard script + collect: ranks.csv and ranks.json are the single-machine
/// run's byte for byte and the printed table the same; shards of another run or a missing block are refused in one line.
/// </summary>
public class RankShardCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("resampling-rankshard-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static string[] Rank(string method, string seed, params string[] extra) =>
        ["rank", "--data", Data(), "--method", method, "--replicates", "30", "--set-draws", "50", "--seed", seed, .. extra];

    private static string Data() => Lme4Reference.FixturePath("lme4", "hsb12.csv");

    private static void Ok(CliRunner.Result r) => Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);

    // The last line names the report's folder.
    private static string WithoutFolder(string text) => string.Join('\n', text.Split('\n').Where(l => !l.StartsWith("Report: ", StringComparison.Ordinal)));

    private string In(string name) => Path.Combine(_dir, name);

    private void SameReport(string a, string b)
    {
        Assert.Equal(File.ReadAllBytes(Path.Combine(a, "ranks.csv")), File.ReadAllBytes(Path.Combine(b, "ranks.csv")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(a, "ranks.json")), File.ReadAllBytes(Path.Combine(b, "ranks.json")));
    }

    [Fact]
    public void ShardsOfBootstrapAndChainsMergedAreTheWholeRun()
    {
        var local = CliRunner.RunIn(_dir, Rank("all", "3", "--out", In("whole")));
        Ok(local);
        for (int k = 1; k <= 3; k++) Ok(CliRunner.RunIn(_dir, Rank("all", "3", "--shard", $"{k}/3", "--draws", In($"p{k}.csv"))));
        Assert.Contains("chains=3-3", File.ReadAllText(In("p2.csv")));
        var merged = CliRunner.RunIn(_dir, Rank("all", "3", "--merge", $"{In("p3.csv")},{In("p1.csv")},{In("p2.csv")}", "--out", In("merged")));
        Ok(merged);
        SameReport(In("whole"), In("merged"));
        Assert.Equal(WithoutFolder(local.Stdout), WithoutFolder(merged.Stdout));
    }

    [Fact]
    public void AMissingBlockOrAnotherSeedIsRefused()
    {
        for (int k = 1; k <= 2; k++) Ok(CliRunner.RunIn(_dir, Rank("bootstrap", "3", "--shard", $"{k}/2", "--draws", In($"p{k}.csv"))));
        Ok(CliRunner.RunIn(_dir, Rank("bootstrap", "4", "--shard", "2/2", "--draws", In("other.csv"))));
        CliAssert.OneLineError(CliRunner.RunIn(_dir, Rank("bootstrap", "3", "--merge", In("p1.csv"), "--out", In("r"))), ExitCodes.DataError, "replicates 16-30 are missing");
        CliAssert.OneLineError(CliRunner.RunIn(_dir, Rank("bootstrap", "3", "--merge", $"{In("p1.csv")},{In("other.csv")}", "--out", In("r"))),
            ExitCodes.DataError, "another rank run");
        CliAssert.OneLineError(CliRunner.RunIn(_dir, Rank("bootstrap", "3", "--shard", "1/2")), ExitCodes.Usage, "--shard needs --draws");
        CliAssert.OneLineError(CliRunner.RunIn(_dir, Rank("confidence-set", "3", "--shard", "1/2", "--draws", In("x.csv"))), ExitCodes.Usage, "no draws to split");
        CliAssert.OneLineError(CliRunner.RunIn(_dir, Rank("mcmc", "3", "--shard", "1/5", "--draws", In("x.csv"))), ExitCodes.Usage, "at most 4 shards");
    }

    [Fact]
    public void DryRunThenShardsByHandThenCollectEqualsTheLocalRun()
    {
        string run = In("run");
        var local = CliRunner.RunIn(_dir, Rank("bootstrap", "5", "--out", In("whole")));
        Ok(local);
        Ok(CliRunner.RunIn(_dir, ["submit", "--tasks", "2", "--run-dir", run, "--dry-run", "--", .. Rank("bootstrap", "5", "--out", In("collected"))]));
        Assert.Equal(0, ShardScript.Run(run, 1));
        CliAssert.OneLineError(CliRunner.RunIn(_dir, "collect", run), ExitCodes.DataError, "shard 2: no draws file");
        Assert.Equal(0, ShardScript.Run(run, 2));
        Ok(CliRunner.RunIn(_dir, "collect", run));
        SameReport(In("whole"), In("collected"));
        Assert.Equal(WithoutFolder(local.Stdout), WithoutFolder(File.ReadAllText(Path.Combine(run, "output.txt"))));
    }
}
