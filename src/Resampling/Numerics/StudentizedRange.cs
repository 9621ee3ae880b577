using MathNet.Numerics;

namespace Resampling.Numerics;

/// <summary>
/// The studentized range distribution (R's ptukey/qtukey, nranges = 1): the range of k independent standard normals
/// divided by an independent s with ν s² ~ χ²_ν. Written from the defining double integral, not from R's code: the upper
/// tail is computed directly (no 1 − P), so small Tukey p-values keep their relative accuracy.
/// Maths: docs/analysis.md §4.
/// </summary>
public static class StudentizedRange
{
    private const int Nodes = 16;
    private static readonly (double[] X, double[] W) Gauss = GaussLegendre(Nodes);

    /// <summary>P(Q &gt; q) for k means and ν df (ν = ∞ for a known σ).</summary>
    public static double Upper(double q, int k, double df)
    {
        if (k < 2) throw new ArgumentOutOfRangeException(nameof(k), "The studentized range needs at least two means.");
        if (!(df > 0)) throw new ArgumentOutOfRangeException(nameof(df), "The df must be positive.");
        if (double.IsNaN(q)) return double.NaN;
        if (q <= 0) return 1;
        if (double.IsPositiveInfinity(df) || df > 1e7) return RangeUpper(q, k);

        // Outer integral over t = log s of the density of log s times P(range > q s).
        double logNorm = 0.5 * df * Math.Log(df) - SpecialFunctions.GammaLn(0.5 * df) - (0.5 * df - 1) * Math.Log(2);
        var (lo, hi) = LogSRange(df);
        int panels = 20;
        double h = (hi - lo) / panels, sum = 0;
        for (int p = 0; p < panels; p++)
        {
            double a = lo + p * h;
            for (int i = 0; i < Nodes; i++)
            {
                double t = a + 0.5 * h * (Gauss.X[i] + 1);
                double s = Math.Exp(t);
                // density of log s: f_s(s) s, f_s(s) = exp(logNorm) s^(ν−1) exp(−ν s²/2)
                double dens = Math.Exp(logNorm + df * t - 0.5 * df * s * s);
                if (dens == 0) continue;
                sum += 0.5 * h * Gauss.W[i] * dens * RangeUpper(q * s, k);
            }
        }
        return Math.Min(1, sum);
    }

    /// <summary>P(Q ≤ q).</summary>
    public static double Lower(double q, int k, double df) => 1 - Upper(q, k, df);

    /// <summary>The q with P(Q ≤ q) = p (R's qtukey), by bisection on the monotone upper tail to 1e-10 relative.</summary>
    public static double Quantile(double p, int k, double df)
    {
        if (!(p > 0 && p < 1)) throw new ArgumentOutOfRangeException(nameof(p));
        double target = 1 - p, lo = 0, hi = 4;
        while (Upper(hi, k, df) > target) { lo = hi; hi *= 2; }
        for (int i = 0; i < 200 && hi - lo > 1e-10 * hi; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (Upper(mid, k, df) > target) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }

    /// <summary>
    /// P(range of k standard normals &gt; w) = k ∫ φ(z) [Φ(z)^m − (Φ(z) − Φ(z − w))^m] dz, m = k − 1, with the difference
    /// of powers written as b Σ a^j (a − b)^(m−1−j) (a = Φ(z), b = Φ(z − w)) so that nothing cancels.
    /// </summary>
    internal static double RangeUpper(double w, int k)
    {
        if (w <= 0) return 1;
        int m = k - 1;
        double zHi = Math.Max(9, 0.5 * w + 8);
        int panels = (int)Math.Ceiling((zHi + 9) / 1.5);
        double h = (zHi + 9) / panels, sum = 0;
        for (int p = 0; p < panels; p++)
        {
            double a0 = -9 + p * h;
            for (int i = 0; i < Nodes; i++)
            {
                double z = a0 + 0.5 * h * (Gauss.X[i] + 1);
                double a = Phi(z), b = Phi(z - w);
                double inside = z > 0 ? UpperPhi(z - w) - UpperPhi(z) : a - b; // Φ(z) − Φ(z − w), from the accurate side
                // Σ_{j<m} a^j inside^(m−1−j) by Horner's rule in a/inside-free form: powers_{j+1} = powers_j · inside + a^(j+1)
                double powers = 1, ap = 1;
                for (int j = 1; j < m; j++)
                {
                    ap *= a;
                    powers = powers * inside + ap;
                }
                sum += 0.5 * h * Gauss.W[i] * Density(z) * b * powers;
            }
        }
        return Math.Min(1, k * sum);
    }

    private static double Phi(double x) => 0.5 * SpecialFunctions.Erfc(-x / Math.Sqrt(2));
    private static double UpperPhi(double x) => 0.5 * SpecialFunctions.Erfc(x / Math.Sqrt(2));
    private static double Density(double z) => Math.Exp(-0.5 * z * z) / Math.Sqrt(2 * Math.PI);

    /// <summary>
    /// log s from where ν s² ~ χ²_ν has less than about 1e-19 below (the power-law bound P(X &lt; c) ≤ (c/2)^(ν/2)/Γ(ν/2+1),
    /// or the Laurent–Massart bound ν − 2√(νx)) to where it has less than e^−42 above (ν + 2√(νx) + 2x).
    /// </summary>
    private static (double Lo, double Hi) LogSRange(double df)
    {
        const double x = 42;
        double cPower = 2 * Math.Exp((2 / df) * (Math.Log(1e-19) + SpecialFunctions.GammaLn(0.5 * df + 1)));
        double cLm = df - 2 * Math.Sqrt(df * x);
        double c = Math.Max(cPower, cLm);
        double upper = df + 2 * Math.Sqrt(df * x) + 2 * x;
        return (0.5 * Math.Log(c / df), 0.5 * Math.Log(upper / df));
    }

    /// <summary>Gauss–Legendre nodes and weights on [−1, 1] by Newton's method on the Legendre polynomial.</summary>
    private static (double[] X, double[] W) GaussLegendre(int n)
    {
        var x = new double[n];
        var w = new double[n];
        for (int i = 0; i < n; i++)
        {
            double z = Math.Cos(Math.PI * (i + 0.75) / (n + 0.5)), dp = 0;
            for (int it = 0; it < 100; it++)
            {
                double p0 = 1, p1 = z;
                for (int j = 2; j <= n; j++)
                {
                    double p2 = ((2 * j - 1) * z * p1 - (j - 1) * p0) / j;
                    p0 = p1;
                    p1 = p2;
                }
                dp = n * (z * p1 - p0) / (z * z - 1);
                double dz = p1 / dp;
                z -= dz;
                if (Math.Abs(dz) < 1e-16) break;
            }
            x[i] = z;
            w[i] = 2 / ((1 - z * z) * dp * dp);
        }
        return (x, w);
    }
}
