namespace Resampling.Tests.Mcmc;

/// <summary>
/// Self-normalised importance sampling of a <see cref="MarginalVariancePosterior"/> in its φ coordinates, in two stages:
/// a multivariate t₄ centred at the REML point with twice the Laplace scale of the REML likelihood, then a t₄ with the
/// first stage's weighted mean and 1.5 × its weighted covariance. Heavy tails and inflated scales keep the weights
/// bounded where the posterior is skewed (log of a weakly identified sd). Draws are made in one sequence from the seed
/// and evaluated in parallel into fixed slots, so results do not depend on the thread count.
/// </summary>
internal static class ImportanceSampler
{
    private const double Df = 4;

    public static WeightedSample Run(MarginalVariancePosterior post, int firstStage, int secondStage, int seed)
    {
        int d = post.Dimension;
        var rng = new MathNet.Numerics.Random.MersenneTwister(seed);
        var mode = post.RemlPoint();
        var cov = InverseNegativeHessian(post, mode);
        Scale(cov, 4);
        var stage1 = Sample(post, mode, cov, firstStage, rng);
        var (mean, cov1) = stage1.MomentsOfPhi();
        Scale(cov1, 1.5);
        return Sample(post, mean, cov1, secondStage, rng);
    }

    private static void Scale(double[,] m, double f)
    {
        for (int i = 0; i < m.GetLength(0); i++)
            for (int j = 0; j < m.GetLength(1); j++) m[i, j] *= f;
    }

    private static WeightedSample Sample(MarginalVariancePosterior post, double[] mean, double[,] cov, int n, Random rng)
    {
        int d = post.Dimension;
        var l = Cholesky(cov);
        var phi = new double[n][];
        var logQ = new double[n];
        for (int i = 0; i < n; i++)
        {
            var z = new double[d];
            double zz = 0;
            for (int k = 0; k < d; k++) { z[k] = Normal(rng); zz += z[k] * z[k]; }
            double chi = 0;
            for (int k = 0; k < Df; k++) { double g = Normal(rng); chi += g * g; }
            double w = Math.Sqrt(Df / chi);
            var x = new double[d];
            for (int r = 0; r < d; r++)
            {
                double s = mean[r];
                for (int c = 0; c <= r; c++) s += l[r, c] * z[c] * w;
                x[r] = s;
            }
            phi[i] = x;
            // t density up to a constant common to all draws: δ² = ‖z‖²·w².
            logQ[i] = -(Df + d) / 2 * Math.Log(1 + zz * w * w / Df);
        }
        var logW = new double[n];
        var values = new double[n][];
        const int Chunk = 2048;
        Parallel.For(0, (n + Chunk - 1) / Chunk, chunk =>
        {
            var pls = post.NewFactor();
            for (int i = chunk * Chunk; i < Math.Min(n, (chunk + 1) * Chunk); i++)
            {
                logW[i] = post.LogDensity(phi[i], pls) - logQ[i];
                values[i] = new double[post.Quantities];
                post.Record(phi[i], values[i]);
            }
        });
        return new WeightedSample(phi, values, logW);
    }

    /// <summary>(−∇² log L)⁻¹ at φ by central differences.</summary>
    private static double[,] InverseNegativeHessian(MarginalVariancePosterior post, double[] phi)
    {
        int d = phi.Length;
        var pls = post.NewFactor();
        const double h = 1e-3;
        double F(double[] x) => post.LogLikelihood(x, pls);
        var hess = new double[d, d];
        var x = (double[])phi.Clone();
        double f0 = F(x);
        for (int i = 0; i < d; i++)
            for (int j = 0; j <= i; j++)
            {
                double v;
                if (i == j)
                {
                    x[i] = phi[i] + h; double fp = F(x);
                    x[i] = phi[i] - h; double fm = F(x);
                    x[i] = phi[i];
                    v = (fp - 2 * f0 + fm) / (h * h);
                }
                else
                {
                    double E(double a, double b) { x[i] = phi[i] + a; x[j] = phi[j] + b; double r = F(x); x[i] = phi[i]; x[j] = phi[j]; return r; }
                    v = (E(h, h) - E(h, -h) - E(-h, h) + E(-h, -h)) / (4 * h * h);
                }
                hess[i, j] = hess[j, i] = -v;
            }
        return Invert(hess);
    }

