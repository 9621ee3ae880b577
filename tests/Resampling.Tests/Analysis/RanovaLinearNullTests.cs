using System.Text.Json;
using Resampling.Bootstrap;
using Resampling.Inference.Deletion;
using Resampling.Reporting;
using Resampling.Tests.Support;

namespace Resampling.Tests.Analysis;

/// <summary>
/// ranova's row that removes the last random term, by parametric bootstrap: the mixed model against its linear model,
/// responses simulated from the lm (simulate.lm's σ), the lm refitted by least squares and the mixed model by ML.
/// The reference (Fixtures/analyst/ranova_pb_lm.R) runs pbkrtest's PBmodcomp steps in R with 5,000 simulations; here
/// 1,000 replicates must agree within Monte Carlo error (4 standard errors of the difference, both runs' errors).
/// </summary>
public class RanovaLinearNullTests
{
    private const string Formula = "y ~ x + (1 | g)";

    private static Resampling.Engine.LinearMixedModel Model(bool reml = false) =>
        FittedModels.Fixture("analyst", "ranova_pb_lm.csv", Formula, reml);

    [Fact]
    public void StatisticAndSigmaAreR()
    {
        var r = AnalystFixtures.Load("ranova_pb_lm.json");
        var pb = ParametricBootstrapLrt.RunAgainstFixedPart(Model(), new BootstrapOptions { Replicates = 2, Seed = 1 });
        Assert.Equal(r.GetProperty("tobs").GetDouble(), pb.Statistic, 1e-6 * Math.Max(1, pb.Statistic));
        Assert.Equal(1, pb.Df);
        var lm = new LinearNullModel(Model().Design);
        Assert.Equal(r.GetProperty("sigmaSimulated").GetDouble(), lm.Sigma, 1e-9);
        Assert.NotEqual(r.GetProperty("sigmaMl").GetDouble(), lm.Sigma, 1e-4);
    }

    [Fact]
    public void ReferenceDistributionIsPbkrtestsWithinMonteCarloError()
    {
        var r = AnalystFixtures.Load("ranova_pb_lm.json");
        // A REML model: the bootstrap refits by ML whatever the table's criterion, as PBmodcomp does.
        var pb = ParametricBootstrapLrt.RunAgainstFixedPart(Model(reml: true), new BootstrapOptions { Replicates = 1000, Seed = 11 });
        Assert.Equal(0, pb.FailedCount);
        int n = pb.Reference.Count, nr = r.GetProperty("nsim").GetInt32();
        double sd = r.GetProperty("refSd").GetDouble(), mean = r.GetProperty("refMean").GetDouble();
        double band = 4 * sd * Math.Sqrt(1.0 / n + 1.0 / nr);
        Assert.InRange(pb.Reference.Average(), mean - band, mean + band);
        double f = r.GetProperty("fractionAtZero").GetDouble();
        double mine = pb.Reference.Count(t => t < 1e-6) / (double)n;
        band = 4 * Math.Sqrt(f * (1 - f) * (1.0 / n + 1.0 / nr));
        Assert.InRange(mine, f - band, f + band);
        // R's PBtest counts the rounding at the boundary (T* of ±1e-13) as T* > 0; here the boundary's T* are 0, so
        // the reference is its p over the T* > 1e-6 (the script's pClean).
        double p = r.GetProperty("pClean").GetDouble();
        band = 4 * Math.Sqrt(p * (1 - p) * (1.0 / pb.PositiveCount + 1.0 / r.GetProperty("nposClean").GetInt32()));
        Assert.InRange(pb.PValueBootstrap, p - band, p + band);
        var q = r.GetProperty("refQuantiles").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var sorted = pb.Reference.Order().ToArray();
        // The 90% quantile of T* (between the mass at 0 and the tail) within a generous Monte Carlo band.
        double q90 = sorted[(int)(0.9 * n)];
        Assert.InRange(q90, 0.75 * q[2], 1.25 * q[2]);
    }

    [Fact]
    public void BoundaryMixtureHasAboutHalfItsMassAtZero()
    {
        // Simulated from the linear model, the school variance is truly 0: the ML estimate is on the boundary about half
        // the time, so T* is 0 there (χ²₀ and χ²₁ mixed), and the positive half averages near 1.
        var pb = ParametricBootstrapLrt.RunAgainstFixedPart(FittedModels.Hsb(FittedModels.Mod1, reml: false),
            new BootstrapOptions { Replicates = 400, Seed = 5 });
        double atZero = pb.Reference.Count(t => t < 1e-6) / (double)pb.Reference.Count;
        Assert.InRange(atZero, 0.35, 0.7);
        Assert.InRange(pb.Reference.Where(t => t >= 1e-6).Average(), 0.6, 1.6);
        Assert.All(pb.Reference, t => Assert.True(t > -1e-6, $"T* = {t}"));
        // The boundary's zeros are exact, not rounding that PBtest would count as T* > 0.
        Assert.InRange(pb.Reference.Count(t => t > 0 && t < 1e-6), 0, pb.Reference.Count / 50);
        Assert.Equal(pb.Reference.Count(t => t > 0), pb.PositiveCount);
    }

