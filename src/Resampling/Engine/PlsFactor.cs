using Resampling.Numerics;
namespace Resampling.Engine;

/// <summary>
/// The blocked Cholesky factor of the penalised least-squares system at one θ (docs/engine.md §3):
/// <code>
/// [Λ'Z'ZΛ + I  Λ'Z'X  Λ'Z'y]   [L_Z          ]
/// [X'ZΛ        X'X    X'y  ] = [L_XZ  R_X'   ] (...)'
/// [y'ZΛ        y'X    y'y  ]   [l_yZ  l_yX  r]
/// </code>
/// L_Z is itself blocked: L11 (block diagonal, first grouping factor), L21 and L22 (the other factors, dense).
/// The [X y] rows are held together as L31, L32, L33. Holds its own workspace: use one instance per thread.
/// The factor knows where it was made (θ and the cross-products' <see cref="Crossproducts.ResponseVersion"/>), so
/// <see cref="FactoredAt"/> is the only cache rule; solves are in PlsFactorSolves.cs, and the gradient
/// (<see cref="PlsGradient"/>), conditional draws (<see cref="PlsSampler"/>) and prediction errors
/// (<see cref="PredictionErrors"/>) are types of their own working on a factor.
/// </summary>
internal sealed partial class PlsFactor
{
    private readonly Crossproducts _cp;
    private readonly double[][] _t;
    private readonly double[] _l11, _l21, _l22, _l31, _l32, _l33;
    private readonly double[] _tmp, _row, _lastTheta;
    // The cross-products' ResponseVersion at the last factorisation: with _lastTheta, what FactoredAt compares.
    private int _factoredVersion;
    // Λr'Zr'ZrΛr and Λr'Zr'[X y] for the dense blocks: rebuilt from the cross-products at every θ, into fixed buffers.
    private readonly double[] _a22, _zrxy;
    // Which rows of L21_j can be non-zero: see RestPattern.
    private readonly (int Block, int Level)[][] _restLevels;
    private readonly int[][] _restRows;
    // [X y] rows of L31 laid out as w rows of length q1, so Σ_j L31_j L31_j' is w(w+1)/2 vectorised dot products.
    private readonly double[] _l31Rows;

    public PlsFactor(Crossproducts cp)
    {
        _cp = cp;
        _t = cp.Blocks.Select(b => new double[b.Size * b.Size]).ToArray();
        int p1 = cp.P1, w = cp.P + 1, qr = cp.QRest;
        _l11 = new double[cp.L1 * p1 * p1];
        _l21 = new double[cp.L1 * qr * p1];
        _l22 = new double[qr * qr];
        _l31 = new double[cp.L1 * w * p1];
        _l32 = new double[w * qr];
        _l33 = new double[w * w];
        _tmp = new double[Math.Max(p1 * Math.Max(p1, Math.Max(w, qr)), 1)];
        _l31Rows = qr == 0 && p1 <= 2 ? new double[w * cp.Q1] : [];
        _row = new double[Math.Max(Math.Max(p1, qr), w)];
        _lastTheta = new double[cp.ThetaCount];
        _a22 = new double[qr * qr];
        _zrxy = new double[qr * w];
        (_restLevels, _restRows) = RestPattern(cp);
    }

    public Crossproducts Crossproducts => _cp;

    /// <summary>False when the last θ made a block not positive definite (numerically); the objective is then +∞.</summary>
    public bool Ok { get; private set; }
    public double LogDetLZ { get; private set; }
    public double LogDetRX { get; private set; }
    /// <summary>Penalised residual sum of squares r²(θ).</summary>
    public double Pwrss { get; private set; }

    /// <summary>
    /// True when the last factorisation succeeded, was made at θ, and the cross-products' response parts have not been
    /// rewritten since (<see cref="Crossproducts.ResponseVersion"/>).
    /// </summary>
    public bool FactoredAt(ReadOnlySpan<double> theta) =>
        Ok && _factoredVersion == _cp.ResponseVersion && theta.SequenceEqual(_lastTheta);

