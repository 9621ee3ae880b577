using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Resampling.Numerics.Sparse;

/// <summary>
/// Dense column-major kernels for the supernodes (a block of m rows × c columns, leading dimension m). The one that
/// carries the flops is <see cref="SubtractLowerProduct"/> (C −= A Aᵀ on a lower trapezoid): register-blocked,
/// 8 rows × 4 columns of accumulators with 256-bit fused multiply-adds where the CPU has them. See
/// docs/sparse-cholesky.md, "Dense kernels".
/// </summary>
internal static class DenseKernels
{
    private const int PanelWidth = 48;
    private static readonly bool HasVector256 = Vector256.IsHardwareAccelerated && Fma.IsSupported;
    private static readonly bool HasVector512 = HasVector256 && Vector512.IsHardwareAccelerated && Avx512F.IsSupported;
    // Scratch for the diagonal squares of the lower product (one per thread: the kernels are called from many).
    [ThreadStatic] private static double[]? t_tile;
    [ThreadStatic] private static double[]? t_pack;
    private static bool Wide = HasVector256;
    private static bool Wider = HasVector512;

    /// <summary>
    /// The widest vectors the kernels use: 512 (where the CPU has AVX-512), 256 (AVX2 + FMA) or 0 (portable scalar
    /// loops); capped at what the CPU has. Tests set it to check every path on one machine; nothing else should.
    /// </summary>
    internal static int VectorBits
    {
        get => Wider ? 512 : Wide ? 256 : 0;
        set
        {
            Wide = value >= 256 && HasVector256;
            Wider = value >= 512 && HasVector512;
        }
    }

    /// <summary>
    /// Cholesky of the m × c panel held in a (column-major, leading dimension m): the top c × c block becomes L_FF and
    /// the rows below become L_RF = A_RF L_FF⁻ᵀ. Returns -1, or the panel column whose pivot was not positive.
    /// Blocked right-looking: factor a narrow panel, then update the columns to its right with one lower product.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int PanelCholesky(Span<double> a, int m, int c)
    {
        for (int k0 = 0; k0 < c; k0 += PanelWidth)
        {
            int kb = Math.Min(PanelWidth, c - k0), end = k0 + kb;
            for (int j = k0; j < end; j++)
            {
                // Left-looking inside the panel's diagonal block: column j minus its products with earlier columns.
                var colJ = a.Slice(j * m + j, end - j);
                for (int t = k0; t < j; t++)
                {
                    double ljt = a[t * m + j];
                    if (ljt != 0) Axpy(-ljt, a.Slice(t * m + j, end - j), colJ);
                }
                double d = colJ[0];
                if (!(d > 0) || double.IsInfinity(d)) return j;
                d = Math.Sqrt(d);
                colJ[0] = d;
                Scale(1 / d, colJ[1..]);
            }
            // The panel's rows below its diagonal block: X L_kkᵀ = A, a few rows at a time in registers.
            if (m > end) SolveRight(a[(k0 * m + end)..], m, m - end, kb, a[(k0 * m + k0)..], m, transposed: true);
            if (end < c)
                SubtractLowerProduct(a[(end * m + end)..], m, a[(k0 * m + end)..], m, m - end, c - end, kb);
        }
        return -1;
    }

