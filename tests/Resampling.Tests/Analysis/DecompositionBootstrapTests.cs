using System.Text.Json;
using Resampling.Bootstrap;
using Resampling.Inference.Decomposition;
using Resampling.Model;
using Resampling.Reporting;
using Resampling.Tests.Support;

namespace Resampling.Tests.Analysis;

/// <summary>
/// Parametric-bootstrap percentile intervals for the ICC and R² (<c>fit --bootstrap N</c>): seeded, independent of the
/// thread count, holding the estimate, and a bootstrap distribution centred where the estimator's is.
/// </summary>
public class DecompositionBootstrapTests
{
    [Fact]
    public void IntervalsHoldTheEstimateAndDoNotDependOnThreads()
    {
        var m = FittedModels.Mod4Fit;
        var one = DecompositionBootstrap.Run(m, new BootstrapOptions { Replicates = 60, Seed = 11, MaxThreads = 1 });
        var two = DecompositionBootstrap.Run(m, new BootstrapOptions { Replicates = 60, Seed = 11, MaxThreads = 2 });
        Assert.Equal(60, one.Bootstrap.Replicates);
        Assert.Equal(0, one.Bootstrap.FailedCount);
        for (int k = 0; k < DecompositionBootstrap.Names.Count; k++)
            Assert.Equal(one.Bootstrap.Values(k), two.Bootstrap.Values(k)); // bit for bit
        var d = VarianceDecomposition.Of(m);
        Assert.Equal(d, one.Estimate);
        var pairs = new[] { (d.IccAdjusted, one.IccAdjusted), (d.IccConditional, one.IccConditional), (d.R2Marginal, one.R2Marginal), (d.R2Conditional, one.R2Conditional) };
        foreach (var (estimate, s) in pairs)
        {
            Assert.Equal(estimate, s.Estimate);
            Assert.True(s.Percentile.Lower < estimate && estimate < s.Percentile.Upper, $"{s.Name}: {estimate} outside [{s.Percentile.Lower}, {s.Percentile.Upper}]");
            Assert.True(s.Percentile.Upper - s.Percentile.Lower > 0);
        }
        // Another seed draws other replicates.
        var other = DecompositionBootstrap.Run(m, new BootstrapOptions { Replicates = 60, Seed = 12, MaxThreads = 2 });
        Assert.NotEqual(one.Bootstrap.Values(0), other.Bootstrap.Values(0));
    }

    [Fact]
    public void BootstrapMeanOfTheIccIsTheEstimateWithinMonteCarloError()
    {
        // Mod1, 160 schools: simulated at the estimate, the draws of the ICC centre on it up to a small bias. lme4's
        // bootMer of the same statistic (1,000 replicates, seed 1) has mean 0.18148 against 0.18035, sd 0.01859: a bias
        // of 0.06 sd, 1.2 Monte Carlo errors at 400 replicates. Draws of the wrong statistic (the original fit's, another
        // ratio) or not simulated from the fitted model move the mean by many Monte Carlo errors.
        var m = FittedModels.Hsb(FittedModels.Mod1);
        var run = DecompositionBootstrap.Run(m, new BootstrapOptions { Replicates = 400, Seed = 5 });
        var icc = run.IccAdjusted;
        double mc = icc.StdError / Math.Sqrt(icc.Count);
        Assert.True(Math.Abs(icc.Bias) < 4 * mc, $"ICC bias {icc.Bias:R}, Monte Carlo error {mc:R}");
        // The empty model has no fixed-effect variance: R² marginal is 0 in every replicate, both ICCs are equal.
        // (var() of the constant Xβ̂* is 0 up to rounding.)
        Assert.All(run.Bootstrap.Values(2), v => Assert.InRange(v, 0, 1e-12));
        var adjusted = run.Bootstrap.Values(0);
        var conditional = run.Bootstrap.Values(1);
        for (int i = 0; i < adjusted.Length; i++) Assert.Equal(adjusted[i], conditional[i], 1e-12);
        // Its spread is the ICC's sampling spread: between 0.01 and 0.04 for 160 schools of ~45 pupils at ICC 0.18.
        Assert.InRange(icc.StdError, 0.01, 0.04);
    }

    [Fact]
    public void FitPrintsAndWritesTheIntervals()
    {
        string[] args = ["fit", "--data", "hsb12.csv", "--formula", HsbModels.Mod1, "--bootstrap", "40", "--seed", "3", "--threads", "2"];
        var text = CliRunner.Run(args);
        Assert.Equal(ExitCodes.Success, text.ExitCode);
        Assert.Matches(@"95% percentile intervals from 40 parametric-bootstrap replicates \(seed 3\):", text.Stdout);
        Assert.Matches(@"ICC adjusted: \[0\.1\d{3}, 0\.2\d{3}\]", text.Stdout);

        var json = CliRunner.Run([.. args, "--format", "json", "--level", "0.9"]);
        Assert.Equal(ExitCodes.Success, json.ExitCode);
        var root = JsonDocument.Parse(json.Stdout).RootElement;
        var icc = root.GetProperty("icc");
        double estimate = icc.GetProperty("adjusted").GetDouble();
        var interval = icc.GetProperty("intervals").GetProperty("adjusted");
        Assert.InRange(estimate, interval.GetProperty("lower").GetDouble(), interval.GetProperty("upper").GetDouble());
        Assert.True(root.GetProperty("r2").GetProperty("intervals").TryGetProperty("conditional", out _));
        var run = root.GetProperty("decompositionBootstrap");
        Assert.Equal(0.9, run.GetProperty("level").GetDouble());
        Assert.Equal(40, run.GetProperty("replicates").GetInt32());
        Assert.Equal(3UL, run.GetProperty("seed").GetUInt64());
        // The same run on one thread writes the same document.
        var single = CliRunner.Run([.. args[..^2], "--threads", "1", "--format", "json", "--level", "0.9"]);
        Assert.Equal(Strip(json.Stdout), Strip(single.Stdout));
    }

    [Theory]
    [InlineData("--bootstrap", "0")]
    [InlineData("--bootstrap", "-3")]
    [InlineData("--bootstrap", "20000000")]
    [InlineData("--seed", "4")]
    [InlineData("--threads", "2")]
    [InlineData("--level", "0.9")]
    [InlineData("--bootstrap", "10", "--level", "1.5")]
    [InlineData("--bootstrap", "10", "--threads", "-1")]
    public void BadBootstrapOptionsAreOneLine(params string[] extra)
    {
        var r = CliRunner.Run(["fit", "--data", "hsb12.csv", "--formula", HsbModels.Mod1, .. extra]);
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Single(r.Stderr.Trim().Split('\n'));
    }

    /// <summary>The document without its timing (the only part that differs between runs).</summary>
    private static string Strip(string json)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        node.Remove("timing");
        return node.ToJsonString();
    }
}
