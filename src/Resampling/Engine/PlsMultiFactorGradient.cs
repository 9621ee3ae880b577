using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Resampling.Numerics;
using Resampling.Numerics.Sparse;
using Resampling.Optimization;
namespace Resampling.Engine;

/// <summary>
/// The analytic gradient of the profiled REML criterion or ML deviance in θ for models with several grouping factors
/// (docs/engine.md §9). With M = Λ'Z'ZΛ + I, A = R_X'R_X, W = M⁻¹Λ'Z'X, G = Z'X − Z'ZΛW, e the PLS residual and û the
/// modes, for θ_k at (r, c) of a block's T, summed over that block's levels l:
/// <code>
///   ∂/∂θ_k = 2 Σ_l (M⁻¹Λ'Z'Z)_ll[c, r] − (2m/r²) Σ_l (Z'e)_l[r] û_l[c] − [2 Σ_l (W_l A⁻¹ G_l')[c, r]]
/// </code>
/// (the bracket for REML only). The first term needs M⁻¹ only where Z'Z is non-zero, which the blocked factor gives from
/// the inverse of the rest blocks' Schur complement S on its own pattern (dense inverse, or the selected inverse of the
/// sparse factor) and the first block's small blocks. Everything else is p + 1 solves with the factor and products with
/// the cross-products: no pass over the rows. The one-factor gradient keeps its own fast path (<see cref="PlsGradient"/>).
/// Holds its workspace: one instance per factor (per thread).
/// </summary>
internal sealed class PlsMultiFactorGradient
{
    private readonly PlsFactor _factor;
    private readonly Crossproducts _cp;
    private readonly int _q;
    // W = M⁻¹Λ'Z'[X y], ΛW and G = Z'[X y] − Z'ZΛW (q × w), and β̂: shared with PlsVarianceDerivatives.
    private readonly PlsEffectSolves _solves;
    private readonly double[] _w, _g;
    // Per row: û, Z'e, and R⁻¹ times the rows of W and G (q × p).
    private readonly double[] _ue, _ze, _wt, _gt;
    private readonly double[] _beta;
    // Per level j of the first block: S⁻¹ on j's clique, N_j = L21_j L11_j⁻¹, P_j = −S⁻¹N_j, Λr'Zr'Z_j, Zr'Z_j T1.
    private readonly double[] _stt, _n, _pj, _rj, _qj, _minv, _y1;
    // Per block: C_b[r·size + c] (the residual and REML terms) and X_b = Σ_l (M⁻¹Λ'Z'Z)_ll [a·size + b].
    private readonly double[][] _c, _x;
    // One pair block of rest levels: S⁻¹ on it and T'B.
    private readonly double[] _sblk, _tb;
    private double[]? _sInverse;
    private readonly SelectedInverse? _selected;
    // Per block, X_b's entry for scalar blocks (AccumulateScalarFirstScalarRest).
    private readonly double[] _xScalar;

    public PlsMultiFactorGradient(PlsFactor factor)
    {
        _factor = factor;
        _cp = factor.Crossproducts;
        var cp = _cp;
        int p = cp.P, w = p + 1, p1 = cp.P1;
        _q = cp.Q1 + cp.QRest;
        _solves = new PlsEffectSolves(factor);
        _w = _solves.W;
        _g = _solves.G;
        _ue = new double[_q];
        _ze = new double[_q];
        _wt = new double[_q * p];
        _gt = new double[_q * p];
        _beta = _solves.Beta;
        int maxTouched = 0;
        if (cp.QRest > 0)
            for (int j = 0; j < cp.L1; j++) maxTouched = Math.Max(maxTouched, cp.Rest.FirstRowStart[j + 1] - cp.Rest.FirstRowStart[j]);
        _stt = new double[maxTouched * maxTouched];
        _n = new double[maxTouched * p1];
        _pj = new double[maxTouched * p1];
        _rj = new double[maxTouched * p1];
        _qj = new double[maxTouched * p1];
        _minv = new double[p1 * p1];
        _y1 = new double[p1 * p1];
        _c = cp.Blocks.Select(b => new double[b.Size * b.Size]).ToArray();
        _x = cp.Blocks.Select(b => new double[b.Size * b.Size]).ToArray();
        int maxSize = cp.Blocks.Max(b => b.Size);
        _sblk = new double[maxSize * maxSize];
        _tb = new double[maxSize * maxSize];
        _xScalar = new double[cp.Blocks.Count];
        if (factor.RestSparseFactor is { } sparse)
        {
            _selected = new SelectedInverse(sparse);
            _sInverse = new double[cp.Schur!.Pattern.NonZeros];
        }
    }

