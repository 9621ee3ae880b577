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
/// Both cost p + 1 solves with the factor and one product with the stored Z'Z: no pass over the rows; the first steps
/// (W, ΛW, G) are <see cref="PlsEffectSolves"/>, as in <see cref="PlsMultiFactorGradient"/>. Holds its workspace: one
/// instance per factor (per thread).
/// </summary>
internal sealed class PlsVarianceDerivatives
{
    private readonly PlsFactor _factor;
    private readonly Crossproducts _cp;
    private readonly PlsEffectSolves _solves;

    public PlsVarianceDerivatives(PlsFactor factor)
    {
        _factor = factor;
        _cp = factor.Crossproducts;
        _solves = new PlsEffectSolves(factor);
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
        _solves.Compute();
        double[] wm = _solves.W, gm = _solves.G;
        residualGradient[..cp.ThetaCount].Clear();
        foreach (var d in informationDerivatives) Array.Clear(d);
        var beta = _solves.Beta;
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
                    double u = wm[wc + p], ze = gm[gr + p];
                    for (int i = 0; i < p; i++) { u -= wm[wc + i] * beta[i]; ze -= gm[gr + i] * beta[i]; }
                    residualGradient[k] -= 2 * ze * u;
                    var dA = informationDerivatives[k];
                    for (int i = 0; i < p; i++)
                    {
                        double gi = gm[gr + i], wi = wm[wc + i];
                        for (int j = 0; j < p; j++) dA[i * p + j] -= gi * wm[wc + j] + wi * gm[gr + j];
                    }
                }
            }
        }
        return true;
    }
}