    [Fact]
    public void ResultsDoNotDependOnTheThreadCount()
    {
        var m = FittedModels.Hsb(FittedModels.Mod1);
        var one = ParametricBootstrapLrt.RunAgainstFixedPart(m, new BootstrapOptions { Replicates = 60, Seed = 3, MaxThreads = 1 });
        var two = ParametricBootstrapLrt.RunAgainstFixedPart(m, new BootstrapOptions { Replicates = 60, Seed = 3, MaxThreads = 2 });
        var four = ParametricBootstrapLrt.RunAgainstFixedPart(m, new BootstrapOptions { Replicates = 60, Seed = 3, MaxThreads = 4 });
        Assert.Equal(one.Reference, two.Reference);
        Assert.Equal(one.Reference, four.Reference);
        Assert.Equal(one.PValueBootstrap, four.PValueBootstrap);
    }

    [Fact]
    public void Mod1RowIsTheLinearModelBootstrapWithTheTablesMlStatistic()
    {
        // "Is the school variance needed?": Mod1's only row removes (1 | SCHOOL), leaving MATHACH ~ 1.
        var m = FittedModels.Hsb(FittedModels.Mod1, reml: false);
        var table = RandomEffectsAnova.Compute(m);
        var options = new BootstrapOptions { Replicates = 30, Seed = 2 };
        var run = RandomEffectsAnovaBootstrap.Run(m, table, options);
        var row = Assert.IsType<PbModcompResult>(run.Rows[1]);
        Assert.Equal(table.Rows[1].Lrt!.Value, row.Statistic, 1e-6 * row.Statistic);
        Assert.Equal(table.Rows[1].Df, row.Df);
        Assert.Equal(ParametricBootstrapLrt.RunAgainstFixedPart(m, options).Reference, row.Reference);
        Assert.Equal(1.0 / (1 + row.PositiveCount), row.PValueBootstrap);
    }

    [Fact]
    public void PbModcompTakesALinearSmallerModelAsRanovaDoes()
    {
        var ranova = CliRunner.Run("ranova", "--data", "sleepstudy.csv", "--formula", "Reaction ~ Days + (1|Subject)",
            "--bootstrap", "40", "--seed", "4", "--format", "json");
        Assert.Equal(ExitCodes.Success, ranova.ExitCode);
        var pb = JsonDocument.Parse(ranova.Stdout).RootElement.GetProperty("rows")[1].GetProperty("pb");
        var pair = CliRunner.Run("pbmodcomp", "--data", "sleepstudy.csv", "--formula", "Reaction ~ Days",
            "--formula", "Reaction ~ Days + (1|Subject)", "--replicates", "40", "--seed", "4", "--format", "json");
        Assert.Equal(ExitCodes.Success, pair.ExitCode);
        var tests = JsonDocument.Parse(pair.Stdout).RootElement.GetProperty("test").EnumerateArray().ToList();
        var pbtest = tests.Single(t => t.GetProperty("name").GetString() == "PBtest");
        Assert.Equal(pbtest.GetProperty("p.value").GetDouble(), pb.GetProperty("p").GetDouble());
        Assert.Equal(pbtest.GetProperty("stat").GetDouble(), pb.GetProperty("lrt").GetDouble(), 1e-6);

        // A linear model with a column the mixed model lacks is not nested in it: one line, the documented code.
        var bad = CliRunner.Run("pbmodcomp", "--data", "sleepstudy.csv", "--formula", "Reaction ~ Subject",
            "--formula", "Reaction ~ Days + (1|Subject)", "--replicates", "10");
        Assert.NotEqual(ExitCodes.Success, bad.ExitCode);
        Assert.Contains("not nested", bad.Stderr);
        Assert.Single(bad.Stderr.Trim().Split('\n'));

        // Shards and draws files hold two mixed models' runs: refused in one line rather than ignored.
        var shard = CliRunner.Run("pbmodcomp", "--data", "sleepstudy.csv", "--formula", "Reaction ~ Days",
            "--formula", "Reaction ~ Days + (1|Subject)", "--replicates", "10", "--shard", "1/2", "--draws", Path.Combine(Path.GetTempPath(), "never-written.csv"));
        Assert.Equal(ExitCodes.Usage, shard.ExitCode);
        Assert.Contains("need two mixed models", shard.Stderr);
        Assert.Single(shard.Stderr.Trim().Split('\n'));
    }
}
