using Resampling.Model;
using Resampling.Numerics;
using Resampling.Randomness;

namespace Resampling.Bootstrap;

/// <summary>
/// The linear model y ~ X (a mixed model's fixed part, no random term) as pbkrtest's PBmodcomp uses a smaller <c>lm</c>:
/// simulated from as R's simulate.lm does, y* = Xβ̂ + σ̂ε* with σ̂² = RSS/(n − p) (deviance/df.residual, the unbiased
/// σ, not the ML one), and refitted by least squares in closed form, its ML deviance −2ℓ = n(1 + log(2π RSS/n)) − Σ log wᵢ.
/// Everything is on the working scale √w (y − offset), as the mixed-model refits are (simulate.lm divides the variance by
/// the weights, the same thing). Read-only after construction; the per-replicate work allocates nothing shared.
/// Maths: docs/analysis.md §2.
/// </summary>
internal sealed class LinearNullModel
{
    private readonly double[][] _x;
    private readonly double[] _chol;
    private readonly double[] _mean;
    private readonly int _n, _p;
    private readonly double _logWeightSum;

    public LinearNullModel(MixedModelDesign design)
    {
        _n = design.RowCount;
        _p = design.X.ColumnCount;
        _x = design.X.Columns;
        _logWeightSum = design.LogWeightSum;
        _chol = new double[_p * _p];
        for (int a = 0; a < _p; a++)
            for (int b = 0; b <= a; b++) _chol[a * _p + b] = _chol[b * _p + a] = DenseMath.Dot(_x[a], _x[b]);
        if (_p > 0 && !DenseMath.Cholesky(_chol, _p))
            throw new ModelException("The fixed-effects matrix is rank deficient: the linear model cannot be fitted.");
        if (_n <= _p) throw new ModelException($"The linear model has {_p} coefficients for {_n} rows: there is no residual variance to simulate.");
        var y = design.Response.ToArray();
        var beta = Solve(y);
        _mean = new double[_n];
        for (int j = 0; j < _p; j++)
            for (int i = 0; i < _n; i++) _mean[i] += beta[j] * _x[j][i];
        double rss = 0;
        for (int i = 0; i < _n; i++) rss += (y[i] - _mean[i]) * (y[i] - _mean[i]);
        Sigma = Math.Sqrt(rss / (_n - _p));
        Deviance = MlDeviance(y);
    }

    /// <summary>lm's p + 1 parameters (the coefficients and σ), as R's logLik.lm counts them.</summary>
    public int ParameterCount => _p + 1;

    /// <summary>summary(lm)$sigma, √(RSS/(n − p)): the σ simulate.lm draws with.</summary>
    public double Sigma { get; }

    /// <summary>The ML deviance −2ℓ of the fit to the model's own response.</summary>
    public double Deviance { get; }

    public int RowCount => _n;

    /// <summary>y* = Xβ̂ + σ̂ε*, ε* drawn row by row.</summary>
    public void Simulate(RandomStream random, double[] y)
    {
        for (int i = 0; i < _n; i++) y[i] = _mean[i] + Sigma * random.NextNormal();
    }

    /// <summary>The ML deviance of the least-squares fit to <paramref name="y"/> (residuals taken directly, not y'y − β'X'y).</summary>
    public double MlDeviance(double[] y)
    {
        var beta = Solve(y);
        double rss = 0;
        for (int i = 0; i < _n; i++)
        {
            double e = y[i];
            for (int j = 0; j < _p; j++) e -= _x[j][i] * beta[j];
            rss += e * e;
        }
        return _n * (1 + Math.Log(2 * Math.PI * rss / _n)) - _logWeightSum;
    }

    private double[] Solve(double[] y)
    {
        var beta = new double[_p];
        for (int j = 0; j < _p; j++) beta[j] = DenseMath.Dot(_x[j], y);
        DenseMath.ForwardSolve(_chol, _p, beta);
        DenseMath.BackSolveTransposed(_chol, _p, beta);
        return beta;
    }
}
