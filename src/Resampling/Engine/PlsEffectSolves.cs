using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Resampling.Numerics;
using Resampling.Numerics.Sparse;
namespace Resampling.Engine;

/// <summary>
/// The first steps of the several-factor gradient and of the variance derivatives (docs/engine.md §9, docs/inference.md
/// §1.1), at the factor's last θ: β̂, W = M⁻¹Λ'Z'[X y] (p + 1 solves with the factor), ΛW, and G = Z'[X y] − Z'ZΛW (a
/// product with the stored Z'Z: no pass over the rows). One type so that both read the same numbers; holds its
/// workspace: one instance per factor (per thread).
/// </summary>
internal sealed class PlsEffectSolves
{
    private readonly PlsFactor _factor;
    private readonly Crossproducts _cp;
    private readonly double[] _w, _lw, _g, _u2;

    public PlsEffectSolves(PlsFactor factor)
    {
        _factor = factor;
        _cp = factor.Crossproducts;
        int w = _cp.P + 1, q = _cp.Q1 + _cp.QRest;
        _w = new double[q * w];
        _lw = new double[q * w];
        _g = new double[q * w];
        _u2 = new double[w * _cp.QRest];
        Beta = new double[_cp.P];
    }

    /// <summary>W (q × w, row-major, rows in Z's column order: first block, then the rest rows), filled by <see cref="Compute"/>.</summary>
    public double[] W => _w;

    /// <summary>G = Z'[X y] − Z'ZΛW, same layout as <see cref="W"/>.</summary>
    public double[] G => _g;

    /// <summary>β̂ at the last factored θ.</summary>
    public double[] Beta { get; }

    /// <summary>β̂, W, ΛW and G at the factor's last θ (which must have succeeded).</summary>
    public void Compute()
    {
        _factor.FixedEffects(Beta);
        SolveEffects();
        ApplyLambda(_w, _lw);
        Residualise();
    }

    /// <summary>
    /// W = M⁻¹Λ'Z'[X y]: L_Z' W = L_XZ' (the rows of L31 and L32), the rest rows first (one sparse or dense solve per
    /// column), then each level of the first block for all columns at once.
    /// </summary>
    private void SolveEffects()
    {
        var cp = _cp;
        int p = cp.P, w = p + 1, p1 = cp.P1, qr = cp.QRest, q1 = cp.Q1;
        var l11 = _factor.L11;
        var l21 = _factor.L21;
        var l31 = _factor.L31;
        var l32 = _factor.L32;
        var rest = cp.Rest;
        var rows = rest.FirstRows;
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
        for (int j = 0; j < cp.L1; j++)
        {
            int o31 = j * w * p1, r0 = qr > 0 ? rest.FirstRowStart[j] : 0, r1 = qr > 0 ? rest.FirstRowStart[j + 1] : 0;
            if (p1 == 1)
            {
                // A random intercept first: L11_j is a scalar. Row by row over the touched rows (each entry takes its
                // terms in the same order as a loop over them per column would), w-long vectorised spans.
                double inv = 1 / l11[j];
                var wj = wAll.AsSpan(j * w, w);
                l31.Slice(o31, w).CopyTo(wj);
                for (int t = r0; t < r1; t++) AddScaled(-l21[t], wAll.AsSpan((q1 + rows[t]) * w, w), wj);
                for (int k = 0; k < w; k++) wj[k] *= inv;
                continue;
            }
            var lj = l11.Slice(j * p1 * p1, p1 * p1);
            for (int k = 0; k < w; k++)
            {
                for (int a = 0; a < p1; a++)
                {
                    double s = l31[o31 + k * p1 + a];
                    for (int t = r0; t < r1; t++) s -= l21[t * p1 + a] * wAll[(q1 + rows[t]) * w + k];
                    c[a] = s;
                }
                DenseMath.BackSolveTransposed(lj, p1, c);
                for (int a = 0; a < p1; a++) wAll[(j * p1 + a) * w + k] = c[a];
            }
        }
    }

    /// <summary>dst = Λ src (q × w), level by level: T times each level's rows.</summary>
    private void ApplyLambda(double[] src, double[] dst)
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
                        for (int d = 0; d <= a; d++) sum += t[a * s + d] * src[o + d * w + k];
                        dst[o + a * w + k] = sum;
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
        if (p1 == 1) ResidualiseScalarFirst();
        else for (int j = 0; j < cp.L1; j++)
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

    /// <summary>
    /// <see cref="Residualise"/>'s first-block part for a random intercept first (p1 = 1): each level's row of G loses
    /// Z_j'Z_j times its row of ΛW, and each link t (Z_t'Z_j = z) exchanges z times the other's row, on w-long spans.
    /// </summary>
    private void ResidualiseScalarFirst()
    {
        var cp = _cp;
        int w = cp.P + 1, q1 = cp.Q1;
        var rest = cp.Rest;
        var zz1 = cp.ZZ1;
        var zrz1 = cp.ZrZ1;
        var firstRowStart = rest.FirstRowStart;
        var firstRows = rest.FirstRows;
        var g = _g.AsSpan();
        var lw = _lw.AsSpan();
        for (int j = 0; j < cp.L1; j++)
        {
            var gj = g.Slice(j * w, w);
            var lwj = lw.Slice(j * w, w);
            double z = zz1[j];
            // y − z·x as y + (−z)·x (bitwise the same), on vectorised w-long spans.
            if (z != 0) AddScaled(-z, lwj, gj);
            if (cp.QRest == 0) continue;
            for (int t = firstRowStart[j]; t < firstRowStart[j + 1]; t++)
            {
                z = zrz1[t];
                if (z == 0) continue;
                int row = (q1 + firstRows[t]) * w;
                AddScaled(-z, lwj, g.Slice(row, w));
                AddScaled(-z, lw.Slice(row, w), gj);
            }
        }
    }

    /// <summary>
    /// y += a·x on one w-long row (w = p + 1, a handful): <see cref="DenseKernels.Axpy"/>'s arithmetic (a product, then a
    /// sum, per entry: the same bits), inlined, with one 4-wide step and the rest scalar, instead of a call per row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddScaled(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        int n = x.Length, i = 0;
        if (y.Length < n) throw new ArgumentException("y is shorter than x.", nameof(y));
        ref double xr = ref MemoryMarshal.GetReference(x);
        ref double yr = ref MemoryMarshal.GetReference(y);
        if (Vector256.IsHardwareAccelerated)
        {
            var va = Vector256.Create(a);
            for (; i <= n - 4; i += 4)
                (Vector256.LoadUnsafe(ref yr, (nuint)i) + va * Vector256.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
        }
        for (; i < n; i++) Unsafe.Add(ref yr, i) += a * Unsafe.Add(ref xr, i);
    }
}
