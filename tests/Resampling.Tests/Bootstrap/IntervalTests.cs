using Resampling.Bootstrap;

namespace Resampling.Tests.Bootstrap;

public class IntervalTests
{
    [Fact]
    public void IntervalsFollowTheirDefinitions()
    {
        // R: x <- c(3, 1, 4, 1, 5, 9, 2, 6, 5, 3); mean 3.9, sd 2.469818; boot:::norm.inter(x, c(0.1, 0.9)) (boot.ci's
        // percentile endpoints) gives 1 and 8.6229879976416584 (ranks 1.1 and 9.9, the second between 6 and 9 on the
        // normal scale); the type-7 quantile(x, c(0.1, 0.9)) would be 1.0 and 6.3.
        double[] x = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3];
        var s = BootstrapParameterSummary.Compute("x", 4, x, 0.8);
        Assert.Equal(-0.1, s.Bias, 12);
        Assert.Equal(2.469817807, s.StdError, 8);
        Assert.Equal(1.0, s.Percentile.Lower, 12);
        Assert.Equal(8.6229879976416584, s.Percentile.Upper, 12);
        Assert.Equal(2 * 4 - 8.6229879976416584, s.Basic.Lower, 12);
        Assert.Equal(2 * 4 - 1.0, s.Basic.Upper, 12);
        double z = 1.2815515655446004;
        Assert.Equal(4.1 - z * s.StdError, s.Normal.Lower, 10);
        Assert.Equal(4.1 + z * s.StdError, s.Normal.Upper, 10);
        // Shortest window holding 8 of the 10 sorted values (1 1 2 3 3 4 5 5 6 9): [1, 5] (width 4) beats [1, 6] and [2, 9].
        Assert.Equal(new BootstrapInterval(1, 5), s.Shortest);
    }

    [Fact]
    public void PercentileEndpointsAreBootCisOrderStatistics()
    {
        // R: boot:::norm.inter(x, c(0.05, 0.95)): ranks 0.55 and 10.45 fall outside the draws, so the extremes 1 and 9.
        double[] x = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3];
        Assert.Equal(new BootstrapInterval(1, 9), BootstrapParameterSummary.Compute("x", 4, x, 0.9).Percentile);
        // 199 draws at 95%: ranks 5 and 195 exactly (up to rounding of (1 ± 0.95)/2), the 5th and 195th smallest.
        var y = Enumerable.Range(1, 199).Select(i => (double)(i * 37 % 199)).ToArray();
        var p = BootstrapParameterSummary.Compute("y", 100, y, 0.95).Percentile;
        Assert.Equal(4.0, p.Lower, 9);
        Assert.Equal(194.0, p.Upper, 9);
    }

    [Fact]
    public void NonFiniteDrawsAreLeftOut()
    {
        var s = BootstrapParameterSummary.Compute("x", 0, [1, double.NaN, 2, 3], 0.5);
        Assert.Equal(3, s.Count);
    }
}