    /// <summary>
    /// In place on X (rows × w, column-major, leading dimension ldx): X ← X L⁻¹ (transposed false) or X ← X L⁻ᵀ
    /// (transposed true), for the w × w lower triangular L at l (column-major, leading dimension ldl). Rows are taken
    /// eight at a time with the block's w columns kept in L1, one multiply-add per coefficient and row vector.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SolveRight(Span<double> x, int ldx, int rows, int w, ReadOnlySpan<double> l, int ldl, bool transposed)
    {
        if (rows <= 0 || w <= 0) return;
        if ((long)(w - 1) * ldx + rows > x.Length || (long)(w - 1) * ldl + w > l.Length) throw new ArgumentOutOfRangeException(nameof(x));
        int i0 = 0;
        if (Wide)
        {
            ref double xr = ref MemoryMarshal.GetReference(x);
            ref double lr = ref MemoryMarshal.GetReference(l);
            for (; i0 + 8 <= rows; i0 += 8)
                for (int step = 0; step < w; step++)
                {
                    int j = transposed ? step : w - 1 - step;
                    nuint at = (nuint)(j * ldx + i0);
                    var lo = Vector256.LoadUnsafe(ref xr, at);
                    var hi = Vector256.LoadUnsafe(ref xr, at + 4);
                    // X L = B: x_j = (b_j − Σ_{p>j} x_p L[p, j]) / L[j, j]; X Lᵀ = B: the sum over p < j of x_p L[j, p].
                    int p0 = transposed ? 0 : j + 1, p1 = transposed ? j : w;
                    for (int p = p0; p < p1; p++)
                    {
                        var coef = Vector256.Create(-Unsafe.Add(ref lr, transposed ? p * ldl + j : j * ldl + p));
                        nuint xp = (nuint)(p * ldx + i0);
                        lo = Fma.MultiplyAdd(Vector256.LoadUnsafe(ref xr, xp), coef, lo);
                        hi = Fma.MultiplyAdd(Vector256.LoadUnsafe(ref xr, xp + 4), coef, hi);
                    }
                    var inv = Vector256.Create(1 / Unsafe.Add(ref lr, j * ldl + j));
                    (lo * inv).StoreUnsafe(ref xr, at);
                    (hi * inv).StoreUnsafe(ref xr, at + 4);
                }
        }
        for (int i = i0; i < rows; i++)
            for (int step = 0; step < w; step++)
            {
                int j = transposed ? step : w - 1 - step;
                double sum = x[j * ldx + i];
                int p0 = transposed ? 0 : j + 1, p1 = transposed ? j : w;
                for (int p = p0; p < p1; p++) sum -= x[p * ldx + i] * (transposed ? l[p * ldl + j] : l[j * ldl + p]);
                x[j * ldx + i] = sum * (1 / l[j * ldl + j]);
            }
    }

