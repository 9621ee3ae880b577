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
    private static readonly bool Wide = Vector256.IsHardwareAccelerated && Fma.IsSupported;

    /// <summary>
    /// Cholesky of the m × c panel held in a (column-major, leading dimension m): the top c × c block becomes L_FF and
    /// the rows below become L_RF = A_RF L_FF⁻ᵀ. Returns -1, or the panel column whose pivot was not positive.
    /// Blocked right-looking: factor a narrow panel, then update the columns to its right with one lower product.
    /// </summary>
    public static int PanelCholesky(Span<double> a, int m, int c)
    {
        for (int k0 = 0; k0 < c; k0 += PanelWidth)
        {
            int kb = Math.Min(PanelWidth, c - k0);
            for (int j = k0; j < k0 + kb; j++)
            {
                // Left-looking inside the narrow panel: column j minus its products with the panel's earlier columns.
                var colJ = a.Slice(j * m + j, m - j);
                for (int t = k0; t < j; t++)
                {
                    double ljt = a[t * m + j];
                    if (ljt != 0) Axpy(-ljt, a.Slice(t * m + j, m - j), colJ);
                }
                double d = colJ[0];
                if (!(d > 0) || double.IsInfinity(d)) return j;
                d = Math.Sqrt(d);
                colJ[0] = d;
                Scale(1 / d, colJ[1..]);
            }
            int next = k0 + kb;
            if (next < c)
                SubtractLowerProduct(a[(next * m + next)..], m, a[(k0 * m + next)..], m, m - next, c - next, kb);
        }
        return -1;
    }

    /// <summary>
    /// C[i, j] −= Σ_t A[i, t] A[j, t] for 0 ≤ j &lt; cols, j ≤ i &lt; rows, where A has k columns (leading dimension
    /// lda) and C leading dimension ldc: the lower trapezoid of C − A Aᵀ (A's first cols rows give the columns).
    /// </summary>
    public static void SubtractLowerProduct(Span<double> c, int ldc, ReadOnlySpan<double> a, int lda, int rows, int cols, int k)
    {
        if (rows <= 0 || cols <= 0 || k <= 0) return;
        int j0 = 0;
        if (Wide)
            for (; j0 + 4 <= cols; j0 += 4)
            {
                DiagonalBlock(c, ldc, a, lda, j0, 4, k);
                int i = j0 + 4;
                for (; i + 8 <= rows; i += 8) Kernel8x4(c, ldc, a, lda, a, lda, 1, i, j0, k);
                for (; i < rows; i++)
                    for (int jj = j0; jj < j0 + 4; jj++) c[jj * ldc + i] -= StridedDot(a, lda, i, jj, k);
            }
        for (; j0 < cols; j0++)
            for (int i = j0; i < rows; i++) c[j0 * ldc + i] -= StridedDot(a, lda, i, j0, k);
    }

    private static void DiagonalBlock(Span<double> c, int ldc, ReadOnlySpan<double> a, int lda, int j0, int width, int k)
    {
        for (int jj = j0; jj < j0 + width; jj++)
            for (int i = jj; i < j0 + width; i++) c[jj * ldc + i] -= StridedDot(a, lda, i, jj, k);
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
        const int Chunk = 128;
        for (int t0 = 0; t0 < k; t0 += Chunk)
            SubtractProductChunk(c, ldc, a[(t0 * lda)..], lda, b[t0..], ldb, rows, cols, Math.Min(Chunk, k - t0));
    }

    private static void SubtractProductChunk(Span<double> c, int ldc, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, int rows, int cols, int k)
    {
        if (rows <= 0 || cols <= 0 || k <= 0) return;
        int j0 = 0;
        if (Wide)
            for (; j0 + 4 <= cols; j0 += 4)
            {
                int i = 0;
                for (; i + 8 <= rows; i += 8) Kernel8x4(c, ldc, a, lda, b, 1, ldb, i, j0, k);
                for (; i < rows; i++)
                    for (int jj = j0; jj < j0 + 4; jj++) c[jj * ldc + i] -= ProductEntry(a, lda, b, ldb, i, jj, k);
            }
        for (; j0 < cols; j0++)
            for (int i = 0; i < rows; i++) c[j0 * ldc + i] -= ProductEntry(a, lda, b, ldb, i, j0, k);
    }

    private static double ProductEntry(ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, int i, int j, int k)
    {
        double s = 0;
        for (int t = 0; t < k; t++) s += a[t * lda + i] * b[j * ldb + t];
        return s;
    }

    /// <summary>y += alpha x.</summary>
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
    public static void Scale(double alpha, Span<double> x)
    {
        for (int i = 0; i < x.Length; i++) x[i] *= alpha;
    }

    /// <summary>Σ a[i] b[i].</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => DenseMath.Dot(a, b[..a.Length]);
}
