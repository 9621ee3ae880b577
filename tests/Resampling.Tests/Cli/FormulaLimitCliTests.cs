using Resampling.Reporting;
using Resampling.Tests.Support;

namespace Resampling.Tests.Cli;

/// <summary>Deep, long or explosive formulas and --compute expressions end in exit 66 and one line naming the limit.</summary>
public class FormulaLimitCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("resampling-limits-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string Data()
    {
        var path = Path.Combine(_dir, "d.csv");
        File.WriteAllText(path, "y,x,g\n1,1,a\n2,2,a\n3,1,b\n5,2,b\n4,3,c\n6,1,c\n");
        return path;
    }

    [Fact]
    public void DeepFormula() =>
        CliAssert.OneLineError(CliRunner.RunIn(_dir, "fit", "--data", Data(), "--formula",
            "y ~ " + new string('(', 10_000) + "x" + new string(')', 10_000) + " + (1|g)"), ExitCodes.FormulaError, "limit");

    [Fact]
    public void HugePower() =>
        CliAssert.OneLineError(CliRunner.RunIn(_dir, "fit", "--data", Data(), "--formula", "y ~ (x + x)^99999999999 + (1|g)"),
            ExitCodes.FormulaError, "interaction-order limit");

    [Fact]
    public void LongComputeExpression() =>
        CliAssert.OneLineError(CliRunner.RunIn(_dir, "fit", "--data", Data(), "--compute", "z = " + string.Join("+", Enumerable.Repeat("x", 20_000)),
            "--formula", "y ~ z + (1|g)"), ExitCodes.FormulaError, "size limit");
}
