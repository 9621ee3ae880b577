using MathNet.Numerics.Distributions;

namespace Resampling.Power;

/// <summary>
/// The exact (Clopper–Pearson) interval for a binomial proportion x/n: the quantiles α/2 of Beta(x, n − x + 1) and
/// 1 − α/2 of Beta(x + 1, n − x), 0 and 1 at the ends, as R's binom.test gives it (and simr reports).
/// Maths: docs/power.md §3.
/// </summary>
public static class ClopperPearson
{
    public static (double Lower, double Upper) Interval(int x, int n, double level = 0.95)
    {
        if (n <= 0) return (double.NaN, double.NaN);
        if (x < 0 || x > n) throw new ArgumentOutOfRangeException(nameof(x));
        double a = (1 - level) / 2;
        double lower = x == 0 ? 0 : Beta.InvCDF(x, n - x + 1, a);
        double upper = x == n ? 1 : Beta.InvCDF(x + 1, n - x, 1 - a);
        return (lower, upper);
    }
}
