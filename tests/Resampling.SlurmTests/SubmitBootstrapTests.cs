namespace Resampling.SlurmTests;

/// <summary>
/// The walkthrough's Mod4 bootstrapped on a real Slurm cluster as 4 array tasks and a collect job equals the same
/// bootstrap run on this machine, bit for bit (printed table and draws file); a shard that fails stops the collect
/// job, and resubmitting only that shard completes the run to the same result.
/// </summary>
[Trait("Category", "Slurm")]
[Trait("Category", "Slow")]
public class SubmitBootstrapTests : IDisposable
{
    private const string Mod4 = "MATHACH ~ cses + MEANSES + SECTOR + cses*MEANSES + cses*SECTOR + (1 + cses|SCHOOL)";
    private readonly string _dir = Directory.CreateTempSubdirectory("resampling-slurm-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static string[] Boot(params string[] extra) =>
        ["boot", "--data", Cli.DataFile("hsb12.csv"), "--compute", "cses = SES - MEANSES", "--formula", Mod4, "--replicates", "1000", "--seed", "12", .. extra];

    private static void Ok(Cli.Result r) => Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.Stderr}");

    /// <summary>The local run's table, and its draws file sorted by replicate (merge writes that order, as collect does).</summary>
    private (string Table, byte[] Draws) Local()
    {
        string draws = Path.Combine(_dir, "local.csv"), sorted = Path.Combine(_dir, "local-sorted.csv");
        var local = Cli.Run(_dir, Boot("--draws", draws));
        Ok(local);
        Ok(Cli.Run(_dir, "merge", draws, "--output", sorted));
        return (local.Stdout, File.ReadAllBytes(sorted));
    }

    [Fact]
    public void FourArrayTasksAndCollectEqualTheLocalRun()
    {
        var (table, draws) = Local();
        string run = Path.Combine(_dir, "run"), final = Path.Combine(_dir, "final.csv");
        var submitted = Cli.Run(_dir, ["submit", "--scheduler", "slurm", "--tasks", "4", "--run-dir", run, "--wait", "--", .. Boot("--draws", final)]);
        Ok(submitted);
        Assert.Equal(table, submitted.Stdout);
        Assert.Equal(table, File.ReadAllText(Path.Combine(run, "output.txt")));
        Assert.Equal(draws, File.ReadAllBytes(final));
        // Four shards of 250 replicates each, each written by its own array task.
        for (int k = 1; k <= 4; k++) Assert.Equal(250 + 3, File.ReadLines(Path.Combine(run, "shards", $"shard-{k}.csv")).Count());
    }

    [Fact]
    public void AFailedShardResubmittedCompletesTheRun()
    {
        var (table, draws) = Local();
        string run = Path.Combine(_dir, "run");
        Ok(Cli.Run(_dir, ["submit", "--tasks", "4", "--run-dir", run, "--dry-run", "--", .. Boot()]));
        // Shard 3 cannot write its draws (a folder stands where its file goes): its task fails, the collect job never runs.
        var blocker = Path.Combine(run, "shards", "shard-3.csv");
        Directory.CreateDirectory(blocker);
        var failed = Cli.Run(_dir, "submit", "--resume", run, "--wait");
        Assert.Equal(65, failed.ExitCode);
        Assert.Contains("shard(s) 3 failed", failed.Stderr);
        Assert.False(File.Exists(Path.Combine(run, "output.txt")));

        Directory.Delete(blocker);
        var resubmitted = Cli.Run(_dir, "submit", "--resume", run, "--wait");
        Ok(resubmitted);
        Assert.Contains("(tasks 3)", resubmitted.Stderr);
        Assert.Equal(table, resubmitted.Stdout);
        Assert.Equal(draws, File.ReadAllBytes(Path.Combine(run, "draws.csv")));
    }
}