    /// <summary>The block factor T of block b at the last factored θ (row-major, lower).</summary>
    public ReadOnlySpan<double> BlockFactor(int b) => _t[b];

    // The blocks of the factor, read by the computations that work on it (PlsGradient, PlsSampler, PredictionErrors).
    internal ReadOnlySpan<double> L11 => _l11;
    internal ReadOnlySpan<double> L21 => _l21;
    internal ReadOnlySpan<double> L22 => _l22;
    internal ReadOnlySpan<double> L31 => _l31;
    internal ReadOnlySpan<double> L32 => _l32;
    internal ReadOnlySpan<double> L33 => _l33;

    /// <summary>Profiled deviance (ML) or REML criterion at θ.</summary>
    public double Objective(ReadOnlySpan<double> theta, bool reml)
    {
        Factor(theta);
        return Ok ? ProfiledObjective(reml) : double.PositiveInfinity;
    }

    public double ProfiledObjective(bool reml)
    {
        int n = _cp.N, p = _cp.P;
        if (reml)
        {
            double dof = n - p;
            return LogDetLZ + LogDetRX + dof * (1 + Math.Log(2 * Math.PI * Pwrss / dof));
        }
        return LogDetLZ + n * (1 + Math.Log(2 * Math.PI * Pwrss / n));
    }

    /// <summary>−2 log-likelihood (or REML criterion) at θ and a given σ, not profiled over σ (lmerTest's devfun_vp).</summary>
    public double Deviance(ReadOnlySpan<double> theta, double sigma, bool reml)
    {
        Factor(theta);
        if (!Ok) return double.PositiveInfinity;
        int n = _cp.N, p = _cp.P;
        double s2 = sigma * sigma;
        double d = LogDetLZ + Pwrss / s2 + n * Math.Log(2 * Math.PI * s2);
        if (reml) d += LogDetRX - p * Math.Log(2 * Math.PI * s2);
        return d;
    }

