using MathNet.Numerics.Distributions;
using Resampling.Numerics;

namespace Resampling.Mcmc;

/// <summary>
/// Rank-normalised split-R̂, bulk-ESS and tail-ESS of Vehtari, Gelman, Simpson, Carpenter &amp; Bürkner (2021, Bayesian
/// Analysis 16(2)), with the conventions of R's posterior package so the numbers agree with it: chains split in halves
/// (the middle draw dropped when odd), ranks with ties averaged and z = Φ⁻¹((r − 3/8)/(S + 1/4)), autocovariances with
/// divisor N, Geyer's initial positive and monotone sequences, τ̂ bounded below by 1/log10(S).
/// Draws are chain-major: chain c's draws are draws[c·N .. (c+1)·N). NaN when the draws are constant or not finite.
/// Maths: docs/mcmc.md §5.
/// </summary>
public static class ConvergenceDiagnostics
{
    /// <summary>max(R̂ of the rank-normalised split chains, R̂ of the same for |x − median|).</summary>
    public static double Rhat(ReadOnlySpan<double> draws, int chains)
    {
        if (ShouldBeNaN(draws)) return double.NaN;
        double bulk = BasicRhat(ZScale(Split(draws, chains)));
        double tail = BasicRhat(ZScale(Split(Fold(draws), chains)));
        return Math.Max(bulk, tail);
    }

    /// <summary>ESS of the rank-normalised split chains.</summary>
    public static double EssBulk(ReadOnlySpan<double> draws, int chains) =>
        ShouldBeNaN(draws) ? double.NaN : Ess(ZScale(Split(draws, chains)));

    /// <summary>The smaller ESS of the indicators x ≤ q(0.05) and x ≤ q(0.95) (split chains, type-7 quantiles).</summary>
    public static double EssTail(ReadOnlySpan<double> draws, int chains)
    {
        if (ShouldBeNaN(draws)) return double.NaN;
        var q = RStats.Quantiles(draws.ToArray(), [0.05, 0.95]);
        return Math.Min(EssQuantileIndicator(draws, chains, q[0]), EssQuantileIndicator(draws, chains, q[1]));
    }

    /// <summary>
    /// <see cref="Rhat"/>, <see cref="EssBulk"/> and <see cref="EssTail"/> at once, the same numbers, sharing the work:
    /// the bulk normal scores serve R̂ and bulk-ESS, and <paramref name="sorted"/> (the draws in increasing order) and
    /// <paramref name="folded"/> (|x − median|) come from the caller, who needs them for its own summaries.
    /// </summary>
    internal static (double Rhat, double EssBulk, double EssTail) All(ReadOnlySpan<double> draws, int chains, double[] sorted, double[] folded)
    {
        if (ShouldBeNaN(draws)) return (double.NaN, double.NaN, double.NaN);
        var bulk = ZScale(Split(draws, chains));
        double rhat = Math.Max(BasicRhat(bulk), BasicRhat(ZScale(Split(folded, chains))));
        double q05 = RStats.SortedQuantile(sorted, 0.05), q95 = RStats.SortedQuantile(sorted, 0.95);
        double tail = Math.Min(EssQuantileIndicator(draws, chains, q05), EssQuantileIndicator(draws, chains, q95));
        return (rhat, Ess(bulk), tail);
    }

    /// <summary>
    /// <see cref="All"/> with each sort done once: when the split chains keep every draw (an even number per chain) and
    /// the draws are finite and not constant, the pooled sort behind the bulk normal scores is the sorted draws and the
    /// one behind the folded scores the sorted |x − median|, so neither is sorted twice. Returns false (nothing computed)
    /// otherwise; the caller then sorts and calls <see cref="All"/>. Same numbers either way.
    /// </summary>
    internal static bool TryAllSorting(ReadOnlySpan<double> draws, int chains, out double[] sorted, out double[] sortedFolded,
        out (double Rhat, double EssBulk, double EssTail) diagnostics)
    {
        sorted = sortedFolded = [];
        diagnostics = default;
        if (chains < 1 || draws.Length % chains != 0 || (draws.Length / chains) % 2 != 0 || ShouldBeNaN(draws)) return false;
        var bulk = ZScale(Split(draws, chains), out sorted);
        double median = RStats.SortedQuantile(sorted, 0.5);
        var folded = new double[draws.Length];
        for (int i = 0; i < folded.Length; i++) folded[i] = Math.Abs(draws[i] - median);
        var foldedScores = ZScale(Split(folded, chains), out sortedFolded);
        double rhat = Math.Max(BasicRhat(bulk), BasicRhat(foldedScores));
        double q05 = RStats.SortedQuantile(sorted, 0.05), q95 = RStats.SortedQuantile(sorted, 0.95);
        double tail = Math.Min(EssQuantileIndicator(draws, chains, q05), EssQuantileIndicator(draws, chains, q95));
        diagnostics = (rhat, Ess(bulk), tail);
        return true;
    }

