using Resampling.Numerics;
using Resampling.Optimization;
namespace Resampling.Engine;

/// <summary>
/// The analytic gradient of the profiled REML criterion or ML deviance in θ, for models with one grouping factor (the
/// usual case, and the one the bootstrap refits thousands of times). With H = I + ZΛΛ'Z', A = X'H⁻¹X = R_X R_X',
/// r = y − Xβ̂ and r² = r'H⁻¹r (the penalised RSS), the objective is log|H| + [log|A|] + m·log r² + const (m = n − p
/// for REML, n for ML), and since ΛΛ' is block diagonal with the same block TT' for every level j,
/// <code>
///   ∂/∂θ_k = tr(D_k C),   D_k = E_k T' + T E_k',   E_k = ∂T/∂θ_k,
///   C = Σ_j [ Z_j'H_j⁻¹Z_j − V_j A⁻¹ V_j' − (m / r²) w_j w_j' ],   V_j = Z_j'H_j⁻¹X_j,   w_j = Z_j'H_j⁻¹r_j
/// </code>
/// (the A term for REML only; β̂ needs no derivative because it minimises r²). With M_j = T'G_jT + I = L11_j L11_j' and
/// G_j = Z_j'Z_j, H_j⁻¹ = I − Z_j T M_j⁻¹ T' Z_j', so every term is q×q or q×(p+1) per level and comes from the
/// factorisation already made for the objective: a gradient costs about one more evaluation instead of the 2k of
/// central differences. tr(D_k C) = 2 (C T)[r, c] for θ_k at (r, c) of T.
/// </summary>
internal sealed class PlsGradient(PlsFactor factor)
{
    private readonly PlsFactor _factor = factor;
    private double[]? _gradWork;

    /// <summary>True when <see cref="TryGradient(bool, Span{double})"/> can work: one grouping factor (no dense second block).</summary>
    public bool HasAnalyticGradient => _factor.Crossproducts.QRest == 0 && _factor.Crossproducts.Blocks.Count == 1;

    /// <summary>
    /// The gradient of <see cref="PlsFactor.Objective"/> at θ, factoring again unless the factor is already at θ (as in
    /// an optimiser, which asks for the gradient where it has just evaluated); <see cref="PlsFactor.FactoredAt"/> knows
    /// when the response was rewritten since.
    /// </summary>
    public bool TryGradient(ReadOnlySpan<double> theta, bool reml, Span<double> gradient)
    {
        if (!HasAnalyticGradient) return false;
        if (!_factor.FactoredAt(theta)) _factor.Factor(theta);
        return TryGradient(reml, gradient);
    }

    /// <summary>The optimiser's view of <see cref="TryGradient(ReadOnlySpan{double}, bool, Span{double})"/>; null when unavailable.</summary>
    public GradientFunction? Function(bool reml) =>
        HasAnalyticGradient ? (x, g) => TryGradient(x, reml, g) : null;

