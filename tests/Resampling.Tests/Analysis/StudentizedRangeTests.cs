using System.Text.Json;
using Resampling.Numerics;

namespace Resampling.Tests.Analysis;

/// <summary>
/// The studentized range against R's ptukey and qtukey over a grid (Fixtures/analyst/ptukey.json, made by emmeans.R),
/// and against the exact two-mean case, where Q = √2 |T| with T Student's t.
/// </summary>
public class StudentizedRangeTests
{
    private static readonly JsonElement Grid = AnalystFixtures.Load("ptukey.json");

    [Fact]
    public void UpperTailMatchesRsPtukey()
    {
        foreach (var row in Grid.GetProperty("ptukey").EnumerateArray())
        {
            double q = row.GetProperty("q").GetDouble();
            int k = row.GetProperty("nmeans").GetInt32();
            double df = row.TryGetProperty("df", out var d) ? d.GetDouble() : double.PositiveInfinity; // jsonlite leaves Inf out
            double r = row.GetProperty("upper").GetDouble();
            double ours = StudentizedRange.Upper(q, k, df);
            // The tolerance is R's own error, not ours: R's ptukey integrates with a fixed rule whose absolute error is
            // about 1e-4 at 2 df, 1e-7 at 5 df and 1e-9 beyond (measured against the exact two-mean case, where it is
            // off by as much as its difference from this code; ours matches that case to 1e-9 relative, below).
            double tolerance = df < 3 ? 2e-4 : df < 10 ? 2e-7 : 3e-9;
            Assert.True(Math.Abs(ours - r) <= tolerance, $"ptukey({q}, {k}, {df}, lower = FALSE): {ours:R} vs R {r:R}");
        }
    }

    [Fact]
    public void QuantileMatchesRsQtukey()
    {
        foreach (var row in Grid.GetProperty("qtukey").EnumerateArray())
        {
            double p = row.GetProperty("p").GetDouble(), df = row.GetProperty("df").GetDouble(), r = row.GetProperty("q").GetDouble();
            int k = row.GetProperty("nmeans").GetInt32();
            double ours = StudentizedRange.Quantile(p, k, df);
            // R's qtukey stops its secant iterations at eps = 1e-4 (qtukey(0.99, 2, 4) is 3e-5 relative from the exact
            // √2 qt(0.995, 4)), so R is matched to that; the exact two-mean quantiles below hold ours to 1e-8.
            Assert.True(Math.Abs(ours / r - 1) <= 1e-4, $"qtukey({p}, {k}, {df}): {ours:R} vs R {r:R}");
        }
    }

    [Theory]
    [InlineData(8.0, 7018.0)]
    [InlineData(12.0, 30.0)]
    [InlineData(3.0, 2.0)]
    [InlineData(0.7, 5.5)]
    public void TwoMeansAreTwiceStudentsTail(double q, double df)
    {
        double exact = 2 * MathNet.Numerics.Distributions.StudentT.CDF(0, 1, df, -q / Math.Sqrt(2));
        Assert.True(Math.Abs(StudentizedRange.Upper(q, 2, df) / exact - 1) <= 1e-9, $"q {q} df {df}");
    }

    [Theory]
    [InlineData(0.99, 4.0)]
    [InlineData(0.95, 20.0)]
    [InlineData(0.9, 1000.0)]
    public void TwoMeanQuantilesAreRootTwoStudentsQuantiles(double p, double df)
    {
        double exact = Math.Sqrt(2) * MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, df, 0.5 + p / 2);
        Assert.True(Math.Abs(StudentizedRange.Quantile(p, 2, df) / exact - 1) <= 1e-8, $"p {p} df {df}");
    }

    [Fact]
    public void RefusesFewerThanTwoMeans() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => StudentizedRange.Upper(1, 1, 10));
}
