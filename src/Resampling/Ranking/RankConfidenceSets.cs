using Resampling.Model;
using Resampling.Numerics;
using Resampling.Randomness;

namespace Resampling.Ranking;

/// <summary>
/// Frequentist confidence sets for ranks (Mogstad, Romano, Shaikh &amp; Wilhelm 2024, Review of Economic Studies; the
/// algorithm of R's csranks): from estimates θ̂ with θ̂ − θ ≈ N(0, Σ), test all pairwise hypotheses θ_j ≤ θ_k with
/// max-t critical values simulated from N(0, Σ), stepping down (recomputing the critical value over the hypotheses
/// not yet rejected) until nothing more is rejected. The rank set of j is [1 + #{k : θ_k &gt; θ_j shown},
/// J − #{k : θ_j &gt; θ_k shown}]. Simultaneous sets cover all true ranks at once; marginal sets each one rank.
/// Rank 1 is the highest value. Unlike csranks, which redraws at each step, one set of R draws (from the seed) is used
/// for every step and every group, so the result is a deterministic function of (θ̂, Σ, seed).
/// Maths: docs/ranking.md §5.
/// </summary>
public static class RankConfidenceSets
{
    /// <summary>The sets for a result's estimates and covariance (e.g. <see cref="RankTarget"/>'s).</summary>
    public static RankConfidenceSetResult Compute(IReadOnlyList<double> estimates, ReadOnlyMatrix covariance, ulong seed,
        int draws = 1000, double coverage = 0.95, bool stepdown = true) =>
        Compute(estimates, covariance.Storage, seed, draws, coverage, stepdown);

    public static RankConfidenceSetResult Compute(IReadOnlyList<double> estimates, double[,] covariance, ulong seed,
        int draws = 1000, double coverage = 0.95, bool stepdown = true)
    {
        int p = estimates.Count;
        if (covariance.GetLength(0) != p || covariance.GetLength(1) != p) throw new ArgumentException("Covariance and estimates differ in size.");
        var z = SimulateErrors(covariance, draws, seed);
        return Compute(estimates, covariance, z, coverage, stepdown);
    }

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

    /// <summary>R draws from N(0, Σ): Z = E·L' with Σ = LL' (a tiny ridge if Σ is only semi-definite).</summary>
    internal static double[,] SimulateErrors(double[,] covariance, int draws, ulong seed)
    {
        int p = covariance.GetLength(0);
        var l = CholeskyWithRidge(covariance);
        var z = new double[draws, p];
        var e = new double[p];
        var random = new RandomStream(seed, StreamPurpose.RankConfidenceSet, 1);
        for (int r = 0; r < draws; r++)
        {
            random.FillNormal(e);
            for (int j = 0; j < p; j++)
            {
                double s = 0;
                for (int k = 0; k <= j; k++) s += l[j * p + k] * e[k];
                z[r, j] = s;
            }
        }
        return z;
    }

    private static double[] CholeskyWithRidge(double[,] covariance)
    {
        int p = covariance.GetLength(0);
        double scale = 0;
        for (int j = 0; j < p; j++) scale = Math.Max(scale, covariance[j, j]);
        for (double ridge = 0; ridge <= 1e-6 * scale; ridge = ridge == 0 ? 1e-12 * scale : ridge * 10)
        {
            var a = new double[p * p];
            for (int j = 0; j < p; j++) for (int k = 0; k < p; k++) a[j * p + k] = covariance[j, k] + (j == k ? ridge : 0);
            if (Numerics.DenseMath.Cholesky(a, p)) return a;
        }
        throw new ModelException("The covariance of the estimates is not positive semi-definite: cannot compute rank confidence sets.");
    }
}

/// <summary>Marginal and simultaneous rank confidence sets per group (rank 1 = highest).</summary>
public sealed record RankConfidenceSetResult(double Coverage, int Draws, bool Stepdown,
    IReadOnlyList<int> MarginalLower, IReadOnlyList<int> MarginalUpper, IReadOnlyList<int> SimultaneousLower, IReadOnlyList<int> SimultaneousUpper);
