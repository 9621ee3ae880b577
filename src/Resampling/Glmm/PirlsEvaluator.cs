using System.Runtime.CompilerServices;
using Resampling.Numerics.Sparse;

namespace Resampling.Glmm;

/// <summary>
/// Penalised iteratively reweighted least squares for the spherical random effects u of a GLMM, and the Laplace and
/// adaptive Gauss–Hermite deviances built on it (docs/glmm.md). Each row of ZΛ has a few non-zeros (Σ pₜ over the
/// terms), so M = ΛᵀZᵀWZΛ + I has a fixed sparse pattern whatever W and θ: it is analysed once and each PIRLS
/// iteration only refills its values from the rows' weighted outer products, through precomputed slots, and
/// refactorises it. In the joint mode (glmer's nAGQ = 0 stage) the unknowns are u and β together: X's columns are
/// appended to every row and carry no penalty. Not thread-safe: it keeps buffers and warm-starts u.
/// </summary>
internal sealed partial class PirlsEvaluator
{
    private readonly GlmmProblem _problem;
    private readonly GlmmFamily _family;
    private readonly bool _joint;
    private readonly int _n, _q, _p, _m, _entries, _pairs;
    private readonly int[] _termOffset, _termColumns, _columns, _slots, _diagonalSlots;
    private readonly double[] _values; // row i's entries of [ZΛ | X] at i·_entries
    private readonly SymmetricSparseMatrix _matrix;
    private readonly SupernodalCholesky _factor;
    private readonly double[] _v, _trial, _step, _gradient, _eta, _fixedEta, _mu, _dmu, _weights, _residual;
    private double[] _theta = [];

    public PirlsEvaluator(GlmmProblem problem, bool joint)
    {
        _problem = problem;
        _family = problem.Family;
        _joint = joint;
        var terms = problem.Design.Terms;
        _n = problem.RowCount;
        _p = problem.Design.X.ColumnCount;
        _termOffset = new int[terms.Count];
        _termColumns = new int[terms.Count];
        int q = 0, k = 0;
        for (int t = 0; t < terms.Count; t++)
        {
            _termOffset[t] = q;
            _termColumns[t] = terms[t].ColumnCount;
            q += terms[t].LevelCount * terms[t].ColumnCount;
            k += terms[t].ColumnCount;
        }
        _q = q;
        _m = q + (joint ? _p : 0);
        _entries = k + (joint ? _p : 0);
        _pairs = _entries * (_entries + 1) / 2;
        _columns = new int[(long)_n * _entries <= int.MaxValue ? _n * _entries : throw new InvalidOperationException("The model is too large.")];
        _values = new double[_columns.Length];
        for (int i = 0; i < _n; i++)
        {
            int e = i * _entries;
            for (int t = 0; t < terms.Count; t++)
                for (int c = 0; c < _termColumns[t]; c++)
                    _columns[e++] = _termOffset[t] + terms[t].GroupIndex[i] * _termColumns[t] + c;
            if (joint)
                for (int j = 0; j < _p; j++) _columns[e++] = q + j;
        }
        _saturated = SaturatedConstant(problem);
        (_matrix, _slots, _diagonalSlots) = Pattern();
        _factor = new SupernodalCholesky(SymbolicCholesky.Analyse(_matrix));
        _v = new double[_m];
        _trial = new double[_m];
        _step = new double[_m];
        _gradient = new double[_m];
        _eta = new double[_n];
        _fixedEta = new double[_n];
        _mu = new double[_n];
        _dmu = new double[_n];
        _weights = new double[_n];
        _residual = new double[_n];
        if (joint)
        {
            var x = problem.Design.X.Columns;
            for (int i = 0; i < _n; i++)
                for (int j = 0; j < _p; j++) _values[i * _entries + k + j] = x[j][i];
        }
    }

    private double _penalisedDeviance;

