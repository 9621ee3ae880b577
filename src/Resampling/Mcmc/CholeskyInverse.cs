namespace Resampling.Mcmc;

/// <summary>Entries of Σ⁻¹ from L = chol(Σ), as the priors' conditionals and the moves need them.</summary>
internal static class CholeskyInverse
{
    /// <summary>(Σ⁻¹)_rr = ‖L⁻¹e_r‖², by forward substitution from row r (the entries above are zero); work holds p values.</summary>
    public static double Diagonal(ReadOnlySpan<double> l, int p, int r, Span<double> work)
    {
        var x = work[..p];
        double s = 0;
        for (int i = r; i < p; i++)
        {
            double v = i == r ? 1 : 0;
            for (int k = r; k < i; k++) v -= l[i * p + k] * x[k];
            v /= l[i * p + i];
            x[i] = v;
            s += v * v;
        }
        return s;
    }
}