    /// <summary>
    /// C[i, j] −= Σ_t A[i, t] A[j, t] for 0 ≤ j &lt; cols, j ≤ i &lt; rows, where A has k columns (leading dimension
    /// lda) and C leading dimension ldc: the lower trapezoid of C − A Aᵀ (A's first cols rows give the columns).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SubtractLowerProduct(Span<double> c, int ldc, ReadOnlySpan<double> a, int lda, int rows, int cols, int k)
    {
        if (rows <= 0 || cols <= 0 || k <= 0) return;
        int groups = Wide ? cols & ~3 : 0; // columns taken four at a time by the register kernels
        if (groups > 0)
        {
            // Row blocks outermost: a block's rows of A (rb × k) stay in L1 while every column group to its left
            // passes over them. The diagonal rb × rb square is computed whole into a tile and its lower part taken.
            int rb = Wider ? 16 : 8;
            var tile = (t_tile ??= new double[16 * 16]).AsSpan();
            // The broadcast operand (A's first rows, four at a time) packed so that each group's k × 4 values are
            // contiguous: one cache line per two steps instead of one line per step at stride lda.
            if (t_pack is null || t_pack.Length < groups * k) t_pack = new double[Math.Max(groups * k, 1024)];
            var packed = t_pack.AsSpan(0, groups * k);
            for (int g = 0; g < groups; g += 4)
            {
                var dst = packed.Slice(g * k, 4 * k);
                for (int t = 0, o = g; t < k; t++, o += lda)
                {
                    dst[4 * t] = a[o];
                    dst[4 * t + 1] = a[o + 1];
                    dst[4 * t + 2] = a[o + 2];
                    dst[4 * t + 3] = a[o + 3];
                }
            }
            for (int i0 = 0; i0 < rows; i0 += rb)
            {
                int h = Math.Min(rb, rows - i0);
                var ai = a[i0..];
                var ci = c[i0..];
                int left = Math.Min(i0, groups); // i0 is a multiple of 4, so the groups left of it are whole
                if (h == 16)
                    for (int j0 = 0; j0 < left; j0 += 4) Kernel16x4(ci[(j0 * ldc)..], ldc, ai, lda, packed[(j0 * k)..], 4, 1, 0, 0, k);
                else
                    for (int j0 = 0; j0 < left; j0 += 4) EdgeRows(ci[(j0 * ldc)..], ldc, ai, lda, packed[(j0 * k)..], 4, 1, h, 0, k);
                // The square on the diagonal: columns i0 .. i0 + h − 1 that are in whole groups.
                int diag = Math.Min(groups, i0 + h) - i0;
                if (diag <= 0) continue;
                tile[..(diag * 16)].Clear();
                if (h == 16)
                    for (int j0 = 0; j0 < diag; j0 += 4) Kernel16x4(tile[(j0 * 16)..], 16, ai, lda, packed[((i0 + j0) * k)..], 4, 1, 0, 0, k);
                else
                    for (int j0 = 0; j0 < diag; j0 += 4) EdgeRows(tile[(j0 * 16)..], 16, ai, lda, packed[((i0 + j0) * k)..], 4, 1, h, 0, k);
                for (int jj = 0; jj < diag; jj++)
                    for (int ii = jj; ii < h; ii++) c[(i0 + jj) * ldc + i0 + ii] += tile[jj * 16 + ii];
            }
        }
        for (int j = groups; j < cols; j++)
            for (int i = j; i < rows; i++) c[j * ldc + i] -= StridedDot(a, lda, i, j, k);
    }

    /// <summary>Rows 0..h−1 (h &lt; 16) of columns j..j+3: 8-row kernels, then scalar rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void EdgeRows(Span<double> c, int ldc, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int bt, int bj, int h, int j, int k)
    {
        int i = 0;
        for (; i + 8 <= h; i += 8) Kernel8x4(c, ldc, a, lda, b, bt, bj, i, j, k);
        for (; i < h; i++)
            for (int jj = j; jj < j + 4; jj++)
            {
                double sum = 0;
                for (int t = 0; t < k; t++) sum += a[t * lda + i] * b[t * bt + jj * bj];
                c[jj * ldc + i] -= sum;
            }
    }

    private static double StridedDot(ReadOnlySpan<double> a, int lda, int i, int j, int k)
    {
        double s = 0;
        for (int t = 0, o = 0; t < k; t++, o += lda) s += a[o + i] * a[o + j];
        return s;
    }

