using System.Text.Json;
using Resampling.Model;
using Resampling.Reporting;
using Resampling.Tests.Support;

namespace Resampling.Tests.Cli;

/// <summary>
/// Issue 17, item 10: the README says every command takes <c>--format json</c>, and <c>walkthrough</c> refused it; and
/// <c>--data</c>'s help said "CSV" although SAS7BDAT files are read too.
/// </summary>
public class WalkthroughJsonTests
{
    [Fact]
    public void WalkthroughPrintsEveryModelAndTheTestAsOneJsonDocument()
    {
        var run = CliRunner.Run("walkthrough", "--data", "hsb12.csv", "--format", "json");
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Stdout);
        var models = doc.RootElement.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal(HsbModels.All.Select(m => m.Name), models.Select(m => m.GetProperty("name").GetString()));
        Assert.Equal(HsbModels.All.Select(m => m.Formula), models.Select(m => m.GetProperty("formula").GetString()));
        // Each model's part is fit's own document: the same objective as `fit --format json`, lmerTest's df, all schools.
        var mod4Fit = CliRunner.Run("fit", "--data", "hsb12.csv", "--compute", HsbModels.CsesCompute, "--formula", HsbModels.Mod4,
            "--format", "json");
        using var fit = JsonDocument.Parse(mod4Fit.Stdout);
        var mod4 = models[3];
        Assert.Equal(fit.RootElement.GetProperty("objective").GetDouble(), mod4.GetProperty("objective").GetDouble());
        Assert.All(mod4.GetProperty("fixed").EnumerateArray(), f => Assert.True(f.GetProperty("df").GetDouble() > 0));
        Assert.Equal(160, models[0].GetProperty("ranef").GetProperty("SCHOOL").GetProperty("levels").GetArrayLength());
        var lrt = doc.RootElement.GetProperty("lrt");
        Assert.True(lrt.GetProperty("refitted").GetBoolean());
        Assert.Equal(["Mod5", "Mod4"], lrt.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("name").GetString()));
    }

    [Theory]
    [InlineData("fit")]
    [InlineData("walkthrough")]
    public void DataHelpNamesSasFiles(string command)
    {
        var help = CliRunner.Run(command, "--help");
        Assert.Equal(ExitCodes.Success, help.ExitCode);
        var dataLine = help.Stdout.Split('\n').Single(l => l.TrimStart().StartsWith("--data"));
        Assert.Contains("SAS7BDAT", dataLine);
    }
}
