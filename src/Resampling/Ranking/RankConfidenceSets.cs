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
/// Scale: no J×J matrix is formed. Σ = D + UU' (the prediction errors') is drawn from through its semiseparable
/// Cholesky factor in O(J·r) per draw; the max over pairs in each draw is found by scanning the draw's sorted errors
/// from the extremes and stopping once the bound (z_j − z_k)/√(d_j + d_min) (Var(z_j − z_k) ≥ d_j + d_k) cannot beat
/// the best so far, which is exact; rejected pairs are counted as they fall, the simultaneous sets' active pairs are a
/// bitset (J²/8 bytes). Without a diagonal part (d = 0) nothing can be pruned and large J is refused up front.
/// Maths: docs/ranking.md §5.
/// </summary>
public static class RankConfidenceSets
{
    /// <summary>Above this many draws × pairs without a diagonal part to prune with, the sets are refused up front.</summary>
    public const double MaxUnprunedWork = 1e10;
    /// <summary>Above this many groups the simultaneous sets' pair bitset (J²/8 bytes, 1.25 GB here) is refused.</summary>
    public const int MaxGroups = 100_000;

    /// <summary>The sets for a result's estimates and covariance (e.g. <see cref="RankTarget"/>'s).</summary>
    public static RankConfidenceSetResult Compute(IReadOnlyList<double> estimates, ReadOnlyMatrix covariance, ulong seed,
        int draws = 1000, double coverage = 0.95, bool stepdown = true) =>
        Compute(estimates, covariance.Storage, seed, draws, coverage, stepdown);

    public static RankConfidenceSetResult Compute(IReadOnlyList<double> estimates, double[,] covariance, ulong seed,
        int draws = 1000, double coverage = 0.95, bool stepdown = true)
    {
        int p = estimates.Count;
        if (covariance.GetLength(0) != p || covariance.GetLength(1) != p) throw new ArgumentException("Covariance and estimates differ in size.");
        var pairs = PairCovariance.Dense(covariance);
        CheckSize(pairs, draws);
        var z = SimulateErrors(covariance, draws, seed);
        return Compute(estimates, pairs, z, coverage, stepdown);
    }

    /// <summary>
    /// The sets from a structured covariance Σ = D + UU' (a <see cref="RankTarget.PredictionCovariance"/>): the same
    /// sets as the dense computation up to rounding (the same Cholesky factor, the same draws, the same pairs), in
    /// O(J·r) memory apart from the draws and, for the simultaneous sets, a J² bitset.
    /// </summary>
    public static RankConfidenceSetResult Compute(IReadOnlyList<double> estimates, DiagonalPlusLowRank covariance, ulong seed,
        int draws = 1000, double coverage = 0.95, bool stepdown = true) =>
        Compute(estimates, covariance, null, seed, draws, coverage, stepdown);

    /// <summary>The same with Σ's dense form given when the caller holds it already (<see cref="RankTarget.Covariance"/>).</summary>
    internal static RankConfidenceSetResult Compute(IReadOnlyList<double> estimates, DiagonalPlusLowRank covariance, Func<double[,]>? denseForm,
        ulong seed, int draws, double coverage, bool stepdown)
    {
        int p = estimates.Count;
        if (covariance.Count != p) throw new ArgumentException("Covariance and estimates differ in size.");
        // A factor with more columns than half the groups (another factor's levels, q_rest of them) is cheaper dense:
        // an entry is then O(1), not O(r) (J² doubles, small enough at such J; the size check comes first).
        bool dense = 2L * covariance.Rank > p;
        CheckSize(PairCovariance.Structured(covariance), draws);
        var full = dense ? denseForm?.Invoke() ?? covariance.ToDense() : null;
        RankTrace.Mark("sets: dense form");
        var pairs = full is null ? PairCovariance.Structured(covariance) : PairCovariance.Dense(full, covariance.DiagonalPart);
        RankTrace.Mark("sets: pair covariance");
        var z = full is null ? SimulateErrors(covariance, draws, seed) : SimulateErrors(full, draws, seed);
        RankTrace.Mark("sets: simulate errors");
        return Compute(estimates, pairs, z, coverage, stepdown);
    }

