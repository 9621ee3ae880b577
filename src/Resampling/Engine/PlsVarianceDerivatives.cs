using Resampling.Numerics;
namespace Resampling.Engine;

/// <summary>
/// The derivatives in θ that the profiled gradient does not give but Satterthwaite's method needs, at the factor's last
/// θ, for any number of grouping factors (docs/inference.md §1.1). With W = M⁻¹Λ'Z'X (so Λ'G = W), G = Z'X − Z'ZΛW =
/// Z'H⁻¹X, e the PLS residual and û the modes, for θ_k at (r, c) of a block's T, summed over that block's levels l:
/// <code>
///   ∂r²/∂θ_k          = −2 Σ_l (Z'e)_l[r] û_l[c]
///   ∂(R_X'R_X)/∂θ_k   = −Σ_l ( G_l[r,·]' W_l[c,·] + W_l[c,·]' G_l[r,·] )
/// </code>
/// r² is the penalised RSS: with it the unprofiled deviance's gradient and Hessian in (θ, σ) follow from the profiled
/// criterion's (<see cref="PlsMultiFactorGradient.For"/>), and the second is the derivative of vcov(β̂) = σ²(R_X'R_X)⁻¹.
/// Both cost p + 1 solves with the factor and one product with the stored Z'Z: no pass over the rows. The first steps
/// (W, ΛW, G) are those of <see cref="PlsMultiFactorGradient"/>, kept apart here so that the optimiser's hot path does
/// not carry this type's extra outputs. Holds its workspace: one instance per factor (per thread).
/// </summary>
internal sealed class PlsVarianceDerivatives
{
    private readonly PlsFactor _factor;
    private readonly Crossproducts _cp;
    private readonly int _q;
    // (q × w) row-major, rows in Z's column order (first block, then the rest rows): W, ΛW and G, as in the gradient.
    private readonly double[] _w, _lw, _g, _u2, _beta;

    public PlsVarianceDerivatives(PlsFactor factor)
    {
        _factor = factor;
        _cp = factor.Crossproducts;
        int w = _cp.P + 1;
        _q = _cp.Q1 + _cp.QRest;
        _w = new double[_q * w];
        _lw = new double[_q * w];
        _g = new double[_q * w];
        _u2 = new double[(_cp.P + 1) * _cp.QRest];
        _beta = new double[_cp.P];
    }

    /// <summary>
    /// At the last factored θ: ∂r²/∂θ into <paramref name="residualGradient"/> (ThetaCount values) and ∂(R_X'R_X)/∂θ_k
    /// into <paramref name="informationDerivatives"/>[k] (p×p row-major). False when the last factorisation failed.
    /// </summary>
    public bool TryCompute(Span<double> residualGradient, double[][] informationDerivatives)
    {
        if (!_factor.Ok) return false;
        var cp = _cp;
        int p = cp.P, w = p + 1;
        _factor.FixedEffects(_beta);
        SolveEffects();
        ApplyLambda();
        Residualise();
        residualGradient[..cp.ThetaCount].Clear();
        foreach (var d in informationDerivatives) Array.Clear(d);
        var beta = _beta;
        for (int b = 0; b < cp.Blocks.Count; b++)
        {
            int s = cp.Blocks[b].Size;
            int first = b == 0 ? 0 : cp.Q1 + cp.RestOffsets[b];
            var positions = cp.Blocks[b].ThetaPositions;
            for (int l = 0; l < cp.Blocks[b].LevelCount; l++)
            {
                int o = first + l * s;
                foreach (var (r, c, k) in positions)
                {
                    int gr = (o + r) * w, wc = (o + c) * w;
                    double u = _w[wc + p], ze = _g[gr + p];
                    for (int i = 0; i < p; i++) { u -= _w[wc + i] * beta[i]; ze -= _g[gr + i] * beta[i]; }
                    residualGradient[k] -= 2 * ze * u;
                    var dA = informationDerivatives[k];
                    for (int i = 0; i < p; i++)
                    {
                        double gi = _g[gr + i], wi = _w[wc + i];
                        for (int j = 0; j < p; j++) dA[i * p + j] -= gi * _w[wc + j] + wi * _g[gr + j];
                    }
                }
            }
        }
        return true;
    }

