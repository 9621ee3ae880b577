using Resampling.Numerics.Sparse;

namespace Resampling.Glmm;

/// <summary>
/// glmer's adaptive Gauss–Hermite deviance for one scalar random-effects term, and its gradient in (θ, β)
/// (docs/glmm.md §4). M is then diagonal and the integral factorises over the levels g: with the mode ũg, the scale
/// sg = 1/√M_gg and Fg(u) = dg(u) + u² (dg the level's deviance residuals at u),
/// Dg = −2 log Σₖ wₖ exp(−(Fg(ũg + sg zₖ) − zₖ²)/2) + log M_gg. The gradient differentiates through ũg (implicit
/// function theorem on F′g(ũg) = 0) and through M_gg (which moves with the weights at ũg, and so sg with it).
/// </summary>
internal sealed partial class PirlsEvaluator
{
    private double[]? _nodeU, _nodeDeviance, _nodeWeight, _shift, _total, _moment1, _moment2, _levelB, _levelC, _levelMu, _levelH;
    private double[]? _nodeResidual, _rowRho, _rowSigma;

    /// <summary>
    /// D_AGQ at the current solution (after <see cref="Solve"/>), glmer's adaptive Gauss–Hermite deviance: it sums the
    /// deviance residuals, not −2 log p, so it omits the saturated model's part (docs/glmm.md §4).
    /// </summary>
    public double QuadratureDeviance(double[] nodes, double[] weights) => Quadrature(nodes, weights, Span<double>.Empty);

    /// <summary>
    /// D_AGQ and, in the same pass over the nodes, its gradient in θ then β (NaN entries when M is not factorised).
    /// </summary>
    public double QuadratureDeviance(double[] nodes, double[] weights, Span<double> gradient)
    {
        if (!QuadratureGradient(nodes, weights, gradient, out double value)) gradient.Fill(double.NaN);
        return value;
    }

    /// <summary>
    /// The gradient of D_AGQ in θ then β at the current solution (after <see cref="Solve"/>); false when M is not
    /// factorised or the deviance is not finite.
    /// </summary>
    public bool QuadratureGradient(double[] nodes, double[] weights, Span<double> gradient) => QuadratureGradient(nodes, weights, gradient, out _);

    private bool QuadratureGradient(double[] nodes, double[] weights, Span<double> gradient, out double value)
    {
        if (gradient.Length != _theta.Length + _p) throw new ArgumentException("The gradient has the wrong length.");
        value = double.NaN;
        if (_factor.Status != CholeskyStatus.Success) return false;
        value = Quadrature(nodes, weights, gradient);
        if (!double.IsFinite(value)) return false;
        foreach (double g in gradient)
            if (!double.IsFinite(g)) return false;
        return true;
    }

    private double Quadrature(double[] nodes, double[] weights, Span<double> gradient)
    {
        if (_joint || _entries != 1) throw new InvalidOperationException("Quadrature needs one scalar random-effects term and fixed β.");
        bool wantGradient = !gradient.IsEmpty;
        int q = _q, n = _n;
        var group = _problem.Design.Terms[0].GroupIndex;
        var y = _problem.Y;
        var pw = _problem.Weights;
        var values = _matrix.Values;
        var nodeU = _nodeU ??= new double[q];
        var deviance = _nodeDeviance ??= new double[q];
        var shift = _shift ??= new double[q];
        var total = _total ??= new double[q];
        var scale = _levelScale ??= new double[q];
        for (int g = 0; g < q; g++) scale[g] = 1 / Math.Sqrt(values[_diagonalSlots[g]]);
        Array.Clear(total);
        double[] nodeWeight = [], moment1 = [], moment2 = [], residual = [], rho = [], sigma = [];
        if (wantGradient)
        {
            nodeWeight = _nodeWeight ??= new double[q];
            moment1 = _moment1 ??= new double[q];
            moment2 = _moment2 ??= new double[q];
            residual = _nodeResidual ??= new double[n];
            rho = _rowRho ??= new double[n];
            sigma = _rowSigma ??= new double[n];
            Array.Clear(moment1);
            Array.Clear(moment2);
            Array.Clear(rho);
            Array.Clear(sigma);
        }
        // The middle node (z = 0 for an odd rule) first: each level's exponent there is subtracted from the others'
        // before exponentiating, so that the sums cannot underflow.
        int count = nodes.Length, middle = count / 2;
        for (int step = 0; step < count; step++)
        {
            int k = (middle + step) % count;
            double zk = nodes[k];
            for (int g = 0; g < q; g++) nodeU[g] = _v[g] + zk * scale[g];
            Array.Clear(deviance);
            for (int i = 0; i < n; i++)
            {
                int g = group[i];
                double mu = _family.MeanAndDerivative(_fixedEta[i] + _values[i] * nodeU[g], out double d1);
                deviance[g] += _family.DevianceResidual(y[i], mu, pw[i]);
                if (wantGradient) residual[i] = pw[i] * (y[i] - mu) * d1 / Math.Max(_family.Variance(mu), 1e-300);
            }
            for (int g = 0; g < q; g++)
            {
                double exponent = deviance[g] + nodeU[g] * nodeU[g] - zk * zk;
                if (step == 0) shift[g] = exponent;
                double e = weights[k] * Math.Exp(-(exponent - shift[g]) / 2);
                total[g] += e;
                if (wantGradient)
                {
                    nodeWeight[g] = e;
                    moment1[g] += e * zk;
                    moment2[g] += e * zk * zk;
                }
            }
            if (wantGradient)
            {
                // ∂Fg/∂ηᵢ at the node is −2rᵢ (the deviance residual's derivative), weighted by the node's share.
                for (int i = 0; i < n; i++)
                {
                    double e = -2 * nodeWeight[group[i]] * residual[i];
                    rho[i] += e;
                    sigma[i] += e * zk;
                }
            }
        }
        double sum = 0;
        for (int g = 0; g < q; g++) sum += shift[g] - 2 * Math.Log(total[g]) - 2 * Math.Log(scale[g]);
        if (wantGradient) QuadratureGradient(gradient);
        return sum;
    }