    // Σ (−2 log p(yᵢ | μ) − dᵢ(μ)), when it does not depend on μ (every binomial count and number of trials whole).
    private readonly double? _saturated;

    private static double? SaturatedConstant(GlmmProblem problem)
    {
        var family = problem.Family;
        var y = problem.Y;
        var w = problem.Weights;
        double sum = 0;
        for (int i = 0; i < y.Length; i++)
        {
            if (family.Distribution == GlmmDistribution.Binomial)
            {
                double k = w[i] * y[i];
                if (Math.Abs(w[i] - Math.Round(w[i])) > 1e-12 * Math.Max(1, w[i]) || Math.Abs(k - Math.Round(k)) > 1e-12 * Math.Max(1, w[i]))
                    return null;
            }
            const double mu = 0.5;
            sum += family.MinusTwoLogDensity(y[i], mu, w[i]) - family.DevianceResidual(y[i], mu, w[i]);
        }
        return sum;
    }

    public int RandomEffectCount => _q;

    /// <summary>The current solution: u (and β after it in the joint mode).</summary>
    public ReadOnlySpan<double> Solution => _v;

    public ReadOnlySpan<double> Mean => _mu;

    /// <summary>The factor of M at the last solution (its log-determinant is lme4's ldL2).</summary>
    public SupernodalCholesky Factor => _factor;

    public double LogDeterminant { get; private set; }

    /// <summary>Whether the last PIRLS met its tolerance.</summary>
    public bool Converged { get; private set; }

    /// <summary>
    /// PIRLS stops when its Newton step is at most this relative to 1 + ‖u‖∞ (10⁻¹⁰: the Laplace deviance moves with u,
    /// and the Hessian differences its gradient; glmer's first stage, which only finds a start, can do with less).
    /// </summary>
    public double StepTolerance { get; init; } = 1e-10;

    /// <summary>PIRLS runs (<see cref="Solve"/> calls) and their iterations (factorisations) so far, for profiling.</summary>
    public int Solves { get; private set; }

    public int Iterations { get; private set; }

    private (SymmetricSparseMatrix, int[], int[]) Pattern()
    {
        long count = (long)_n * _pairs + _m;
        if (count > int.MaxValue) throw new InvalidOperationException("The model is too large.");
        var rows = new int[count];
        var cols = new int[count];
        var ones = new double[count];
        long t = 0;
        for (int i = 0; i < _n; i++)
            for (int a = 0; a < _entries; a++)
                for (int b = a; b < _entries; b++)
                {
                    rows[t] = _columns[i * _entries + a];
                    cols[t++] = _columns[i * _entries + b];
                }
        for (int j = 0; j < _m; j++) { rows[t] = j; cols[t++] = j; }
        var matrix = SymmetricSparseMatrix.FromTriplets(_m, rows, cols, ones);
        var slots = new int[_n * _pairs];
        for (int i = 0, s = 0; i < _n; i++)
            for (int a = 0; a < _entries; a++)
                for (int b = a; b < _entries; b++)
                    slots[s++] = Slot(matrix, _columns[i * _entries + a], _columns[i * _entries + b]);
        var diagonal = new int[_m];
        for (int j = 0; j < _m; j++) diagonal[j] = Slot(matrix, j, j);
        return (matrix, slots, diagonal);
    }

    private static int Slot(SymmetricSparseMatrix m, int i, int j)
    {
        int row = Math.Max(i, j), col = Math.Min(i, j);
        int lo = m.ColumnStarts[col], hi = m.ColumnStarts[col + 1];
        int at = Array.BinarySearch(m.RowIndices, lo, hi - lo, row);
        if (at < 0) throw new InvalidOperationException("Entry outside the pattern.");
        return at;
    }

