using Resampling.Engine;
using Resampling.Model;
using Resampling.Numerics.Sparse;

namespace Resampling.Inference;

/// <summary>
/// The sums over the blocks of V that Kenward–Roger's method needs (docs/inference.md §2.1): P_r = −X'S G_r S X,
/// Q_rs = X'S G_r S G_s S X and K_rs = tr(S G_r S G_s), S = V⁻¹, the residual variance last (G = I). Each block (a
/// connected component of rows sharing grouping levels) is worked on its q_c random-effect columns, never on its n_c
/// rows squared: with Λ the relative covariance factor, V_c = σ²(I + Z Λ Λ'Z') and M = I + Λ'Z'ZΛ = L L',
/// <code>
///   S = σ⁻²(I − ZΛ M⁻¹ Λ'Z'),   Z'SZ = σ⁻²(Z'Z − Y M⁻¹ Y'),   Z'SX = σ⁻²(Z'X − Y M⁻¹ Λ'Z'X),   Y = Z'ZΛ,
///   Z'S²Z = σ⁻² Z'SZ − σ⁻⁴ (Y M⁻¹)(Y M⁻¹)',   tr(S²) = σ⁻⁴ (n_c − q_c + ‖M⁻¹‖²_F),   M⁻¹ = I − σ²Λ'(Z'SZ)Λ,
/// </code>
/// and SX (n_c × p) is formed row by row. Λ may be singular (a variance on its bound): nothing is divided by it. The
/// dense work is a few q_c³ products with the supernodal kernels; blocks with more than
/// <see cref="KenwardRogerAdjustment.MaxBlockEffects"/> random-effect columns are refused by the caller.
/// </summary>
internal sealed class KenwardRogerBlocks
{
    private readonly LinearMixedModel _m;
    private readonly IReadOnlyList<RandomEffectsTerm> _terms;
    private readonly List<(int Term, int A, int B)> _pars;
    private readonly double[][,] _relative; // per term: its lower-triangular relative covariance factor T_k
    private readonly int[][] _local;        // per term and level: the level's first local column in the current block
    private readonly int _p;
    private readonly double _s2;

    public KenwardRogerBlocks(LinearMixedModel m, List<(int Term, int A, int B)> pars)
    {
        _m = m;
        _terms = m.Design.Terms;
        _pars = pars;
        _p = m.FixedEffects.Count;
        _s2 = m.Sigma * m.Sigma;
        _relative = new double[_terms.Count][,];
        _local = new int[_terms.Count][];
        int at = 0;
        for (int k = 0; k < _terms.Count; k++)
        {
            int cc = _terms[k].ColumnCount;
            var t = new double[cc, cc];
            for (int c = 0; c < cc; c++)
                for (int r = c; r < cc; r++) t[r, c] = m.Theta[at++];
            _relative[k] = t;
            _local[k] = new int[_terms[k].LevelCount];
            Array.Fill(_local[k], -1);
        }
        int g = pars.Count + 1;
        P = new double[g][,];
        for (int r = 0; r < g; r++) P[r] = new double[_p, _p];
        Q = new double[g, g][,];
        for (int r = 0; r < g; r++) for (int s = r; s < g; s++) Q[r, s] = new double[_p, _p];
        K = new double[g, g];
    }

    /// <summary>Σ P_r over the blocks added so far (p×p each; the last is the residual variance's).</summary>
    public double[][,] P { get; }

    /// <summary>Σ Q_rs for r ≤ s.</summary>
    public double[,][,] Q { get; }

    /// <summary>Σ K_rs, both triangles once <see cref="Symmetrise"/> has run.</summary>
    public double[,] K { get; }

    /// <summary>The number of random-effect columns of the block made of these rows.</summary>
    public int EffectCount(int[] rows)
    {
        int q = 0;
        var seen = new List<(int, int)>();
        foreach (var i in rows)
            for (int k = 0; k < _terms.Count; k++)
            {
                int l = _terms[k].GroupIndex[i];
                if (_local[k][l] >= 0) continue;
                _local[k][l] = q;
                q += _terms[k].ColumnCount;
                seen.Add((k, l));
            }
        foreach (var (k, l) in seen) _local[k][l] = -1;
        return q;
    }

    public void Symmetrise()
    {
        int g = K.GetLength(0);
        for (int r = 0; r < g; r++) for (int s = 0; s < r; s++) K[r, s] = K[s, r];
    }