    /// <summary>
    /// Rows i..i+7 of columns j..j+3 of C −= A Bᵀ-like products: A(i, t) at a[t·lda + i], the broadcast factor for
    /// column j at b[t·bt + j·bj]. Eight 256-bit accumulators, two loads and four broadcasts per step.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Kernel8x4(Span<double> c, int ldc, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int bt, int bj, int i, int j, int k)
    {
        // Bounds of the furthest elements touched, checked once (the loop below reads without checks).
        if ((long)(k - 1) * lda + i + 8 > a.Length || (long)(k - 1) * bt + (long)(j + 3) * bj + 1 > b.Length
            || (long)(j + 3) * ldc + i + 8 > c.Length)
            throw new ArgumentOutOfRangeException(nameof(a));
        ref double ar = ref MemoryMarshal.GetReference(a);
        ref double br = ref MemoryMarshal.GetReference(b);
        var c00 = Vector256<double>.Zero; var c10 = Vector256<double>.Zero;
        var c01 = Vector256<double>.Zero; var c11 = Vector256<double>.Zero;
        var c02 = Vector256<double>.Zero; var c12 = Vector256<double>.Zero;
        var c03 = Vector256<double>.Zero; var c13 = Vector256<double>.Zero;
        nuint off = 0, boff = (nuint)(j * bj), step = (nuint)bt, bjs = (nuint)bj;
        for (int t = 0; t < k; t++, off += (nuint)lda, boff += step)
        {
            var x0 = Vector256.LoadUnsafe(ref ar, off + (nuint)i);
            var x1 = Vector256.LoadUnsafe(ref ar, off + (nuint)i + 4);
            var b0 = Vector256.Create(Unsafe.Add(ref br, boff));
            var b1 = Vector256.Create(Unsafe.Add(ref br, boff + bjs));
            var b2 = Vector256.Create(Unsafe.Add(ref br, boff + 2 * bjs));
            var b3 = Vector256.Create(Unsafe.Add(ref br, boff + 3 * bjs));
            c00 = Fma.MultiplyAdd(x0, b0, c00); c10 = Fma.MultiplyAdd(x1, b0, c10);
            c01 = Fma.MultiplyAdd(x0, b1, c01); c11 = Fma.MultiplyAdd(x1, b1, c11);
            c02 = Fma.MultiplyAdd(x0, b2, c02); c12 = Fma.MultiplyAdd(x1, b2, c12);
            c03 = Fma.MultiplyAdd(x0, b3, c03); c13 = Fma.MultiplyAdd(x1, b3, c13);
        }
        ref double cr = ref MemoryMarshal.GetReference(c);
        Store(ref cr, (nuint)(j * ldc + i), c00, c10);
        Store(ref cr, (nuint)((j + 1) * ldc + i), c01, c11);
        Store(ref cr, (nuint)((j + 2) * ldc + i), c02, c12);
        Store(ref cr, (nuint)((j + 3) * ldc + i), c03, c13);
    }