    /// <summary>The same with the simulated errors given (draw × group, each row ~ N(0, Σ)): for tests against other implementations.</summary>
    public static RankConfidenceSetResult Compute(IReadOnlyList<double> estimates, double[,] covariance, double[,] errors,
        double coverage = 0.95, bool stepdown = true) =>
        Compute(estimates, PairCovariance.Dense(covariance), errors, coverage, stepdown);

    internal static RankConfidenceSetResult Compute(IReadOnlyList<double> estimates, DiagonalPlusLowRank covariance, double[,] errors,
        double coverage = 0.95, bool stepdown = true) =>
        Compute(estimates, PairCovariance.Structured(covariance), errors, coverage, stepdown);

    /// <summary>Refuses, before any work, sizes whose pair scans cannot be pruned and would run for hours or not fit.</summary>
    private static void CheckSize(PairCovariance pairs, int draws)
    {
        long p = pairs.Count;
        if (p > MaxGroups)
            throw new ModelException($"Rank confidence sets for {p:N0} groups would need {p * p / 8 / 1e9:F1} GB for the pairs (at most {MaxGroups:N0} groups).");
        if (pairs.MinRowFloor <= 0 && (double)draws * p * p > MaxUnprunedWork)
            throw new ModelException($"Rank confidence sets for {p:N0} groups: the covariance of the estimates has no diagonal part to prune the " +
                $"{draws:N0} × {p * p:N0} pair comparisons with (at most {Math.Sqrt(MaxUnprunedWork / draws):N0} groups at {draws:N0} draws).");
    }

    private static RankConfidenceSetResult Compute(IReadOnlyList<double> estimates, PairCovariance cov, double[,] errors,
        double coverage, bool stepdown)
    {
        int p = estimates.Count;
        if (errors.GetLength(1) != p) throw new ArgumentException("Simulated errors and estimates differ in size.");
        var x = estimates.ToArray();
        var sorted = SortDraws(errors);
        RankTrace.Mark("sets: sort draws");
        var (simLower, simUpper) = SimultaneousSets(x, cov, errors, sorted, coverage, stepdown);
        RankTrace.Mark("sets: simultaneous");
        var margLower = new int[p];
        var margUpper = new int[p];
        Parallel.For(0, p, () => new MarginalWork(p), (j, _, work) =>
        {
            (margLower[j], margUpper[j]) = MarginalSet(x, cov, errors, sorted, coverage, stepdown, j, work);
            return work;
        }, _ => { });
        return new RankConfidenceSetResult(coverage, errors.GetLength(0), stepdown, Array.AsReadOnly(margLower), Array.AsReadOnly(margUpper),
            Array.AsReadOnly(simLower), Array.AsReadOnly(simUpper));
    }

    /// <summary>
    /// Each draw's groups in increasing order of their error and those errors in that order (both draw-major): a scan
    /// from a draw's extremes reads its values in sequence rather than one cache line per group it reaches.
    /// </summary>
    private sealed record SortedDraws(int[] Order, double[] Values);

    private static SortedDraws SortDraws(double[,] z)
    {
        int n = z.GetLength(0), p = z.GetLength(1);
        var order = new int[(long)n * p];
        var values = new double[(long)n * p];
        Parallel.For(0, n, r =>
        {
            var o = order.AsSpan(r * p, p);
            var keys = values.AsSpan(r * p, p);
            for (int j = 0; j < p; j++) { keys[j] = z[r, j]; o[j] = j; }
            keys.Sort(o);
        });
        return new SortedDraws(order, values);
    }