    public void Factor(ReadOnlySpan<double> theta)
    {
        var cp = _cp;
        Ok = false;
        theta.CopyTo(_lastTheta);
        _factoredVersion = cp.ResponseVersion;
        for (int b = 0; b < cp.Blocks.Count; b++) cp.Blocks[b].FillFactor(theta, _t[b]);
        int p1 = cp.P1, w = cp.P + 1, qr = cp.QRest, l1 = cp.L1;
        var t1 = _t[0];
        double logdet = 0;
        Array.Clear(_l33);
        if (qr > 0) { Array.Clear(_l22); Array.Clear(_l32); }

        if (qr == 0 && p1 <= 2)
        {
            // The common case (one grouping factor, intercept or intercept + slope) in scalar code: the general loop's
            // span slicing costs more than its arithmetic at these sizes.
            if (!(p1 == 1 ? FactorScalarBlocks(t1[0], ref logdet) : FactorPairBlocks(t1, ref logdet))) return;
        }
        else for (int j = 0; j < l1; j++)
        {
            var l11 = _l11.AsSpan(j * p1 * p1, p1 * p1);
            // L11_j L11_j' = T1' ZZ1_j T1 + I
            var zz = cp.ZZ1.AsSpan(j * p1 * p1, p1 * p1);
            var tmp = _tmp.AsSpan(0, p1 * p1);
            MulRight(zz, p1, p1, t1, tmp);
            for (int a = 0; a < p1; a++)
                for (int b = 0; b <= a; b++)
                {
                    double s = a == b ? 1 : 0;
                    for (int k = 0; k < p1; k++) s += t1[k * p1 + a] * tmp[k * p1 + b];
                    l11[a * p1 + b] = s;
                }
            if (!DenseMath.Cholesky(l11, p1)) return;
            for (int a = 0; a < p1; a++) logdet += 2 * Math.Log(l11[a * p1 + a]);

            // L31_j = (Xy' Z_j T1) L11_j^{-T}; accumulate L31_j L31_j' into L33's workspace.
            var zxy = cp.ZXy1.AsSpan(j * p1 * w, p1 * w);
            var l31 = _l31.AsSpan(j * w * p1, w * p1);
            for (int k = 0; k < w; k++)
            {
                var r = l31.Slice(k * p1, p1);
                for (int c = 0; c < p1; c++)
                {
                    double s = 0;
                    for (int a = 0; a < p1; a++) s += zxy[a * w + k] * t1[a * p1 + c];
                    r[c] = s;
                }
                DenseMath.ForwardSolve(l11, p1, r);
            }
            for (int a = 0; a < w; a++)
                for (int b = 0; b <= a; b++)
                {
                    double s = 0;
                    for (int c = 0; c < p1; c++) s += l31[a * p1 + c] * l31[b * p1 + c];
                    _l33[a * w + b] += s;
                }

            if (qr == 0) continue;
            // L21_j = (Λr' Zr'Z_j T1) L11_j^{-T}, on the rows level j touches only: the others are zero (a class meets
            // one school; a level of a crossed factor meets only the levels it was observed with), and skipping them
            // turns the update of L22 from L1·qr² into a sum of the touched rows' squares.
            var l21 = _l21.AsSpan(j * qr * p1, qr * p1);
            var zrz1 = cp.ZrZ1.AsSpan(j * qr * p1, qr * p1);
            var touched = _restRows[j];
            foreach (int r in touched) MulRight(zrz1.Slice(r * p1, p1), 1, p1, t1, l21.Slice(r * p1, p1));
            ApplyRestTransposeToRows(l21, p1, _restLevels[j]);
            foreach (int r in touched) DenseMath.ForwardSolve(l11, p1, l21.Slice(r * p1, p1));
            for (int ia = 0; ia < touched.Length; ia++)
            {
                int a = touched[ia];
                for (int ib = 0; ib <= ia; ib++)
                {
                    int b = touched[ib];
                    double s = 0;
                    for (int c = 0; c < p1; c++) s += l21[a * p1 + c] * l21[b * p1 + c];
                    _l22[a * qr + b] += s;
                }
            }
            for (int a = 0; a < w; a++)
                foreach (int b in touched)
                {
                    double s = 0;
                    for (int c = 0; c < p1; c++) s += l31[a * p1 + c] * l21[b * p1 + c];
                    _l32[a * qr + b] += s;
                }
        }

        if (qr > 0)
        {
            // L22 L22' = Λr' Zr'Zr Λr + I − Σ L21_j L21_j' (the sum is already in _l22).
            var a22 = _a22;
            Array.Copy(cp.ZrZr, a22, a22.Length);
            ApplyRestTransposeToRows(a22, qr);
            TransposeInPlace(a22, qr);
            ApplyRestTransposeToRows(a22, qr);
            for (int a = 0; a < qr; a++)
                for (int b = 0; b <= a; b++)
                    _l22[a * qr + b] = a22[a * qr + b] + (a == b ? 1 : 0) - _l22[a * qr + b];
            if (!DenseMath.Cholesky(_l22, qr)) return;
            for (int a = 0; a < qr; a++) logdet += 2 * Math.Log(_l22[a * qr + a]);

            // L32 = (Xy' Zr Λr − Σ L31_j L21_j') L22^{-T}
            var zrxy = _zrxy;
            Array.Copy(cp.ZrXy, zrxy, zrxy.Length);
            ApplyRestTransposeToRows(zrxy, w);
            for (int a = 0; a < w; a++)
            {
                var r = _l32.AsSpan(a * qr, qr);
                for (int b = 0; b < qr; b++) r[b] = zrxy[b * w + a] - r[b];
                DenseMath.ForwardSolve(_l22, qr, r);
                for (int b = 0; b <= a; b++)
                {
                    double s = 0;
                    for (int c = 0; c < qr; c++) s += r[c] * _l32[b * qr + c];
                    _l33[a * w + b] += s;
                }
            }
        }

        for (int a = 0; a < w; a++)
            for (int b = 0; b <= a; b++)
                _l33[a * w + b] = cp.XyXy[a * w + b] - _l33[a * w + b];
        if (!DenseMath.Cholesky(_l33, w)) return;
        int p = cp.P;
        double logdetRx = 0;
        for (int a = 0; a < p; a++) logdetRx += 2 * Math.Log(_l33[a * w + a]);
        double r2 = _l33[p * w + p] * _l33[p * w + p];
        if (!(r2 > 0)) return;
        LogDetLZ = logdet;
        LogDetRX = logdetRx;
        Pwrss = r2;
        Ok = true;
    }

