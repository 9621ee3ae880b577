using System.Diagnostics;
using System.Globalization;
using Resampling.Reporting;
using Resampling.Tests.Support;

namespace Resampling.Tests.Cluster;

/// <summary>
/// pbmodcomp --shard and anova --bootstrap --shard without a cluster: the shards' draws merged equal the single-machine
/// run's byte for byte, merge prints the test, the command run on the merged draws with --resume prints what the
/// single-machine run prints, and submit --dry-run + the shard script + collect give that output in the run folder.
/// </summary>
public class LrtShardCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("resampling-lrtshard-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private const string Small = "y ~ 1 + (1|g)", Large = "y ~ x + (1|g)";

    // 24 rows in 6 groups; y depends on x and the group, with a deterministic wobble for the residuals.
    private string Data()
    {
        var path = Path.Combine(_dir, "d.csv");
        var lines = new List<string> { "y,x,g" };
        for (int i = 0; i < 24; i++)
        {
            int g = i % 6;
            double x = (i * 7 % 5) + 0.5, y = 2 + 0.4 * x + 0.8 * (g - 2.5) + Math.Sin(i * 1.7);
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{y:R},{x:R},g{g}"));
        }
        File.WriteAllLines(path, lines);
        return path;
    }

    private static string[] PbModcomp(string data, params string[] extra) =>
        ["pbmodcomp", "--data", data, "--formula", Small, "--formula", Large, "--replicates", "40", "--seed", "7", .. extra];

    private static string[] Anova(string data, params string[] extra) =>
        ["anova", "--data", data, "--formula", Large, "--formula", Small, "--bootstrap", "40", "--seed", "7", .. extra];

    private static void Ok(CliRunner.Result r) => Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);

    // pbmodcomp's first line carries the run's time.
    private static string WithoutTime(string text) => string.Join('\n', text.Split('\n').Skip(1));


    [Fact]
    public void PbModcompShardsMergedAreTheWholeRun()
    {
        string data = Data(), whole = Path.Combine(_dir, "whole.csv"), sorted = Path.Combine(_dir, "sorted.csv"), merged = Path.Combine(_dir, "merged.csv");
        var local = CliRunner.RunIn(_dir, PbModcomp(data, "--draws", whole));
        Ok(local);
        var parts = Enumerable.Range(1, 3).Select(k => Path.Combine(_dir, $"part{k}.csv")).ToArray();
        for (int k = 1; k <= 3; k++) Ok(CliRunner.RunIn(_dir, PbModcomp(data, "--shard", $"{k}/3", "--draws", parts[k - 1])));
        Assert.Equal(14, File.ReadLines(parts[0]).Count() - 3); // 40 = 14 + 13 + 13
        var joined = CliRunner.RunIn(_dir, ["merge", .. parts, "--output", merged]);
        Ok(joined);
        Ok(CliRunner.RunIn(_dir, "merge", whole, "--output", sorted));
        Assert.Equal(File.ReadAllBytes(sorted), File.ReadAllBytes(merged));
        Assert.Equal(WithoutTime(local.Stdout), WithoutTime(joined.Stdout));
        Assert.Contains("PBtest", joined.Stdout);
        // The command on the merged draws runs no replicate and prints the single-machine test.
        var again = CliRunner.RunIn(_dir, PbModcomp(data, "--draws", merged, "--resume"));
        Ok(again);
        Assert.Equal(WithoutTime(local.Stdout), WithoutTime(again.Stdout));
    }

    [Fact]
    public void AnovaBootstrapShardsResumedPrintTheWholeTable()
    {
        string data = Data(), merged = Path.Combine(_dir, "merged.csv");
        var local = CliRunner.RunIn(_dir, Anova(data));
        Ok(local);
        var parts = Enumerable.Range(1, 2).Select(k => Path.Combine(_dir, $"a{k}.csv")).ToArray();
        for (int k = 1; k <= 2; k++) Ok(CliRunner.RunIn(_dir, Anova(data, "--shard", $"{k}/2", "--draws", parts[k - 1])));
        Ok(CliRunner.RunIn(_dir, ["merge", .. parts, "--output", merged]));
        var collected = CliRunner.RunIn(_dir, Anova(data, "--draws", merged, "--resume"));
        Ok(collected);
        Assert.Contains("PB p", local.Stdout);
        Assert.Equal(local.Stdout, collected.Stdout);
    }

    [Fact]
    public void DrawsOfPbModcompAndAnovaAreNotMixed()
    {
        string data = Data(), a = Path.Combine(_dir, "p1.csv"), b = Path.Combine(_dir, "a2.csv");
        Ok(CliRunner.RunIn(_dir, PbModcomp(data, "--shard", "1/2", "--draws", a)));
        Ok(CliRunner.RunIn(_dir, Anova(data, "--shard", "2/2", "--draws", b)));
        CliAssert.OneLineError(CliRunner.RunIn(_dir, "merge", a, b), ExitCodes.DataError, "different runs");
    }

    [Fact]
    public void BadShardOptionsAreOneLine()
    {
        string data = Data();
        CliAssert.OneLineError(CliRunner.RunIn(_dir, PbModcomp(data, "--shard", "2/3")), ExitCodes.Usage, "--shard needs --draws");
        CliAssert.OneLineError(CliRunner.RunIn(_dir, PbModcomp(data, "--shard", "2/41", "--draws", "x.csv")), ExitCodes.Usage, "at most 40 shards");
        CliAssert.OneLineError(CliRunner.RunIn(_dir, "anova", "--data", data, "--formula", Large, "--formula", Small, "--shard", "1/2", "--draws", "x.csv"),
            ExitCodes.Usage, "apply to --bootstrap");
        File.WriteAllText(Path.Combine(_dir, "x.csv"), "");
        CliAssert.OneLineError(CliRunner.RunIn(_dir, PbModcomp(data, "--draws", "x.csv")), ExitCodes.OutputError, "use --resume");
    }

    [Theory]
    [InlineData("pbmodcomp", "output.txt")]
    [InlineData("anova", "output.json")]
    public void DryRunThenShardsByHandThenCollectEqualsTheLocalRun(string which, string output)
    {
        string data = Data(), run = Path.Combine(_dir, "run");
        string[] args = which == "pbmodcomp" ? PbModcomp(data) : Anova(data, "--format", "json");
        var local = CliRunner.RunIn(_dir, args);
        Ok(local);
        Ok(CliRunner.RunIn(_dir, ["submit", "--tasks", "3", "--run-dir", run, "--dry-run", "--", .. args]));
        Assert.Equal(0, ShardScript.Run(run, 1));
        Assert.Equal(0, ShardScript.Run(run, 3));
        CliAssert.OneLineError(CliRunner.RunIn(_dir, "collect", run), ExitCodes.DataError, "shard 2: no draws file");
        Assert.Equal(0, ShardScript.Run(run, 2));
        Ok(CliRunner.RunIn(_dir, "collect", run));
        var collected = File.ReadAllText(Path.Combine(run, output));
        if (which == "pbmodcomp") Assert.Equal(WithoutTime(local.Stdout), WithoutTime(collected));
        else Assert.Equal(local.Stdout, collected);
    }

    [Fact]
    public void SubmitChecksTheComparisonAtOnce()
    {
        string data = Data();
        CliAssert.OneLineError(CliRunner.RunIn(_dir, ["submit", "--tasks", "2", "--dry-run", "--", "anova", "--data", data, "--formula", Large, "--formula", Small]),
            ExitCodes.Usage, "give --bootstrap N");
        CliAssert.OneLineError(CliRunner.RunIn(_dir, ["submit", "--tasks", "2", "--dry-run", "--", "pbmodcomp", "--data", data, "--formula", Small]),
            ExitCodes.Usage, "give two --formula");
    }
}
