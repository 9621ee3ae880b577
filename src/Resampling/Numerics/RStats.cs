namespace Resampling.Numerics;

/// <summary>Small statistics as R computes them, so printed numbers line up with R's.</summary>
public static class RStats
{
    /// <summary>R's default (type 7) quantiles.</summary>
    public static double[] Quantiles(IReadOnlyList<double> values, IReadOnlyList<double> probs)
    {
        var x = values.Order().ToArray();
        int n = x.Length;
        var result = new double[probs.Count];
        for (int k = 0; k < probs.Count; k++)
        {
            double h = (n - 1) * probs[k];
            int lo = (int)Math.Floor(h);
            int hi = Math.Min(lo + 1, n - 1);
            result[k] = x[lo] + (h - lo) * (x[hi] - x[lo]);
        }
        return result;
    }
}
