using Resampling.Reporting;
using Resampling.Tests.Support;

namespace Resampling.Tests.Cli;

/// <summary><c>y ~ 0 + (1|g)</c> is valid in lme4: a model with no fixed effects is fitted and summarised as lme4 prints it.</summary>
public class NoFixedEffectsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("resampling-nofixed-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string Data()
    {
        var path = Path.Combine(_dir, "d.csv");
        File.WriteAllText(path, "y,x,g\n1,1,a\n2,2,a\n3,1,b\n5,2,b\n4,3,c\n6,1,c\n2,2,d\n3,3,d\n");
        return path;
    }

    [Fact]
    public void FitSaysThereAreNoFixedEffectCoefficients()
    {
        var r = CliRunner.RunIn(_dir, "fit", "--data", Data(), "--formula", "y ~ 0 + (1|g)");
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
        Assert.Contains("No fixed effect coefficients", r.Stdout);
        Assert.DoesNotContain("Correlation of Fixed Effects", r.Stdout);
    }

    [Fact]
    public void FitAsJson()
    {
        var r = CliRunner.RunIn(_dir, "fit", "--data", Data(), "--formula", "y ~ 0 + (1|g)", "--format", "json");
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
    }

    [Fact]
    public void AnovaPrintsAnEmptyTable()
    {
        var r = CliRunner.RunIn(_dir, "anova", "--data", Data(), "--formula", "y ~ 0 + (1|g)");
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
    }
}
