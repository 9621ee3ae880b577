using Resampling.Engine;
using Resampling.Optimization;

namespace Resampling.Bootstrap;

/// <summary>The outcome of one lean refit: what the bootstrap collects, without the model's per-row results.</summary>
internal readonly record struct RefitOutcome(double[] Theta, double Sigma, double[] Beta, double Objective, bool Singular, bool Converged);

/// <summary>
/// Refits one model to responses written into its own copy of the y-dependent cross-products, exactly as
/// <see cref="LinearMixedModel.Refit"/> does (same optimiser, warm start at θ̂, same objective), but without building the
/// per-row fitted values, residuals and conditional modes a bootstrap does not use. One instance per thread.
/// </summary>
internal sealed class RefitWorker
{
    private readonly PlsFactor _pls;
    private readonly double[] _lower;
    private readonly double[] _start;
    private readonly FitOptions _options;
    private readonly GradientFunction? _gradient;

    public RefitWorker(LinearMixedModel model, Crossproducts? crossproducts = null)
    {
        // WithResponse gives this worker private y-columns; the y-free parts stay shared and read-only.
        Crossproducts = crossproducts ?? model.Crossproducts.WithResponse(model.Design.Y);
        _pls = new PlsFactor(Crossproducts);
        _lower = LinearMixedModel.ThetaLowerBounds(Crossproducts);
        Reml = model.Reml;
        _options = model.RefitOptions();
        _start = _options.StartTheta!;
        _gradient = PlsMultiFactorGradient.For(_pls, Reml);
    }

    public Crossproducts Crossproducts { get; }

    /// <summary>The worker's factor: after <see cref="Fit"/>, at the refit's θ* on the response it was given.</summary>
    internal PlsFactor Factor => _pls;

    /// <summary>θ below this (lme4's isSingular tolerance) is on the boundary.</summary>
    public double SingularTolerance => _options.SingularTolerance;
    public bool Reml { get; }

    /// <summary>
    /// Writes y's column of the cross-products (Z₁'y, Zᵣ'y, X'y, y'y) from a full response vector, plus
    /// <paramref name="extraSquares"/> in y'y: the residual a design of pseudo-rows leaves out (<see cref="RowSimulator.Simulate"/>).
    /// </summary>
    public void SetResponse(double[] y, double extraSquares = 0)
    {
        Crossproducts.ReplaceResponse(y);
        if (extraSquares == 0) return;
        int w = Crossproducts.P + 1;
        Crossproducts.XyXy[Crossproducts.P * w + Crossproducts.P] += extraSquares;
        Crossproducts.ResponseChanged();
    }

    /// <summary>Optimises θ for the response now in the cross-products; a refit without estimates throws <see cref="BootstrapRefitException"/>.</summary>
    public RefitOutcome Fit()
    {
        var opt = _options.Optimizer.Minimize(theta => _pls.Objective(theta, Reml), _gradient, _start, _lower,
            _options.InitialInverseHessian);
        if (!double.IsFinite(opt.Value)) throw new BootstrapRefitException("the objective is not finite at any θ tried");
        // The optimiser's last evaluation is usually at its optimum: factor again only if not (a snap to the bound
        // it rejected, a fallback search).
        if (!_pls.FactoredAt(opt.X)) _pls.Factor(opt.X);
        if (!_pls.Ok) throw new BootstrapRefitException("the model could not be factorised at the optimum");
        int n = Crossproducts.N, p = Crossproducts.P;
        double sigma = Math.Sqrt(_pls.Pwrss / (Reml ? n - p : n));
        // β̂ alone (Solve's u would be two arrays of the effects' length per refit, unused).
        var beta = new double[p];
        _pls.FixedEffects(beta);
        bool singular = false;
        for (int i = 0; i < _lower.Length; i++)
            if (_lower[i] == 0 && opt.X[i] < _options.SingularTolerance) singular = true;
        return new RefitOutcome(opt.X, sigma, beta, _pls.ProfiledObjective(Reml), singular, opt.Converged);
    }
}

/// <summary>A bootstrap refit that produced no estimates; counted and reported, never fatal to the run.</summary>
public sealed class BootstrapRefitException(string message) : Exception(message);