    /// <summary>
    /// Writes the gradient of <see cref="PlsFactor.Objective"/> at the last factored θ into <paramref name="gradient"/>. False when
    /// the model has more than one grouping factor or the last factorisation failed.
    /// </summary>
    public bool TryGradient(bool reml, Span<double> gradient)
    {
        if (!HasAnalyticGradient || !_factor.Ok) return false;
        var cp = _factor.Crossproducts;
        int q = cp.P1, p = cp.P, w = p + 1;
        int need = p + 4 * q * q + 2 * q * w + q * p;
        if (_gradWork is null || _gradWork.Length < need) _gradWork = new double[need];
        var work = _gradWork.AsSpan();
        var beta = work[..p];
        var c = work.Slice(p, q * q);
        var gt = work.Slice(p + q * q, q * q);
        var et = work.Slice(p + 2 * q * q, q * q);
        var ct = work.Slice(p + 3 * q * q, q * q);
        var qt = work.Slice(p + 4 * q * q, w * q);
        var u = work.Slice(p + 4 * q * q + w * q, q * w);
        var z = work.Slice(p + 4 * q * q + 2 * w * q, q * p);

        _factor.FixedEffects(beta);
        double m = reml ? cp.N - p : cp.N;
        double wScale = m / _factor.Pwrss;
        var t = _factor.BlockFactor(0);
        var l33 = _factor.L33;
        c.Clear();
        Span<double> wj = stackalloc double[q];
        if (q == 1) AccumulateScalarLevels(reml, wScale, beta, z, c);
        else if (q == 2) AccumulatePairLevels(reml, wScale, beta, z, c);
        else for (int j = 0; j < cp.L1; j++)
        {
            var g = cp.ZZ1.AsSpan(j * q * q, q * q);
            var zxy = cp.ZXy1.AsSpan(j * q * w, q * w);
            var l11 = _factor.L11.Slice(j * q * q, q * q);
            var l31 = _factor.L31.Slice(j * w * q, w * q);

            // GT = G T; E = L11⁻¹ (GT)' held by columns (row a of et is column a of E), so G T M⁻¹ T' G = E'E.
            for (int a = 0; a < q; a++)
                for (int b = 0; b < q; b++)
                {
                    double s = 0;
                    for (int k = b; k < q; k++) s += g[a * q + k] * t[k * q + b];
                    gt[a * q + b] = s;
                }
            gt.CopyTo(et);
            for (int a = 0; a < q; a++) DenseMath.ForwardSolve(l11, q, et.Slice(a * q, q));

            // Q = L11⁻ᵀ L31_j' held by columns (row k of qt is column k of Q), so M⁻¹T'[Zx Zy] = Q and
            // U = Z_j'H_j⁻¹[X y] = Zxy − G T Q.
            l31.CopyTo(qt);
            for (int k = 0; k < w; k++) DenseMath.BackSolveTransposed(l11, q, qt.Slice(k * q, q));
            for (int a = 0; a < q; a++)
                for (int k = 0; k < w; k++)
                {
                    double s = zxy[a * w + k];
                    for (int b = 0; b < q; b++) s -= gt[a * q + b] * qt[k * q + b];
                    u[a * w + k] = s;
                }

            for (int a = 0; a < q; a++)
            {
                double s = u[a * w + p];
                for (int k = 0; k < p; k++) s -= u[a * w + k] * beta[k];
                wj[a] = s;
            }
            if (reml)
            {
                // V A⁻¹ V' = Z'Z with rows z_a = R_X⁻¹ v_a (R_X is L33's top-left block, row stride w).
                for (int a = 0; a < q; a++)
                {
                    var za = z.Slice(a * p, p);
                    for (int i = 0; i < p; i++)
                    {
                        double s = u[a * w + i];
                        for (int k = 0; k < i; k++) s -= l33[i * w + k] * za[k];
                        za[i] = s / l33[i * w + i];
                    }
                }
            }
            for (int a = 0; a < q; a++)
                for (int b = 0; b <= a; b++)
                {
                    double s = g[a * q + b] - wScale * wj[a] * wj[b];
                    for (int k = 0; k < q; k++) s -= et[a * q + k] * et[b * q + k];
                    if (reml)
                        for (int k = 0; k < p; k++) s -= z[a * p + k] * z[b * p + k];
                    c[a * q + b] += s;
                }
        }
        for (int a = 0; a < q; a++)
            for (int b = a + 1; b < q; b++) c[a * q + b] = c[b * q + a];

        for (int a = 0; a < q; a++)
            for (int b = 0; b < q; b++)
            {
                double s = 0;
                for (int k = b; k < q; k++) s += c[a * q + k] * t[k * q + b];
                ct[a * q + b] = s;
            }
        foreach (var (r, col, k) in cp.Blocks[0].ThetaPositions) gradient[k] = 2 * ct[r * q + col];
        return true;
    }

    /// <summary>The per-level sum C for a random intercept alone (1×1 blocks), in scalar code as the pair case below.</summary>
    private void AccumulateScalarLevels(bool reml, double wScale, ReadOnlySpan<double> beta, Span<double> z, Span<double> c)
    {
        var cp = _factor.Crossproducts;
        int p = cp.P, w = p + 1;
        double t = _factor.BlockFactor(0)[0];
        var zz1 = cp.ZZ1;
        var zxy = cp.ZXy1;
        var l11 = _factor.L11;
        var l31 = _factor.L31;
        var l33 = _factor.L33;
        Span<double> rxInverseDiagonal = stackalloc double[p];
        for (int i = 0; i < p; i++) rxInverseDiagonal[i] = 1 / l33[i * w + i];
        double sum = 0;
        for (int j = 0; j < cp.L1; j++)
        {
            double g = zz1[j], id = 1 / l11[j];
            double gt = g * t, e = gt * id;
            double acc = g - e * e;
            // U = Zxy − G T Q, Q = L31_j / L11_j (1×1)
            int o = j * w;
            double wj = 0;
            for (int k = 0; k <= p; k++)
            {
                double u = zxy[o + k] - e * l31[o + k];
                if (k < p) { wj -= u * beta[k]; z[k] = u; }
                else wj += u;
            }
            acc -= wScale * wj * wj;
            if (reml)
            {
                double s = 0;
                for (int i = 0; i < p; i++)
                {
                    double a = z[i];
                    int ri = i * w;
                    for (int k = 0; k < i; k++) a -= l33[ri + k] * z[k];
                    a *= rxInverseDiagonal[i];
                    z[i] = a;
                    s += a * a;
                }
                acc -= s;
            }
            sum += acc;
        }
        c[0] = sum;
    }

