using Resampling.Numerics;
namespace Resampling.Engine;

internal sealed partial class PlsFactor
{
    /// <summary>
    /// Draws (β, u) from their joint conditional given θ and σ: with u ~ N(0, σ²I) and a flat prior on β the posterior
    /// precision is σ⁻² L L' (L the blocked factor [L_Z 0; L_XZ R_X']) and its mean the PLS solution. Solving
    /// L' x = l_y + σ z (l_y the response row of the factor, z ~ N(0, I)) gives mean + σ L'⁻¹ z in one back-substitution.
    /// <paramref name="z"/> holds, in order, the q1 spherical effects of the first block, the QRest of the others, then p.
    /// No allocation: the sampler calls this once per iteration.
    /// </summary>
    public void SampleConditional(ReadOnlySpan<double> z, double sigma, Span<double> beta, Span<double> u1, Span<double> u2)
    {
        if (!Ok) throw new InvalidOperationException("The factorisation failed at this θ.");
        var cp = _cp;
        int p = cp.P, w = p + 1, p1 = cp.P1, qr = cp.QRest, q1 = cp.Q1;
        var z1 = z[..q1];
        var z2 = z.Slice(q1, qr);
        var zb = z.Slice(q1 + qr, p);

        // R_X β = l_yX + σ z_β, R_X' being the top-left p×p of L33.
        for (int i = p - 1; i >= 0; i--)
        {
            double s = _l33[p * w + i] + sigma * zb[i];
            for (int k = i + 1; k < p; k++) s -= _l33[k * w + i] * beta[k];
            beta[i] = s / _l33[i * w + i];
        }

        for (int r = 0; r < qr; r++)
        {
            double s = _l32[p * qr + r] + sigma * z2[r];
            for (int k = 0; k < p; k++) s -= _l32[k * qr + r] * beta[k];
            u2[r] = s;
        }
        if (qr > 0) DenseMath.BackSolveTransposed(_l22, qr, u2);

        for (int j = 0; j < cp.L1; j++)
        {
            var c = u1.Slice(j * p1, p1);
            int o31 = j * w * p1, o21 = j * qr * p1;
            for (int a = 0; a < p1; a++)
            {
                double s = _l31[o31 + p * p1 + a] + sigma * z1[j * p1 + a];
                for (int k = 0; k < p; k++) s -= _l31[o31 + k * p1 + a] * beta[k];
                for (int r = 0; r < qr; r++) s -= _l21[o21 + r * p1 + a] * u2[r];
                c[a] = s;
            }
            if (p1 == 1) c[0] /= _l11[j];
            else DenseMath.BackSolveTransposed(_l11.AsSpan(j * p1 * p1, p1 * p1), p1, c);
        }
    }
}