    private bool FactorScalarBlocks(double t, ref double logdet)
    {
        var cp = _cp;
        int w = cp.P + 1;
        var zz1 = cp.ZZ1;
        var zxy = cp.ZXy1;
        var l31 = _l31;
        var rows = _l31Rows;
        int q1 = cp.Q1;
        double prod = 1;
        for (int j = 0; j < cp.L1; j++)
        {
            double m = t * t * zz1[j] + 1;
            double l = Math.Sqrt(m);
            _l11[j] = l;
            // As in the pair path: the Cholesky diagonal l ≥ 1, eight of them multiplied before one log.
            prod *= l;
            if ((j & 7) == 7) { logdet += 2 * Math.Log(prod); prod = 1; }
            double f = t / l;
            int o = j * w;
            for (int k = 0; k < w; k++)
            {
                double v = zxy[o + k] * f;
                l31[o + k] = v;
                rows[k * q1 + j] = v;
            }
        }
        logdet += 2 * Math.Log(prod);
        AccumulateRowProducts(rows, w, q1);
        return true;
    }

    private bool FactorPairBlocks(double[] t, ref double logdet)
    {
        var cp = _cp;
        int w = cp.P + 1;
        double t00 = t[0], t10 = t[2], t11 = t[3];
        var zz1 = cp.ZZ1;
        var zxy = cp.ZXy1;
        var l31 = _l31;
        var l11 = _l11;
        var rows = _l31Rows;
        int q1 = cp.Q1;
        double prod = 1;
        for (int j = 0; j < cp.L1; j++)
        {
            int z = 4 * j;
            double a = zz1[z], b = zz1[z + 1], c = zz1[z + 3];
            double tmp00 = a * t00 + b * t10, tmp10 = b * t00 + c * t10;
            double m00 = t00 * tmp00 + t10 * tmp10 + 1;
            double m10 = t11 * tmp10;
            double m11 = t11 * c * t11 + 1;
            double c00 = Math.Sqrt(m00);
            double c10 = m10 / c00;
            double d = m11 - c10 * c10;
            if (!(d > 0)) return false;
            double c11 = Math.Sqrt(d);
            l11[z] = c00; l11[z + 1] = 0; l11[z + 2] = c10; l11[z + 3] = c11;
            // The diagonal of chol(M ≥ I) is ≥ 1: multiply 8 levels' diagonals before one log (no overflow below
            // (1e18)^16), instead of two logs per level.
            prod *= c00 * c11;
            if ((j & 7) == 7) { logdet += 2 * Math.Log(prod); prod = 1; }
            int zo = 2 * w * j, lo = 2 * w * j;
            for (int k = 0; k < w; k++)
            {
                double x0 = zxy[zo + k], x1 = zxy[zo + w + k];
                double a0 = x0 * t00 + x1 * t10, a1 = x1 * t11;
                double r0 = a0 / c00, r1 = (a1 - c10 * r0) / c11;
                l31[lo + 2 * k] = r0;
                l31[lo + 2 * k + 1] = r1;
                rows[k * q1 + 2 * j] = r0;
                rows[k * q1 + 2 * j + 1] = r1;
            }
        }
        logdet += 2 * Math.Log(prod);
        AccumulateRowProducts(rows, w, q1);
        return true;
    }

