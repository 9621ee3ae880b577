namespace Resampling.Ranking;

/// <summary>
/// The dense Cholesky factor of <see cref="Numerics.DenseMath.Cholesky"/> bit for bit (every entry the same sum in the
/// same order: l_ij = (a_ij − Σ_{k&lt;j} l_ik l_jk) / l_jj, l_jj = √(a_jj − Σ_{k&lt;j} l_jk²)), computed by blocks of
/// columns: a block's diagonal part on one thread, then the rows below it in parallel, four rows at a time so that
/// their four independent sums overlap in the pipeline (the serial factor is bound by one sum's add latency). The
/// result does not depend on the thread count. Used for the rank confidence sets' draws from a dense Σ (J = 1,311:
/// 0.75 GFlop).
/// </summary>
internal static class RowParallelCholesky
{
    private const int Block = 32, RowChunk = 16;

    /// <summary>Factors the row-major n×n <paramref name="a"/> in place (lower triangle, upper set to 0); false when a pivot is not positive.</summary>
    public static bool Factor(double[] a, int n)
    {
        var pivots = new double[n];
        for (int j0 = 0; j0 < n; j0 += Block)
        {
            int j1 = Math.Min(n, j0 + Block);
            // The block's diagonal part: its pivots and its rows' entries in its own columns.
            for (int j = j0; j < j1; j++)
            {
                double d = a[j * n + j];
                for (int k = 0; k < j; k++) d -= a[j * n + k] * a[j * n + k];
                if (!(d > 0)) return false;
                d = Math.Sqrt(d);
                a[j * n + j] = d;
                pivots[j] = d;
                for (int i = j + 1; i < j1; i++) a[i * n + j] = Entry(a, n, i, j, d);
            }
            int rows = n - j1;
            if (rows == 0) break;
            Parallel.For(0, (rows + RowChunk - 1) / RowChunk, c =>
            {
                int i0 = j1 + c * RowChunk, i1 = Math.Min(n, i0 + RowChunk), i = i0;
                for (; i + 4 <= i1; i += 4) FourRows(a, n, i, j0, j1, pivots);
                for (; i < i1; i++)
                    for (int j = j0; j < j1; j++) a[i * n + j] = Entry(a, n, i, j, pivots[j]);
            });
        }
        for (int i = 0; i < n; i++) Array.Clear(a, i * n + i + 1, n - i - 1);
        return true;
    }

    private static double Entry(double[] a, int n, int i, int j, double pivot)
    {
        double s = a[i * n + j];
        for (int k = 0; k < j; k++) s -= a[i * n + k] * a[j * n + k];
        return s / pivot;
    }

    /// <summary>Rows i … i + 3 in columns [j0, j1): four independent sums per column, each in the serial order.</summary>
    private static void FourRows(double[] a, int n, int i, int j0, int j1, double[] pivots)
    {
        var r0 = a.AsSpan(i * n, n);
        var r1 = a.AsSpan((i + 1) * n, n);
        var r2 = a.AsSpan((i + 2) * n, n);
        var r3 = a.AsSpan((i + 3) * n, n);
        for (int j = j0; j < j1; j++)
        {
            var rj = a.AsSpan(j * n, j);
            double s0 = r0[j], s1 = r1[j], s2 = r2[j], s3 = r3[j];
            for (int k = 0; k < rj.Length; k++)
            {
                double x = rj[k];
                s0 -= r0[k] * x;
                s1 -= r1[k] * x;
                s2 -= r2[k] * x;
                s3 -= r3[k] * x;
            }
            double d = pivots[j];
            r0[j] = s0 / d;
            r1[j] = s1 / d;
            r2[j] = s2 / d;
            r3[j] = s3 / d;
        }
    }
}
