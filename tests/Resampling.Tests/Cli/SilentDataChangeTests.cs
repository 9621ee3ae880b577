using Resampling.Reporting;
using Resampling.Tests.Support;

namespace Resampling.Tests.Cli;

/// <summary>
/// Nothing in the data changes silently: non-finite values are refused as lme4 refuses them, NaN produced by a
/// transformation is warned about as R warns, and a --at name the model does not have is a usage error.
/// </summary>
public class SilentDataChangeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("resampling-silent-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string Csv(string content)
    {
        var path = Path.Combine(_dir, "d.csv");
        File.WriteAllText(path, content);
        return path;
    }

    private const string Header = "y,x,g\n1,1,a\n2,2,a\n3,1,b\n5,2,b\n4,3,c\n6,1,c\n2,2,d\n";

    [Theory]
    [InlineData("Infinity", "x")]
    [InlineData("1e400", "x")]
    [InlineData("-Infinity", "x")]
    public void NonFiniteValueInAColumnTheModelUsesIsADataError(string value, string column)
    {
        var data = Csv(Header + $"3,{value},d\n");
        CliAssert.OneLineError(CliRunner.RunIn(_dir, "fit", "--data", data, "--formula", "y ~ x + (1|g)"), ExitCodes.DataError, $"Column '{column}'");
        var r = CliRunner.RunIn(_dir, "fit", "--data", data, "--formula", "y ~ x + (1|g)");
        Assert.Contains("row 8", r.Stderr);
    }

    [Fact]
    public void NonFiniteResponseIsADataError() =>
        CliAssert.OneLineError(CliRunner.RunIn(_dir, "fit", "--data", Csv(Header + "1e400,3,d\n"), "--formula", "y ~ x + (1|g)"), ExitCodes.DataError, "Column 'y'");

    [Fact]
    public void NonFiniteValueInAColumnTheModelDoesNotUseIsKept()
    {
        var r = CliRunner.RunIn(_dir, "fit", "--data", Csv("y,x,g,other\n1,1,a,Infinity\n2,2,a,1\n3,1,b,1\n5,2,b,1\n4,3,c,1\n6,1,c,1\n"), "--formula", "y ~ x + (1|g)");
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
    }

    [Fact]
    public void LogOfNegativeValuesWarnsThatNaNWasProduced()
    {
        var r = CliRunner.RunIn(_dir, "fit", "--data", Csv(Header + "3,-1,d\n5,-2,a\n"), "--formula", "y ~ log(x) + (1|g)");
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("warning: 'log(x)': NaN produced in 2 rows, dropped as missing.", line);
    }

    [Fact]
    public void ComputedLogOfNegativeValuesWarnsThatNaNWasProduced()
    {
        var r = CliRunner.RunIn(_dir, "fit", "--data", Csv(Header + "3,-1,d\n5,NA,a\n"), "--compute", "lx = log(x)", "--formula", "y ~ lx + (1|g)");
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("warning: --compute 'lx': NaN produced in 1 row, which count as missing.", line);
    }

    [Fact]
    public void LogOfZeroIsRefusedAsLme4RefusesInfiniteValues() =>
        CliAssert.OneLineError(CliRunner.RunIn(_dir, "fit", "--data", Csv(Header + "3,0,d\n"), "--formula", "y ~ log(x) + (1|g)"), ExitCodes.DataError, "'log(x)' is -Inf in row 8");

    [Fact]
    public void RankAtANameTheModelDoesNotHave() =>
        CliAssert.OneLineError(CliRunner.RunIn(_dir, "rank", "--data", Csv(Header), "--formula", "y ~ x + (1|g)", "--at", "MEANSE=5", "--method", "confidence-set",
            "--out", Path.Combine(_dir, "r")), ExitCodes.Usage, "--at MEANSE");
}
