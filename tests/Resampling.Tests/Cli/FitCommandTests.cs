using System.Text.Json;
using Resampling.Model;
using Resampling.Reporting;
using Resampling.Tests.Support;

namespace Resampling.Tests.Cli;

public class FitCommandTests
{
    private const string Mod3 = HsbModels.Mod3;

    [Fact]
    public void FitPrintsAnLme4StyleSummary()
    {
        var r = CliRunner.Run("fit", "--data", "hsb12.csv", "--compute", HsbModels.CsesCompute, "--formula", Mod3);
        Assert.Equal(ExitCodes.Success, r.ExitCode);
        Assert.Contains("REML criterion at convergence: 46714.2", r.Stdout);
        Assert.Contains("Scaled residuals:", r.Stdout);
        Assert.Contains("Random effects:", r.Stdout);
        Assert.Contains("Number of obs: 7185, groups:  SCHOOL, 160", r.Stdout);
        Assert.Contains("Correlation of Fixed Effects:", r.Stdout);
        Assert.Matches(@"cses\s+2\.1932\s+0\.1283", r.Stdout);
        Assert.Equal("", r.Stderr);
    }

    [Fact]
    public void MlFitPrintsInformationCriteria()
    {
        var r = CliRunner.Run("fit", "--data", "sleepstudy.csv", "--formula", "Reaction ~ Days + (Days|Subject)", "--ml");
        Assert.Equal(ExitCodes.Success, r.ExitCode);
        Assert.Contains("maximum likelihood", r.Stdout);
        Assert.Matches(@"AIC\s+BIC\s+logLik\s+deviance\s+df.resid", r.Stdout);
        Assert.Contains("1751.9", r.Stdout); // deviance, MixedModels.jl's sleepstudy ML objective 1751.93934
    }

    [Fact]
    public void JsonHasTheDocumentedKeysAndValues()
    {
        var r = CliRunner.Run("fit", "--data", "hsb12.csv", "--compute", HsbModels.CsesCompute, "--formula", Mod3, "--format", "json", "--ranef");
        Assert.Equal(ExitCodes.Success, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        foreach (var key in new[] { "formula", "reml", "nobs", "groups", "objective", "logLik", "aic", "bic", "sigma", "theta", "fixed", "random", "correlations", "singular", "converged", "warnings", "droppedRows", "timing", "ranef" })
            Assert.True(root.TryGetProperty(key, out _), $"missing key {key}");
        var reference = Lme4Reference.Load("lme4", "hsb_mod3_reml.json");
        Assert.Equal(reference.Objective, root.GetProperty("objective").GetDouble(), 2e-7 * reference.Objective);
        Assert.Equal(160, root.GetProperty("groups").GetProperty("SCHOOL").GetInt32());
        var fixedRows = root.GetProperty("fixed").EnumerateArray().ToList();
        Assert.Equal(["(Intercept)", "cses"], fixedRows.Select(f => f.GetProperty("name").GetString()));
        Assert.Equal(JsonValueKind.Number, fixedRows[0].GetProperty("df").ValueKind); // lmerTest's Satterthwaite df by default (--ddf none leaves it null)
        var random = root.GetProperty("random").EnumerateArray().ToList();
        Assert.Equal("Residual", random[^1].GetProperty("group").GetString());
        var corr = root.GetProperty("correlations").EnumerateArray().Single();
        Assert.Equal(0.0207, corr.GetProperty("corr").GetDouble(), 1e-3);
        var ranef = root.GetProperty("ranef").GetProperty("SCHOOL");
        Assert.Equal(160, ranef.GetProperty("levels").GetArrayLength());
        Assert.Equal(2, ranef.GetProperty("values")[0].GetArrayLength());
        Assert.True(root.GetProperty("timing").GetProperty("fitMilliseconds").GetDouble() > 0);
    }

    [Fact]
    public void RanefOptionPrintsConditionalModes()
    {
        var r = CliRunner.Run("fit", "--data", "hsb12.csv", "--formula", HsbModels.Mod1, "--ranef");
        Assert.Equal(ExitCodes.Success, r.ExitCode);
        Assert.Matches(@"1224\s+-2\.66393", r.Stdout);
    }
}
