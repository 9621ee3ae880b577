namespace Resampling.Engine;

/// <summary>Draws of the fixed and random effects from their joint conditional given θ and σ, with a factor at θ.</summary>
internal static class PlsSampler
{
    /// <summary>
    /// Draws (β, u) from their joint conditional given θ and σ: with u ~ N(0, σ²I) and a flat prior on β the posterior
    /// precision is σ⁻² L L' (L the blocked factor [L_Z 0; L_XZ R_X']) and its mean the PLS solution. Solving
    /// L' x = l_y + σ z (l_y the response row of the factor, z ~ N(0, I)) gives mean + σ L'⁻¹ z in one back-substitution.
    /// <paramref name="z"/> holds, in order, the q1 spherical effects of the first block, the QRest of the others, then p.
    /// No allocation: the sampler calls this once per iteration.
    /// </summary>
    public static void SampleConditional(PlsFactor factor, ReadOnlySpan<double> z, double sigma, Span<double> beta, Span<double> u1,
        Span<double> u2)
    {
        if (!factor.Ok) throw new InvalidOperationException("The factorisation failed at this θ.");
        var cp = factor.Crossproducts;
        int p = cp.P, w = p + 1, q1 = cp.Q1, qr = cp.QRest;
        var l33 = factor.L33;
        var zb = z.Slice(q1 + qr, p);

        // R_X β = l_yX + σ z_β, R_X' being the top-left p×p of L33.
        for (int i = p - 1; i >= 0; i--)
        {
            double s = l33[p * w + i] + sigma * zb[i];
            for (int k = i + 1; k < p; k++) s -= l33[k * w + i] * beta[k];
            beta[i] = s / l33[i * w + i];
        }
        factor.BackSubstituteEffects(beta, sigma, z[..q1], z.Slice(q1, qr), u1, u2);
    }
}