    /// <summary>
    /// The per-level sum C for 2×2 blocks (random intercept and slope) in scalar code, the bootstrap's common case: the
    /// general loop's span slicing costs several times its arithmetic at this size. Same algebra, same order.
    /// </summary>
    private void AccumulatePairLevels(bool reml, double wScale, ReadOnlySpan<double> beta, Span<double> zrow, Span<double> c)
    {
        var cp = _factor.Crossproducts;
        int p = cp.P, w = p + 1;
        var t = _factor.BlockFactor(0);
        double t00 = t[0], t10 = t[2], t11 = t[3];
        var zz1 = cp.ZZ1;
        var zxy = cp.ZXy1;
        var l11 = _factor.L11;
        var l31 = _factor.L31;
        var l33 = _factor.L33;
        var z0 = zrow[..p];
        var z1 = zrow.Slice(p, p);
        Span<double> rxInverseDiagonal = stackalloc double[p];
        for (int i = 0; i < p; i++) rxInverseDiagonal[i] = 1 / l33[i * w + i];
        double c00 = 0, c10 = 0, c11 = 0;
        for (int j = 0; j < cp.L1; j++)
        {
            int o = 4 * j;
            double ga = zz1[o], gb = zz1[o + 1], gc = zz1[o + 3];
            // L11 = [d0 0; d1 d2], with the reciprocals of its diagonal: divisions cost an order of magnitude more
            // than the multiplications around them in this loop.
            double i0 = 1 / l11[o], d1 = l11[o + 2], i2 = 1 / l11[o + 3];
            // GT = G T
            double gt00 = ga * t00 + gb * t10, gt01 = gb * t11, gt10 = gb * t00 + gc * t10, gt11 = gc * t11;
            // rows of E' = L11⁻¹ (GT)' by columns: e_a = L11⁻¹ (GT row a)
            double e00 = gt00 * i0, e01 = (gt01 - d1 * e00) * i2;
            double e10 = gt10 * i0, e11 = (gt11 - d1 * e10) * i2;
            double k00 = ga - (e00 * e00 + e01 * e01);
            double k10 = gb - (e10 * e00 + e11 * e01);
            double k11 = gc - (e10 * e10 + e11 * e11);

            // U = Zxy − G T Q with column k of Q = L11⁻ᵀ (row k of L31_j); w_j = U [−β̂; 1]
            int lo = 2 * w * j, zo = 2 * w * j;
            double w0 = 0, w1 = 0;
            for (int k = 0; k <= p; k++)
            {
                double r0 = l31[lo + 2 * k], r1 = l31[lo + 2 * k + 1];
                double q1 = r1 * i2, q0 = (r0 - d1 * q1) * i0;
                double u0 = zxy[zo + k] - (gt00 * q0 + gt01 * q1);
                double u1 = zxy[zo + w + k] - (gt10 * q0 + gt11 * q1);
                if (k < p)
                {
                    double bk = beta[k];
                    w0 -= u0 * bk;
                    w1 -= u1 * bk;
                    z0[k] = u0;
                    z1[k] = u1;
                }
                else { w0 += u0; w1 += u1; }
            }
            c00 += k00 - wScale * w0 * w0;
            c10 += k10 - wScale * w1 * w0;
            c11 += k11 - wScale * w1 * w1;
            if (!reml) continue;
            // V A⁻¹ V' with rows z_a = R_X⁻¹ v_a (R_X: L33's top-left block, row stride w)
            double s00 = 0, s10 = 0, s11 = 0;
            for (int i = 0; i < p; i++)
            {
                double a0 = z0[i], a1 = z1[i];
                int ri = i * w;
                for (int k = 0; k < i; k++)
                {
                    double l = l33[ri + k];
                    a0 -= l * z0[k];
                    a1 -= l * z1[k];
                }
                double inv = rxInverseDiagonal[i];
                a0 *= inv; a1 *= inv;
                z0[i] = a0; z1[i] = a1;
                s00 += a0 * a0; s10 += a1 * a0; s11 += a1 * a1;
            }
            c00 -= s00; c10 -= s10; c11 -= s11;
        }
        c[0] = c00; c[2] = c10; c[3] = c11;
    }
}