    /// <summary>Adds one block's P, Q and K.</summary>
    public void Add(int[] rows)
    {
        var terms = _terms;
        int p = _p, nc = rows.Length, nt = terms.Count, np = _pars.Count;
        // Local columns: each (term, level) met in the block gets ColumnCount consecutive columns.
        var levels = new List<(int Term, int Level, int Offset)>();
        int q = 0;
        foreach (var i in rows)
            for (int k = 0; k < nt; k++)
            {
                int l = terms[k].GroupIndex[i];
                if (_local[k][l] >= 0) continue;
                _local[k][l] = q;
                levels.Add((k, l, q));
                q += terms[k].ColumnCount;
            }
        try
        {
            AddBlock(rows, levels, q, p, nc, nt, np, _s2);
        }
        finally
        {
            foreach (var (k, l, _) in levels) _local[k][l] = -1;
        }
    }

    private void AddBlock(int[] rows, List<(int Term, int Level, int Offset)> levels, int q, int p, int nc, int nt, int np, double s2)
    {
        double is2 = 1 / s2;
        var terms = _terms;
        var xcols = _m.Design.X.Columns;
        // Z'Z (q×q) and Z'X (q×p), column-major, from the rows: each row has Σ_k ColumnCount_k entries of Z.
        var zcol = new int[terms.Sum(t => t.ColumnCount)];
        var zval = new double[zcol.Length];
        var ztz = new double[q * q];
        var ztx = new double[q * p];
        void RowOfZ(int i)
        {
            int e = 0;
            for (int k = 0; k < nt; k++)
            {
                int o = _local[k][terms[k].GroupIndex[i]];
                for (int c = 0; c < terms[k].ColumnCount; c++, e++) { zcol[e] = o + c; zval[e] = terms[k].Columns[c][i]; }
            }
        }
        foreach (var i in rows)
        {
            RowOfZ(i);
            for (int e1 = 0; e1 < zcol.Length; e1++)
            {
                for (int e2 = 0; e2 < zcol.Length; e2++) ztz[zcol[e2] * q + zcol[e1]] += zval[e1] * zval[e2];
                for (int c = 0; c < p; c++) ztx[c * q + zcol[e1]] += zval[e1] * xcols[c][i];
            }
        }

        // Y = Z'Z Λ and M = I + Λ'Y (Λ block diagonal: one T_k per level), then M = L L'.
        var y = new double[q * q];
        foreach (var (k, _, o) in levels)
        {
            var t = _relative[k];
            int cc = terms[k].ColumnCount;
            for (int c = 0; c < cc; c++)
                for (int r = c; r < cc; r++)
                {
                    double v = t[r, c];
                    if (v != 0) DenseKernels.Axpy(v, ztz.AsSpan((o + r) * q, q), y.AsSpan((o + c) * q, q));
                }
        }
        var lm = new double[q * q];
        foreach (var (k, _, o) in levels)
        {
            var t = _relative[k];
            int cc = terms[k].ColumnCount;
            for (int c = 0; c < cc; c++)
                for (int r = c; r < cc; r++)
                {
                    double v = t[r, c];
                    if (v == 0) continue;
                    // Row o + c of Λ'Y gets T[r, c] × row o + r of Y; M is symmetric, so fill column o + c instead.
                    for (int j = 0; j < q; j++) lm[(o + c) * q + j] += v * y[j * q + o + r];
                }
        }
        for (int j = 0; j < q; j++) lm[j * q + j] += 1;
        if (DenseKernels.PanelCholesky(lm, q, q) >= 0)
            throw new ModelException("Kenward-Roger's method failed: the marginal covariance is not positive definite.");

        // X̃ = Y L⁻ᵀ, so that Y M⁻¹ Y' = X̃ X̃'; Z'SZ = σ⁻²(Z'Z − X̃ X̃') (full, symmetric).
        // Three q×q arrays in all, each reused in place: Z'Z → Z'SZ, Y → X̃ → Y M⁻¹, L → (Z'SZ)Λ.
        var yl = y;
        DenseKernels.SolveRight(yl, q, q, q, lm, q, transposed: true);
        var czz = ztz;
        DenseKernels.SubtractLowerProduct(czz, q, yl, q, q, q, q);
        for (int j = 0; j < q; j++)
            for (int i = j; i < q; i++) czz[i * q + j] = czz[j * q + i] = czz[j * q + i] * is2;

        // Z'SX = σ⁻²(Z'X − X̃ L⁻¹Λ'Z'X); Λ W with W = M⁻¹Λ'Z'X for SX = σ⁻²(X − ZΛW).
        var a = LambdaTransposeTimes(levels, ztx, q, p);
        ForwardSolve(lm, q, a, p);
        var bz = (double[])ztx.Clone();
        SubtractProduct(bz, yl, a, q, p, is2);
        var lw = (double[])a.Clone();
        BackSolve(lm, q, lw, p);
        lw = LambdaTimes(levels, lw, q, p);

        // SX row by row: Z'(SX) and (SX)'(SX).
        var zt = new double[q * p];
        var tt = new double[p * p];
        var ti = new double[p];
        foreach (var i in rows)
        {
            RowOfZ(i);
            for (int c = 0; c < p; c++)
            {
                double v = xcols[c][i];
                for (int e = 0; e < zcol.Length; e++) v -= zval[e] * lw[c * q + zcol[e]];
                ti[c] = v * is2;
            }
            for (int e = 0; e < zcol.Length; e++)
                for (int c = 0; c < p; c++) zt[c * q + zcol[e]] += zval[e] * ti[c];
            for (int c = 0; c < p; c++)
                for (int d = 0; d < p; d++) tt[c * p + d] += ti[c] * ti[d];
        }
        // Z'S(SX) = σ⁻²(Z'T − X̃ L⁻¹Λ'Z'T) and (SX)'S(SX) = σ⁻²(T'T − ‖L⁻¹Λ'Z'T‖²).
        var a2 = LambdaTransposeTimes(levels, zt, q, p);
        ForwardSolve(lm, q, a2, p);
        var zst = (double[])zt.Clone();
        SubtractProduct(zst, yl, a2, q, p, is2);

        // Y M⁻¹ = X̃ L⁻¹ for Z'S²Z; ‖M⁻¹‖²_F from M⁻¹ = I − σ²Λ'(Z'SZ)Λ (Λ'Z'H⁻¹ZΛ = I − M⁻¹), with CΛ in L's place.
        var ym = yl;
        DenseKernels.SolveRight(ym, q, q, q, lm, q, transposed: false);
        var cl = lm;
        Array.Clear(cl);
        foreach (var (k, _, o) in levels)
        {
            var t = _relative[k];
            int cc = terms[k].ColumnCount;
            for (int c = 0; c < cc; c++)
                for (int r = c; r < cc; r++)
                {
                    double v = t[r, c];
                    if (v != 0) DenseKernels.Axpy(v, czz.AsSpan((o + r) * q, q), cl.AsSpan((o + c) * q, q));
                }
        }
        double mf = 0;
        for (int j = 0; j < q; j++)
        {
            var col = cl.AsSpan(j * q, q);
            foreach (var (k, _, o) in levels)
            {
                var t = _relative[k];
                int cc = terms[k].ColumnCount;
                for (int c = 0; c < cc; c++)
                {
                    double g = 0;
                    for (int r = c; r < cc; r++) g += t[r, c] * col[o + r];
                    double e = (o + c == j ? 1 : 0) - s2 * g;
                    mf += e * e;
                }
            }
        }

        // D_r as (i, j) pairs of local columns: (D_r)_ij = 1.
        var pairs = new List<(int, int)>[np];
        for (int r = 0; r < np; r++)
        {
            var (k, pa, pb) = _pars[r];
            var list = new List<(int, int)>();
            foreach (var (kk, _, o) in levels)
            {
                if (kk != k) continue;
                list.Add((o + pa, o + pb));
                if (pa != pb) list.Add((o + pb, o + pa));
            }
            pairs[r] = list;
        }
        // C F_s with F_s = D_s B: (C F_s)[·, c] = Σ_{(k,l)∈s} C[·, k] B[l, c].
        var cf = new double[np][];
        for (int s = 0; s < np; s++)
        {
            var v = new double[q * p];
            foreach (var (kk, l) in pairs[s])
                for (int c = 0; c < p; c++)
                {
                    double b = bz[c * q + l];
                    if (b != 0) DenseKernels.Axpy(b, czz.AsSpan(kk * q, q), v.AsSpan(c * q, q));
                }
            cf[s] = v;
        }
        for (int r = 0; r < np; r++)
        {
            var pr = P[r];
            foreach (var (i, j) in pairs[r])
                for (int c = 0; c < p; c++)
                    for (int d = 0; d < p; d++) pr[c, d] -= bz[c * q + i] * bz[d * q + j];
            for (int s = r; s < np; s++)
            {
                var qs = Q[r, s];
                foreach (var (i, j) in pairs[r])
                    for (int c = 0; c < p; c++)
                    {
                        double b = bz[c * q + j];
                        for (int d = 0; d < p; d++) qs[c, d] += b * cf[s][d * q + i];
                    }
                double kt = 0;
                foreach (var (i, j) in pairs[r])
                    foreach (var (kk, l) in pairs[s]) kt += czz[kk * q + j] * czz[i * q + l];
                K[r, s] += kt;
            }
            var qr = Q[r, np];
            double kr = 0;
            foreach (var (i, j) in pairs[r])
            {
                for (int c = 0; c < p; c++)
                {
                    double b = bz[c * q + j];
                    for (int d = 0; d < p; d++) qr[c, d] += b * zst[d * q + i];
                }
                double yy = 0;
                for (int c = 0; c < q; c++) yy += ym[c * q + j] * ym[c * q + i];
                kr += is2 * czz[i * q + j] - is2 * is2 * yy;
            }
            K[r, np] += kr;
        }
        var pl = P[np];
        var ql = Q[np, np];
        for (int c = 0; c < p; c++)
            for (int d = 0; d < p; d++)
            {
                pl[c, d] -= tt[c * p + d];
                double s = 0;
                for (int e = 0; e < q; e++) s += a2[c * q + e] * a2[d * q + e];
                ql[c, d] += is2 * (tt[c * p + d] - s);
            }
        K[np, np] += is2 * is2 * (nc - q + mf);
    }

