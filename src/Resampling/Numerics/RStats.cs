namespace Resampling.Numerics;

/// <summary>Small statistics as R computes them, so printed numbers line up with R's.</summary>
public static class RStats
{
    /// <summary>R's default (type 7) quantiles.</summary>
    public static double[] Quantiles(IReadOnlyList<double> values, IReadOnlyList<double> probs)
    {
        var x = values.Order().ToArray();
        var result = new double[probs.Count];
        for (int k = 0; k < probs.Count; k++) result[k] = SortedQuantile(x, probs[k]);
        return result;
    }

    /// <summary>R's type-7 quantile of values already sorted in increasing order (no copy, no sort).</summary>
    public static double SortedQuantile(ReadOnlySpan<double> sorted, double p)
    {
        double h = (sorted.Length - 1) * p;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
