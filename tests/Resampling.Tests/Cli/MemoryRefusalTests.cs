using System.Diagnostics;
using System.Globalization;
using System.Text;
using Resampling.Model;
using Resampling.Reporting;
using Resampling.Tests.Support;

namespace Resampling.Tests.Cli;

/// <summary>
/// A design whose factorisation would not fit in memory is refused before any numeric work, in one line naming the
/// estimated size and the limit (exit 67, a model error). The limit is lowered through RESAMPLING_MEMORY_LIMIT so that
/// a small crossed design stands for a large one; the same design under the default limit fits.
/// </summary>
public class MemoryRefusalTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("resampling-memory-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string CrossedCsv()
    {
        // 150 × 120 crossed levels: above the dense rest path's 100 columns, so the sparse analysis runs.
        var rng = new Random(7);
        var sb = new StringBuilder("y,a,b\n");
        for (int i = 0; i < 3000; i++)
            sb.Append(CultureInfo.InvariantCulture, $"{rng.NextDouble() * 10:F4},a{i % 150},b{rng.Next(120)}\n");
        var path = Path.Combine(_dir, "crossed.csv");
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    private static CliRunner.Result Run(string? limit, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(CliRunner.CliAssembly);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment.Remove(MemoryLimit.EnvironmentVariable);
        if (limit is not null) psi.Environment[MemoryLimit.EnvironmentVariable] = limit;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000)) { p.Kill(true); throw new TimeoutException("resampling did not finish in 120 s"); }
        return new CliRunner.Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void TooLargeAFactorisationIsRefusedInOneLineWithItsSizeAndTheLimit()
    {
        var r = Run("20KB", "fit", "--data", CrossedCsv(), "--formula", "y ~ 1 + (1|a) + (1|b)", "--ddf", "none");
        Assert.Equal(ExitCodes.ModelError, r.ExitCode);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
        Assert.Matches(@"^error: The random-effects factorisation would need about [0-9.]+ (KB|MB|GB)[^,]*, more than the 20\.0 KB this process may use \(set RESAMPLING_MEMORY_LIMIT", lines[0]);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void TooLargeAModelMatrixIsRefusedBeforeItIsBuilt()
    {
        var r = Run("1MB", "fit", "--data", CrossedCsv(), "--formula", "y ~ a + (1|b)", "--ddf", "none");
        Assert.Equal(ExitCodes.ModelError, r.ExitCode);
        Assert.Matches(@"^error: The model matrix \(3000 rows × 150 columns\) would need about 10\.3 MB, more than the 1\.0 MB", r.Stderr);
    }

    [Fact]
    public void TheSameDesignFitsUnderTheDefaultLimit()
    {
        var r = Run(null, "fit", "--data", CrossedCsv(), "--formula", "y ~ 1 + (1|a) + (1|b)", "--ddf", "none");
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
        Assert.Contains("Number of obs: 3000", r.Stdout);
    }

    [Fact]
    public void ALimitThatIsNotASizeIsOneLine()
    {
        var r = Run("plenty", "fit", "--data", CrossedCsv(), "--formula", "y ~ 1 + (1|a) + (1|b)");
        Assert.Equal(ExitCodes.ModelError, r.ExitCode);
        Assert.Contains("RESAMPLING_MEMORY_LIMIT='plenty' is not a size", r.Stderr);
    }
}
