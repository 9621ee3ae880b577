using Resampling.Bootstrap;

namespace Resampling.Tests.Bootstrap;

public class IntervalTests
{
    [Fact]
    public void IntervalsFollowTheirDefinitions()
    {
        // R: x <- c(3, 1, 4, 1, 5, 9, 2, 6, 5, 3); quantile(x, c(0.1, 0.9)) gives 1.0 and 6.3; mean 3.9, sd 2.469818.
        double[] x = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3];
        var s = BootstrapParameterSummary.Compute("x", 4, x, 0.8);
        Assert.Equal(-0.1, s.Bias, 12);
        Assert.Equal(2.469817807, s.StdError, 8);
        Assert.Equal(1.0, s.Percentile.Lower, 12);
        Assert.Equal(6.3, s.Percentile.Upper, 12);
        Assert.Equal(2 * 4 - 6.3, s.Basic.Lower, 12);
        Assert.Equal(2 * 4 - 1.0, s.Basic.Upper, 12);
        double z = 1.2815515655446004;
        Assert.Equal(4.1 - z * s.StdError, s.Normal.Lower, 10);
        Assert.Equal(4.1 + z * s.StdError, s.Normal.Upper, 10);
        // Shortest window holding 8 of the 10 sorted values (1 1 2 3 3 4 5 5 6 9): [1, 5] (width 4) beats [1, 6] and [2, 9].
        Assert.Equal(new BootstrapInterval(1, 5), s.Shortest);
    }

    [Fact]
    public void NonFiniteDrawsAreLeftOut()
    {
        var s = BootstrapParameterSummary.Compute("x", 0, [1, double.NaN, 2, 3], 0.5);
        Assert.Equal(3, s.Count);
    }
}
