using Resampling.Numerics;
using Resampling.Numerics.Sparse;

namespace Resampling.Tests.Numerics.Sparse;

/// <summary>
/// The dense supernode kernels against naive loops, at sizes that hit every edge of the register blocking (1, 3, 7,
/// 33, 130, 257 rows or columns; inner dimensions across the 64-step chunks), with leading dimensions larger than the
/// blocks, and on each vector path this CPU has (portable scalar, 256-bit, 512-bit): the path is forced through
/// <see cref="DenseKernels.VectorBits"/>, restored afterwards. Tests in one class run one at a time.
/// </summary>
public class DenseKernelsTests
{
    public static TheoryData<int> Paths() => new(0, 256, 512);

    private static readonly int[] Sizes = [1, 3, 7, 33, 130, 257];

    private static void OnPath(int bits, Action check)
    {
        int saved = DenseKernels.VectorBits;
        try
        {
            DenseKernels.VectorBits = bits;
            check();
        }
        finally { DenseKernels.VectorBits = saved; }
    }

    private static double[] Random(int length, int seed)
    {
        var rng = new Random(seed);
        var x = new double[length];
        for (int i = 0; i < x.Length; i++) x[i] = rng.NextDouble() - 0.5;
        return x;
    }

    private static void Near(double expected, double actual, double scale, string where) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-12 * scale, $"{where}: expected {expected}, got {actual}");

    [Theory]
    [MemberData(nameof(Paths))]
    public void LowerProductMatchesNaiveLoopsAndLeavesTheRestAlone(int bits) => OnPath(bits, () =>
    {
        foreach (int rows in Sizes)
            foreach (int cols in Sizes.Where(c => c <= rows).Append(rows))
                foreach (int k in new[] { 1, 5, 48, 67 })
                {
                    int lda = rows + 3, ldc = rows + 2;
                    var a = Random(lda * k, rows * 31 + cols + k);
                    var c = Random(ldc * cols, k);
                    var expected = (double[])c.Clone();
                    for (int j = 0; j < cols; j++)
                        for (int i = j; i < rows; i++)
                        {
                            double s = 0;
                            for (int t = 0; t < k; t++) s += a[t * lda + i] * a[t * lda + j];
                            expected[j * ldc + i] -= s;
                        }
                    DenseKernels.SubtractLowerProduct(c, ldc, a, lda, rows, cols, k);
                    // Above the diagonal and in the padding rows: untouched, bit for bit.
                    for (int p = 0; p < c.Length; p++) Near(expected[p], c[p], k, $"{rows}x{cols}, k {k}, at {p}");
                }
    });

    [Theory]
    [MemberData(nameof(Paths))]
    public void ProductMatchesNaiveLoops(int bits) => OnPath(bits, () =>
    {
        foreach (int rows in Sizes)
            foreach (int cols in new[] { 1, 3, 4, 7, 48 })
                foreach (int k in new[] { 1, 7, 64, 130, 257 })
                {
                    int lda = rows + 1, ldb = k + 2, ldc = rows + 5;
                    var a = Random(lda * k, rows + cols * 7 + k);
                    var b = Random(ldb * cols, k * 3 + cols);
                    var c = Random(ldc * cols, rows);
                    var expected = (double[])c.Clone();
                    for (int j = 0; j < cols; j++)
                        for (int i = 0; i < rows; i++)
                        {
                            double s = 0;
                            for (int t = 0; t < k; t++) s += a[t * lda + i] * b[j * ldb + t];
                            expected[j * ldc + i] -= s;
                        }
                    DenseKernels.SubtractProduct(c, ldc, a, lda, b, ldb, rows, cols, k);
                    for (int p = 0; p < c.Length; p++) Near(expected[p], c[p], k, $"{rows}x{cols}, k {k}, at {p}");
                }
    });

    [Theory]
    [MemberData(nameof(Paths))]
    public void TriangularSolveOnTheRightReproducesItsRightHandSide(int bits) => OnPath(bits, () =>
    {
        foreach (int rows in Sizes)
            foreach (int w in new[] { 1, 3, 7, 33, 48 })
                foreach (bool transposed in new[] { false, true })
                {
                    int ldl = w + 4, ldx = rows + 1;
                    var l = Random(ldl * w, w + rows);
                    for (int j = 0; j < w; j++) l[j * ldl + j] = 2 + Math.Abs(l[j * ldl + j]); // well conditioned
                    var b = Random(ldx * w, rows * 5 + w);
                    var x = (double[])b.Clone();
                    DenseKernels.SolveRight(x, ldx, rows, w, l, ldl, transposed);
                    // X L = B (or X Lᵀ = B) with L's lower triangle only.
                    for (int i = 0; i < rows; i++)
                        for (int j = 0; j < w; j++)
                        {
                            double s = 0;
                            for (int p = 0; p < w; p++)
                            {
                                int row = transposed ? j : p, col = transposed ? p : j; // L[row, col], lower only
                                if (row >= col) s += x[p * ldx + i] * l[col * ldl + row];
                            }
                            Near(b[j * ldx + i], s, w, $"{rows}x{w} {(transposed ? "Lᵀ" : "L")} at ({i}, {j})");
                        }
                    // The padding row is not touched.
                    for (int j = 0; j < w; j++) Assert.Equal(b[j * ldx + rows], x[j * ldx + rows]);
                }
    });

    [Theory]
    [MemberData(nameof(Paths))]
    public void PanelCholeskyMatchesTheDenseOne(int bits) => OnPath(bits, () =>
    {
        foreach (int m in Sizes)
            foreach (int c in Sizes.Where(c => c <= m).Append(m))
            {
                var a = Spd(m, seed: m + c);
                var panel = new double[m * c]; // column-major first c columns (symmetric: row j = column j)
                for (int j = 0; j < c; j++)
                    for (int i = 0; i < m; i++) panel[j * m + i] = a[j * m + i];
                Assert.Equal(-1, DenseKernels.PanelCholesky(panel, m, c));
                var l = (double[])a.Clone();
                Assert.True(DenseMath.Cholesky(l, m));
                for (int j = 0; j < c; j++)
                    for (int i = j; i < m; i++) Near(l[i * m + j], panel[j * m + i], m, $"{m}x{c} at ({i}, {j})");
            }
    });

    [Theory]
    [MemberData(nameof(Paths))]
    public void PanelCholeskyReportsTheFirstBadPivot(int bits) => OnPath(bits, () =>
    {
        int m = 130;
        var a = Spd(m, seed: 4);
        a[97 * m + 97] = -1; // column 97 (in the third 48-column panel) loses positivity
        Assert.Equal(97, DenseKernels.PanelCholesky(a, m, m));
    });

    [Theory]
    [MemberData(nameof(Paths))]
    public void SelectedInverseOfADenseSupernodeIsTheInverse(int bits) => OnPath(bits, () =>
    {
        foreach (int n in new[] { 1, 3, 7, 33, 130 })
        {
            var a = Spd(n, seed: n);
            var rows = new List<int>();
            var cols = new List<int>();
            var vals = new List<double>();
            for (int j = 0; j < n; j++)
                for (int i = j; i < n; i++) { rows.Add(i); cols.Add(j); vals.Add(a[j * n + i]); }
            var m = SymmetricSparseMatrix.FromTriplets(n, [.. rows], [.. cols], [.. vals]);
            var factor = new SupernodalCholesky(SymbolicCholesky.Analyse(m, FillReducingOrdering.Natural));
            Assert.Equal(CholeskyStatus.Success, factor.Factorize(m.Values));
            var inverse = new SelectedInverse(factor);
            inverse.Compute();
            var l = (double[])a.Clone();
            Assert.True(DenseMath.Cholesky(l, n));
            var expected = DenseMath.InverseFromCholesky(l, n);
            for (int i = 0; i < n; i++)
                for (int j = 0; j <= i; j++) Near(expected[i * n + j], inverse.Entry(i, j), 1, $"order {n} at ({i}, {j})");
        }
    });

    [Theory]
    [MemberData(nameof(Paths))]
    public void RowCombinationsAreBitwiseTheAxpysTheyReplace(int bits) => OnPath(bits, () =>
    {
        // Both strides (a row's coefficients down a column, as the forward solve reads L, or along it, as the back
        // solve does), odd and even row counts, and widths that leave 16-, 4- and 1-wide pieces.
        foreach (int count in new[] { 1, 3, 4, 5, 16, 17, 29, 40 })
            foreach (bool down in new[] { true, false })
            {
                int rowsOut = 7, t0 = 9, t1 = 30, m = 40, ldw = count + 3;
                var l = Random(m * m, count);
                var w = Random(m * ldw, count + 1);
                var expected = (double[])w.Clone();
                int rs = down ? 1 : m, ts = down ? m : 1;
                for (int r = 0; r < rowsOut; r++)
                    for (int t = t0; t < t1; t++)
                        DenseKernels.Axpy(-l[r * rs + t * ts], expected.AsSpan(t * ldw, count), expected.AsSpan(r * ldw, count));
                DenseKernels.SubtractRowCombinations(w, ldw, count, l, rs, ts, 0, rowsOut, t0, t1);
                for (int i = 0; i < w.Length; i++) Assert.Equal(expected[i], w[i]);
            }
    });

    [Theory]
    [MemberData(nameof(Paths))]
    public void SolvesWithSeveralRightHandSidesMatchTheDenseFactor(int bits) => OnPath(bits, () =>
    {
        foreach (string design in SparseDesigns.Names)
        {
            var m = SparseDesigns.Build(design, seed: 7);
            int n = m.Order, count = 5;
            var sym = SymbolicCholesky.Analyse(m);
            var factor = new SupernodalCholesky(sym);
            Assert.Equal(CholeskyStatus.Success, factor.Factorize(m.Values));
            var l = SparseDesigns.Dense(m, sym.Permutation);
            Assert.True(DenseMath.Cholesky(l, n));
            var b = Random(n * count, n);
            var forward = (double[])b.Clone();
            factor.SolveLower(forward, count);
            var backward = (double[])b.Clone();
            factor.SolveLowerTransposed(backward, count);
            for (int k = 0; k < count; k++)
            {
                var expected = b.AsSpan(k * n, n).ToArray();
                DenseMath.ForwardSolve(l, n, expected);
                var single = b.AsSpan(k * n, n).ToArray();
                factor.SolveLower(single);
                var expectedT = b.AsSpan(k * n, n).ToArray();
                DenseMath.BackSolveTransposed(l, n, expectedT);
                double scale = SparseDesigns.MaxAbs(expected) + SparseDesigns.MaxAbs(expectedT);
                for (int i = 0; i < n; i++)
                {
                    Near(expected[i], forward[k * n + i], scale * 100, $"{design} L, column {k}, row {i}");
                    Assert.Equal(single[i], forward[k * n + i]); // the same arithmetic one column at a time
                    Near(expectedT[i], backward[k * n + i], scale * 100, $"{design} Lᵀ, column {k}, row {i}");
                }
            }
        }
    });

    /// <summary>A symmetric positive definite n × n matrix (both triangles; row- and column-major alike).</summary>
    private static double[] Spd(int n, int seed)
    {
        var a = Random(n * n, seed);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++) a[j * n + i] = a[i * n + j];
        for (int i = 0; i < n; i++) a[i * n + i] = n + 1;
        return a;
    }
}
