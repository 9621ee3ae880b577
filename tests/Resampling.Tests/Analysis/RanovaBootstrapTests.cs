using System.Text.Json;
using Resampling.Bootstrap;
using Resampling.Inference.Deletion;
using Resampling.Model;
using Resampling.Reporting;
using Resampling.Tests.Support;

namespace Resampling.Tests.Analysis;

/// <summary>
/// <c>ranova --bootstrap N --seed S</c>: each row's parametric-bootstrap p is pbmodcomp's for the same pair of models and
/// seed, draw for draw; a row with no random term left is the model against its linear model; bad options are one-line usage errors.
/// </summary>
public class RanovaBootstrapTests
{
    [Fact]
    public void EachRowIsPbModcompOfItsPair()
    {
        var full = FittedModels.Mod4Fit;
        var table = RandomEffectsAnova.Compute(full);
        var options = new BootstrapOptions { Replicates = 40, Seed = 7, MaxThreads = 2 };
        var run = RandomEffectsAnovaBootstrap.Run(full, table, options);
        Assert.Null(run.Rows[0]);
        var row = Assert.IsType<PbModcompResult>(run.Rows[1]);
        var pair = ParametricBootstrapLrt.Run(FittedModels.Mod5Fit, full, options with { MaxThreads = 1 });
        Assert.Equal(pair.Statistic, row.Statistic, 1e-9);
        Assert.Equal(pair.Df, row.Df);
        Assert.Equal(pair.Reference, row.Reference, (a, b) => Math.Abs(a - b) <= 1e-7 * Math.Max(1, Math.Abs(a)));
        Assert.Equal(pair.PValueBootstrap, row.PValueBootstrap);
        Assert.Equal(40, row.Replicates);
        // PBmodcomp's p: (1 + #{T* > T}) / (1 + #{T* > 0}).
        Assert.Equal((1.0 + row.Reference.Count(t => t > row.Statistic)) / (1.0 + row.Reference.Count(t => t > 0)), row.PValueBootstrap);
        Assert.Equal(7UL, run.Seed);
    }

    [Fact]
    public void ARowWithNoRandomTermLeftIsBootstrappedAgainstTheLinearModel()
    {
        var m = FittedModels.Sleepstudy("Reaction ~ Days + (1|Subject)");
        var table = RandomEffectsAnova.Compute(m);
        var options = new BootstrapOptions { Replicates = 5, Seed = 1 };
        var run = RandomEffectsAnovaBootstrap.Run(m, table, options);
        Assert.Equal(2, run.Rows.Count);
        Assert.Null(table.Rows[1].Reduced);
        var row = Assert.IsType<PbModcompResult>(run.Rows[1]);
        Assert.Equal(ParametricBootstrapLrt.RunAgainstFixedPart(m, options).Reference, row.Reference);
        var text = RanovaWriter.Text(table, run);
        Assert.DoesNotContain("NA", text);
        Assert.Matches(@"\(1 \| Subject\)\s+\d+\.\d+\s+1\s+\d+\s+0\s+0\.\d+", text);
    }

    [Fact]
    public void CliAgreesWithPbModcomp()
    {
        var ranova = CliRunner.Run("ranova", "--data", "sleepstudy.csv", "--formula", "Reaction ~ Days + (Days|Subject)",
            "--bootstrap", "60", "--seed", "9", "--format", "json");
        Assert.Equal(ExitCodes.Success, ranova.ExitCode);
        var root = JsonDocument.Parse(ranova.Stdout).RootElement;
        var rows = root.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(JsonValueKind.Null, rows[0].GetProperty("pb").ValueKind);
        var pb = rows[1].GetProperty("pb");
        Assert.Equal(60, root.GetProperty("bootstrap").GetProperty("replicates").GetInt32());

        var pair = CliRunner.Run("pbmodcomp", "--data", "sleepstudy.csv", "--formula", "Reaction ~ Days + (1|Subject)",
            "--formula", "Reaction ~ Days + (Days|Subject)", "--replicates", "60", "--seed", "9", "--format", "json");
        Assert.Equal(ExitCodes.Success, pair.ExitCode);
        var tests = JsonDocument.Parse(pair.Stdout).RootElement.GetProperty("test").EnumerateArray().ToList();
        var pbtest = tests.Single(t => t.GetProperty("name").GetString() == "PBtest");
        Assert.Equal(pbtest.GetProperty("p.value").GetDouble(), pb.GetProperty("p").GetDouble());
        Assert.Equal(pbtest.GetProperty("stat").GetDouble(), pb.GetProperty("lrt").GetDouble(), 1e-6);

        var text = CliRunner.Run("ranova", "--data", "sleepstudy.csv", "--formula", "Reaction ~ Days + (Days|Subject)", "--bootstrap", "60", "--seed", "9");
        Assert.Contains("Parametric bootstrap (pbkrtest's PBmodcomp, both models refitted by ML): 60 replicates, seed 9", text.Stdout);
        Assert.Matches(@"Days in \(Days \| Subject\)\s+\d+\.\d+\s+2\s+\d+\s+0\s+0\.01639", text.Stdout); // 1/61: no T* beyond T
    }

    [Theory]
    [InlineData("--bootstrap", "0")]
    [InlineData("--bootstrap", "20000000")]
    [InlineData("--seed", "3")]
    [InlineData("--threads", "1")]
    [InlineData("--bootstrap", "5", "--threads", "-2")]
    public void BadBootstrapOptionsAreOneLine(params string[] extra)
    {
        var r = CliRunner.Run(["ranova", "--data", "sleepstudy.csv", "--formula", "Reaction ~ Days + (Days|Subject)", .. extra]);
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Single(r.Stderr.Trim().Split('\n'));
    }
}