    /// <summary>Λ'A for A (q×w column-major).</summary>
    private double[] LambdaTransposeTimes(List<(int Term, int Level, int Offset)> levels, double[] a, int q, int w) =>
        LambdaProduct(levels, a, q, w, transpose: true);

    /// <summary>ΛA for A (q×w column-major).</summary>
    private double[] LambdaTimes(List<(int Term, int Level, int Offset)> levels, double[] a, int q, int w) =>
        LambdaProduct(levels, a, q, w, transpose: false);

    /// <summary>
    /// ΛA or Λ'A, level by level with each level's lower-triangular relative factor T: entry (rr, c) of T moves row c of
    /// A into row rr of the result, or (transposed) row rr into row c.
    /// </summary>
    private double[] LambdaProduct(List<(int Term, int Level, int Offset)> levels, double[] a, int q, int w, bool transpose)
    {
        var r = new double[q * w];
        foreach (var (k, _, o) in levels)
        {
            var t = _relative[k];
            int cc = _terms[k].ColumnCount;
            for (int c = 0; c < cc; c++)
                for (int rr = c; rr < cc; rr++)
                {
                    int to = o + (transpose ? c : rr), from = o + (transpose ? rr : c);
                    for (int j = 0; j < w; j++) r[j * q + to] += t[rr, c] * a[j * q + from];
                }
        }
        return r;
    }

