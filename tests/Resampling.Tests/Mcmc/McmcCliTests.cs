using System.Text.Json;
using Resampling.Reporting;
using Resampling.Tests.Support;

namespace Resampling.Tests.Mcmc;

public class McmcCliTests
{
    private static readonly string[] Common =
        ["mcmc", "--data", "sleepstudy.csv", "--formula", "Reaction ~ Days + (Days | Subject)", "--chains", "2", "--iterations", "300", "--warmup", "100", "--seed", "4"];

    [Fact]
    public void JsonHasTheDocumentedKeys()
    {
        var r = CliRunner.Run([.. Common, "--format", "json"]);
        Assert.Equal(ExitCodes.Success, r.ExitCode);
        Assert.Equal("", r.Stderr); // no progress bar when stderr is not a terminal
        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        Assert.Equal(2, root.GetProperty("chains").GetInt32());
        Assert.Equal(300, root.GetProperty("iterations").GetInt32());
        Assert.Equal(100, root.GetProperty("warmup").GetInt32());
        Assert.True(root.GetProperty("elapsedSeconds").GetDouble() > 0);
        Assert.Equal(JsonValueKind.Array, root.GetProperty("warnings").ValueKind);
        var sigma = root.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "sigma");
        foreach (var key in new[] { "mean", "sd", "median", "q2_5", "q97_5", "rhat", "essBulk", "essTail" })
            Assert.Equal(JsonValueKind.Number, sigma.GetProperty(key).ValueKind);
        Assert.InRange(sigma.GetProperty("median").GetDouble(), 22, 30); // lme4's REML sigma is 25.59
    }

    [Fact]
    public void DrawsCsvHasOneRowPerDrawWithChainAndIteration()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mcmc-draws-{Guid.NewGuid():N}.csv");
        try
        {
            var r = CliRunner.Run([.. Common, "--draws", path]);
            Assert.Equal(ExitCodes.Success, r.ExitCode);
            Assert.Contains("var_Days|Subject", r.Stdout);
            var lines = File.ReadAllLines(path);
            Assert.Equal(2 * 200 + 1, lines.Length);
            var header = lines[0].Split(',');
            Assert.Equal([".chain", ".iteration", ".draw"], header[..3]);
            Assert.Contains("sigma", header);
            Assert.Contains("b[(Intercept) Subject:308]", header);
            Assert.StartsWith("2,200,400,", lines[^1]);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void PlotsDoNotOverwriteExistingFilesWithoutForce()
    {
        var dir = Path.Combine(Path.GetTempPath(), "mcmc-plots-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var mine = Path.Combine(dir, "trace_sigma.png");
            File.WriteAllText(mine, "the user's file");
            var refused = CliRunner.Run([.. Common, "--plots", dir]);
            Assert.Equal(ExitCodes.OutputError, refused.ExitCode);
            Assert.Single(refused.Stderr.Trim().Split('\n'));
            Assert.Contains("--force", refused.Stderr);
            Assert.Equal("the user's file", File.ReadAllText(mine));
            Assert.Single(Directory.GetFiles(dir));

            var forced = CliRunner.Run([.. Common, "--plots", dir, "--force"]);
            Assert.Equal(ExitCodes.Success, forced.ExitCode);
            Assert.NotEqual("the user's file", File.ReadAllText(mine));
            Assert.Contains(Path.Combine(dir, "density_sigma.png"), Directory.GetFiles(dir));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void WarmupNotBelowIterationsIsOneLineError()
    {
        var r = CliRunner.Run(["mcmc", "--data", "sleepstudy.csv", "--formula", "Reaction ~ Days + (1 | Subject)", "--iterations", "100", "--warmup", "100"]);
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.StartsWith("error:", r.Stderr);
    }
}
