using Resampling.Tests.Support;

namespace Resampling.Tests.Cli;

/// <summary>Issue 17: --delimiter could not be used at all (System.CommandLine has no char converter).</summary>
public class DelimiterOptionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("resampling-delim-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private const string Rows = "1,1,a\n2,2,a\n3,1,b\n5,2,b\n4,3,c\n6,1,c\n7,2,d\n5,3,d\n";

    private string Write(string name, char d)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, ("y,x,g\n" + Rows).Replace(',', d));
        return path;
    }

    [Theory]
    [InlineData(";", ';')]
    [InlineData("tab", '\t')]
    [InlineData("\t", '\t')]
    [InlineData(",", ',')]
    public void SemicolonAndTabFilesFitLikeTheCommaFile(string option, char d)
    {
        var comma = CliRunner.RunIn(_dir, "fit", "--data", Write("c.csv", ','), "--formula", "y ~ x + (1|g)");
        var other = CliRunner.RunIn(_dir, "fit", "--data", Write("o.csv", d), "--delimiter", option, "--formula", "y ~ x + (1|g)");
        Assert.True(other.ExitCode == 0, other.Stderr);
        Assert.Equal(comma.Stdout.Replace("c.csv", "o.csv"), other.Stdout);
    }

    [Fact]
    public void ABadDelimiterIsOneLineUsageError()
    {
        var r = CliRunner.RunIn(_dir, "fit", "--data", Write("c.csv", ','), "--delimiter", "ab", "--formula", "y ~ x + (1|g)");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("--delimiter", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
    }
}
