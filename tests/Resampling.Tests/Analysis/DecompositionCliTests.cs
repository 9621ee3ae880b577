using System.Text.Json;
using Resampling.Model;
using Resampling.Reporting;
using Resampling.Tests.Support;

namespace Resampling.Tests.Analysis;

/// <summary><c>fit</c> prints the ICC and R² after the summary and puts them in its JSON as <c>icc</c> and <c>r2</c>.</summary>
public class DecompositionCliTests
{
    [Fact]
    public void FitJsonHasIccAndR2AsPerformance()
    {
        var r = CliRunner.Run("fit", "--data", "hsb12.csv", "--compute", HsbModels.CsesCompute, "--formula", HsbModels.Mod3, "--format", "json");
        Assert.Equal(ExitCodes.Success, r.ExitCode);
        var root = JsonDocument.Parse(r.Stdout).RootElement;
        var c = AnalystFixtures.Case("variance.json", "hsb_mod3");
        foreach (var (key, inner) in new[] { ("icc", "adjusted"), ("icc", "conditional"), ("r2", "marginal"), ("r2", "conditional") })
        {
            double ours = root.GetProperty(key).GetProperty(inner).GetDouble();
            double theirs = c.GetProperty(key).GetProperty(inner).GetDouble();
            Assert.True(Math.Abs(ours - theirs) <= 1e-6, $"{key}.{inner}: {ours:R} vs performance {theirs:R}");
        }
    }

    [Fact]
    public void FitTextShowsTheDecomposition()
    {
        var r = CliRunner.Run("fit", "--data", "hsb12.csv", "--formula", HsbModels.Mod1);
        Assert.Equal(ExitCodes.Success, r.ExitCode);
        // performance::icc(Mod1) = 0.1803518; the empty model has no fixed-effect variance, so R2 marginal is 0.
        Assert.Matches(@"ICC adjusted: 0\.1804\s+conditional: 0\.1804", r.Stdout);
        Assert.Matches(@"R2  marginal: 0\.0000\s+conditional: 0\.1804", r.Stdout);
    }
}
