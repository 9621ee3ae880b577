using Resampling.Reporting;
using Resampling.Tests.Support;

namespace Resampling.Tests.Cli;

/// <summary>Every kind of bad input ends with one line on stderr, the exit code of its kind (<see cref="ExitCodes"/>), and no stack trace.</summary>
public class BadInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("resampling-bad-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string Csv(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static void AssertOneLineError(CliRunner.Result r, int exitCode, string expectedFragment)
    {
        Assert.Equal(exitCode, r.ExitCode);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got:\n{r.Stderr}");
        Assert.DoesNotContain("   at ", r.Stderr);
        Assert.Contains(expectedFragment, lines[0]);
    }

    private const string Good = "y,x,g\n1,1,a\n2,2,a\n3,1,b\n5,2,b\n4,3,c\n6,1,c\n";

    [Fact]
    public void MissingFile() =>
        AssertOneLineError(CliRunner.RunIn(_dir, "fit", "--data", "nope.csv", "--formula", "y ~ x + (1|g)"), ExitCodes.DataError, "nope.csv");

    [Fact]
    public void MalformedCsvRow() =>
        AssertOneLineError(CliRunner.RunIn(_dir, "fit", "--data", Csv("bad.csv", "y,x,g\n1,2,a\n3,4\n"), "--formula", "y ~ x + (1|g)"), ExitCodes.DataError, "line 3");

    [Fact]
    public void NonNumericResponse() =>
        AssertOneLineError(CliRunner.RunIn(_dir, "fit", "--data", Csv("d.csv", Good), "--formula", "g ~ x + (1|g)"), ExitCodes.ModelError, "not numeric");

    [Fact]
    public void UnknownColumnIsNamedWithTheColumnsThatExist() =>
        AssertOneLineError(CliRunner.RunIn(_dir, "fit", "--data", Csv("d.csv", Good), "--formula", "y ~ z + (1|g)"), ExitCodes.DataError, "Unknown column 'z'. Columns are: y, x, g");

    [Fact]
    public void MalformedFormulaRepeatsItAndPointsAtThePosition()
    {
        var r = CliRunner.RunIn(_dir, "fit", "--data", Csv("d.csv", Good), "--formula", "y ~ x + (1|)");
        AssertOneLineError(r, ExitCodes.FormulaError, "y ~ x + (1|");
        Assert.Contains("position", r.Stderr);
    }

    [Fact]
    public void SingleLevelGroupingFactor() =>
        AssertOneLineError(CliRunner.RunIn(_dir, "fit", "--data", Csv("d.csv", "y,x,g\n1,1,a\n2,2,a\n3,1,a\n"), "--formula", "y ~ x + (1|g)"), ExitCodes.ModelError, "single level");

    [Fact]
    public void ConstantResponse() =>
        AssertOneLineError(CliRunner.RunIn(_dir, "fit", "--data", Csv("d.csv", "y,x,g\n1,1,a\n1,2,a\n1,1,b\n1,2,b\n"), "--formula", "y ~ x + (1|g)"), ExitCodes.ModelError, "constant");

    [Fact]
    public void NoRowsLeftAfterDroppingMissing() =>
        AssertOneLineError(CliRunner.RunIn(_dir, "fit", "--data", Csv("d.csv", "y,x,g\nNA,1,a\n2,,a\n3,1,\n"), "--formula", "y ~ x + (1|g)"), ExitCodes.ModelError, "No rows left");

    [Fact]
    public void MoreRandomEffectsThanObservations() =>
        AssertOneLineError(CliRunner.RunIn(_dir, "fit", "--data", Csv("d.csv", Good), "--formula", "y ~ 1 + (1 + x|g)"), ExitCodes.ModelError, "random effects for 6 observations");

    [Fact]
    public void UnknownOptionIsAUsageError() =>
        AssertOneLineError(CliRunner.RunIn(_dir, "fit", "--dta", "x.csv", "--formula", "y ~ (1|g)"), ExitCodes.Usage, "--dta");

    [Fact]
    public void BadComputeExpression() =>
        AssertOneLineError(CliRunner.RunIn(_dir, "fit", "--data", Csv("d.csv", Good), "--compute", "z = x +", "--formula", "y ~ z + (1|g)"), ExitCodes.FormulaError, "z = x +");

    [Fact]
    public void ExistingOutputFilesAreNotOverwrittenWithoutForce()
    {
        var data = Csv("d.csv", "y,x,g\n1,1,a\n2,2,a\n3,1,b\n5,2,b\n4,3,c\n6,1,c\n2,2,c\n");
        var grid = Csv("grid.csv", "x,g\n1,a\n2,z\n");
        var output = Csv("keep.csv", "precious");
        var r = CliRunner.RunIn(_dir, "predict", "--data", data, "--formula", "y ~ x + (1|g)", "--newdata", grid, "--output", output);
        AssertOneLineError(r, ExitCodes.OutputError, "--force");
        Assert.Equal("precious", File.ReadAllText(output));
        var draws = Csv("draws.csv", "precious");
        var m = CliRunner.RunIn(_dir, "mcmc", "--data", data, "--formula", "y ~ x + (1|g)", "--iterations", "20", "--warmup", "10", "--draws", draws);
        AssertOneLineError(m, ExitCodes.OutputError, "--force");
        Assert.Equal("precious", File.ReadAllText(draws));
    }
}
