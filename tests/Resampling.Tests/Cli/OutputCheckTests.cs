using Resampling.Reporting;
using Resampling.Tests.Support;

namespace Resampling.Tests.Cli;

/// <summary>
/// Outputs are checked before any work: a folder that does not exist or cannot be written is exit 73 at once, and rank
/// does not overwrite a report without --force.
/// </summary>
public class OutputCheckTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("resampling-out-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string Data()
    {
        var path = Path.Combine(_dir, "d.csv");
        File.WriteAllText(path, "y,x,g\n1,1,a\n2,2,a\n3,1,b\n5,2,b\n4,3,c\n6,1,c\n2,2,d\n3,3,d\n");
        return path;
    }

    private string[] Mcmc(params string[] extra) =>
        ["mcmc", "--data", Data(), "--formula", "y ~ x + (1|g)", "--iterations", "20", "--warmup", "10", .. extra];

    private string[] Rank(params string[] extra) =>
        ["rank", "--data", Data(), "--formula", "y ~ x + (1|g)", "--method", "bootstrap", "--replicates", "20", .. extra];

    [Fact]
    public void McmcDrawsInAMissingFolder() =>
        CliAssert.OneLineError(CliRunner.RunIn(_dir, Mcmc("--draws", Path.Combine(_dir, "typo", "draws.csv"))), ExitCodes.OutputError, "does not exist");

    [Fact]
    public void McmcPlotsInAMissingParentFolder()
    {
        CliAssert.OneLineError(CliRunner.RunIn(_dir, Mcmc("--plots", Path.Combine(_dir, "typo", "plots"))), ExitCodes.OutputError, "does not exist");
        Assert.False(Directory.Exists(Path.Combine(_dir, "typo")));
    }

    [Fact]
    public void RankOutInAMissingParentFolder() =>
        CliAssert.OneLineError(CliRunner.RunIn(_dir, Rank("--out", Path.Combine(_dir, "typo", "report"))), ExitCodes.OutputError, "does not exist");

    [Fact]
    public void RankOutWhereNothingCanBeWritten() =>
        CliAssert.OneLineError(CliRunner.RunIn(_dir, Rank("--out", "/proc/x")), ExitCodes.OutputError, "cannot write in the folder '/proc'");

    [Fact]
    public void EmptyOutputPathIsAUsageError() =>
        CliAssert.OneLineError(CliRunner.RunIn(_dir, Mcmc("--draws", "")), ExitCodes.Usage, "--draws needs a file name");

    [Fact]
    public void RankRefusesToOverwriteAReportWithoutForce()
    {
        string folder = Path.Combine(_dir, "report");
        var first = CliRunner.RunIn(_dir, Rank("--out", folder));
        Assert.True(first.ExitCode == ExitCodes.Success, first.Stderr);
        string csv = Path.Combine(folder, "ranks.csv");
        File.WriteAllText(csv, "precious");

        CliAssert.OneLineError(CliRunner.RunIn(_dir, Rank("--out", folder)), ExitCodes.OutputError, "--force");
        Assert.Equal("precious", File.ReadAllText(csv));

        var forced = CliRunner.RunIn(_dir, Rank("--out", folder, "--force"));
        Assert.True(forced.ExitCode == ExitCodes.Success, forced.Stderr);
        Assert.NotEqual("precious", File.ReadAllText(csv));
    }
}
