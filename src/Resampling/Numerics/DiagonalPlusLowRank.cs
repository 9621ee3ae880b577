namespace Resampling.Numerics;

/// <summary>
/// A symmetric n×n matrix held as Σ = c·(diag(d) + U U') (U n×r, row-major, c &gt; 0 a scale), e.g. the prediction-error covariance of
/// many groups' effects: each group's own part on the diagonal, the shared fixed effects (and any other factors) in U.
/// Memory O(n·r) instead of O(n²); an entry costs O(r). Immutable.
/// </summary>
public sealed class DiagonalPlusLowRank
{
    private readonly double[] _d;
    private readonly double[] _u;
    private readonly double _scale;

    /// <param name="diagonal">d (length n; taken, not copied).</param>
    /// <param name="factor">U row-major, n×<paramref name="rank"/> (taken, not copied).</param>
    /// <param name="rank">r, the number of columns of U (0: diagonal).</param>
    /// <param name="scale">c (e.g. σ² for an unscaled prediction-error covariance).</param>
    public DiagonalPlusLowRank(double[] diagonal, double[] factor, int rank, double scale = 1)
    {
        if (!(scale > 0)) throw new ArgumentOutOfRangeException(nameof(scale), "must be positive");
        if (rank < 0 || factor.Length != (long)diagonal.Length * rank)
            throw new ArgumentException($"U has {factor.Length} entries, not {diagonal.Length}×{rank}.");
        _d = diagonal;
        _u = factor;
        Rank = rank;
        _scale = scale;
    }

    public int Count => _d.Length;
    public int Rank { get; }
    /// <summary>c·d_j, the diagonal part alone: Σ − diag(c·d) is positive semi-definite.</summary>
    public double DiagonalPart(int j) => _scale * _d[j];

    /// <summary>Row j of U (unscaled).</summary>
    public ReadOnlySpan<double> FactorRow(int j) => _u.AsSpan(j * Rank, Rank);

    /// <summary>Σ_jk = c·(d_j δ_jk + U_j·U_k), summed in column order, so it equals the dense product bit for bit.</summary>
    public double this[int j, int k]
    {
        get
        {
            double s = j == k ? _d[j] : 0;
            int r = Rank;
            for (int a = 0; a < r; a++) s += _u[j * r + a] * _u[k * r + a];
            return _scale * s;
        }
    }

    /// <summary>Var(e_j − e_k) = Σ_jj + Σ_kk − 2Σ_jk, as the dense formula computes it.</summary>
    public double DifferenceVariance(int j, int k) => this[j, j] + this[k, k] - 2 * this[j, k];

    /// <summary>
    /// The dense matrix (O(n²) memory: for small n, tests, and ranks above n/2 where an entry read many times is cheaper
    /// stored than recomputed in O(r)). Every entry is the indexer's, bit for bit (the same sum in the same order), but
    /// four rows j share each pass over a row k of U, which then comes from memory a quarter as often (at n = 1,311 and
    /// r = 1,397, U is 15 MB: not in cache). Blocks of rows in parallel, each writing (j, k ≤ j) for its own rows j.
    /// </summary>
    public double[,] ToDense()
    {
        int n = Count, r = Rank;
        const int Rows = 4;
        var m = new double[n, n];
        Parallel.For(0, (n + Rows - 1) / Rows, block =>
        {
            int j0 = block * Rows;
            if (j0 + Rows > n)
            {
                for (int j = j0; j < n; j++)
                    for (int k = 0; k <= j; k++) m[j, k] = m[k, j] = this[j, k];
                return;
            }
            var u0 = _u.AsSpan(j0 * r, r);
            var u1 = _u.AsSpan((j0 + 1) * r, r);
            var u2 = _u.AsSpan((j0 + 2) * r, r);
            var u3 = _u.AsSpan((j0 + 3) * r, r);
            for (int k = 0; k < j0; k++)
            {
                var uk = _u.AsSpan(k * r, r);
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                for (int a = 0; a < r; a++)
                {
                    double x = uk[a];
                    s0 += u0[a] * x;
                    s1 += u1[a] * x;
                    s2 += u2[a] * x;
                    s3 += u3[a] * x;
                }
                m[j0, k] = m[k, j0] = _scale * s0;
                m[j0 + 1, k] = m[k, j0 + 1] = _scale * s1;
                m[j0 + 2, k] = m[k, j0 + 2] = _scale * s2;
                m[j0 + 3, k] = m[k, j0 + 3] = _scale * s3;
            }
            for (int j = j0; j < j0 + Rows; j++)
                for (int k = j0; k <= j; k++) m[j, k] = m[k, j] = this[j, k];
        });
        return m;
    }

