using Resampling.Inference.Checks;

namespace Resampling.Tests.Checks;

/// <summary>
/// QQ points as R's qqnorm/qqline make them. References from R 4.2.2:
/// <c>ppoints(5)</c>; <c>y &lt;- c(2.5,-1,0.3,4,1.7,-0.2,3.3,0.9,-2.1,1.1,0.4,2.2); q &lt;- qqnorm(y, plot.it = FALSE); q$x[order(q$y)]</c>;
/// qqline's intercept and slope through the type-7 quartiles of y and qnorm(c(.25, .75)).
/// </summary>
public class NormalQuantilesTests
{
    [Fact]
    public void Plotting_positions_follow_ppoints_both_sides_of_ten()
    {
        var five = NormalQuantiles.PlottingPositions(5);
        double[] expected = [0.11904761904761904, 0.30952380952380953, 0.5, 0.69047619047619047, 0.88095238095238093];
        Assert.Equal(expected.Length, five.Length);
        for (int i = 0; i < five.Length; i++) Assert.Equal(expected[i], five[i], 1e-15);
        var twelve = NormalQuantiles.PlottingPositions(12);
        Assert.Equal(0.041666666666666664, twelve[0], 1e-15);
        Assert.Equal(0.958333333333333370, twelve[11], 1e-15);
    }

    [Fact]
    public void Points_and_line_match_qqnorm_and_qqline()
    {
        double[] y = [2.5, -1, 0.3, 4, 1.7, -0.2, 3.3, 0.9, -2.1, 1.1, 0.4, 2.2];
        var q = NormalQuantiles.Of(y);
        double[] expected =
        [
            -1.73166439612224510, -1.15034938037600787, -0.81221780149991285, -0.54852228269809800, -0.31863936396437514,
            -0.10463345561407539, 0.10463345561407526, 0.31863936396437514, 0.54852228269809822, 0.81221780149991285,
            1.15034938037600787, 1.73166439612224554,
        ];
        Assert.Equal(expected.Length, q.Theoretical.Count);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], q.Theoretical[i], 1e-12);
        Assert.Equal(y.Order(), q.Sample);
        Assert.Equal(1.2250000000000003, q.LineIntercept, 1e-12);
        Assert.Equal(1.5567323294308824, q.LineSlope, 1e-12);
    }
}
