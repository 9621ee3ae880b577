using Resampling.Power;

namespace Resampling.Tests.Power;

public class NoncentralTTests
{
    // R 4.2.2: sprintf("%.15g", pt(q, df, ncp)) for each row.
    [Theory]
    [InlineData(2.1, 18, 1.5, 0.704948621314964)]
    [InlineData(-1, 5, 2, 0.00231637565416343)]
    [InlineData(3, 40, 4.2, 0.123923426347275)]
    [InlineData(1.96, 100, 0, 0.973610549316885)]
    [InlineData(2.0, 3, -1, 0.990031499367255)]
    [InlineData(0.5, 10, 0.5, 0.495092007452511)]
    [InlineData(8, 60, 10, 0.05071889160796)]
    [InlineData(-2.2, 28, -1.7, 0.322502973061775)]
    [InlineData(1.5, 1, 0.8, 0.598226593473383)]
    [InlineData(-3, 2, 1, 0.00762875223389381)]
    [InlineData(30, 200, 25, 0.997341376439544)]
    [InlineData(2.5, 1000, 2.2, 0.617494849693686)]
    [InlineData(0.1, 0.5, 0.3, 0.408318605918636)]
    public void MatchesR(double q, double df, double ncp, double expected) =>
        Assert.Equal(expected, NoncentralT.Cdf(q, df, ncp), 1e-10);

    [Fact]
    public void PowerAtZeroEffectIsAlpha() => Assert.Equal(0.05, NoncentralT.TwoSidedPower(12, 0, 0.05), 1e-12);
}
