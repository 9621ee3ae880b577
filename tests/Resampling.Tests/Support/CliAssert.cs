namespace Resampling.Tests.Support;

/// <summary>The README's promise for bad input: the documented exit code and one line on stderr, no stack trace.</summary>
public static class CliAssert
{
    public static string OneLineError(CliRunner.Result r, int exitCode, string expectedFragment)
    {
        Assert.True(exitCode == r.ExitCode, $"expected exit {exitCode}, got {r.ExitCode}; stderr:\n{r.Stderr}");
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got:\n{r.Stderr}");
        Assert.DoesNotContain("   at ", r.Stderr);
        Assert.Contains(expectedFragment, lines[0]);
        return lines[0];
    }
}