    /// <summary>
    /// Simultaneous sets: hypotheses are the ordered pairs (j, k), "θ_j − θ_k ≤ 0", rejected when the lower bound
    /// d − s·q &gt; 0; with stepdown both orders (one-sided), single step symmetric (max |t|, d ± s·q).
    /// </summary>
    private static (int[] Lower, int[] Upper) SimultaneousSets(double[] x, PairCovariance cov, double[,] z, SortedDraws sorted, double coverage, bool stepdown)
    {
        int p = x.Length;
        // Bit j·p + k: pair (j, k) still active.
        var active = new ulong[((long)p * p + 63) / 64];
        for (int j = 0; j < p; j++)
            for (int k = 0; k < p; k++)
                if (j != k) Set(active, (long)j * p + k);
        var above = new int[p];
        var below = new int[p];
        long count = (long)p * (p - 1);
        while (count > 0)
        {
            double q = Quantile(z, coverage, r => SimultaneousMax(z, r, sorted, cov, active, p), parallel: true);
            // Each row j updates only its own pairs (j, ·): count what falls per row, then add up.
            var fallen = new long[p];
            var aboveBy = new int[p][];
            Parallel.For(0, p, j =>
            {
                var up = new List<int>();
                for (int k = 0; k < p; k++)
                {
                    long bit = (long)j * p + k;
                    if (k == j || !IsSet(active, bit)) continue;
                    double d = x[j] - x[k];
                    // Rejection needs |d| > s·q ≥ √(d_j + d_k)·q: most pairs fail that cheaply (all with d ≤ 0 in stepdown).
                    if (q > 0 && stepdown && d <= 0) continue;
                    if (q > 0 && d * d < (cov.DiagonalPart(j) + cov.DiagonalPart(k)) * q * q * (1 - 1e-9)) continue;
                    double s = cov.PairSd(j, k);
                    double lo = d - s * q, hi = stepdown ? double.PositiveInfinity : d + s * q;
                    bool rejectedLow = lo > 0, rejectedHigh = hi < 0;
                    if (stepdown ? rejectedLow : rejectedLow || rejectedHigh)
                    {
                        Clear(active, bit);
                        fallen[j]++;
                        // Stepdown: (j, k) rejected shows j above k. Single step: lo > 0 shows j above k, hi < 0 k above j.
                        if (rejectedLow) { below[j]++; if (stepdown) up.Add(k); }
                        if (!stepdown && rejectedHigh) above[j]++;
                    }
                }
                aboveBy[j] = [.. up];
            });
            // Stepdown: a rejected (j, k) puts k below j: j counts toward k's "above".
            foreach (var list in aboveBy) foreach (var k in list) above[k]++;
            long removed = fallen.Sum();
            count -= removed;
            if (!stepdown || removed == 0) break;
        }
        var lower = new int[p];
        var upper = new int[p];
        for (int j = 0; j < p; j++)
        {
            lower[j] = 1 + above[j];
            upper[j] = p - below[j];
        }
        return (lower, upper);
    }

    /// <summary>max over active (j, k) of (z_j − z_k)/s_jk in draw r: j from the top of the sorted errors, k from the bottom.</summary>
    private static double SimultaneousMax(double[,] z, int r, SortedDraws sorted, PairCovariance cov, ulong[] active, int p)
    {
        var o = sorted.Order.AsSpan(r * p, p);
        var zs = sorted.Values.AsSpan(r * p, p);
        double best = double.NegativeInfinity, zMin = zs[0], minFactor = BoundFactor(cov.MinRowFloor);
        for (int a = p - 1; a >= 0; a--)
        {
            int j = o[a];
            double zj = zs[a];
            if (Bound(zj - zMin, minFactor) <= best) break;
            double factor = BoundFactor(cov.RowFloor(j));
            for (int b = 0; b < p; b++)
            {
                int k = o[b];
                double diff = zj - zs[b];
                if (Bound(diff, factor) <= best) break;
                if (k == j || !IsSet(active, (long)j * p + k)) continue;
                double t = diff * (1 / cov.PairSd(j, k));
                if (t > best) best = t;
            }
        }
        return best;
    }

    /// <summary>
    /// One worker's state for a group j's marginal set: its active pairs, and its pair sds s_jk with 1/s_jk as first
    /// needed (NaN: not yet), each computed once per group rather than once per draw and step that reaches it.
    /// </summary>
    private sealed class MarginalWork(int p)
    {
        public readonly bool[] Out = new bool[p], In = new bool[p];
        public readonly double[] Sd = new double[p], InverseSd = new double[p];

        /// <summary>Starts group j: every pair active, no sd known.</summary>
        public void Start(int j)
        {
            Array.Fill(Out, true);
            Array.Fill(In, true);
            Out[j] = In[j] = false;
            Array.Fill(Sd, double.NaN);
        }

