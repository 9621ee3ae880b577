using Resampling.Numerics;
using Resampling.Ranking;

namespace Resampling.Tests.Ranking;

/// <summary>
/// The all-pairs confidence-set algorithm as it was before issue 11 (p² bounds, every pair in every draw), kept as the
/// reference for the pruned one. Not for large p.
/// </summary>
internal static class DenseReferenceSets
{
    /// <summary>The same with the simulated errors given (draw × group, each row ~ N(0, Σ)): for tests against other implementations.</summary>
    public static RankConfidenceSetResult Compute(IReadOnlyList<double> estimates, double[,] covariance, double[,] errors,
        double coverage = 0.95, bool stepdown = true)
    {
        int p = estimates.Count;
        if (errors.GetLength(1) != p) throw new ArgumentException("Simulated errors and estimates differ in size.");
        var sd = new double[p, p];
        for (int j = 0; j < p; j++)
            for (int k = 0; k < p; k++)
                sd[j, k] = Math.Sqrt(Math.Max(covariance[j, j] + covariance[k, k] - 2 * covariance[j, k], 0));
        var all = Enumerable.Range(0, p).ToArray();
        var (simLower, simUpper) = Sets(estimates, sd, errors, coverage, stepdown, all);
        var margLower = new int[p];
        var margUpper = new int[p];
        Parallel.For(0, p, j =>
        {
            var (l, u) = Sets(estimates, sd, errors, coverage, stepdown, [j]);
            margLower[j] = l[0];
            margUpper[j] = u[0];
        });
        return new RankConfidenceSetResult(coverage, errors.GetLength(0), stepdown, Array.AsReadOnly(margLower), Array.AsReadOnly(margUpper),
            Array.AsReadOnly(simLower), Array.AsReadOnly(simUpper));
    }

    /// <summary>Rank sets for the groups in <paramref name="indices"/>, jointly at the given coverage.</summary>
    private static (int[] Lower, int[] Upper) Sets(IReadOnlyList<double> x, double[,] sd, double[,] z, double coverage, bool stepdown, int[] indices)
    {
        int p = x.Count;
        var wanted = new bool[p];
        foreach (var j in indices) wanted[j] = true;
        // Hypotheses as ordered pairs (j, k): "θ_j − θ_k ≤ 0", rejected when its lower confidence bound is > 0.
        // Two-sided with stepdown: one-sided lower bounds for both orders of every pair involving an index.
        // Single step: symmetric bounds (max |t|) on the pairs (j, k) with j an index.
        var active = new List<int>();
        for (int j = 0; j < p; j++)
            for (int k = 0; k < p; k++)
                if (j != k && (wanted[j] || (stepdown && wanted[k]))) active.Add(j * p + k);
        // NaN: pair never tested (comparisons with NaN are false, so it counts as not rejected).
        var lowerBound = new double[p * p];
        var upperBound = new double[p * p];
        Array.Fill(lowerBound, double.NaN);
        Array.Fill(upperBound, double.NaN);
        while (active.Count > 0)
        {
            double q = CriticalValue(z, sd, active, p, coverage, symmetric: !stepdown);
            var next = new List<int>(active.Count);
            foreach (var pair in active)
            {
                int j = pair / p, k = pair % p;
                double d = x[j] - x[k], s = sd[j, k];
                double lo = d - s * q, hi = stepdown ? double.PositiveInfinity : d + s * q;
                lowerBound[pair] = lo;
                upperBound[pair] = hi;
                if (!(lo > 0 || hi < 0)) next.Add(pair);
            }
            if (!stepdown || next.Count == active.Count) break;
            active = next;
        }
        var lower = new int[indices.Length];
        var upper = new int[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            int j = indices[i], above = 0, below = 0;
            for (int k = 0; k < p; k++)
            {
                if (k == j) continue;
                // k shown above j: θ_k − θ_j > 0; j shown above k: θ_j − θ_k > 0.
                if (stepdown ? lowerBound[k * p + j] > 0 : upperBound[j * p + k] < 0) above++;
                if (lowerBound[j * p + k] > 0) below++;
            }
            lower[i] = 1 + above;
            upper[i] = p - below;
        }
        return (lower, upper);
    }

    /// <summary>The coverage quantile (R's type 7) over draws of max over pairs of (Z_j − Z_k)/sd_jk (or of its absolute value).</summary>
    private static double CriticalValue(double[,] z, double[,] sd, List<int> pairs, int p, double coverage, bool symmetric)
    {
        int n = z.GetLength(0), m = pairs.Count;
        var js = new int[m];
        var ks = new int[m];
        var inv = new double[m];
        for (int i = 0; i < m; i++)
        {
            js[i] = pairs[i] / p;
            ks[i] = pairs[i] % p;
            inv[i] = 1 / sd[js[i], ks[i]];
        }
        var max = new double[n];
        // Parallel only when the work is worth a thread hop (the marginal sets test a few hundred pairs each).
        var options = new ParallelOptions { MaxDegreeOfParallelism = (long)n * m > 2_000_000 ? Environment.ProcessorCount : 1 };
        Parallel.For(0, n, options, () => new double[p], (r, _, row) =>
        {
            for (int c = 0; c < p; c++) row[c] = z[r, c];
            double best = double.NegativeInfinity;
            for (int i = 0; i < m; i++)
            {
                double t = (row[js[i]] - row[ks[i]]) * inv[i];
                if (symmetric) t = Math.Abs(t);
                if (t > best) best = t;
            }
            max[r] = best;
            return row;
        }, _ => { });
        return RStats.Quantiles(max, [coverage])[0];
    }
}
