using System.Text.Json;
using Resampling.Model;
using Resampling.Reporting;
using Resampling.Tests.Support;

namespace Resampling.Tests.Cli;

/// <summary>The CLI's lmerTest table in `fit` and both forms of `anova`, run as a process.</summary>
public class InferenceCommandTests
{
    private const string Mod4 = HsbModels.Mod4;
    private const string Mod5 = HsbModels.Mod5;

    [Fact]
    public void FitPrintsSatterthwaiteDfAndP()
    {
        var r = CliRunner.Run("fit", "--data", "hsb12.csv", "--compute", HsbModels.CsesCompute, "--formula", Mod4);
        Assert.Equal(ExitCodes.Success, r.ExitCode);
        Assert.Contains("Linear mixed model fit by REML. t-tests use Satterthwaite's method [lmerModLmerTest]", r.Stdout);
        Assert.Matches(@"Estimate\s+Std\. Error\s+df\s+t value\s+Pr\(>\|t\|\)", r.Stdout);
        Assert.Matches(@"cses\s+2\.9388\s+0\.1551\s+139\.31\d\d\s+18\.948\s+<2e-16 \*\*\*", r.Stdout);
        Assert.Contains("Signif. codes:", r.Stdout);
    }

    [Fact]
    public void FitJsonHasDfAndPAndKrAdjustsSe()
    {
        var sat = JsonDocument.Parse(CliRunner.Run("fit", "--data", "sleepstudy.csv", "--formula", "Reaction ~ Days + (Days|Subject)", "--format", "json").Stdout).RootElement;
        var days = sat.GetProperty("fixed").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "Days");
        Assert.Equal(17, days.GetProperty("df").GetDouble(), 1e-3);
        Assert.True(days.GetProperty("p").GetDouble() is > 3.26e-6 and < 3.27e-6);
        var none = JsonDocument.Parse(CliRunner.Run("fit", "--data", "sleepstudy.csv", "--formula", "Reaction ~ Days + (Days|Subject)", "--format", "json", "--ddf", "none").Stdout).RootElement;
        Assert.Equal(JsonValueKind.Null, none.GetProperty("fixed")[1].GetProperty("df").ValueKind);
        var kr = CliRunner.Run("fit", "--data", "hsb12.csv", "--compute", HsbModels.CsesCompute, "--formula", Mod4, "--ddf", "kenward-roger");
        Assert.Contains("t-tests use Kenward-Roger's method", kr.Stdout);
        Assert.Matches(@"cses\s+2\.9388\s+0\.1555\s+137\.99", kr.Stdout);
        var ml = CliRunner.Run("fit", "--data", "sleepstudy.csv", "--formula", "Reaction ~ Days + (Days|Subject)", "--ml", "--ddf", "kenward-roger");
        Assert.Equal(ExitCodes.Usage, ml.ExitCode);
        Assert.Single(ml.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public void AnovaOfOneModelIsTypeThree()
    {
        var r = CliRunner.Run("anova", "--data", "hsb12.csv", "--compute", HsbModels.CsesCompute, "--formula", Mod4);
        Assert.Equal(ExitCodes.Success, r.ExitCode);
        Assert.Contains("Type III Analysis of Variance Table with Satterthwaite's method", r.Stdout);
        Assert.Matches(@"Sum Sq\s+Mean Sq\s+NumDF\s+DenDF\s+F value\s+Pr\(>F\)", r.Stdout);
        // print.anova zapsmalls Sum Sq to 5 digits of the column's largest (13184), so lmerTest prints 1723.1 here.
        Assert.Matches(@"cses:SECTOR\s+1723\.1\s+1723\.1\s+1\s+143\.35\s+46\.923", r.Stdout);
    }

    [Fact]
    public void AnovaOfTwoModelsIsTheLikelihoodRatioTable()
    {
        var r = CliRunner.Run("anova", "--data", "hsb12.csv", "--compute", HsbModels.CsesCompute, "--formula", Mod4, "--formula", Mod5, "--format", "json");
        Assert.Equal(ExitCodes.Success, r.ExitCode);
        var models = JsonDocument.Parse(r.Stdout).RootElement.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal([Mod5, Mod4], models.Select(m => m.GetProperty("formula").GetString()));
        Assert.Equal(JsonValueKind.Null, models[0].GetProperty("chisq").ValueKind);
        Assert.Equal(JsonValueKind.Null, models[0].GetProperty("p").ValueKind);
        Assert.Equal(8, models[0].GetProperty("npar").GetInt32());
        Assert.Equal(1.003696, models[1].GetProperty("chisq").GetDouble(), 5e-6);
        Assert.Equal(2, models[1].GetProperty("df").GetInt32());
        Assert.Equal(0.6054107, models[1].GetProperty("p").GetDouble(), 5e-6);
        foreach (var key in new[] { "aic", "bic", "logLik", "deviance" }) Assert.True(models[1].TryGetProperty(key, out _));

        var text = CliRunner.Run("anova", "--data", "hsb12.csv", "--compute", HsbModels.CsesCompute, "--formula", Mod5, "--formula", Mod4);
        Assert.Matches(@"npar\s+AIC\s+BIC\s+logLik\s+deviance\s+Chisq\s+Df\s+Pr\(>Chisq\)", text.Stdout);
        Assert.Matches(@"MODEL2\s+10\s+46516\s+46585\s+-23248\s+46496\s+1\.0037\s+2\s+0\.6054", text.Stdout);

        var bad = CliRunner.Run("anova", "--data", "sleepstudy.csv", "--formula", "Reaction ~ Days + (1|Subject)", "--formula", "Reaction ~ I(Days^2) + (Days|Subject)");
        Assert.Equal(ExitCodes.ModelError, bad.ExitCode);
        Assert.Contains("not nested", bad.Stderr);
        Assert.Single(bad.Stderr.Trim().Split('\n'));
    }
}