    /// <summary>Sets θ: row i's entries of ZΛ are Σ_{j≥c} z_ij Λ[j, c] within each term (Λ lower triangular, θ by columns).</summary>
    public void SetTheta(ReadOnlySpan<double> theta)
    {
        _theta = theta.ToArray();
        var terms = _problem.Design.Terms;
        int th = 0;
        int e0 = 0;
        for (int t = 0; t < terms.Count; t++)
        {
            int pt = _termColumns[t];
            var lambda = new double[pt, pt];
            for (int c = 0; c < pt; c++)
                for (int r = c; r < pt; r++) lambda[r, c] = theta[th++];
            var z = terms[t].Columns;
            for (int i = 0; i < _n; i++)
            {
                int e = i * _entries + e0;
                for (int c = 0; c < pt; c++)
                {
                    double s = 0;
                    for (int r = c; r < pt; r++) s += z[r][i] * lambda[r, c];
                    _values[e + c] = s;
                }
            }
            e0 += pt;
        }
    }

    /// <summary>Starts u (and β) afresh: u = 0, β as given (joint mode).</summary>
    public void Reset(ReadOnlySpan<double> beta)
    {
        Array.Clear(_v);
        if (_joint) beta.CopyTo(_v.AsSpan(_q));
    }

    /// <summary>Starts the next PIRLS run from the given solution (u, and β in the joint mode).</summary>
    public void Restart(ReadOnlySpan<double> solution) => solution.CopyTo(_v);

    /// <summary>Fixes β (u-only mode): the fixed part of η is offset + Xβ.</summary>
    public void SetBeta(ReadOnlySpan<double> beta)
    {
        var x = _problem.Design.X.Columns;
        var off = _problem.Offset;
        for (int i = 0; i < _n; i++)
        {
            double s = off[i];
            for (int j = 0; j < _p; j++) s += x[j][i] * beta[j];
            _fixedEta[i] = s;
        }
    }

    /// <summary>
    /// Runs PIRLS from the current u to the minimum of the penalised deviance Σ d(yᵢ, μᵢ) + ‖u‖² (Fisher scoring
    /// steps, halved while they do not decrease it), leaving M factorised at the solution's weights.
    /// Returns the penalised deviance.
    /// </summary>
    public double Solve()
    {
        if (_joint) Array.Copy(_problem.Offset, _fixedEta, _n);
        double pdev = PenalisedDeviance(_v);
        Converged = false;
        Solves++;
        for (int iter = 0; iter < 100; iter++)
        {
            Iterations++;
            UpdateWeights();
            if (!Factorise()) break;
            _gradient.AsSpan().CopyTo(_step);
            _factor.Solve(_step);
            double decrement = 0, largest = 0;
            for (int j = 0; j < _m; j++)
            {
                decrement += _gradient[j] * _step[j];
                largest = Math.Max(largest, Math.Abs(_step[j]));
            }
            // The Laplace deviance is not stationary in u (log det M moves with it), so u itself must be accurate, not
            // only the penalised deviance: stop on the step's size, or when the decrease it promises is at rounding level.
            if (largest <= StepTolerance * (1 + MaxAbs(_v)) || decrement <= 1e-24 * (1 + Math.Abs(pdev)))
            {
                Converged = true;
                break;
            }
            double t = 1;
            bool accepted = false;
            // A step whose promised decrease is below the penalised deviance's rounding noise cannot be judged by it
            // (a step of 10⁻⁷ in u changes φ by 10⁻¹⁴ relative): near the mode, where Newton's step is reliable, the full
            // step is taken unless φ visibly rises, so that u (and the Laplace deviance, which moves with it) is
            // accurate to the step tolerance rather than to √ε.
            double noise = 1e-10 * (1 + Math.Abs(pdev));
            bool belowNoise = decrement <= noise;
            for (int halving = 0; halving < 30; halving++, t /= 2)
            {
                for (int j = 0; j < _m; j++) _trial[j] = _v[j] + t * _step[j];
                double trial = PenalisedDeviance(_trial);
                // A shortened step must decrease the deviance strictly: at rounding level a step that leaves it equal
                // would be taken forever without moving.
                if (trial < pdev || (halving == 0 && (trial <= pdev || (belowNoise && trial <= pdev + noise))))
                {
                    accepted = true;
                    pdev = trial;
                    Array.Copy(_trial, _v, _m);
                    break;
                }
            }
            if (!accepted)
            {
                // No decrease along the step: at the minimum to rounding. M was factorised at the current v.
                PenalisedDeviance(_v);
                Converged = largest <= 1e-6 * (1 + MaxAbs(_v)) || decrement <= 1e-10 * (1 + Math.Abs(pdev));
                break;
            }
        }
        LogDeterminant = _factor.Status == CholeskyStatus.Success ? _factor.LogDeterminant() : double.NaN;
        _penalisedDeviance = pdev;
        return pdev;
    }

