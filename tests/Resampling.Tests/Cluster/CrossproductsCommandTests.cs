using System.Text.Json;
using Resampling.Reporting;
using Resampling.Tests.Support;

namespace Resampling.Tests.Cluster;

/// <summary>
/// resampling crossproducts and --crossproducts through the CLI: the fit from two .rxp files of HSB (every school split
/// between them) prints the whole file's numbers; the summary says the residuals need the rows; bad files and
/// options are one line with their exit code.
/// </summary>
public class CrossproductsCommandTests : IDisposable
{
    private const string Formula = "MATHACH ~ SES + SECTOR + (1 + SES | SCHOOL)";
    private readonly string _dir = Directory.CreateTempSubdirectory("resampling-rxp-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string Hsb => Lme4Reference.FixturePath("lme4", "hsb12.csv");

    private void WriteShards()
    {
        var lines = File.ReadAllLines(Hsb);
        for (int k = 0; k < 2; k++)
            File.WriteAllLines(Path.Combine(_dir, $"p{k}.csv"), lines.Take(1).Concat(lines.Skip(1).Where((_, i) => i % 2 == k)));
        for (int k = 0; k < 2; k++)
        {
            var r = CliRunner.RunIn(_dir, "crossproducts", "--data", $"p{k}.csv", "--formula", Formula, "--out", $"p{k}.rxp");
            Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
            Assert.StartsWith($"wrote p{k}.rxp: ", r.Stdout);
        }
    }

    private static double Objective(string json) => JsonDocument.Parse(json).RootElement.GetProperty("objective").GetDouble();

    [Fact]
    public void FitFromShardsPrintsTheWholeFilesNumbers()
    {
        WriteShards();
        var whole = CliRunner.RunIn(_dir, "fit", "--data", Hsb, "--formula", Formula, "--format", "json");
        var split = CliRunner.RunIn(_dir, "fit", "--crossproducts", "p*.rxp", "--format", "json");
        Assert.True(split.ExitCode == ExitCodes.Success, split.Stderr);
        double a = Objective(whole.Stdout), b = Objective(split.Stdout);
        Assert.True(Math.Abs(a - b) <= 1e-10 * Math.Abs(a), $"{a:R} vs {b:R}");
        var text = CliRunner.RunIn(_dir, "fit", "--crossproducts", "p0.rxp,p1.rxp", "--formula", Formula);
        Assert.Contains("Scaled residuals: not available from cross-products", text.Stdout);
        Assert.Contains("Number of obs: 7185, groups:  SCHOOL, 160", text.Stdout);
    }

    [Fact]
    public void BadFilesAndOptionsAreOneLine()
    {
        WriteShards();
        File.WriteAllBytes(Path.Combine(_dir, "cut.rxp"), File.ReadAllBytes(Path.Combine(_dir, "p0.rxp"))[..200]);
        CliAssert.OneLineError(CliRunner.RunIn(_dir, "fit", "--crossproducts", "cut.rxp"), ExitCodes.DataError, "checksum does not match");
        CliAssert.OneLineError(CliRunner.RunIn(_dir, "fit", "--crossproducts", "p*.rxp", "--formula", "MATHACH ~ SES + (1 | SCHOOL)"), ExitCodes.Usage, "is not the formula");
        CliAssert.OneLineError(CliRunner.RunIn(_dir, "fit", "--crossproducts", "p*.rxp", "--data", Hsb), ExitCodes.Usage, "not both");
        CliAssert.OneLineError(CliRunner.RunIn(_dir, "anova", "--crossproducts", "p*.rxp"), ExitCodes.Usage, "--contrast");
        CliAssert.OneLineError(CliRunner.RunIn(_dir, "fit", "--crossproducts", "none/*.rxp"), ExitCodes.DataError, "No files match");
        CliAssert.OneLineError(CliRunner.RunIn(_dir, "fit", "--crossproducts", "p*.rxp", "--ddf", "kenward-roger"), ExitCodes.ModelError, "needs the data rows");
    }
}
