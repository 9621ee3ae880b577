using MathNet.Numerics;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Integration;

namespace Resampling.Power;

/// <summary>
/// The noncentral t distribution function P(T ≤ t) for T ~ t(df, ncp), from its definition T = (Z + ncp)/√(V/df) with
/// Z ~ N(0, 1) and V ~ χ²(df) independent: P(T ≤ t) = E_V[Φ(t √(V/df) − ncp)], the expectation taken by adaptive
/// Gauss–Kronrod quadrature over u = √V (density 2u f_χ²(u²), finite at 0 for every df), to about 1e-12. MathNet has
/// no noncentral t; this is our own formulation, checked against R's pt(q, df, ncp). Used for the analytic power of
/// balanced designs (docs/power.md §5).
/// </summary>
public static class NoncentralT
{
    public static double Cdf(double t, double df, double ncp)
    {
        if (!(df > 0) || double.IsNaN(t) || double.IsNaN(ncp)) return double.NaN;
        if (ncp == 0) return StudentT.CDF(0, 1, df, t);
        if (double.IsInfinity(t)) return t < 0 ? 0 : 1;
        double scale = t / Math.Sqrt(df);
        // V = s^a with a = 2 (df ≥ 1) or 2/df (df < 1): the density a s^(a−1) f_χ²(s^a) is then finite at s = 0.
        double a = df >= 1 ? 2 : 2 / df;
        double Integrand(double u)
        {
            if (u <= 0) return 0; // a single point: the Gauss–Kronrod nodes are interior
            double v = Math.Pow(u, a);
            return Normal.CDF(0, 1, scale * Math.Sqrt(v) - ncp) * a * Math.Pow(u, a - 1) * Math.Exp(ChiSquared.PDFLn(df, v));
        }
        // The χ² mass lies within a few sd of df; splitting there keeps the adaptive rule on the bulk.
        double sd = Math.Sqrt(2 * df);
        double lo = Math.Pow(Math.Max(0, df - 8 * sd), 1 / a), hi = Math.Pow(df + 8 * sd + 10, 1 / a);
        double p = 0;
        if (lo > 0) p += GaussKronrodRule.Integrate(Integrand, 0, lo, out _, out _, 1e-13, 20, 31);
        p += GaussKronrodRule.Integrate(Integrand, lo, hi, out _, out _, 1e-13, 20, 31);
        p += GaussKronrodRule.Integrate(Integrand, hi, double.PositiveInfinity, out _, out _, 1e-13, 20, 31);
        return Math.Clamp(p, 0, 1);
    }

    /// <summary>
    /// Power of the two-sided t test at level α whose statistic is t(df, ncp): P(|T| &gt; t_{1−α/2, df}).
    /// </summary>
    public static double TwoSidedPower(double df, double ncp, double alpha)
    {
        double c = StudentT.InvCDF(0, 1, df, 1 - alpha / 2);
        return 1 - Cdf(c, df, ncp) + Cdf(-c, df, ncp);
    }

}
