namespace Resampling.Mcmc;

/// <summary>
/// η (lower triangle of L = chol(Σ) by column, log on the diagonal) ↔ ζ (log sd on the diagonal positions, atanh of the
/// canonical partial correlations off it; Lewandowski, Kurowicka &amp; Joe 2009, as in Stan's cholesky_corr transform),
/// one term of p columns at a time, with log|∂η/∂ζ|. Row i of L is s_i w_i with w_i a unit vector:
/// w_i1 = z_i1, w_ij = z_ij √(1 − Σ_(k&lt;j) w_ik²), w_ii = √(1 − Σ_(k&lt;i) w_ik²), z = tanh(y). The collapsed move's
/// proposal lives in ζ: there a weakly identified slope's correlation is nearly independent of its sd, where L's
/// off-diagonal funnels into the small-variance neck (HSB: its sd shrinks 5.5× there, atanh ρ's 2.3×).
/// Maths: docs/mcmc.md §4.
/// </summary>
internal static class SdCorrelationTransform
{
    /// <summary>ζ from η for one term (both laid out like θ from <paramref name="offset"/>); returns log|∂η/∂ζ|.
    /// <paramref name="work"/> needs p entries.</summary>
    public static double ToZeta(ReadOnlySpan<double> eta, Span<double> zeta, int offset, int p, Span<double> work)
    {
        double logJ = 0;
        var row = work[..p];
        for (int i = 0; i < p; i++)
        {
            double s2 = 0;
            for (int j = 0; j <= i; j++)
            {
                double v = j == i ? Math.Exp(eta[offset + Index(p, i, i)]) : eta[offset + Index(p, i, j)];
                row[j] = v;
                s2 += v * v;
            }
            double s = Math.Sqrt(s2), lii = row[i];
            zeta[offset + Index(p, i, i)] = Math.Log(s);
            double used = 0;
            for (int j = 0; j < i; j++)
            {
                double w = row[j] / s, rest = 1 - used;
                double z = w / Math.Sqrt(rest);
                zeta[offset + Index(p, i, j)] = Math.Atanh(z);
                logJ += 0.5 * Math.Log(rest) + Math.Log(1 - z * z);
                used += w * w;
            }
            logJ += (i + 1) * Math.Log(s) - Math.Log(lii / s) - Math.Log(lii);
        }
        return logJ;
    }

    /// <summary>η from ζ for one term; returns log|∂η/∂ζ|, or NaN when a partial correlation rounds to ±1.</summary>
    public static double ToEta(ReadOnlySpan<double> zeta, Span<double> eta, int offset, int p)
    {
        double logJ = 0;
        for (int i = 0; i < p; i++)
        {
            double logS = zeta[offset + Index(p, i, i)], s = Math.Exp(logS);
            double used = 0;
            for (int j = 0; j < i; j++)
            {
                double z = Math.Tanh(zeta[offset + Index(p, i, j)]), rest = 1 - used;
                double w = z * Math.Sqrt(rest);
                eta[offset + Index(p, i, j)] = s * w;
                logJ += 0.5 * Math.Log(rest) + Math.Log(1 - z * z);
                used += w * w;
            }
            double wii = Math.Sqrt(1 - used);
            if (!(wii > 0) || !(1 - used > 1e-300)) return double.NaN;
            eta[offset + Index(p, i, i)] = logS + Math.Log(wii);
            logJ += (i + 1) * logS - Math.Log(wii) - (logS + Math.Log(wii));
        }
        return double.IsFinite(logJ) ? logJ : double.NaN;
    }

    /// <summary>Position of (r, c), r ≥ c, in the lower triangle by column.</summary>
    private static int Index(int p, int r, int c) => c * p - c * (c - 1) / 2 + (r - c);
}
