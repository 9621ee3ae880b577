using StdNormal = MathNet.Numerics.Distributions.Normal;

namespace Resampling.Bootstrap;

/// <summary>A confidence interval [Lower, Upper].</summary>
public readonly record struct BootstrapInterval(double Lower, double Upper);

/// <summary>
/// One parameter's bootstrap summary: estimate from the original fit, bias (mean of the draws − estimate), bootstrap
/// standard error (sd of the draws), and four intervals at <see cref="Level"/>: percentile (the draws' quantiles at
/// (1 ∓ level)/2 as boot.ci takes them, <see cref="BootCiQuantile"/>, so lme4's confint(method = "boot") gives the same),
/// basic (2·estimate − the percentile bounds, swapped), normal ((estimate − bias) ± z·se, as boot.ci) and
/// shortest (the narrowest interval holding ⌈level·n⌉ of the sorted draws, as MixedModels.jl's shortestcovint).
/// Failed refits and non-finite values (a correlation at a singular fit) are left out; <see cref="Count"/> says how many were used.
/// Maths: docs/bootstrap.md §5.
/// </summary>
public sealed record BootstrapParameterSummary(string Name, double Estimate, double Bias, double StdError, int Count, double Level,
    BootstrapInterval Percentile, BootstrapInterval Basic, BootstrapInterval Normal, BootstrapInterval Shortest)
{
    public static BootstrapParameterSummary Compute(string name, double estimate, IEnumerable<double> draws, double level)
    {
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), "The level must be between 0 and 1.");
        var x = draws.Where(double.IsFinite).Order().ToArray();
        int n = x.Length;
        if (n == 0)
        {
            var none = new BootstrapInterval(double.NaN, double.NaN);
            return new(name, estimate, double.NaN, double.NaN, 0, level, none, none, none, none);
        }
        double mean = x.Average();
        double sd = n > 1 ? Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (n - 1)) : double.NaN;
        double bias = mean - estimate;
        double alpha = (1 - level) / 2;
        double lo = BootCiQuantile(x, alpha), hi = BootCiQuantile(x, (1 + level) / 2);
        double z = MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, 1 - alpha);
        return new(name, estimate, bias, sd, n, level,
            new(lo, hi),
            new(2 * estimate - hi, 2 * estimate - lo),
            new(estimate - bias - z * sd, estimate - bias + z * sd),
            ShortestInterval(x, level));
    }

    /// <summary>
    /// The p-quantile of sorted bootstrap draws as boot.ci takes it (boot's norm.inter): the order statistic of rank
    /// (n + 1)p, between two ranks interpolated on the standard normal quantile scale, the extreme draw beyond them.
    /// Unlike type-7 quantiles, whose tails hold about (1 − 2p)/(n + 1) too little each, this rank is the one a new draw
    /// of the same distribution falls below with probability p, so an interval keeps its level whatever the number of
    /// replicates when the percentile method is exact.
    /// </summary>
    public static double BootCiQuantile(double[] sorted, double p)
    {
        int n = sorted.Length;
        double rank = (n + 1) * p;
        int k = (int)Math.Truncate(rank);
        if (k <= 0) return sorted[0];
        if (k >= n) return sorted[n - 1];
        if (k == rank) return sorted[k - 1];
        double zk = StdNormal.InvCDF(0, 1, (double)k / (n + 1)), zk1 = StdNormal.InvCDF(0, 1, (k + 1.0) / (n + 1));
        double w = (StdNormal.InvCDF(0, 1, p) - zk) / (zk1 - zk);
        return sorted[k - 1] + w * (sorted[k] - sorted[k - 1]);
    }

    private static BootstrapInterval ShortestInterval(double[] sorted, double level)
    {
        int n = sorted.Length;
        int k = Math.Min(n, (int)Math.Ceiling(level * n));
        int best = 0;
        double width = double.PositiveInfinity;
        for (int i = 0; i + k - 1 < n; i++)
        {
            double w = sorted[i + k - 1] - sorted[i];
            if (w < width) { width = w; best = i; }
        }
        return new(sorted[best], sorted[best + k - 1]);
    }
}