    /// <summary>As <see cref="Kernel8x4"/> with 512-bit vectors: rows i..i+15.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel16x4(Span<double> c, int ldc, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int bt, int bj, int i, int j, int k)
    {
        if ((long)(k - 1) * lda + i + 16 > a.Length || (long)(k - 1) * bt + (long)(j + 3) * bj + 1 > b.Length
            || (long)(j + 3) * ldc + i + 16 > c.Length)
            throw new ArgumentOutOfRangeException(nameof(a));
        ref double ar = ref MemoryMarshal.GetReference(a);
        ref double br = ref MemoryMarshal.GetReference(b);
        var c00 = Vector512<double>.Zero; var c10 = Vector512<double>.Zero;
        var c01 = Vector512<double>.Zero; var c11 = Vector512<double>.Zero;
        var c02 = Vector512<double>.Zero; var c12 = Vector512<double>.Zero;
        var c03 = Vector512<double>.Zero; var c13 = Vector512<double>.Zero;
        nuint off = (nuint)i, boff = (nuint)(j * bj), step = (nuint)bt, bjs = (nuint)bj;
        for (int t = 0; t < k; t++, off += (nuint)lda, boff += step)
        {
            var x0 = Vector512.LoadUnsafe(ref ar, off);
            var x1 = Vector512.LoadUnsafe(ref ar, off + 8);
            var b0 = Vector512.Create(Unsafe.Add(ref br, boff));
            var b1 = Vector512.Create(Unsafe.Add(ref br, boff + bjs));
            var b2 = Vector512.Create(Unsafe.Add(ref br, boff + 2 * bjs));
            var b3 = Vector512.Create(Unsafe.Add(ref br, boff + 3 * bjs));
            c00 = Vector512.FusedMultiplyAdd(x0, b0, c00); c10 = Vector512.FusedMultiplyAdd(x1, b0, c10);
            c01 = Vector512.FusedMultiplyAdd(x0, b1, c01); c11 = Vector512.FusedMultiplyAdd(x1, b1, c11);
            c02 = Vector512.FusedMultiplyAdd(x0, b2, c02); c12 = Vector512.FusedMultiplyAdd(x1, b2, c12);
            c03 = Vector512.FusedMultiplyAdd(x0, b3, c03); c13 = Vector512.FusedMultiplyAdd(x1, b3, c13);
        }
        ref double cr = ref MemoryMarshal.GetReference(c);
        Store512(ref cr, (nuint)(j * ldc + i), c00, c10);
        Store512(ref cr, (nuint)((j + 1) * ldc + i), c01, c11);
        Store512(ref cr, (nuint)((j + 2) * ldc + i), c02, c12);
        Store512(ref cr, (nuint)((j + 3) * ldc + i), c03, c13);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store512(ref double cr, nuint at, Vector512<double> lo, Vector512<double> hi)
    {
        (Vector512.LoadUnsafe(ref cr, at) - lo).StoreUnsafe(ref cr, at);
        (Vector512.LoadUnsafe(ref cr, at + 8) - hi).StoreUnsafe(ref cr, at + 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref double cr, nuint at, Vector256<double> lo, Vector256<double> hi)
    {
        (Vector256.LoadUnsafe(ref cr, at) - lo).StoreUnsafe(ref cr, at);
        (Vector256.LoadUnsafe(ref cr, at + 4) - hi).StoreUnsafe(ref cr, at + 4);
    }

    /// <summary>
    /// C −= A B for column-major A (rows × k, leading dimension lda), B (k × cols, ldb), C (rows × cols, ldc): the
    /// selected inverse's Z_RF = −Z_RR Y. Same 8 × 4 register blocking as the lower product.
    /// </summary>
    public static void SubtractProduct(Span<double> c, int ldc, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, int rows, int cols, int k)
    {
        // Long inner dimensions in chunks, so that the chunk of A (rows × chunk) stays in cache across column groups.
        const int Chunk = 64;
        for (int t0 = 0; t0 < k; t0 += Chunk)
            SubtractProductChunk(c, ldc, a[(t0 * lda)..], lda, b[t0..], ldb, rows, cols, Math.Min(Chunk, k - t0));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SubtractProductChunk(Span<double> c, int ldc, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, int rows, int cols, int k)
    {
        if (rows <= 0 || cols <= 0 || k <= 0) return;
        int groups = Wide ? cols & ~3 : 0;
        if (groups > 0)
        {
            // Row blocks outermost, as in the lower product: A's rb × k block stays in L1 across the column groups.
            int rb = Wider ? 16 : 8;
            for (int i0 = 0; i0 < rows; i0 += rb)
            {
                int h = Math.Min(rb, rows - i0);
                var ai = a[i0..];
                var ci = c[i0..];
                if (h == 16)
                    for (int j0 = 0; j0 < groups; j0 += 4) Kernel16x4(ci, ldc, ai, lda, b, 1, ldb, 0, j0, k);
                else
                    for (int j0 = 0; j0 < groups; j0 += 4) EdgeRows(ci, ldc, ai, lda, b, 1, ldb, h, j0, k);
            }
        }
        for (int j = groups; j < cols; j++)
            for (int i = 0; i < rows; i++) c[j * ldc + i] -= ProductEntry(a, lda, b, ldb, i, j, k);
    }

    private static double ProductEntry(ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, int i, int j, int k)
    {
        double s = 0;
        for (int t = 0; t < k; t++) s += a[t * lda + i] * b[j * ldb + t];
        return s;
    }

    /// <summary>
    /// w[r·ldw + k] += Σ_t (−l[r·rs + t·ts]) · w[t·ldw + k] for the output rows r in [r0, r1), k in [0, count) and t
    /// over [t0, t1), taken in increasing t for every entry: the same operations in the same order as one axpy per
    /// (r, t), so the results are bitwise those of <see cref="Axpy"/> calls, but with the output rows held in registers
    /// (two rows by sixteen columns) instead of loaded and stored once per t. The supernodal solves with several
    /// right-hand sides use it (rows of count values side by side). Output rows and t rows must not overlap.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SubtractRowCombinations(Span<double> w, int ldw, int count, ReadOnlySpan<double> l, int rs, int ts,
        int r0, int r1, int t0, int t1)
    {
        if (r1 <= r0 || t1 <= t0 || count <= 0) return;
        if ((long)(r1 - 1) * rs + (long)(t1 - 1) * ts >= l.Length || (long)(Math.Max(r1, t1) - 1) * ldw + count > w.Length
            || count > ldw || rs < 0 || ts < 0 || r0 < 0 || t0 < 0)
            throw new ArgumentOutOfRangeException(nameof(w));
        ref double wr = ref MemoryMarshal.GetReference(w);
        ref double lr = ref MemoryMarshal.GetReference(l);
        int k0 = 0;
        if (Wide)
        {
            int k16 = count & ~15, k4 = count & ~3;
            int r = r0;
            for (; r + 1 < r1; r += 2)
            {
                for (int k = 0; k < k16; k += 16) Rows2x16(ref wr, ldw, ref lr, rs, ts, r, t0, t1, k);
                for (int k = k16; k < k4; k += 4) Rows2x4(ref wr, ldw, ref lr, rs, ts, r, t0, t1, k);
            }
            if (r < r1)
            {
                for (int k = 0; k < k16; k += 16) Row1x16(ref wr, ldw, ref lr, rs, ts, r, t0, t1, k);
                for (int k = k16; k < k4; k += 4) Row1x4(ref wr, ldw, ref lr, rs, ts, r, t0, t1, k);
            }
            k0 = k4;
        }
        for (int r = r0; r < r1; r++)
            for (int k = k0; k < count; k++)
            {
                ref double y = ref Unsafe.Add(ref wr, (nint)r * ldw + k);
                double acc = y;
                for (int t = t0; t < t1; t++)
                    acc += -Unsafe.Add(ref lr, (nint)r * rs + (nint)t * ts) * Unsafe.Add(ref wr, (nint)t * ldw + k);
                y = acc;
            }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Rows2x16(ref double w, int ldw, ref double l, int rs, int ts, int r, int t0, int t1, int k)
    {
        ref double a = ref Unsafe.Add(ref w, (nint)r * ldw + k);
        ref double b = ref Unsafe.Add(ref a, ldw);
        var a0 = Vector256.LoadUnsafe(ref a, 0); var a1 = Vector256.LoadUnsafe(ref a, 4);
        var a2 = Vector256.LoadUnsafe(ref a, 8); var a3 = Vector256.LoadUnsafe(ref a, 12);
        var b0 = Vector256.LoadUnsafe(ref b, 0); var b1 = Vector256.LoadUnsafe(ref b, 4);
        var b2 = Vector256.LoadUnsafe(ref b, 8); var b3 = Vector256.LoadUnsafe(ref b, 12);
        for (int t = t0; t < t1; t++)
        {
            ref double x = ref Unsafe.Add(ref w, (nint)t * ldw + k);
            var x0 = Vector256.LoadUnsafe(ref x, 0); var x1 = Vector256.LoadUnsafe(ref x, 4);
            var x2 = Vector256.LoadUnsafe(ref x, 8); var x3 = Vector256.LoadUnsafe(ref x, 12);
            nint o = (nint)r * rs + (nint)t * ts;
            var la = Vector256.Create(-Unsafe.Add(ref l, o));
            var lb = Vector256.Create(-Unsafe.Add(ref l, o + rs));
            a0 += la * x0; a1 += la * x1; a2 += la * x2; a3 += la * x3;
            b0 += lb * x0; b1 += lb * x1; b2 += lb * x2; b3 += lb * x3;
        }
        a0.StoreUnsafe(ref a, 0); a1.StoreUnsafe(ref a, 4); a2.StoreUnsafe(ref a, 8); a3.StoreUnsafe(ref a, 12);
        b0.StoreUnsafe(ref b, 0); b1.StoreUnsafe(ref b, 4); b2.StoreUnsafe(ref b, 8); b3.StoreUnsafe(ref b, 12);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Rows2x4(ref double w, int ldw, ref double l, int rs, int ts, int r, int t0, int t1, int k)
    {
        ref double a = ref Unsafe.Add(ref w, (nint)r * ldw + k);
        ref double b = ref Unsafe.Add(ref a, ldw);
        var a0 = Vector256.LoadUnsafe(ref a);
        var b0 = Vector256.LoadUnsafe(ref b);
        for (int t = t0; t < t1; t++)
        {
            var x = Vector256.LoadUnsafe(ref Unsafe.Add(ref w, (nint)t * ldw + k));
            nint o = (nint)r * rs + (nint)t * ts;
            a0 += Vector256.Create(-Unsafe.Add(ref l, o)) * x;
            b0 += Vector256.Create(-Unsafe.Add(ref l, o + rs)) * x;
        }
        a0.StoreUnsafe(ref a);
        b0.StoreUnsafe(ref b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Row1x4(ref double w, int ldw, ref double l, int rs, int ts, int r, int t0, int t1, int k)
    {
        ref double a = ref Unsafe.Add(ref w, (nint)r * ldw + k);
        var a0 = Vector256.LoadUnsafe(ref a);
        for (int t = t0; t < t1; t++)
            a0 += Vector256.Create(-Unsafe.Add(ref l, (nint)r * rs + (nint)t * ts)) * Vector256.LoadUnsafe(ref Unsafe.Add(ref w, (nint)t * ldw + k));
        a0.StoreUnsafe(ref a);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Row1x16(ref double w, int ldw, ref double l, int rs, int ts, int r, int t0, int t1, int k)
    {
        ref double a = ref Unsafe.Add(ref w, (nint)r * ldw + k);
        var a0 = Vector256.LoadUnsafe(ref a, 0); var a1 = Vector256.LoadUnsafe(ref a, 4);
        var a2 = Vector256.LoadUnsafe(ref a, 8); var a3 = Vector256.LoadUnsafe(ref a, 12);
        for (int t = t0; t < t1; t++)
        {
            ref double x = ref Unsafe.Add(ref w, (nint)t * ldw + k);
            var la = Vector256.Create(-Unsafe.Add(ref l, (nint)r * rs + (nint)t * ts));
            a0 += la * Vector256.LoadUnsafe(ref x, 0); a1 += la * Vector256.LoadUnsafe(ref x, 4);
            a2 += la * Vector256.LoadUnsafe(ref x, 8); a3 += la * Vector256.LoadUnsafe(ref x, 12);
        }
        a0.StoreUnsafe(ref a, 0); a1.StoreUnsafe(ref a, 4); a2.StoreUnsafe(ref a, 8); a3.StoreUnsafe(ref a, 12);
    }

    /// <summary>y += alpha x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Axpy(double alpha, ReadOnlySpan<double> x, Span<double> y)
    {
        int n = x.Length, i = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            int w = System.Numerics.Vector<double>.Count;
            var va = new System.Numerics.Vector<double>(alpha);
            for (; i <= n - w; i += w)
                (new System.Numerics.Vector<double>(y.Slice(i, w)) + va * new System.Numerics.Vector<double>(x.Slice(i, w))).CopyTo(y.Slice(i, w));
        }
        for (; i < n; i++) y[i] += alpha * x[i];
    }

    /// <summary>x *= alpha.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Scale(double alpha, Span<double> x)
    {
        for (int i = 0; i < x.Length; i++) x[i] *= alpha;
    }

    /// <summary>Σ a[i] b[i].</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => DenseMath.Dot(a, b[..a.Length]);
}
