using Resampling.Engine;
using Resampling.Numerics;
using Resampling.Randomness;

namespace Resampling.Mcmc;

/// <summary>
/// The independence proposal of the collapsed covariance move: a multivariate t with few degrees of freedom in normal
/// scores z, located and scaled by a window of the chain's own warm-up states. Each coordinate x of the move's ζ (log
/// sds, atanh partial correlations, log σ²) is first mapped to z by a piecewise-linear map through its window quantiles
/// (1%, 2.5%, 5%, 10%, …, 90%, 95%, 97.5%, 99%) onto the standard
/// normal's, extended linearly beyond them: a weakly identified variance (HSB's slope) has a long left tail on the log
/// scale (log L₂₂: 5% → −3.7, median −1.4, 95% → −0.5) that a symmetric t on x fits badly (acceptance ≈ 40%). The t's
/// polynomial tails, carried linearly back to x, are heavier than the target's (exponential on a log sd, Gaussian
/// elsewhere), so the independence sampler does not stick in the tails. Allocation-free when drawing; one per chain.
/// Maths: docs/mcmc.md §4.
/// </summary>
internal sealed class CollapsedProposal
{
    /// <summary>Degrees of freedom of the t.</summary>
    public const double Df = 5;

    /// <summary>Scale matrix = Inflation × the window's covariance of z: wider than the target so its tails stay covered.</summary>
    public const double Inflation = 1.2;

    private static readonly double[] Probabilities = [0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.975, 0.99];

    // qnorm(Probabilities)
    private static readonly double[] Scores =
        [-2.3263478740, -1.9599639845, -1.6448536270, -1.2815515655, -0.8416212336, -0.5244005127, -0.2533471031, 0,
         0.2533471031, 0.5244005127, 0.8416212336, 1.2815515655, 1.6448536270, 1.9599639845, 2.3263478740];

    private readonly int _m, _k;
    // Per coordinate: the x knots (k), and the slopes dz/dx of the k − 1 segments and of the two tails.
    private readonly double[] _knots, _slopes, _lowTail, _highTail, _mean, _chol, _work;

    public CollapsedProposal(int dimension)
    {
        _m = dimension;
        _k = Probabilities.Length;
        _knots = new double[_m * _k];
        _slopes = new double[_m * (_k - 1)];
        _lowTail = new double[_m];
        _highTail = new double[_m];
        _mean = new double[_m];
        _chol = new double[_m * _m];
        _work = new double[_m];
    }

    public bool Ready { get; private set; }

    /// <summary>Fits the maps, location and scale to <paramref name="count"/> rows of x (row-major, m per row). Keeps the
    /// previous fit (or none) if the window is too short, a map is not strictly increasing, or the covariance is singular.</summary>
    public void Fit(ReadOnlySpan<double> rows, int count)
    {
        int m = _m, k = _k;
        if (count < Math.Max(2 * m + 2, 20)) return;
        var knots = new double[m * k];
        var column = new double[count];
        for (int a = 0; a < m; a++)
        {
            for (int i = 0; i < count; i++) column[i] = rows[i * m + a];
            Array.Sort(column);
            for (int j = 0; j < k; j++) knots[a * k + j] = RStats.SortedQuantile(column, Probabilities[j]);
            for (int j = 1; j < k; j++)
                if (!(knots[a * k + j] > knots[a * k + j - 1])) return;
        }
        var slopes = new double[m * (k - 1)];
        var low = new double[m];
        var high = new double[m];
        for (int a = 0; a < m; a++)
        {
            for (int j = 0; j < k - 1; j++) slopes[a * (k - 1) + j] = (Scores[j + 1] - Scores[j]) / (knots[a * k + j + 1] - knots[a * k + j]);
            // Tails: the average slope over the outer 1%–10% (90%–99%), steadier than the outermost segment.
            low[a] = (Scores[3] - Scores[0]) / (knots[a * k + 3] - knots[a * k]);
            high[a] = (Scores[k - 1] - Scores[k - 4]) / (knots[a * k + k - 1] - knots[a * k + k - 4]);
        }
        var z = new double[count * m];
        for (int i = 0; i < count; i++)
            for (int a = 0; a < m; a++) z[i * m + a] = ToScore(knots, slopes, low, high, k, a, rows[i * m + a], out _);
        var mean = new double[m];
        for (int i = 0; i < count; i++)
            for (int a = 0; a < m; a++) mean[a] += z[i * m + a];
        for (int a = 0; a < m; a++) mean[a] /= count;
        var cov = new double[m * m];
        for (int i = 0; i < count; i++)
            for (int a = 0; a < m; a++)
            {
                double da = z[i * m + a] - mean[a];
                for (int b = 0; b <= a; b++) cov[a * m + b] += da * (z[i * m + b] - mean[b]);
            }
        for (int a = 0; a < m; a++)
            for (int b = 0; b <= a; b++) cov[a * m + b] *= Inflation / (count - 1);
        if (!DenseMath.Cholesky(cov, m)) return;
        knots.CopyTo(_knots, 0);
        slopes.CopyTo(_slopes, 0);
        low.CopyTo(_lowTail, 0);
        high.CopyTo(_highTail, 0);
        mean.CopyTo(_mean, 0);
        cov.CopyTo(_chol, 0);
        Ready = true;
    }

