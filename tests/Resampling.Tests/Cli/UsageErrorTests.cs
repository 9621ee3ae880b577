using Resampling.Reporting;
using Resampling.Tests.Support;

namespace Resampling.Tests.Cli;

/// <summary>Wrong command lines are exit 64 with one line, before any work; nothing asked for is silently ignored.</summary>
public class UsageErrorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("resampling-usage-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string Data()
    {
        var path = Path.Combine(_dir, "d.csv");
        File.WriteAllText(path, "y,x,g\n1,1,a\n2,2,a\n3,1,b\n5,2,b\n4,3,c\n6,1,c\n2,2,d\n3,3,d\n");
        return path;
    }

    private CliRunner.Result Run(string command, params string[] extra) =>
        CliRunner.RunIn(_dir, [command, "--data", Data(), "--formula", "y ~ x + (1|g)", .. extra]);

    [Fact]
    public void EnumeratedOptionListsItsValuesOnOneLine()
    {
        string line = CliAssert.OneLineError(Run("fit", "--ddf", "foo"), ExitCodes.Usage, "'foo'");
        Assert.Contains("'satterthwaite', 'kenward-roger', 'none'", line);
    }

    [Theory]
    [InlineData("fitt")]
    [InlineData("help")]
    public void UnknownCommandIsNamedWithTheCommands(string command)
    {
        string line = CliAssert.OneLineError(CliRunner.RunIn(_dir, command), ExitCodes.Usage, $"unknown command '{command}'");
        Assert.Contains("fit, confint", line);
    }

    [Fact]
    public void InfinitePriorScale() =>
        CliAssert.OneLineError(Run("mcmc", "--prior-scale", "Infinity", "--iterations", "20", "--warmup", "10"), ExitCodes.Usage, "--prior-scale");

    [Fact]
    public void TooManyReplicates() =>
        CliAssert.OneLineError(Run("boot", "--replicates", "2147483647"), ExitCodes.Usage, "at most 10,000,000");

    [Fact]
    public void TooManyMcmcDraws() =>
        CliAssert.OneLineError(Run("mcmc", "--iterations", "2147483647"), ExitCodes.Usage, "at most 10,000,000");

    [Fact]
    public void ThreadsZeroMeansEveryCore()
    {
        var r = Run("boot", "--threads", "0", "--replicates", "10");
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
    }

    [Fact]
    public void AnovaBootstrapZero() =>
        CliAssert.OneLineError(CliRunner.RunIn(_dir, "anova", "--data", Data(), "--formula", "y ~ 1 + (1|g)", "--formula", "y ~ x + (1|g)", "--bootstrap", "0"),
            ExitCodes.Usage, "--bootstrap");

    [Fact]
    public void WithinNeedsTheCaseBootstrap() =>
        CliAssert.OneLineError(Run("boot", "--within", "--replicates", "10"), ExitCodes.Usage, "--within applies to the case bootstrap");

    [Fact]
    public void UseUNeedsTheParametricBootstrap() =>
        CliAssert.OneLineError(Run("boot", "--use-u", "--type", "case", "--replicates", "10"), ExitCodes.Usage, "--use-u applies to the parametric bootstrap");

    [Fact]
    public void NonNestedModelsAreSaidToBeNotNested() =>
        CliAssert.OneLineError(CliRunner.RunIn(_dir, "pbmodcomp", "--data", Data(), "--formula", "y ~ x + (1|g)", "--formula", "y ~ 1 + (1|x)", "--replicates", "10"),
            ExitCodes.ModelError, "not nested");

    [Fact]
    public void NestedModelsInTheWrongOrderAreToldToSwap() =>
        CliAssert.OneLineError(CliRunner.RunIn(_dir, "pbmodcomp", "--data", Data(), "--formula", "y ~ x + (1|g)", "--formula", "y ~ 1 + (1|g)", "--replicates", "10"),
            ExitCodes.ModelError, "give the smaller model first");
}
