using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Resampling.Numerics;
using Resampling.Numerics.Sparse;
namespace Resampling.Engine;

/// <summary>
/// The blocked Cholesky factor of the penalised least-squares system at one θ (docs/engine.md §3):
/// <code>
/// [Λ'Z'ZΛ + I  Λ'Z'X  Λ'Z'y]   [L_Z          ]
/// [X'ZΛ        X'X    X'y  ] = [L_XZ  R_X'   ] (...)'
/// [y'ZΛ        y'X    y'y  ]   [l_yZ  l_yX  r]
/// </code>
/// L_Z is itself blocked: L11 (block diagonal, first grouping factor), L21 (per level of the first factor, on the rows it
/// touches) and L22, the Cholesky factor of the other factors' Schur complement: dense for few rest columns, sparse
/// (P'L with L L' = P S P', docs/engine.md §8) above; <see cref="ForwardSolveRest"/> hides which.
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
    // The sparse path: S's values in the shared pattern's order, its numeric factor, a permutation workspace.
    private readonly double[] _sValues, _permWork;
    private readonly SupernodalCholesky? _sparse;
    // T_u' B T_v for one pair of rest levels.
    private readonly double[] _pairTmp, _pairOut;
    // [X y] rows of L31 laid out as w rows of length q1, so Σ_j L31_j L31_j' is w(w+1)/2 vectorised dot products.
    private readonly double[] _l31Rows;
    // Every rest block scalar (crossed random intercepts) on the sparse path: the first block's loop then takes each rest
    // row's T from _restScale (filled per θ) and sums L31_j L21_j' into _l32ByRow, L32 transposed (QRest rows of w), so
    // one student's rows are w contiguous values (FactorScalarFirstWithScalarRest).
    private readonly double[] _restScale, _l32ByRow;

    public PlsFactor(Crossproducts cp)
    {
        _cp = cp;
        _t = cp.Blocks.Select(b => new double[b.Size * b.Size]).ToArray();
        int p1 = cp.P1, w = cp.P + 1, qr = cp.QRest;
        _l11 = new double[cp.L1 * p1 * p1];
        bool sparse = cp.SparseRest;
        _l21 = new double[cp.ZrZ1.Length];
        _l22 = sparse ? [] : new double[qr * qr];
        _l31 = new double[cp.L1 * w * p1];
        _l32 = new double[w * qr];
        _l33 = new double[w * w];
        _tmp = new double[Math.Max(p1 * Math.Max(p1, w), 1)];
        _l31Rows = (qr == 0 && p1 <= 2) || p1 == 1 ? new double[w * cp.Q1] : [];
        _row = new double[Math.Max(Math.Max(p1, qr), w)];
        _lastTheta = new double[cp.ThetaCount];
        _a22 = sparse ? [] : new double[qr * qr];
        _zrxy = new double[qr * w];
        int maxRest = 0;
        for (int b = 1; b < cp.Blocks.Count; b++) maxRest = Math.Max(maxRest, cp.Blocks[b].Size);
        _pairTmp = new double[maxRest * maxRest];
        _pairOut = new double[maxRest * maxRest];
        if (cp.Schur is { } schur)
        {
            _sValues = new double[schur.Pattern.NonZeros];
            _sparse = new SupernodalCholesky(schur.Symbolic);
            _permWork = new double[qr];
        }
        else _sValues = _permWork = [];
        bool scalarRest = sparse && p1 == 1 && cp.Blocks.Skip(1).All(b => b.Size == 1);
        _restScale = scalarRest ? new double[qr] : [];
        _l32ByRow = scalarRest ? new double[qr * w] : [];
    }

    public Crossproducts Crossproducts => _cp;

    /// <summary>A scalar first block and scalar rest blocks on the sparse path (crossed random intercepts): the layout
    /// <see cref="FactorScalarFirstWithScalarRest"/> and the gradient's matching loop serve.</summary>
    internal bool ScalarFirstAndRest => _l32ByRow.Length > 0;

    /// <summary>Each rest row's T at the last θ when <see cref="ScalarFirstAndRest"/> (the rest blocks' scalar factors).</summary>
    internal ReadOnlySpan<double> RestScale => _restScale;

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
    /// <summary>L21 packed as <see cref="Crossproducts.ZrZ1"/>: level j's rows from <see cref="RestPattern.FirstRowStart"/>[j].</summary>
    internal ReadOnlySpan<double> L21 => _l21;
    /// <summary>L32 with its columns in L22's (the factor's) order: the permuted order when sparse.</summary>
    internal ReadOnlySpan<double> L31 => _l31;
    internal ReadOnlySpan<double> L32 => _l32;
    internal ReadOnlySpan<double> L33 => _l33;
    /// <summary>The dense L22 (row-major, lower; empty on the sparse path), for the several-factor gradient.</summary>
    internal ReadOnlySpan<double> L22Dense => _l22;
    /// <summary>The sparse factor of S on the sparse path (null on the dense one), for its selected inverse.</summary>
    internal SupernodalCholesky? RestSparseFactor => _sparse;
    /// <summary>S's values (the matrix <see cref="RestSparseFactor"/> factored) at the last θ, for benchmarks of the pieces.</summary>
    internal ReadOnlySpan<double> RestSchurValues => _sValues;

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
            return LogDetLZ + LogDetRX + dof * (1 + Math.Log(2 * Math.PI * Pwrss / dof)) - _cp.Design.LogWeightSum;
        }
        return LogDetLZ + n * (1 + Math.Log(2 * Math.PI * Pwrss / n)) - _cp.Design.LogWeightSum;
    }

    /// <summary>−2 log-likelihood (or REML criterion) at θ and a given σ, not profiled over σ (lmerTest's devfun_vp).</summary>
    public double Deviance(ReadOnlySpan<double> theta, double sigma, bool reml)
    {
        Factor(theta);
        if (!Ok) return double.PositiveInfinity;
        int n = _cp.N, p = _cp.P;
        double s2 = sigma * sigma;
        double d = LogDetLZ + Pwrss / s2 + n * Math.Log(2 * Math.PI * s2) - _cp.Design.LogWeightSum;
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
        if (qr > 0) { Array.Clear(_l22); Array.Clear(_l32); Array.Clear(_sValues); }
        var rest = cp.Rest;

        if (qr == 0 && p1 <= 2)
        {
            // The common case (one grouping factor, intercept or intercept + slope) in scalar code: the general loop's
            // span slicing costs more than its arithmetic at these sizes.
            if (!(p1 == 1 ? FactorScalarBlocks(t1[0], ref logdet) : FactorPairBlocks(t1, ref logdet))) return;
        }
        else if (p1 == 1 && _l32ByRow.Length > 0) FactorScalarFirstWithScalarRest(t1[0], ref logdet);
        else if (p1 == 1) FactorScalarFirstWithRest(t1[0], ref logdet);
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
            int r0 = rest.FirstRowStart[j], nr = rest.FirstRowStart[j + 1] - r0;
            var l21 = _l21.AsSpan(r0 * p1, nr * p1);
            var zrz1 = cp.ZrZ1.AsSpan(r0 * p1, nr * p1);
            var touched = rest.FirstRows.AsSpan(r0, nr);
            for (int t = 0; t < nr; t++) MulRight(zrz1.Slice(t * p1, p1), 1, p1, t1, l21.Slice(t * p1, p1));
            for (int k = rest.LinkStart[j]; k < rest.LinkStart[j + 1]; k++)
            {
                int u = rest.LinkLevel[k];
                ApplyTransposeToRows(l21.Slice((rest.FirstLinkRow[k] - r0) * p1), p1, rest.LevelSize(u), _t[rest.LevelBlock[u]]);
            }
            for (int t = 0; t < nr; t++) DenseMath.ForwardSolve(l11, p1, l21.Slice(t * p1, p1));
            if (_sparse is null)
            {
                for (int ia = 0; ia < nr; ia++)
                {
                    int a = touched[ia];
                    for (int ib = 0; ib <= ia; ib++)
                    {
                        int b = touched[ib];
                        double s = 0;
                        for (int c = 0; c < p1; c++) s += l21[ia * p1 + c] * l21[ib * p1 + c];
                        _l22[a * qr + b] += s;
                    }
                }
            }
            else
            {
                // −L21_j L21_j' straight into S's values, at positions fixed by the design.
                var pos = cp.Schur!.CliquePositions;
                int q = cp.Schur.CliqueStart[j];
                for (int ia = 0; ia < nr; ia++)
                    for (int ib = 0; ib <= ia; ib++)
                    {
                        double s = 0;
                        for (int c = 0; c < p1; c++) s += l21[ia * p1 + c] * l21[ib * p1 + c];
                        _sValues[pos[q++]] -= s;
                    }
            }
            for (int a = 0; a < w; a++)
                for (int ib = 0; ib < nr; ib++)
                {
                    double s = 0;
                    for (int c = 0; c < p1; c++) s += l31[a * p1 + c] * l21[ib * p1 + c];
                    _l32[a * qr + touched[ib]] += s;
                }
        }

        if (qr > 0)
        {
            if (_sparse is null)
            {
                // L22 L22' = Λr' Zr'Zr Λr + I − Σ L21_j L21_j' (the sum is already in _l22).
                var a22 = _a22;
                Array.Clear(a22);
                AddRestCrossproducts((o, _, _, ra, rb) => a22[ra * qr + rb] = _pairOut[o]);
                for (int a = 0; a < qr; a++)
                    for (int b = 0; b <= a; b++)
                        _l22[a * qr + b] = a22[a * qr + b] + (a == b ? 1 : 0) - _l22[a * qr + b];
                if (!DenseMath.Cholesky(_l22, qr)) return;
                for (int a = 0; a < qr; a++) logdet += 2 * Math.Log(_l22[a * qr + a]);
            }
            else
            {
                // S = Λr' Zr'Zr Λr + I − Σ L21_j L21_j' (the sum is already in _sValues), then L L' = P S P'.
                var schur = cp.Schur!;
                var sv = _sValues;
                var pairPos = schur.PairPositions;
                AddRestCrossproducts((o, k, index, _, _) =>
                {
                    int pos = pairPos[index];
                    if (pos >= 0) sv[pos] += _pairOut[o];
                });
                foreach (int d in schur.DiagonalPositions) sv[d] += 1;
                if (_sparse.Factorize(sv) != CholeskyStatus.Success) return;
                logdet += _sparse.LogDeterminant();
            }

            // L32 = (Xy' Zr Λr − Σ L31_j L21_j') L22^{-T}
            var zrxy = _zrxy;
            Array.Copy(cp.ZrXy, zrxy, zrxy.Length);
            ApplyRestTransposeToRows(zrxy, w);
            for (int a = 0; a < w; a++)
            {
                var r = _l32.AsSpan(a * qr, qr);
                for (int b = 0; b < qr; b++) r[b] = zrxy[b * w + a] - r[b];
            }
            ForwardSolveRestMany(_l32, w); // all w rows in one pass over L22
            for (int a = 0; a < w; a++)
            {
                var r = _l32.AsSpan(a * qr, qr);
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

    /// <summary>
    /// The first block a random intercept (a student) with other factors after it: the general loop below for p1 = 1,
    /// in scalar code. Per level j, L11_j = √(t²·Z_j'Z_j + 1), L31_j = t·Z_j'[X y] / L11_j, L21_j = Λ_t'Z_t'Z_j t / L11_j
    /// on the rest rows j touches, and their products go into S (or the dense L22), L32 and L33 as there. The general
    /// loop's span slicing and 1 × 1 solves cost several times the arithmetic at this size, and a design with 10,000
    /// students runs it at every evaluation.
    /// </summary>
    private void FactorScalarFirstWithRest(double t, ref double logdet)
    {
        var cp = _cp;
        int w = cp.P + 1, qr = cp.QRest, q1 = cp.Q1;
        var rest = cp.Rest;
        var zz1 = cp.ZZ1;
        var zxy = cp.ZXy1;
        var zrz1 = cp.ZrZ1;
        var l11 = _l11;
        var l21 = _l21;
        var l31 = _l31;
        var l32 = _l32;
        var l22 = _l22;
        var sv = _sValues;
        var rows = _l31Rows;
        var firstRowStart = rest.FirstRowStart;
        var firstRows = rest.FirstRows;
        var linkStart = rest.LinkStart;
        var linkLevel = rest.LinkLevel;
        var firstLinkRow = rest.FirstLinkRow;
        var levelBlock = rest.LevelBlock;
        bool sparse = _sparse is not null;
        var pos = cp.Schur?.CliquePositions;
        var cliqueStart = cp.Schur?.CliqueStart;
        double prod = 1;
        for (int j = 0; j < cp.L1; j++)
        {
            double l = Math.Sqrt(t * t * zz1[j] + 1);
            l11[j] = l;
            // The diagonal l ≥ 1: eight multiplied before one log, as in the one-factor paths.
            prod *= l;
            if ((j & 7) == 7) { logdet += 2 * Math.Log(prod); prod = 1; }
            int o = j * w;
            for (int k = 0; k < w; k++)
            {
                double v = zxy[o + k] * t / l;
                l31[o + k] = v;
                rows[k * q1 + j] = v;
            }
            int r0 = firstRowStart[j], r1 = firstRowStart[j + 1];
            for (int r = r0; r < r1; r++) l21[r] = zrz1[r] * t;
            for (int k = linkStart[j]; k < linkStart[j + 1]; k++)
            {
                int u = linkLevel[k], su = rest.LevelSize(u);
                var tu = _t[levelBlock[u]];
                if (su == 1) l21[firstLinkRow[k]] *= tu[0];
                else ApplyTransposeToRows(l21.AsSpan(firstLinkRow[k]), 1, su, tu);
            }
            for (int r = r0; r < r1; r++) l21[r] /= l;
            if (sparse)
            {
                // −L21_j L21_j' straight into S's values, at positions fixed by the design.
                int q = cliqueStart![j];
                for (int ia = r0; ia < r1; ia++)
                {
                    double a = l21[ia];
                    for (int ib = r0; ib <= ia; ib++) sv[pos![q++]] -= a * l21[ib];
                }
            }
            else
            {
                for (int ia = r0; ia < r1; ia++)
                {
                    int ra = firstRows[ia] * qr;
                    double a = l21[ia];
                    for (int ib = r0; ib <= ia; ib++) l22[ra + firstRows[ib]] += a * l21[ib];
                }
            }
            for (int a = 0; a < w; a++)
            {
                double la = l31[o + a];
                int ro = a * qr;
                for (int r = r0; r < r1; r++) l32[ro + firstRows[r]] += la * l21[r];
            }
        }
        logdet += 2 * Math.Log(prod);
        AccumulateRowProducts(rows, w, q1);
    }

    /// <summary>
    /// <see cref="FactorScalarFirstWithRest"/> on the sparse path when every rest block is scalar (students × teachers
    /// × schools): the same products in the same order per entry, so the same bits. Each rest row is one level with one
    /// T, so L21_j's row r is Zr'Z_j[r]·t·T_r / L11_j (as the general loop's t, then T_u, then / L11_j); L32 is summed
    /// transposed (w contiguous values per rest row) and turned round at the end. Two passes over the levels, each
    /// with few values live (one pass kept too many in registers): first L11 and L31 four levels at a time in 4-wide
    /// vectors (one level per lane: the same multiplications, divisions and square roots, element by element), then
    /// per level the rows it touches: L21, the clique's update of S and L32 (its w-long row updates in 4-wide vectors,
    /// again one product and one sum per element).
    /// </summary>
    private void FactorScalarFirstWithScalarRest(double t, ref double logdet)
    {
        var cp = _cp;
        int w = cp.P + 1, qr = cp.QRest, q1 = cp.Q1, l1 = cp.L1;
        var rest = cp.Rest;
        var scale = _restScale;
        for (int u = 0; u < qr; u++) scale[u] = _t[rest.LevelBlock[u]][0];
        Array.Clear(_l32ByRow);
        // The rows' lengths were checked when the arrays were made (RestPattern, RestSchur); these guard the reads below.
        if (cp.ZZ1.Length < l1 || cp.ZXy1.Length < l1 * w || _l31Rows.Length < w * q1 || _l31.Length < l1 * w || _l11.Length < l1
            || rest.FirstRowStart.Length < l1 + 1 || cp.Schur!.CliqueStart.Length < l1 || q1 != l1)
            throw new InvalidOperationException("The cross-products do not match the factor's layout.");
        logdet += FirstLevelsScalar(t, w, l1);
        RestRowsScalar(t, w, l1);
        AccumulateRowProducts(_l31Rows, w, q1);
        var byRow = _l32ByRow;
        for (int k = 0; k < w; k++)
        {
            var column = _l32.AsSpan(k * qr, qr);
            for (int r = 0; r < qr; r++) column[r] = byRow[r * w + k];
        }
    }

    /// <summary>
    /// L11_j = √(t²·Z_j'Z_j + 1) and L31_j = Z_j'[X y]·t / L11_j for every level j of the scalar first block, into _l11
    /// and the row layout _l31Rows (w rows of q1); returns log|L11|² (eight diagonals multiplied before one log, in
    /// level order, as the one-factor paths).
    /// </summary>
    private double FirstLevelsScalar(double t, int w, int l1)
    {
        ref double zz1 = ref MemoryMarshal.GetArrayDataReference(_cp.ZZ1);
        ref double zxy = ref MemoryMarshal.GetArrayDataReference(_cp.ZXy1);
        ref double l11 = ref MemoryMarshal.GetArrayDataReference(_l11);
        ref double rows = ref MemoryMarshal.GetArrayDataReference(_l31Rows);
        double tt = t * t, prod = 1, logdet = 0;
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256<double>.One;
            for (; j + 4 <= l1; j += 4)
            {
                var l = Vector256.Sqrt(tt * Vector256.LoadUnsafe(ref zz1, (nuint)j) + one);
                l.StoreUnsafe(ref l11, (nuint)j);
                for (int i = 0; i < 4; i++)
                {
                    // The diagonal l ≥ 1: eight multiplied before one log.
                    prod *= l.GetElement(i);
                    if (((j + i) & 7) == 7) { logdet += 2 * Math.Log(prod); prod = 1; }
                }
                ref double z = ref Unsafe.Add(ref zxy, j * w);
                for (int k = 0; k < w; k++)
                {
                    var v = Vector256.Create(Unsafe.Add(ref z, k), Unsafe.Add(ref z, w + k), Unsafe.Add(ref z, 2 * w + k), Unsafe.Add(ref z, 3 * w + k));
                    (v * t / l).StoreUnsafe(ref rows, (nuint)(k * l1 + j));
                }
            }
        }
        for (; j < l1; j++)
        {
            double l = Math.Sqrt(tt * Unsafe.Add(ref zz1, j) + 1);
            Unsafe.Add(ref l11, j) = l;
            prod *= l;
            if ((j & 7) == 7) { logdet += 2 * Math.Log(prod); prod = 1; }
            for (int k = 0; k < w; k++) Unsafe.Add(ref rows, k * l1 + j) = Unsafe.Add(ref zxy, j * w + k) * t / l;
        }
        return logdet + 2 * Math.Log(prod);
    }

    /// <summary>
    /// Per level j of the scalar first block, in order: L31_j into _l31 (level-major, from the row layout), then each
    /// rest row r it touches: L21_j[r] = Zr'Z_j[r]·t·T_r / L11_j, −L21_j L21_j' into S's values (at positions fixed by
    /// the design) and L31_j·L21_j[r] into row r of L32 transposed.
    /// </summary>
    private void RestRowsScalar(double t, int w, int l1)
    {
        var cp = _cp;
        var rest = cp.Rest;
        ref double zrz1 = ref MemoryMarshal.GetArrayDataReference(cp.ZrZ1);
        ref double l11 = ref MemoryMarshal.GetArrayDataReference(_l11);
        ref double l21 = ref MemoryMarshal.GetArrayDataReference(_l21);
        ref double l31 = ref MemoryMarshal.GetArrayDataReference(_l31);
        ref double rows = ref MemoryMarshal.GetArrayDataReference(_l31Rows);
        ref double sv = ref MemoryMarshal.GetArrayDataReference(_sValues);
        ref double sc = ref MemoryMarshal.GetArrayDataReference(_restScale);
        ref double l32 = ref MemoryMarshal.GetArrayDataReference(_l32ByRow);
        ref int firstRowStart = ref MemoryMarshal.GetArrayDataReference(rest.FirstRowStart);
        ref int firstRows = ref MemoryMarshal.GetArrayDataReference(rest.FirstRows);
        ref int pos = ref MemoryMarshal.GetArrayDataReference(cp.Schur!.CliquePositions);
        ref int cliqueStart = ref MemoryMarshal.GetArrayDataReference(cp.Schur.CliqueStart);
        bool vector = Vector256.IsHardwareAccelerated;
        int wv = vector ? w & ~3 : 0;
        for (int j = 0; j < l1; j++)
        {
            ref double l31j = ref Unsafe.Add(ref l31, j * w);
            for (int k = 0; k < w; k++) Unsafe.Add(ref l31j, k) = Unsafe.Add(ref rows, k * l1 + j);
            int r0 = Unsafe.Add(ref firstRowStart, j), r1 = Unsafe.Add(ref firstRowStart, j + 1);
            double l = Unsafe.Add(ref l11, j);
            int q = Unsafe.Add(ref cliqueStart, j);
            for (int ia = r0; ia < r1; ia++)
            {
                int row = Unsafe.Add(ref firstRows, ia);
                double a = Unsafe.Add(ref zrz1, ia) * t * Unsafe.Add(ref sc, row) / l;
                Unsafe.Add(ref l21, ia) = a;
                for (int ib = r0; ib < ia; ib++) Unsafe.Add(ref sv, Unsafe.Add(ref pos, q++)) -= a * Unsafe.Add(ref l21, ib);
                Unsafe.Add(ref sv, Unsafe.Add(ref pos, q++)) -= a * a;
                ref double target = ref Unsafe.Add(ref l32, row * w);
                int k = 0;
                for (; k < wv; k += 4)
                    (Vector256.LoadUnsafe(ref target, (nuint)k) + Vector256.LoadUnsafe(ref l31j, (nuint)k) * a).StoreUnsafe(ref target, (nuint)k);
                for (; k < w; k++) Unsafe.Add(ref target, k) += Unsafe.Add(ref l31j, k) * a;
            }
        }
    }

    /// <summary>Adds Σ_j L31_j L31_j' to L33's lower triangle from the row layout (each entry one <see cref="DenseMath.Dot"/>,
    /// four entries of a row at a time by <see cref="DenseMath.Dot4"/>: the same bits).</summary>
    private void AccumulateRowProducts(double[] rows, int w, int q1)
    {
        for (int a = 0; a < w; a++)
        {
            var ra = rows.AsSpan(a * q1, q1);
            int b = 0;
            for (; b + 3 <= a; b += 4)
            {
                var (d0, d1, d2, d3) = DenseMath.Dot4(ra, rows.AsSpan(b * q1, q1), rows.AsSpan((b + 1) * q1, q1),
                    rows.AsSpan((b + 2) * q1, q1), rows.AsSpan((b + 3) * q1, q1));
                _l33[a * w + b] += d0;
                _l33[a * w + b + 1] += d1;
                _l33[a * w + b + 2] += d2;
                _l33[a * w + b + 3] += d3;
            }
            for (; b <= a; b++) _l33[a * w + b] += DenseMath.Dot(ra, rows.AsSpan(b * q1, q1));
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

    /// <summary>
    /// Solves L22 x = v in place: v in the rest blocks' order, x in the factor's (permuted when sparse). The only way
    /// L22 is used outside the factorisation, so the dense and sparse paths look the same to every caller.
    /// </summary>
    internal void ForwardSolveRest(Span<double> v) => ForwardSolveRestMany(v, 1);

    /// <summary>As <see cref="ForwardSolveRest"/> for count vectors of length QRest one after another.</summary>
    internal void ForwardSolveRestMany(Span<double> v, int count)
    {
        int qr = _cp.QRest;
        if (_sparse is null)
        {
            for (int k = 0; k < count; k++) DenseMath.ForwardSolve(_l22, qr, v.Slice(k * qr, qr));
            return;
        }
        var perm = _sparse.Symbolic.Permutation;
        var y = _permWork.AsSpan(0, qr);
        for (int c = 0; c < count; c++)
        {
            var vc = v.Slice(c * qr, qr);
            for (int k = 0; k < y.Length; k++) y[k] = vc[perm[k]];
            y.CopyTo(vc);
        }
        _sparse.SolveLower(v, count);
    }

    /// <summary>Solves L22' x = v in place: v in the factor's order, x in the rest blocks' order.</summary>
    internal void BackSolveRestTransposed(Span<double> v) => BackSolveRestTransposedMany(v, 1);

    /// <summary>As <see cref="BackSolveRestTransposed"/> for count vectors of length QRest one after another.</summary>
    internal void BackSolveRestTransposedMany(Span<double> v, int count)
    {
        int qr = _cp.QRest;
        if (_sparse is null)
        {
            for (int k = 0; k < count; k++) DenseMath.BackSolveTransposed(_l22, qr, v.Slice(k * qr, qr));
            return;
        }
        _sparse.SolveLowerTransposed(v, count);
        var perm = _sparse.Symbolic.Permutation;
        var y = _permWork.AsSpan(0, qr);
        for (int c = 0; c < count; c++)
        {
            var vc = v.Slice(c * qr, qr);
            for (int k = 0; k < qr; k++) y[perm[k]] = vc[k];
            y.CopyTo(vc);
        }
    }

    /// <summary>
    /// For every pair (u ≥ v) of rest levels that meet: T_u' B T_v (B their block of Zr'Zr) into _pairOut, then
    /// <paramref name="store"/>(entry in _pairOut, pair, index of the entry in Zr'Zr, rest row, rest column) for each entry.
    /// </summary>
    private void AddRestCrossproducts(Action<int, int, int, int, int> store)
    {
        var cp = _cp;
        var rest = cp.Rest;
        var zrzr = cp.ZrZr;
        for (int u = 0; u < rest.LevelCount; u++)
        {
            int su = rest.LevelSize(u), ru = rest.LevelRow[u];
            var tu = _t[rest.LevelBlock[u]];
            for (int k = rest.PairStart[u]; k < rest.PairStart[u + 1]; k++)
            {
                int v = rest.PairLevel[k], sv = rest.LevelSize(v), rv = rest.LevelRow[v], o = rest.PairValueStart[k];
                var tv = _t[rest.LevelBlock[v]];
                // X = B T_v, then T_u' X.
                for (int a = 0; a < su; a++)
                    for (int b = 0; b < sv; b++)
                    {
                        double s = 0;
                        for (int c = b; c < sv; c++) s += zrzr[o + a * sv + c] * tv[c * sv + b];
                        _pairTmp[a * sv + b] = s;
                    }
                for (int a = 0; a < su; a++)
                    for (int b = 0; b < sv; b++)
                    {
                        double s = 0;
                        for (int c = a; c < su; c++) s += tu[c * su + a] * _pairTmp[c * sv + b];
                        _pairOut[a * sv + b] = s;
                    }
                for (int a = 0; a < su; a++)
                    for (int b = 0; b < sv; b++)
                    {
                        if (u == v && b > a) continue;
                        store(a * sv + b, k, o + a * sv + b, ru + a, rv + b);
                    }
            }
        }
    }

    /// <summary>Replaces the rows of m (QRest × width) by Λr' times them, level by level of each rest block.</summary>
    private void ApplyRestTransposeToRows(Span<double> m, int width)
    {
        var cp = _cp;
        for (int bi = 1; bi < cp.Blocks.Count; bi++)
        {
            int size = cp.Blocks[bi].Size;
            for (int l = 0; l < cp.Blocks[bi].LevelCount; l++)
                ApplyTransposeToRows(m.Slice((cp.RestOffsets[bi] + l * size) * width), width, size, _t[bi]);
        }
    }

    /// <summary>Replaces the first <paramref name="size"/> rows of m (row length width) by T' times them.</summary>
    private void ApplyTransposeToRows(Span<double> m, int width, int size, double[] t)
    {
        if (size == 1)
        {
            double t0 = t[0];
            for (int c = 0; c < width; c++) m[c] *= t0;
            return;
        }
        var col = _row.AsSpan(0, size);
        for (int c = 0; c < width; c++)
        {
            for (int a = 0; a < size; a++) col[a] = m[a * width + c];
            // (T' v)_a = Σ_{k ≥ a} T[k, a] v_k
            for (int a = 0; a < size; a++)
            {
                double s = 0;
                for (int k = a; k < size; k++) s += t[k * size + a] * col[k];
                m[a * width + c] = s;
            }
        }
    }
}
