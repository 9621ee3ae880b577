using Resampling.Engine;
using Resampling.Numerics;
using Resampling.Randomness;

namespace Resampling.Mcmc;

/// <summary>Inverse-Wishart draws IW(df, Ψ), density ∝ |Σ|^(−(df+p+1)/2) exp(−tr(ΨΣ⁻¹)/2), by Bartlett's decomposition. Maths: docs/mcmc.md §2.</summary>
internal static class InverseWishart
{
    /// <summary>
    /// Σ⁻¹ ~ W(df, Ψ⁻¹) = C'⁻¹ A A' C⁻¹ with Ψ = CC' and A Bartlett's lower factor (A_ii² ~ χ²(df − i), A_ij ~ N(0,1) below),
    /// so Σ = M M' with M = C A'⁻¹. Writes Σ (p×p row-major) and returns false if Ψ is not positive definite.
    /// work needs 3p² entries.
    /// </summary>
    public static bool Draw(RandomStream rng, double df, ReadOnlySpan<double> psi, int p, Span<double> sigma, Span<double> work)
    {
        if (p == 1)
        {
            if (!(psi[0] > 0)) return false;
            sigma[0] = psi[0] / rng.NextChiSquare(df);
            return true;
        }
        var c = work[..(p * p)];
        var a = work.Slice(p * p, p * p);
        var m = work.Slice(2 * p * p, p * p);
        psi[..(p * p)].CopyTo(c);
        if (!DenseMath.Cholesky(c, p)) return false;
        a.Clear();
        for (int i = 0; i < p; i++)
        {
            a[i * p + i] = Math.Sqrt(rng.NextChiSquare(df - i));
            for (int j = 0; j < i; j++) a[i * p + j] = rng.NextNormal();
        }
        // Rows of M solve A m_i = c_i (M A' = C, so A M' = C'): forward substitution per row of C.
        for (int i = 0; i < p; i++)
        {
            var row = m.Slice(i * p, p);
            for (int k = 0; k < p; k++) row[k] = c[i * p + k];
            DenseMath.ForwardSolve(a, p, row);
        }
        for (int i = 0; i < p; i++)
            for (int j = 0; j <= i; j++)
            {
                double s = 0;
                for (int k = 0; k < p; k++) s += m[i * p + k] * m[j * p + k];
                sigma[i * p + j] = s;
                sigma[j * p + i] = s;
            }
        return true;
    }
}
