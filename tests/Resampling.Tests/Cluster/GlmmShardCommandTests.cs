using Resampling.Reporting;
using Resampling.Tests.Support;

namespace Resampling.Tests.Cluster;

/// <summary>
/// boot, mcmc and rank with --family, split by --shard K/N (each shard on one thread, the whole run on every core) and
/// joined by merge / --merge, or by submit --dry-run + the shard script + collect: the joined run is the single-machine run
/// byte for byte (draws files, ranks.csv and ranks.json, the printed table but for the time line) for binomial and Poisson
/// models of cbpp; shards of a linear model, another family or link, or another seed are refused in one line.
/// </summary>
public class GlmmShardCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("resampling-glmmshard-").FullName;

    public GlmmShardCommandTests() => File.Copy(Lme4Reference.FixturePath("glmm", "cbpp.csv"), Path.Combine(_dir, "cbpp.csv"));

    public void Dispose() => Directory.Delete(_dir, true);

    private const string Binomial = "cbind(incidence, size - incidence) ~ period + (1 | herd)";
    private const string Poisson = "incidence ~ period + (1 | herd)";

    private static string FormulaOf(string family) => family == "binomial" ? Binomial : Poisson;

    private static string[] Model(string command, string family, params string[] extra) =>
        [command, "--data", "cbpp.csv", "--factor", "herd", "--factor", "period", "--formula", FormulaOf(family), "--family", family, .. extra];

    private static string[] Boot(string family, params string[] extra) => Model("boot", family, ["--replicates", "20", "--seed", "7", .. extra]);

    private static string[] Mcmc(string family, params string[] extra) =>
        Model("mcmc", family, ["--chains", "3", "--iterations", "120", "--warmup", "60", .. extra]);

    private static string[] Rank(string family, params string[] extra) => RankBy("all", family, extra);

    private static string[] RankBy(string method, string family, params string[] extra) =>
        Model("rank", family, ["--method", method, "--replicates", "12", "--set-draws", "40", "--seed", "3", .. extra]);

    private CliRunner.Result Run(params string[] args) => CliRunner.RunIn(_dir, args);

    private static void Ok(CliRunner.Result r) => Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);

    private string In(string name) => Path.Combine(_dir, name);

    private static string Without(string text, string prefix) => string.Join('\n', text.Split('\n').Where(l => !l.StartsWith(prefix, StringComparison.Ordinal)));

    [Theory]
    [InlineData("binomial")]
    [InlineData("poisson")]
    public void BootShardsMergedAreTheWholeRun(string family)
    {
        var whole = Run(Boot(family, "--draws", In("whole.csv")));
        Ok(whole);
        for (int k = 1; k <= 3; k++) Ok(Run(Boot(family, "--shard", $"{k}/3", "--draws", In($"p{k}.csv"), "--threads", "1")));
        Assert.StartsWith($"# resampling draws; type=parametric; settings=family={family}({(family == "binomial" ? "logit" : "log")}),nagq=1; seed=7; data=",
            File.ReadLines(In("p1.csv")).First());
        Assert.Equal(7, File.ReadLines(In("p1.csv")).Count() - 3); // 20 = 7 + 7 + 6
        var merged = Run("merge", In("p1.csv"), In("p2.csv"), In("p3.csv"), "--output", In("merged.csv"));
        Ok(merged);
        Ok(Run("merge", In("whole.csv"), "--output", In("sorted.csv")));
        Assert.Equal(File.ReadAllBytes(In("sorted.csv")), File.ReadAllBytes(In("merged.csv")));
        Assert.Equal(whole.Stdout, merged.Stdout);
        // --resume of a complete run runs nothing and prints the same table.
        var resumed = Run(Boot(family, "--draws", In("whole.csv"), "--resume"));
        Ok(resumed);
        Assert.Equal(whole.Stdout, resumed.Stdout);
    }

    [Fact]
    public void BootDrawsOfALinearModelOrAnotherLinkAreRefused()
    {
        Ok(Run(Boot("poisson", "--shard", "1/2", "--draws", In("g1.csv"))));
        Ok(Run(["boot", "--data", "cbpp.csv", "--factor", "herd", "--factor", "period", "--formula", Poisson, "--replicates", "20", "--seed", "7",
            "--shard", "2/2", "--draws", In("l2.csv")]));
        CliAssert.OneLineError(Run("merge", In("g1.csv"), In("l2.csv")), ExitCodes.DataError, "draws of a poisson(log) nagq=1 GLMM and of a linear model");
        CliAssert.OneLineError(Run(Boot("poisson", "--draws", In("l2.csv"), "--resume")), ExitCodes.DataError, "holds draws of a linear model, not of a poisson(log) nagq=1 GLMM");
        Ok(Run(Boot("binomial", "--shard", "1/2", "--draws", In("logit.csv"))));
        Ok(Run(Boot("binomial", "--shard", "2/2", "--draws", In("probit.csv"), "--link", "probit")));
        CliAssert.OneLineError(Run("merge", In("logit.csv"), In("probit.csv")), ExitCodes.DataError, "binomial(logit) nagq=1 GLMM and of a binomial(probit) nagq=1 GLMM");
        CliAssert.OneLineError(Run(Boot("binomial", "--shard", "2/2")), ExitCodes.Usage, "--shard needs --draws");
        CliAssert.OneLineError(Run(Boot("binomial", "--shard", "1/21", "--draws", In("x.csv"))), ExitCodes.Usage, "at most 20 shards");
        CliAssert.OneLineError(Run(Boot("binomial", "--draws", In("logit.csv"))), ExitCodes.OutputError, "use --resume to continue that run or --force");
    }

    [Theory]
    [InlineData("binomial")]
    [InlineData("poisson")]
    public void McmcShardsMergedAreTheWholeRun(string family)
    {
        var whole = Run(Mcmc(family, "--seed", "5", "--draws", In("whole.csv"), "--ranef"));
        Ok(whole);
        Directory.CreateDirectory(In("parts"));
        Ok(Run(Mcmc(family, "--seed", "5", "--shard", "1/2", "--draws", In("parts/p1.csv"))));
        Ok(Run(Mcmc(family, "--seed", "5", "--shard", "2/2", "--draws", In("parts/p2.csv"))));
        Assert.Contains($"; family={family}(", File.ReadLines(In("parts/p2.csv")).First());
        var merged = Run(Mcmc(family, "--seed", "5", "--merge", In("parts/*.csv"), "--draws", In("merged.csv"), "--ranef"));
        Ok(merged);
        Assert.Equal(File.ReadAllBytes(In("whole.csv")), File.ReadAllBytes(In("merged.csv")));
        Assert.Equal(Without(whole.Stdout, "Sampling time"), Without(merged.Stdout, "Sampling time"));
        Assert.Contains("b[(Intercept) herd:15]", merged.Stdout);
    }

    [Fact]
    public void McmcChainsOfALinearModelOrAnotherSeedAreRefused()
    {
        Ok(Run(Mcmc("poisson", "--seed", "5", "--shard", "1/2", "--draws", In("g1.csv"))));
        Ok(Run(Mcmc("poisson", "--seed", "6", "--shard", "2/2", "--draws", In("g2.csv"))));
        Ok(Run(["mcmc", "--data", "cbpp.csv", "--factor", "herd", "--factor", "period", "--formula", Poisson, "--chains", "3", "--iterations", "120",
            "--warmup", "60", "--seed", "5", "--shard", "2/2", "--draws", In("l2.csv")]));
        CliAssert.OneLineError(Run(Mcmc("poisson", "--seed", "5", "--merge", $"{In("g1.csv")},{In("l2.csv")}")), ExitCodes.DataError,
            "chains of another run (a linear model's, this run is a poisson(log) GLMM's)");
        CliAssert.OneLineError(Run(Mcmc("poisson", "--seed", "5", "--merge", $"{In("g1.csv")},{In("g2.csv")}")), ExitCodes.DataError, "(seed 6, this run's 5)");
        CliAssert.OneLineError(Run(Mcmc("poisson", "--seed", "5", "--merge", In("g1.csv"))), ExitCodes.DataError, "Chain 3 is missing");
    }

    [Theory]
    [InlineData("binomial")]
    [InlineData("poisson")]
    public void RankShardsMergedAreTheWholeRun(string family)
    {
        var whole = Run(Rank(family, "--out", In("whole")));
        Ok(whole);
        for (int k = 1; k <= 3; k++) Ok(Run(Rank(family, "--shard", $"{k}/3", "--draws", In($"r{k}.csv"))));
        Assert.Contains("chains=3-3", File.ReadAllText(In("r2.csv")));
        var merged = Run(Rank(family, "--merge", $"{In("r3.csv")},{In("r1.csv")},{In("r2.csv")}", "--out", In("merged")));
        Ok(merged);
        foreach (var file in new[] { "ranks.csv", "ranks.json" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(In("whole"), file)), File.ReadAllBytes(Path.Combine(In("merged"), file)));
        Assert.Equal(Without(whole.Stdout, "Report: "), Without(merged.Stdout, "Report: "));
    }

    [Fact]
    public void RankShardsOfAnotherFamilyOrALinearModelAreRefused()
    {
        Ok(Run(RankBy("bootstrap", "binomial", "--shard", "1/2", "--draws", In("logit.csv"))));
        Ok(Run(RankBy("bootstrap", "binomial", "--shard", "2/2", "--draws", In("probit.csv"), "--link", "probit")));
        CliAssert.OneLineError(Run(RankBy("bootstrap", "binomial", "--merge", $"{In("logit.csv")},{In("probit.csv")}", "--out", In("r"))),
            ExitCodes.DataError, "another rank run (a binomial(probit) GLMM's, this run is a binomial(logit) GLMM's)");
        Ok(Run(["rank", "--data", "cbpp.csv", "--factor", "herd", "--factor", "period", "--formula", Poisson, "--method", "bootstrap", "--replicates", "12",
            "--seed", "3", "--shard", "2/2", "--draws", In("linear.csv")]));
        CliAssert.OneLineError(Run(RankBy("bootstrap", "poisson", "--merge", In("linear.csv"), "--out", In("r"))), ExitCodes.DataError,
            "(a linear model's, this run is a poisson(log) GLMM's)");
        CliAssert.OneLineError(Run(RankBy("bootstrap", "binomial", "--merge", In("logit.csv"), "--out", In("r"))), ExitCodes.DataError, "replicates 7-12 are missing");
        CliAssert.OneLineError(Run(RankBy("mcmc", "binomial", "--shard", "1/5", "--draws", In("x.csv"))), ExitCodes.Usage, "at most 4 shards");
    }

    [Fact]
    public void DryRunThenShardsByHandThenCollectEqualsTheLocalRun()
    {
        var boot = Run(Boot("binomial"));
        Ok(boot);
        Ok(Run(["submit", "--tasks", "2", "--run-dir", In("boot-run"), "--dry-run", "--", .. Boot("binomial")]));
        Assert.Equal(0, ShardScript.Run(In("boot-run"), 2));
        CliAssert.OneLineError(Run("collect", In("boot-run")), ExitCodes.DataError, "shard 1: no draws file");
        Assert.Equal(0, ShardScript.Run(In("boot-run"), 1));
        Ok(Run("collect", In("boot-run")));
        Assert.Equal(boot.Stdout, File.ReadAllText(Path.Combine(In("boot-run"), "output.txt")));

        var mcmc = Run(Mcmc("poisson", "--seed", "5", "--draws", In("whole.csv")));
        Ok(mcmc);
        Ok(Run(["submit", "--tasks", "3", "--run-dir", In("mcmc-run"), "--dry-run", "--", .. Mcmc("poisson", "--seed", "5")]));
        for (int k = 1; k <= 3; k++) Assert.Equal(0, ShardScript.Run(In("mcmc-run"), k));
        Ok(Run("collect", In("mcmc-run")));
        Assert.Equal(File.ReadAllBytes(In("whole.csv")), File.ReadAllBytes(Path.Combine(In("mcmc-run"), "draws.csv")));
        Assert.Equal(Without(mcmc.Stdout, "Sampling time"), Without(File.ReadAllText(Path.Combine(In("mcmc-run"), "output.txt")), "Sampling time"));
        CliAssert.OneLineError(Run(["submit", "--tasks", "2", "--dry-run", "--", "pbmodcomp", "--data", "cbpp.csv", "--formula", Binomial,
            "--formula", "cbind(incidence, size - incidence) ~ 1 + (1 | herd)", "--family", "binomial"]), ExitCodes.Usage, "submit runs boot, mcmc and rank with --family");
    }
}
