using Resampling.Numerics;
namespace Resampling.Engine;

/// <summary>
/// Prediction-error covariances of the random effects from the blocked factor, for the ranking module. With A = [Λ'Z'ZΛ + I, Λ'Z'X; X'ZΛ, X'X] = L L' (L the blocked factor without the y row), the prediction errors
/// (û − u, β̂ − β) have covariance σ² A⁻¹ (Henderson's C⁻¹), so a functional g has error variance σ² ‖L⁻¹g‖²: one
/// forward solve per functional, no q×q inverse. lme4's condVar is the same with β known (the β rows of L dropped).
/// </summary>
internal static class PredictionErrors
{
    /// <summary>
    /// Unscaled (multiply by σ²) covariance of the prediction errors of φ_l = effectCoef'·b_l + fixedCoef'·β over the
    /// levels l of block <paramref name="block"/>, where b_l is that level's random-effects vector (block columns, in
    /// the block's order). With <paramref name="includeFixed"/> false, β is treated as known (as lme4's condVar does)
    /// and <paramref name="fixedCoef"/> is ignored.
    /// </summary>
    public static double[,] Covariance(PlsFactor factor, int block, ReadOnlySpan<double> effectCoef, ReadOnlySpan<double> fixedCoef, bool includeFixed) =>
        Structured(factor, block, effectCoef, fixedCoef, includeFixed).ToDense();

    /// <summary>
    /// The same covariance as diag(d) + U U' (d: each level's own part, nonzero for the first block only; U: the rest
    /// blocks' and, with <paramref name="includeFixed"/>, the fixed effects' parts): O(levels · (QRest + p)) memory.
    /// </summary>
    public static DiagonalPlusLowRank Structured(PlsFactor factor, int block, ReadOnlySpan<double> effectCoef, ReadOnlySpan<double> fixedCoef, bool includeFixed)
    {
        if (!factor.Ok) throw new InvalidOperationException("The factorisation failed at this θ.");
        var cp = factor.Crossproducts;
        var l32 = factor.L32;
        var blk = cp.Blocks[block];
        int size = blk.Size, levels = blk.LevelCount, p = cp.P, w = p + 1, p1 = cp.P1, qr = cp.QRest;
        if (effectCoef.Length != size) throw new ArgumentException($"Block {block} has {size} columns, {effectCoef.Length} coefficients given.");
        if (includeFixed && fixedCoef.Length != p) throw new ArgumentException($"The model has {p} fixed effects, {fixedCoef.Length} coefficients given.");
        var t = factor.BlockFactor(block);
        // g on the spherical scale: b = T u, so c'b = (T'c)'u.
        var gu = new double[size];
        for (int a = 0; a < size; a++)
        {
            double s = 0;
            for (int k = a; k < size; k++) s += t[k * size + a] * effectCoef[k];
            gu[a] = s;
        }
        var y1 = block == 0 ? new double[levels * p1] : [];
        // U's rows: [the rest blocks' part (qr) | the fixed effects' part (p)], filled in place.
        int rank = qr + (includeFixed ? p : 0);
        var u = new double[(long)levels * rank];
        var rx = includeFixed ? factor.FixedFactor() : [];
        for (int l = 0; l < levels; l++)
        {
            var v1 = block == 0 ? y1.AsSpan(l * p1, p1) : Span<double>.Empty;
            var v2 = u.AsSpan(l * rank, qr);
            if (block == 0)
            {
                gu.CopyTo(v1);
                DenseMath.ForwardSolve(factor.L11.Slice(l * p1 * p1, p1 * p1), p1, v1);
                if (qr > 0)
                {
                    var rest = cp.Rest;
                    int r0 = rest.FirstRowStart[l], nr = rest.FirstRowStart[l + 1] - r0;
                    var l21 = factor.L21.Slice(r0 * p1, nr * p1);
                    for (int i = 0; i < nr; i++)
                    {
                        double s = 0;
                        for (int a = 0; a < p1; a++) s -= l21[i * p1 + a] * v1[a];
                        v2[rest.FirstRows[r0 + i]] = s;
                    }
                }
            }
            else
            {
                int baseIndex = cp.RestOffsets[block] + l * size;
                for (int a = 0; a < size; a++) v2[baseIndex + a] = gu[a];
            }
            if (qr > 0) factor.ForwardSolveRest(v2);
            if (!includeFixed) continue;
            var vb = u.AsSpan(l * rank + qr, p);
            var l31 = block == 0 ? factor.L31.Slice(l * w * p1, w * p1) : default;
            for (int k = 0; k < p; k++)
            {
                double s = fixedCoef[k];
                if (block == 0) for (int c = 0; c < p1; c++) s -= l31[k * p1 + c] * v1[c];
                for (int r = 0; r < qr; r++) s -= l32[k * qr + r] * v2[r];
                vb[k] = s;
            }
            DenseMath.ForwardSolve(rx, p, vb);
        }
        // The first block's parts overlap only within a level: the covariance is diagonal plus low rank (qr + p). Σ is
        // kept in that form (U = [y2 | yb] per level) so that ranking many groups never needs the levels × levels matrix.
        var d = new double[levels];
        if (block == 0)
            for (int l = 0; l < levels; l++)
            {
                double s = 0;
                for (int a = 0; a < p1; a++) s += y1[l * p1 + a] * y1[l * p1 + a];
                d[l] = s;
            }
        return new DiagonalPlusLowRank(d, u, rank);
    }
}