    /// <summary>z = μ + C x √(ν/χ²_ν), x ~ N(0, I), mapped back through the marginal maps.</summary>
    public void Draw(RandomStream rng, Span<double> values)
    {
        int m = _m;
        for (int a = 0; a < m; a++) _work[a] = rng.NextNormal();
        double w = Math.Sqrt(Df / rng.NextChiSquare(Df));
        for (int a = m - 1; a >= 0; a--)
        {
            double s = 0;
            for (int b = 0; b <= a; b++) s += _chol[a * m + b] * _work[b];
            values[a] = FromScore(a, _mean[a] + w * s);
        }
    }

    /// <summary>log q(x) up to a constant: the t density of z(x) times ∏ dz/dx.</summary>
    public double LogDensity(ReadOnlySpan<double> eta)
    {
        int m = _m;
        double logJacobian = 0;
        for (int a = 0; a < m; a++)
        {
            _work[a] = ToScore(_knots, _slopes, _lowTail, _highTail, _k, a, eta[a], out double slope) - _mean[a];
            logJacobian += Math.Log(slope);
        }
        DenseMath.ForwardSolve(_chol, m, _work);
        double q = 0;
        for (int a = 0; a < m; a++) q += _work[a] * _work[a];
        return -(Df + m) / 2 * Math.Log(1 + q / Df) + logJacobian;
    }

    /// <summary>The normal score of coordinate a's value x, and the map's slope there.</summary>
    private static double ToScore(double[] knots, double[] slopes, double[] low, double[] high, int k, int a, double x, out double slope)
    {
        int o = a * k;
        if (x <= knots[o])
        {
            slope = low[a];
            return Scores[0] + slope * (x - knots[o]);
        }
        if (x >= knots[o + k - 1])
        {
            slope = high[a];
            return Scores[k - 1] + slope * (x - knots[o + k - 1]);
        }
        int j = 0;
        while (x > knots[o + j + 1]) j++;
        slope = slopes[a * (k - 1) + j];
        return Scores[j] + slope * (x - knots[o + j]);
    }

    private double FromScore(int a, double z)
    {
        int k = _k, o = a * k;
        if (z <= Scores[0]) return _knots[o] + (z - Scores[0]) / _lowTail[a];
        if (z >= Scores[k - 1]) return _knots[o + k - 1] + (z - Scores[k - 1]) / _highTail[a];
        int j = 0;
        while (z > Scores[j + 1]) j++;
        return _knots[o + j] + (z - Scores[j]) / _slopes[a * (k - 1) + j];
    }
}