    /// <summary>
    /// The analytic gradient for any model: the one-factor fast path (<see cref="PlsGradient"/>) when it applies, this
    /// type's otherwise.
    /// </summary>
    public static GradientFunction? For(PlsFactor factor, bool reml) =>
        new PlsGradient(factor).Function(reml) ?? new PlsMultiFactorGradient(factor).Function(reml);

    /// <summary>True for models with grouping factors after the first (the one-factor case is <see cref="PlsGradient"/>'s).</summary>
    public bool Applies => _cp.QRest > 0;

    /// <summary>The gradient at θ, factoring again unless the factor is already at θ; false when the factorisation fails.</summary>
    public bool TryGradient(ReadOnlySpan<double> theta, bool reml, Span<double> gradient)
    {
        if (!Applies) return false;
        if (!_factor.FactoredAt(theta)) _factor.Factor(theta);
        return TryGradient(reml, gradient);
    }

    /// <summary>The optimiser's view of <see cref="TryGradient(ReadOnlySpan{double}, bool, Span{double})"/>; null when it does not apply.</summary>
    public GradientFunction? Function(bool reml) => Applies ? (x, g) => TryGradient(x, reml, g) : null;

    /// <summary>Writes the gradient of <see cref="PlsFactor.Objective"/> at the last factored θ; false if that factorisation failed.</summary>
    public bool TryGradient(bool reml, Span<double> gradient)
    {
        if (!Applies || !_factor.Ok) return false;
        var cp = _cp;
        // The selected inverse needs only the factor, the solves and row terms only the factor's other blocks: a large
        // one runs beside them on a second core (same arithmetic either way).
        var inverse = RunInverseAlongside() ? Task.Run(InvertSchur) : null;
        _solves.Compute();
        RowTerms(reml);
        foreach (var c in _c) Array.Clear(c);
        foreach (var x in _x) Array.Clear(x);
        AccumulateRowTerms(reml);
        if (inverse is null) InvertSchur();
        else inverse.GetAwaiter().GetResult();
        AccumulateFirstLevels();
        AccumulateRestPairs();
        for (int b = 0; b < cp.Blocks.Count; b++)
        {
            int s = cp.Blocks[b].Size;
            var c = _c[b];
            var x = _x[b];
            foreach (var (r, col, k) in cp.Blocks[b].ThetaPositions) gradient[k] = c[r * s + col] + 2 * x[col * s + r];
        }
        return true;
    }

    /// <summary>Per row: û and Z'e (the [X y] columns combined with (−β̂, 1)), and for REML R⁻¹ times W's and G's rows.</summary>
    private void RowTerms(bool reml)
    {
        int p = _cp.P, w = p + 1;
        var l33 = _factor.L33;
        int start = reml && Vector256.IsHardwareAccelerated && p <= MaxVectorRowTermsP ? RowTermsFourAtATime() : 0;
        for (int row = start; row < _q; row++)
        {
            int o = row * w;
            double u = _w[o + p], ze = _g[o + p];
            for (int k = 0; k < p; k++) { u -= _w[o + k] * _beta[k]; ze -= _g[o + k] * _beta[k]; }
            _ue[row] = u;
            _ze[row] = ze;
            if (!reml) continue;
            // W_l A⁻¹ G_l' = (R⁻¹W_l')'(R⁻¹G_l') with A = R R' (R = L33's top-left block, lower).
            var wt = _wt.AsSpan(row * p, p);
            var gt = _gt.AsSpan(row * p, p);
            for (int i = 0; i < p; i++)
            {
                double sw = _w[o + i], sg = _g[o + i];
                for (int k = 0; k < i; k++) { sw -= l33[i * w + k] * wt[k]; sg -= l33[i * w + k] * gt[k]; }
                wt[i] = sw / l33[i * w + i];
                gt[i] = sg / l33[i * w + i];
            }
        }
    }

