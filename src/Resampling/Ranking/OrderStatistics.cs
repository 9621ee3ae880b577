namespace Resampling.Ranking;

/// <summary>
/// R's type-7 quantiles of values that need not be sorted: the two order statistics each quantile interpolates are
/// found by selection (expected O(n)) rather than a full sort (O(n log n)), and the arithmetic is
/// <c>RStats.SortedQuantile</c>'s, so the results are the same numbers. The values are reordered in place.
/// </summary>
internal static class OrderStatistics
{
    /// <summary>Type-7 quantiles at <paramref name="lowerP"/> ≤ <paramref name="upperP"/> of finite or infinite values (no NaN).</summary>
    public static (double Lower, double Upper) Quantiles(Span<double> x, double lowerP, double upperP)
    {
        int n = x.Length;
        double h1 = (n - 1) * lowerP, h2 = (n - 1) * upperP;
        int lo1 = (int)Math.Floor(h1), lo2 = (int)Math.Floor(h2);
        Select(x, lo1);
        double a1 = x[lo1], b1 = lo1 + 1 < n ? Min(x[(lo1 + 1)..]) : a1;
        if (lo2 > lo1) Select(x[(lo1 + 1)..], lo2 - lo1 - 1);
        double a2 = x[lo2], b2 = lo2 + 1 < n ? Min(x[(lo2 + 1)..]) : a2;
        return (a1 + (h1 - lo1) * (b1 - a1), a2 + (h2 - lo2) * (b2 - a2));
    }

    private static double Min(ReadOnlySpan<double> x)
    {
        double m = x[0];
        for (int i = 1; i < x.Length; i++) if (x[i] < m) m = x[i];
        return m;
    }

    /// <summary>Puts the k-th smallest (from 0) at x[k], smaller or equal values before it and larger or equal after.</summary>
    internal static void Select(Span<double> x, int k)
    {
        int left = 0, right = x.Length - 1, rounds = 0;
        while (right - left > 16)
        {
            // Many rounds mean a bad run of pivots: sorting the rest bounds the cost at O(n log n).
            if (++rounds > 64) { x[left..(right + 1)].Sort(); return; }
            int mid = left + (right - left) / 2;
            if (x[mid] < x[left]) Swap(x, mid, left);
            if (x[right] < x[left]) Swap(x, right, left);
            if (x[right] < x[mid]) Swap(x, right, mid);
            double pivot = x[mid];
            int i = left, j = right;
            while (i <= j)
            {
                while (x[i] < pivot) i++;
                while (pivot < x[j]) j--;
                if (i <= j) { Swap(x, i, j); i++; j--; }
            }
            // Now x[left..j] ≤ pivot ≤ x[i..right] and any x[j+1..i-1] equal the pivot.
            if (k <= j) right = j;
            else if (k >= i) left = i;
            else return;
        }
        x[left..(right + 1)].Sort();
    }

    private static void Swap(Span<double> x, int a, int b) => (x[a], x[b]) = (x[b], x[a]);
}
