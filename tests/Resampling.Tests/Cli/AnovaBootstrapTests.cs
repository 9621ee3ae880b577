using System.Text.Json;
using Resampling.Reporting;
using Resampling.Tests.Support;

namespace Resampling.Tests.Cli;

public class AnovaBootstrapTests
{
    private static readonly string[] Models =
    [
        "--formula", "Reaction ~ Days + (1|Subject)",
        "--formula", "Reaction ~ Days + (Days|Subject)",
    ];

    [Fact]
    public void BootstrapAddsPbkrtestsPValuesToTheLargerModelsRow()
    {
        var r = CliRunner.Run(["anova", "--data", "sleepstudy.csv", .. Models, "--bootstrap", "99", "--seed", "7", "--format", "json"]);
        Assert.Equal(ExitCodes.Success, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        var rows = doc.RootElement.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal(JsonValueKind.Null, rows[0].GetProperty("pBootstrap").ValueKind);
        double p = rows[1].GetProperty("pBootstrap").GetDouble();
        // (1 + #extreme) / (1 + #usable) with 99 replicates: a multiple of 1/100 at most, strictly positive.
        Assert.InRange(p, 0.01, 1);
        Assert.Equal(0, Math.Round(p * 100, 6) % 1, 6);
        Assert.InRange(rows[1].GetProperty("pGamma").GetDouble(), 0, 1);
        Assert.InRange(rows[1].GetProperty("pBartlett").GetDouble(), 0, 1);
        // The same seed gives the same p-value.
        var again = CliRunner.Run(["anova", "--data", "sleepstudy.csv", .. Models, "--bootstrap", "99", "--seed", "7", "--format", "json"]);
        using var doc2 = JsonDocument.Parse(again.Stdout);
        Assert.Equal(p, doc2.RootElement.GetProperty("models")[1].GetProperty("pBootstrap").GetDouble());
    }

    [Fact]
    public void BootstrapNeedsTwoModels()
    {
        var r = CliRunner.Run("anova", "--data", "sleepstudy.csv", "--formula", "Reaction ~ Days + (1|Subject)", "--bootstrap", "10");
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains("two", r.Stderr);
    }
}