    /// <summary>W = M⁻¹Λ'Z'[X y]: L_Z' W = L_XZ', the rest rows first (one solve per column), then the first block.</summary>
    private void SolveEffects()
    {
        var cp = _cp;
        int p = cp.P, w = p + 1, p1 = cp.P1, qr = cp.QRest, q1 = cp.Q1;
        var l11 = _factor.L11;
        var l21 = _factor.L21;
        var l31 = _factor.L31;
        var l32 = _factor.L32;
        var wAll = _w;
        if (qr > 0)
        {
            // All w back-solves in one pass over L22 (a supernode at a time on the sparse path).
            var many = _u2.AsSpan(0, w * qr);
            l32.Slice(0, w * qr).CopyTo(many);
            _factor.BackSolveRestTransposedMany(many, w);
            for (int k = 0; k < w; k++)
                for (int r = 0; r < qr; r++) wAll[(q1 + r) * w + k] = many[k * qr + r];
        }
        Span<double> c = stackalloc double[p1];
        var rest = cp.Rest;
        for (int j = 0; j < cp.L1; j++)
        {
            int o31 = j * w * p1;
            int r0 = qr > 0 ? rest.FirstRowStart[j] : 0, r1 = qr > 0 ? rest.FirstRowStart[j + 1] : 0;
            var lj = l11.Slice(j * p1 * p1, p1 * p1);
            for (int k = 0; k < w; k++)
            {
                for (int a = 0; a < p1; a++)
                {
                    double s = l31[o31 + k * p1 + a];
                    for (int t = r0; t < r1; t++) s -= l21[t * p1 + a] * wAll[(q1 + rest.FirstRows[t]) * w + k];
                    c[a] = s;
                }
                DenseMath.BackSolveTransposed(lj, p1, c);
                for (int a = 0; a < p1; a++) wAll[(j * p1 + a) * w + k] = c[a];
            }
        }
    }

    /// <summary>ΛW, level by level: T times each level's rows.</summary>
    private void ApplyLambda()
    {
        var cp = _cp;
        int w = cp.P + 1;
        for (int b = 0; b < cp.Blocks.Count; b++)
        {
            int s = cp.Blocks[b].Size;
            var t = _factor.BlockFactor(b);
            int first = b == 0 ? 0 : cp.Q1 + cp.RestOffsets[b];
            for (int l = 0; l < cp.Blocks[b].LevelCount; l++)
            {
                int o = (first + l * s) * w;
                for (int a = 0; a < s; a++)
                    for (int k = 0; k < w; k++)
                    {
                        double sum = 0;
                        for (int d = 0; d <= a; d++) sum += t[a * s + d] * _w[o + d * w + k];
                        _lw[o + a * w + k] = sum;
                    }
            }
        }
    }

    /// <summary>G = Z'[X y] − Z'Z (ΛW), Z'Z applied from its stored blocks (first block, links, rest pairs).</summary>
    private void Residualise()
    {
        var cp = _cp;
        int w = cp.P + 1, p1 = cp.P1, q1 = cp.Q1, qr = cp.QRest;
        var g = _g;
        var lw = _lw;
        Array.Copy(cp.ZXy1, g, cp.ZXy1.Length);
        if (qr > 0) Array.Copy(cp.ZrXy, 0, g, q1 * w, cp.ZrXy.Length);
        var rest = cp.Rest;
        for (int j = 0; j < cp.L1; j++)
        {
            int o = j * p1;
            var zz = cp.ZZ1.AsSpan(j * p1 * p1, p1 * p1);
            for (int a = 0; a < p1; a++)
                for (int b = 0; b < p1; b++)
                {
                    double z = zz[a * p1 + b];
                    if (z == 0) continue;
                    for (int k = 0; k < w; k++) g[(o + a) * w + k] -= z * lw[(o + b) * w + k];
                }
            if (qr == 0) continue;
            for (int t = rest.FirstRowStart[j]; t < rest.FirstRowStart[j + 1]; t++)
            {
                int row = q1 + rest.FirstRows[t];
                for (int a = 0; a < p1; a++)
                {
                    double z = cp.ZrZ1[t * p1 + a];
                    if (z == 0) continue;
                    for (int k = 0; k < w; k++)
                    {
                        g[row * w + k] -= z * lw[(o + a) * w + k];
                        g[(o + a) * w + k] -= z * lw[row * w + k];
                    }
                }
            }
        }
        if (qr == 0) return;
        var zrzr = cp.ZrZr;
        for (int u = 0; u < rest.LevelCount; u++)
        {
            int su = rest.LevelSize(u), ru = q1 + rest.LevelRow[u];
            for (int pk = rest.PairStart[u]; pk < rest.PairStart[u + 1]; pk++)
            {
                int v = rest.PairLevel[pk], sv = rest.LevelSize(v), rv = q1 + rest.LevelRow[v], o = rest.PairValueStart[pk];
                for (int a = 0; a < su; a++)
                    for (int b = 0; b < sv; b++)
                    {
                        double z = zrzr[o + a * sv + b];
                        if (z == 0) continue;
                        for (int k = 0; k < w; k++) g[(ru + a) * w + k] -= z * lw[(rv + b) * w + k];
                        if (u != v)
                            for (int k = 0; k < w; k++) g[(rv + b) * w + k] -= z * lw[(ru + a) * w + k];
                    }
            }
        }
    }
}
