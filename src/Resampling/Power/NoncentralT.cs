using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace Resampling.Power;

/// <summary>
/// The noncentral t distribution function P(T ≤ t) for T ~ t(df, ncp), by Lenth's algorithm AS 243 (Guenther's twin
/// series) as R's pt(q, df, ncp) computes it, with R's normal approximation (Abramowitz &amp; Stegun 26.7.10) for very
/// large df or ncp. MathNet has no noncentral t. Used for the analytic power of balanced designs (docs/power.md §5).
/// </summary>
public static class NoncentralT
{
    public static double Cdf(double t, double df, double ncp)
    {
        if (!(df > 0) || double.IsNaN(t) || double.IsNaN(ncp)) return double.NaN;
        if (ncp == 0) return StudentT.CDF(0, 1, df, t);
        if (double.IsInfinity(t)) return t < 0 ? 0 : 1;
        bool negdel;
        double tt, del;
        if (t >= 0)
        {
            negdel = false; tt = t; del = ncp;
        }
        else
        {
            if (ncp > 40) return 0;
            negdel = true; tt = -t; del = -ncp;
        }
        if (df > 4e5 || del * del > 2 * Math.Log(2) * 1021)
        {
            double s4 = 1 / (4 * df);
            double z = Normal.CDF(del, Math.Sqrt(1 + tt * tt * 2 * s4), tt * (1 - s4));
            return negdel ? 1 - z : z;
        }
        double x = t * t;
        double rxb = df / (x + df);
        x /= x + df;
        double tnc;
        if (x > 0)
        {
            double lambda = del * del;
            double p = 0.5 * Math.Exp(-0.5 * lambda);
            if (p == 0) return negdel ? 1 : 0;
            double q = Math.Sqrt(2 / Math.PI) * p * del;
            double s = 0.5 - p;
            if (s < 1e-7) s = -0.5 * Expm1(-0.5 * lambda);
            double a = 0.5, b = 0.5 * df;
            rxb = Math.Pow(rxb, b);
            double albeta = 0.5 * Math.Log(Math.PI) + SpecialFunctions.GammaLn(b) - SpecialFunctions.GammaLn(0.5 + b);
            double xodd = SpecialFunctions.BetaRegularized(a, b, x);
            double godd = 2 * rxb * Math.Exp(a * Math.Log(x) - albeta);
            double tnc0 = b * x;
            double xeven = tnc0 < double.Epsilon ? tnc0 : 1 - rxb;
            double geven = tnc0 * rxb;
            tnc = p * xodd + q * xeven;
            for (int it = 1; it <= 1000; it++)
            {
                a += 1;
                xodd -= godd;
                xeven -= geven;
                godd *= x * (a + b - 1) / a;
                geven *= x * (a + b - 0.5) / (a + 0.5);
                p *= lambda / (2 * it);
                q *= lambda / (2 * it + 1);
                tnc += p * xodd + q * xeven;
                s -= p;
                if (s < -1e-10) break;
                if (s <= 0 && it > 1) break;
                if (Math.Abs(2 * s * (xodd - godd)) < 1e-12) break;
            }
        }
        else tnc = 0;
        tnc += Normal.CDF(0, 1, -del);
        tnc = Math.Min(tnc, 1);
        return negdel ? 1 - tnc : tnc;
    }

    /// <summary>
    /// Power of the two-sided t test at level α whose statistic is t(df, ncp): P(|T| &gt; t_{1−α/2, df}).
    /// </summary>
    public static double TwoSidedPower(double df, double ncp, double alpha)
    {
        double c = StudentT.InvCDF(0, 1, df, 1 - alpha / 2);
        return 1 - Cdf(c, df, ncp) + Cdf(-c, df, ncp);
    }

    private static double Expm1(double v) => Math.Abs(v) < 1e-5 ? v + v * v / 2 + v * v * v / 6 : Math.Exp(v) - 1;
}
