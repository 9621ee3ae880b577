using Resampling.Optimization;
namespace Resampling.Engine;

/// <summary>How to fit: REML (lme4's default) or ML, the optimiser, and an optional starting θ (warm start).</summary>
public sealed record FitOptions
{
    public bool Reml { get; init; } = true;
    public double[]? StartTheta { get; init; }

    /// <summary>Inverse Hessian of the objective in θ at <see cref="StartTheta"/>, for warm-started refits.</summary>
    public double[,]? InitialInverseHessian { get; init; }
    public IBoundedOptimizer Optimizer { get; init; } = new DefaultOptimizer();

    /// <summary>θ diagonal entries below this are a singular fit, as lme4's isSingular (tol = 1e-4).</summary>
    public double SingularTolerance { get; init; } = Boundary.SingularTolerance;

    /// <summary>
    /// Told after every objective evaluation, on the fitting thread (a long fit's progress display); null: nothing.
    /// Gradient evaluations are not reported, so the count can be below <see cref="LinearMixedModel.Evaluations"/>.
    /// </summary>
    public IProgress<OptimizerProgress>? Progress { get; init; }

    public static FitOptions Default { get; } = new();
}