    /// <summary>The matrix times a positive scalar (shares the storage).</summary>
    public DiagonalPlusLowRank Scale(double s) => new(_d, _u, Rank, _scale * s);

    /// <summary>
    /// The Cholesky factor of Σ + ridge·I without forming it: eliminating one row of D + U S U' leaves D + U S' U' on the
    /// rest (S' = S − S u_k u_k' S / α_k), so L = diag(√α) + strictly-lower(U W') with w_k = S_k u_k / √α_k. O(n·r²)
    /// time, O(n·r) memory; the same factor as the dense Cholesky up to rounding. Null when a pivot is not positive.
    /// (Computed for d + UU' + (ridge/c)·I and scaled by √c.)
    /// </summary>
    public SemiseparableCholesky? Cholesky(double ridge = 0)
    {
        ridge /= _scale;
        double rootScale = Math.Sqrt(_scale);
        int n = Count, r = Rank;
        var s = new double[r * r];
        for (int a = 0; a < r; a++) s[a * r + a] = 1;
        var pivots = new double[n];
        var w = new double[n * r];
        var su = new double[r];
        for (int k = 0; k < n; k++)
        {
            var u = FactorRow(k);
            double alpha = _d[k] + ridge;
            for (int a = 0; a < r; a++)
            {
                double t = 0;
                for (int b = 0; b < r; b++) t += s[a * r + b] * u[b];
                su[a] = t;
                alpha += u[a] * t;
            }
            if (!(alpha > 0)) return null;
            double root = Math.Sqrt(alpha);
            pivots[k] = root * rootScale;
            for (int a = 0; a < r; a++) w[k * r + a] = su[a] / root;
            for (int a = 0; a < r; a++)
                for (int b = 0; b < r; b++) s[a * r + b] -= su[a] * su[b] / alpha;
        }
        if (rootScale != 1) for (int i = 0; i < w.Length; i++) w[i] *= rootScale;
        return new SemiseparableCholesky(pivots, w, _u, r);
    }
}

/// <summary>L = diag(l) + strictly-lower(U W'), the Cholesky factor of a diagonal-plus-low-rank matrix.</summary>
public sealed class SemiseparableCholesky
{
    private readonly double[] _l, _w, _u;
    private readonly int _r;

    internal SemiseparableCholesky(double[] pivots, double[] w, double[] u, int rank)
    {
        _l = pivots;
        _w = w;
        _u = u;
        _r = rank;
    }

    /// <summary>z = L e in O(n·r): z_j = l_j e_j + U_j·Σ_{k&lt;j} w_k e_k.</summary>
    public void Multiply(ReadOnlySpan<double> e, Span<double> z)
    {
        int n = _l.Length, r = _r;
        Span<double> acc = r <= 64 ? stackalloc double[r] : new double[r];
        acc.Clear();
        for (int j = 0; j < n; j++)
        {
            double s = 0;
            for (int a = 0; a < r; a++) s += _u[j * r + a] * acc[a];
            z[j] = _l[j] * e[j] + s;
            for (int a = 0; a < r; a++) acc[a] += _w[j * r + a] * e[j];
        }
    }
}