    private double[]? _levelScale;

    /// <summary>
    /// Assembles the gradient from the node sums of <see cref="Quadrature"/> (docs/glmm.md §4): with πₖ the nodes'
    /// shares of level g's integral, ρᵢ = Σₖ πₖ ∂F/∂ηᵢ(uₖ) and σᵢ = Σₖ πₖ zₖ ∂F/∂ηᵢ(uₖ), dDg/dψ = Aψ + κg ∂M/∂ψ − τg ∂F′/∂ψ
    /// with κg = (1 − Cg sg/2)/M_gg and τg = (Bg + κg ∂M/∂u)/F″(ũg), Bg = Σₖ πₖ F′(uₖ) and Cg = Σₖ πₖ zₖ F′(uₖ).
    /// </summary>
    private void QuadratureGradient(Span<double> gradient)
    {
        int q = _q, n = _n, p = _p;
        var group = _problem.Design.Terms[0].GroupIndex;
        var z = _problem.Design.Terms[0].Columns[0];
        var x = _problem.Design.X.Columns;
        var y = _problem.Y;
        var pw = _problem.Weights;
        var values = _matrix.Values;
        var scale = _levelScale!;
        var total = _total!;
        var moment1 = _moment1!;
        var moment2 = _moment2!;
        var rho = _rowRho!;
        var sigma = _rowSigma!;
        var levelB = _levelB ??= new double[q];
        var levelC = _levelC ??= new double[q];
        var levelMu = _levelMu ??= new double[q];
        var levelH = _levelH ??= new double[q];
        var wPrime = _rowCoefficient ??= new double[n];
        var observed = _rowObserved ??= new double[n];
        bool canonical = _family.IsCanonical;
        for (int g = 0; g < q; g++)
        {
            double m1 = moment1[g] / total[g], m2 = moment2[g] / total[g], s = scale[g], u = _v[g];
            // The penalty's part of F′(uₖ) = 2uₖ, uₖ = ũ + s zₖ, averaged over the nodes.
            levelB[g] = 2 * (u + s * m1);
            levelC[g] = 2 * (u * m1 + s * m2);
            levelMu[g] = 0;
            levelH[g] = 1;
        }
        for (int i = 0; i < n; i++)
        {
            int g = group[i];
            rho[i] /= total[g];
            sigma[i] /= total[g];
            double a = _values[i];
            levelB[g] += a * rho[i];
            levelC[g] += a * sigma[i];
            double eta = _eta[i], mu = _mu[i];
            double d1 = _dmu[i], d2 = _family.MeanSecondDerivative(eta, mu, d1);
            double variance = Math.Max(_family.Variance(mu), 1e-300), dv = _family.VarianceDerivative(mu);
            wPrime[i] = pw[i] * (2 * d1 * d2 / variance - d1 * d1 * d1 * dv / (variance * variance));
            observed[i] = canonical ? _weights[i]
                : _weights[i] - pw[i] * (y[i] - mu) * (d2 * variance - d1 * d1 * dv) / (variance * variance);
            levelMu[g] += wPrime[i] * a * a * a;
            levelH[g] += observed[i] * a * a;
        }
        for (int g = 0; g < q; g++)
        {
            double m = values[_diagonalSlots[g]];
            double kappa = (1 - levelC[g] * scale[g] / 2) / m;
            levelB[g] = (levelB[g] + kappa * levelMu[g]) / (2 * levelH[g]); // τg
            levelC[g] = kappa;
        }
        gradient.Clear();
        for (int i = 0; i < n; i++)
        {
            int g = group[i];
            double a = _values[i], tau = levelB[g], kappa = levelC[g];
            // The coefficient of dηᵢ at fixed u (η moves with β through X and with θ through zᵢu).
            double alpha = rho[i] + kappa * wPrime[i] * a * a - 2 * tau * observed[i] * a;
            for (int j = 0; j < p; j++) gradient[1 + j] += alpha * x[j][i];
            gradient[0] += z[i] * (_v[g] * alpha + scale[g] * sigma[i] + 2 * kappa * _weights[i] * a + 2 * tau * _residual[i]);
        }
    }
}
