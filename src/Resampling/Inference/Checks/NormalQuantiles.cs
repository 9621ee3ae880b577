using MathNet.Numerics.Distributions;

namespace Resampling.Inference.Checks;

/// <summary>
/// The points of a normal QQ plot, as R's qqnorm draws them: the sample sorted, against the standard normal quantiles
/// of R's ppoints(n), (i − a)/(n + 1 − 2a) with a = 3/8 for n ≤ 10 and 1/2 above. Line is R's qqline: through the
/// first and third quartiles (type 7) of the sample and of the normal.
/// </summary>
public sealed record NormalQuantiles(IReadOnlyList<double> Theoretical, IReadOnlyList<double> Sample, double LineIntercept, double LineSlope)
{
    /// <summary>R's ppoints(n).</summary>
    public static double[] PlottingPositions(int n)
    {
        double a = n <= 10 ? 3.0 / 8 : 0.5;
        var p = new double[n];
        for (int i = 0; i < n; i++) p[i] = (i + 1 - a) / (n + 1 - 2 * a);
        return p;
    }

    public static NormalQuantiles Of(IEnumerable<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var theoretical = PlottingPositions(sorted.Length).Select(p => Normal.InvCDF(0, 1, p)).ToArray();
        double q1 = Numerics.RStats.SortedQuantile(sorted, 0.25), q3 = Numerics.RStats.SortedQuantile(sorted, 0.75);
        double z1 = Normal.InvCDF(0, 1, 0.25), z3 = Normal.InvCDF(0, 1, 0.75);
        double slope = (q3 - q1) / (z3 - z1);
        return new NormalQuantiles(theoretical, sorted, q1 - slope * z1, slope);
    }
}
