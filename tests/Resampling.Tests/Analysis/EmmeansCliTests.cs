using System.Text.Json;
using Resampling.Model;
using Resampling.Reporting;
using Resampling.Tests.Support;

namespace Resampling.Tests.Analysis;

/// <summary>The emmeans command: JSON as documented and equal to emmeans' numbers; --specs naming no factor refused in one line.</summary>
public class EmmeansCliTests
{
    [Fact]
    public void JsonHasMeansAndPairwiseContrastsAsEmmeans()
    {
        var r = CliRunner.Run("emmeans", "--data", "hsb12.csv", "--factor", "SECTOR", "--compute", HsbModels.CsesCompute,
            "--formula", HsbModels.Mod4, "--specs", "SECTOR", "--pairwise", "--format", "json");
        Assert.Equal(ExitCodes.Success, r.ExitCode);
        var root = JsonDocument.Parse(r.Stdout).RootElement;
        var expected = AnalystFixtures.Case("emmeans.json", "hsb_mod4_sector").GetProperty("satterthwaite");
        var means = root.GetProperty("emmeans").EnumerateArray().ToList();
        var emeans = expected.GetProperty("emmeans").EnumerateArray().ToList();
        Assert.Equal(2, means.Count);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(emeans[i].GetProperty("levels").GetProperty("SECTOR").GetString(), means[i].GetProperty("levels").GetProperty("SECTOR").GetString());
            foreach (var key in new[] { "emmean", "se", "df", "lower", "upper" })
                Near(emeans[i].GetProperty(key).GetDouble(), means[i].GetProperty(key).GetDouble(), key);
        }
        var c = root.GetProperty("contrasts").EnumerateArray().Single();
        var ec = expected.GetProperty("contrasts").EnumerateArray().Single();
        Assert.Equal("SECTOR0 - SECTOR1", c.GetProperty("contrast").GetString());
        foreach (var key in new[] { "estimate", "se", "df", "t", "p" })
            Near(ec.GetProperty(key).GetDouble(), c.GetProperty(key).GetDouble(), key);
    }

    [Fact]
    public void CustomContrastOfTwoMeansIsTheirUnadjustedDifference()
    {
        var r = CliRunner.Run("emmeans", "--data", "hsb12.csv", "--factor", "SECTOR", "--compute", HsbModels.CsesCompute,
            "--formula", HsbModels.Mod4, "--specs", "SECTOR", "--contrast", "public-catholic=1,-1", "--format", "json");
        Assert.Equal(ExitCodes.Success, r.ExitCode);
        var c = JsonDocument.Parse(r.Stdout).RootElement.GetProperty("contrasts").EnumerateArray().Single();
        var ec = AnalystFixtures.Case("emmeans.json", "hsb_mod4_sector").GetProperty("satterthwaite").GetProperty("contrasts").EnumerateArray().Single();
        Assert.Equal("public-catholic", c.GetProperty("contrast").GetString());
        // With two means Tukey's p is the unadjusted one, so emmeans' pairwise p is the reference for both.
        foreach (var key in new[] { "estimate", "se", "df", "t", "p" })
            Near(ec.GetProperty(key).GetDouble(), c.GetProperty(key).GetDouble(), key);
    }

    [Fact]
    public void SpecsNamingNoFactorIsOneLineAndNonZero()
    {
        var r = CliRunner.Run("emmeans", "--data", "sleepstudy.csv", "--formula", "Reaction ~ Days + (Days|Subject)", "--specs", "Days");
        Assert.NotEqual(ExitCodes.Success, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.Contains("'Days' is not a factor", r.Stderr);
    }

    [Fact]
    public void AdjustWithoutContrastsIsAUsageError()
    {
        var r = CliRunner.Run("emmeans", "--data", "hsb12.csv", "--factor", "SECTOR", "--formula", "MATHACH ~ SECTOR + (1|SCHOOL)", "--specs", "SECTOR", "--adjust", "holm");
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Single(r.Stderr.Trim().Split('\n'));
    }

    private static void Near(double expected, double actual, string what) =>
        Assert.True(Math.Abs(actual - expected) <= 1e-4 * Math.Abs(expected), $"{what}: {actual:R} vs emmeans {expected:R}");
}
