using System.Text.Json;
using Resampling.Reporting;
using Resampling.Tests.Support;

namespace Resampling.Tests.Bootstrap;

public class BootCliTests
{
    private static readonly string[] Model = ["--data", "sleepstudy.csv", "--formula", "Reaction ~ Days + (Days|Subject)", "--seed", "8", "--format", "json"];

    private static JsonElement Json(CliRunner.Result r)
    {
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
        return JsonDocument.Parse(r.Stdout).RootElement;
    }

    private static string Parameters(JsonElement e) => e.GetProperty("parameters").GetRawText();

    [Fact]
    public void JsonHasTheIssuesKeys()
    {
        var e = Json(CliRunner.Run(["boot", .. Model, "--replicates", "20"]));
        foreach (var key in new[] { "replicates", "seed", "type", "parameters", "singularFraction", "failedRefits", "elapsedSeconds" })
            Assert.True(e.TryGetProperty(key, out _), key);
        var p = e.GetProperty("parameters")[0];
        Assert.Equal("sd_(Intercept)|Subject", p.GetProperty("name").GetString());
        foreach (var k in new[] { "percentile", "basic", "normal", "shortest" })
            Assert.Equal(2, p.GetProperty("intervals").GetProperty(k).GetArrayLength());
    }

    [Fact]
    public void MergedRangesAndResumedRunsEqualTheWholeRun()
    {
        var dir = Directory.CreateTempSubdirectory("boot").FullName;
        File.Copy(Lme4Reference.FixturePath("lme4", "sleepstudy.csv"), Path.Combine(dir, "sleepstudy.csv"));
        var whole = Json(CliRunner.RunIn(dir, ["boot", .. Model, "--replicates", "40", "--draws", "all.csv"]));
        Json(CliRunner.RunIn(dir, ["boot", .. Model, "--replicates", "1-15", "--draws", "a.csv"]));
        Json(CliRunner.RunIn(dir, ["boot", .. Model, "--replicates", "16-40", "--draws", "b.csv"]));
        var merged = Json(CliRunner.RunIn(dir, "merge", "a.csv", "b.csv", "--format", "json", "-o", "ab.csv"));
        Assert.Equal(Parameters(whole), Parameters(merged));
        Assert.Equal(40, merged.GetProperty("replicates").GetInt32());

        // An interrupted run: the first rows of the whole run and half a row; resuming completes it.
        var lines = File.ReadAllLines(Path.Combine(dir, "all.csv"));
        File.WriteAllText(Path.Combine(dir, "part.csv"), string.Join("\n", lines.Take(3 + 17)) + "\n" + lines[25][..20]);
        var refused = CliRunner.RunIn(dir, ["boot", .. Model, "--replicates", "40", "--draws", "part.csv"]);
        Assert.Equal(ExitCodes.OutputError, refused.ExitCode);
        Assert.Contains("--resume", refused.Stderr);
        var resumed = Json(CliRunner.RunIn(dir, ["boot", .. Model, "--replicates", "40", "--draws", "part.csv", "--resume"]));
        Assert.Equal(Parameters(whole), Parameters(resumed));
        var again = Json(CliRunner.RunIn(dir, "merge", "part.csv", "--format", "json"));
        Assert.Equal(Parameters(whole), Parameters(again));
    }

    [Fact]
    public void ResumeAndMergeRefuseARunWithOtherSettings()
    {
        var dir = Directory.CreateTempSubdirectory("boot").FullName;
        File.Copy(Lme4Reference.FixturePath("lme4", "sleepstudy.csv"), Path.Combine(dir, "sleepstudy.csv"));
        Json(CliRunner.RunIn(dir, ["boot", .. Model, "--replicates", "1-10", "--draws", "a.csv"]));
        var before = File.ReadAllText(Path.Combine(dir, "a.csv"));
        // Same type, seed and formula, but conditional on the estimated effects: another bootstrap.
        var refused = CliRunner.RunIn(dir, ["boot", .. Model, "--replicates", "1-20", "--use-u", "--draws", "a.csv", "--resume"]);
        Assert.Equal(ExitCodes.DataError, refused.ExitCode);
        Assert.Single(refused.Stderr.Trim().Split('\n'));
        Assert.Contains("settings", refused.Stderr);
        Assert.Equal(before, File.ReadAllText(Path.Combine(dir, "a.csv")));

        Json(CliRunner.RunIn(dir, ["boot", .. Model, "--replicates", "11-20", "--use-u", "--draws", "b.csv"]));
        Assert.Contains("settings=use-u", File.ReadLines(Path.Combine(dir, "b.csv")).First());
        var merge = CliRunner.RunIn(dir, "merge", "a.csv", "b.csv", "--format", "json");
        Assert.Equal(ExitCodes.DataError, merge.ExitCode);
        Assert.Single(merge.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public void PbModcompPrintsPbkrtestsTable()
    {
        var r = CliRunner.Run("pbmodcomp", "--data", "sleepstudy.csv", "--formula", "Reaction ~ Days + (1|Subject)",
            "--formula", "Reaction ~ Days + (Days|Subject)", "--replicates", "30", "--seed", "2");
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
        foreach (var row in new[] { "LRT", "PBtest", "Gamma", "Bartlett", "p.value" }) Assert.Contains(row, r.Stdout);
        var bad = CliRunner.Run("pbmodcomp", "--data", "sleepstudy.csv", "--formula", "Reaction ~ Days + (1|Subject)");
        Assert.Equal(ExitCodes.Usage, bad.ExitCode);
        Assert.Single(bad.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public void BadRangeIsOneLineError()
    {
        var r = CliRunner.Run(["boot", .. Model, "--replicates", "10-5"]);
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Single(r.Stderr.Trim().Split('\n'));
    }
}
