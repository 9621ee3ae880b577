using Resampling.Reporting;
using Resampling.Tests.Support;

namespace Resampling.Tests.Cli;

/// <summary>Every command's JSON is written with one configuration: a formula reads the same in fit's and anova's output.</summary>
public class JsonOutputTests
{
    private const string Small = "Reaction ~ Days + (1|Subject)", Large = "Reaction ~ Days + (Days|Subject)";

    [Fact]
    public void FitAndAnovaEscapeFormulasAlike()
    {
        var fit = CliRunner.Run("fit", "--data", "sleepstudy.csv", "--formula", Large, "--format", "json");
        var anova = CliRunner.Run("anova", "--data", "sleepstudy.csv", "--formula", Small, "--formula", Large, "--format", "json");
        Assert.Equal(ExitCodes.Success, fit.ExitCode);
        Assert.Equal(ExitCodes.Success, anova.ExitCode);
        foreach (var output in new[] { fit.Stdout, anova.Stdout })
        {
            Assert.Contains($"\"{Large}\"", output);
            Assert.DoesNotContain("\\u002B", output);
        }
    }
}
