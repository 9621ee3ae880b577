namespace Resampling.SlurmTests;

/// <summary>
/// pbmodcomp on a real Slurm cluster as 3 array tasks and a collect job equals the same test run on this machine: the
/// merged draws file byte for byte and the printed test but for its time.
/// </summary>
[Trait("Category", "Slurm")]
[Trait("Category", "Slow")]
public class SubmitPbModcompTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("resampling-slurm-pb-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static string[] PbModcomp(params string[] extra) =>
        ["pbmodcomp", "--data", Cli.DataFile("hsb12.csv"), "--formula", "MATHACH ~ SES + (1|SCHOOL)", "--formula", "MATHACH ~ SES + SECTOR + (1|SCHOOL)",
            "--replicates", "300", "--seed", "21", .. extra];

    private static void Ok(Cli.Result r) => Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.Stderr}");

    // The first line carries the run's time.
    private static string WithoutTime(string text) => string.Join('\n', text.Split('\n').Skip(1));

    [Fact]
    public void ThreeArrayTasksAndCollectEqualTheLocalRun()
    {
        string local = Path.Combine(_dir, "local.csv"), sorted = Path.Combine(_dir, "local-sorted.csv"), final = Path.Combine(_dir, "final.csv");
        var one = Cli.Run(_dir, PbModcomp("--draws", local));
        Ok(one);
        Ok(Cli.Run(_dir, "merge", local, "--output", sorted));
        string run = Path.Combine(_dir, "run");
        var submitted = Cli.Run(_dir, ["submit", "--scheduler", "slurm", "--tasks", "3", "--run-dir", run, "--wait", "--", .. PbModcomp("--draws", final)]);
        Ok(submitted);
        Assert.Contains("PBtest", submitted.Stdout);
        Assert.Equal(WithoutTime(one.Stdout), WithoutTime(submitted.Stdout));
        Assert.Equal(WithoutTime(one.Stdout), WithoutTime(File.ReadAllText(Path.Combine(run, "output.txt"))));
        Assert.Equal(File.ReadAllBytes(sorted), File.ReadAllBytes(final));
        for (int k = 1; k <= 3; k++) Assert.Equal(100 + 3, File.ReadLines(Path.Combine(run, "shards", $"shard-{k}.csv")).Count());
    }
}