    /// <summary>glmer's Laplace deviance at the solution: Σ −2 log p(yᵢ | μᵢ) + ‖u‖² + log det M.</summary>
    public double LaplaceDeviance()
    {
        // −2 log p(yᵢ | μ) and the unit deviance differ by a constant in μ (the saturated model's −2 log-likelihood)
        // unless a binomial count w·y or its trials w is fractional: then the penalised deviance of the last PIRLS run
        // gives the sum without a pass over the rows.
        if (_saturated is { } constant) return _penalisedDeviance + constant + LogDeterminant;
        double sum = 0;
        var y = _problem.Y;
        var w = _problem.Weights;
        for (int i = 0; i < _n; i++) sum += _family.MinusTwoLogDensity(y[i], _mu[i], w[i]);
        return sum + SquaredLength() + LogDeterminant;
    }

    public double SquaredLength()
    {
        double s = 0;
        for (int j = 0; j < _q; j++) s += _v[j] * _v[j];
        return s;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double PenalisedDeviance(double[] v)
    {
        var y = _problem.Y;
        var w = _problem.Weights;
        double sum = 0;
        for (int i = 0; i < _n; i++)
        {
            int e = i * _entries;
            double eta = _fixedEta[i];
            for (int a = 0; a < _entries; a++) eta += _values[e + a] * v[_columns[e + a]];
            _eta[i] = eta;
            double mu = _family.MeanAndDerivative(eta, out _dmu[i]);
            _mu[i] = mu;
            sum += _family.DevianceResidual(y[i], mu, w[i]);
        }
        for (int j = 0; j < _q; j++) sum += v[j] * v[j];
        return sum;
    }

    /// <summary>Working weights and the gradient −½ ∂/∂v of the penalised deviance at the current η; refills M.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void UpdateWeights()
    {
        var y = _problem.Y;
        var pw = _problem.Weights;
        var values = _matrix.Values;
        Array.Clear(values);
        foreach (int d in _diagonalSlots.AsSpan(0, _q)) values[d] = 1;
        for (int j = 0; j < _m; j++) _gradient[j] = j < _q ? -_v[j] : 0;
        for (int i = 0; i < _n; i++)
        {
            double dmu = _dmu[i];
            double ratio = pw[i] * dmu / Math.Max(_family.Variance(_mu[i]), 1e-300);
            double w = ratio * dmu;
            double r = ratio * (y[i] - _mu[i]);
            _weights[i] = w;
            _residual[i] = r;
            int e = i * _entries, s = i * _pairs;
            for (int a = 0; a < _entries; a++)
            {
                double va = _values[e + a];
                _gradient[_columns[e + a]] += r * va;
                double wa = w * va;
                for (int b = a; b < _entries; b++) values[_slots[s++]] += wa * _values[e + b];
            }
        }
    }

    private SelectedInverse? _inverse;
    private SupernodalCholesky? _hessianFactor;
    private double[]? _inverseValues, _hessianValues, _direction, _rowCoefficient, _rowObserved;
    private int[]? _pairIndex;

    /// <summary>
    /// The gradient of the Laplace deviance D at the current solution (after <see cref="Solve"/>) with respect to θ and,
    /// in the u-only mode, β after it (docs/glmm.md §6). D = Σ aᵢ + ‖ũ‖² + log det M with ũ the mode: the explicit
    /// derivatives at fixed u plus ∂D/∂u · dũ/dψ, where dũ/dψ = −H⁻¹ ∂G/∂ψ by the implicit function theorem
    /// (G = u − (ZΛ)ᵀr the half-gradient of the penalised deviance, H = I + (ZΛ)ᵀW̃(ZΛ) with W̃ the observed
    /// information weights; H = M for a canonical link). log det M needs hᵢ = Lᵢ M⁻¹ Lᵢᵀ (Lᵢ row i of [ZΛ | X]),
    /// from M⁻¹ on M's pattern (the selected inverse), and one solve with H. False when M is not factorised.
    /// </summary>
    public bool LaplaceGradient(Span<double> gradient)
    {
        int nt = _theta.Length;
        if (gradient.Length != nt + (_joint ? 0 : _p)) throw new ArgumentException("The gradient has the wrong length.");
        if (_factor.Status != CholeskyStatus.Success) return false;
        _inverse ??= new SelectedInverse(_factor);
        _inverseValues ??= new double[_matrix.NonZeros];
        _direction ??= new double[_m];
        _rowCoefficient ??= new double[_n];
        _rowObserved ??= new double[_n];
        _pairIndex ??= PairIndex(_entries);
        _inverse.Compute();
        _inverse.OnMatrixPattern(_inverseValues);
        var zinv = _inverseValues;
        var y = _problem.Y;
        var pw = _problem.Weights;
        bool canonical = _family.IsCanonical;
        var c = _direction;
        Array.Clear(c);
        for (int j = 0; j < _q; j++) c[j] = 2 * _v[j];
        // ∂D/∂v at fixed θ, β: Σᵢ (W′ᵢhᵢ − 2sᵢ) Lᵢᵀ + 2u, with sᵢ = ∂ log p(yᵢ)/∂ηᵢ and W′ = dW/dη.
        for (int i = 0; i < _n; i++)
        {
            double eta = _eta[i], mu = _mu[i];
            double d1 = _dmu[i], d2 = _family.MeanSecondDerivative(eta, mu, d1);
            double variance = Math.Max(_family.Variance(mu), 1e-300), dv = _family.VarianceDerivative(mu);
            double wPrime = pw[i] * (2 * d1 * d2 / variance - d1 * d1 * d1 * dv / (variance * variance));
            // With whole counts ∂ log p/∂η is the working residual r.
            double score = _saturated is null ? _family.LogDensityDerivative(y[i], mu, pw[i]) * d1 : _residual[i];
            _rowObserved[i] = canonical ? _weights[i]
                : _weights[i] - pw[i] * (y[i] - mu) * (d2 * variance - d1 * d1 * dv) / (variance * variance);
            int e = i * _entries, sl = i * _pairs;
            double h = 0;
            for (int a = 0, pr = 0; a < _entries; a++)
            {
                double va = _values[e + a];
                h += va * va * zinv[_slots[sl + pr++]];
                for (int b = a + 1; b < _entries; b++) h += 2 * va * _values[e + b] * zinv[_slots[sl + pr++]];
            }
            double coefficient = wPrime * h - 2 * score;
            _rowCoefficient[i] = coefficient;
            for (int a = 0; a < _entries; a++) c[_columns[e + a]] += coefficient * _values[e + a];
        }
        if (canonical) _factor.Solve(c);
        else
        {
            if (!FactoriseObservedInformation()) return false;
            _hessianFactor!.Solve(c);
        }
        // With s = H⁻¹ ∂D/∂v: dD/dψ = ∂D/∂ψ − sᵀ ∂G/∂ψ, row by row.
        gradient.Clear();
        var terms = _problem.Design.Terms;
        var x = _problem.Design.X.Columns;
        for (int i = 0; i < _n; i++)
        {
            int e = i * _entries, sl = i * _pairs;
            double ls = 0;
            for (int a = 0; a < _entries; a++) ls += _values[e + a] * c[_columns[e + a]];
            // The coefficient of dηᵢ at fixed v (η moves with β through X and with θ through ZΛₖu).
            double alpha = _rowCoefficient[i] - _rowObserved[i] * ls;
            if (!_joint)
                for (int j = 0; j < _p; j++) gradient[nt + j] += alpha * x[j][i];
            int k = 0, e0 = 0;
            for (int t = 0; t < terms.Count; t++)
            {
                int pt = _termColumns[t];
                var z = terms[t].Columns;
                for (int col = 0; col < pt; col++)
                {
                    int ec = e0 + col, at = _columns[e + ec];
                    // Lᵢ M⁻¹ eₐₜ: row i of ZΛ against column `at` of M⁻¹.
                    double li = 0;
                    for (int a = 0; a < _entries; a++) li += _values[e + a] * zinv[_slots[sl + _pairIndex[a * _entries + ec]]];
                    double tail = alpha * _v[at] + 2 * _weights[i] * li + _residual[i] * c[at];
                    for (int r = col; r < pt; r++) gradient[k++] += z[r][i] * tail;
                }
                e0 += pt;
            }
        }
        return true;
    }

    /// <summary>Factorises H = I + (ZΛ)ᵀ W̃ (ZΛ) (observed information) on M's pattern, for a non-canonical link.</summary>
    private bool FactoriseObservedInformation()
    {
        _hessianFactor ??= new SupernodalCholesky(_factor.Symbolic);
        _hessianValues ??= new double[_matrix.NonZeros];
        var values = _hessianValues;
        Array.Clear(values);
        foreach (int d in _diagonalSlots.AsSpan(0, _q)) values[d] = 1;
        for (int i = 0; i < _n; i++)
        {
            double w = _rowObserved![i];
            int e = i * _entries, s = i * _pairs;
            for (int a = 0; a < _entries; a++)
            {
                double wa = w * _values[e + a];
                for (int b = a; b < _entries; b++) values[_slots[s++]] += wa * _values[e + b];
            }
        }
        return _hessianFactor.Factorize(values) == CholeskyStatus.Success;
    }

    /// <summary>The index among a row's pairs (a ≤ b, by a then b) of entries a and b, either order.</summary>
    private static int[] PairIndex(int entries)
    {
        var index = new int[entries * entries];
        for (int a = 0, pr = 0; a < entries; a++)
            for (int b = a; b < entries; b++, pr++) index[a * entries + b] = index[b * entries + a] = pr;
        return index;
    }

    private static double MaxAbs(double[] v)
    {
        double m = 0;
        foreach (double x in v) m = Math.Max(m, Math.Abs(x));
        return m;
    }

    private bool Factorise() => _factor.Factorize(_matrix.Values) == CholeskyStatus.Success;

    /// <summary>The inverse of M restricted to columns [first, first + count), each column solved for (count ≤ q).</summary>
    public double[,] InverseBlock(int first, int count)
    {
        var block = new double[count, count];
        var e = new double[_m];
        for (int c = 0; c < count; c++)
        {
            Array.Clear(e);
            e[first + c] = 1;
            _factor.Solve(e);
            for (int r = 0; r < count; r++) block[r, c] = e[first + r];
        }
        return block;
    }

    /// <summary>The Pearson residuals (y − μ)√w/√V(μ) at the solution.</summary>
    public double[] PearsonResiduals()
    {
        var r = new double[_n];
        for (int i = 0; i < _n; i++)
            r[i] = (_problem.Y[i] - _mu[i]) * Math.Sqrt(_problem.Weights[i]) / Math.Sqrt(_family.Variance(_mu[i]));
        return r;
    }

    public ReadOnlySpan<double> Theta => _theta;
}