    /// <summary>Adds Σ_j L31_j L31_j' to L33's lower triangle from the row layout.</summary>
    private void AccumulateRowProducts(double[] rows, int w, int q1)
    {
        for (int a = 0; a < w; a++)
        {
            var ra = rows.AsSpan(a * q1, q1);
            for (int b = 0; b <= a; b++) _l33[a * w + b] += DenseMath.Dot(ra, rows.AsSpan(b * q1, q1));
        }
    }

    /// <summary>dst (rows×cols) = src (rows×cols) · T (cols×cols, lower).</summary>
    private static void MulRight(ReadOnlySpan<double> src, int rows, int cols, ReadOnlySpan<double> t, Span<double> dst)
    {
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
            {
                double s = 0;
                for (int k = c; k < cols; k++) s += src[r * cols + k] * t[k * cols + c];
                dst[r * cols + c] = s;
            }
    }

    /// <summary>Replaces the rows of m (QRest × width) by Λr' times them, level by level of each rest block.</summary>
    private void ApplyRestTransposeToRows(Span<double> m, int width)
    {
        var cp = _cp;
        for (int bi = 1; bi < cp.Blocks.Count; bi++)
            for (int l = 0; l < cp.Blocks[bi].LevelCount; l++) ApplyRestTransposeToLevel(m, width, bi, l);
    }

    /// <summary>As above, for the given (block, level) pairs only.</summary>
    private void ApplyRestTransposeToRows(Span<double> m, int width, (int Block, int Level)[] levels)
    {
        foreach (var (bi, l) in levels) ApplyRestTransposeToLevel(m, width, bi, l);
    }

    private void ApplyRestTransposeToLevel(Span<double> m, int width, int bi, int l)
    {
        var cp = _cp;
        int size = cp.Blocks[bi].Size;
        var t = _t[bi];
        var col = _row.AsSpan(0, size);
        int baseRow = cp.RestOffsets[bi] + l * size;
        for (int c = 0; c < width; c++)
        {
            for (int a = 0; a < size; a++) col[a] = m[(baseRow + a) * width + c];
            // (T' v)_a = Σ_{k ≥ a} T[k, a] v_k
            for (int a = 0; a < size; a++)
            {
                double s = 0;
                for (int k = a; k < size; k++) s += t[k * size + a] * col[k];
                m[(baseRow + a) * width + c] = s;
            }
        }
    }

    /// <summary>
    /// Per level j of the first block: the levels of the other blocks whose rows of Zr'Z_j are not all zero, and those
    /// rows (every row of a touched level, since Λr' mixes a level's rows). Fixed by the design, not by θ.
    /// </summary>
    private static ((int Block, int Level)[][] Levels, int[][] Rows) RestPattern(Crossproducts cp)
    {
        int p1 = cp.P1, qr = cp.QRest;
        if (qr == 0) return ([], []); // one grouping factor: no L21, and no per-level arrays to allocate
        var levels = new (int, int)[cp.L1][];
        var rows = new int[cp.L1][];
        for (int j = 0; j < cp.L1; j++)
        {
            var lv = new List<(int, int)>();
            var rw = new List<int>();
            for (int bi = 1; bi < cp.Blocks.Count; bi++)
            {
                int size = cp.Blocks[bi].Size;
                for (int l = 0; l < cp.Blocks[bi].LevelCount; l++)
                {
                    int baseRow = cp.RestOffsets[bi] + l * size;
                    bool any = false;
                    for (int r = baseRow; r < baseRow + size && !any; r++)
                        for (int c = 0; c < p1; c++)
                            if (cp.ZrZ1[(j * qr + r) * p1 + c] != 0) { any = true; break; }
                    if (!any) continue;
                    lv.Add((bi, l));
                    for (int r = baseRow; r < baseRow + size; r++) rw.Add(r);
                }
            }
            levels[j] = lv.ToArray();
            rows[j] = rw.ToArray();
        }
        return (levels, rows);
    }

    private static void TransposeInPlace(Span<double> m, int n)
    {
        for (int a = 0; a < n; a++)
            for (int b = a + 1; b < n; b++) (m[a * n + b], m[b * n + a]) = (m[b * n + a], m[a * n + b]);
    }
}