    internal static double[,] Cholesky(double[,] a)
    {
        int d = a.GetLength(0);
        var l = new double[d, d];
        for (int j = 0; j < d; j++)
        {
            double s = a[j, j];
            for (int k = 0; k < j; k++) s -= l[j, k] * l[j, k];
            if (!(s > 0)) throw new InvalidOperationException("Proposal covariance is not positive definite.");
            l[j, j] = Math.Sqrt(s);
            for (int i = j + 1; i < d; i++)
            {
                double t = a[i, j];
                for (int k = 0; k < j; k++) t -= l[i, k] * l[j, k];
                l[i, j] = t / l[j, j];
            }
        }
        return l;
    }

    private static double[,] Invert(double[,] a)
    {
        int d = a.GetLength(0);
        var l = Cholesky(a);
        var inv = new double[d, d];
        for (int col = 0; col < d; col++)
        {
            var y = new double[d];
            for (int i = 0; i < d; i++)
            {
                double s = i == col ? 1 : 0;
                for (int k = 0; k < i; k++) s -= l[i, k] * y[k];
                y[i] = s / l[i, i];
            }
            for (int i = d - 1; i >= 0; i--)
            {
                double s = y[i];
                for (int k = i + 1; k < d; k++) s -= l[k, i] * inv[k, col];
                inv[i, col] = s / l[i, i];
            }
        }
        return inv;
    }

    private static double Normal(Random rng)
    {
        double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}

/// <summary>Draws φ, the quantities recorded at each, and log importance weights (unnormalised).</summary>
internal sealed class WeightedSample
{
    private readonly double[][] _phi, _values;
    private readonly double[] _w;

    public WeightedSample(double[][] phi, double[][] values, double[] logW)
    {
        _phi = phi;
        _values = values;
        double max = logW.Where(double.IsFinite).Max();
        _w = logW.Select(v => double.IsFinite(v) ? Math.Exp(v - max) : 0).ToArray();
        double sum = _w.Sum();
        for (int i = 0; i < _w.Length; i++) _w[i] /= sum;
    }

    public int Count => _w.Length;

    /// <summary>Kish's effective sample size 1/Σw̃².</summary>
    public double EffectiveSampleSize => 1 / _w.Sum(v => v * v);

    public double MaxWeight => _w.Max();

    public (double[] Mean, double[,] Cov) MomentsOfPhi()
    {
        int d = _phi[0].Length;
        var m = new double[d];
        for (int i = 0; i < Count; i++)
            for (int k = 0; k < d; k++) m[k] += _w[i] * _phi[i][k];
        var c = new double[d, d];
        for (int i = 0; i < Count; i++)
            for (int r = 0; r < d; r++)
                for (int s = 0; s < d; s++) c[r, s] += _w[i] * (_phi[i][r] - m[r]) * (_phi[i][s] - m[s]);
        return (m, c);
    }

    /// <summary>The weighted quantile of quantity k (inverse of the weighted empirical CDF) and its Monte Carlo
    /// standard error: the CDF estimate at the quantile has variance Σ w̃ᵢ² (1{xᵢ ≤ q} − p)² (delta method for a
    /// self-normalised ratio), mapped to the quantile scale through the weighted CDF itself (half the width of the
    /// quantiles at p ± that se).</summary>
    public (double Quantile, double Mcse) Quantile(int k, double p)
    {
        var order = Enumerable.Range(0, Count).OrderBy(i => _values[i][k]).ToArray();
        var x = order.Select(i => _values[i][k]).ToArray();
        var cum = new double[Count];
        double s = 0;
        for (int j = 0; j < Count; j++) { s += _w[order[j]]; cum[j] = s; }
        double At(double prob)
        {
            int j = Array.BinarySearch(cum, prob);
            if (j < 0) j = ~j;
            return x[Math.Clamp(j, 0, Count - 1)];
        }
        double q = At(p);
        double v = 0;
        for (int i = 0; i < Count; i++)
        {
            double e = (_values[i][k] <= q ? 1 : 0) - p;
            v += _w[i] * _w[i] * e * e;
        }
        double se = Math.Sqrt(v);
        return (q, (At(Math.Min(p + se, 1)) - At(Math.Max(p - se, 0))) / 2);
    }

    /// <summary>Weighted mean of quantity k.</summary>
    public double Mean(int k)
    {
        double m = 0;
        for (int i = 0; i < Count; i++) m += _w[i] * _values[i][k];
        return m;
    }
}