    /// <summary>Classical split-R̂ without rank normalisation (R's posterior::rhat_basic).</summary>
    public static double BasicSplitRhat(ReadOnlySpan<double> draws, int chains) =>
        ShouldBeNaN(draws) ? double.NaN : BasicRhat(Split(draws, chains));

    /// <summary>ESS of the split chains without rank normalisation (R's posterior::ess_basic).</summary>
    public static double BasicSplitEss(ReadOnlySpan<double> draws, int chains) =>
        ShouldBeNaN(draws) ? double.NaN : Ess(Split(draws, chains));

    private static double EssQuantileIndicator(ReadOnlySpan<double> draws, int chains, double q)
    {
        var ind = new double[draws.Length];
        for (int i = 0; i < ind.Length; i++) ind[i] = draws[i] <= q ? 1 : 0;
        return ShouldBeNaN(ind) ? double.NaN : Ess(Split(ind, chains));
    }

    private const double MachineEpsilon = 2.220446049250313e-16; // R's .Machine$double.eps

    private static bool ShouldBeNaN(ReadOnlySpan<double> x)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var v in x)
        {
            if (!double.IsFinite(v)) return true;
            if (v < min) min = v;
            if (v > max) max = v;
        }
        return x.Length == 0 || max - min < MachineEpsilon;
    }

    internal static double[][] Split(ReadOnlySpan<double> draws, int chains)
    {
        if (chains < 1 || draws.Length % chains != 0)
            throw new ArgumentException($"{draws.Length} draws cannot be {chains} chains of equal length.");
        int n = draws.Length / chains;
        if (n == 1)
        {
            var single = new double[chains][];
            for (int c = 0; c < chains; c++) single[c] = [draws[c]];
            return single;
        }
        int half = n / 2;
        var result = new double[2 * chains][];
        for (int c = 0; c < chains; c++)
        {
            var chain = draws.Slice(c * n, n);
            result[2 * c] = chain[..half].ToArray();
            result[2 * c + 1] = chain[(n - half)..].ToArray();
        }
        return result;
    }

    private static double[] Fold(ReadOnlySpan<double> draws)
    {
        double median = RStats.Quantiles(draws.ToArray(), [0.5])[0];
        var f = new double[draws.Length];
        for (int i = 0; i < f.Length; i++) f[i] = Math.Abs(draws[i] - median);
        return f;
    }

    /// <summary>Normal scores of the pooled ranks (ties get their average rank).</summary>
    internal static double[][] ZScale(double[][] chains) => ZScale(chains, out _);

    /// <summary><see cref="ZScale(double[][])"/>, also handing out the pooled values in increasing order.</summary>
    internal static double[][] ZScale(double[][] chains, out double[] sortedValues)
    {
        int total = chains.Sum(c => c.Length);
        var keys = new double[total];
        var slots = new int[total];
        int m = 0;
        foreach (var c in chains)
            foreach (var v in c)
            {
                keys[m] = v;
                slots[m] = m;
                m++;
            }
        // Primitive keys sort far faster than a comparison delegate; the order among ties does not matter, since tied
        // values share their average rank's score.
        Array.Sort(keys, slots);
        var scores = ScoresWithoutTies(total);
        var flat = new double[total];
        for (int i = 0; i < total;)
        {
            int j = i;
            while (j + 1 < total && keys[j + 1] == keys[i]) j++;
            double score = i == j ? scores[i] : Score((i + j) / 2.0 + 1, total);
            for (int k = i; k <= j; k++) flat[slots[k]] = score;
            i = j + 1;
        }
        var z = new double[chains.Length][];
        for (int c = 0, o = 0; c < chains.Length; o += chains[c].Length, c++) z[c] = flat.AsSpan(o, chains[c].Length).ToArray();
        sortedValues = keys;
        return z;
    }

    private static double Score(double rank, int total) => Normal.InvCDF(0, 1, (rank - 0.375) / (total + 0.25));

    // The scores of untied ranks 1..total depend on the total only; every parameter and random effect of a run has the
    // same number of draws, so one table serves them all (thousands of inverse normal CDFs per quantity otherwise).
    private static double[]? s_scores;

    private static double[] ScoresWithoutTies(int total)
    {
        var table = s_scores;
        if (table is not null && table.Length == total) return table;
        table = new double[total];
        for (int i = 0; i < total; i++) table[i] = Score((i + i) / 2.0 + 1, total);
        s_scores = table;
        return table;
    }

    internal static double BasicRhat(double[][] chains)
    {
        int m = chains.Length, n = chains[0].Length;
        var means = chains.Select(c => c.Average()).ToArray();
        double within = 0;
        for (int c = 0; c < m; c++)
        {
            double s = 0;
            foreach (var v in chains[c]) s += (v - means[c]) * (v - means[c]);
            within += s / (n - 1);
        }
        within /= m;
        double between = n * SampleVariance(means);
        return Math.Sqrt((between / within + n - 1) / n);
    }

    /// <summary>
    /// S/τ̂ with τ̂ = −1 + 2Σρ̂_t from the multi-chain autocorrelations ρ̂_t = 1 − (W − mean_c acov_c(t))/var⁺, summed in
    /// pairs while positive (Geyer's initial positive sequence) and made monotone (initial monotone sequence).
    /// </summary>
    internal static double Ess(double[][] chains)
    {
        int m = chains.Length, n = chains[0].Length;
        if (n < 3) return double.NaN;
        var centred = chains.Select(c =>
        {
            double mean = c.Average();
            return c.Select(v => v - mean).ToArray();
        }).ToArray();
        double MeanAcov(int lag)
        {
            double s = 0;
            foreach (var c in centred)
            {
                double a = 0;
                for (int i = 0; i + lag < n; i++) a += c[i] * c[i + lag];
                s += a / n;
            }
            return s / m;
        }
        double meanVar = MeanAcov(0) * n / (n - 1);
        double varPlus = meanVar * (n - 1) / n;
        if (m > 1) varPlus += SampleVariance(chains.Select(c => c.Average()).ToArray());

        var rho = new double[n];
        rho[0] = 1;
        double even = 1, odd = 1 - (meanVar - MeanAcov(1)) / varPlus;
        rho[1] = odd;
        int t = 0;
        while (t < n - 5 && !double.IsNaN(even + odd) && even + odd > 0)
        {
            t += 2;
            even = 1 - (meanVar - MeanAcov(t)) / varPlus;
            odd = 1 - (meanVar - MeanAcov(t + 1)) / varPlus;
            if (even + odd >= 0)
            {
                rho[t] = even;
                rho[t + 1] = odd;
            }
        }
        int maxT = t;
        if (even > 0) rho[maxT] = even;
        for (t = 2; t <= maxT - 2; t += 2)
        {
            if (rho[t] + rho[t + 1] > rho[t - 2] + rho[t - 1])
            {
                rho[t] = (rho[t - 2] + rho[t - 1]) / 2;
                rho[t + 1] = rho[t];
            }
        }
        double total = (double)m * n;
        double sum = 0;
        for (int i = 0; i < maxT; i++) sum += rho[i];
        if (maxT == 0) sum = rho[0]; // posterior sums rho[1:0], which is rho[1], when the first pair is already negative
        double tau = -1 + 2 * sum + rho[maxT];
        tau = Math.Max(tau, 1 / Math.Log10(total));
        return total / tau;
    }

    private static double SampleVariance(double[] x)
    {
        if (x.Length < 2) return 0;
        double mean = x.Average(), s = 0;
        foreach (var v in x) s += (v - mean) * (v - mean);
        return s / (x.Length - 1);
    }
}
