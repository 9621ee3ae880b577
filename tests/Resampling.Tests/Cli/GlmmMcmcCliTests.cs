using System.Text.Json;
using Resampling.Reporting;
using Resampling.Tests.Support;
using Xunit;

namespace Resampling.Tests.Cli;

/// <summary><c>mcmc --family</c> and <c>rank --family</c>: the linear commands' layouts without σ, and one-line refusals.</summary>
public class GlmmMcmcCliTests
{
    private static readonly string Folder = Lme4Reference.FixturePath("glmm");
    private const string Cbpp = "cbind(incidence, size - incidence) ~ period + (1 | herd)";

    private static CliRunner.Result Run(params string[] args) => CliRunner.RunIn(Folder, args);

    [Fact]
    public void BinomialJsonHasTheLinearLayoutWithoutSigma()
    {
        var r = Run("mcmc", "--data", "cbpp.csv", "--factor", "herd", "--factor", "period", "--formula", Cbpp, "--family", "binomial",
            "--chains", "2", "--iterations", "300", "--warmup", "100", "--format", "json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var root = JsonDocument.Parse(r.Stdout).RootElement;
        Assert.Equal("binomial", root.GetProperty("family").GetString());
        Assert.Equal("polya-gamma-gibbs", root.GetProperty("method").GetString());
        var names = root.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Equal(["(Intercept)", "period2", "period3", "period4", "var_(Intercept)|herd", "sd_(Intercept)|herd"], names);
        Assert.DoesNotContain("sigma", root.GetProperty("priors").GetString());
        var intercept = root.GetProperty("parameters")[0];
        // glmer: −1.3985 (SE 0.2325); the posterior mean is within a few SEs.
        Assert.InRange(intercept.GetProperty("mean").GetDouble(), -1.3985 - 3 * 0.2325, -1.3985 + 3 * 0.2325);
        Assert.True(intercept.GetProperty("rhat").GetDouble() > 0.9);
    }

    [Fact]
    public void PoissonTextReportsTheAcceptance()
    {
        var r = Run("mcmc", "--data", "poisson_offset.csv", "--factor", "clinic", "--formula", "count ~ z + (1 | clinic)", "--family", "poisson",
            "--chains", "2", "--iterations", "300", "--warmup", "100");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains(" Family: poisson  ( log )", r.Stdout);
        Assert.Matches(@"Metropolis-Hastings acceptance of the effects per chain: 0\.\d{3}, 0\.\d{3}", r.Stdout);
        Assert.Contains("sd_(Intercept)|clinic", r.Stdout);
        Assert.DoesNotContain("sigma ", r.Stdout);
    }

    [Theory]
    [InlineData("--link", "probit", 67, "logit link")]
    [InlineData("--prior-sigma", "1", 64, "no sigma")]
    [InlineData("--shard", "1/5", 64, "4 chains cannot be split into 5 shards")]
    public void RefusalsAreOneLine(string option, string value, int code, string fragment)
    {
        var args = new List<string> { "mcmc", "--data", "cbpp.csv", "--factor", "herd", "--factor", "period", "--formula", Cbpp, "--family", "binomial", option, value };
        if (option == "--shard") args.AddRange(["--draws", Path.Combine(Path.GetTempPath(), "glmm-shard.csv")]);
        CliAssert.OneLineError(Run([.. args]), code, fragment);
    }

    [Fact]
    public void RankByBootstrapRuns()
    {
        string dir = Path.Combine(Path.GetTempPath(), "glmm-rank-" + Guid.NewGuid().ToString("N"));
        var r = Run("rank", "--data", "cbpp.csv", "--factor", "herd", "--factor", "period", "--formula", Cbpp, "--family", "binomial",
            "--method", "bootstrap", "--replicates", "40", "--out", dir, "--format", "json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var root = JsonDocument.Parse(r.Stdout).RootElement;
        Assert.Equal(15, root.GetProperty("groups").GetArrayLength());
        var sources = root.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("name").GetString()).ToList();
        Assert.Equal(["bootstrap"], sources);
        Assert.False(root.TryGetProperty("confidenceSets", out _));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void RankAllReportsThreeSources()
    {
        string dir = Path.Combine(Path.GetTempPath(), "glmm-rank-" + Guid.NewGuid().ToString("N"));
        var r = Run("rank", "--data", "cbpp.csv", "--factor", "herd", "--factor", "period", "--formula", Cbpp, "--family", "binomial",
            "--method", "all", "--replicates", "40", "--out", dir, "--format", "json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var root = JsonDocument.Parse(r.Stdout).RootElement;
        var sources = root.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("name").GetString()).ToList();
        Assert.Equal(2, sources.Count);
        Assert.Contains("bootstrap", sources);
        Assert.True(root.TryGetProperty("confidenceSets", out _));
        Assert.DoesNotContain("No bootstrap", r.Stdout);
        // The sd beside a GLMM group's estimate is its conditional sd, not the linear model's prediction-error sd.
        string html = File.ReadAllText(Path.Combine(dir, "rank-report.html"));
        Assert.Contains("the conditional sd, with the fixed effects held at their estimates", html);
        Assert.DoesNotContain("includes the uncertainty of the fixed effects", html);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void RankByConfidenceSetsWritesTheReport()
    {
        string dir = Path.Combine(Path.GetTempPath(), "glmm-rank-" + Guid.NewGuid().ToString("N"));
        var r = Run("rank", "--data", "cbpp.csv", "--factor", "herd", "--factor", "period", "--formula", Cbpp, "--family", "binomial",
            "--method", "confidence-set", "--out", dir, "--format", "json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var root = JsonDocument.Parse(r.Stdout).RootElement;
        Assert.Equal(15, root.GetProperty("groups").GetArrayLength());
        // The confidence sets' input is the GLMM's conditional variance, not the linear prediction-error covariance.
        string covariance = root.GetProperty("covariance").GetString()!;
        Assert.Contains("conditional variance given the data", covariance);
        Assert.DoesNotContain("prediction-error", covariance);
        string html = File.ReadAllText(Path.Combine(dir, "rank-report.html"));
        Assert.Contains("Confidence-set input: confidence sets use each group&#39;s conditional variance", html);
        Assert.DoesNotContain("prediction-error covariance", html);
        Assert.Contains("by their chance of incidence", html);
        Assert.Contains("binomial model on the log-odds scale", html);
        Assert.Contains("+0.7 roughly doubles the odds", html);
        Directory.Delete(dir, true);
    }
}