    /// <summary>Fixed effects up to which <see cref="RowTermsFourAtATime"/> keeps its rows' solves on the stack.</summary>
    private const int MaxVectorRowTermsP = 32;

    /// <summary>
    /// <see cref="RowTerms"/> for REML on rows 0 … 4⌊q/4⌋ − 1, four rows at a time: the same operations per row in the
    /// same order (each lane of a 4-wide vector one row; a product, then a difference; a division per entry), so the
    /// same bits, with a quarter of the divisions (two per row and fixed effect dominated the scalar loop). Returns the
    /// first row it left to the scalar loop.
    /// </summary>
    private int RowTermsFourAtATime()
    {
        int p = _cp.P, w = p + 1, rows = _q & ~3;
        var l33 = _factor.L33;
        if (_w.Length < _q * w || _g.Length < _q * w || _wt.Length < _q * p || _gt.Length < _q * p || l33.Length < w * w || _beta.Length < p)
            throw new InvalidOperationException("The gradient's workspaces do not match the cross-products.");
        ref double wr = ref MemoryMarshal.GetArrayDataReference(_w);
        ref double gr = ref MemoryMarshal.GetArrayDataReference(_g);
        ref double wtr = ref MemoryMarshal.GetArrayDataReference(_wt);
        ref double gtr = ref MemoryMarshal.GetArrayDataReference(_gt);
        ref double lr = ref MemoryMarshal.GetReference(l33);
        ref double br = ref MemoryMarshal.GetArrayDataReference(_beta);
        Span<Vector256<double>> wt = stackalloc Vector256<double>[p];
        Span<Vector256<double>> gt = stackalloc Vector256<double>[p];
        for (int row = 0; row < rows; row += 4)
        {
            int o0 = row * w, o1 = o0 + w, o2 = o1 + w, o3 = o2 + w;
            var u = Vector256.Create(Unsafe.Add(ref wr, o0 + p), Unsafe.Add(ref wr, o1 + p), Unsafe.Add(ref wr, o2 + p), Unsafe.Add(ref wr, o3 + p));
            var ze = Vector256.Create(Unsafe.Add(ref gr, o0 + p), Unsafe.Add(ref gr, o1 + p), Unsafe.Add(ref gr, o2 + p), Unsafe.Add(ref gr, o3 + p));
            for (int i = 0; i < p; i++)
            {
                var sw = Vector256.Create(Unsafe.Add(ref wr, o0 + i), Unsafe.Add(ref wr, o1 + i), Unsafe.Add(ref wr, o2 + i), Unsafe.Add(ref wr, o3 + i));
                var sg = Vector256.Create(Unsafe.Add(ref gr, o0 + i), Unsafe.Add(ref gr, o1 + i), Unsafe.Add(ref gr, o2 + i), Unsafe.Add(ref gr, o3 + i));
                var b = Vector256.Create(Unsafe.Add(ref br, i));
                u -= sw * b;
                ze -= sg * b;
                // W_l A⁻¹ G_l' = (R⁻¹W_l')'(R⁻¹G_l') with A = R R' (R = L33's top-left block, lower).
                for (int k = 0; k < i; k++)
                {
                    var c = Vector256.Create(Unsafe.Add(ref lr, i * w + k));
                    sw -= c * wt[k];
                    sg -= c * gt[k];
                }
                var d = Vector256.Create(Unsafe.Add(ref lr, i * w + i));
                wt[i] = sw / d;
                gt[i] = sg / d;
            }
            u.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(_ue), (nuint)row);
            ze.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(_ze), (nuint)row);
            for (int lane = 0; lane < 4; lane++)
            {
                int to = (row + lane) * p;
                for (int i = 0; i < p; i++)
                {
                    Unsafe.Add(ref wtr, to + i) = wt[i].GetElement(lane);
                    Unsafe.Add(ref gtr, to + i) = gt[i].GetElement(lane);
                }
            }
        }
        return rows;
    }

    /// <summary>C_b[r, c] += −(2m/r²) Σ_l (Z'e)_l[r] û_l[c] − [2 Σ_l (W_l A⁻¹ G_l')[c, r]] over every level of every block.</summary>
    private void AccumulateRowTerms(bool reml)
    {
        var cp = _cp;
        int p = cp.P;
        double scale = -2 * (reml ? cp.N - p : cp.N) / _factor.Pwrss;
        for (int b = 0; b < cp.Blocks.Count; b++)
        {
            int s = cp.Blocks[b].Size;
            int first = b == 0 ? 0 : cp.Q1 + cp.RestOffsets[b];
            var c = _c[b];
            for (int l = 0; l < cp.Blocks[b].LevelCount; l++)
            {
                int o = first + l * s;
                for (int r = 0; r < s; r++)
                    for (int col = 0; col < s; col++)
                    {
                        double v = scale * _ze[o + r] * _ue[o + col];
                        if (reml)
                        {
                            int wo = (o + col) * p, go = (o + r) * p;
                            double d = 0;
                            for (int i = 0; i < p; i++) d += _wt[wo + i] * _gt[go + i];
                            v -= 2 * d;
                        }
                        c[r * s + col] += v;
                    }
            }
        }
    }

    /// <summary>S⁻¹: dense from L22 on the dense path, the selected inverse on S's pattern on the sparse one.</summary>
    /// <summary>Stored values of the factor from which its selected inverse is worth a second thread (InstEval's S: 290,000).</summary>
    private const long ConcurrentInverseMinimum = 100_000;

    /// <summary>
    /// True when the selected inverse is large, the machine has a second core, and the caller is not itself one of
    /// the thread pool's workers (a bootstrap or ranking loop already keeps every core busy with its own fits).
    /// </summary>
    private bool RunInverseAlongside() =>
        _selected is not null && _selected.Symbolic.StoredValues >= ConcurrentInverseMinimum
        && Environment.ProcessorCount > 1 && !Thread.CurrentThread.IsThreadPoolThread;

    private void InvertSchur()
    {
        if (_selected is null)
        {
            _sInverse = DenseMath.InverseFromCholesky(_factor.L22Dense, _cp.QRest);
            return;
        }
        _selected.Compute();
        _selected.OnMatrixPattern(_sInverse);
    }

    /// <summary>(S⁻¹)[ra, rb] for rest rows ra ≥ rb given its position in S's pattern (sparse path) or by index (dense).</summary>
    private double SInverse(int ra, int rb, int position) =>
        _selected is null ? _sInverse![ra * _cp.QRest + rb] : _sInverse![position];

    /// <summary>
    /// For each level j of the first block, with t the rest rows it touches, N = L21_j L11_j⁻¹ and P = (M⁻¹)_tj = −S⁻¹_tt N:
    /// X_0 += (M⁻¹)_jj T1'Z_j'Z_j + P'Λ_t'Z_t'Z_j with (M⁻¹)_jj = M11_j⁻¹ − N'P, and for each rest level u in t
    /// X_b(u) += P_u (Z_u'Z_j T1)'.
    /// </summary>
    private void AccumulateFirstLevels()
    {
        var cp = _cp;
        int p1 = cp.P1;
        if (p1 == 1) { AccumulateScalarFirstLevels(); return; }
        var rest = cp.Rest;
        var t1 = _factor.BlockFactor(0);
        var l11All = _factor.L11;
        var l21All = _factor.L21;
        var x0 = _x[0];
        var schur = cp.Schur;
        Span<double> e = stackalloc double[p1];
        for (int j = 0; j < cp.L1; j++)
        {
            int r0 = rest.FirstRowStart[j], nt = rest.FirstRowStart[j + 1] - r0;
            var l11 = l11All.Slice(j * p1 * p1, p1 * p1);
            var stt = _stt.AsSpan(0, nt * nt);
            int pos = schur?.CliqueStart[j] ?? 0;
            for (int ia = 0; ia < nt; ia++)
                for (int ib = 0; ib <= ia; ib++)
                {
                    double v = SInverse(rest.FirstRows[r0 + ia], rest.FirstRows[r0 + ib], schur is null ? 0 : schur.CliquePositions[pos++]);
                    stt[ia * nt + ib] = v;
                    stt[ib * nt + ia] = v;
                }
            // N's rows n_t = L11_j⁻ᵀ l21_t.
            var n = _n.AsSpan(0, nt * p1);
            l21All.Slice(r0 * p1, nt * p1).CopyTo(n);
            for (int t = 0; t < nt; t++) DenseMath.BackSolveTransposed(l11, p1, n.Slice(t * p1, p1));
            var pj = _pj.AsSpan(0, nt * p1);
            for (int ia = 0; ia < nt; ia++)
                for (int c = 0; c < p1; c++)
                {
                    double s = 0;
                    for (int ib = 0; ib < nt; ib++) s -= stt[ia * nt + ib] * n[ib * p1 + c];
                    pj[ia * p1 + c] = s;
                }
            // M11_j⁻¹ = L11⁻ᵀL11⁻¹ by columns, then (M⁻¹)_jj = M11_j⁻¹ − N'P.
            for (int c = 0; c < p1; c++)
            {
                e.Clear();
                e[c] = 1;
                DenseMath.ForwardSolve(l11, p1, e);
                DenseMath.BackSolveTransposed(l11, p1, e);
                for (int a = 0; a < p1; a++) _minv[a * p1 + c] = e[a];
            }
            for (int a = 0; a < p1; a++)
                for (int c = 0; c < p1; c++)
                {
                    double s = 0;
                    for (int t = 0; t < nt; t++) s += n[t * p1 + a] * pj[t * p1 + c];
                    _minv[a * p1 + c] -= s;
                }
            // Y1 = T1'Z_j'Z_j; X_0 += (M⁻¹)_jj Y1.
            var zz = cp.ZZ1.AsSpan(j * p1 * p1, p1 * p1);
            for (int a = 0; a < p1; a++)
                for (int b = 0; b < p1; b++)
                {
                    double s = 0;
                    for (int d = a; d < p1; d++) s += t1[d * p1 + a] * zz[d * p1 + b];
                    _y1[a * p1 + b] = s;
                }
            for (int a = 0; a < p1; a++)
                for (int b = 0; b < p1; b++)
                {
                    double s = 0;
                    for (int d = 0; d < p1; d++) s += _minv[a * p1 + d] * _y1[d * p1 + b];
                    x0[a * p1 + b] += s;
                }
            // R = Λ_t'Z_t'Z_j (each linked level's rows times its T'), Q = Z_t'Z_j T1.
            var zrz1 = cp.ZrZ1.AsSpan(r0 * p1, nt * p1);
            var rj = _rj.AsSpan(0, nt * p1);
            var qj = _qj.AsSpan(0, nt * p1);
            for (int t = 0; t < nt; t++)
                for (int c = 0; c < p1; c++)
                {
                    double s = 0;
                    for (int d = c; d < p1; d++) s += zrz1[t * p1 + d] * t1[d * p1 + c];
                    qj[t * p1 + c] = s;
                }
            for (int k = rest.LinkStart[j]; k < rest.LinkStart[j + 1]; k++)
            {
                int u = rest.LinkLevel[k], su = rest.LevelSize(u), o = rest.FirstLinkRow[k] - r0, bu = rest.LevelBlock[u];
                var tu = _factor.BlockFactor(bu);
                for (int a = 0; a < su; a++)
                    for (int c = 0; c < p1; c++)
                    {
                        double s = 0;
                        for (int d = a; d < su; d++) s += tu[d * su + a] * zrz1[(o + d) * p1 + c];
                        rj[(o + a) * p1 + c] = s;
                    }
                var xu = _x[bu];
                for (int a = 0; a < su; a++)
                    for (int b = 0; b < su; b++)
                    {
                        double s = 0;
                        for (int c = 0; c < p1; c++) s += pj[(o + a) * p1 + c] * qj[(o + b) * p1 + c];
                        xu[a * su + b] += s;
                    }
            }
            for (int a = 0; a < p1; a++)
                for (int b = 0; b < p1; b++)
                {
                    double s = 0;
                    for (int t = 0; t < nt; t++) s += pj[t * p1 + a] * rj[t * p1 + b];
                    x0[a * p1 + b] += s;
                }
        }
    }

    /// <summary>
    /// <see cref="AccumulateFirstLevels"/> for a random intercept first (p1 = 1, e.g. students), in scalar code: with
    /// l = L11_j, n_t = l21_t / l, P = −S⁻¹_tt n, (M⁻¹)_jj = 1/l² − n'P, X_0 += (M⁻¹)_jj t1 Z_j'Z_j + P'Λ_t'Z_t'Z_j and
    /// X_b(u) += P_u (Z_u'Z_j t1)'. The general loop's spans and 1 × 1 solves cost more than this arithmetic.
    /// </summary>
    private void AccumulateScalarFirstLevels()
    {
        if (_factor.ScalarFirstAndRest)
        {
            AccumulateScalarFirstScalarRest();
            return;
        }
        var cp = _cp;
        var rest = cp.Rest;
        double t1 = _factor.BlockFactor(0)[0];
        var l11 = _factor.L11;
        var l21 = _factor.L21;
        var zz1 = cp.ZZ1;
        var zrz1 = cp.ZrZ1;
        var firstRowStart = rest.FirstRowStart;
        var firstRows = rest.FirstRows;
        var linkStart = rest.LinkStart;
        var linkLevel = rest.LinkLevel;
        var firstLinkRow = rest.FirstLinkRow;
        var levelBlock = rest.LevelBlock;
        var schur = cp.Schur;
        var cliquePositions = schur?.CliquePositions;
        var sInverse = _sInverse!;
        int qr = cp.QRest;
        var n = _n;
        var pj = _pj;
        var rj = _rj;
        double x0 = 0;
        for (int j = 0; j < cp.L1; j++)
        {
            int r0 = firstRowStart[j], nt = firstRowStart[j + 1] - r0;
            double l = l11[j];
            int pos = schur?.CliqueStart[j] ?? 0;
            for (int ia = 0; ia < nt; ia++) { n[ia] = l21[r0 + ia] / l; pj[ia] = 0; }
            // P = −S⁻¹_tt n from the packed lower triangle of the clique, each entry read once.
            for (int ia = 0; ia < nt; ia++)
            {
                double s = pj[ia], na = n[ia];
                for (int ib = 0; ib < ia; ib++)
                {
                    double v = cliquePositions is null ? sInverse[firstRows[r0 + ia] * qr + firstRows[r0 + ib]] : sInverse[cliquePositions[pos++]];
                    s -= v * n[ib];
                    pj[ib] -= v * na;
                }
                double d = cliquePositions is null ? sInverse[firstRows[r0 + ia] * qr + firstRows[r0 + ia]] : sInverse[cliquePositions[pos++]];
                pj[ia] = s - d * na;
            }
            double np = 0;
            for (int ia = 0; ia < nt; ia++) np += n[ia] * pj[ia];
            double minv = 1 / l / l - np;
            x0 += minv * (t1 * zz1[j]);
            // R = Λ_t'Z_t'Z_j, Q = Z_t'Z_j t1: X_b(u) += P_u Q_u', X_0 += P'R.
            for (int k = linkStart[j]; k < linkStart[j + 1]; k++)
            {
                int u = linkLevel[k], su = rest.LevelSize(u), o = firstLinkRow[k] - r0, bu = levelBlock[u];
                var tu = _factor.BlockFactor(bu);
                var xu = _x[bu];
                for (int a = 0; a < su; a++)
                {
                    double s = 0;
                    for (int d = a; d < su; d++) s += tu[d * su + a] * zrz1[r0 + o + d];
                    rj[o + a] = s;
                    for (int b = 0; b < su; b++) xu[a * su + b] += pj[o + a] * (zrz1[r0 + o + b] * t1);
                }
            }
            double pr = 0;
            for (int ia = 0; ia < nt; ia++) pr += pj[ia] * rj[ia];
            x0 += pr;
        }
        _x[0][0] += x0;
    }

    /// <summary>
    /// <see cref="AccumulateScalarFirstLevels"/> when every rest block is scalar too (students × teachers × schools, the
    /// sparse path): each of j's rows is one rest level with one T, so n, P's rows, n'P, R, Q and P'R are taken in one or
    /// two passes over j's few rows instead of five, each sum in the same order as there (the same bits).
    /// </summary>
    private void AccumulateScalarFirstScalarRest()
    {
        var cp = _cp;
        var rest = cp.Rest;
        double t1 = _factor.BlockFactor(0)[0];
        var schur = cp.Schur!;
        if (rest.FirstRowStart.Length < cp.L1 + 1 || schur.CliqueStart.Length < cp.L1 || cp.ZZ1.Length < cp.L1 || _factor.L11.Length < cp.L1)
            throw new InvalidOperationException("The cross-products do not match the factor's layout.");
        ref double l11 = ref MemoryMarshal.GetReference(_factor.L11);
        ref double l21 = ref MemoryMarshal.GetReference(_factor.L21);
        ref double zz1 = ref MemoryMarshal.GetArrayDataReference(cp.ZZ1);
        ref double zrz1 = ref MemoryMarshal.GetArrayDataReference(cp.ZrZ1);
        ref int firstRowStart = ref MemoryMarshal.GetArrayDataReference(rest.FirstRowStart);
        ref int firstRows = ref MemoryMarshal.GetArrayDataReference(rest.FirstRows);
        ref int levelBlock = ref MemoryMarshal.GetArrayDataReference(rest.LevelBlock);
        ref int cliqueStart = ref MemoryMarshal.GetArrayDataReference(schur.CliqueStart);
        ref int positions = ref MemoryMarshal.GetArrayDataReference(schur.CliquePositions);
        ref double sInverse = ref MemoryMarshal.GetArrayDataReference(_sInverse!);
        ref double scale = ref MemoryMarshal.GetReference(_factor.RestScale);
        ref double n = ref MemoryMarshal.GetArrayDataReference(_n);
        ref double pj = ref MemoryMarshal.GetArrayDataReference(_pj);
        // X_b's single entry per block, summed here in the same order as into _x[b][0] (from zero: cleared by the caller).
        var xb = _xScalar;
        Array.Clear(xb);
        ref double x = ref MemoryMarshal.GetArrayDataReference(xb);
        double x0 = 0;
        for (int j = 0; j < cp.L1; j++)
        {
            int r0 = Unsafe.Add(ref firstRowStart, j), nt = Unsafe.Add(ref firstRowStart, j + 1) - r0;
            double l = Unsafe.Add(ref l11, j);
            int pos = Unsafe.Add(ref cliqueStart, j);
            // P = −S⁻¹_tt n from the packed lower triangle of the clique, each entry read once; row ia's n as it comes.
            for (int ia = 0; ia < nt; ia++)
            {
                double na = Unsafe.Add(ref l21, r0 + ia) / l;
                Unsafe.Add(ref n, ia) = na;
                double s = 0;
                for (int ib = 0; ib < ia; ib++)
                {
                    double v = Unsafe.Add(ref sInverse, Unsafe.Add(ref positions, pos++));
                    s -= v * Unsafe.Add(ref n, ib);
                    Unsafe.Add(ref pj, ib) -= v * na;
                }
                double d = Unsafe.Add(ref sInverse, Unsafe.Add(ref positions, pos++));
                Unsafe.Add(ref pj, ia) = s - d * na;
            }
            // n'P, then per row (one linked level): R = T_u Z_u'Z_j, X_b(u) += P_u (Z_u'Z_j t1), P'R.
            double np = 0, pr = 0;
            for (int ia = 0; ia < nt; ia++)
            {
                double pa = Unsafe.Add(ref pj, ia);
                np += Unsafe.Add(ref n, ia) * pa;
                int row = Unsafe.Add(ref firstRows, r0 + ia);
                double z = Unsafe.Add(ref zrz1, r0 + ia);
                double rj = 0;
                rj += Unsafe.Add(ref scale, row) * z;
                Unsafe.Add(ref x, Unsafe.Add(ref levelBlock, row)) += pa * (z * t1);
                pr += pa * rj;
            }
            double minv = 1 / l / l - np;
            x0 += minv * (t1 * Unsafe.Add(ref zz1, j));
            x0 += pr;
        }
        for (int b = 1; b < cp.Blocks.Count; b++) _x[b][0] += xb[b];
        _x[0][0] += x0;
    }

    /// <summary>
    /// For each pair (u ≥ v) of rest levels sharing rows, with B = Z_u'Z_v: X_b(u) += S⁻¹_uv T_v'B', and for u ≠ v also
    /// X_b(v) += S⁻¹_vu T_u'B.
    /// </summary>
    private void AccumulateRestPairs()
    {
        var cp = _cp;
        var rest = cp.Rest;
        var zrzr = cp.ZrZr;
        var pairPos = cp.Schur?.PairPositions;
        for (int u = 0; u < rest.LevelCount; u++)
        {
            int su = rest.LevelSize(u), ru = rest.LevelRow[u], bu = rest.LevelBlock[u];
            var tu = _factor.BlockFactor(bu);
            for (int pk = rest.PairStart[u]; pk < rest.PairStart[u + 1]; pk++)
            {
                int v = rest.PairLevel[pk], sv = rest.LevelSize(v), rv = rest.LevelRow[v], o = rest.PairValueStart[pk], bv = rest.LevelBlock[v];
                var tv = _factor.BlockFactor(bv);
                // sblk[a, c] = S⁻¹[ru + a, rv + c]; on a diagonal pair the upper half is read from its mirror.
                var sblk = _sblk.AsSpan(0, su * sv);
                for (int a = 0; a < su; a++)
                    for (int c = 0; c < sv; c++)
                    {
                        bool lower = ru + a >= rv + c;
                        int position = pairPos is null ? 0 : lower ? pairPos[o + a * sv + c] : pairPos[o + c * sv + a];
                        sblk[a * sv + c] = lower ? SInverse(ru + a, rv + c, position) : SInverse(rv + c, ru + a, position);
                    }
                // X_b(u)[a, b] += Σ_c sblk[a, c] (T_v'B')[c, b], (T_v'B')[c, b] = Σ_{d ≥ c} T_v[d, c] B[b, d].
                var tb = _tb.AsSpan(0, sv * su);
                for (int c = 0; c < sv; c++)
                    for (int b = 0; b < su; b++)
                    {
                        double s = 0;
                        for (int d = c; d < sv; d++) s += tv[d * sv + c] * zrzr[o + b * sv + d];
                        tb[c * su + b] = s;
                    }
                var xu = _x[bu];
                for (int a = 0; a < su; a++)
                    for (int b = 0; b < su; b++)
                    {
                        double s = 0;
                        for (int c = 0; c < sv; c++) s += sblk[a * sv + c] * tb[c * su + b];
                        xu[a * su + b] += s;
                    }
                if (u == v) continue;
                // X_b(v)[a, b] += Σ_c S⁻¹[rv + a, ru + c] (T_u'B)[c, b], (T_u'B)[c, b] = Σ_{d ≥ c} T_u[d, c] B[d, b].
                tb = _tb.AsSpan(0, su * sv);
                for (int c = 0; c < su; c++)
                    for (int b = 0; b < sv; b++)
                    {
                        double s = 0;
                        for (int d = c; d < su; d++) s += tu[d * su + c] * zrzr[o + d * sv + b];
                        tb[c * sv + b] = s;
                    }
                var xv = _x[bv];
                for (int a = 0; a < sv; a++)
                    for (int b = 0; b < sv; b++)
                    {
                        double s = 0;
                        for (int c = 0; c < su; c++) s += sblk[c * sv + a] * tb[c * sv + b];
                        xv[a * sv + b] += s;
                    }
            }
        }
    }
}
