using System.Text.Json;
using Resampling.Reporting;
using Resampling.Tests.Support;
using Xunit;

namespace Resampling.Tests.Cli;

/// <summary><c>fit --family</c>: glmer's summary and JSON, and one line with the documented exit code for what glmer refuses.</summary>
public class GlmmCliTests
{
    private static readonly string Folder = Lme4Reference.FixturePath("glmm");
    private const string Cbpp = "cbind(incidence, size - incidence) ~ period + (1 | herd)";

    private static CliRunner.Result Run(params string[] args) => CliRunner.RunIn(Folder, args);

    [Fact]
    public void SummaryHasGlmersLayoutAndNumbers()
    {
        var r = Run("fit", "--data", "cbpp.csv", "--factor", "herd", "--factor", "period", "--formula", Cbpp, "--family", "binomial");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.StartsWith("Generalized linear mixed model fit by maximum likelihood (Laplace", r.Stdout);
        Assert.Contains(" Family: binomial  ( logit )", r.Stdout);
        Assert.Matches(@"194\.1 +204\.2 +-92\.0 +184\.1 +51", r.Stdout);
        Assert.Contains("herd   (Intercept) 0.4125   0.6423", r.Stdout);
        Assert.Matches(@"\(Intercept\) +-1\.3985 +0\.2325 +-6\.016 +1\.79e-09 \*\*\*", r.Stdout);
        Assert.Contains("Estimate Std. Error z value Pr(>|z|)", r.Stdout);
    }

