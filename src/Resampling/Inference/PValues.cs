using MathNet.Numerics;

namespace Resampling.Inference;

/// <summary>
/// Upper-tail probabilities computed directly from the regularised incomplete beta and gamma functions, so that tiny
/// p-values (1e-112 for a large t) keep their relative accuracy instead of vanishing in 1 − CDF.
/// </summary>
public static class PValues
{
    /// <summary>Two-sided p-value of a t statistic: 2·P(T_df &gt; |t|).</summary>
    public static double TwoSidedT(double t, double df)
    {
        if (double.IsNaN(t) || !(df > 0)) return double.NaN;
        if (double.IsInfinity(df)) return SpecialFunctions.Erfc(Math.Abs(t) / Math.Sqrt(2));
        return SpecialFunctions.BetaRegularized(df / 2, 0.5, df / (df + t * t));
    }

    /// <summary>P(F_{d1,d2} &gt; f).</summary>
    public static double UpperF(double f, double d1, double d2)
    {
        if (double.IsNaN(f) || !(d1 > 0) || !(d2 > 0)) return double.NaN;
        if (f <= 0) return 1;
        return SpecialFunctions.BetaRegularized(d2 / 2, d1 / 2, d2 / (d2 + d1 * f));
    }

    /// <summary>P(χ²_df &gt; x).</summary>
    public static double UpperChiSquare(double x, double df)
    {
        if (double.IsNaN(x) || !(df > 0)) return double.NaN;
        if (x <= 0) return 1;
        return SpecialFunctions.GammaUpperRegularized(df / 2, x / 2);
    }
}
