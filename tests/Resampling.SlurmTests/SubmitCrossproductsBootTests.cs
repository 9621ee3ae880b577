namespace Resampling.SlurmTests;

/// <summary>
/// The parametric bootstrap from shards' cross-products on a real Slurm cluster (docs/cluster.md §5): data/hsb12.csv
/// split into 4 files (every school cut), each file's cross-products written, then <c>boot --crossproducts
/// 'parts/*.rxp'</c> submitted as 4 array tasks and a collect job equals the same bootstrap run on this machine, bit for
/// bit (printed table and draws file).
/// </summary>
[Trait("Category", "Slurm")]
[Trait("Category", "Slow")]
public class SubmitCrossproductsBootTests : IDisposable
{
    private const string Mod4 = "MATHACH ~ cses + MEANSES + SECTOR + cses*MEANSES + cses*SECTOR + (1 + cses|SCHOOL)";
    private readonly string _dir = Directory.CreateTempSubdirectory("resampling-slurm-rxp-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static void Ok(Cli.Result r) => Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.Stderr}");

    private static string[] Boot(params string[] extra) => ["boot", "--crossproducts", "parts/*.rxp", "--replicates", "400", "--seed", "12", .. extra];

    [Fact]
    public void FourArrayTasksFromCrossproductsEqualTheLocalRun()
    {
        var lines = File.ReadAllLines(Cli.DataFile("hsb12.csv"));
        Directory.CreateDirectory(Path.Combine(_dir, "parts"));
        for (int k = 0; k < 4; k++)
        {
            string csv = Path.Combine(_dir, "parts", $"part{k + 1}.csv");
            File.WriteAllLines(csv, lines.Take(1).Concat(lines.Skip(1).Where((_, i) => i % 4 == k)));
            Ok(Cli.Run(_dir, "crossproducts", "--data", csv, "--compute", "cses = SES - MEANSES", "--formula", Mod4, "--out", Path.ChangeExtension(csv, ".rxp")));
        }
        string draws = Path.Combine(_dir, "local.csv"), sorted = Path.Combine(_dir, "local-sorted.csv"), final = Path.Combine(_dir, "final.csv");
        var local = Cli.Run(_dir, Boot("--draws", draws));
        Ok(local);
        Ok(Cli.Run(_dir, "merge", draws, "--output", sorted));
        string run = Path.Combine(_dir, "run");
        var submitted = Cli.Run(_dir, ["submit", "--scheduler", "slurm", "--tasks", "4", "--run-dir", run, "--wait", "--", .. Boot("--draws", final)]);
        Ok(submitted);
        Assert.Equal(local.Stdout, submitted.Stdout);
        Assert.Equal(local.Stdout, File.ReadAllText(Path.Combine(run, "output.txt")));
        Assert.Equal(File.ReadAllBytes(sorted), File.ReadAllBytes(final));
        for (int k = 1; k <= 4; k++) Assert.Equal(100 + 3, File.ReadLines(Path.Combine(run, "shards", $"shard-{k}.csv")).Count());
    }
}