    /// <summary>B ← L⁻¹B for the column-major lower L (q×q) and B (q×w).</summary>
    private static void ForwardSolve(double[] l, int q, double[] b, int w)
    {
        for (int c = 0; c < w; c++)
        {
            var x = b.AsSpan(c * q, q);
            for (int j = 0; j < q; j++)
            {
                double v = x[j] / l[j * q + j];
                x[j] = v;
                if (v != 0) DenseKernels.Axpy(-v, l.AsSpan(j * q + j + 1, q - j - 1), x[(j + 1)..]);
            }
        }
    }

    /// <summary>B ← L⁻ᵀB for the column-major lower L (q×q) and B (q×w).</summary>
    private static void BackSolve(double[] l, int q, double[] b, int w)
    {
        for (int c = 0; c < w; c++)
        {
            var x = b.AsSpan(c * q, q);
            for (int j = q - 1; j >= 0; j--)
            {
                double v = x[j] - DenseKernels.Dot(l.AsSpan(j * q + j + 1, q - j - 1), x[(j + 1)..]);
                x[j] = v / l[j * q + j];
            }
        }
    }

    /// <summary>Z ← σ⁻²(Z − A B) for A (q×q) and B, Z (q×w), all column-major.</summary>
    private static void SubtractProduct(double[] z, double[] a, double[] b, int q, int w, double is2)
    {
        DenseKernels.SubtractProduct(z, q, a, q, b, q, q, w, q);
        for (int e = 0; e < z.Length; e++) z[e] *= is2;
    }
}
