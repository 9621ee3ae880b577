using System.Text.Json;
using Resampling.Reporting;
using Resampling.Tests.Support;

namespace Resampling.Tests.Bootstrap;

/// <summary><c>resampling boot</c> on models with several grouping factors, as a user runs it.</summary>
public class MultilevelBootCliTests
{
    private static readonly string Folder = Lme4Reference.FixturePath("lme4extra");
    private static readonly string[] Crossed = ["boot", "--data", "penicillin.csv", "--formula", "diameter ~ 1 + (1|plate) + (1|sample)", "--replicates", "20"];
    private static readonly string[] Nested = ["boot", "--data", "pastes.csv", "--formula", "strength ~ 1 + (1|batch/cask)", "--replicates", "20", "--seed", "5"];

    private static void OneLineError(CliRunner.Result r, int exitCode, string fragment)
    {
        Assert.Equal(exitCode, r.ExitCode);
        Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.Contains(fragment, r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    [Fact]
    public void CaseBootstrapOfCrossedFactorsIsAOneLineModelError()
    {
        var dir = Directory.CreateTempSubdirectory("boot").FullName;
        File.Copy(Path.Combine(Folder, "penicillin.csv"), Path.Combine(dir, "penicillin.csv"));
        var r = CliRunner.RunIn(dir, [.. Crossed, "--type", "case", "--draws", "draws.csv"]);
        OneLineError(r, ExitCodes.ModelError, "crossed");
        Assert.False(File.Exists(Path.Combine(dir, "draws.csv")), "no draws file is started for a model the scheme refuses");
        var residual = CliRunner.RunIn(Folder, [.. Crossed, "--type", "residual", "--format", "json"]);
        Assert.True(residual.ExitCode == ExitCodes.Success, residual.Stderr);
        Assert.Equal(0, JsonDocument.Parse(residual.Stdout).RootElement.GetProperty("failedRefits").GetInt32());
    }

    [Fact]
    public void ResampleLevelsAreCheckedInOneLine()
    {
        OneLineError(CliRunner.RunIn(Folder, [.. Nested, "--type", "case", "--resample-levels", "true,true"]), ExitCodes.ModelError, "3 levels");
        OneLineError(CliRunner.RunIn(Folder, [.. Nested, "--type", "case", "--resample-levels", "true,maybe,false"]), ExitCodes.Usage, "--resample-levels");
        OneLineError(CliRunner.RunIn(Folder, [.. Nested, "--type", "residual", "--resample-levels", "true,false,false"]), ExitCodes.Usage, "--type case");
        OneLineError(CliRunner.RunIn(Folder, [.. Nested, "--type", "case", "--within", "--resample-levels", "true,false,true"]), ExitCodes.Usage, "--within");
    }

    [Fact]
    public void NestedCaseBootstrapRunsWithPerLevelSettings()
    {
        var r = CliRunner.RunIn(Folder, [.. Nested, "--type", "case", "--resample-levels", "true,true,false", "--format", "json"]);
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
        var e = JsonDocument.Parse(r.Stdout).RootElement;
        Assert.Equal("case", e.GetProperty("type").GetString());
        Assert.Equal(20, e.GetProperty("replicates").GetInt32());
        // The default (outermost groups only) is another scheme, so other draws.
        var d = CliRunner.RunIn(Folder, [.. Nested, "--type", "case", "--format", "json"]);
        Assert.True(d.ExitCode == ExitCodes.Success, d.Stderr);
        Assert.NotEqual(e.GetProperty("parameters").GetRawText(), JsonDocument.Parse(d.Stdout).RootElement.GetProperty("parameters").GetRawText());
    }
}
