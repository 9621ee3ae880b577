namespace Resampling.SlurmTests;

/// <summary>
/// Generalised models on a real Slurm cluster: cbpp's binomial bootstrap (boot --family binomial) as 3 array tasks and a
/// collect job, and its Poisson posterior (mcmc --family poisson) as 2 tasks of chains, equal the same runs on this
/// machine bit for bit (printed table, draws file). Small: a few seconds of work per task.
/// </summary>
[Trait("Category", "Slurm")]
[Trait("Category", "Slow")]
public class SubmitGlmmTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("resampling-slurm-glmm-").FullName;

    public SubmitGlmmTests()
    {
        // The repository's root is data/'s parent; cbpp is the fast suite's fixture (lme4's data set, written by its R script).
        var root = Path.GetDirectoryName(Path.GetDirectoryName(Cli.DataFile("hsb12.csv")))!;
        File.Copy(Path.Combine(root, "tests", "Resampling.Tests", "Fixtures", "glmm", "cbpp.csv"), Path.Combine(_dir, "cbpp.csv"));
    }

    public void Dispose() => Directory.Delete(_dir, true);

    private static string[] Model(string command, string formula, string family, params string[] extra) =>
        [command, "--data", "cbpp.csv", "--factor", "herd", "--factor", "period", "--formula", formula, "--family", family, .. extra];

    private static void Ok(Cli.Result r) => Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.Stderr}");

    [Fact]
    public void BinomialBootstrapOnThreeTasksEqualsTheLocalRun()
    {
        var boot = Model("boot", "cbind(incidence, size - incidence) ~ period + (1 | herd)", "binomial", "--replicates", "60", "--seed", "4");
        string local = Path.Combine(_dir, "local.csv"), sorted = Path.Combine(_dir, "sorted.csv"), final = Path.Combine(_dir, "final.csv");
        var here = Cli.Run(_dir, [.. boot, "--draws", local]);
        Ok(here);
        Ok(Cli.Run(_dir, "merge", local, "--output", sorted));
        var submitted = Cli.Run(_dir, ["submit", "--tasks", "3", "--run-dir", Path.Combine(_dir, "run"), "--wait", "--", .. boot, "--draws", final]);
        Ok(submitted);
        Assert.Equal(here.Stdout, submitted.Stdout);
        Assert.Equal(File.ReadAllBytes(sorted), File.ReadAllBytes(final));
        Assert.Contains("settings=family=binomial(logit),nagq=1", File.ReadLines(final).First());
    }

    [Fact]
    public void PoissonChainsOnTwoTasksEqualTheLocalRun()
    {
        var mcmc = Model("mcmc", "incidence ~ period + (1 | herd)", "poisson", "--chains", "2", "--iterations", "200", "--warmup", "100", "--seed", "9");
        string local = Path.Combine(_dir, "local.csv"), run = Path.Combine(_dir, "run");
        var here = Cli.Run(_dir, [.. mcmc, "--draws", local]);
        Ok(here);
        var submitted = Cli.Run(_dir, ["submit", "--tasks", "2", "--run-dir", run, "--wait", "--", .. mcmc]);
        Ok(submitted);
        Assert.Equal(File.ReadAllBytes(local), File.ReadAllBytes(Path.Combine(run, "draws.csv")));
        static string WithoutTime(string text) => string.Join('\n', text.Split('\n').Where(l => !l.StartsWith("Sampling time", StringComparison.Ordinal)));
        Assert.Equal(WithoutTime(here.Stdout), WithoutTime(submitted.Stdout));
    }
}