        /// <summary>s_jk (<see cref="PairCovariance.PairSd"/>), its inverse kept beside it.</summary>
        public double PairSd(PairCovariance cov, int j, int k)
        {
            double s = Sd[k];
            if (double.IsNaN(s))
            {
                s = cov.PairSd(j, k);
                Sd[k] = s;
                InverseSd[k] = 1 / s;
            }
            return s;
        }
    }

    /// <summary>
    /// The marginal set of group j: hypotheses (j, k) and, with stepdown, (k, j) for every k; single step symmetric on (j, k).
    /// </summary>
    private static (int Lower, int Upper) MarginalSet(double[] x, PairCovariance cov, double[,] z, SortedDraws sorted, double coverage, bool stepdown, int j, MarginalWork work)
    {
        int p = x.Length;
        // Out[k]: (j, k) active; In[k]: (k, j) active (single step: both mean the one symmetric pair).
        work.Start(j);
        int above = 0, below = 0, count = stepdown ? 2 * (p - 1) : p - 1;
        while (count > 0)
        {
            double q = Quantile(z, coverage, r => MarginalMax(z, r, sorted, cov, work, p, j));
            int removed = 0;
            for (int k = 0; k < p; k++)
            {
                if (k == j || !(work.Out[k] || work.In[k])) continue;
                double diff = x[j] - x[k];
                if (q > 0 && diff * diff < (cov.DiagonalPart(j) + cov.DiagonalPart(k)) * q * q * (1 - 1e-9)) continue;
                double s = work.PairSd(cov, j, k);
                if (stepdown)
                {
                    // Each order is its own hypothesis and stays in the max until it is rejected itself.
                    if (work.Out[k] && x[j] - x[k] - s * q > 0) { work.Out[k] = false; below++; removed++; }
                    if (work.In[k] && x[k] - x[j] - s * q > 0) { work.In[k] = false; above++; removed++; }
                }
                else
                {
                    double d = x[j] - x[k];
                    if (d - s * q > 0) { below++; work.Out[k] = work.In[k] = false; removed++; }
                    else if (d + s * q < 0) { above++; work.Out[k] = work.In[k] = false; removed++; }
                }
            }
            count -= removed;
            if (!stepdown || removed == 0) break;
        }
        return (1 + above, p - below);
    }

    /// <summary>max over j's active pairs of the t statistic in draw r (single step: |t|), from the extremes inward.</summary>
    private static double MarginalMax(double[,] z, int r, SortedDraws sorted, PairCovariance cov, MarginalWork work, int p, int j)
    {
        var o = sorted.Order.AsSpan(r * p, p);
        var zs = sorted.Values.AsSpan(r * p, p);
        double zj = z[r, j], best = double.NegativeInfinity, factor = BoundFactor(cov.RowFloor(j));
        int lo = 0, hi = p - 1;
        while (lo <= hi)
        {
            double fromLow = zj - zs[lo], fromHigh = zs[hi] - zj;
            bool low = fromLow >= fromHigh;
            if (Bound(low ? fromLow : fromHigh, factor) <= best) break;
            int k;
            double zk;
            if (low) { k = o[lo]; zk = zs[lo++]; }
            else { k = o[hi]; zk = zs[hi--]; }
            if (k == j) continue;
            // (j, k) is tested with z_j − z_k, (k, j) with z_k − z_j; single step: |z_j − z_k| on the one pair.
            work.PairSd(cov, j, k);
            double inv = work.InverseSd[k];
            if (work.Out[k]) { double t = (zj - zk) * inv; if (t > best) best = t; }
            if (work.In[k]) { double t = (zk - zj) * inv; if (t > best) best = t; }
        }
        return best;
    }

    /// <summary>
    /// An upper bound on diff/s over pairs with s² ≥ floor, widened against rounding (<paramref name="factor"/> is
    /// <see cref="BoundFactor"/>'s (1 + 1e-9)/√floor, ∞ without a floor), 0 when diff ≤ 0 (t ≤ 0; a scan stops there
    /// only once the best is ≥ 0, so a max that is negative is still found). Any valid bound gives the same maxima:
    /// it decides only where a scan stops.
    /// </summary>
    private static double Bound(double diff, double factor) => diff <= 0 ? 0 : diff * factor;

