namespace Resampling.Numerics;

/// <summary>Small dense kernels on row-major spans; the engine's blocks are tiny, so plain loops beat library calls.</summary>
internal static class DenseMath
{
    /// <summary>In-place lower Cholesky of the n×n row-major matrix a (upper part ignored). False if not positive definite.</summary>
    public static bool Cholesky(Span<double> a, int n)
    {
        for (int j = 0; j < n; j++)
        {
            double d = a[j * n + j];
            for (int k = 0; k < j; k++) d -= a[j * n + k] * a[j * n + k];
            if (!(d > 0)) return false;
            d = Math.Sqrt(d);
            a[j * n + j] = d;
            for (int i = j + 1; i < n; i++)
            {
                double s = a[i * n + j];
                for (int k = 0; k < j; k++) s -= a[i * n + k] * a[j * n + k];
                a[i * n + j] = s / d;
            }
            for (int i = 0; i < j; i++) a[i * n + j] = 0;
        }
        return true;
    }

    /// <summary>Solves L x = b in place (L lower n×n row-major).</summary>
    public static void ForwardSolve(ReadOnlySpan<double> l, int n, Span<double> b)
    {
        for (int i = 0; i < n; i++)
        {
            double s = b[i];
            for (int k = 0; k < i; k++) s -= l[i * n + k] * b[k];
            b[i] = s / l[i * n + i];
        }
    }

    /// <summary>Solves L' x = b in place (L lower n×n row-major).</summary>
    public static void BackSolveTransposed(ReadOnlySpan<double> l, int n, Span<double> b)
    {
        for (int i = n - 1; i >= 0; i--)
        {
            double s = b[i];
            for (int k = i + 1; k < n; k++) s -= l[k * n + i] * b[k];
            b[i] = s / l[i * n + i];
        }
    }

    /// <summary>Vectorised dot product of two equal-length spans.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int n = a.Length, i = 0;
        var acc = System.Numerics.Vector<double>.Zero;
        int width = System.Numerics.Vector<double>.Count;
        for (; i <= n - width; i += width)
            acc += new System.Numerics.Vector<double>(a.Slice(i, width)) * new System.Numerics.Vector<double>(b.Slice(i, width));
        double s = System.Numerics.Vector.Sum(acc);
        for (; i < n; i++) s += a[i] * b[i];
        return s;
    }

    /// <summary>
    /// <see cref="Dot"/>(a, b0) … <see cref="Dot"/>(a, b3), bit for bit (each with its own accumulator, the same
    /// products, sums and order), in one pass over a: four independent sums keep the adder busy where one
    /// <see cref="Dot"/> waits on its own previous sum. Every b_k at least as long as a.
    /// </summary>
    public static (double, double, double, double) Dot4(ReadOnlySpan<double> a, ReadOnlySpan<double> b0, ReadOnlySpan<double> b1,
        ReadOnlySpan<double> b2, ReadOnlySpan<double> b3)
    {
        int n = a.Length, i = 0;
        if (b0.Length < n || b1.Length < n || b2.Length < n || b3.Length < n) throw new ArgumentException("A vector is shorter than a.");
        var acc0 = System.Numerics.Vector<double>.Zero;
        var acc1 = acc0;
        var acc2 = acc0;
        var acc3 = acc0;
        int width = System.Numerics.Vector<double>.Count;
        for (; i <= n - width; i += width)
        {
            var va = new System.Numerics.Vector<double>(a.Slice(i, width));
            acc0 += va * new System.Numerics.Vector<double>(b0.Slice(i, width));
            acc1 += va * new System.Numerics.Vector<double>(b1.Slice(i, width));
            acc2 += va * new System.Numerics.Vector<double>(b2.Slice(i, width));
            acc3 += va * new System.Numerics.Vector<double>(b3.Slice(i, width));
        }
        double s0 = System.Numerics.Vector.Sum(acc0), s1 = System.Numerics.Vector.Sum(acc1);
        double s2 = System.Numerics.Vector.Sum(acc2), s3 = System.Numerics.Vector.Sum(acc3);
        for (; i < n; i++)
        {
            s0 += a[i] * b0[i];
            s1 += a[i] * b1[i];
            s2 += a[i] * b2[i];
            s3 += a[i] * b3[i];
        }
        return (s0, s1, s2, s3);
    }

    /// <summary>Inverse of the lower triangular L (row-major), returned lower triangular.</summary>
    public static double[] InvertLower(ReadOnlySpan<double> l, int n)
    {
        var inv = new double[n * n];
        var e = new double[n];
        for (int j = 0; j < n; j++)
        {
            Array.Clear(e);
            e[j] = 1;
            ForwardSolve(l, n, e);
            for (int i = 0; i < n; i++) inv[i * n + j] = e[i];
        }
        return inv;
    }

    /// <summary>(L L')⁻¹ = L⁻ᵀ L⁻¹ from the lower Cholesky factor L (n×n row-major), row-major.</summary>
    public static double[] InverseFromCholesky(ReadOnlySpan<double> l, int n)
    {
        var linv = InvertLower(l, n);
        var result = new double[n * n];
        for (int r = 0; r < n; r++)
            for (int c = 0; c < n; c++)
            {
                double s = 0;
                for (int m = Math.Max(r, c); m < n; m++) s += linv[m * n + r] * linv[m * n + c];
                result[r * n + c] = s;
            }
        return result;
    }

    /// <summary>
    /// The inverse of a symmetric positive definite matrix through its Cholesky factor; null when an entry is not
    /// finite or the matrix is not (numerically) positive definite.
    /// </summary>
    public static double[,]? InvertPositiveDefinite(double[,] a)
    {
        int n = a.GetLength(0);
        var l = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                if (!double.IsFinite(a[i, j])) return null;
                l[i * n + j] = a[i, j];
            }
        if (!Cholesky(l, n)) return null;
        var flat = InverseFromCholesky(l, n);
        var result = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) result[i, j] = flat[i * n + j];
        return result;
    }
}