    [Fact]
    public void JsonKeepsTheLinearKeysAndAddsTheFamily()
    {
        var r = Run("fit", "--data", "cbpp.csv", "--factor", "herd", "--factor", "period", "--formula", Cbpp, "--family", "binomial",
            "--nagq", "25", "--format", "json", "--ranef");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var root = JsonDocument.Parse(r.Stdout).RootElement;
        var reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "cbpp_agq25.json"))).RootElement;
        Assert.Equal("binomial", root.GetProperty("family").GetString());
        Assert.Equal("logit", root.GetProperty("link").GetString());
        Assert.Equal(25, root.GetProperty("nagq").GetInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("sigma").ValueKind);
        double dev = reference.GetProperty("deviance").GetDouble();
        Assert.Equal(dev, root.GetProperty("deviance").GetDouble(), 1e-6 * dev);
        Assert.Equal(dev, root.GetProperty("objective").GetDouble(), 1e-6 * dev);
        var first = root.GetProperty("fixed")[0];
        Assert.Equal(reference.GetProperty("z")[0].GetDouble(), first.GetProperty("z").GetDouble(), 1e-2);
        Assert.True(first.GetProperty("p").GetDouble() < 1e-8);
        Assert.Equal(15, root.GetProperty("ranef").GetProperty("herd").GetProperty("condSd").GetArrayLength());
    }

    [Theory]
    [InlineData("y ~ x + (1 + x | g)", "binomial", "5", "nAGQ > 1 needs a single scalar")]
    [InlineData("x ~ 1 + (1 | g)", "binomial", "1", "must be 0/1 or a proportion")]
    [InlineData("I(-y) ~ 1 + (1 | g)", "poisson", "1", "counts cannot be negative")]
    public void RefusedModelsGetOneLine(string formula, string family, string nagq, string fragment)
    {
        var r = Run("fit", "--data", "bernoulli_slope.csv", "--formula", formula, "--family", family, "--nagq", nagq);
        CliAssert.OneLineError(r, fragment.StartsWith("nAGQ") ? ExitCodes.ModelError : ExitCodes.DataError, fragment);
    }

    [Theory]
    [InlineData("boot")]
    [InlineData("predict")]
    [InlineData("anova")]
    public void FractionalPoissonCountsAreRefusedByEveryCommand(string command)
    {
        var args = new List<string> { command, "--data", "bernoulli_slope.csv", "--formula", "I(y / 2) ~ 1 + (1 | g)", "--family", "poisson" };
        if (command == "predict") args.AddRange(["--newdata", "newdata_bernoulli.csv"]);
        if (command == "anova") args.AddRange(["--formula", "I(y / 2) ~ x + (1 | g)"]);
        CliAssert.OneLineError(Run([.. args]), ExitCodes.DataError, "counts must be whole numbers");
    }

    [Fact]
    public void RanefPrintsConditionalModesAndVariancesAsGlmer()
    {
        var r = Run("fit", "--data", "bernoulli_slope.csv", "--formula", "y ~ x + tr + (1 + x | g)", "--family", "binomial", "--ranef");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Matches(@"\$g\r?\n +\(Intercept\) +condsd +x +condsd", r.Stdout);
        var json = Run("fit", "--data", "bernoulli_slope.csv", "--formula", "y ~ x + tr + (1 + x | g)", "--family", "binomial", "--ranef", "--format", "json");
        Assert.True(json.ExitCode == 0, json.Stderr);
        var g = JsonDocument.Parse(json.Stdout).RootElement.GetProperty("ranef").GetProperty("g");
        var reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "bernoulli_slope.json"))).RootElement.GetProperty("ranef")[0];
        var levels = g.GetProperty("levels").EnumerateArray().Select(l => l.GetString()).ToList();
        var refLevels = reference.GetProperty("levels").EnumerateArray().Select(l => l.GetString()).ToList();
        for (int k = 0; k < refLevels.Count; k += 7)
        {
            int at = levels.IndexOf(refLevels[k]);
            var ours = g.GetProperty("condVar")[at];
            var theirs = reference.GetProperty("condvar")[k];
            for (int a = 0; a < 2; a++)
                for (int b = 0; b < 2; b++)
                {
                    double expected = theirs[a][b].GetDouble();
                    double scale = Math.Sqrt(theirs[a][a].GetDouble() * theirs[b][b].GetDouble());
                    Assert.True(Math.Abs(ours[a][b].GetDouble() - expected) <= 5e-3 * scale, $"{refLevels[k]} condVar[{a},{b}]: {ours[a][b]} vs {expected}");
                }
        }
    }

    [Fact]
    public void ConfintProfilesTheLaplaceDeviance()
    {
        var r = Run("confint", "--data", "cbpp.csv", "--factor", "herd", "--factor", "period", "--formula", Cbpp, "--family", "binomial");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Matches(@"\.sig01 +0\.346\d+ +1\.0999\d+", r.Stdout); // confint(glmer fit): 0.34609, 1.09988
        Assert.Contains(".sig01      = sd_(Intercept)|herd", r.Stdout);
        var wald = Run("confint", "--data", "cbpp.csv", "--formula", Cbpp, "--family", "binomial", "--method", "wald");
        CliAssert.OneLineError(wald, ExitCodes.Usage, "--method wald is not yet supported with --family");
        // A vector term: its sds and correlation in lme4's names (GlmmProfileIntervalsTests checks the numbers).
        var vector = Run("confint", "--data", "bernoulli_slope.csv", "--formula", "y ~ x + tr + (1 + x | g)", "--family", "binomial");
        Assert.True(vector.ExitCode == 0, vector.Stderr);
        Assert.Matches(@"\.sig02 +-0\.55\d+ +0\.12\d+", vector.Stdout); // confint(glmer fit): -0.5557, 0.1262
        Assert.Contains(".sig02      = cor_x.(Intercept)|g", vector.Stdout);
        Assert.Contains(".sig03      = sd_x|g", vector.Stdout);
    }

    [Fact]
    public void SuccessesAboveTrialsAreRefused()
    {
        var r = Run("fit", "--data", "cbpp.csv", "--formula", "cbind(size, incidence - size) ~ 1 + (1 | herd)", "--family", "binomial");
        CliAssert.OneLineError(r, ExitCodes.DataError, "successes above the trials");
    }

    [Fact]
    public void CompleteSeparationIsRefused()
    {
        var r = Run("fit", "--data", "bernoulli_slope.csv", "--formula", "y ~ I(y - 0.5) + (1 | g)", "--family", "binomial");
        CliAssert.OneLineError(r, ExitCodes.ModelError, "Complete separation");
    }

    [Theory]
    [InlineData("emmeans")]
    [InlineData("drop1")]
    [InlineData("ranova")]
    [InlineData("power")]
    [InlineData("check")]
    public void OtherCommandsRefuseFamily(string command)
    {
        var r = Run(command, "--data", "cbpp.csv", "--formula", Cbpp, "--family", "binomial");
        CliAssert.OneLineError(r, ExitCodes.Usage, $"--family is not yet supported by '{command}'");
    }

    [Fact]
    public void BootPrintsPercentileIntervalsForTheVarianceAndFixedEffects()
    {
        var r = Run("boot", "--data", "cbpp.csv", "--factor", "herd", "--factor", "period", "--formula", Cbpp, "--family", "binomial",
            "--replicates", "20", "--seed", "3", "--format", "json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var root = JsonDocument.Parse(r.Stdout).RootElement;
        Assert.Equal(20, root.GetProperty("replicates").GetInt32());
        var names = root.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Equal(["sd_(Intercept)|herd", "(Intercept)", "period2", "period3", "period4", "var_(Intercept)|herd", "theta_herd.(Intercept)", "deviance"], names);
        var sd = root.GetProperty("parameters")[0];
        Assert.Equal(0.6423, sd.GetProperty("estimate").GetDouble(), 1e-3);
        var perc = sd.GetProperty("intervals").GetProperty("percentile");
        Assert.True(perc[0].GetDouble() < perc[1].GetDouble());
    }

    [Theory]
    [InlineData("--type", "case", "--type case is not yet supported with --family")]
    [InlineData("--use-u", null, "--use-u is not yet supported with --family")]
    [InlineData("--shard", "2/3", "--shard needs --draws")]
    public void BootRefusesWhatAGlmmDoesNotHave(string option, string? value, string fragment)
    {
        var args = new List<string> { "boot", "--data", "cbpp.csv", "--formula", Cbpp, "--family", "binomial", option };
        if (value is not null) args.Add(value);
        CliAssert.OneLineError(Run([.. args]), ExitCodes.Usage, fragment);
    }

    [Fact]
    public void AnovaComparesNestedGlmmsAsGlmer()
    {
        var r = Run("anova", "--data", "cbpp.csv", "--factor", "herd", "--factor", "period", "--formula", "cbind(incidence, size - incidence) ~ 1 + (1 | herd)",
            "--formula", Cbpp, "--family", "binomial");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("npar    AIC    BIC   logLik deviance Chisq Df Pr(>Chisq)", r.Stdout);
        Assert.Matches(@"MODEL1 +2 213\.66 217\.71 -104\.831 +209\.66", r.Stdout);
        Assert.Matches(@"MODEL2 +5 194\.05 204\.18 +-92\.026 +184\.05 25\.61 +3 +1\.151e-05 \*\*\*", r.Stdout);
    }

    [Fact]
    public void AnovaBootstrapAddsPbmodcompsPValues()
    {
        var r = Run("anova", "--data", "cbpp.csv", "--factor", "herd", "--factor", "period", "--formula", "cbind(incidence, size - incidence) ~ 1 + (1 | herd)",
            "--formula", Cbpp, "--family", "binomial", "--bootstrap", "20", "--format", "json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var second = JsonDocument.Parse(r.Stdout).RootElement.GetProperty("models")[1];
        // No T* of 20 reaches the observed 25.6 (pbkrtest's p about 0.001 from 1,000): (1 + 0)/(1 + npos).
        Assert.Equal(1.0 / 21, second.GetProperty("pBootstrap").GetDouble(), 1e-12);
        Assert.Contains("parametric bootstrap: 20 replicates (seed 1), 20 usable, 0 failed refits", r.Stderr);
    }

    [Fact]
    public void ASingularOrUnconvergedFitSaysSoInTheSummaryAndTheJson()
    {
        // One grouping factor of two levels: its variance is estimated as 0 (glmer: "boundary (singular) fit").
        var r = Run("fit", "--data", "bernoulli_slope.csv", "--formula", "y ~ x + tr + (1 | tr)", "--family", "binomial");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("optimizer message: boundary (singular) fit: see help('isSingular')", r.Stdout);
        Assert.Contains("boundary (singular) fit", r.Stderr);
        var json = Run("fit", "--data", "bernoulli_slope.csv", "--formula", "y ~ x + tr + (1 | tr)", "--family", "binomial", "--format", "json");
        var root = JsonDocument.Parse(json.Stdout).RootElement;
        Assert.True(root.GetProperty("singular").GetBoolean());
        Assert.True(root.GetProperty("converged").GetBoolean()); // the field a non-converged fit sets to false
        Assert.Contains("boundary (singular) fit: see help('isSingular')", root.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()));
    }

    [Fact]
    public void AnovaOfOneGlmmIsAUsageError()
    {
        var r = Run("anova", "--data", "cbpp.csv", "--formula", Cbpp, "--family", "binomial");
        CliAssert.OneLineError(r, ExitCodes.Usage, "give two or more --formula");
    }

    [Fact]
    public void PbModcompOfGlmmsPrintsPbkrtestsTable()
    {
        var r = Run("pbmodcomp", "--data", "cbpp.csv", "--factor", "herd", "--factor", "period", "--formula", "cbind(incidence, size - incidence) ~ 1 + (1 | herd)",
            "--formula", Cbpp, "--family", "binomial", "--replicates", "20", "--format", "json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var root = JsonDocument.Parse(r.Stdout).RootElement;
        var lrt = root.GetProperty("test")[0];
        Assert.Equal("LRT", lrt.GetProperty("name").GetString());
        Assert.Equal(25.610, lrt.GetProperty("stat").GetDouble(), 2e-3);
        Assert.Equal(3, lrt.GetProperty("df").GetDouble());
        Assert.Equal(20, root.GetProperty("replicates").GetInt32());
    }

    [Fact]
    public void PredictGivesTheResponseScaleWithANewLevel()
    {
        var r = Run("predict", "--data", "cbpp.csv", "--factor", "herd", "--factor", "period", "--formula", Cbpp, "--family", "binomial",
            "--newdata", "newdata_cbpp.csv", "--type", "response", "--re-form", "full");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var lines = r.Stdout.Trim().Split('\n');
        Assert.Equal("herd,period,fit", lines[0]);
        Assert.StartsWith("1,1,0.30820", lines[1]); // predict(type = "response") 0.308207641916
        Assert.StartsWith("new,3,0.07397", lines[4]); // a new herd: population level
        Assert.Contains("1 row(s) have a group level the model was not fitted with", r.Stderr);
    }

    [Fact]
    public void PredictTypeNeedsFamilyAndIntervalsAreRefusedWithIt()
    {
        var r = Run("predict", "--data", "cbpp.csv", "--formula", "incidence ~ period + (1 | herd)", "--newdata", "newdata_cbpp.csv", "--type", "response");
        CliAssert.OneLineError(r, ExitCodes.Usage, "--type link|response goes with --family");
        r = Run("predict", "--data", "cbpp.csv", "--formula", Cbpp, "--family", "binomial", "--newdata", "newdata_cbpp.csv", "--interval", "confidence");
        CliAssert.OneLineError(r, ExitCodes.Usage, "--interval is not yet supported with --family");
    }

    [Fact]
    public void LinearFitRefusesACbindResponse()
    {
        var r = Run("fit", "--data", "cbpp.csv", "--formula", Cbpp);
        CliAssert.OneLineError(r, ExitCodes.ModelError, "--family binomial");
    }

    [Fact]
    public void ALinkOfAnotherFamilyIsAUsageError()
    {
        var r = Run("fit", "--data", "poisson_offset.csv", "--formula", "count ~ 1 + (1 | clinic)", "--family", "poisson", "--link", "logit");
        CliAssert.OneLineError(r, ExitCodes.Usage, "does not take the logit link");
    }

    [Fact]
    public void AFitWhosePirlsFailsAtTheOptimumGetsOneLine()
    {
        // grouseticks with HEIGHT unscaled (465–533): glmer fits it only with "Rescale variables?" warnings; here PIRLS
        // overflows at the optimiser's last point, which used to end in an internal error (exit 70) with no hint.
        var r = Run("fit", "--data", "grouseticks.csv", "--factor", "YEAR", "--factor", "BROOD", "--factor", "LOCATION",
            "--factor", "INDEX", "--formula", "TICKS ~ YEAR + HEIGHT + (1|BROOD) + (1|INDEX) + (1|LOCATION)", "--family", "poisson");
        Assert.NotEqual(ExitCodes.Internal, r.ExitCode);
        // A fit that succeeds (a better optimisation) is what glmer does; a failure must say what to do, in one line.
        if (r.ExitCode != 0) CliAssert.OneLineError(r, ExitCodes.ModelError, "rescale the covariates");
    }
}
