using MathNet.Numerics.LinearAlgebra;
using Resampling.Engine;
using Resampling.Numerics;

namespace Resampling.Inference;

/// <summary>
/// What Satterthwaite's approximation needs from a fit, computed once (lmerTest's as_lmerModLmerTest): with the variance
/// parameters φ = (θ, σ), the asymptotic covariance A = 2H⁻¹ of φ̂ (H the Hessian of the deviance not profiled over σ,
/// or of the REML criterion for REML fits) and the derivatives J_i = ∂C/∂φ_i of C(φ) = σ²(R_X'R_X)⁻¹.
/// As lmerTest, H is inverted on its positive eigenvalues only (> 1e-8), so singular fits, where θ̂ sits on its bound,
/// still give an answer. The derivatives come from the factorisation (<see cref="VarianceParameterDerivatives"/>).
/// Maths: docs/inference.md §1.
/// </summary>
internal sealed class SatterthwaiteApproximation
{
    private const double EigenTolerance = 1e-8;

    public SatterthwaiteApproximation(LinearMixedModel m) : this(m, VarianceParameterDerivatives.Analytic(m)) { }

    /// <summary>From derivatives made elsewhere: the tests compare the analytic ones with numDeriv's scheme.</summary>
    internal SatterthwaiteApproximation(LinearMixedModel m, VarianceParameterDerivatives derivatives)
    {
        int p = m.FixedEffects.Count, k = m.Theta.Count + 1;
        VcovBeta = m.FixedCovariance.ToArray();
        var hessian = derivatives.Hessian;
        if (!hessian.Cast<double>().All(double.IsFinite))
            throw new Model.ModelException("Satterthwaite's method failed: the deviance is not finite near the estimates.");

        var evd = Matrix<double>.Build.DenseOfArray(hessian).Evd(Symmetricity.Symmetric);
        var warnings = new List<string>();
        var values = evd.EigenValues.Select(c => c.Real).ToArray();
        var negative = values.Where(v => v < -EigenTolerance).ToArray();
        var zero = values.Where(v => Math.Abs(v) <= EigenTolerance).ToArray();
        if (negative.Length > 0)
            warnings.Add($"Model failed to converge with {negative.Length} negative eigenvalue{(negative.Length > 1 ? "s" : "")}: {string.Join(" ", negative.Select(Sci))}");
        if (zero.Length > 0)
            warnings.Add($"Model may not have converged with {zero.Length} eigenvalue{(zero.Length > 1 ? "s" : "")} close to zero: {string.Join(" ", zero.Select(Sci))}");
        var a = new double[k, k];
        for (int e = 0; e < k; e++)
        {
            if (!(values[e] > EigenTolerance)) continue;
            for (int r = 0; r < k; r++)
                for (int c = 0; c < k; c++)
                    a[r, c] += 2 * evd.EigenVectors[r, e] * evd.EigenVectors[c, e] / values[e];
        }
        VcovVarpar = a;
        Warnings = warnings;

        Jacobians = derivatives.Jacobians.Select(j => ToMatrix(j, p)).ToArray();
    }

    public double[,] VcovBeta { get; }
    public double[,] VcovVarpar { get; }
    public double[][,] Jacobians { get; }
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Variance of Lβ̂ and its Satterthwaite df (lmerTest's contest1D).</summary>
    public (double Variance, double Df) Contrast(double[] l)
    {
        double f = Linear.QuadraticForm(l, VcovBeta);
        var g = Jacobians.Select(j => Linear.QuadraticForm(l, j)).ToArray();
        double denom = Linear.QuadraticForm(g, VcovVarpar);
        return (f, 2 * f * f / denom);
    }

    /// <summary>
    /// F test of Lβ = 0 (lmerTest's contestMD): L is rotated onto the eigenvectors of LCL', each rotated row gets its
    /// own Satterthwaite df ν_m, and the F statistic's df is 2E/(E − q) with E = Σ ν_m/(ν_m − 2).
    /// </summary>
    public (double F, int NumDf, double DenDf) FTest(double[][] l, double[] beta)
    {
        var (rows, d) = Linear.EigenRotate(l, VcovBeta);
        int q = rows.Length;
        if (q == 0) return (double.NaN, 0, double.NaN);
        if (q == 1)
        {
            var (v, df) = Contrast(rows[0]);
            double est = DenseMath.Dot(rows[0], beta);
            return (est * est / v, 1, df);
        }
        double f = 0;
        var nu = new double[q];
        for (int m = 0; m < q; m++)
        {
            double e = DenseMath.Dot(rows[m], beta);
            f += e * e / d[m];
            var g = Jacobians.Select(j => Linear.QuadraticForm(rows[m], j)).ToArray();
            nu[m] = 2 * d[m] * d[m] / Linear.QuadraticForm(g, VcovVarpar);
        }
        return (f / q, q, CombinedDf(nu));
    }

    /// <summary>lmerTest's get_Fstat_ddf.</summary>
    internal static double CombinedDf(double[] nu)
    {
        if (nu.Length == 1) return nu[0];
        bool equal = true;
        for (int i = 1; i < nu.Length; i++) if (Math.Abs(nu[i] - nu[i - 1]) >= 1e-8) equal = false;
        if (equal) return nu.Average();
        if (nu.Any(v => v <= 2)) return 2;
        double e = nu.Sum(v => v / (v - 2));
        return 2 * e / (e - nu.Length);
    }

    private static string Sci(double v) => v.ToString("0.0e+00", System.Globalization.CultureInfo.InvariantCulture);

    private static double[,] ToMatrix(double[] v, int p)
    {
        var m = new double[p, p];
        for (int a = 0; a < p; a++) for (int b = 0; b < p; b++) m[a, b] = v[a * p + b];
        return m;
    }
}