    private static double BoundFactor(double floor) => floor > 0 ? (1 + 1e-9) / Math.Sqrt(floor) : double.PositiveInfinity;


    /// <summary>
    /// The coverage quantile (R's type 7, by selection: the same number as sorting) over draws of the per-draw max; with <paramref name="parallel"/> the draws in
    /// parallel (each writes its own entry: the same quantile whatever the threads), for the one simultaneous max
    /// (the marginal sets are already parallel over groups).
    /// </summary>
    private static double Quantile(double[,] z, double coverage, Func<int, double> maxOfDraw, bool parallel = false)
    {
        int n = z.GetLength(0);
        var max = new double[n];
        if (parallel) Parallel.For(0, n, r => max[r] = maxOfDraw(r));
        else for (int r = 0; r < n; r++) max[r] = maxOfDraw(r);
        return OrderStatistics.Quantiles(max, coverage, coverage).Lower;
    }

    private static void Set(ulong[] bits, long i) => bits[i >> 6] |= 1UL << (int)(i & 63);
    private static void Clear(ulong[] bits, long i) => bits[i >> 6] &= ~(1UL << (int)(i & 63));
    private static bool IsSet(ulong[] bits, long i) => (bits[i >> 6] & (1UL << (int)(i & 63))) != 0;

    /// <summary>
    /// R draws from N(0, Σ): Z = E·L' with Σ = LL' (a tiny ridge if Σ is only semi-definite). The normals are drawn first,
    /// draw after draw from the one stream; the factor and the products are then computed in parallel, each entry as the
    /// serial sum (in order over k), four draws at a time: the same draws whatever the thread count.
    /// </summary>
    internal static double[,] SimulateErrors(double[,] covariance, int draws, ulong seed)
    {
        int p = covariance.GetLength(0);
        var e = new double[(long)draws * p];
        var random = new RandomStream(seed, StreamPurpose.RankConfidenceSet, 1);
        for (int r = 0; r < draws; r++) random.FillNormal(e.AsSpan(r * p, p));
        var l = CholeskyWithRidge(covariance);
        var z = new double[draws, p];
        Parallel.For(0, (draws + 3) / 4, block =>
        {
            int r0 = 4 * block;
            if (r0 + 4 > draws)
            {
                for (int r = r0; r < draws; r++)
                {
                    var er = e.AsSpan(r * p, p);
                    for (int j = 0; j < p; j++)
                    {
                        double s = 0;
                        for (int k = 0; k <= j; k++) s += l[j * p + k] * er[k];
                        z[r, j] = s;
                    }
                }
                return;
            }
            var e0 = e.AsSpan(r0 * p, p);
            var e1 = e.AsSpan((r0 + 1) * p, p);
            var e2 = e.AsSpan((r0 + 2) * p, p);
            var e3 = e.AsSpan((r0 + 3) * p, p);
            for (int j = 0; j < p; j++)
            {
                var lj = l.AsSpan(j * p, j + 1);
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                for (int k = 0; k < lj.Length; k++)
                {
                    double x = lj[k];
                    s0 += x * e0[k];
                    s1 += x * e1[k];
                    s2 += x * e2[k];
                    s3 += x * e3[k];
                }
                z[r0, j] = s0;
                z[r0 + 1, j] = s1;
                z[r0 + 2, j] = s2;
                z[r0 + 3, j] = s3;
            }
        });
        return z;
    }

    /// <summary>The same draws (same stream, same factor up to rounding) from Σ = D + UU' in O(J·r) each.</summary>
    internal static double[,] SimulateErrors(DiagonalPlusLowRank covariance, int draws, ulong seed)
    {
        int p = covariance.Count;
        double scale = 0;
        for (int j = 0; j < p; j++) scale = Math.Max(scale, covariance[j, j]);
        SemiseparableCholesky? l = null;
        for (double ridge = 0; ridge <= 1e-6 * scale && l is null; ridge = ridge == 0 ? 1e-12 * scale : ridge * 10)
            l = covariance.Cholesky(ridge);
        if (l is null) throw new ModelException("The covariance of the estimates is not positive semi-definite: cannot compute rank confidence sets.");
        var z = new double[draws, p];
        var e = new double[p];
        var row = new double[p];
        var random = new RandomStream(seed, StreamPurpose.RankConfidenceSet, 1);
        for (int r = 0; r < draws; r++)
        {
            random.FillNormal(e);
            l.Multiply(e, row);
            for (int j = 0; j < p; j++) z[r, j] = row[j];
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
            if (RowParallelCholesky.Factor(a, p)) return a;
        }
        throw new ModelException("The covariance of the estimates is not positive semi-definite: cannot compute rank confidence sets.");
    }
}

/// <summary>
/// Pair standard deviations √Var(z_j − z_k) from a dense or a structured covariance, with a diagonal part d and, per
/// group, a floor f_j ≤ Var(z_j − z_k) for every k ≠ j that lets the scans over a draw's sorted errors stop early.
/// Structured: f_j = d_j + min d (Var(z_j − z_k) ≥ d_j + d_k). Dense: also the row's own minimum over k of the
/// same expression the pair sd is the root of (O(J²) once, as many entries as the matrix has), which is far above the
/// smallest eigenvalue's 2λ_min where the groups' errors are correlated (another factor's levels).
/// </summary>
internal sealed class PairCovariance
{
    private readonly Func<int, int, double> _entry;
    private readonly double[] _variance, _diagonalPart, _rowFloor;

    private PairCovariance(int count, Func<int, int, double> entry, Func<int, double> diagonalPart, bool exactFloors)
    {
        _entry = entry;
        _variance = new double[count];
        _diagonalPart = new double[count];
        for (int j = 0; j < count; j++)
        {
            _variance[j] = entry(j, j);
            _diagonalPart[j] = Math.Max(diagonalPart(j), 0);
        }
        double minDiagonal = count == 0 ? 0 : _diagonalPart.Min();
        _rowFloor = new double[count];
        for (int j = 0; j < count; j++) _rowFloor[j] = _diagonalPart[j] + minDiagonal;
        if (exactFloors)
        {
            // The floor of row j is the smallest of its squared pair sds, computed as PairSd computes them, so that
            // √floor ≤ PairSd(j, k) holds in floating point too; rows in parallel, each writing its own entry.
            Parallel.For(0, count, j =>
            {
                double min = double.PositiveInfinity;
                for (int k = 0; k < count; k++)
                    if (k != j) min = Math.Min(min, Math.Max(_variance[j] + _variance[k] - 2 * _entry(j, k), 0));
                if (min < double.PositiveInfinity) _rowFloor[j] = Math.Max(_rowFloor[j], min);
            });
        }
        MinRowFloor = count == 0 ? 0 : _rowFloor.Min();
    }

    public static PairCovariance Dense(double[,] c, Func<int, double>? diagonalPart = null) =>
        new(c.GetLength(0), (j, k) => c[j, k], diagonalPart ?? (_ => 0), exactFloors: true);
    public static PairCovariance Structured(DiagonalPlusLowRank c) => new(c.Count, (j, k) => c[j, k], c.DiagonalPart, exactFloors: false);

    public int Count => _variance.Length;
    /// <summary>min_j f_j: a floor for every pair.</summary>
    public double MinRowFloor { get; }
    public double DiagonalPart(int j) => _diagonalPart[j];
    /// <summary>f_j ≤ Var(z_j − z_k) for every k ≠ j.</summary>
    public double RowFloor(int j) => _rowFloor[j];

    /// <summary>√max(Σ_jj + Σ_kk − 2Σ_jk, 0), as the dense formula computes it.</summary>
    public double PairSd(int j, int k) => Math.Sqrt(Math.Max(_variance[j] + _variance[k] - 2 * _entry(j, k), 0));
}

/// <summary>Marginal and simultaneous rank confidence sets per group (rank 1 = highest).</summary>
public sealed record RankConfidenceSetResult(double Coverage, int Draws, bool Stepdown,
    IReadOnlyList<int> MarginalLower, IReadOnlyList<int> MarginalUpper, IReadOnlyList<int> SimultaneousLower, IReadOnlyList<int> SimultaneousUpper);
